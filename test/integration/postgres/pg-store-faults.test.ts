// The PostgreSQL bar store under faults: a server that is down at start, a connection lost
// mid-run (retried within a bound, then a clear failure with nothing half written), a statement
// timeout. A full disk cannot be produced on a shared local server: its SQLSTATE (53100) has its
// own message (pg-connection.ts) and the README says what happens.

import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { StoreError } from "../../../src/core/errors.js";
import { PgConnection } from "../../../src/data/pg/pg-connection.js";
import { PgBarStore } from "../../../src/data/pg-bar-store.js";
import { makeBars } from "../../contract/bar-store-contract.js";
import {
  createTestDatabase,
  PG_HOST,
  PG_PORT,
  probePostgres,
  type TestDatabase,
} from "../../helpers/postgres.js";
import { startTcpProxy } from "../../helpers/tcp-proxy.js";
import { thrown } from "../../helpers/thrown.js";

const server = await probePostgres();
const OPEN = Date.UTC(2024, 2, 4, 14, 30);
const MINUTE_MS = 60_000;

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

describe.runIf(server)("PostgreSQL bar store faults", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
  });
  afterAll(async () => {
    await database.drop();
  });

  /** Ends every connection of the store under test (not the caller's own). */
  function terminateStoreConnections(): number {
    const admin = PgConnection.open("Admin", database.url);
    try {
      return admin.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
         WHERE datname = $1 AND application_name = 'scanwright' AND pid <> pg_backend_pid()`,
        [database.name],
      ).length;
    } finally {
      admin.close();
    }
  }

  it("a server that is down at start: a coded error naming host:port, without the password", async () => {
    const port = await closedPort();
    const error = thrown(() => PgBarStore.open(`postgres://scan:hunter2@127.0.0.1:${port}/bars`));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("SCN_ERR_STORE");
    expect((error as Error).message).toBe(
      `Bar store postgres://scan:***@127.0.0.1:${port}/bars: cannot connect: the PostgreSQL server at 127.0.0.1:${port} refused the connection (is it running?)`,
    );
    expect(JSON.stringify(error)).not.toContain("hunter2");
  });

  it("a lost connection is re-established and the call retried: reads and writes go on", () => {
    const store = PgBarStore.open(database.url, { reconnectDelayMs: 10 });
    try {
      store.insertBars("AAA", "1m", makeBars(OPEN, 100));
      expect(terminateStoreConnections()).toBe(1);
      expect(store.readBars("AAA", "1m", OPEN, OPEN + 100 * MINUTE_MS).length).toBe(100);
      expect(terminateStoreConnections()).toBe(1);
      expect(store.insertBars("AAA", "1m", makeBars(OPEN + 100 * MINUTE_MS, 50))).toEqual({
        inserted: 50,
        unchanged: 0,
        replaced: 0,
      });
      expect(store.coverage("AAA", "1m")?.count).toBe(150);
    } finally {
      store.close();
    }
  });

  it("a transaction that lost its connection runs again whole on a new one: each bar stored once", () => {
    const store = PgBarStore.open(database.url, { reconnectDelayMs: 10 });
    try {
      let attempts = 0;
      store.transaction(() => {
        attempts++;
        store.insertBars("BBB", "1m", makeBars(OPEN, 30));
        if (attempts === 1) terminateStoreConnections();
        store.insertBars("BBB", "1d", makeBars(OPEN, 3, 86_400_000));
      });
      expect(attempts).toBe(2);
      expect(store.coverage("BBB", "1m")?.count).toBe(30);
      expect(store.coverage("BBB", "1d")?.count).toBe(3);
    } finally {
      store.close();
    }
  });

  it("a server gone for good: bounded retries, then a clear failure with nothing half written", async () => {
    const proxy = await startTcpProxy(PG_HOST, PG_PORT);
    const url = database.url.replace(`:${PG_PORT}/`, `:${proxy.port}/`);
    const store = PgBarStore.open(url, { reconnectAttempts: 2, reconnectDelayMs: 10 });
    try {
      const error = thrown(() =>
        store.transaction(() => {
          store.insertBars("CCC", "1m", makeBars(OPEN, 40));
          proxy.kill();
          store.insertBars("CCC", "1d", makeBars(OPEN, 2, 86_400_000));
        }),
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^Bar store postgres://postgres@127\\.0\\.0\\.1:${proxy.port}/${database.name}: lost the connection to 127\\.0\\.0\\.1:${proxy.port} and could not reconnect \\(2 attempts: .*\\); nothing of the interrupted call was written$`,
        ),
      );
    } finally {
      proxy.kill();
      store.close();
    }
    const direct = PgBarStore.open(database.url);
    try {
      expect(direct.coverage("CCC", "1m")).toBeUndefined();
      expect(direct.coverage("CCC", "1d")).toBeUndefined();
    } finally {
      direct.close();
    }
  });

  it("a statement that waits past statement_timeout fails clearly and writes nothing", () => {
    const store = PgBarStore.open(database.url, { statementTimeoutMs: 300 });
    const blocker = PgConnection.open("Blocker", database.url);
    try {
      store.insertBars("DDD", "1m", makeBars(OPEN, 10));
      // Another session holds the series row: the store's write waits on it until the timeout.
      blocker.execute("BEGIN");
      blocker.query("SELECT id FROM bar_series WHERE symbol = 'DDD' FOR UPDATE");
      const error = thrown(() => store.insertBars("DDD", "1m", makeBars(OPEN + 10 * MINUTE_MS, 10)));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe(
        `Bar store ${database.url} cannot be written: a statement ran longer than 300 ms (statement_timeout) and was cancelled; nothing of it was written`,
      );
      blocker.execute("ROLLBACK");
      expect(store.coverage("DDD", "1m")?.count).toBe(10);
      expect(store.readBars("DDD", "1m", OPEN, OPEN + 20 * MINUTE_MS).length).toBe(10);
    } finally {
      blocker.close();
      store.close();
    }
  });

  it("a corrupt chunk is refused on read and repaired by a re-import; a bad bar never reaches the server", () => {
    const store = PgBarStore.open(database.url);
    const raw = PgConnection.open("Raw", database.url);
    try {
      store.insertBars("EEE", "1m", makeBars(OPEN, 5));
      // One bar whose high lies below its low: not a bar this store wrote.
      const garbage = Buffer.from(new Float64Array([OPEN, 1, 0.5, 1, 1, 1]).buffer).toString("hex");
      raw.execute(
        `UPDATE bar_chunks SET data = decode('${garbage}', 'hex') WHERE series_id = (SELECT id FROM bar_series WHERE symbol = 'EEE')`,
      );
      const error = thrown(() => store.readBars("EEE", "1m", OPEN, OPEN + 5 * MINUTE_MS));
      expect(error.message).toBe(
        `Bar store ${database.url}: the stored EEE 1m bars are corrupt (bar 0 (time ${OPEN}): high 0.5 is below low 1); re-import the series`,
      );
      // Re-importing the series repairs it.
      expect(store.insertBars("EEE", "1m", makeBars(OPEN, 5))).toEqual({
        inserted: 5,
        unchanged: 0,
        replaced: 0,
        repairedChunks: 1,
      });
      expect(store.coverage("EEE", "1m")?.count).toBe(5);
      expect(() =>
        store.insertBars(
          "EEE",
          "1m",
          barsToColumns([{ time: OPEN, open: 1, high: 0, low: 1, close: 1, volume: 1 }]),
        ),
      ).toThrow(/high/);
    } finally {
      raw.close();
      store.close();
    }
  });

  it("a chunk whose times are garbage is refused by every read, not passed over as holding no bar", () => {
    const store = PgBarStore.open(database.url);
    const raw = PgConnection.open("Raw", database.url);
    try {
      store.insertBars("FFF", "1m", makeBars(OPEN, 5));
      // Five bars whose times are NaN (which compares false both ways) and valid prices.
      const columns = [...Array(5).fill(Number.NaN), ...Array(5).fill(1), ...Array(5).fill(2)];
      const values = [...columns, ...Array(5).fill(0.5), ...Array(5).fill(1), ...Array(5).fill(10)];
      const garbage = Buffer.from(new Float64Array(values).buffer).toString("hex");
      raw.execute(
        `UPDATE bar_chunks SET data = decode('${garbage}', 'hex') WHERE series_id = (SELECT id FROM bar_series WHERE symbol = 'FFF')`,
      );
      const message = `Bar store ${database.url}: the stored FFF 1m bars are corrupt (a chunk's bars run from time NaN to time NaN); re-import the series`;
      const reads = [
        () => store.readBars("FFF", "1m", OPEN, OPEN + 5 * MINUTE_MS),
        () => store.readBarsOfSymbols(["FFF"], "1m", OPEN, OPEN + 5 * MINUTE_MS),
        () => store.readLastBars("FFF", "1m", OPEN + 5 * MINUTE_MS, 5),
        () => store.hasBars("FFF", "1m", OPEN, OPEN + 5 * MINUTE_MS),
      ];
      for (const read of reads) {
        const error = thrown(read);
        expect(error).toBeInstanceOf(StoreError);
        expect(error.message).toBe(message);
      }
    } finally {
      raw.close();
      store.close();
    }
  });
});
