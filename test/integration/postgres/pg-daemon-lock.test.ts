// The daemon lock on PostgreSQL when its connection is lost: the server drops the advisory lock
// with the session and tells nobody, so `verify` (asked before each slot) notices, takes the lock
// again when it is free, and otherwise stops the daemon with a DaemonLockLostError.

import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgConnection } from "../../../src/data/pg/pg-connection.js";
import { acquireDaemonLock } from "../../../src/runtime/daemon-lock.js";
import { DaemonLockLostError } from "../../../src/runtime/daemon-lock-lost.js";
import { createTestDatabase, probePostgres, type TestDatabase } from "../../helpers/postgres.js";
import { thrown } from "../../helpers/thrown.js";

const server = await probePostgres();
const HOLDER = `scanwright daemon ${process.pid}@${hostname()}`.slice(0, 63);

describe.runIf(server)("the daemon lock on PostgreSQL after its connection is lost", () => {
  let database: TestDatabase;
  let admin: PgConnection;
  beforeEach(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
    admin = PgConnection.open("Admin", database.url);
  }, 60_000);
  afterEach(async () => {
    admin.close();
    await database.drop();
  }, 60_000);

  /** Ends the lock's connection as a server restart would; answers how many were ended. */
  function endLockConnection(): number {
    return admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
      [database.name, HOLDER],
    ).length;
  }

  function holders(session: string): string[] {
    return admin
      .query<{ name: string }>(
        `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`,
        [`scanwright-daemon:${session}`],
      )
      .map((row) => row.name);
  }

  it("takes the lock again on a new connection when it is free: a second daemon is still refused", () => {
    const lock = acquireDaemonLock(database.url, "desk");
    try {
      expect(holders("desk")).toEqual([HOLDER]);
      expect(endLockConnection()).toBe(1);
      lock.verify();
      expect(holders("desk")).toEqual([HOLDER]);
      expect(thrown(() => acquireDaemonLock(database.url, "desk")).message).toBe(
        `Scan journal ${database.url} is in use by the daemon with pid ${process.pid} on ${hostname()} for session "desk": one daemon drives a live run at a time (advisory lock "scanwright-daemon:desk" on ${database.url})`,
      );
    } finally {
      lock.release();
    }
    expect(holders("desk")).toEqual([]);
  }, 120_000);

  it("stops the daemon with a coded DaemonLockLostError when another session took the lock meanwhile", () => {
    const lock = acquireDaemonLock(database.url, "desk");
    const other = PgConnection.open("Other", database.url);
    try {
      expect(endLockConnection()).toBe(1);
      // Waits for the ended session to let the lock go, then holds it.
      other.query("SELECT pg_advisory_lock(hashtextextended('scanwright-daemon:desk', 0))");
      const error = thrown(() => lock.verify());
      expect(error).toBeInstanceOf(DaemonLockLostError);
      expect((error as DaemonLockLostError).code).toBe("SCN_ERR_STORE");
      expect(error.message).toBe(
        `Daemon lock (advisory lock "scanwright-daemon:desk" on ${database.url}): its connection to 127.0.0.1:5432 was lost, and the lock with it; it could not be taken again, so this daemon stops (Scan journal ${database.url} is in use by another daemon for session "desk": one daemon drives a live run at a time (advisory lock "scanwright-daemon:desk" on ${database.url}))`,
      );
      expect(holders("desk")).toEqual(["scanwright"]);
      expect(thrown(() => lock.verify())).toBeInstanceOf(DaemonLockLostError);
    } finally {
      lock.release();
      other.close();
    }
  }, 120_000);
});
