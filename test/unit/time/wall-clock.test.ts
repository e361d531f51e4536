import { describe, expect, it } from "vitest";
import { ClockError } from "../../../src/core/errors.js";
import { WallClock } from "../../../src/time/wall-clock.js";

describe("WallClock", () => {
  it("reads the system time", () => {
    const before = Date.now();
    const now = new WallClock().now();
    const after = Date.now();
    expect(now >= before && now <= after).toBe(true);
  });

  it("resolves sleepUntil of a past time", async () => {
    const clock = new WallClock();
    await expect(clock.sleepUntil(clock.now() - 60_000)).resolves.toBeUndefined();
    expect(clock.pendingTimerCount).toBe(0);
  });

  it("runs a timer only once its due time has come", async () => {
    const clock = new WallClock();
    const dueAt = clock.now() + 5;
    const ranAt = await new Promise<number>((resolve) =>
      clock.setTimer(dueAt, () => resolve(clock.now()), "soon"),
    );
    expect(ranAt >= dueAt).toBe(true);
    expect(clock.pendingTimerCount).toBe(0);
  });

  it("cancels pending timers, one by one or all at shutdown", () => {
    const clock = new WallClock({ unref: true });
    const far = clock.now() + 3_600_000;
    const first = clock.setTimer(far, () => {}, "first");
    clock.setTimer(far, () => {}, "second");
    // Beyond setTimeout's 24.8-day limit: armed in chained steps.
    clock.setTimer(far + 40 * 86_400_000, () => {}, "in forty days");
    expect(clock.cancelTimer(first)).toBe(true);
    expect(clock.cancelTimer(first)).toBe(false);
    expect(clock.cancelAll()).toBe(2);
    expect(clock.pendingTimerCount).toBe(0);
  });

  it("refuses a non-finite timer time", () => {
    expect(() => new WallClock().setTimer(Number.NaN, () => {})).toThrow(
      new ClockError("timer time NaN is not a finite epoch-ms instant"),
    );
  });
});
