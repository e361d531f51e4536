// The BarFeed port: where a session's live base bars (1m) come from. Backtests replay the store
// (ReplayFeed); the daemon uses a paced replay or, later, a vendor adapter. The session pulls: at
// each step it drains every completed bar up to "now", so no bar is ever seen before it ends.

import type { BarColumns } from "../core/bar-columns.js";
import type { RegularHours } from "./session-hours.js";

/**
 * Receives completed bars `from` … `to − 1` of one symbol, oldest first: `bars.time[i]` …
 * `bars.volume[i]`. The columns belong to the feed and may be reused; read the values during the
 * call. One call per symbol and drain: the consumer looks its symbol up once, not per bar.
 * `landed`, when given: the same bars also lie in the columns the subscriber's landing gave (see
 * BarLanding), from `landedFrom` on (a replay handing out a copy laid out for the drain).
 */
export type FeedRangeSink = (
  symbol: string,
  bars: BarColumns,
  from: number,
  to: number,
  tag: unknown,
  landed?: BarColumns,
  landedFrom?: number,
) => void;

/**
 * Where a feed that reads a symbol's bars ahead (a replay) may put them: columns for `length` bars,
 * which the subscriber reads back from in its sink. The subscriber's own memory (the session gives
 * the room after its series' newest bar), so a day is decoded where it is replayed from, not into
 * a buffer of the feed's and copied from there.
 */
export type BarLanding = (length: number) => BarColumns;

export interface BarFeed {
  /** The interval the feed streams (`1m`). */
  readonly interval: string;
  /** Prepares a trading session; subscriptions carry over from the previous one. */
  startSession(session: RegularHours): void;
  /**
   * Starts streaming a symbol; bars that ended at or before the last drain are not delivered.
   * `tag` (optional, opaque) comes back with each of the symbol's ranges from `drain`. `landing`
   * (optional): where a feed that reads ahead may put the symbol's bars (see BarLanding); feeds that
   * receive bars as they happen ignore it.
   */
  subscribe(symbol: string, tag?: unknown, landing?: BarLanding): void;
  unsubscribe(symbol: string): void;
  isSubscribed(symbol: string): boolean;
  /**
   * Delivers every subscribed symbol's bars that ended in (last drain, `upTo`], grouped by symbol:
   * each symbol's bars of the drain in one `sink` call, in end-time order, symbols in subscription
   * order (none for a symbol without bars in it). Returns how many bars were delivered. Grouping
   * suits the consumer (the SessionCoordinator), whose work per symbol does not depend on other
   * symbols: one symbol's state stays in the CPU caches for all its bars, which matters at
   * thousands of symbols.
   */
  drain(upTo: number, sink: FeedRangeSink): number;
  /** Today's bars of a symbol that ended at or before `upTo` (for a symbol added mid-session). */
  backfill(symbol: string, upTo: number): BarColumns;
  /** Ends the session; forming bars are discarded. */
  endSession(): void;
  /**
   * Live vendor feeds only: the async step before a drain. Resolves once every subscribed minute
   * that ended by `upTo` is in the feed (fetched from the vendor's REST API where the stream missed
   * it) or known to have had no trade. The daemon awaits it before moving its session clock to
   * `upTo`, so the synchronous `drain` that follows hands out complete minutes. Absent: the feed's
   * bars are always there (replays).
   */
  prepare?(upTo: number): Promise<void>;
  /**
   * Live vendor feeds only: fetches today's bars so far of a symbol not yet subscribed, so that a
   * `subscribe` + `backfill` mid-session right after it is synchronous and complete. SessionData
   * awaits it before an adhoc provisioning.
   */
  prepareSymbol?(symbol: string, upTo: number): Promise<void>;
  /**
   * Live vendor feeds only: makes sure the store holds a symbol's history windows (trading days
   * `firstDate`…`lastDate` of `interval`), fetching from the vendor the days it lacks, before a
   * provisioning reads them. The coordinator awaits it with the windows the provisioning will read.
   */
  prepareHistory?(
    symbol: string,
    windows: ReadonlyArray<{
      readonly interval: string;
      readonly firstDate: string;
      readonly lastDate: string;
    }>,
  ): Promise<void>;
  /**
   * Live vendor feeds only: since when the feed has been stale (its stream down past the
   * configured limit with the missed minutes not fetched, or its REST backfill failing), or
   * `undefined` while it is healthy. The daemon marks the slots scanned meanwhile in the journal.
   */
  staleSince?(): number | undefined;
}
