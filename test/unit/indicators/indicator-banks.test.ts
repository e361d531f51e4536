// The banks (src/indicators/internal/indicator-bank.ts): an IndicatorManager keeps the state of a
// bank-backed key (rsi, vwap) for all its symbols in one bank, feeds it interleaved across
// symbols, reuses released slots and grows. Each symbol must still be exactly what a standalone
// instance (a bank of its own) fed the same bars gives, and equal to TA-Lib / an independent VWAP,
// through every path: update, updateRange, replace then commit, warm, export/import mid-stream.

import { describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns } from "../../../src/core/bar-columns.js";
import type { IndicatorDefinition } from "../../../src/indicators/definition.js";
import { EMA, emaDefinition } from "../../../src/indicators/ema.js";
import type { Indicator, IndicatorInput } from "../../../src/indicators/indicator.js";
import { IndicatorManager } from "../../../src/indicators/indicator-manager.js";
import { IndicatorRegistry } from "../../../src/indicators/indicator-registry.js";
import { RSI, rsiDefinition } from "../../../src/indicators/rsi.js";
import { SMA, SmaBank, smaDefinition } from "../../../src/indicators/sma.js";
import { VWAP, vwapDefinition } from "../../../src/indicators/vwap.js";
import { expectMatchesTalib, loadDailySeries, runTalib } from "../../helpers/talib-oracle.js";
import { readMinuteFile } from "./minute-file.js";

const registry = new IndicatorRegistry([rsiDefinition, emaDefinition, smaDefinition, vwapDefinition]);
const REQUESTER = "test";

/** One symbol's bars and the standalone instance the manager's slot is checked against. */
interface Lane {
  readonly symbol: string;
  readonly bars: readonly IndicatorInput[];
  readonly columns: BarColumns;
  /** Bars fed so far. */
  fed: number;
  reference: Indicator<number>;
  /** The manager's value after each committed bar (null while warming up). */
  readonly values: (number | null)[];
}

function lane(symbol: string, bars: readonly IndicatorInput[], reference: Indicator<number>): Lane {
  return { symbol, bars, columns: barsToColumns(bars), fed: 0, reference, values: [] };
}

/** A forming version of `bar` (another close and volume), as a live stream would show it. */
function forming(bar: IndicatorInput): IndicatorInput {
  return {
    ...bar,
    close: bar.close * 1.001,
    high: Math.max(bar.high, bar.close * 1.001),
    volume: bar.volume / 2,
  };
}

/**
 * Feeds every lane round-robin, `run` bars at a time (1: onFeedBar, else onFeedRange), each run
 * preceded by a forming bar; after every run checks the bulk read of all lanes and each value
 * against the lane's standalone reference. `between(round)` may change the registrations.
 */
function feedInterleaved(
  manager: IndicatorManager,
  key: string,
  interval: string,
  lanes: Lane[],
  run: number,
  between: (round: number) => void = () => {},
): void {
  const out = new Float64Array(lanes.length);
  for (let round = 0; lanes.some((one) => one.fed < one.bars.length); round++) {
    between(round);
    for (const one of lanes) {
      if (one.fed >= one.bars.length || !manager.has(one.symbol, key)) continue;
      const from = one.fed;
      const to = Math.min(one.bars.length, from + run);
      // Provisional first: the forming bar shows, commits nothing.
      manager.onFormingBar(one.symbol, interval, forming(one.bars[from]));
      expect(manager.numberValue(one.symbol, key)).toBe(one.reference.replace(forming(one.bars[from])));
      const feed = manager.feedOf(one.symbol, interval)!;
      if (run === 1) manager.onFeedBar(feed, one.bars[from]);
      else manager.onFeedRange(feed, one.columns, from, to);
      for (let index = from; index < to; index++) one.reference.update(one.bars[index]);
      one.fed = to;
      one.values.push(manager.numberValue(one.symbol, key));
      expect(manager.numberValue(one.symbol, key), `${one.symbol} at ${to}`).toBe(one.reference.value);
    }
    manager.numberValues(
      key,
      lanes.map((one) => one.symbol),
      out,
    );
    lanes.forEach((one, index) => {
      const expected = manager.has(one.symbol, key) ? (one.reference.value ?? Number.NaN) : Number.NaN;
      expect(out[index], `bulk read of ${one.symbol}`).toBe(expected);
    });
  }
}

