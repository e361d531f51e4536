// The daemon lock of a journal on PostgreSQL: a session-level advisory lock, keyed by a hash of the
// session name, held by a connection of its own for as long as the daemon drives the live run.
// The server releases it when that connection ends, so a daemon that dies (SIGKILL, a lost
// machine) never leaves a stale lock behind, and daemons on several machines sharing one journal
// exclude each other. The connection's application_name names the holder (pid@host), which lets a
// refusal say who holds the lock and lets a supervisor take over the lock of its own terminated
// session (`inheritOwn`, `releaseOwnPgDaemonLock`). The server does not tell a client that its
// connection is gone, so the daemon asks (`verify`) before each slot.

import { hostname } from "node:os";
import { StoreError } from "../core/errors.js";
import { PgConnection, PgConnectionLostError } from "../data/pg/pg-connection.js";
import { DaemonLockLostError } from "./daemon-lock-lost.js";

export interface PgDaemonLock {
  /** What is locked: the advisory lock's name and the journal (URL without its password). */
  readonly path: string;
  /** Releases the lock and closes its connection; idempotent. */
  release(): void;
  /**
   * Checks that the lock is still held: its connection may have been lost (a server restart, a
   * terminated backend), and the lock with it. Then it is taken again on a new connection; held
   * meanwhile by another daemon, or the server out of reach, is a StoreError: this daemon stops.
   */
  verify(): void;
}

const LABEL = "Daemon lock";

/** The text whose hash keys the advisory lock of `session`'s daemon. */
function lockName(session: string): string {
  return `scanwright-daemon:${session}`;
}

/** application_name of a connection holding a daemon lock for this process. */
function holderName(): string {
  return `scanwright daemon ${process.pid}@${hostname()}`.slice(0, 63);
}

const HOLDERS_SQL = `SELECT a.pid, a.application_name AS name FROM pg_locks l
  JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`;

/** Takes the daemon lock of `session` on the journal database at `url`; a StoreError naming the holder if held. */
export function acquirePgDaemonLock(url: string, session: string, inheritOwn: boolean): PgDaemonLock {
  const connection = takeLock(url, session, inheritOwn);
  const path = `advisory lock "${lockName(session)}" on ${connection.location}`;
  return lockOf(connection, path, url, session);
}

/** A connection of its own holding `session`'s advisory lock. */
function takeLock(url: string, session: string, inheritOwn: boolean): PgConnection {
  const connection = PgConnection.open(LABEL, url);
  const name = lockName(session);
  const path = `advisory lock "${name}" on ${connection.location}`;
  try {
    connection.query("SELECT set_config('application_name', $1, false)", [holderName()]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const [row] = connection.query<{ taken: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken",
        [name],
      );
      if (row?.taken === true) return connection;
      const holders = connection.query<{ pid: number; name: string }>(HOLDERS_SQL, [name]);
      const own = holders.filter((holder) => holder.name === holderName());
      if (!inheritOwn || own.length === 0 || attempt > 0) {
        throw new StoreError(
          `Scan journal ${connection.location} is in use by ${describeHolder(holders[0]?.name)} for session "${session}": one daemon drives a live run at a time (${path})`,
        );
      }
      terminate(connection, own);
    }
    throw new StoreError(
      `Scan journal ${connection.location}: the daemon lock of "${session}" was not taken`,
    );
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** Ends this process's own hold of `session`'s lock (its session was terminated without releasing it). */
export function releaseOwnPgDaemonLock(url: string, session: string): void {
  const connection = PgConnection.open(LABEL, url);
  try {
    const holders = connection.query<{ pid: number; name: string }>(HOLDERS_SQL, [lockName(session)]);
    terminate(
      connection,
      holders.filter((holder) => holder.name === holderName()),
    );
  } finally {
    connection.close();
  }
}

function terminate(connection: PgConnection, holders: readonly { pid: number }[]): void {
  for (const holder of holders) {
    connection.query("SELECT pg_terminate_backend($1)", [holder.pid]);
  }
  // The lock goes with the backend once it has exited; wait until the server shows it gone.
  for (const holder of holders) {
    connection.query(
      `DO $$ BEGIN
         FOR i IN 1..600 LOOP
           EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ${Number(holder.pid)});
           PERFORM pg_sleep(0.05);
         END LOOP;
       END $$`,
    );
  }
}

function describeHolder(name: string | undefined): string {
  const match = /^scanwright daemon (\d+)@(.*)$/.exec(name ?? "");
  return match ? `the daemon with pid ${match[1]} on ${match[2]}` : "another daemon";
}

function lockOf(first: PgConnection, path: string, url: string, session: string): PgDaemonLock {
  const name = lockName(session);
  let connection = first;
  let held = true;
  return {
    path,
    verify() {
      if (!held) throw new DaemonLockLostError(`Daemon lock (${path}) is no longer held`);
      try {
        connection.query("SELECT 1 AS alive", [], "cannot be checked");
        return;
      } catch (error) {
        if (!(error instanceof PgConnectionLostError)) throw error;
      }
      connection.close();
      try {
        // Its own: the ended session may not have left the server yet; it is waited for.
        connection = takeLock(url, session, true);
      } catch (error) {
        held = false;
        throw new DaemonLockLostError(
          `Daemon lock (${path}): its connection to ${first.server} was lost, and the lock with it; it could not be taken again, so this daemon stops (${error instanceof Error ? error.message : String(error)})`,
          { cause: error },
        );
      }
    },
    release() {
      if (!held) return;
      held = false;
      try {
        connection.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]);
      } catch (error) {
        // A lost connection (a supervisor took the lock over by ending it) released the lock with it.
        if (!(error instanceof PgConnectionLostError)) throw error;
      } finally {
        // Closing the connection alone would release it too; the unlock makes it immediate.
        connection.close();
      }
    },
  };
}
