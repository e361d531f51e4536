// The OHLCV bar. A bar starting at `time` covers [time, time + interval) and becomes visible only
// when it ends: a scan at T sees bars whose end is <= T, never the one still forming.

import { DataError } from "./errors.js";

export interface Bar {
  /** Start of the bar, epoch ms. Daily bars start at the session open (09:30 New York). */
  readonly time: number;
  /** Canonical interval text (`1m`, `5m`, `1d`). */
  readonly interval: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** End of an intraday bar (exclusive), i.e. the instant it becomes visible. */
export function intradayBarEnd(bar: Pick<Bar, "time">, durationMs: number): number {
  return bar.time + durationMs;
}

/** Whether a bar ending at `endTime` may be seen at instant `now` (no look-ahead). */
export function isVisibleAt(endTime: number, now: number): boolean {
  return endTime <= now;
}

/**
 * The largest price magnitude a bar may carry. Far above any traded price, and small enough that the
 * sums, products and squares indicators and aggregates compute over millions of bars stay finite
 * (values near 1e308 are finite one by one but overflow in the first sum).
 */
export const MAX_PRICE = 1e12;
/** The largest volume a bar may carry (a sum over millions of such bars stays exact enough and finite). */
export const MAX_VOLUME = 1e15;

/**
 * The reason a bar's values are invalid, or `undefined` when they are fine: finite prices within
 * ±MAX_PRICE, high at or above max(open, close), low at or below min(open, close), a finite volume
 * in [0, MAX_VOLUME].
 */
export function barProblem(
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): string | undefined {
  if (!Number.isFinite(open)) return `open ${open} is not a finite number`;
  if (!Number.isFinite(high)) return `high ${high} is not a finite number`;
  if (!Number.isFinite(low)) return `low ${low} is not a finite number`;
  if (!Number.isFinite(close)) return `close ${close} is not a finite number`;
  if (!Number.isFinite(volume)) return `volume ${volume} is not a finite number`;
  if (volume < 0) return `volume ${volume} is negative`;
  if (volume > MAX_VOLUME) return `volume ${volume} is above the limit ${MAX_VOLUME}`;
  const price = Math.abs(open) > MAX_PRICE ? "open" : Math.abs(high) > MAX_PRICE ? "high" : undefined;
  const other = Math.abs(low) > MAX_PRICE ? "low" : Math.abs(close) > MAX_PRICE ? "close" : undefined;
  const beyond = price ?? other;
  if (beyond !== undefined) {
    const value = { open, high, low, close }[beyond];
    return `${beyond} ${value} is beyond the price limit ±${MAX_PRICE}`;
  }
  if (high < low) return `high ${high} is below low ${low}`;
  if (high < Math.max(open, close)) return `high ${high} is below max(open ${open}, close ${close})`;
  if (low > Math.min(open, close)) return `low ${low} is above min(open ${open}, close ${close})`;
  return undefined;
}

/** Throws a `DataError` if the bar breaks an OHLCV invariant. */
export function assertValidBar(bar: Bar): void {
  const problem = barProblem(bar.open, bar.high, bar.low, bar.close, bar.volume);
  if (problem)
    throw new DataError(`Invalid ${bar.interval} bar at ${new Date(bar.time).toISOString()}: ${problem}`);
}
