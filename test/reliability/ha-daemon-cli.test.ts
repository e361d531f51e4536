// A highly available daemon group: several `scanwright daemon --ha` processes (the built CLI) on one
// Redis (loopback) and one shared SQLite journal, a paced replay of one day. Checked:
//   - the leader SIGKILLed, twice: a standby takes over each time (within the lease plus its start),
//     and the group's journal is a single daemon's for that day: every scan slot once, none missed,
//     each row equal to the uninterrupted reference (a slot at the instant the dead leader stopped
//     at runs 1 ms late); the last standby stops, seeing the group's run complete;
//   - the leader's Redis connection cut (a TCP proxy between it and Redis, killed): the leader stops
//     at once, writes nothing more and exits 1 with SCN_ERR_CLUSTER; a standby takes over, and the
//     journal again equals the reference.
// A replay restarts 1 ms after the last journaled slot, so these checks do not depend on how long
// the takeover took on a loaded machine; the takeover time is asserted against a bound that does.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportedRow } from "../../src/scanners/journal-types.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";
import {
  firstLeader,
  haFlags,
  isLeading,
  type Member,
  messages,
  replayDayArgs,
  startMember,
} from "../helpers/ha-member.js";
import { createTestKeyPrefix, probeRedis, REDIS_HOST, REDIS_PORT, REDIS_URL } from "../helpers/redis.js";
import { startTcpProxy } from "../helpers/tcp-proxy.js";

const hasRedis = await probeRedis();
const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/plain-scan.mjs", import.meta.url));
const DATE = "2024-12-30";
/** About 22 s for the replayed day (04:00 to 16:00): time for the kills to land mid-day. */
const SPEED = "2000";
const LEASE_SECONDS = "2";
/** Takeover bound on a loaded machine: the lease, a retry, a process's session start (target: < one slot, 60 s). */
const TAKEOVER_BOUND_MS = 45_000;
const SCAN_KINDS = new Set(["pre_session", "regular", "cron"]);

function exportOnly(journalPath: string) {
  const journal = ScanJournal.open(journalPath);
  try {
    return journal.runs().map((info) => ({ info, rows: journal.exportRun(info.id) }));
  } finally {
    journal.close();
  }
}

let demo: DemoStore;
let dir: string;
let config: string;
let referenceScans: ExportedRow[];
const keys = createTestKeyPrefix();

