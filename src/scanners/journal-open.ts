// Opening a scan journal file the way every scanwright SQLite file is opened (src/data/sqlite-file.ts):
// recognized by its application_id and layout version; a bar store opened as a journal (or any other
// application's database) is refused, never written to. A journal of an older layout is upgraded
// first (JOURNAL_UPGRADES, in one write transaction), when opened for writing; opened read only it
// is read at its own layout (the reads do not use what the upgrades add).

import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import type { StoreError } from "../core/errors.js";
import {
  openSqliteFile,
  type SqliteFileKind,
  type SqliteFileLimits,
  sqliteFileError,
} from "../data/sqlite-file.js";
import { STORE_APPLICATION_ID } from "../data/store-schema.js";
import {
  JOURNAL_APPLICATION_ID,
  JOURNAL_SCHEMA_SQL,
  JOURNAL_SCHEMA_VERSION,
  JOURNAL_UPGRADES,
} from "./journal-schema.js";

export const DEFAULT_JOURNAL_BUSY_TIMEOUT_MS = 5_000;

const JOURNAL_FILE: SqliteFileKind = {
  label: "Scan journal",
  applicationId: JOURNAL_APPLICATION_ID,
  schemaVersion: JOURNAL_SCHEMA_VERSION,
  schemaSql: JOURNAL_SCHEMA_SQL,
  others: [{ applicationId: STORE_APPLICATION_ID, label: "Bar store" }],
};
/** The first layout version JOURNAL_UPGRADES starts from. */
const OLDEST_UPGRADABLE = JOURNAL_SCHEMA_VERSION - JOURNAL_UPGRADES.length;

/** Opens (creating if needed) the journal database at `path`; `":memory:"` gives a private one. */
export function openJournalDatabase(
  path: string,
  busyTimeoutMs: number,
  limits: SqliteFileLimits = {},
): Database.Database {
  const older = path === ":memory:" ? undefined : olderJournalVersion(path, busyTimeoutMs);
  if (older !== undefined && limits.readOnly === true) {
    return openSqliteFile(path, { ...JOURNAL_FILE, schemaVersion: older }, busyTimeoutMs, limits);
  }
  if (older !== undefined) upgradeJournal(path, busyTimeoutMs);
  return openSqliteFile(path, JOURNAL_FILE, busyTimeoutMs, limits);
}

/** A StoreError for a failed SQLite call on the journal at `path`, with the common causes named. */
export function journalStoreError(path: string, action: string, error: unknown): StoreError {
  return sqliteFileError("Scan journal", path, action, error);
}

/**
 * The layout version of the journal file at `path` when it is one this scanwright upgrades, else
 * `undefined` (no file, not a journal, the current layout: openSqliteFile says what it is). Reads only.
 */
function olderJournalVersion(path: string, busyTimeoutMs: number): number | undefined {
  if (!existsSync(path) || !statSync(path).isFile() || statSync(path).size === 0) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs });
    // Not a read-only connection: one that leaves no -wal/-shm behind (see sqlite-file.ts).
    db.pragma("query_only = ON");
    if (db.pragma("application_id", { simple: true }) !== JOURNAL_APPLICATION_ID) return undefined;
    const version = db.pragma("user_version", { simple: true }) as number;
    return version >= OLDEST_UPGRADABLE && version < JOURNAL_SCHEMA_VERSION ? version : undefined;
  } catch {
    // Not SQLite, unreadable, locked: openSqliteFile reports it with the file's name.
    return undefined;
  } finally {
    db?.close();
  }
}

/** Applies the missing upgrades, the version checked again under the write lock (two openers upgrade once). */
function upgradeJournal(path: string, busyTimeoutMs: number): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs });
    const upgrading = db;
    upgrading
      .transaction(() => {
        const version = upgrading.pragma("user_version", { simple: true }) as number;
        for (let from = version; from < JOURNAL_SCHEMA_VERSION; from++) {
          upgrading.exec(JOURNAL_UPGRADES[from - OLDEST_UPGRADABLE] as string);
        }
      })
      .immediate();
  } catch (error) {
    throw journalStoreError(path, "cannot be upgraded to the current layout", error);
  } finally {
    db?.close();
  }
}
