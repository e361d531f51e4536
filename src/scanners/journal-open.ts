// Opening a scan journal file the way every scanwright SQLite file is opened (src/data/sqlite-file.ts):
// recognized by its application_id and layout version; a bar store opened as a journal (or any other
// application's database) is refused, never written to.

import type Database from "better-sqlite3";
import type { StoreError } from "../core/errors.js";
import {
  openSqliteFile,
  type SqliteFileKind,
  type SqliteFileLimits,
  sqliteFileError,
} from "../data/sqlite-file.js";
import { STORE_APPLICATION_ID } from "../data/store-schema.js";
import { JOURNAL_APPLICATION_ID, JOURNAL_SCHEMA_SQL, JOURNAL_SCHEMA_VERSION } from "./journal-schema.js";

export const DEFAULT_JOURNAL_BUSY_TIMEOUT_MS = 5_000;

const JOURNAL_FILE: SqliteFileKind = {
  label: "Scan journal",
  applicationId: JOURNAL_APPLICATION_ID,
  schemaVersion: JOURNAL_SCHEMA_VERSION,
  schemaSql: JOURNAL_SCHEMA_SQL,
  others: [{ applicationId: STORE_APPLICATION_ID, label: "Bar store" }],
};

/** Opens (creating if needed) the journal database at `path`; `":memory:"` gives a private one. */
export function openJournalDatabase(
  path: string,
  busyTimeoutMs: number,
  limits: SqliteFileLimits = {},
): Database.Database {
  return openSqliteFile(path, JOURNAL_FILE, busyTimeoutMs, limits);
}

/** A StoreError for a failed SQLite call on the journal at `path`, with the common causes named. */
export function journalStoreError(path: string, action: string, error: unknown): StoreError {
  return sqliteFileError("Scan journal", path, action, error);
}
