// Opening a scan journal file, with the bar store's conventions (src/data/bar-store.ts): parent
// folders created, WAL mode with synchronous=NORMAL, a busy timeout, and the file recognized by its
// `application_id` and `user_version`. Every failure is a StoreError naming the path; a bar store
// opened as a journal (or any other application's database) is refused, never written to.

import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../core/errors.js";
import { STORE_APPLICATION_ID } from "../data/store-schema.js";
import { JOURNAL_APPLICATION_ID, JOURNAL_SCHEMA_SQL, JOURNAL_SCHEMA_VERSION } from "./journal-schema.js";

export const DEFAULT_JOURNAL_BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating if needed) the journal database at `path`; `":memory:"` gives a private one. */
export function openJournalDatabase(path: string, busyTimeoutMs: number): Database.Database {
  if (typeof path !== "string" || path.trim() === "") throw new StoreError("Scan journal path is empty");
  if (path !== ":memory:") prepareLocation(path);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    initializeSchema(db, path);
    return db;
  } catch (error) {
    db?.close();
    throw error instanceof StoreError ? error : journalStoreError(path, "cannot be opened", error);
  }
}

/** A StoreError for a failed SQLite call on the journal at `path`, with the common causes named. */
export function journalStoreError(path: string, action: string, error: unknown): StoreError {
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
  return new StoreError(`Scan journal "${path}" ${reason}`, { cause: error, location: { file: path } });
}

function prepareLocation(path: string): void {
  const absolute = resolve(path);
  try {
    if (statSync(absolute).isDirectory()) {
      throw new StoreError(`Scan journal "${path}" is a folder, not a database file`, {
        location: { file: path },
      });
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    // A missing file is fine: it is created when opened. Other stat failures surface when opening.
  }
  const folder = dirname(absolute);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new StoreError(`Scan journal "${path}": cannot create its folder "${folder}" (${code})`, {
      cause: error,
      location: { file: path },
    });
  }
}

function initializeSchema(db: Database.Database, path: string): void {
  const check = (): boolean => {
    const applicationId = db.pragma("application_id", { simple: true }) as number;
    const version = db.pragma("user_version", { simple: true }) as number;
    if (applicationId === JOURNAL_APPLICATION_ID) {
      if (version !== JOURNAL_SCHEMA_VERSION) {
        throw new StoreError(
          `Scan journal "${path}" has layout version ${version}; this scanwright reads version ${JOURNAL_SCHEMA_VERSION}`,
          { location: { file: path } },
        );
      }
      return true;
    }
    if (applicationId === STORE_APPLICATION_ID) {
      throw new StoreError(`Scan journal "${path}" is a bar store, not a scan journal`, {
        location: { file: path },
      });
    }
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number;
    if (applicationId !== 0 || tables > 0) {
      throw new StoreError(
        `Scan journal "${path}" is a SQLite database of another application, not a scan journal`,
        {
          location: { file: path },
        },
      );
    }
    return false;
  };
  if (check()) return;
  db.transaction(() => {
    // Checked again under the write lock: another process may have created it meanwhile.
    if (!check()) db.exec(JOURNAL_SCHEMA_SQL);
  }).immediate();
}
