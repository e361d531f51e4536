// The BarFeed port: where a session's live base bars (1m) come from. Backtests replay the store
// (ReplayFeed); the daemon uses a paced replay or, later, a vendor adapter. The session pulls: at
// each step it drains every completed bar up to "now", so no bar is ever seen before it ends.

import type { BarColumns } from "../core/bar-columns.js";
import type { RegularHours } from "./session-hours.js";

/**
 * Receives one completed bar: `bars.time[index]` … `bars.volume[index]`. The columns belong to the
 * feed and may be reused; read the values during the call.
 */
export type FeedBarSink = (symbol: string, bars: BarColumns, index: number) => void;

/**
 * Receives completed bars `from` … `to − 1` of one symbol, oldest first (same ownership rule as
 * `FeedBarSink`). One call per symbol and drain: the consumer looks its symbol up once, not per bar.
 */
export type FeedRangeSink = (
  symbol: string,
  bars: BarColumns,
  from: number,
  to: number,
  tag: unknown,
) => void;

export interface BarFeed {
  /** The interval the feed streams (`1m`). */
  readonly interval: string;
  /** Prepares a trading session; subscriptions carry over from the previous one. */
  startSession(session: RegularHours): void;
  /**
   * Starts streaming a symbol; bars that ended at or before the last drain are not delivered.
   * `tag` (optional, opaque) comes back with each of the symbol's ranges from `drainBySymbol`.
   */
  subscribe(symbol: string, tag?: unknown): void;
  unsubscribe(symbol: string): void;
  isSubscribed(symbol: string): boolean;
  /**
   * Delivers every subscribed symbol's bars that ended in (last drain, `upTo`], ordered by end time,
   * then by subscription order. Returns how many bars were delivered.
   */
  drain(upTo: number, sink: FeedBarSink): number;
  /**
   * Optional: the bars `drain` would deliver, grouped by symbol (each symbol's in end-time order,
   * symbols in subscription order). For a consumer whose work per symbol does not depend on other
   * symbols (the SessionCoordinator): touching one symbol's state for all its bars at once keeps it
   * in the CPU caches, which matters at thousands of symbols. Each symbol's bars of the drain come
   * in one `sink` call (none for a symbol without bars in it).
   */
  drainBySymbol?(upTo: number, sink: FeedRangeSink): number;
  /** Today's bars of a symbol that ended at or before `upTo` (for a symbol added mid-session). */
  backfill(symbol: string, upTo: number): BarColumns;
  /** Ends the session; forming bars are discarded. */
  endSession(): void;
}
