// `scanwright store optimize`: gives a bar store written before the clustered layout (chunks in the
// order they were written: series after series for an import) the layout a new store has
// (store-schema.ts, "Physical order"): every chunk under its clustered key, so a day of the whole
// universe lies on consecutive pages. The bars and the logical layout are untouched; only where
// rows lie in the file changes. Worth running again after imports that add many series' days.
//
// In place, in two steps each atomic in SQLite (a failure or a kill leaves the file as it was before
// that step, every bar kept): the chunks copied into a new table in key order (checked against the
// old one before it is dropped), then VACUUM (which keeps that order) to give back the old table's
// pages, in the store's page size. It needs the file to itself: leaving WAL mode (VACUUM cannot set
// the page size of a WAL file) fails while any other connection has it open, and the store is then
// left as it was.

import type Database from "better-sqlite3";
import { StoreError } from "../core/errors.js";
import { BAR_STORE_FILE } from "./bar-store.js";
import { openSqliteFile, sqliteFileError } from "./sqlite-file.js";
import { CLUSTERED_CHUNK_KEY_SQL, chunksTableSql, STORE_PAGE_SIZE } from "./store-schema.js";

export interface StoreOptimizeReport {
  readonly path: string;
  readonly chunks: number;
  readonly pageSizeBefore: number;
  readonly pageSizeAfter: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

export interface StoreOptimizeOptions {
  /** Told what is about to happen before each step (16 s in all for 600 MB on a busy machine). */
  readonly onStep?: (step: string) => void;
  /** How long to wait for another connection's lock before failing (default 5000). */
  readonly busyTimeoutMs?: number;
}

interface ChunkTotals {
  readonly chunks: number;
  readonly bars: number;
  readonly bytes: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const RENUMBERED = "chunks_clustered";

export function optimizeStore(path: string, options: StoreOptimizeOptions = {}): StoreOptimizeReport {
  if (path === ":memory:") throw new StoreError("Bar store: an in-memory store has no file to optimize");
  const onStep = options.onStep ?? (() => {});
  const db = openSqliteFile(path, BAR_STORE_FILE, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  let action = "cannot be optimized";
  try {
    const pageSizeBefore = pragmaNumber(db, "page_size");
    const bytesBefore = pageSizeBefore * pragmaNumber(db, "page_count");
    const before = chunkTotals(db, "chunks");
    action = "cannot be optimized while another connection has it open";
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") {
      throw new StoreError(`Bar store "${path}" ${action} (it stays in ${String(mode)} mode)`, {
        location: { file: path },
      });
    }
    action = "cannot be optimized";
    onStep(`reordering ${before.chunks} chunks by time span and series`);
    db.transaction(() => {
      db.exec(chunksTableSql(RENUMBERED));
      // Keyless rows (none in practice) last: SQLite numbers them after every keyed one.
      db.exec(
        `INSERT INTO ${RENUMBERED} (rowid, series_id, start_time, bar_count, data)
         SELECT ${CLUSTERED_CHUNK_KEY_SQL} AS key, c.series_id, c.start_time, c.bar_count, c.data
         FROM chunks c LEFT JOIN series s ON s.id = c.series_id
         ORDER BY key IS NULL, key`,
      );
      const after = chunkTotals(db, RENUMBERED);
      if (after.chunks !== before.chunks || after.bars !== before.bars || after.bytes !== before.bytes) {
        throw new StoreError(
          `Bar store "${path}" cannot be optimized: the reordered chunks differ from the stored ones (${JSON.stringify(after)} against ${JSON.stringify(before)}); nothing was changed`,
          { location: { file: path } },
        );
      }
      db.exec(`DROP TABLE chunks; ALTER TABLE ${RENUMBERED} RENAME TO chunks`);
    }).immediate();
    onStep(`compacting the file (${STORE_PAGE_SIZE / 1024} KiB pages)`);
    db.pragma(`page_size = ${STORE_PAGE_SIZE}`);
    // VACUUM copies every table in rowid order: the order above survives it.
    db.exec("VACUUM");
    const pageSizeAfter = pragmaNumber(db, "page_size");
    db.pragma("journal_mode = WAL");
    return {
      path,
      chunks: before.chunks,
      pageSizeBefore,
      pageSizeAfter,
      bytesBefore,
      bytesAfter: pageSizeAfter * pragmaNumber(db, "page_count"),
    };
  } catch (error) {
    throw error instanceof StoreError ? error : sqliteFileError("Bar store", path, action, error);
  } finally {
    // After a failure between the two switches the file is left in DELETE mode, which the next
    // writable open turns back to WAL (openSqliteFile).
    db.close();
  }
}

function chunkTotals(db: Database.Database, table: string): ChunkTotals {
  return db
    .prepare(
      `SELECT count(*) AS chunks, coalesce(sum(bar_count), 0) AS bars, coalesce(sum(length(data)), 0) AS bytes FROM ${table}`,
    )
    .get() as ChunkTotals;
}

function pragmaNumber(db: Database.Database, name: string): number {
  return db.pragma(name, { simple: true }) as number;
}
