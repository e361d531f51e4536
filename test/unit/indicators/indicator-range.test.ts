// Range-wise feeding (Indicator.updateRange, IndicatorManager.onFeedRange, the session's per-step
// path): a run of a symbol's bars handed over in one call leaves every indicator exactly as feeding
// the bars one by one would (value, count, snapshot), takes each bar at most once, and falls back
// to `update` per bar for an indicator without `updateRange` (a plugin's).

import { describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { IndicatorManager } from "../../../src/indicators/indicator-manager.js";
import { builtInIndicatorDefinitions } from "../../../src/indicators/registry.js";
import { VWAP, vwapDefinition } from "../../../src/indicators/vwap.js";
import { BarSeries } from "../../../src/session/bar-series.js";
import { fieldRecorderRegistry } from "../../helpers/last-range-indicator.js";
import { readMinuteFile } from "./minute-file.js";

// Two whole days, pre- and post-market included: the VWAP restarts at the second open and ignores
// the extended-hours bars, inside runs as well as at their edges.
const twoDays = [...readMinuteFile("SPY-20131007"), ...readMinuteFile("SPY-20131008")];
const columns = barsToColumns(twoDays);

describe("VWAP.updateRange", () => {
  it("after every run equals update bar by bar, and a VWAP summed by hand at each day's end", () => {
    const single = new VWAP();
    const ranged = new VWAP();
    const runs = [5, 1, 3, 17, 2, 60];
    let from = 0;
    for (let run = 0; from < columns.length; run++) {
      const to = Math.min(columns.length, from + runs[run % runs.length]);
      for (let index = from; index < to; index++) single.update(twoDays[index]);
      const returned = ranged.updateRange(columns, from, to);
      expect(returned).toBe(single.value);
      expect(ranged.value).toBe(single.value);
      expect(ranged.count).toBe(single.count);
      expect(ranged.snapshot()).toEqual(single.snapshot());
      from = to;
    }
    // Independent: the second day's regular bars summed in order, (H + L + C) / 3 × volume.
    const day2 = twoDays.filter((row) => row.date === "2013-10-08" && row.regular);
    let priceVolume = 0;
    let volume = 0;
    for (const row of day2) {
      priceVolume += ((row.high + row.low + row.close) / 3) * row.volume;
      volume += row.volume;
    }
    expect(ranged.value).toBe(priceVolume / volume);
    expect(ranged.count).toBe(twoDays.length);
  });

  it("a run opening a date, the rest in its regular session, equals update bar by bar and the day's sums by hand", () => {
    // A session stream (regular bars only) in runs of 5 from each open: every day's first run moves
    // the date with its first bar and folds the other four in the loop of a run inside the session.
    const regular = twoDays.filter((row) => row.regular);
    const sessionColumns = barsToColumns(regular);
    const single = new VWAP();
    const ranged = new VWAP();
    const secondOpen = regular.findIndex((row) => row.date === "2013-10-08");
    expect(secondOpen % 5).toBe(0);
    for (let from = 0; from < regular.length; from += 5) {
      const to = Math.min(regular.length, from + 5);
      for (let index = from; index < to; index++) single.update(regular[index]);
      expect(ranged.updateRange(sessionColumns, from, to)).toBe(single.value);
      expect(ranged.count).toBe(single.count);
      expect(ranged.snapshot()).toEqual(single.snapshot());
      if (from === secondOpen) {
        // Independent: the second day's first five bars only, summed in order.
        let priceVolume = 0;
        let volume = 0;
        for (const row of regular.slice(from, to)) {
          priceVolume += ((row.high + row.low + row.close) / 3) * row.volume;
          volume += row.volume;
        }
        expect(ranged.value).toBe(priceVolume / volume);
      }
    }
  });

  it("on a run of regular bars without volume shows the last bar's typical price, as update does", () => {
    const first = twoDays.findIndex((row) => row.regular);
    const quiet = twoDays.slice(first, first + 5).map((row) => ({ ...row, volume: 0 }));
    const ranged = new VWAP();
    const single = new VWAP();
    for (const row of quiet) single.update(row);
    const last = quiet[4];
    // The first run finds the day, the second lies inside its regular session.
    ranged.updateRange(barsToColumns(quiet), 0, 1);
    expect(ranged.updateRange(barsToColumns(quiet), 1, 5)).toBe((last.high + last.low + last.close) / 3);
    expect(ranged.snapshot()).toEqual(single.snapshot());
    expect(ranged.value).toBe(single.value);
  });

  it("discards a provisional value shown by replace, as update does", () => {
    const at = twoDays.findIndex((row) => row.regular) + 50;
    const vwap = new VWAP();
    vwap.updateRange(columns, 0, at);
    const committed = vwap.value;
    expect(committed).not.toBeNull();
    vwap.replace({ ...twoDays[at], volume: 1e12, high: 1e6 });
    expect(vwap.value).not.toBe(committed);
    const reference = new VWAP();
    for (let index = 0; index < at + 5; index++) reference.update(twoDays[index]);
    expect(vwap.updateRange(columns, at, at + 5)).toBe(reference.value);
    expect(vwap.snapshot()).toEqual(reference.snapshot());
  });
});

describe("updateRange of every built-in that has one", () => {
  it("leaves value, count and snapshot of update bar by bar after every run (sma, ema, rsi, vwap at least)", () => {
    const ranged = builtInIndicatorDefinitions.filter(
      (definition) => definition.create(definition.params.parse({})).updateRange !== undefined,
    );
    expect(ranged.map((definition) => definition.name)).toEqual(
      expect.arrayContaining(["sma", "ema", "rsi", "vwap"]),
    );
    for (const definition of ranged) {
      for (const params of [{}, { period: 3 }]) {
        if (definition.name === "vwap" && "period" in params) continue;
        const single = definition.create(definition.params.parse(params));
        const many = definition.create(definition.params.parse(params));
        const runs = [5, 1, 2, 9, 30];
        let from = 0;
        for (let run = 0; from < columns.length; run++) {
          const to = Math.min(columns.length, from + runs[run % runs.length]);
          for (let index = from; index < to; index++) single.update(twoDays[index]);
          expect(many.updateRange?.(columns, from, to), `${definition.name} at ${to}`).toEqual(single.value);
          expect(many.count).toBe(single.count);
          expect(many.snapshot()).toEqual(single.snapshot());
          from = to;
        }
        expect(many.count).toBe(twoDays.length);
      }
    }
  });
});

describe("IndicatorManager.onFeedRange", () => {
  const seen: number[][] = [];
  const registry = fieldRecorderRegistry(seen, [vwapDefinition]);

  it("feeds each bar once: bars an indicator already took are refused, the rest go in by range or bar by bar", () => {
    seen.length = 0;
    const manager = new IndicatorManager(registry);
    const { key: vwapKey } = manager.register("SPY", "vwap", { interval: "1m" }, "x");
    const { key: recorderKey } = manager.register("SPY", "last_range", { interval: "1m" }, "x");
    // The recorder took 8 bars already (a warm-up): a run from bar 5 overlaps it by 3.
    expect(manager.warm("SPY", recorderKey, barsToColumns(twoDays.slice(0, 8)))).toBe(8);
    const feed = manager.feedOf("SPY", "1m");
    if (feed === undefined) throw new Error("no feed");
    expect(manager.onFeedRange(feed, columns, 0, 5)).toBe(5); // the recorder refuses all 5
    expect(manager.onFeedRange(feed, columns, 5, 12)).toBe(3); // and 3 of these
    expect(manager.onFeedRange(feed, columns, 12, 300)).toBe(0);
    // The plugin indicator (no updateRange) saw every bar exactly once, every field from its column.
    expect(seen).toEqual(
      twoDays.slice(0, 300).map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]),
    );
    const reference = new VWAP();
    for (let index = 0; index < 300; index++) reference.update(twoDays[index]);
    expect(manager.numberValue("SPY", vwapKey)).toBe(reference.value);
    expect(manager.status("SPY", vwapKey)?.count).toBe(300);
    expect(manager.status("SPY", vwapKey)?.lastBarTime).toBe(twoDays[299].time);
    expect(manager.status("SPY", recorderKey)?.refusedBars).toBe(8);
    expect(manager.status("SPY", recorderKey)?.lastBarTime).toBe(twoDays[299].time);
    // The same run again: refused by both, nothing applied.
    expect(manager.onFeedRange(feed, columns, 290, 300)).toBe(20);
    expect(manager.status("SPY", vwapKey)?.count).toBe(300);
  });
});

describe("BarSeries.appendRun", () => {
  it("appends while each bar is newer than the newest and returns the index of the first refused", () => {
    const series = new BarSeries("1m", 0);
    const bars = barsToColumns(twoDays.slice(0, 10));
    expect(series.appendRun(bars, 0, 4)).toBe(4);
    // Bars 2–3 again: refused at once; 4–9 taken.
    expect(series.appendRun(bars, 2, 10)).toBe(2);
    expect(series.appendRun(bars, 4, 10)).toBe(10);
    expect(series.length).toBe(10);
    const held = series.view();
    expect([...held.time]).toEqual(twoDays.slice(0, 10).map((b) => b.time));
    expect([...held.volume]).toEqual(twoDays.slice(0, 10).map((b) => b.volume));
    expect([...held.high]).toEqual(twoDays.slice(0, 10).map((b) => b.high));
    // A run that goes back in time stops there.
    const backwards = barsToColumns([twoDays[20], twoDays[15], twoDays[30]]);
    expect(series.appendRun(backwards, 0, 3)).toBe(1);
    expect(series.lastTime).toBe(twoDays[20].time);
  });
});
