// The deterministic OHLCV series the indicator benchmarks run on: a seeded random walk of regular
// session minute bars (390 a day from 09:30 New York, consecutive calendar days), as bar objects
// and as columns. Same seed, same bars.

import { allocateBarColumns, type BarColumns } from "../../src/core/bar-columns.js";
import { newYorkWallTime } from "../../src/core/new-york-time.js";
import { SeededRandom } from "../../src/data/seeded-random.js";
import type { IndicatorInput } from "../../src/indicators/indicator.js";

const MINUTE_MS = 60_000;
const BARS_PER_SESSION = 390;

export interface BenchSeries {
  readonly length: number;
  readonly bars: readonly IndicatorInput[];
  readonly columns: BarColumns;
  /** Closes as plain numbers (what close-only indicators of trading-signals take). */
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** `length` bars from 2020-01-02 09:30 New York; log-returns N(0, 0.08%), volumes 1,000–51,000. */
export function makeBenchSeries(length: number, seed: number, symbolIndex = 0): BenchSeries {
  const random = new SeededRandom(seed, symbolIndex);
  const columns = allocateBarColumns(length);
  const bars: IndicatorInput[] = new Array(length);
  let day = Date.UTC(2020, 0, 2);
  let sessionOpensAt = 0;
  let close = 100;
  for (let i = 0; i < length; i++) {
    const minute = i % BARS_PER_SESSION;
    if (minute === 0) {
      const date = new Date(day);
      const dateKey = date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
      sessionOpensAt = newYorkWallTime(dateKey, 9, 30);
      day += 86_400_000;
    }
    const open = minute === 0 ? close * Math.exp(0.004 * random.normal()) : close;
    close = open * Math.exp(0.0008 * random.normal());
    const high = Math.max(open, close) * (1 + 0.0005 * random.next());
    const low = Math.min(open, close) * (1 - 0.0005 * random.next());
    const volume = 1_000 + Math.floor(50_000 * random.next());
    const bar = { time: sessionOpensAt + minute * MINUTE_MS, open, high, low, close, volume };
    bars[i] = bar;
    columns.time[i] = bar.time;
    columns.open[i] = open;
    columns.high[i] = high;
    columns.low[i] = low;
    columns.close[i] = close;
    columns.volume[i] = volume;
  }
  return { length, bars, columns, close: columns.close, volume: columns.volume };
}
