// The contract every streaming indicator implements. One small interface, number-only, O(1) per
// update and no allocation per update.
//
// Lifecycle of a bar: while a bar is forming, `replace(bar)` shows the value as if that bar were
// final, without committing it (call it as often as the bar changes). When the bar completes,
// `update(bar)` commits it; any provisional value is discarded first. So `replace(b1); update(b2)`
// leaves exactly the state of `update(b2)` alone.
//
// Multi-output indicators (macd, bbands, stoch, high_low) return one reused object: it changes on
// the next update. Copy it (`{...value}`) if you need to keep it.

import type { BarColumns } from "../core/bar-columns.js";
import type { SessionDaySource } from "./regular-session-day.js";

export interface IndicatorInput {
  /** Bar start, epoch ms. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type IndicatorOutput = number | Readonly<Record<string, number>>;

/** Serializable state of an indicator: plain JSON data, enough to resume identically. */
export type IndicatorSnapshot = Readonly<Record<string, unknown>>;

export interface Indicator<V extends IndicatorOutput = IndicatorOutput> {
  /** Registry name, e.g. `sma`. */
  readonly type: string;
  /** Bars needed before the first value (the value is `null` until then). */
  readonly requiredBars: number;
  /** Bars after which start-up effects are negligible (equals `requiredBars` for windowed indicators). */
  readonly stableBars: number;
  /**
   * Whether the value is built only from the current regular session's bars (it restarts at each
   * 09:30 New York open, as VWAP does). On an intraday interval no bar from before today's open can
   * change it, so a session loads no history for it. Absent means `false`.
   */
  readonly sessionAnchored?: boolean;
  /**
   * Optional, for indicators that reset at each session (vwap, gap): takes the exchange's trading
   * dates and regular hours. The IndicatorManager calls it with its calendar's; without it the
   * indicator assumes the NYSE.
   */
  useSessionDays?(source: SessionDaySource): void;
  /** Completed bars fed so far. */
  readonly count: number;
  /** Latest value (provisional after `replace`), or `null` while warming up. */
  readonly value: V | null;
  /** Whether `value` is not `null`. */
  readonly ready: boolean;
  /** Commits a completed bar and returns the new value. */
  update(bar: IndicatorInput): V | null;
  /**
   * Optional: commits the completed bars `from`..`to` (exclusive) of `columns`, strictly ascending,
   * leaving exactly the state (value, count, snapshot) of `update` with each of them in order. The
   * IndicatorManager hands a step's run of a symbol's bars over through it when present (one call
   * instead of one per bar) and falls back to `update` per bar otherwise (plugin indicators).
   */
  updateRange?(columns: BarColumns, from: number, to: number): V | null;
  /** Shows the value including a forming bar, without committing it. */
  replace(bar: IndicatorInput): V | null;
  snapshot(): IndicatorSnapshot;
  restore(snapshot: IndicatorSnapshot): void;
  /** Back to the freshly constructed state. */
  reset(): void;
}
