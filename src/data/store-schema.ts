// The SQLite layout of the bar store and how a file is recognized as one.
//
// `series` names each (symbol, interval) once and keeps its coverage (count, first and last start
// time) up to date on every write, so coverage and listings never scan bars. `chunks` holds the
// bars of a series packed per fixed time span (see bar-chunk.ts), keyed by (series, span start).
//
// Physical order: a chunk's rowid is `clusteredChunkKey` (its span's number, then its series), so
// the rows of one span of every series lie next to each other in the file whatever order they were
// written in: a backtest reads a day of a whole universe from consecutive pages. The rowid is not
// part of the layout (no query depends on it; a store written before, whose rowids follow the write
// order, reads the same), so it needs no new layout version; `optimizeStore` (store-optimize.ts)
// renumbers an older store's chunks this way.

import type { Interval } from "../core/interval.js";

/** `PRAGMA application_id` of a scanwright bar store ("SCNW"). */
export const STORE_APPLICATION_ID = 0x53434e57;
/** `PRAGMA user_version`: the layout below. */
export const STORE_SCHEMA_VERSION = 1;

/**
 * The page size of a store. A day of 1m bars (18.7 KB) then lies in a leaf cell and one overflow
 * page; 64 KiB pages (the blob whole in its leaf, three per page) read no faster in the backtest's
 * pattern, measured twice (docs/performance.md, changes 25 and 75), and the file grew 14 %.
 */
export const STORE_PAGE_SIZE = 16_384;

/** The chunks table under `name` (`optimizeStore` builds the renumbered table beside the old one). */
export function chunksTableSql(name: string): string {
  return `CREATE TABLE ${name} (
  series_id INTEGER NOT NULL REFERENCES series (id),
  start_time INTEGER NOT NULL,
  bar_count INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (series_id, start_time)
);`;
}

export const STORE_SCHEMA_SQL = `
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL,
  interval TEXT NOT NULL,
  chunk_span_ms INTEGER NOT NULL,
  bar_count INTEGER NOT NULL DEFAULT 0,
  first_time INTEGER,
  last_time INTEGER,
  UNIQUE (symbol, interval)
);
${chunksTableSql("chunks")}
PRAGMA application_id = ${STORE_APPLICATION_ID};
PRAGMA user_version = ${STORE_SCHEMA_VERSION};
`;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The time span one chunk of a new series covers: about a thousand bars or fewer (1s: an hour,
 * 1m: a day, 1d: 512 calendar days ≈ 350 sessions), scaled by the interval's count. Stored per
 * series, so changing it later never reinterprets existing data.
 */
export function chunkSpanMsFor(interval: Interval): number {
  switch (interval.unit) {
    case "s":
      return HOUR_MS * interval.count;
    case "m":
      return DAY_MS * interval.count;
    case "d":
      return 512 * DAY_MS * interval.count;
    case "w":
      return 7 * 512 * DAY_MS * interval.count;
  }
}

/** Series ids below this fit in a clustered chunk key's low bits. */
const KEY_SERIES_LIMIT = 2 ** 24;
/** Span numbers of at most this magnitude keep the key a safe integer (2^28 · 2^24 = 2^52). */
const KEY_SPAN_LIMIT = 2 ** 28;

/**
 * The rowid a chunk is stored under: its span number (`startTime / spanMs`, whole because a chunk
 * starts on a span boundary) times 2^24 plus its series id, so rows sort by span, then series.
 * `null` (SQLite picks the rowid) for the keys that would not fit: a series id ≥ 2^24, or a span
 * number beyond ±2^28 (for the shortest span, an hour, about 30,000 years from 1970).
 * `CLUSTERED_CHUNK_KEY_SQL` is the same in SQL (`optimizeStore`): keep the two in step.
 */
export function clusteredChunkKey(seriesId: number, startTime: number, spanMs: number): number | null {
  const span = startTime / spanMs;
  if (!Number.isSafeInteger(span) || Math.abs(span) > KEY_SPAN_LIMIT) return null;
  if (!(seriesId >= 0 && seriesId < KEY_SERIES_LIMIT)) return null;
  return span * KEY_SERIES_LIMIT + seriesId;
}

/**
 * `clusteredChunkKey` over `chunks` joined to `series` (as `c` and `s`). Integer division in SQLite
 * is exact here when `start_time % chunk_span_ms = 0`, the only case given a key.
 */
export const CLUSTERED_CHUNK_KEY_SQL = `CASE WHEN c.start_time % s.chunk_span_ms = 0
  AND abs(c.start_time / s.chunk_span_ms) <= ${KEY_SPAN_LIMIT}
  AND c.series_id >= 0 AND c.series_id < ${KEY_SERIES_LIMIT}
  THEN (c.start_time / s.chunk_span_ms) * ${KEY_SERIES_LIMIT} + c.series_id END`;

/** Start of the chunk span holding `time`. */
export function chunkStartOf(time: number, spanMs: number): number {
  return Math.floor(time / spanMs) * spanMs;
}
