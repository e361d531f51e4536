// ReplayFeed.drainBySymbol (the SessionCoordinator's cache-friendly drain) delivers exactly the bars
// `drain` delivers at every step, grouped by symbol: same bars, same values, each symbol's in
// end-time order, symbols in subscription order; and the same count.

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

function run(drainBySymbol: boolean, upTos: readonly number[]): { steps: Delivered[]; counts: number[] } {
  const store = BarStore.open(":memory:");
  try {
    // Gaps, an early stop and a symbol with bars only late in the day.
    storeBars(store, "AAA", 100, [0, 1, 2, 4, 5, 6, 30, 389]);
    storeBars(store, "BBB", 200, [0, 2, 3, 7, 8, 120, 200]);
    storeBars(store, "CCC", 300, [300, 301, 302]);
    const feed = new ReplayFeed(store, "1m");
    feed.subscribe("BBB");
    feed.subscribe("AAA");
    feed.startSession(session);
    feed.subscribe("CCC");
    const steps: Delivered[] = [];
    const counts: number[] = [];
    for (const upTo of upTos) {
      const step: Delivered = [];
      const sink = (symbol: string, bars: { time: Float64Array; close: Float64Array }, index: number) => {
        step.push([symbol, bars.time[index], bars.close[index]]);
      };
      const rangeSink = (
        symbol: string,
        bars: { time: Float64Array; close: Float64Array },
        from: number,
        to: number,
      ) => {
        expect(to).toBeGreaterThan(from);
        for (let index = from; index < to; index++) sink(symbol, bars, index);
      };
      counts.push(drainBySymbol ? feed.drainBySymbol(upTo, rangeSink) : feed.drain(upTo, sink));
      steps.push(step);
    }
    return { steps, counts };
  } finally {
    store.close();
  }
}

describe("ReplayFeed.drainBySymbol", () => {
  it("delivers at every step the bars drain delivers, grouped by symbol in subscription order", () => {
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
    const byTime = run(false, upTos);
    const bySymbol = run(true, upTos);
    expect(bySymbol.counts).toEqual(byTime.counts);
    const order = ["BBB", "AAA", "CCC"];
    for (let step = 0; step < upTos.length; step++) {
      const grouped = [...byTime.steps[step]].sort(
        (a, b) => order.indexOf(a[0]) - order.indexOf(b[0]) || a[1] - b[1],
      );
      expect(bySymbol.steps[step]).toEqual(grouped);
    }
    expect(byTime.counts.reduce((sum, count) => sum + count, 0)).toBe(18);
  });
});