describe("IndicatorManager banks: RSI", () => {
  const symbols = ["SPY", "AAPL", "AIG", "EEM", "FB", "GOOG", "IWM", "QQQ", "USO", "WM"];
  // 300 days each (start offsets apart): enough for the seed, the release at round 40 and WM's late start.
  const series = symbols.map((symbol, index) => {
    const bars = loadDailySeries(symbol).bars;
    return { symbol, bars: bars.slice(index * 10, index * 10 + 300) };
  });

  for (const run of [1, 7]) {
    it(`equals a standalone RSI and TA-Lib for ${symbols.length} symbols interleaved (runs of ${run}), with a release, a reused slot and a late warm-up`, () => {
      const manager = new IndicatorManager(registry);
      const lanes = series.map((one) => lane(one.symbol, one.bars, new RSI(14)));
      // WM joins late; FB leaves at round 40 and its slot goes to FB2, which replays FB from the start.
      const late = lanes.find((one) => one.symbol === "WM")!;
      for (const one of lanes)
        if (one !== late) manager.register(one.symbol, "rsi", { period: 14, interval: "1d" }, REQUESTER);
      const fb = lanes.find((one) => one.symbol === "FB")!;
      const fb2 = lane("FB2", fb.bars, new RSI(14));
      lanes.push(fb2);
      fb2.fed = fb2.bars.length; // not registered yet: skipped until round 40
      feedInterleaved(manager, "rsi_14_1d", "1d", lanes, run, (round) => {
        if (round === 40) {
          expect(manager.release("FB", "rsi_14_1d", REQUESTER)).toBe(true);
          fb.fed = fb.bars.length;
          manager.register("FB2", "rsi", { period: 14, interval: "1d" }, REQUESTER);
          fb2.fed = 0;
        }
        if (round === 60) {
          manager.register("WM", "rsi", { period: 14, interval: "1d" }, REQUESTER);
          const history = Math.min(60 * run, late.bars.length - 20);
          expect(manager.warm("WM", "rsi_14_1d", barsToColumns(late.bars.slice(0, history)))).toBe(history);
          for (const bar of late.bars.slice(0, history)) late.reference.update(bar);
          late.fed = history;
        }
      });
      // Each full series (FB2, and every symbol fed from its first bar) equals TA-Lib.
      for (const one of [...lanes.filter((other) => other !== fb && other !== late)]) {
        const closes = one.bars.map((bar) => bar.close);
        const talib = runTalib("RSI", { inReal: closes }, { optInTimePeriod: 14 });
        expect(one.reference.value).toBeCloseTo(talib.outputs.outReal.at(-1)!, 9);
        if (run === 1) expectMatchesTalib(one.values, talib.outputs.outReal, talib.begIndex);
      }
    });
  }

  for (const [type, Class, talibName] of [
    ["ema", EMA, "EMA"],
    ["sma", SMA, "SMA"],
  ] as const) {
    it(`${talibName}: equals a standalone ${talibName} and TA-Lib for the symbols interleaved (runs of 5), exported and imported mid-stream`, () => {
      const manager = new IndicatorManager(registry);
      const lanes = series.map((one) => lane(one.symbol, one.bars, new Class(20)));
      for (const one of lanes) manager.register(one.symbol, type, { period: 20, interval: "1d" }, REQUESTER);
      const key = `${type}_20_1d`;
      // At round 33 (bar 165: in the middle of a window's lap), SPY moves to another manager and back.
      feedInterleaved(manager, key, "1d", lanes, 5, (round) => {
        if (round !== 33) return;
        const exported = manager.exportIndicators("SPY");
        const other = new IndicatorManager(registry);
        other.register("QQQ", type, { period: 20, interval: "1d" }, REQUESTER);
        for (const one of exported) other.importIndicator("SPY", one);
        expect(other.exportIndicators("SPY")).toEqual(exported);
        manager.releaseAll("SPY");
        for (const one of other.exportIndicators("SPY")) manager.importIndicator("SPY", one);
      });
      for (const one of lanes) {
        const talib = runTalib(
          talibName,
          { inReal: one.bars.map((bar) => bar.close) },
          { optInTimePeriod: 20 },
        );
        expect(one.reference.value).toBeCloseTo(talib.outputs.outReal.at(-1)!, 9);
      }
    });
  }

  it("grows its bank past the first records and keeps every slot apart", () => {
    const manager = new IndicatorManager(registry);
    const lanes = Array.from({ length: 40 }, (_, index) => {
      const one = series[index % series.length];
      return lane(`S${index}`, one.bars.slice(index, index + 60), new RSI(14));
    });
    for (const one of lanes) manager.register(one.symbol, "rsi", { period: 14, interval: "1d" }, REQUESTER);
    feedInterleaved(manager, "rsi_14_1d", "1d", lanes, 3);
  });
});

