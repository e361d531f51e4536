import { describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { IndicatorError, SymbolError } from "../../../src/core/errors.js";
import { AvgVolume, avgVolumeDefinition } from "../../../src/indicators/avg-volume.js";
import { gapDefinition } from "../../../src/indicators/gap.js";
import { IndicatorManager } from "../../../src/indicators/indicator-manager.js";
import { IndicatorRegistry } from "../../../src/indicators/indicator-registry.js";
import { resolveIndicatorSpec } from "../../../src/indicators/indicator-spec.js";
import { RelVolume, relVolumeDefinition } from "../../../src/indicators/rel-volume.js";
import { RSI, rsiDefinition } from "../../../src/indicators/rsi.js";
import { SMA, smaDefinition } from "../../../src/indicators/sma.js";
import { VWAP, vwapDefinition } from "../../../src/indicators/vwap.js";
import { fieldRecorderRegistry, lastRangeDefinition } from "../../helpers/last-range-indicator.js";
import { readMinuteFile } from "./minute-file.js";

const spyDay1 = readMinuteFile("SPY-20131007").filter((row) => row.regular);
const spyDay2 = readMinuteFile("SPY-20131008").filter((row) => row.regular);
const aapl = readMinuteFile("AAPL-20250702").filter((row) => row.regular);

const registry = new IndicatorRegistry([
  avgVolumeDefinition,
  relVolumeDefinition,
  vwapDefinition,
  gapDefinition,
]).with(lastRangeDefinition);

function newManager(): IndicatorManager {
  return new IndicatorManager(registry);
}

describe("IndicatorManager registration", () => {
  it("creates one instance per key and shares it between requesters", () => {
    const manager = newManager();
    expect(manager.register("spy", "avg_volume", { period: 20, interval: "1m" }, "gapper")).toEqual({
      key: "avg_volume_20_1m",
      created: true,
    });
    expect(
      manager.register("SPY", "avg_volume", { interval: "1m", params: { period: 20 } }, "momentum"),
    ).toEqual({ key: "avg_volume_20_1m", created: false });
    // The same requester again holds one reference only.
    expect(manager.register("SPY", "avg_volume", { interval: "1m" }, "gapper").created).toBe(false);
    expect(manager.keys("SPY")).toEqual(["avg_volume_20_1m"]);
    expect(manager.status("SPY", "avg_volume_20_1m")?.requesters).toEqual(["gapper", "momentum"]);
    // A shared instance is fed once per bar, whoever asked for it.
    manager.onBar("SPY", "1m", spyDay1[0]);
    expect(manager.status("SPY", "avg_volume_20_1m")?.count).toBe(1);
  });

  it("removes the instance on the last release only", () => {
    const manager = newManager();
    manager.register("SPY", "vwap", { interval: "1m" }, "a");
    manager.register("SPY", "vwap", { interval: "1m" }, "b");
    manager.register("SPY", "avg_volume", { period: 5, interval: "1m" }, "a");
    expect(manager.release("SPY", "vwap_1m", "a")).toBe(true);
    expect(manager.release("SPY", "vwap_1m", "a")).toBe(false);
    expect(manager.has("SPY", "vwap_1m")).toBe(true);
    expect(manager.release("SPY", "vwap_1m", "b")).toBe(true);
    expect(manager.has("SPY", "vwap_1m")).toBe(false);
    expect(manager.keys("SPY")).toEqual(["avg_volume_5_1m"]);
    // The remaining indicator of the interval is still fed.
    manager.onBar("SPY", "1m", spyDay1[0]);
    expect(manager.status("SPY", "avg_volume_5_1m")?.count).toBe(1);
    expect(manager.release("SPY", "avg_volume_5_1m", "a")).toBe(true);
    expect(manager.symbols()).toEqual([]);
    expect(manager.onBar("SPY", "1m", spyDay1[1])).toBe(0);
  });

  it("releases everything a requester holds, or everything of a symbol", () => {
    const manager = newManager();
    manager.register("SPY", "vwap", { interval: "1m" }, "scanner");
    manager.register("AAPL", "vwap", { interval: "1m" }, "scanner");
    manager.register("AAPL", "gap", { interval: "1d" }, "scanner");
    manager.register("AAPL", "gap", { interval: "1d" }, "session");
    expect(manager.releaseRequester("scanner")).toBe(3);
    expect(manager.symbols()).toEqual(["AAPL"]);
    expect(manager.keys("AAPL")).toEqual(["gap_1d"]);
    expect(manager.releaseAll("AAPL")).toBe(1);
    expect(manager.symbols()).toEqual([]);
    expect(manager.releaseAll("AAPL")).toBe(0);
  });

  it("normalizes the interval into the key (1h → 60m) and the symbol to upper case", () => {
    const manager = newManager();
    expect(manager.register(" msft ", "rel_volume", { period: 10, interval: "1h" }, "x").key).toBe(
      "rel_volume_10_60m",
    );
    expect(manager.symbols()).toEqual(["MSFT"]);
    manager.onBar("MSFT", "60m", spyDay1[0]);
    expect(manager.status("msft", "rel_volume_10_60m")?.count).toBe(1);
  });

  it("refuses the same key with different parameters", () => {
    const manager = newManager();
    manager.register("SPY", "last_range", { interval: "1m", params: { label: "a" } }, "x");
    expect(() =>
      manager.register("SPY", "last_range", { interval: "1m", params: { label: "b" } }, "y"),
    ).toThrow(
      'SPY: indicator "last_range_1m" is already registered with parameters {"label":"a"}, not {"label":"b"}',
    );
  });

  it("throws coded errors for unknown indicators, bad parameters, symbols and requesters, leaving nothing behind", () => {
    const manager = newManager();
    expect(() => manager.register("SPY", "smaa", { interval: "1m" }, "x")).toThrow(IndicatorError);
    expect(() => manager.register("SPY", "avg_volume", { period: 0, interval: "1m" }, "x")).toThrow(
      'avg_volume: parameter "period" must be a whole number from 1 to 100000, got 0',
    );
    expect(() => manager.register("S P Y", "vwap", { interval: "1m" }, "x")).toThrow(SymbolError);
    expect(() => manager.register("SPY", "vwap", { interval: "1m" }, "")).toThrow(
      'Indicator requester must be a non-empty string, got ""',
    );
    expect(manager.symbols()).toEqual([]);
    expect(() => manager.missingBars("SPY", "vwap_1m")).toThrow(
      'No indicator "vwap_1m" is registered for "SPY"',
    );
    expect(() => manager.warm("SPY", "vwap_1m", barsToColumns([]))).toThrow(IndicatorError);
  });
});

describe("IndicatorManager feeding", () => {
  it("feeds each completed bar once: a bar not newer than the last one is refused and counted", () => {
    const manager = newManager();
    const { key } = manager.register("SPY", "avg_volume", { period: 3, interval: "1m" }, "x");
    manager.register("SPY", "vwap", { interval: "1m" }, "x");
    expect(manager.onBar("SPY", "1m", spyDay1[0])).toBe(0);
    expect(manager.onBar("SPY", "1m", spyDay1[1])).toBe(0);
    expect(manager.onBar("SPY", "1m", spyDay1[1])).toBe(2);
    expect(manager.onBar("SPY", "1m", spyDay1[0])).toBe(2);
    expect(manager.onBar("SPY", "1m", spyDay1[2])).toBe(0);
    expect(manager.refusedBars).toBe(4);
    expect(manager.status("SPY", key)).toMatchObject({
      count: 3,
      refusedBars: 2,
      lastBarTime: spyDay1[2].time,
    });
    expect(manager.getValue("SPY", key)?.value).toBe(
      (spyDay1[0].volume + spyDay1[1].volume + spyDay1[2].volume) / 3,
    );
  });

  it("feeds only the indicators of the bar's interval and symbol", () => {
    const manager = newManager();
    manager.register("SPY", "vwap", { interval: "1m" }, "x");
    manager.register("SPY", "gap", { interval: "1d" }, "x");
    manager.register("AAPL", "vwap", { interval: "1m" }, "x");
    for (const row of spyDay1) manager.onBar("SPY", "1m", row);
    expect(manager.status("SPY", "vwap_1m")?.count).toBe(390);
    expect(manager.status("SPY", "gap_1d")?.count).toBe(0);
    expect(manager.status("AAPL", "vwap_1m")?.count).toBe(0);
    expect(manager.onBar("SPY", "5m", spyDay1[0])).toBe(0);
    expect(manager.onBar("QQQ", "1m", spyDay1[0])).toBe(0);
  });

  it("keeps per-symbol state apart (no shared VWAP sums across symbols)", () => {
    const manager = newManager();
    manager.register("SPY", "vwap", { interval: "1m" }, "x");
    manager.register("AAPL", "vwap", { interval: "1m" }, "x");
    const spyVwap = new VWAP();
    const aaplVwap = new VWAP();
    for (let i = 0; i < 390; i++) {
      manager.onBar("SPY", "1m", spyDay1[i]);
      manager.onBar("AAPL", "1m", aapl[i]);
      spyVwap.update(spyDay1[i]);
      aaplVwap.update(aapl[i]);
    }
    expect(manager.getValue("SPY", "vwap_1m")?.value).toBe(spyVwap.value);
    expect(manager.getValue("AAPL", "vwap_1m")?.value).toBe(aaplVwap.value);
  });

  it("warm (history) then session bars equals feeding every bar in one go, even with overlap", () => {
    const manager = newManager();
    const avg = manager.register("SPY", "avg_volume", { period: 20, interval: "1m" }, "x").key;
    const vwap = manager.register("SPY", "vwap", { interval: "1m" }, "x").key;
    // History: day 1 and the first 10 minutes of day 2; session bars then replay day 2 from its open.
    const history = barsToColumns([...spyDay1, ...spyDay2.slice(0, 10)]);
    expect(manager.warm("SPY", avg, history)).toBe(400);
    expect(manager.warm("SPY", vwap, history)).toBe(400);
    let refused = 0;
    for (const row of spyDay2) refused += manager.onBar("SPY", "1m", row);
    expect(refused).toBe(2 * 10);
    // Warming again with the same history applies nothing.
    expect(manager.warm("SPY", avg, history)).toBe(0);

    const directAvg = new AvgVolume(20);
    const directVwap = new VWAP();
    for (const row of [...spyDay1, ...spyDay2]) {
      directAvg.update(row);
      directVwap.update(row);
    }
    expect(manager.status("SPY", avg)).toMatchObject({
      count: 780,
      value: directAvg.value,
      refusedBars: 400 + 10,
    });
    expect(manager.status("SPY", vwap)).toMatchObject({ count: 780, value: directVwap.value });
  });

  it("warm takes an ascending history in one range after the bars already taken, any other order bar by bar", () => {
    // RSI and SMA keep their state in banks (their own updateRange), avg_volume in an object bank.
    const manager = new IndicatorManager(
      new IndicatorRegistry([avgVolumeDefinition, rsiDefinition, smaDefinition]),
    );
    const keys = [
      manager.register("SPY", "rsi", { period: 14, interval: "1m" }, "x").key,
      manager.register("SPY", "sma", { period: 20, interval: "1m" }, "x").key,
      manager.register("SPY", "avg_volume", { period: 20, interval: "1m" }, "x").key,
    ];
    const bars = [...spyDay1, ...spyDay2];
    for (const key of keys) {
      // Overlapping warm-ups: 0..300, then 250..500 (50 refused), then 500..780.
      expect(manager.warm("SPY", key, barsToColumns(bars.slice(0, 300)))).toBe(300);
      expect(manager.warm("SPY", key, barsToColumns(bars.slice(250, 500)))).toBe(200);
      // Out of order: each bar checked against the last one taken (bars 499 and 498 refused).
      const shuffled = [bars[520], bars[499], bars[521], bars[498], ...bars.slice(522, 600)];
      expect(manager.warm("SPY", key, barsToColumns(shuffled))).toBe(80);
    }
    const direct = [new RSI(14), new SMA(20), new AvgVolume(20)];
    for (const indicator of direct) {
      for (const row of [...bars.slice(0, 500), bars[520], bars[521], ...bars.slice(522, 600)])
        indicator.update(row);
    }
    keys.forEach((key, i) => {
      expect(manager.status("SPY", key)).toMatchObject({
        count: 580,
        refusedBars: 52,
        value: direct[i].value,
      });
    });
  });

  it("an indicator added mid-stream is warmed on its own and then fed with the others", () => {
    const manager = newManager();
    manager.register("SPY", "avg_volume", { period: 30, interval: "1m" }, "early");
    for (const row of spyDay1.slice(0, 200)) manager.onBar("SPY", "1m", row);
    // Added after 200 bars: its history is everything so far, plus bars the others already took.
    const { key } = manager.register("SPY", "rel_volume", { period: 30, interval: "1m" }, "late");
    expect(manager.warm("SPY", key, barsToColumns(spyDay1.slice(0, 200)))).toBe(200);
    for (const row of spyDay1.slice(150)) manager.onBar("SPY", "1m", row);
    const directAvg = new AvgVolume(30);
    const directRel = new RelVolume(30);
    for (const row of spyDay1) {
      directAvg.update(row);
      directRel.update(row);
    }
    expect(manager.snapshot("SPY")).toEqual({
      avg_volume_30_1m: directAvg.value,
      rel_volume_30_1m: directRel.value,
    });
    expect(manager.status("SPY", key)).toMatchObject({ count: 390, refusedBars: 50 });
    expect(manager.status("SPY", "avg_volume_30_1m")).toMatchObject({ count: 390, refusedBars: 50 });
  });

  it("a feed going from one indicator to three and back to one feeds each exactly once, by every path", () => {
    // A feed of one indicator keeps no per-position arrays (IntervalFeed): each indicator added or
    // released rebuilds them, and every feeding path must reach each indicator at its own slot.
    const manager = newManager();
    const avgKey = manager.register("SPY", "avg_volume", { period: 10, interval: "1m" }, "x").key;
    const columns = barsToColumns(spyDay1);
    manager.onFeedRange(manager.feedOf("SPY", "1m")!, columns, 0, 100);
    const vwapKey = manager.register("SPY", "vwap", { interval: "1m" }, "x").key;
    expect(manager.warm("SPY", vwapKey, barsToColumns(spyDay1.slice(0, 100)))).toBe(100);
    const relKey = manager.register("SPY", "rel_volume", { period: 10, interval: "1m" }, "x").key;
    expect(manager.warm("SPY", relKey, barsToColumns(spyDay1.slice(0, 100)))).toBe(100);
    // Three indicators: a range, bars one by one, and a range again.
    manager.onFeedRange(manager.feedOf("SPY", "1m")!, columns, 100, 200);
    for (let i = 200; i < 250; i++) manager.onFeedBar(manager.feedOf("SPY", "1m")!, spyDay1[i]);
    for (let i = 250; i < 300; i++) manager.onBarColumns("SPY", "1m", columns, i);
    const directAvg = new AvgVolume(10);
    const directVwap = new VWAP();
    const directRel = new RelVolume(10);
    for (const row of spyDay1.slice(0, 300)) directAvg.update(row);
    expect(manager.status("SPY", avgKey)).toMatchObject({
      count: 300,
      refusedBars: 0,
      value: directAvg.value,
    });
    // Back to one: the first indicator released, then the second.
    expect(manager.release("SPY", avgKey, "x")).toBe(true);
    manager.onFeedRange(manager.feedOf("SPY", "1m")!, columns, 300, 340);
    for (const row of spyDay1.slice(0, 340)) directVwap.update(row);
    expect(manager.status("SPY", vwapKey)).toMatchObject({
      count: 340,
      refusedBars: 0,
      value: directVwap.value,
    });
    expect(manager.release("SPY", vwapKey, "x")).toBe(true);
    manager.onFeedRange(manager.feedOf("SPY", "1m")!, columns, 340, 390);

    for (const row of spyDay1) directRel.update(row);
    expect(manager.keys("SPY")).toEqual([relKey]);
    expect(manager.status("SPY", relKey)).toMatchObject({
      count: 390,
      refusedBars: 0,
      value: directRel.value,
    });
  });

  it("registrations of one resolved spec for many symbols share its parsed interval and keep their own state", () => {
    const manager = newManager();
    const resolved = resolveIndicatorSpec(registry, "vwap", { interval: "1m" });
    manager.registerResolved("SPY", resolved, "config");
    manager.registerResolved("AAPL", resolved, "config");
    const spyFeed = manager.feedOf("SPY", "1m")!;
    const aaplFeed = manager.feedOf("AAPL", "1m")!;
    expect(spyFeed.slots[0].interval).toBe(aaplFeed.slots[0].interval);
    expect(spyFeed.slots[0].interval.text).toBe("1m");
    manager.onFeedRange(spyFeed, barsToColumns(spyDay1), 0, spyDay1.length);
    manager.onFeedRange(aaplFeed, barsToColumns(aapl), 0, aapl.length);
    const spyVwap = new VWAP();
    const aaplVwap = new VWAP();
    for (const row of spyDay1) spyVwap.update(row);
    for (const row of aapl) aaplVwap.update(row);
    expect(manager.getValue("SPY", "vwap_1m")?.value).toBe(spyVwap.value);
    expect(manager.getValue("AAPL", "vwap_1m")?.value).toBe(aaplVwap.value);
    expect(manager.status("AAPL", "vwap_1m")).toMatchObject({ interval: "1m", count: aapl.length });
  });

  it("onBarColumns gives the same values as onBar", () => {
    const byObject = newManager();
    const byColumns = newManager();
    for (const manager of [byObject, byColumns]) {
      manager.register("SPY", "rel_volume", { period: 20, interval: "1m" }, "x");
      manager.register("SPY", "vwap", { interval: "1m" }, "x");
    }
    const columns = barsToColumns(spyDay1);
    spyDay1.forEach((row, i) => {
      byObject.onBar("SPY", "1m", row);
      byColumns.onBarColumns("SPY", "1m", columns, i);
    });
    expect(byColumns.snapshot("SPY")).toEqual(byObject.snapshot("SPY"));
    expect(byColumns.snapshot("SPY")["vwap_1m"]).not.toBeNull();
  });

  it("hands every field of every column-fed bar over (warm, onBarColumns, onFeedRange), whichever columns came before", () => {
    // The column-fed paths hand each bar over through one reused cursor: a field read from the
    // wrong column, or left over from the previous bar of other columns, shows here.
    const seen: number[][] = [];
    const manager = new IndicatorManager(fieldRecorderRegistry(seen, [vwapDefinition]));
    const { key } = manager.register("SPY", "last_range", { interval: "1m" }, "x");
    manager.register("AAPL", "vwap", { interval: "1m" }, "x");
    const rows = (bars: typeof spyDay1) =>
      bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]);
    const history = barsToColumns(spyDay1.slice(0, 5));
    expect(manager.warm("SPY", key, history)).toBe(5);
    const day = barsToColumns(spyDay1);
    const other = barsToColumns(aapl);
    const feed = manager.feedOf("SPY", "1m");
    for (let i = 5; i < 10; i++) {
      manager.onBarColumns("AAPL", "1m", other, i);
      manager.onBarColumns("SPY", "1m", day, i);
    }
    for (let i = 10; i < 15; i++) {
      manager.onBarColumns("AAPL", "1m", other, i);
      if (feed !== undefined) manager.onFeedRange(feed, day, i, i + 1);
    }
    expect(seen).toEqual(rows(spyDay1.slice(0, 15)));
    expect(new Set(seen.flat()).size).toBeGreaterThan(15);
  });

  it("forming bars go through replace and commit nothing", () => {
    const manager = newManager();
    const { key } = manager.register("SPY", "avg_volume", { period: 2, interval: "1m" }, "x");
    manager.onBar("SPY", "1m", spyDay1[0]);
    const forming = { ...spyDay1[1], volume: 1_000_000 };
    expect(manager.onFormingBar("SPY", "1m", forming)).toBe(0);
    expect(manager.getValue("SPY", key)?.value).toBe((spyDay1[0].volume + 1_000_000) / 2);
    expect(manager.status("SPY", key)?.count).toBe(1);
    // A forming bar that is not newer than the last completed one is refused.
    expect(manager.onFormingBar("SPY", "1m", spyDay1[0])).toBe(1);
    manager.onBar("SPY", "1m", spyDay1[1]);
    expect(manager.getValue("SPY", key)?.value).toBe((spyDay1[0].volume + spyDay1[1].volume) / 2);
    expect(manager.status("SPY", key)?.count).toBe(2);
  });
});

