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
 * The reason a bar's values are invalid, or `undefined` when they are fine: finite prices, high at
 * or above max(open, close), low at or below min(open, close), finite non-negative volume.
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
