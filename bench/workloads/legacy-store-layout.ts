// A copy of a bar store in the layout every store had before the clustered one (store-schema.ts,
// "Physical order"): 16 KiB pages and chunks numbered in the order an import writes them, series
// after series. The same tables and blobs; what `store-universe-read` compares the new layout
// against, and what the optimize tests start from. `clustered: true` gives the clustered order and
// `pageSize` another page size, for the layouts tried beside it.

import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { CLUSTERED_CHUNK_KEY_SQL, STORE_SCHEMA_SQL } from "../../src/data/store-schema.js";

export const LEGACY_PAGE_SIZE = 16_384;

export function writeLegacyLayoutCopy(
  source: string,
  target: string,
  options: { clustered?: boolean; pageSize?: number } = {},
): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  const db = new Database(target);
  try {
    db.pragma(`page_size = ${options.pageSize ?? LEGACY_PAGE_SIZE}`);
    db.pragma("journal_mode = WAL");
    db.exec(STORE_SCHEMA_SQL);
    db.prepare("ATTACH ? AS source").run(source);
    db.transaction(() => {
      db.exec("INSERT INTO series SELECT * FROM source.series");
      db.exec(
        options.clustered === true
          ? `INSERT INTO chunks (rowid, series_id, start_time, bar_count, data)
             SELECT ${CLUSTERED_CHUNK_KEY_SQL} AS key, c.series_id, c.start_time, c.bar_count, c.data
             FROM source.chunks c JOIN source.series s ON s.id = c.series_id ORDER BY key`
          : `INSERT INTO chunks (series_id, start_time, bar_count, data)
             SELECT series_id, start_time, bar_count, data FROM source.chunks ORDER BY series_id, start_time`,
      );
    })();
    db.exec("DETACH source");
  } finally {
    db.close();
  }
}
