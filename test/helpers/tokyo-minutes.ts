// A day of Tokyo 1m bars for the aggregation tests: 09:00–15:30 JST of 2025-06-02, the lunch
// break's minutes included (the aggregators must leave them out), price rising with the index and
// highs, lows and volumes varying so that every fold (max, min, last, sum) is visible.

import type { BarInput } from "../../src/data/interval-aggregator.js";

const MINUTE_MS = 60_000;

/** The 390 minutes from 00:00 UTC (09:00 JST) of 2025-06-02: price = index. */
export function tokyoMinuteBars(): BarInput[] {
  const start = Date.parse("2025-06-02T00:00:00Z");
  return Array.from({ length: 390 }, (_, index) => ({
    time: start + index * MINUTE_MS,
    open: index,
    high: index + 0.25 * (index % 7),
    low: index - 0.5 * (index % 3),
    close: index + 0.125,
    volume: 1 + (index % 11),
  }));
}
