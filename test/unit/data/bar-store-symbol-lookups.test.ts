// BarStore.hasSymbol and BarStore.symbolSeries: the per-symbol lookups session provisioning uses
// instead of listing every series of the store. They must agree with listSeries.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { BarStore } from "../../../src/data/bar-store.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** 2024-12-02T09:30:00-05:00 */
const OPEN = Date.UTC(2024, 11, 2, 14, 30);

function bars(firstTime: number, count: number, stepMs: number) {
  return barsToColumns(
    Array.from({ length: count }, (_, i) => ({
      time: firstTime + i * stepMs,
      open: 10 + i,
      high: 11 + i,
      low: 9 + i,
      close: 10.5 + i,
      volume: 100 + i,
    })),
  );
}

describe("BarStore per-symbol lookups", () => {
  let store: BarStore;
  beforeEach(() => {
    store = BarStore.open(":memory:");
    store.insertBars("SPY", "1d", bars(OPEN - 10 * DAY_MS, 5, DAY_MS));
    store.insertBars("SPY", "1m", bars(OPEN, 30, MINUTE_MS));
    store.insertBars("SPY", "5m", bars(OPEN, 6, 5 * MINUTE_MS));
    store.insertBars("AIG", "1m", bars(OPEN, 10, MINUTE_MS));
  });
  afterEach(() => store.close());

  it("hasSymbol: true for a stored symbol in any spelling, false otherwise", () => {
    expect(store.hasSymbol("SPY")).toBe(true);
    expect(store.hasSymbol("spy")).toBe(true);
    expect(store.hasSymbol("AIG")).toBe(true);
    expect(store.hasSymbol("QQQ")).toBe(false);
    expect(BarStore.open(":memory:").hasSymbol("SPY")).toBe(false);
  });

  it("hasSymbol agrees with symbols()", () => {
    for (const symbol of ["SPY", "AIG", "QQQ", "SP"]) {
      expect(store.hasSymbol(symbol)).toBe(store.symbols().includes(symbol));
    }
  });

  it("symbolSeries: the symbol's series with coverage, shortest interval first, as listSeries has them", () => {
    const spy = store.symbolSeries("spy");
    expect(spy.map((series) => series.interval)).toEqual(["1m", "5m", "1d"]);
    expect(spy).toEqual(store.listSeries().filter((series) => series.symbol === "SPY"));
    expect(spy.map((series) => store.coverage("SPY", series.interval))).toEqual(
      spy.map(({ count, firstTime, lastTime, symbol, interval }) => ({
        symbol,
        interval,
        count,
        firstTime,
        lastTime,
      })),
    );
    expect(store.symbolSeries("AIG")).toEqual([
      { symbol: "AIG", interval: "1m", count: 10, firstTime: OPEN, lastTime: OPEN + 9 * MINUTE_MS },
    ]);
    expect(store.symbolSeries("QQQ")).toEqual([]);
  });
});