describe.runIf(hasRedis)("an HA daemon group", () => {
  beforeAll(async () => {
    demo = buildDemoStore({ symbols: 4, days: 4, historyDays: 30 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-ha-"));
    config = join(dir, "ha.yaml");
    writeFileSync(
      config,
      [
        "name: ha",
        `backtest: { start: ${DATE}, end: ${DATE} }`,
        `store: ${demo.path}`,
        "session_data:",
        "  scanners:",
        "    - name: fast",
        `      plugin: ${PLUGIN}`,
        `      universe: [${demo.symbols.join(", ")}]`,
        "      indicators: [{ type: vwap, interval: 1m }]",
        "      regular_session: [{ start: '09:35', end: close, interval: 5m }]",
        "    - name: slow",
        `      plugin: ${PLUGIN}`,
        `      universe: [${demo.symbols.slice(0, 2).join(", ")}]`,
        "      pre_session: true",
        "      regular_session: [{ start: '10:00', end: '15:00', interval: 30m }]",
        "",
      ].join("\n"),
    );
    // The reference: one daemon, no group, the same day at a higher speed (rows do not depend on it).
    const journal = join(dir, "reference.db");
    const done = await runBuiltCli(replayDayArgs(config, DATE, "20000", journal), dir);
    expect(done.exitCode).toBe(0);
    const [reference] = exportOnly(journal);
    referenceScans = reference.rows.filter((row) => SCAN_KINDS.has(row.kind));
    expect(referenceScans.length).toBeGreaterThan(70);
  }, 180_000);

  afterAll(async () => {
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await keys.cleanup();
  });

  const memberArgs = (journal: string, group: string, redisUrl = REDIS_URL) => [
    ...replayDayArgs(config, DATE, SPEED, journal),
    ...haFlags(redisUrl, `${keys.prefix}:${group}`, LEASE_SECONDS),
  ];

  /** The group's journal holds one completed run equal to the reference: each slot once, none missed. */
  function expectSingleDaemonJournal(journal: string): void {
    const runs = exportOnly(journal);
    expect(runs.map((run) => run.info.status)).toEqual(["completed"]);
    const rows = runs[0].rows;
    expect(rows.filter((row) => row.status === "missed")).toEqual([]);
    const slotKeys = rows.map((row) => `${row.scanner} ${row.kind} ${row.scheduledAt}`);
    expect(new Set(slotKeys).size).toBe(slotKeys.length);
    const scanRows = rows.filter((row) => SCAN_KINDS.has(row.kind));
    for (const row of scanRows) expect([0, 1]).toContain((row.startedAt ?? 0) - row.scheduledAt);
    expect(scanRows.map((row) => ({ ...row, startedAt: row.scheduledAt }))).toEqual(referenceScans);
  }

  it("survives its leader SIGKILLed twice (four members): each time a standby takes over, the journal is one daemon's", async () => {
    const journal = join(dir, "kill.db");
    const members = ["a", "b", "c", "d"].map((name) => startMember(name, memberArgs(journal, "kill"), dir));
    await Promise.all(
      members.map((member) =>
        member.waitFor((l) => messages(l, "HA standby: waiting for the lease") > 0, "standby"),
      ),
    );
    const killed: Member[] = [];
    const takeoverMs: number[] = [];
    let leader = await firstLeader(members);
    for (const afterScans of [10, 20]) {
      await leader.waitFor((l) => messages(l, "scan") >= afterScans, `${afterScans} scans`);
      leader.terminate("SIGKILL");
      const killedAt = performance.now();
      killed.push(leader);
      expect((await leader.done).exitCode).toBe(null);
      leader = await firstLeader(members.filter((member) => !killed.includes(member)));
      takeoverMs.push(performance.now() - killedAt);
    }
    const standby = members.find((member) => member !== leader && !killed.includes(member)) as Member;
    const [last, other] = await Promise.all([leader.done, standby.done]);
    expect({ code: last.exitCode, stderr: last.stderr.includes('"level":50') }).toEqual({
      code: 0,
      stderr: false,
    });
    expect(last.stdout.split("\n")[0]).toMatch(
      /^Daemon "ha" completed: run 1, resumed, .* 0 missed, journal /,
    );
    expect(other.exitCode).toBe(0);
    expect(other.stdout).toBe(
      `Daemon "ha": the HA group's run is complete (another daemon led it), journal ${journal}\n`,
    );
    for (const ms of takeoverMs) expect(ms).toBeLessThan(TAKEOVER_BOUND_MS);
    expectSingleDaemonJournal(journal);
    console.info(`HA takeover after SIGKILL: ${takeoverMs.map((ms) => `${Math.round(ms)} ms`).join(", ")}`);
  }, 300_000);

  it("stops a standby on SIGTERM; a leader stopped with SIGTERM hands over, the next run continues it", async () => {
    const journal = join(dir, "handover.db");
    const members = ["a", "b", "c"].map((name) => startMember(name, memberArgs(journal, "handover"), dir));
    await Promise.all(
      members.map((member) =>
        member.waitFor((l) => messages(l, "HA standby: waiting for the lease") > 0, "standby"),
      ),
    );
    const leader = await firstLeader(members);
    const [standby, next] = members.filter((member) => member !== leader);
    standby.terminate("SIGTERM");
    const stopped = await standby.done;
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stdout).toBe(`Daemon "ha" stopped while standing by, journal ${journal}\n`);

    await leader.waitFor((l) => messages(l, "scan") >= 10, "10 scans");
    leader.terminate("SIGTERM");
    const first = await leader.done;
    expect(first.exitCode).toBe(0);
    expect(first.stdout.split("\n")[0]).toMatch(/^Daemon "ha" interrupted: run 1, /);
    await next.waitFor(isLeading, "leading");
    const second = await next.done;
    expect(second.exitCode).toBe(0);
    expect(second.stdout.split("\n")[0]).toMatch(/^Daemon "ha" completed: run 2, continuing run 1, /);

    // Every scan slot once across the two runs: run, or journaled missed if its time passed between
    // the stop and the takeover; every slot that ran equals the reference's.
    const runs = exportOnly(journal);
    expect(runs.map((run) => run.info.status)).toEqual(["interrupted", "completed"]);
    const scanRows = runs.flatMap((run) => run.rows).filter((row) => SCAN_KINDS.has(row.kind));
    const slotOf = (row: ExportedRow) => `${row.scanner} ${row.kind} ${row.scheduledAt}`;
    expect(scanRows.map(slotOf).sort()).toEqual(referenceScans.map(slotOf).sort());
    const referenceBySlot = new Map(referenceScans.map((row) => [slotOf(row), row]));
    for (const row of scanRows.filter((r) => r.status !== "missed")) {
      expect({ ...row, startedAt: row.scheduledAt }).toEqual(referenceBySlot.get(slotOf(row)));
    }
  }, 300_000);

  it("replaces a leader whose Redis connection is cut: it stops at once and writes nothing more", async () => {
    const journal = join(dir, "cut.db");
    const proxy = await startTcpProxy(REDIS_HOST, REDIS_PORT);
    const cutOff = startMember("cut", memberArgs(journal, "cut", `redis://127.0.0.1:${proxy.port}`), dir);
    try {
      await cutOff.waitFor(isLeading, "leading");
      const standby = startMember("standby", memberArgs(journal, "cut"), dir);
      await standby.waitFor((l) => messages(l, "HA standby: waiting for the lease") > 0, "standby");
      await cutOff.waitFor((l) => messages(l, "scan") >= 15, "15 scans");
      proxy.kill();
      const cutAt = performance.now();
      const lost = await cutOff.done;
      expect(lost.exitCode).toBe(1);
      expect(lost.stderr).toContain('"msg":"HA: leadership lost: stopping at once"');
      expect(lost.stderr).toMatch(/SCN_ERR_CLUSTER.*lost the leadership of HA group/);
      await standby.waitFor(isLeading, "leading");
      expect(performance.now() - cutAt).toBeLessThan(TAKEOVER_BOUND_MS);
      const done = await standby.done;
      expect(done.exitCode).toBe(0);
      expect(done.stdout.split("\n")[0]).toMatch(
        /^Daemon "ha" completed: run 1, resumed, .* 0 missed, journal /,
      );
      expectSingleDaemonJournal(journal);
    } finally {
      proxy.kill();
    }
  }, 300_000);
});