describe("close banks (EMA, RSI, SMA): each bar's own close", () => {
  it("update and updateRange from inside a run take each bar's close, slots fed alternately", () => {
    // SMA(3), by hand: slot A's closes 1, 2, 4, 8 → 7/3, then 14/3; slot B's 10, 20, 60 → 30.
    const bank = new SmaBank(3);
    const a = bank.allocate();
    const b = bank.allocate();
    const bar = (close: number): IndicatorInput => ({
      time: 0,
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
    });
    bank.update(a, bar(1));
    bank.update(b, bar(10));
    bank.update(a, bar(2));
    bank.update(a, bar(4));
    expect(bank.valueAt(a)).toBe(7 / 3);
    expect(bank.valueAt(b)).toBeNull();
    // Bars 1..2 of a run to b (closes 20 and 60), bar 3 to a (close 8): each at its own index.
    const run = barsToColumns([5, 20, 60, 8].map((close, index) => ({ ...bar(close), time: index })));
    bank.updateRange(b, run, 1, 3);
    bank.updateRange(a, run, 3, 4);
    expect(bank.valueAt(b)).toBe(30);
    expect(bank.valueAt(a)).toBe(14 / 3);
  });
});

describe("IndicatorManager banks: VWAP", () => {
  // Several days per symbol: runs cross dates (the bank's slow path) and the pre-market is fed too.
  const files: Record<string, string[]> = {
    AIG: ["AIG-20131007", "AIG-20131008", "AIG-20131009", "AIG-20131010", "AIG-20131011"],
    SPY: ["SPY-20131007", "SPY-20131008", "SPY-20131009"],
    AAPL: ["AAPL-20250702"],
    RIVN: ["RIVN-20250702"],
  };
  const rows = Object.fromEntries(
    Object.entries(files).map(([symbol, names]) => [symbol, names.flatMap((name) => readMinuteFile(name))]),
  );

  for (const run of [1, 13]) {
    it(`equals a standalone VWAP and the session's Σ typical·volume / Σ volume for symbols interleaved (runs of ${run})`, () => {
      const manager = new IndicatorManager(registry);
      const lanes = Object.entries(rows).map(([symbol, bars]) => lane(symbol, bars, new VWAP()));
      for (const one of lanes) manager.register(one.symbol, "vwap", { interval: "1m" }, REQUESTER);
      feedInterleaved(manager, "vwap_1m", "1m", lanes, run);
      for (const one of lanes) {
        const bars = rows[one.symbol];
        const last = bars.at(-1)!;
        const session = bars.filter((bar) => bar.date === last.date && bar.regular);
        const priceVolume = session.reduce(
          (sum, bar) => sum + ((bar.high + bar.low + bar.close) / 3) * bar.volume,
          0,
        );
        const volume = session.reduce((sum, bar) => sum + bar.volume, 0);
        expect(manager.numberValue(one.symbol, "vwap_1m")).toBeCloseTo(priceVolume / volume, 9);
      }
    });
  }

  it("exports a bank-backed indicator mid-stream and resumes it identically in another manager", () => {
    const bars = rows.AIG;
    const columns = barsToColumns(bars);
    const half = Math.floor(bars.length / 2) + 7;
    const source = new IndicatorManager(registry);
    // Another symbol first, so AIG's slot is not the bank's first.
    source.register("SPY", "vwap", { interval: "1m" }, REQUESTER);
    source.register("AIG", "vwap", { interval: "1m" }, REQUESTER);
    source.onFeedRange(source.feedOf("AIG", "1m")!, columns, 0, half);
    // A provisional value is not part of the export.
    source.onFormingBar("AIG", "1m", forming(bars[half]));
    const exported = source.exportIndicators("AIG");

    const target = new IndicatorManager(registry);
    target.register("RIVN", "vwap", { interval: "1m" }, REQUESTER);
    for (const one of exported) target.importIndicator("AIG", one);
    expect(target.exportIndicators("AIG")).toEqual(exported);
    // Re-feeding an applied bar is refused in the target too.
    expect(target.onFeedRange(target.feedOf("AIG", "1m")!, columns, half - 3, half)).toBe(3);
    for (const manager of [source, target])
      manager.onFeedRange(manager.feedOf("AIG", "1m")!, columns, half, bars.length);
    expect(target.stateOf("AIG")).toEqual(source.stateOf("AIG"));
    expect(target.numberValue("AIG", "vwap_1m")).toBe(source.numberValue("AIG", "vwap_1m"));
    const reference = new VWAP();
    for (const bar of bars) reference.update(bar);
    expect(target.numberValue("AIG", "vwap_1m")).toBe(reference.value);
  });

  it("gives a released slot to the next registration in the freshly constructed state", () => {
    const manager = new IndicatorManager(registry);
    const bars = rows.SPY;
    manager.register("SPY", "vwap", { interval: "1m" }, REQUESTER);
    manager.onFeedRange(manager.feedOf("SPY", "1m")!, barsToColumns(bars), 0, bars.length);
    expect(manager.releaseAll("SPY")).toBe(1);
    manager.register("QQQ", "vwap", { interval: "1m" }, REQUESTER);
    expect(manager.status("QQQ", "vwap_1m")).toMatchObject({ count: 0, value: null, lastBarTime: null });
    expect(manager.stateOf("QQQ")[0].state).toEqual(new VWAP().snapshot());
  });

  it("a definition copied from a built-in with a create of its own gets that create called, not the bank", () => {
    let created = 0;
    const wrapped: IndicatorDefinition<typeof vwapDefinition.params> = {
      ...vwapDefinition,
      name: "my_vwap",
      create: (params) => {
        created++;
        return vwapDefinition.create(params);
      },
    };
    const manager = new IndicatorManager(new IndicatorRegistry([wrapped]));
    for (const symbol of ["SPY", "AIG"]) manager.register(symbol, "my_vwap", { interval: "1m" }, REQUESTER);
    expect(created).toBe(2);
    const bars = rows.SPY;
    manager.onFeedRange(manager.feedOf("SPY", "1m")!, barsToColumns(bars), 0, bars.length);
    const reference = new VWAP();
    for (const bar of bars) reference.update(bar);
    expect(manager.numberValue("SPY", "my_vwap_1m")).toBe(reference.value);
  });
});

