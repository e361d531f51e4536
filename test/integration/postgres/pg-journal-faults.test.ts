// The scan journal on PostgreSQL under faults: a COMMIT whose answer is lost (the write committed,
// the client saw its connection drop) is not replayed into a second run, a second copy of a batch
// or a wrong answer; a connection cut for good mid-run fails clearly after the bounded retries with
// the flushed batches whole and the pending batch kept; a write held past statement_timeout by
// another session's row lock has its own message.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { PgConnection } from "../../../src/data/pg/pg-connection.js";
import { type JournalRecord, ScanJournal } from "../../../src/scanners/scan-journal.js";
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
const MINUTE_MS = 60_000;
const DATE = "2024-03-04";
const OPEN = Date.UTC(2024, 2, 4, 14, 30);
/** The simple-protocol message of a COMMIT as the driver sends it. */
const COMMIT = "COMMIT\u0000";

function row(scanner: string, minute: number): JournalRecord {
  const scheduledAt = OPEN + minute * MINUTE_MS;
  return {
    scanner,
    kind: "regular",
    sessionDate: DATE,
    scheduledAt,
    startedAt: scheduledAt,
    durationMs: 2,
    status: "ok",
    error: null,
    universeSize: 10,
    symbols: ["AAPL"],
    metadata: { minute },
    promoted: [],
  };
}

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

      for (let minute = 0; minute < 5; minute++) expect(journal.record(ref, row("gaps", minute))).toBe(true);
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
});
