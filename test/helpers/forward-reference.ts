// Forward returns computed the plain way, from CSV rows and literal instants (no project code): the
// reference the scoring tests compare against. Each function states the definition it applies.

import type { CsvBar } from "./shared-data.js";

export const MINUTE = 60_000;

/** New York wall time in EDT (every date the tests use is in daylight saving time). */
export function edt(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00-04:00`);
}

/** The first bar starting at or after `from` and before `before`. */
export function firstBarFrom(rows: readonly CsvBar[], from: number, before: number): CsvBar | undefined {
  return rows.find((row) => row.time >= from && row.time < before);
}

/** The last bar ending at or before `at`. */
export function lastBarEndingBy(rows: readonly CsvBar[], at: number): CsvBar | undefined {
  return rows.filter((row) => row.time + MINUTE <= at).at(-1);
}

/** Bars starting at or after `from` and ending at or before `to`. */
export function barsWithin(rows: readonly CsvBar[], from: number, to: number): CsvBar[] {
  return rows.filter((row) => row.time >= from && row.time + MINUTE <= to);
}

export interface ReferenceMeasure {
  readonly returnPct: number;
  readonly mfePct: number;
  readonly maePct: number;
}

/** Long-side return to the close of the last bar ending by `endAt`, excursions over [entryAt, endAt]. */
export function longMeasure(
  rows: readonly CsvBar[],
  entry: number,
  entryAt: number,
  endAt: number,
): ReferenceMeasure {
  const exit = lastBarEndingBy(rows, endAt);
  if (exit === undefined) throw new Error("no exit bar");
  const window = barsWithin(rows, entryAt, endAt);
  const high = Math.max(...window.map((row) => row.high));
  const low = Math.min(...window.map((row) => row.low));
  return {
    returnPct: ((exit.close - entry) / entry) * 100,
    mfePct: Math.max(0, ((high - entry) / entry) * 100),
    maePct: Math.min(0, ((low - entry) / entry) * 100),
  };
}
