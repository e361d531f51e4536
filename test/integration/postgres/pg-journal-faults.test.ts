// The scan journal on PostgreSQL under faults: a COMMIT whose answer is lost (the write committed,
// the client saw its connection drop) is not replayed into a second run, a second copy of a batch
// or a wrong answer; a connection cut for good mid-run fails clearly after the bounded retries with
// the flushed batches whole and the pending batch kept; a write held past statement_timeout by
// another session's row lock has its own message.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { PgConnection } from "../../../src/data/pg/pg-connection.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { MINUTE_MS, minuteRow, OPEN } from "../../helpers/journal-minute-rows.js";
import {
  createTestDatabase,
  PG_HOST,
  PG_PORT,
  probePostgres,
  sqlOn,
  type TestDatabase,
} from "../../helpers/postgres.js";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcp-proxy.js";
import { thrown } from "../../helpers/thrown.js";

const server = await probePostgres();
/** The simple-protocol message of a COMMIT as the driver sends it. */
const COMMIT = "COMMIT\u0000";

describe.runIf(server)("the scan journal on PostgreSQL under faults", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let proxied: string;
  beforeAll(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
    proxy = await startTcpProxy(PG_HOST, PG_PORT);
    proxied = database.url.replace(`:${PG_PORT}/`, `:${proxy.port}/`);
  }, 60_000);
  afterAll(async () => {
    proxy?.kill();
    await database?.drop();
  }, 60_000);

  it("a COMMIT whose answer is lost is not replayed: one run, a true finish, every row once and none dropped", async () => {
    const journal = ScanJournal.open(proxied, { reconnectDelayMs: 10 });
    try {
      await proxy.cutAfter(COMMIT);
      const ref = journal.startRun({
        name: "lost-commit",
        mode: "backtest",
        configHash: "h1",
        startedAt: OPEN,
      });
      const runs = await sqlOn<{ id: string; status: string }>(
        database.url,
        "SELECT id::text, status FROM runs WHERE name = 'lost-commit'",
      );
      expect(runs).toEqual([{ id: String(ref.id), status: "running" }]);

      for (let minute = 0; minute < 5; minute++)
        expect(journal.record(ref, minuteRow("gaps", minute))).toBe(true);
      await proxy.cutAfter(COMMIT);
      expect(journal.flush()).toBe(5);
      expect(journal.droppedRows).toBe(0);

      await proxy.cutAfter(COMMIT);
      expect(journal.finishRun(ref, { finishedAt: OPEN + 5 * MINUTE_MS, status: "completed" })).toBe(true);
      expect(journal.droppedRows).toBe(0);
      expect(
        await sqlOn(
          database.url,
          "SELECT status, finished_at AS \"finishedAt\", (SELECT count(*)::int FROM scans WHERE run_id = runs.id) AS rows FROM runs WHERE name = 'lost-commit'",
        ),
      ).toEqual([{ status: "completed", finishedAt: OPEN + 5 * MINUTE_MS, rows: 5 }]);
    } finally {
      journal.close();
    }
  }, 120_000);

  it("a COMMIT that never reached a server whose session lives on: that session is ended, the write runs again, once", async () => {
    const journal = ScanJournal.open(proxied, { reconnectDelayMs: 10 });
    try {
      await proxy.swallow(COMMIT);
      const ref = journal.startRun({
        name: "partitioned",
        mode: "backtest",
        configHash: "h4",
        startedAt: OPEN,
      });
      expect(
        await sqlOn<{ id: string }>(database.url, "SELECT id::text FROM runs WHERE name = 'partitioned'"),
      ).toEqual([{ id: String(ref.id) }]);
      expect(
        await sqlOn(
          database.url,
          "SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
        ),
      ).toEqual([{ open: 0 }]);
    } finally {
      journal.close();
    }
  }, 120_000);

  it("a server gone for good mid-run: bounded retries, then a coded error naming host:port; flushed batches whole, the pending batch kept", async () => {
    const doomed = await startTcpProxy(PG_HOST, PG_PORT);
    const url = database.url.replace(`:${PG_PORT}/`, `:${doomed.port}/`);
    const journal = ScanJournal.open(url, { reconnectAttempts: 2, reconnectDelayMs: 10 });
    try {
      const ref = journal.startRun({ name: "cut", mode: "live", configHash: "h2", startedAt: OPEN });
      for (let minute = 0; minute < 4; minute++) journal.record(ref, minuteRow("gaps", minute));
      expect(journal.flush()).toBe(4);
      for (let minute = 4; minute < 7; minute++) journal.record(ref, minuteRow("gaps", minute));
      doomed.kill();
      const error = thrown(() => journal.flush());
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe("SCN_ERR_STORE");
      expect(error.message).toMatch(
        new RegExp(
          `^Scan journal postgres://postgres@127\\.0\\.0\\.1:${doomed.port}/${database.name}: lost the connection to 127\\.0\\.0\\.1:${doomed.port} and could not reconnect \\(2 attempts: .*\\); nothing of the interrupted call was written$`,
        ),
      );
      expect(journal.pendingRows).toBe(3);
      expect(journal.droppedRows).toBe(0);
      // Closing flushes the kept batch once more: the same clear failure, and the connection ends.
      expect(thrown(() => journal.close())).toBeInstanceOf(StoreError);
      expect(journal.isOpen).toBe(false);
    } finally {
      doomed.kill();
      journal.close();
    }
    expect(
      await sqlOn(
        database.url,
        "SELECT scanner, count(*)::int AS rows, min(scheduled_at)::float8 AS first, max(scheduled_at)::float8 AS last FROM scans WHERE run_id = (SELECT id FROM runs WHERE name = 'cut') GROUP BY scanner",
      ),
    ).toEqual([{ scanner: "gaps", rows: 4, first: OPEN, last: OPEN + 3 * MINUTE_MS }]);
  }, 120_000);

  it("a journal write held past statement_timeout by another session's lock fails clearly, keeps its batch and writes nothing", async () => {
    const journal = ScanJournal.open(database.url, { statementTimeoutMs: 300 });
    const blocker = PgConnection.open("Blocker", database.url);
    try {
      const ref = journal.startRun({ name: "locked", mode: "backtest", configHash: "h3", startedAt: OPEN });
      for (let minute = 0; minute < 3; minute++) journal.record(ref, minuteRow("vol", minute));
      // Another session holds the run's row: the rows' foreign-key check and the finish wait on it.
      blocker.execute("BEGIN");
      blocker.query("SELECT id FROM runs WHERE id = $1 FOR UPDATE", [ref.id]);
      const expected = `Scan journal ${database.url} cannot be written: a statement ran longer than 300 ms (statement_timeout) and was cancelled; nothing of it was written`;
      const flushError = thrown(() => journal.flush());
      expect(flushError).toBeInstanceOf(StoreError);
      expect(flushError.message).toBe(expected);
      expect(journal.pendingRows).toBe(3);
      expect(thrown(() => journal.finishRun(ref, { finishedAt: OPEN, status: "completed" })).message).toBe(
        expected,
      );
      expect(
        await sqlOn(
          database.url,
          "SELECT status, (SELECT count(*)::int FROM scans WHERE run_id = runs.id) AS rows FROM runs WHERE name = 'locked'",
        ),
      ).toEqual([{ status: "running", rows: 0 }]);
      blocker.execute("ROLLBACK");
      expect(journal.finishRun(ref, { finishedAt: OPEN + MINUTE_MS, status: "completed" })).toBe(true);
      expect(journal.pendingRows).toBe(0);
      expect(
        await sqlOn(
          database.url,
          "SELECT status, (SELECT count(*)::int FROM scans WHERE run_id = runs.id) AS rows FROM runs WHERE name = 'locked'",
        ),
      ).toEqual([{ status: "completed", rows: 3 }]);
    } finally {
      blocker.close();
      journal.close();
    }
  }, 120_000);
});
