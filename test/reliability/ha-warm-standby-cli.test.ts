// Warm HA standbys (the built CLI, loopback Redis, one shared SQLite journal, a paced replay of one
// day): the standby provisions the session while standing by (the day, the scanner's universe with
// its EMA and RSI) and follows the group's progress; when the leader is SIGKILLed mid-day it takes
// over with that session (its log names the day it had open: a cold takeover has none). The scanner
// reports EMA and RSI values, so the group's rows equal a single daemon's only if the new leader's
// indicators hold the single daemon's values: checked row for row, including every row after the
// takeover. The run's fencing token in the journal is the new leader's.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportedRow } from "../../src/scanners/journal-types.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";
import {
  firstLeader,
  haFlags,
  isLeading,
  messages,
  replayDayArgs,
  startMember,
} from "../helpers/ha-member.js";
import { createTestKeyPrefix, probeRedis, REDIS_URL } from "../helpers/redis.js";

const hasRedis = await probeRedis();
const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/indicator-values.mjs", import.meta.url));
const DATE = "2024-12-30";
const SPEED = "2000";
const LEASE_SECONDS = "2";

function scanRows(journalPath: string): { statuses: string[]; rows: ExportedRow[] } {
  const journal = ScanJournal.open(journalPath, { readOnly: true });
  try {
    const runs = journal.runs();
    const rows = runs.flatMap((run) => journal.exportRun(run.id)).filter((row) => row.kind === "regular");
    return { statuses: runs.map((run) => run.status), rows };
  } finally {
    journal.close();
  }
}

let demo: DemoStore;
let dir: string;
let config: string;
let reference: ExportedRow[];
const keys = createTestKeyPrefix();

describe.runIf(hasRedis)("warm HA standbys", () => {
  beforeAll(async () => {
    demo = buildDemoStore({ symbols: 6, days: 4, historyDays: 30 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-ha-warm-"));
    config = join(dir, "warm.yaml");
    writeFileSync(
      config,
      [
        "name: warm",
        `backtest: { start: ${DATE}, end: ${DATE} }`,
        `store: ${demo.path}`,
        "session_data:",
        "  scanners:",
        "    - name: values",
        `      plugin: ${PLUGIN}`,
        `      universe: [${demo.symbols.join(", ")}]`,
        "      indicators:",
        "        - { type: ema, period: 20, interval: 5m }",
        "        - { type: rsi, period: 14, interval: 5m }",
        "      regular_session: [{ start: '09:35', end: close, interval: 5m }]",
        "",
      ].join("\n"),
    );
    const journal = join(dir, "reference.db");
    const done = await runBuiltCli(replayDayArgs(config, DATE, "20000", journal), dir);
    expect(done.exitCode).toBe(0);
    reference = scanRows(journal).rows;
    expect(reference.length).toBe(78);
  }, 180_000);

  afterAll(async () => {
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await keys.cleanup();
  });

  it("takes over a SIGKILLed leader with the session it kept warm: every row equals the single daemon's", async () => {
    const journal = join(dir, "group.db");
    const args = [
      ...replayDayArgs(config, DATE, SPEED, journal),
      ...haFlags(REDIS_URL, `${keys.prefix}:warm`, LEASE_SECONDS),
    ];
    const members = ["a", "b"].map((name) => startMember(name, args, dir));
    const leader = await firstLeader(members);
    const standby = members.find((member) => member !== leader) as (typeof members)[number];
    await standby.waitFor((l) => messages(l, "HA standby: session provisioned") > 0, "provisioned");
    await leader.waitFor((l) => messages(l, "scan") >= 30, "30 scans");
    leader.terminate("SIGKILL");
    expect((await leader.done).exitCode).toBe(null);
    await standby.waitFor(isLeading, "leading");
    const done = await standby.done;
    expect(done.exitCode).toBe(0);
    expect(done.stdout.split("\n")[0]).toMatch(
      /^Daemon "warm" completed: run 1, resumed, .* 0 missed, journal /,
    );

    // It took over with the day it provisioned while standing by, and claimed the run with its token.
    const takeover = standby.lines.find((line) => line.includes('"msg":"HA: taking over warm"')) as string;
    expect(JSON.parse(takeover).dayOpen).toBe(DATE);
    const leading = JSON.parse(standby.lines.find((line) => line.includes('"msg":"HA: leading"')) as string);
    expect(leading.token).toBe(2);
    const db = new Database(journal, { readonly: true });
    try {
      expect(db.prepare("SELECT run_id AS run, token FROM run_fences").all()).toEqual([{ run: 1, token: 2 }]);
    } finally {
      db.close();
    }

    const group = scanRows(journal);
    expect(group.statuses).toEqual(["completed"]);
    expect(group.rows.map((row) => ({ ...row, startedAt: row.scheduledAt }))).toEqual(
      reference.map((row) => ({ ...row, startedAt: row.scheduledAt })),
    );
    // The rows the new leader journaled: each depends on indicators it had kept warm.
    const afterTakeover = group.rows.slice(-messages(standby.lines, "scan"));
    expect(afterTakeover.length).toBeGreaterThan(10);
    for (const row of afterTakeover) {
      const values = Object.values((row.metadata as { values: Record<string, unknown[]> }).values);
      expect(values.length).toBe(6);
      for (const [ema, rsi] of values) {
        expect(typeof ema).toBe("number");
        expect(typeof rsi).toBe("number");
      }
    }
  }, 300_000);
});