describe("IndicatorManager reading", () => {
  it("reports readiness and the exact number of missing bars", () => {
    const manager = newManager();
    const { key } = manager.register("SPY", "rel_volume", { period: 20, interval: "1m" }, "x");
    expect(manager.isReady("SPY", key)).toBe(false);
    expect(manager.missingBars("SPY", key)).toBe(21);
    spyDay1.slice(0, 7).forEach((row) => {
      manager.onBar("SPY", "1m", row);
    });
    expect(manager.missingBars("SPY", key)).toBe(14);
    expect(manager.isReady("SPY", key)).toBe(false);
    spyDay1.slice(7, 21).forEach((row) => {
      manager.onBar("SPY", "1m", row);
    });
    expect(manager.missingBars("SPY", key)).toBe(0);
    expect(manager.isReady("SPY", key)).toBe(true);
    manager.onBar("SPY", "1m", spyDay1[21]);
    expect(manager.missingBars("SPY", key)).toBe(0);
    expect(manager.isReady("SPY", "no_such_key_1m")).toBe(false);
  });

  it("getValue: value, readiness and updatedAt = end of the last bar fed", () => {
    const manager = newManager();
    manager.register("SPY", "vwap", { interval: "5m" }, "x");
    manager.register("SPY", "gap", { interval: "1d" }, "x");
    expect(manager.getValue("SPY", "vwap_5m")).toEqual({
      key: "vwap_5m",
      value: null,
      ready: false,
      updatedAt: null,
    });
    const bar = {
      time: Date.parse("2013-10-07T09:30:00-04:00"),
      open: 1,
      high: 3,
      low: 1,
      close: 2,
      volume: 10,
    };
    manager.onBar("SPY", "5m", bar);
    expect(manager.getValue("SPY", "vwap_5m")).toEqual({
      key: "vwap_5m",
      value: 2,
      ready: true,
      updatedAt: Date.parse("2013-10-07T09:35:00-04:00"),
    });
    // A daily bar ends at 16:00 New York unless a calendar-aware end is injected.
    manager.onBar("SPY", "1d", bar);
    expect(manager.getValue("SPY", "gap_1d")?.updatedAt).toBe(Date.parse("2013-10-07T16:00:00-04:00"));
    const early = new IndicatorManager(registry, { barEndTime: (_interval, time) => time + 3.5 * 3_600_000 });
    early.register("SPY", "gap", { interval: "1d" }, "x");
    early.onBar("SPY", "1d", bar);
    expect(early.getValue("SPY", "gap_1d")?.updatedAt).toBe(Date.parse("2013-10-07T13:00:00-04:00"));
    expect(manager.getValue("SPY", "nothing_1m")).toBeUndefined();
  });

  it("hands out copies of multi-output values", () => {
    const manager = newManager();
    manager.register("SPY", "last_range", { interval: "1m" }, "x");
    manager.onBar("SPY", "1m", spyDay1[0]);
    const first = manager.getValue("SPY", "last_range_1m")?.value;
    const snapshot = manager.snapshot("SPY");
    manager.onBar("SPY", "1m", spyDay1[1]);
    expect(first).toEqual({ high: spyDay1[0].high, low: spyDay1[0].low });
    expect(snapshot).toEqual({ last_range_1m: { high: spyDay1[0].high, low: spyDay1[0].low } });
    expect(manager.getValue("SPY", "last_range_1m")?.value).toEqual({
      high: spyDay1[1].high,
      low: spyDay1[1].low,
    });
  });

  it("snapshot, keys and symbols are sorted and empty for unknown symbols", () => {
    const manager = newManager();
    manager.register("SPY", "vwap", { interval: "1m" }, "x");
    manager.register("SPY", "avg_volume", { period: 2, interval: "1m" }, "x");
    manager.register("AAPL", "gap", { interval: "1d" }, "x");
    manager.onBar("SPY", "1m", spyDay1[0]);
    expect(manager.symbols()).toEqual(["AAPL", "SPY"]);
    expect(manager.keys("SPY")).toEqual(["avg_volume_2_1m", "vwap_1m"]);
    const first = spyDay1[0];
    expect(manager.snapshot("SPY")).toEqual({
      avg_volume_2_1m: null,
      vwap_1m: (((first.high + first.low + first.close) / 3) * first.volume) / first.volume,
    });
    expect(manager.snapshot("QQQ")).toEqual({});
    expect(manager.keys("QQQ")).toEqual([]);
  });

  it("status describes a registration", () => {
    const manager = newManager();
    manager.register("SPY", "avg_volume", { period: 3, interval: "1m" }, "x");
    manager.onBar("SPY", "1m", spyDay1[0]);
    expect(manager.status("SPY", "avg_volume_3_1m")).toEqual({
      key: "avg_volume_3_1m",
      value: null,
      ready: false,
      updatedAt: spyDay1[0].time + 60_000,
      symbol: "SPY",
      type: "avg_volume",
      interval: "1m",
      params: { period: 3 },
      requesters: ["x"],
      count: 1,
      requiredBars: 3,
      stableBars: 3,
      missingBars: 2,
      lastBarTime: spyDay1[0].time,
      refusedBars: 0,
    });
  });
});

