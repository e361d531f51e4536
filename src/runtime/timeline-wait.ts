// How the daemon moves its session clock along a live timeline: it waits on the timeline (one
// timer, no polling) until it reaches the next instant the session needs, then moves the session
// clock there. A stop request (an aborted signal) ends any wait at once.

import type { Clock, ClockControl } from "../time/clock.js";
import type { MoveSessionClock } from "./trading-day-driver.js";

type ManualControl = Extract<ClockControl, { kind: "manual" }>;

/**
 * Moves the session clock to `at` once the timeline is there, stopping at every session-clock timer
 * due before it (plugins may set some) in order; answers `false` once a stop is asked for.
 */
export function followTimeline(
  session: { readonly clock: Clock; readonly control: ManualControl },
  timeline: Clock,
  signal: AbortSignal | undefined,
): MoveSessionClock {
  const { clock, control } = session;
  return async (at) => {
    while (clock.now() < at) {
      const next = Math.min(at, control.nextTimerAt() ?? at);
      if (!(await waitOn(timeline, next, signal))) return false;
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
