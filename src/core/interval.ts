// Bar intervals: parsing, canonical formatting and the base interval a derived one is built from.
//
// Canonical text: seconds `Ns` (1–59), minutes `Nm` (hours are minutes: `1h` → `60m`), days `Nd`,
// weeks `Nw`. Intraday intervals have a fixed duration; day and week intervals count trading
// sessions, so their length comes from the exchange calendar, not from a number of milliseconds.

import { IntervalError, quoteValue } from "./errors.js";

export type IntervalUnit = "s" | "m" | "d" | "w";

export interface Interval {
  /** Canonical text, e.g. `5m`, `60m`, `1d`, `52w`. */
  readonly text: string;
  readonly unit: IntervalUnit;
  readonly count: number;
  /** Duration in ms for intraday intervals; `undefined` for `d`/`w`, which follow the calendar. */
  readonly durationMs: number | undefined;
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const MAX_COUNT = 100_000;
const INTERVAL_PATTERN = /^([1-9][0-9]*)([smhdw])$/;

/** Parses `1s…59s`, `1m…`, `Nh` (as N×60 minutes), `Nd`, `Nw`; anything else is an `IntervalError`. */
export function parseInterval(raw: string): Interval {
  if (typeof raw !== "string") {
    throw new IntervalError(`Interval must be a string like "5m", got ${quoteValue(raw)}`);
  }
  const match = INTERVAL_PATTERN.exec(raw.trim());
  if (!match) {
    throw new IntervalError(
      `"${raw}" is not an interval (expected a whole number followed by s, m, h, d or w, e.g. "5m", "1h", "1d")`,
    );
  }
  const count = Number(match[1]);
  const letter = match[2] as "s" | "m" | "h" | "d" | "w";
  if (count > MAX_COUNT) throw new IntervalError(`"${raw}" is not an interval (count above ${MAX_COUNT})`);
  switch (letter) {
    case "s":
      if (count > 59) {
        throw new IntervalError(`"${raw}" is not an interval (seconds go from 1s to 59s; use minutes)`);
      }
      return make("s", count, count * SECOND_MS);
    case "m":
      return make("m", count, count * MINUTE_MS);
    case "h":
      // Hours are minutes: the canonical form must itself be an interval (1667h would be 100020m).
      if (count * 60 > MAX_COUNT) {
        throw new IntervalError(`"${raw}" is not an interval (${count * 60} minutes, above ${MAX_COUNT})`);
      }
      return make("m", count * 60, count * 60 * MINUTE_MS);
    case "d":
      return make("d", count, undefined);
    case "w":
      return make("w", count, undefined);
  }
}

function make(unit: IntervalUnit, count: number, durationMs: number | undefined): Interval {
  return { text: `${count}${unit}`, unit, count, durationMs };
}

/** Canonical text of an interval given as text or object (`1h` → `60m`). */
export function formatInterval(interval: Interval | string): string {
  return typeof interval === "string" ? parseInterval(interval).text : interval.text;
}

/** Whether the string parses as an interval. */
export function isInterval(raw: string): boolean {
  return safeParse(raw) !== undefined;
}

function safeParse(raw: string): Interval | undefined {
  try {
    return parseInterval(raw);
  } catch {
    // Parse failure is the answer here, not an error to report.
    return undefined;
  }
}

/** True for second and minute intervals (fixed duration within a session). */
export function isIntraday(interval: Interval): boolean {
  return interval.unit === "s" || interval.unit === "m";
}

/**
 * The interval a derived one is aggregated from: `Ns` → `1s`, `Nm` → `1m`, `Nd` → `1d`, `Nw` → `1d`.
 * Base intervals are their own base.
 */
export function baseInterval(interval: Interval): Interval {
  switch (interval.unit) {
    case "s":
      return make("s", 1, SECOND_MS);
    case "m":
      return make("m", 1, MINUTE_MS);
    case "d":
    case "w":
      return make("d", 1, undefined);
  }
}

/** Whether the interval is built from another one (`5m`, `1w`) rather than stored/streamed as is. */
export function isDerived(interval: Interval): boolean {
  return baseInterval(interval).text !== interval.text;
}

/** Ordering key: seconds < minutes < days < weeks, then by count. Useful for sorting interval lists. */
export function compareIntervals(a: Interval, b: Interval): number {
  return approximateMs(a) - approximateMs(b);
}

function approximateMs(interval: Interval): number {
  if (interval.durationMs !== undefined) return interval.durationMs;
  return interval.unit === "d" ? interval.count * 86_400_000 : interval.count * 7 * 86_400_000;
}
