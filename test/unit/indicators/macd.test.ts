import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { EMA } from "../../../src/indicators/ema.js";
import { MACD, macdDefinition } from "../../../src/indicators/macd.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("MACD", () => {
  for (const series of [spy, aapl]) {
    for (const [fast, slow, signal] of [
      [12, 26, 9],
      [5, 35, 5],
      [8, 17, 4],
      [2, 3, 2],
    ]) {
      it(`equals TA-Lib MACD(${fast}, ${slow}, ${signal}) on ${series.symbol}, all three outputs`, () => {
        const talib = runTalib(
          "MACD",
          { inReal: series.close },
          { optInFastPeriod: fast, optInSlowPeriod: slow, optInSignalPeriod: signal },
        );
        expect(talib.begIndex).toBe(slow + signal - 2);
        const run = (pick: (value: { macd: number; signal: number; histogram: number }) => number) =>
          runIndicator(new MACD(fast, slow, signal), series.bars, pick);
        expectMatchesTalib(
          run((value) => value.macd),
          talib.outputs.outMACD,
          talib.begIndex,
        );
        expectMatchesTalib(
          run((value) => value.signal),
          talib.outputs.outMACDSignal,
          talib.begIndex,
        );
        expectMatchesTalib(
          run((value) => value.histogram),
          talib.outputs.outMACDHist,
          talib.begIndex,
        );
      });
    }
  }

  // TA-Lib 1.1.6 mishandles a signal period of 1: it reports begIndex slow − 2 with an
  // uninitialised first element, and its signal and histogram run 2 bars ahead of its macd line.
  // Ours: signal = macd and histogram 0 from bar `slow` on. This pins down that exact difference.
  for (const series of [spy, aapl]) {
    it(`with signal 1 differs from TA-Lib's misaligned MACD(3, 10, 1) on ${series.symbol} exactly as documented`, () => {
      const talib = runTalib(
        "MACD",
        { inReal: series.close },
        { optInFastPeriod: 3, optInSlowPeriod: 10, optInSignalPeriod: 1 },
      );
      expect(talib.begIndex).toBe(8);
      const macd = new MACD(3, 10, 1);
      const ours = series.bars.map((bar) => {
        const value = macd.update(bar);
        return value === null ? null : { ...value };
      });
      expect(ours.findIndex((value) => value !== null)).toBe(talib.begIndex + 1);
      const n = series.bars.length;
      for (let i = talib.begIndex + 1; i < n; i++) {
        const value = ours[i];
        if (value === null) throw new Error(`no value at bar ${i}`);
        expect(value.signal).toBe(value.macd);
        expect(value.histogram).toBe(0);
        // TA-Lib's macd line, aligned by its begIndex, is right from bar slow on (it ends 2 bars early).
        if (i < n - 2)
          expect(Math.abs(value.macd - (talib.outputs.outMACD[i] as number))).toBeLessThanOrEqual(1e-9);
        // TA-Lib's signal at bar i is the macd of bar i + 2.
        if (i >= talib.begIndex + 2)
          expect(Math.abs(value.macd - (talib.outputs.outMACDSignal[i - 2] as number))).toBeLessThanOrEqual(
            1e-9,
          );
      }
    });
  }

  it("seeds the fast EMA with the SMA of the fast closes ending at bar `slow` (TA-Lib), not of the first ones", () => {
    const macd = new MACD(3, 6, 1);
    const closes = spy.close.slice(0, 6);
    let value = null;
    for (const bar of spy.bars.slice(0, 6)) value = macd.update(bar);
    const fastSeed = (closes[3] + closes[4] + closes[5]) / 3;
    const slowSeed = closes.reduce((sum, close) => sum + close, 0) / 6;
    expect(value).toEqual({ macd: fastSeed - slowSeed, signal: fastSeed - slowSeed, histogram: 0 });
    // A plain EMA(3) is seeded at bar 3 instead and differs at bar 6.
    const ema = new EMA(3);
    for (const bar of spy.bars.slice(0, 6)) ema.update(bar);
    expect(ema.value).not.toBe(fastSeed);
  });

  it("returns one reused value object", () => {
    const macd = new MACD();
    const values = spy.bars.slice(0, 40).map((bar) => macd.update(bar));
    expect(values[34]).toBe(values[39]);
  });

  it("declares requiredBars slow + signal − 1 and stableBars once the slowest seed weighs below 1e-6", () => {
    const macd = new MACD();
    expect([macd.requiredBars, macd.stableBars]).toEqual([34, 206]);
    expect(new MACD(5, 35, 5).requiredBars).toBe(39);
  });

  it("refuses fast ≥ slow and non-whole periods", () => {
    expect(() => new MACD(26, 12, 9)).toThrow("macd: fast must be below slow, got fast 26 and slow 12");
    expect(() => new MACD(12, 26, 0)).toThrow(IndicatorError);
    const result = macdDefinition.params.safeParse({ fast: 30 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["fast"]);
  });

  it("defines params { fast = 12, slow = 26, signal = 9 } and the key parts [fast, slow, signal]", () => {
    const params = macdDefinition.params.parse({});
    expect(params).toEqual({ fast: 12, slow: 26, signal: 9 });
    expect(macdDefinition.keyParts(params)).toEqual([12, 26, 9]);
    expect(macdDefinition.outputs).toEqual(["macd", "signal", "histogram"]);
    expect(macdDefinition.create({ fast: 5, slow: 35, signal: 5 }).requiredBars).toBe(39);
  });
});

describeIndicatorContract("macd(12, 26, 9)", () => new MACD(), spy.bars.slice(0, 400));
describeIndicatorContract("macd(3, 10, 1)", () => new MACD(3, 10, 1), aapl.bars.slice(0, 200));