describe("IndicatorManager.warm through the banks", () => {
  const minutes = [...readMinuteFile("SPY-20131007"), ...readMinuteFile("SPY-20131008")];
  const KEYS = [
    ["rsi", { period: 14, interval: "1m" }, "rsi_14_1m"],
    ["ema", { period: 9, interval: "1m" }, "ema_9_1m"],
    ["sma", { period: 20, interval: "1m" }, "sma_20_1m"],
    ["vwap", { interval: "1m" }, "vwap_1m"],
  ] as const;

  /** A manager holding every key for SPY, warmed with `history` (or fed bar by bar when null). */
  function managerAfter(history: readonly IndicatorInput[][] | null): IndicatorManager {
    const manager = new IndicatorManager(registry);
    for (const [type, options] of KEYS) manager.register("SPY", type, options, REQUESTER);
    if (history === null) {
      for (const bar of minutes) manager.onBar("SPY", "1m", bar);
      return manager;
    }
    for (const part of history) {
      for (const [, , key] of KEYS) manager.warm("SPY", key, barsToColumns(part));
    }
    return manager;
  }

  it("an ascending history leaves every key exactly as feeding it bar by bar", () => {
    const byBar = managerAfter(null);
    const warmed = managerAfter([minutes]);
    for (const [, , key] of KEYS) {
      expect(warmed.numberValue("SPY", key), key).toBe(byBar.numberValue("SPY", key));
      expect(warmed.status("SPY", key)).toEqual(byBar.status("SPY", key));
      expect(warmed.numberValue("SPY", key)).not.toBeNaN();
    }
    // Warmed in two overlapping parts: the overlap is refused, the values are the same.
    const parts = managerAfter([minutes.slice(0, 500), minutes.slice(400)]);
    for (const [, , key] of KEYS) {
      expect(parts.numberValue("SPY", key), key).toBe(byBar.numberValue("SPY", key));
      expect(parts.status("SPY", key)?.refusedBars).toBe(100);
    }
  });

  it("a history out of order takes, bar by bar, each bar newer than the last one taken, as before", () => {
    // 0..299, then 250..599 again from an earlier bar: 250..299 refused, 300..599 taken.
    const history = [...minutes.slice(0, 300), ...minutes.slice(250, 600)];
    const manager = new IndicatorManager(registry);
    const reference = new IndicatorManager(registry);
    for (const [type, options] of KEYS) {
      manager.register("SPY", type, options, REQUESTER);
      reference.register("SPY", type, options, REQUESTER);
    }
    for (const bar of minutes.slice(0, 600)) reference.onBar("SPY", "1m", bar);
    for (const [, , key] of KEYS) {
      expect(manager.warm("SPY", key, barsToColumns(history)), key).toBe(600);
      expect(manager.numberValue("SPY", key), key).toBe(reference.numberValue("SPY", key));
      expect(manager.status("SPY", key)?.refusedBars).toBe(50);
    }
  });
});
