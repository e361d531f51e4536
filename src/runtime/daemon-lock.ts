// One daemon at a time per journal and session: a second daemon on the same journal and session
// name would resume the same live run and run every one of its scans again. The lock is a small
// file beside the journal (`journal.db.<session>.daemon-lock`) holding the owner's pid, host and
// process start time, created atomically (written under a temporary name, then hard-linked into
// place, which fails if the lock exists). A lock whose owner is gone is stale and taken over: on the
// same host, a pid that no longer runs, or runs a process started at another time (a reused pid).
// A lock held from another host cannot be checked from here and is refused with what to do.
// A journal on PostgreSQL is locked on the server instead (pg-daemon-lock.ts: an advisory lock).

import { createHash } from "node:crypto";
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { StoreError } from "../core/errors.js";
import { isPostgresUrl } from "../data/pg/pg-url.js";
import { acquirePgDaemonLock, releaseOwnPgDaemonLock } from "./pg-daemon-lock.js";

export interface DaemonLock {
  /** The lock file (on PostgreSQL: the advisory lock and the database). */
  readonly path: string;
  /** Removes the lock if it is still this process's; idempotent. */
  release(): void;
  /** Throws a StoreError when the lock was lost and cannot be taken again (asked before each slot). */
  verify(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The owner's start time as the OS counts it (Linux: clock ticks after boot), when known. */
  readonly started: string | null;
  readonly session: string;
}

export interface LockOptions {
  /**
   * A lock held by this very process is taken over: a supervisor's restarted session after it
   * terminated the one that held it (the same process, so the owner looks alive).
   */
  readonly inheritOwn?: boolean;
}

/** Takes the daemon lock of `session` on the journal at `journalPath`; a StoreError naming the owner if held. */
export function acquireDaemonLock(
  journalPath: string,
  session: string,
  options: LockOptions = {},
): DaemonLock {
  if (isPostgresUrl(journalPath))
    return acquirePgDaemonLock(journalPath, session, options.inheritOwn === true);
  const path = daemonLockPath(journalPath, session);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: processStart(process.pid), session };
  const text = `${JSON.stringify(me)}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  try {
    // Two tries: the second after taking a stale lock away.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(temporary, path);
        return lockOf(path, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new StoreError(`Daemon lock "${path}" cannot be created (${(error as Error).message})`, {
            cause: error,
            location: { file: path },
          });
        }
      }
      const held = readOwner(path);
      const inherited = options.inheritOwn === true && isThisProcess(held?.owner);
      if (held !== undefined && !inherited && isAlive(held.owner))
        throw lockedError(path, journalPath, held.owner);
      if (held !== undefined) removeStale(path, held.text);
    }
    const owner = readOwner(path)?.owner;
    throw lockedError(path, journalPath, owner);
  } finally {
    unlinkSync(temporary);
  }
}

/** The lock file of a session's daemon on a journal: the session name made file-safe plus a hash of it. */
export function daemonLockPath(journalPath: string, session: string): string {
  const slug = session.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 40);
  const hash = createHash("sha256").update(session).digest("hex").slice(0, 8);
  return `${journalPath}.${slug}-${hash}.daemon-lock`;
}

function lockOf(path: string, text: string): DaemonLock {
  let held = true;
  return {
    path,
    // A lock file stays until it is removed: only a PostgreSQL lock goes with a lost connection.
    verify() {},
    release() {
      if (!held) return;
      held = false;
      // Only our own lock: had it been taken over as stale (a frozen process), it is no longer ours.
      if (readOwner(path)?.text === text) unlinkSync(path);
    },
  };
}

function readOwner(path: string): { owner: LockOwner | undefined; text: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StoreError(`Daemon lock "${path}" cannot be read (${(error as Error).message})`, {
      cause: error,
      location: { file: path },
    });
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string") {
      return { owner: parsed as LockOwner, text };
    }
  } catch {
    // Not what a daemon writes (the file is written whole before it is linked): an unknown owner.
  }
  return { owner: undefined, text };
}

/** Removes the lock of `session` if this process holds it (after the session holding it was terminated). */
export function releaseOwnDaemonLock(journalPath: string, session: string): void {
  if (isPostgresUrl(journalPath)) {
    releaseOwnPgDaemonLock(journalPath, session);
    return;
  }
  const path = daemonLockPath(journalPath, session);
  const held = readOwner(path);
  if (held !== undefined && isThisProcess(held.owner)) removeStale(path, held.text);
}

function isThisProcess(owner: LockOwner | undefined): boolean {
  return owner !== undefined && owner.host === hostname() && owner.pid === process.pid;
}

/** Whether the lock's owner may still run (an owner on another host is assumed to). */
function isAlive(owner: LockOwner | undefined): boolean {
  if (owner === undefined) return false;
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the pid runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const started = processStart(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

/** Moves a stale lock away, unless another daemon replaced it meanwhile (then it is put back). */
function removeStale(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (readFileSync(aside, "utf8") !== staleText) {
    // Another daemon took the lock between our read and the rename: give it back.
    try {
      linkSync(aside, path);
    } catch {
      // A third daemon holds it now; the lock is held either way and the next link attempt says so.
    }
  }
  unlinkSync(aside);
}

/** A process's start time from /proc (Linux); `null` where that cannot be read. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function lockedError(path: string, journalPath: string, owner: LockOwner | undefined): StoreError {
  const who =
    owner === undefined
      ? "another daemon"
      : `the daemon with pid ${owner.pid} on ${owner.host}${owner.host === hostname() ? "" : " (another host: if it is gone, delete the lock file)"}`;
  return new StoreError(
    `Scan journal "${journalPath}" is in use by ${who} for session "${owner?.session ?? "?"}": one daemon drives a live run at a time (lock ${path})`,
    { location: { file: path } },
  );
}
