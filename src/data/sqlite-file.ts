// Opening scanwright's SQLite files (the bar store, the scan journal) one way: parent folders
// created, WAL with synchronous=NORMAL, a busy timeout, and the file recognized by its
// `application_id` and `user_version` before anything is written: not even the journal mode is
// switched (that would permanently change another application's database) until the file is known
// to be ours or empty. A folder, a file that is not SQLite, another application's database, a newer
// layout, a lock or a read-only file is a StoreError naming the path. Read-only opens (the `bars`
// and `results` commands) neither create nor change a file or folder.

import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../core/errors.js";
import { pause } from "../core/thread-pause.js";

export interface SqliteFileKind {
  /** How messages name the file: `Bar store`, `Scan journal`. */
  readonly label: string;
  readonly applicationId: number;
  readonly schemaVersion: number;
  /** Creates the schema (and sets application_id and user_version) in an empty database. */
  readonly schemaSql: string;
  /** Set on a new file only: SQLite cannot change the page size of a WAL database later. */
  readonly pageSize?: number;
  /** scanwright's other file kinds, so that opening one as this kind says what it is. */
  readonly others?: ReadonlyArray<{ readonly applicationId: number; readonly label: string }>;
}

/** Connection settings beyond the busy timeout. */
export interface SqliteFileLimits {
  /**
   * Caps the file at this many pages (SQLite's per-connection `max_page_count`): a write that would
   * grow it further fails with SQLITE_FULL, a StoreError "the disk or the database is full". Meant
   * for tests of a full disk; unset, SQLite's default (no practical limit) applies.
   */
  readonly maxPageCount?: number;
  /**
   * Open for reading only: a missing file is a StoreError (nothing is created), no folder is made,
   * the journal mode is left as it is and nothing is ever written.
   */
  readonly readOnly?: boolean;
}

/** Opens (creating if needed) a file of `kind` at `path`; `":memory:"` gives a private one. */
export function openSqliteFile(
  path: string,
  kind: SqliteFileKind,
  busyTimeoutMs: number,
  limits: SqliteFileLimits = {},
): Database.Database {
  if (typeof path !== "string" || path.trim() === "") throw new StoreError(`${kind.label} path is empty`);
  const readOnly = limits.readOnly === true && path !== ":memory:";
  if (path !== ":memory:") prepareLocation(path, kind.label, readOnly);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, {
      timeout: busyTimeoutMs,
      readonly: readOnly && hasWalFiles(path),
      fileMustExist: readOnly,
    });
    // A read-only open of a file no writer has open goes through a connection that cannot write
    // (query_only) rather than a read-only one: on a WAL file SQLite leaves the `-wal` and `-shm`
    // files a read-only connection creates behind, but removes them when this one closes.
    if (readOnly) db.pragma("query_only = ON");
    // Recognized with reads only: nothing is written to a file that turns out not to be ours.
    const ours = recognize(db, path, kind);
    if (readOnly) {
      if (!ours) {
        throw new StoreError(`${kind.label} "${path}" is empty, not a ${kind.label.toLowerCase()}`, {
          location: { file: path },
        });
      }
      return db;
    }
    if (!ours && kind.pageSize !== undefined) db.pragma(`page_size = ${kind.pageSize}`);
    switchToWal(db, busyTimeoutMs);
    db.pragma("synchronous = NORMAL");
    if (!ours) {
      db.transaction(() => {
        // Checked again under the write lock: another process may have created it meanwhile.
        if (!recognize(db as Database.Database, path, kind)) (db as Database.Database).exec(kind.schemaSql);
      }).immediate();
    }
    if (limits.maxPageCount !== undefined) {
      if (!Number.isSafeInteger(limits.maxPageCount) || limits.maxPageCount < 1) {
        throw new StoreError(
          `${kind.label} "${path}": maxPageCount must be a whole number >= 1, got ${limits.maxPageCount}`,
        );
      }
      db.pragma(`max_page_count = ${limits.maxPageCount}`);
    }
    return db;
  } catch (error) {
    db?.close();
    throw error instanceof StoreError ? error : sqliteFileError(kind.label, path, "cannot be opened", error);
  }
}

/** How long to wait between two tries of a file's switch to WAL that found it locked. */
const WAL_SWITCH_RETRY_MS = 20;

/**
 * `journal_mode = WAL`, waiting for about the busy timeout while another connection holds the
 * file locked. SQLite's own wait (its busy handler) is not used here: SQLite skips it when waiting
 * could deadlock (this connection reading, another holding the write lock), which is what two
 * processes opening a fresh file at once come to (the members of an HA group on one journal, a
 * daemon and a CLI), and one of the two switches failed at once. So the switch is tried without
 * SQLite's wait, again every WAL_SWITCH_RETRY_MS, as many times as fit in the busy timeout (a
 * bounded wait whichever way each try fails); the other finishes its switch meanwhile and this one
 * finds the file in WAL mode already.
 */
