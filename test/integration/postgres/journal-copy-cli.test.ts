// `scanwright store copy --journal`: a SQLite journal (runs, scan rows, alerts in several delivery
// states, stale-feed marks, scores) copied into PostgreSQL and back into a new file, every table
// verified by count and SHA-256, ids kept (a new run on the copy takes the next id); a target that
// already holds runs is refused with nothing written.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerStoreCommand } from "../../../src/cli/commands/store.js";
import type { NotifyPolicy } from "../../../src/scanners/alert-types.js";
import { SqliteJournalSql } from "../../../src/scanners/journal-sql/journal-sql-sqlite.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { SCORE_SCHEMA_SQL } from "../../../src/scoring/score-table.js";
import { runCaptured } from "../../helpers/cli-capture.js";
import { createTestDatabase, probePostgres, type TestDatabase } from "../../helpers/postgres.js";

const server = await probePostgres();
const MINUTE_MS = 60_000;
const OPEN = Date.UTC(2024, 2, 4, 14, 30);
const POLICY: NotifyPolicy = {
  rule: "new",
  minIntervalMs: 0,
  quietHours: [],
  template: "{scanner} {time}: {symbols}",
  channels: ["hook"],
};

/** Everything a journal holds, as read back through the public API. */
function contentsOf(location: string) {
  const journal = ScanJournal.open(location, { readOnly: true });
  try {
    const runs = journal.runs();
    return {
      runs,
      rows: runs.map((run) => journal.query({ run: run.id })),
      alerts: journal.outbox.list(),
      stale: runs.map((run) => journal.staleSlots(run.id)),
    };
  } finally {
    journal.close();
  }
}

describe.runIf(server)("scanwright store copy --journal", () => {
  let database: TestDatabase;
  let folder: string;
  beforeEach(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
    folder = mkdtempSync(join(tmpdir(), "scanwright-journal-copy-"));
    const journal = ScanJournal.open(join(folder, "journal.db"), {
      alerts: { policies: new Map([["gaps", POLICY]]) },
    });
    const live = journal.startRun({
      name: "desk",
      mode: "live",
      configHash: "h",
      startedAt: 5,
      params: { p: 1 },
    });
    for (let minute = 0; minute < 40; minute++) {
      journal.record(live, {
        scanner: "gaps",
        kind: "regular",
        sessionDate: "2024-03-04",
        scheduledAt: OPEN + minute * MINUTE_MS,
        startedAt: OPEN + minute * MINUTE_MS + 0.5,
        durationMs: 1.25,
        status: minute === 7 ? "error" : "ok",
        error: minute === 7 ? "boom" : null,
        universeSize: 12,
        symbols: [`S${minute % 4}`],
        metadata: { minute, nested: { ratio: minute / 3 } },
        promoted: [],
      });
    }
    journal.markFeedStale(live, { scheduledAt: OPEN + 3 * MINUTE_MS, sessionDate: "2024-03-04", since: 1.5 });
    const [first, second] = journal.outbox.list();
    journal.outbox.markSent(first.id, 1, 99);
    journal.outbox.markFailed(second.id, 2, "HTTP 400");
    journal.claimRun(live, 7);
    journal.finishRun(live, { finishedAt: 77, status: "interrupted" });
    journal.startRun({ name: "bt", mode: "backtest", configHash: "h2", startedAt: 6 });
    journal.close();
    const raw = SqliteJournalSql.open(join(folder, "journal.db"), 5_000);
    raw.transaction(() => {
      raw.ensureSqliteSchema(SCORE_SCHEMA_SQL);
      raw.run("INSERT INTO score_runs VALUES (1, 'next_open', '[\"1h\"]', '[]', 1)");
      raw.run(
        "INSERT INTO scores VALUES (1, 'gaps', ?, 'S0', '1h', '2024-03-04', 10.5, ?, 0.25, 1, -0.5, NULL, 0.5)",
        [OPEN, OPEN + MINUTE_MS],
      );
      raw.run("INSERT INTO score_baselines VALUES (1, 'gaps', ?, '1h', 0.1, 0.5, NULL, -0.2, 12, 0)", [OPEN]);
    });
    raw.close();
  }, 60_000);
  afterEach(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it("copies SQLite into PostgreSQL and back, every table verified, ids kept", async () => {
    const toPg = await runCaptured(
      ["store", "copy", "--journal", "journal.db", database.url, "--json"],
      [registerStoreCommand],
      {
        cwd: folder,
      },
    );
    expect(toPg.stderr).toBe("");
    expect(toPg.exitCode).toBe(0);
    const report = JSON.parse(toPg.stdout) as {
      tables: { table: string; rows: number; sha256: string }[];
      rows: number;
    };
    expect(report.tables.map((table) => [table.table, table.rows])).toEqual([
      ["runs", 2],
      ["scans", 40],
      ["alerts", 4],
      ["feed_status", 1],
      ["run_fences", 1],
      ["score_runs", 1],
      ["scores", 1],
      ["score_baselines", 1],
    ]);
    expect(report.rows).toBe(51);

    const back = await runCaptured(
      ["store", "copy", "--journal", database.url, "copy.db", "--json"],
      [registerStoreCommand],
      {
        cwd: folder,
      },
    );
    expect(back.stderr).toBe("");
    expect(back.exitCode).toBe(0);
    expect(JSON.parse(back.stdout).tables).toEqual(report.tables);

    const original = contentsOf(join(folder, "journal.db"));
    expect(original.alerts.map((alert) => alert.status)).toEqual(["sent", "failed", "pending", "pending"]);
    expect(contentsOf(database.url)).toEqual(original);
    expect(contentsOf(join(folder, "copy.db"))).toEqual(original);

    const onServer = ScanJournal.open(database.url);
    try {
      expect(onServer.startRun({ name: "next", mode: "backtest", configHash: "h", startedAt: 9 }).id).toBe(3);
    } finally {
      onServer.close();
    }
  }, 120_000);

  it("refuses a target that already holds runs, and leaves it as it was", async () => {
    const target = ScanJournal.open(database.url);
    target.startRun({ name: "mine", mode: "backtest", configHash: "x", startedAt: 1 });
    target.close();
    const refused = await runCaptured(
      ["store", "copy", "--journal", "journal.db", database.url],
      [registerStoreCommand],
      {
        cwd: folder,
      },
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      `Scan journal ${database.url} already holds 1 run(s): a journal is copied into an empty one only (run ids are kept)`,
    );
    const after = contentsOf(database.url);
    expect(after.runs.map((run) => run.name)).toEqual(["mine"]);
    expect(after.alerts).toEqual([]);
  }, 120_000);
});
