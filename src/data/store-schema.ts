// The SQLite layout of the bar store and how a file is recognized as one.
//
// `series` names each (symbol, interval) once and keeps its coverage (count, first and last start
// time) up to date on every write, so coverage and listings never scan bars. `chunks` holds the
// bars of a series packed per fixed time span (see bar-chunk.ts), keyed by (series, span start).

import type { Interval } from "../core/interval.js";

/** `PRAGMA application_id` of a scanwright bar store ("SCNW"). */
export const STORE_APPLICATION_ID = 0x53434e57;
/** `PRAGMA user_version`: the layout below. */
export const STORE_SCHEMA_VERSION = 1;

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
CREATE TABLE chunks (
  series_id INTEGER NOT NULL REFERENCES series (id),
  start_time INTEGER NOT NULL,
  bar_count INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (series_id, start_time)
);
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

/** Start of the chunk span holding `time`. */
export function chunkStartOf(time: number, spanMs: number): number {
  return Math.floor(time / spanMs) * spanMs;
}
