import { describe, expect, it } from "vitest";
import { ClockError } from "../../../src/core/errors.js";
import type { TimerHandle } from "../../../src/time/clock.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";

const START = Date.parse("2024-11-29T14:30:00Z");

function labels(handles: readonly TimerHandle[]): (string | undefined)[] {
  return handles.map((handle) => handle.label);
}

describe("SimulatedClock", () => {
  it("starts at the given time and stays there until moved", () => {
    const clock = new SimulatedClock(START);
    expect(clock.now()).toBe(START);
    expect(clock.advance(0)).toEqual([]);
    expect(clock.now()).toBe(START);
  });

  it("moves forward with advance, advanceTo and set", () => {
    const clock = new SimulatedClock(START);
    clock.advance(60_000);
    expect(clock.now()).toBe(START + 60_000);
    clock.advanceTo(START + 120_000);
    expect(clock.now()).toBe(START + 120_000);
    clock.set(START + 180_000);
    expect(clock.now()).toBe(START + 180_000);
  });

  it("refuses to move backwards, and leaves the time unchanged", () => {
    const clock = new SimulatedClock(START);
    expect(() => clock.advanceTo(START - 1)).toThrow(
      new ClockError("cannot move the clock back from 2024-11-29T14:30:00.000Z to 2024-11-29T14:29:59.999Z"),
    );
    expect(() => clock.set(START - 1)).toThrow(ClockError);
    expect(() => clock.advance(-5)).toThrow("cannot advance the clock by -5 ms: time only moves forward");
    expect(clock.now()).toBe(START);
  });

  it("refuses non-finite times", () => {
    expect(() => new SimulatedClock(Number.NaN)).toThrow("start time NaN is not a finite epoch-ms instant");
    const clock = new SimulatedClock(START);
    expect(() => clock.advanceTo(Number.POSITIVE_INFINITY)).toThrow(
      "target time Infinity is not a finite epoch-ms instant",
    );
    expect(() => clock.setTimer(Number.NaN, () => {})).toThrow(
      "timer time NaN is not a finite epoch-ms instant",
    );
  });

  it("fires due timers in time order, with now() at each timer's due time, and returns them", () => {
    const clock = new SimulatedClock(START);
    const seen: [string, number][] = [];
    const at = (offsetMs: number, label: string) =>
      clock.setTimer(START + offsetMs, () => seen.push([label, clock.now() - START]), label);
    const late = at(3_000, "late");
    at(1_000, "early");
    at(2_000, "middle");
    at(5_000, "after the window");

    const fired = clock.advance(3_000);

    expect(labels(fired)).toEqual(["early", "middle", "late"]);
    expect(fired.map((handle) => handle.dueAt - START)).toEqual([1_000, 2_000, 3_000]);
    expect(fired[2]).toBe(late);
    expect(seen).toEqual([
      ["early", 1_000],
      ["middle", 2_000],
      ["late", 3_000],
    ]);
    expect(clock.now()).toBe(START + 3_000);
    expect(labels(clock.pendingTimers())).toEqual(["after the window"]);
  });

  it("fires timers due at the same instant in creation order", () => {
    const clock = new SimulatedClock(START);
    for (const label of ["first", "second", "third"]) clock.setTimer(START + 500, () => {}, label);
    clock.setTimer(START + 100, () => {}, "earlier");
    expect(labels(clock.advanceTo(START + 500))).toEqual(["earlier", "first", "second", "third"]);
  });

  it("fires a timer due exactly now on the next advance, even by zero", () => {
    const clock = new SimulatedClock(START);
    const handle = clock.setTimer(START, () => {}, "now");
    expect(clock.advance(0)).toEqual([handle]);
    expect(clock.advance(0)).toEqual([]);
  });

  it("refuses a timer in the past", () => {
    const clock = new SimulatedClock(START);
    expect(() => clock.setTimer(START - 1_000, () => {}, "stale")).toThrow(
      new ClockError(
        'timer "stale" at 2024-11-29T14:29:59.000Z is before the clock\'s time 2024-11-29T14:30:00.000Z',
      ),
    );
  });

  it("runs timers that callbacks set inside the advanced window, in order", () => {
    const clock = new SimulatedClock(START);
    clock.setTimer(
      START + 1_000,
      () => {
        clock.setTimer(clock.now() + 500, () => {}, "child at 1500");
        clock.setTimer(clock.now(), () => {}, "child at 1000");
      },
      "parent at 1000",
    );
    clock.setTimer(START + 1_200, () => {}, "sibling at 1200");
    expect(labels(clock.advance(2_000))).toEqual([
      "parent at 1000",
      "child at 1000",
      "sibling at 1200",
      "child at 1500",
    ]);
  });

  it("does not fire cancelled timers; cancelling twice or after firing returns false", () => {
    const clock = new SimulatedClock(START);
    const kept = clock.setTimer(START + 10, () => {}, "kept");
    const dropped = clock.setTimer(START + 5, () => {}, "dropped");
    expect(clock.cancelTimer(dropped)).toBe(true);
    expect(clock.cancelTimer(dropped)).toBe(false);
    expect(clock.nextTimerAt()).toBe(START + 10);
    expect(clock.advance(10)).toEqual([kept]);
    expect(clock.cancelTimer(kept)).toBe(false);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it("lets a callback cancel a later timer of the same advance", () => {
    const clock = new SimulatedClock(START);
    let victim: TimerHandle | undefined;
    clock.setTimer(START + 1, () => clock.cancelTimer(victim!), "canceller");
    victim = clock.setTimer(START + 2, () => {}, "victim");
    expect(labels(clock.advance(5))).toEqual(["canceller"]);
  });

  it("ignores a handle from another clock", () => {
    const clock = new SimulatedClock(START);
    const other = new SimulatedClock(START);
    clock.setTimer(START + 1, () => {}, "mine");
    const foreign = other.setTimer(START + 1, () => {}, "theirs");
    expect(foreign.id).toBe(1);
    expect(clock.cancelTimer(foreign)).toBe(false);
    expect(labels(clock.advance(1))).toEqual(["mine"]);
  });

  it("keeps many timers in exact order through set, cancel and fire", () => {
    const clock = new SimulatedClock(0);
    const handles: TimerHandle[] = [];
    // Due times 0..199 scrambled by a fixed permutation (73 is coprime to 200).
    for (let i = 0; i < 200; i++)
      handles.push(clock.setTimer((i * 73) % 200, () => {}, String((i * 73) % 200)));
    // Cancelling two thirds also makes the queue compact itself (cancelled timers outnumber live ones).
    for (const handle of handles) if (handle.dueAt % 3 !== 0) clock.cancelTimer(handle);
    const expected = Array.from({ length: 200 }, (_, due) => due).filter((due) => due % 3 === 0);
    expect(clock.pendingTimers().map((handle) => handle.dueAt)).toEqual(expected);
    expect(clock.advanceTo(199).map((handle) => handle.dueAt)).toEqual(expected);
  });

  it("refuses to advance from inside a timer callback", () => {
    const clock = new SimulatedClock(START);
    let inner: unknown;
    clock.setTimer(START + 1, () => {
      try {
        clock.advance(1);
      } catch (error) {
        inner = error;
      }
    });
    clock.advance(10);
    expect(inner).toEqual(new ClockError("cannot advance the clock from inside a timer callback"));
    expect(clock.now()).toBe(START + 10);
  });

  it("propagates a callback's error with the clock at that timer and later timers still pending", () => {
    const clock = new SimulatedClock(START);
    clock.setTimer(START + 1, () => {
      throw new Error("boom");
    });
    const later = clock.setTimer(START + 2, () => {}, "later");
    expect(() => clock.advance(10)).toThrow("boom");
    expect(clock.now()).toBe(START + 1);
    expect(clock.advance(9)).toEqual([later]);
  });

  it("resolves sleepUntil when an advance reaches it, and at once for a time already reached", async () => {
    const clock = new SimulatedClock(START);
    const woke: number[] = [];
    const sleeper = clock.sleepUntil(START + 1_000).then(() => woke.push(clock.now()));
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toEqual([]);
    expect(labels(clock.advance(1))).toEqual(["sleepUntil"]);
    await sleeper;
    expect(woke).toEqual([START + 1_000]);
    await expect(clock.sleepUntil(START)).resolves.toBeUndefined();
    expect(clock.pendingTimers()).toEqual([]);
  });
});
