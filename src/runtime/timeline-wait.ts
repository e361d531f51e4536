// How the daemon moves its session clock along a live timeline: it waits on the timeline (one
// timer, no polling) until it reaches the next instant the session needs, then moves the session
// clock there. A stop request (an aborted signal) ends any wait at once.

import type { BarFeed } from "../data/bar-feed.js";
import type { Clock, ClockControl } from "../time/clock.js";
import type { MoveSessionClock } from "./trading-day-driver.js";

type ManualControl = Extract<ClockControl, { kind: "manual" }>;

/**
 * Moves the session clock to `at` once the timeline is there, stopping at every session-clock timer
 * due before it (plugins may set some) in order; answers `false` once a stop is asked for. With a
 * live vendor feed, each move waits for the feed to hold every minute that ended by then
 * (`feed.prepare`: bars missed while disconnected fetched from REST) before the clock moves, so the
 * drain right after it is complete.
 */
export function followTimeline(
  session: { readonly clock: Clock; readonly control: ManualControl },
  timeline: Clock,
  signal: AbortSignal | undefined,
  feed?: Pick<BarFeed, "prepare">,
): MoveSessionClock {
  const { clock, control } = session;
  return async (at) => {
    while (clock.now() < at) {
      const next = Math.min(at, control.nextTimerAt() ?? at);
      if (!(await waitOn(timeline, next, signal))) return false;
      if (feed?.prepare) await feed.prepare(next);
      if (signal?.aborted) return false;
      control.advanceTo(next);
    }
    return signal?.aborted !== true;
  };
}

/** Waits on `clock` until `at`; `false` as soon as `signal` aborts (at once if it already has). */
export function waitOn(clock: Clock, at: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (clock.now() >= at) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clock.cancelTimer(timer);
      resolve(false);
    };
    const timer = clock.setTimer(
      at,
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(true);
      },
      "wait",
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
