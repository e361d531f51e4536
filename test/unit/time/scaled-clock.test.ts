// The ScaledClock's maths and timers, on a SimulatedClock standing in for the wall clock (so every
// instant is exact), plus one short check on the real WallClock.

import { describe, expect, it } from "vitest";
import { ClockError } from "../../../src/core/errors.js";
import { ScaledClock } from "../../../src/time/scaled-clock.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";
import { WallClock } from "../../../src/time/wall-clock.js";

const WALL_START = Date.parse("2026-01-05T12:00:00Z");
const ORIGIN = Date.parse("2024-12-02T09:00:00Z"); // 04:00 New York, a replayed pre-market

function clocks(speed: number, originAt = ORIGIN) {
  const wall = new SimulatedClock(WALL_START);
  return { wall, clock: new ScaledClock(wall, { originAt, speed }) };
}

describe("ScaledClock", () => {
  it("starts at its origin and maps real elapsed time times the speed onto the timeline", () => {
    const { wall, clock } = clocks(60);
    expect(clock.now()).toBe(ORIGIN);
    wall.advance(1_000);
    expect(clock.now()).toBe(ORIGIN + 60_000);
    wall.advance(59_000);
    expect(clock.now()).toBe(ORIGIN + 3_600_000);
    expect(clock.speed).toBe(60);
  });

  it("runs in real time at speed 1 and rounds fractional instants down to whole ms", () => {
    const real = clocks(1);
    real.wall.advance(1_234);
    expect(real.clock.now()).toBe(ORIGIN + 1_234);
    const slow = clocks(0.25);
    slow.wall.advance(3);
    expect(slow.clock.now()).toBe(ORIGIN); // 0.75 ms
    slow.wall.advance(1);
    expect(slow.clock.now()).toBe(ORIGIN + 1);
  });

  it("refuses a speed that is not a finite number above 0, and an origin that is not an instant", () => {
    const wall = new SimulatedClock(WALL_START);
    for (const speed of [0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new ScaledClock(wall, { originAt: ORIGIN, speed })).toThrow(
        new ClockError(`speed must be a finite number above 0, got ${speed}`),
      );
    }
    expect(() => new ScaledClock(wall, { originAt: Number.NaN, speed: 1 })).toThrow(
      new ClockError("origin NaN is not a finite epoch-ms instant"),
    );
  });

  it("arms a timer on the wall clock at the real instant the timeline reaches it", () => {
    const { wall, clock } = clocks(60);
    const seen: number[] = [];
    const handle = clock.setTimer(ORIGIN + 60_000, () => seen.push(clock.now()), "slot");
    expect(handle).toEqual({ id: 1, dueAt: ORIGIN + 60_000, label: "slot" });
    expect(clock.wallTimeOf(ORIGIN + 60_000)).toBe(WALL_START + 1_000);
    expect(wall.pendingTimers().map((timer) => timer.dueAt)).toEqual([WALL_START + 1_000]);
    wall.advanceTo(WALL_START + 999);
    expect(seen).toEqual([]);
    wall.advanceTo(WALL_START + 1_000);
    expect(seen).toEqual([ORIGIN + 60_000]);
    expect(clock.pendingTimerCount).toBe(0);
    expect(wall.pendingTimers()).toEqual([]);
  });

  it("fires timers in (due time, creation order), even when they fall in the same real millisecond", () => {
    const { wall, clock } = clocks(60_000); // one real ms = one replayed minute
    const order: string[] = [];
    clock.setTimer(ORIGIN + 90_000, () => order.push(`a ${clock.now() - ORIGIN}`));
    clock.setTimer(ORIGIN + 30_000, () => order.push(`b ${clock.now() - ORIGIN}`));
    clock.setTimer(ORIGIN + 30_000, () => order.push(`c ${clock.now() - ORIGIN}`));
    // One wall timer at a time, for the earliest replayed instant.
    expect(wall.pendingTimers().length).toBe(1);
    wall.advanceTo(WALL_START + 1);
    expect(order).toEqual(["b 60000", "c 60000"]);
    wall.advanceTo(WALL_START + 2);
    expect(order).toEqual(["b 60000", "c 60000", "a 120000"]);
  });

  it("runs a timer that a callback sets when it is due already", () => {
    const { wall, clock } = clocks(1);
    const order: string[] = [];
    clock.setTimer(ORIGIN + 10, () => {
      order.push("first");
      clock.setTimer(ORIGIN + 5, () => order.push("set late, due already"));
    });
    wall.advanceTo(WALL_START + 10);
    expect(order).toEqual(["first", "set late, due already"]);
  });

  it("cancels a pending timer once, and re-arms the wall clock for the next one", () => {
    const { wall, clock } = clocks(1);
    const fired: string[] = [];
    const early = clock.setTimer(ORIGIN + 100, () => fired.push("early"));
    clock.setTimer(ORIGIN + 200, () => fired.push("late"));
    expect(clock.cancelTimer(early)).toBe(true);
    expect(clock.cancelTimer(early)).toBe(false);
    expect(wall.pendingTimers().map((timer) => timer.dueAt)).toEqual([WALL_START + 200]);
    wall.advanceTo(WALL_START + 300);
    expect(fired).toEqual(["late"]);
    expect(clock.pendingTimerCount).toBe(0);
  });

  it("keeps firing later timers after a callback throws", () => {
    const { wall, clock } = clocks(1);
    const fired: string[] = [];
    clock.setTimer(ORIGIN + 10, () => {
      throw new Error("plugin bug");
    });
    clock.setTimer(ORIGIN + 20, () => fired.push("after"));
    expect(() => wall.advanceTo(WALL_START + 15)).toThrow("plugin bug");
    wall.advanceTo(WALL_START + 20);
    expect(fired).toEqual(["after"]);
  });

  it("resolves sleepUntil once the timeline gets there, and at once for an instant passed", async () => {
    const { wall, clock } = clocks(600);
    await expect(clock.sleepUntil(ORIGIN)).resolves.toBeUndefined();
    let woke = false;
    const sleeping = clock.sleepUntil(ORIGIN + 600_000).then(() => {
      woke = true;
    });
    wall.advance(999);
    await Promise.resolve();
    expect(woke).toBe(false);
    wall.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.now()).toBe(ORIGIN + 600_000);
  });

  it("jumps forward at once, runs on at its speed from there, and refuses to jump back", () => {
    const { wall, clock } = clocks(60);
    wall.advance(1_000);
    const nextPreMarket = ORIGIN + 86_400_000;
    clock.jumpTo(nextPreMarket);
    expect(clock.now()).toBe(nextPreMarket);
    wall.advance(500);
    expect(clock.now()).toBe(nextPreMarket + 30_000);
    expect(() => clock.jumpTo(nextPreMarket)).toThrow(
      new ClockError("cannot jump the replay back from 2024-12-03T09:00:30.000Z to 2024-12-03T09:00:00.000Z"),
    );
  });

  it("re-arms pending timers on a jump: those jumped over fire on the next wall tick, the rest later", () => {
    const { wall, clock } = clocks(60);
    const fired: string[] = [];
    clock.setTimer(ORIGIN + 3_600_000, () => fired.push(`jumped over at +${clock.now() - ORIGIN}`));
    clock.setTimer(ORIGIN + 7_260_000, () => fired.push(`after at +${clock.now() - ORIGIN}`));
    clock.jumpTo(ORIGIN + 7_200_000);
    expect(wall.pendingTimers().map((timer) => timer.dueAt)).toEqual([WALL_START]);
    wall.advance(0);
    expect(fired).toEqual(["jumped over at +7200000"]);
    expect(wall.pendingTimers().map((timer) => timer.dueAt)).toEqual([WALL_START + 1_000]);
    wall.advance(1_000);
    expect(fired).toEqual(["jumped over at +7200000", "after at +7260000"]);
  });

  it("maps every instant to the first whole wall ms at which the timeline has reached it", () => {
    for (const speed of [0.3, 1, 7, 60, 600, 20_000]) {
      const { wall, clock } = clocks(speed);
      for (const offset of [1, 59, 60_000, 61_001, 3_600_007]) {
        const at = ORIGIN + offset;
        const wallAt = clock.wallTimeOf(at);
        wall.advanceTo(Math.max(wall.now(), wallAt - 1));
        if (wall.now() === wallAt - 1) expect(clock.now()).toBeLessThan(at);
        wall.advanceTo(wallAt);
        expect(clock.now()).toBeGreaterThanOrEqual(at);
      }
    }
  });

  it("paces a replay on the real WallClock", async () => {
    const wall = new WallClock({ unref: true });
    const clock = new ScaledClock(wall, { originAt: ORIGIN, speed: 100_000 });
    const target = ORIGIN + 2_000_000; // 20 real ms
    await clock.sleepUntil(target);
    expect(clock.now()).toBeGreaterThanOrEqual(target);
    expect(wall.pendingTimerCount).toBe(0);
  });
});