function switchToWal(db: Database.Database, busyTimeoutMs: number): void {
  const tries = Math.max(1, Math.ceil(busyTimeoutMs / WAL_SWITCH_RETRY_MS));
  db.pragma("busy_timeout = 0");
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        db.pragma("journal_mode = WAL");
        return;
      } catch (error) {
        const busy = error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY");
        if (!busy || attempt >= tries) throw error;
        pause(WAL_SWITCH_RETRY_MS);
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  }
}

/** A StoreError for a failed SQLite call on the file at `path`, with the common causes named. */
export function sqliteFileError(label: string, path: string, action: string, error: unknown): StoreError {
  const code = error instanceof Database.SqliteError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  let reason = `${action}: ${message}`;
  if (code === "SQLITE_NOTADB") reason = "is not a SQLite database";
  else if (code?.startsWith("SQLITE_CORRUPT")) reason = `${action}: the file is corrupt (${message})`;
  else if (code?.startsWith("SQLITE_BUSY") || code?.startsWith("SQLITE_LOCKED"))
    reason = `is locked by another connection (${message})`;
  else if (code?.startsWith("SQLITE_READONLY") || code?.startsWith("SQLITE_CANTOPEN"))
    reason = `${action}: not writable (${message})`;
  else if (code === "SQLITE_FULL") reason = `${action}: the disk or the database is full (${message})`;
  return new StoreError(`${label} "${path}" ${reason}`, { cause: error, location: { file: path } });
}

/** Whether the WAL companions of the file exist (a writer has it open, or crashed): a read creates nothing then. */
function hasWalFiles(path: string): boolean {
  return existsSync(`${path}-wal`) && existsSync(`${path}-shm`);
}

function prepareLocation(path: string, label: string, readOnly: boolean): void {
  const absolute = resolve(path);
  let exists = false;
  try {
    const stats = statSync(absolute);
    exists = true;
    if (stats.isDirectory()) {
      throw new StoreError(`${label} "${path}" is a folder, not a database file`, {
        location: { file: path },
      });
    }
    if (!stats.isFile()) {
      throw new StoreError(`${label} "${path}" is not a regular file (a device, FIFO or socket)`, {
        location: { file: path },
      });
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    // A missing file is fine when writing: it is created when opened. Other stat failures surface when opening.
  }
  if (readOnly) {
    if (!exists) {
      throw new StoreError(`${label} "${path}" does not exist`, { location: { file: path } });
    }
    return;
  }
  const folder = dirname(absolute);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new StoreError(`${label} "${path}": cannot create its folder "${folder}" (${code})`, {
      cause: error,
      location: { file: path },
    });
  }
}

/**
 * True when the file already is this kind at the right version; false when it is empty (no
 * schema, no application id). Anything else is a StoreError. Reads only.
 */
function recognize(db: Database.Database, path: string, kind: SqliteFileKind): boolean {
  const noun = kind.label.toLowerCase();
  const { applicationId, version, tables } = readIdentity(db);
  if (applicationId === kind.applicationId) {
    if (version !== kind.schemaVersion) {
      throw new StoreError(
        `${kind.label} "${path}" has layout version ${version}; this scanwright reads version ${kind.schemaVersion}`,
        { location: { file: path } },
      );
    }
    return true;
  }
  const other = kind.others?.find((candidate) => candidate.applicationId === applicationId);
  if (other) {
    throw new StoreError(`${kind.label} "${path}" is a ${other.label.toLowerCase()}, not a ${noun}`, {
      location: { file: path },
    });
  }
  if (applicationId !== 0 || tables > 0) {
    throw new StoreError(
      `${kind.label} "${path}" is a SQLite database of another application, not a ${noun}`,
      {
        location: { file: path },
      },
    );
  }
  return false;
}

/**
 * The file's application id, layout version and table count, read in one statement and so from one
 * snapshot. Read one at a time, another process's creation of the file could commit between the
 * reads: the id read before it (0) and the tables after it (some) made a fresh scan journal or bar
 * store look like another application's database to the second of two processes opening it at once.
 */
function readIdentity(db: Database.Database): { applicationId: number; version: number; tables: number } {
  return db
    .prepare(
      `SELECT (SELECT application_id FROM pragma_application_id) AS applicationId,
              (SELECT user_version FROM pragma_user_version) AS version,
              (SELECT count(*) FROM sqlite_schema) AS tables`,
    )
    .get() as { applicationId: number; version: number; tables: number };
}
