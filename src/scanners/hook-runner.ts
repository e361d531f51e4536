// Runs one plugin hook with a time limit, measuring how long it took. A hook that throws or outlives
// its limit is reported, never propagated: a failing plugin must not take the session down. Limits
// are enforced on a real-time watchdog clock (a simulated clock does not move while a hook runs).

import type { Clock, TimerHandle } from "../time/clock.js";
import type { Stopwatch } from "../time/wall-clock.js";

export type HookOutcome<T> =
  | { readonly status: "ok"; readonly value: T; readonly durationMs: number }
  | { readonly status: "error" | "timeout"; readonly error: string; readonly durationMs: number };

export interface HookRun<T> {
  /** Settles when the hook returns, fails, or hits its limit, whichever is first. */
  readonly outcome: Promise<HookOutcome<T>>;
  /** Settles when the hook itself has finished (later than `outcome` after a timeout). */
  readonly settled: Promise<void>;
}

const TIMED_OUT = Symbol("timed out");

export function runHook<T>(
  hook: () => T | Promise<T>,
  timeoutMs: number,
  watchdog: Clock,
  stopwatch: Stopwatch,
): HookRun<T> {
  const startedAt = stopwatch();
  const deadline = watchdog.now() + timeoutMs;
  let timer: TimerHandle | undefined;
  let timeOut!: () => void;
  const limit = new Promise<typeof TIMED_OUT>((resolve) => {
    timeOut = () => resolve(TIMED_OUT);
  });
  // The limit's timer is set only for a hook that returned a promise (or another thenable), at
  // the deadline counted from the start: a hook that returned or threw has its outcome before any
  // timer could fire (the outcome settles on the microtask queue), so it needs none. At one
  // synchronous scan per slot and scanner, that is a timer set and cleared less per scan.
  const work = Promise.resolve().then(() => {
    const value = hook();
    if (isThenable(value)) timer = watchdog.setTimer(deadline, timeOut, "hook timeout");
    return value;
  });
  const outcome = Promise.race([work, limit]).then(
    (value): HookOutcome<T> =>
      value === TIMED_OUT
        ? {
            status: "timeout",
            error: `did not finish within ${timeoutMs} ms`,
            durationMs: stopwatch() - startedAt,
          }
        : { status: "ok", value: value as T, durationMs: stopwatch() - startedAt },
    (error: unknown): HookOutcome<T> => ({
      status: "error",
      error: describeError(error),
      durationMs: stopwatch() - startedAt,
    }),
  );
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  void outcome.finally(() => {
    if (timer) watchdog.cancelTimer(timer);
  });
  return { outcome, settled };
}

/** Whether `value` is a promise or promise-like (what `await` would wait for). */
function isThenable(value: unknown): boolean {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * A one-line description of anything a plugin threw. Total: a value that throws when inspected (a
 * getter or `toString` trap, `Symbol.toPrimitive`, a revoked Proxy) still gets one, so a hostile
 * value cannot break the isolation that reports it.
 */
export function describeError(error: unknown): string {
  const attempts: Array<() => string | undefined> = [
    () => (typeof error === "string" ? error : undefined),
    () => (error instanceof Error ? String(error.message || error.name) : undefined),
    () => (error instanceof Error ? "an Error whose message throws when read" : undefined),
    () => `non-Error value thrown: ${JSON.stringify(error)}`,
    // A value JSON cannot describe (a cycle, a bigint) may still have a string form.
    () => `non-Error value thrown: ${String(error)}`,
  ];
  for (const attempt of attempts) {
    try {
      const text = attempt();
      if (typeof text === "string") return text;
    } catch {
      // This way of looking at the value threw: try the next one.
    }
  }
  return `a thrown value that throws when inspected (${typeOf(error)})`;
}

/** `typeof`, which never runs plugin code (a Proxy has no trap for it). */
function typeOf(value: unknown): string {
  return value === null ? "null" : typeof value;
}
