import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { BBands, type BBandsValue, bbandsDefinition } from "../../../src/indicators/bbands.js";
import { SMA } from "../../../src/indicators/sma.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

function bar(close: number) {
  return { time: 0, open: close, high: close, low: close, close, volume: 0 };
}

/** Population standard deviation of the last `period` values, two-pass: the exact reference. */
function twoPassDeviation(values: readonly number[], period: number): number {
  const window = values.slice(values.length - period);
  const mean = window.reduce((sum, value) => sum + value, 0) / period;
  return Math.sqrt(window.reduce((sum, value) => sum + (value - mean) ** 2, 0) / period);
}

describe("BBands", () => {
  for (const series of [spy, aapl]) {
    for (const [period, stddev] of [
      [20, 2],
      [10, 1.5],
      [50, 3],
    ]) {
      it(`equals TA-Lib BBANDS(${period}, ${stddev}, SMA) on ${series.symbol}, all three bands`, () => {
        const talib = runTalib(
          "BBANDS",
          { inReal: series.close },
          { optInTimePeriod: period, optInNbDevUp: stddev, optInNbDevDn: stddev, optInMAType: 0 },
        );
        const run = (pick: (value: BBandsValue) => number) =>
          runIndicator(new BBands(period, stddev), series.bars, pick);
        expectMatchesTalib(
          run((value) => value.upper),
          talib.outputs.outRealUpperBand,
          talib.begIndex,
        );
        expectMatchesTalib(
          run((value) => value.middle),
          talib.outputs.outRealMiddleBand,
          talib.begIndex,
        );
        expectMatchesTalib(
          run((value) => value.lower),
          talib.outputs.outRealLowerBand,
          talib.begIndex,
        );
      });
    }
  }

  // On a window of identical closes the true deviation is 0. TA-Lib (mean of squares − square of
  // the mean, with a running sum of squares) reports cancellation noise there instead, e.g.
  // 1.9e-5 for two closes of 185.35; ours is exactly 0. Everywhere else the two agree within 1e-9.
  for (const series of [spy, aapl]) {
    for (const period of [2, 3]) {
      it(`equals TA-Lib BBANDS(${period}, 1) on ${series.symbol} except on flat windows, where ours is exactly 0`, () => {
        const talib = runTalib(
          "BBANDS",
          { inReal: series.close },
          { optInTimePeriod: period, optInNbDevUp: 1, optInNbDevDn: 1, optInMAType: 0 },
        );
        const bbands = new BBands(period, 1);
        let flatWindows = 0;
        for (let i = 0; i < series.bars.length; i++) {
          const value = bbands.update(series.bars[i]);
          if (i < talib.begIndex) {
            expect(value).toBeNull();
            continue;
          }
          if (value === null) throw new Error(`no value at bar ${i}`);
          const upper = talib.outputs.outRealUpperBand[i] as number;
          const middle = talib.outputs.outRealMiddleBand[i] as number;
          const lower = talib.outputs.outRealLowerBand[i] as number;
          const window = series.close.slice(i + 1 - period, i + 1);
          expect(Math.abs(value.middle - middle)).toBeLessThanOrEqual(1e-9 * middle);
          if (window.every((close) => close === window[0])) {
            flatWindows++;
            expect([value.upper, value.lower]).toEqual([value.middle, value.middle]);
            expect(upper - middle).toBeLessThan(1e-4);
          } else {
            expect(Math.abs(value.upper - upper)).toBeLessThanOrEqual(1e-9 * upper);
            expect(Math.abs(value.lower - lower)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(lower)));
          }
        }
        // Two equal closes in a row happen in both series; three only in AAPL.
        if (period === 2) expect(flatWindows).toBeGreaterThan(0);
      });
    }
  }

  it("has the SMA as its middle band, bit for bit", () => {
    const bands = runIndicator(new BBands(20, 2), spy.bars, (value) => value.middle);
    expect(bands).toEqual(runIndicator(new SMA(20), spy.bars, (value) => value));
  });

  it("uses the population standard deviation (÷N)", () => {
    const bbands = new BBands(4, 2);
    let value: BBandsValue | null = null;
    for (const close of [2, 4, 4, 6]) value = bbands.update(bar(close));
    // mean 4, squared deviations 4 + 0 + 0 + 4 = 8, variance 8/4 = 2.
    expect(value).toEqual({ upper: 4 + 2 * Math.SQRT2, middle: 4, lower: 4 - 2 * Math.SQRT2 });
  });

  it("stays within 1e-9 of the exact two-pass deviation over 1,000,000 bars of high, barely moving prices", () => {
    // Prices near 600 moving by cents: the variance is ~1e-9 of the price², the worst case for a
    // running sum of squares (TA-Lib's method, computed alongside to show the test can fail).
    const period = 20;
    const bbands = new BBands(period, 1);
    const closes: number[] = [];
    let sum = 0;
    let sumOfSquares = 0;
    let worst = 0;
    let worstRunningSquares = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const close = 600 + Math.round(100 * Math.sin(i / 3000) + 3 * Math.sin(i * 1.7)) / 100;
      closes.push(close);
      sum += close;
      sumOfSquares += close * close;
      if (closes.length > period) {
        const oldest = closes[closes.length - 1 - period];
        sum -= oldest;
        sumOfSquares -= oldest * oldest;
      }
      const value = bbands.update(bar(close));
      if (value !== null && i % 997 === 0) {
        const exact = twoPassDeviation(closes, period);
        const scale = Math.max(exact, 1e-3);
        worst = Math.max(worst, Math.abs(value.upper - value.middle - exact) / scale);
        const mean = sum / period;
        const runningSquares = Math.sqrt(Math.max(0, sumOfSquares / period - mean * mean));
        worstRunningSquares = Math.max(worstRunningSquares, Math.abs(runningSquares - exact) / scale);
      }
      if (closes.length > 4 * period) closes.splice(0, closes.length - period - 1);
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
    expect(worstRunningSquares).toBeGreaterThan(1e-6);
  });

  it("gives a zero deviation once the window is all one price", () => {
    const bbands = new BBands(5, 2);
    for (const close of [10, 12, 9, 14, 11]) bbands.update(bar(close));
    let value: BBandsValue | null = null;
    for (let i = 0; i < 4; i++) value = bbands.update(bar(10.1));
    expect(value?.upper).not.toBe(value?.middle);
    for (let i = 0; i < 10; i++) {
      value = bbands.update(bar(10.1));
      expect(Math.abs((value?.middle as number) - 10.1)).toBeLessThan(1e-14);
      expect([value?.upper, value?.lower]).toEqual([value?.middle, value?.middle]);
    }
  });

  it("returns one reused value object", () => {
    const bbands = new BBands();
    const values = spy.bars.slice(0, 30).map((value) => bbands.update(value));
    expect(values[20]).toBe(values[29]);
  });

  it("refuses a bad period or a stddev that is not above zero", () => {
    expect(() => new BBands(0, 2)).toThrow(IndicatorError);
    expect(() => new BBands(20, 0)).toThrow("bbands: stddev must be a finite number > 0, got 0");
    expect(() => bbandsDefinition.params.parse({ stddev: -1 })).toThrow();
  });

  it("defines params { period = 20, stddev = 2 } and the key parts [period, stddev]", () => {
    const params = bbandsDefinition.params.parse({});
    expect(params).toEqual({ period: 20, stddev: 2 });
    expect(bbandsDefinition.keyParts(params)).toEqual([20, 2]);
    expect(bbandsDefinition.keyParts(bbandsDefinition.params.parse({ stddev: 2.5 }))).toEqual([20, 2.5]);
    expect(bbandsDefinition.outputs).toEqual(["upper", "middle", "lower"]);
  });
});

describeIndicatorContract("bbands(20, 2)", () => new BBands(), spy.bars.slice(0, 400));
describeIndicatorContract("bbands(3, 1.5)", () => new BBands(3, 1.5), aapl.bars.slice(0, 100));
