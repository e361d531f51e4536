// A live BarFeed made from stored bars: it replays a stored day's regular-session bars as a live
// timeline reaches their end times, behind the same BarFeed port a vendor adapter will implement.
// The timeline is a Clock (a ScaledClock for a replay at a speed factor, the WallClock for the real
// date): a bar is handed out once that clock has reached its end, never before, each bar once and in
// end-time order (the replay underneath keeps the order and the once). So a daemon over a replayed
// day sees exactly the bars a backtest of that day sees at the same slots.

import type { BarColumns } from "../core/bar-columns.js";
import type { Clock } from "../time/clock.js";
import type { BarFeed, BarLanding, FeedRangeSink, FeedRangeWarmer } from "./bar-feed.js";
import type { BarStorePort } from "./bar-store-port.js";
import { ReplayFeed } from "./replay-feed.js";
import type { RegularHours } from "./session-hours.js";

export class PacedReplayFeed implements BarFeed {
  readonly interval: string;

  /** `replay`: the stored bars in end-time order; `timeline`: the live clock that bounds what is delivered. */
  constructor(
    private readonly replay: BarFeed,
    private readonly timeline: Clock,
  ) {
    this.interval = replay.interval;
  }

  /** Replays `store`'s bars of `interval` (default 1m) on `timeline`. */
  static fromStore(store: BarStorePort, timeline: Clock, interval = "1m"): PacedReplayFeed {
    return new PacedReplayFeed(new ReplayFeed(store, interval), timeline);
  }

  startSession(session: RegularHours): void {
    this.replay.startSession(session);
  }

  subscribe(symbol: string, tag?: unknown, landing?: BarLanding): void {
    this.replay.subscribe(symbol, tag, landing);
  }

  unsubscribe(symbol: string): void {
    this.replay.unsubscribe(symbol);
  }

  isSubscribed(symbol: string): boolean {
    return this.replay.isSubscribed(symbol);
  }

  /** Bars that ended by `upTo` and by the timeline's now, whichever is earlier. */
  drain(upTo: number, sink: FeedRangeSink, warm?: FeedRangeWarmer): number {
    return this.replay.drain(Math.min(upTo, this.timeline.now()), sink, warm);
  }

  backfill(symbol: string, upTo: number): BarColumns {
    return this.replay.backfill(symbol, Math.min(upTo, this.timeline.now()));
  }

  endSession(): void {
    this.replay.endSession();
  }
}
