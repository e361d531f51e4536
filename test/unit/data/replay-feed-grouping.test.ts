// ReplayFeed.drain delivers at every step exactly the bars that ended since the last step on the
// minute grid (between grid points, repeated, past the close), grouped by symbol (one range per
// symbol with bars, symbols in subscription order, each symbol's in end-time order), with the
// values stored and the count returned.

import { describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ReplayFeed } from "../../../src/data/replay-feed.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const DAY = "2024-03-05";
const calendar = new ExchangeCalendar();
const session = calendar.requireSession(DAY);
const MINUTE = 60_000;

/** Bars of one symbol at the given minutes after the open (values encode symbol and minute). */
function storeBars(store: BarStore, symbol: string, offset: number, minutes: readonly number[]): void {
  const bars = minutes.map((minute) => {
    const price = offset + minute / 1000;
    return {
      time: session.openAt + minute * MINUTE,
      open: price,
      high: price + 1,
      low: price - 1,
      close: price,
      volume: 100,
    };
  });
  store.insertBars(symbol, "1m", barsToColumns(bars));
}

type Delivered = Array<[string, number, number]>;

const MINUTES: Record<string, { offset: number; minutes: readonly number[] }> = {
  // Gaps, an early stop and a symbol with bars only late in the day.
  AAA: { offset: 100, minutes: [0, 1, 2, 4, 5, 6, 30, 389] },
  BBB: { offset: 200, minutes: [0, 2, 3, 7, 8, 120, 200] },
  CCC: { offset: 300, minutes: [300, 301, 302] },
};
const SUBSCRIPTION_ORDER = ["BBB", "AAA", "CCC"];

function run(upTos: readonly number[]): { steps: Delivered[]; counts: number[]; ranges: number[] } {
  const store = BarStore.open(":memory:");
  try {
    for (const [symbol, { offset, minutes }] of Object.entries(MINUTES))
      storeBars(store, symbol, offset, minutes);
    const feed = new ReplayFeed(store, "1m");
    feed.subscribe("BBB");
    feed.subscribe("AAA");
    feed.startSession(session);
    feed.subscribe("CCC");
    const steps: Delivered[] = [];
    const counts: number[] = [];
    const ranges: number[] = [];
    for (const upTo of upTos) {
      const step: Delivered = [];
      let calls = 0;
      counts.push(
        feed.drain(upTo, (symbol, bars, from, to) => {
          expect(to).toBeGreaterThan(from);
          calls++;
          for (let index = from; index < to; index++)
            step.push([symbol, bars.time[index], bars.close[index]]);
        }),
      );
      steps.push(step);
      ranges.push(calls);
    }
    return { steps, counts, ranges };
  } finally {
    store.close();
  }
}

/** What a step must deliver: the stored bars ending in (previous grid step, this grid step]. */
function expectedSteps(upTos: readonly number[]): Delivered[] {
  let drainedUpTo = session.openAt;
  return upTos.map((upTo) => {
    const lastStep =
      session.openAt + Math.floor((Math.min(upTo, session.closeAt) - session.openAt) / MINUTE) * MINUTE;
    const step: Delivered = [];
    for (const symbol of SUBSCRIPTION_ORDER) {
      const { offset, minutes } = MINUTES[symbol];
      for (const minute of minutes) {
        const end = session.openAt + (minute + 1) * MINUTE;
        if (end > drainedUpTo && end <= lastStep) step.push([symbol, end - MINUTE, offset + minute / 1000]);
      }
    }
    drainedUpTo = Math.max(drainedUpTo, lastStep);
    return step;
  });
}

describe("ReplayFeed.drain", () => {
  it("delivers the bars ended since the last step, grouped by symbol in subscription order", () => {
    const open = session.openAt;
    // On the grid, between grid points (09:31:30), repeated, past the close.
    const upTos = [
      open - MINUTE,
      open + MINUTE,
      open + 1.5 * MINUTE,
      open + 1.5 * MINUTE,
      open + 3 * MINUTE,
      open + 9 * MINUTE + 30_000,
      open + 150 * MINUTE,
      open + 301 * MINUTE,
      session.closeAt + 10 * MINUTE,
      session.closeAt + 20 * MINUTE,
    ];
    const { steps, counts, ranges } = run(upTos);
    const expected = expectedSteps(upTos);
    expect(steps).toEqual(expected);
    expect(counts).toEqual(expected.map((step) => step.length));
    // One range per symbol with bars in the step.
    expect(ranges).toEqual(expected.map((step) => new Set(step.map(([symbol]) => symbol)).size));
    expect(counts).toEqual([0, 2, 0, 0, 3, 6, 2, 2, 3, 0]);
  });
});
