// runHook: one plugin hook under a time limit on a real-time watchdog. A hook that returns, throws
// (an Error or any other value) or outlives its limit becomes an outcome, never a rejection; the
// duration comes from the stopwatch, scripted here so every figure is exact.

import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, runHook } from "../../../src/scanners/hook-runner.js";
import { type Stopwatch, WallClock } from "../../../src/time/wall-clock.js";

/** A stopwatch that returns `readings` in order and counts its calls. */
function scriptedStopwatch(...readings: number[]): Stopwatch & { readonly calls: number } {
  let calls = 0;
  const stopwatch = () => {
    if (calls >= readings.length) throw new Error(`stopwatch read ${calls + 1} times`);
    return readings[calls++];
  };
  return Object.defineProperty(stopwatch, "calls", { get: () => calls }) as Stopwatch & {
    readonly calls: number;
  };
}

/** A promise settled by hand, to hold a hook open past its limit. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending timers, promise callbacks and `finally` handlers run. */
const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("runHook", () => {
  const watchdog = new WallClock({ unref: true });
  afterEach(() => {
    watchdog.cancelAll();
    vi.restoreAllMocks();
  });

  it("returns the value of a synchronous hook with its duration, setting no watchdog timer", async () => {
    const stopwatch = scriptedStopwatch(1_000, 1_007.25);
    const set = vi.spyOn(watchdog, "setTimer");
    const run = runHook(() => ({ symbols: ["AIG"] }), 5_000, watchdog, stopwatch);
    expect(await run.outcome).toEqual({ status: "ok", value: { symbols: ["AIG"] }, durationMs: 7.25 });
    await run.settled;
    await macrotask();
    expect(set).not.toHaveBeenCalled();
    expect(watchdog.pendingTimerCount).toBe(0);
    expect(stopwatch.calls).toBe(2);
  });

  it("sets the limit's timer once an async hook returned its promise, due at the start plus the limit", async () => {
    const set = vi.spyOn(watchdog, "setTimer");
    const hook = deferred<number>();
    const before = Date.now();
    const run = runHook(() => hook.promise, 5_000, watchdog, scriptedStopwatch(0, 3));
    expect(set).not.toHaveBeenCalled();
    await macrotask();
    expect(set).toHaveBeenCalledTimes(1);
    const dueAt = set.mock.calls[0][0];
    expect(dueAt).toBeGreaterThanOrEqual(before + 5_000);
    expect(dueAt).toBeLessThanOrEqual(before + 5_000 + (Date.now() - before));
    expect(watchdog.pendingTimerCount).toBe(1);
    hook.resolve(7);
    expect(await run.outcome).toEqual({ status: "ok", value: 7, durationMs: 3 });
    await macrotask();
    expect(watchdog.pendingTimerCount).toBe(0);
  });

  it("waits for an async hook's value", async () => {
    const stopwatch = scriptedStopwatch(50, 62.5);
    const run = runHook(
      async () => {
        await macrotask();
        return 42;
      },
      5_000,
      watchdog,
      stopwatch,
    );
    expect(await run.outcome).toEqual({ status: "ok", value: 42, durationMs: 12.5 });
  });

  it("starts the hook on the microtask queue, after runHook has returned", async () => {
    let ran = false;
    const run = runHook(
      () => {
        ran = true;
      },
      5_000,
      watchdog,
      scriptedStopwatch(0, 1),
    );
    expect(ran).toBe(false);
    expect(await run.outcome).toEqual({ status: "ok", value: undefined, durationMs: 1 });
    expect(ran).toBe(true);
  });

  it("turns a thrown Error into an error outcome with its message", async () => {
    const run = runHook(
      () => {
        throw new Error("no bars for AIG");
      },
      5_000,
      watchdog,
      scriptedStopwatch(10, 13),
    );
    expect(await run.outcome).toEqual({ status: "error", error: "no bars for AIG", durationMs: 3 });
    await expect(run.settled).resolves.toBeUndefined();
    await macrotask();
    expect(watchdog.pendingTimerCount).toBe(0);
  });

  it("turns a rejected promise into an error outcome", async () => {
    const run = runHook(
      async () => {
        await macrotask();
        throw new RangeError("period out of range");
      },
      5_000,
      watchdog,
      scriptedStopwatch(0, 4.5),
    );
    expect(await run.outcome).toEqual({ status: "error", error: "period out of range", durationMs: 4.5 });
  });

  it("turns a thrown non-Error value into an error outcome that describes it", async () => {
    const run = runHook(
      () => {
        throw { code: 7, reason: "rate limited" };
      },
      5_000,
      watchdog,
      scriptedStopwatch(0, 2),
    );
    expect(await run.outcome).toEqual({
      status: "error",
      error: 'non-Error value thrown: {"code":7,"reason":"rate limited"}',
      durationMs: 2,
    });
  });

  it("times out a hook that outlives its limit; settled resolves only when the hook finishes", async () => {
    const stopwatch = scriptedStopwatch(200, 225.5);
    const hook = deferred<string>();
    const run = runHook(() => hook.promise, 20, watchdog, stopwatch);
    let settled = false;
    void run.settled.then(() => {
      settled = true;
    });
    expect(await run.outcome).toEqual({
      status: "timeout",
      error: "did not finish within 20 ms",
      durationMs: 25.5,
    });
    await macrotask();
    expect(settled).toBe(false);
    expect(watchdog.pendingTimerCount).toBe(0);

    hook.resolve("late result");
    await run.settled;
    expect(settled).toBe(true);
    // The late result goes nowhere: the outcome stays the timeout, the stopwatch is not read again.
    expect(stopwatch.calls).toBe(2);
  });

  it("settles (never rejects) when a timed-out hook fails later", async () => {
    const hook = deferred<void>();
    const run = runHook(() => hook.promise, 10, watchdog, scriptedStopwatch(0, 11));
    expect(await run.outcome).toEqual({
      status: "timeout",
      error: "did not finish within 10 ms",
      durationMs: 11,
    });
    hook.reject(new Error("gave up"));
    await expect(run.settled).resolves.toBeUndefined();
  });
});

describe("describeError", () => {
  it("describes every kind of thrown value", () => {
    expect(describeError(new Error("bad bar"))).toBe("bad bar");
    expect(describeError(new TypeError(""))).toBe("TypeError");
    expect(describeError("plain text")).toBe("plain text");
    expect(describeError(42)).toBe("non-Error value thrown: 42");
    expect(describeError(null)).toBe("non-Error value thrown: null");
    expect(describeError(undefined)).toBe("non-Error value thrown: undefined");
    expect(describeError(["a", 1])).toBe('non-Error value thrown: ["a",1]');
    expect(describeError(10n)).toBe("non-Error value thrown: 10");
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(describeError(cycle)).toBe("non-Error value thrown: [object Object]");
  });

  it("describes a value that throws when inspected, without throwing", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeError(proxy)).toBe("a thrown value that throws when inspected (object)");
    const trap = () => {
      throw new Error("trap");
    };
    const toxic = { toJSON: trap, toString: trap, [Symbol.toPrimitive]: trap };
    expect(describeError(toxic)).toBe("a thrown value that throws when inspected (object)");
    const hostileError = new Error("x");
    Object.defineProperty(hostileError, "message", { get: trap });
    expect(describeError(hostileError)).toBe("an Error whose message throws when read");
    const everythingTraps = new Proxy(
      {},
      { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap },
    );
    expect(describeError(everythingTraps)).toBe("a thrown value that throws when inspected (object)");
  });
});