describe("IndicatorManager export and import (moving a symbol's indicators to another session)", () => {
  it("an imported indicator goes on as the exported one, requesters, last bar and refusals included", () => {
    const source = newManager();
    source.register("SPY", "avg_volume", { period: 20, interval: "1m" }, "gapper");
    source.register("SPY", "avg_volume", { period: 20, interval: "1m" }, "config");
    source.register("SPY", "vwap", { interval: "1m" }, "config");
    for (const bar of spyDay1.slice(0, 200)) source.onBar("SPY", "1m", bar);
    expect(source.onBar("SPY", "1m", spyDay1[150])).toBe(2);
    const exported = source.exportIndicators("SPY");
    expect(
      exported.map((entry) => [entry.key, entry.requesters, entry.lastBarTime, entry.refusedBars]),
    ).toEqual([
      ["avg_volume_20_1m", ["gapper", "config"], spyDay1[199].time, 1],
      ["vwap_1m", ["config"], spyDay1[199].time, 1],
    ]);

    const target = newManager();
    for (const entry of exported) target.importIndicator("SPY", entry);
    expect(target.stateOf("SPY")).toEqual(source.stateOf("SPY"));
    expect(target.refusedBars).toBe(2);
    // A bar already taken is refused; the next ones give what the source gives.
    expect(target.onBar("SPY", "1m", spyDay1[199])).toBe(2);
    for (const bar of spyDay1.slice(200)) {
      source.onBar("SPY", "1m", bar);
      target.onBar("SPY", "1m", bar);
      expect(target.snapshot("SPY")).toEqual(source.snapshot("SPY"));
    }
  });

  it("refuses an export that does not rebuild its key or its state, registering nothing", () => {
    const source = newManager();
    source.register("SPY", "avg_volume", { period: 20, interval: "1m" }, "gapper");
    const [exported] = source.exportIndicators("SPY");
    const target = newManager();
    const renamed = { ...exported, params: { period: 10 } };
    expect(() => target.importIndicator("SPY", renamed)).toThrow(
      'SPY: exported indicator "avg_volume_20_1m" rebuilds as "avg_volume_10_1m" (type avg_volume, parameters {"period":10})',
    );
    const badState = { ...exported, state: { type: "avg_volume", period: 10 } };
    expect(() => target.importIndicator("SPY", badState)).toThrow(IndicatorError);
    expect(target.keys("SPY")).toEqual([]);
    target.importIndicator("SPY", exported);
    expect(() => target.importIndicator("SPY", exported)).toThrow(
      'SPY: indicator "avg_volume_20_1m" is already registered',
    );
  });
});
