import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { ATR, atrDefinition } from "../../../src/indicators/atr.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("ATR", () => {
  for (const series of [spy, aapl]) {
    for (const period of [14, 1, 5, 30]) {
      it(`equals TA-Lib ATR(${period}) on ${series.symbol} from its first value`, () => {
        const { high, low, close } = series;
        const talib = runTalib("ATR", { high, low, close }, { optInTimePeriod: period });
        expect(talib.begIndex).toBe(period);
        const ours = runIndicator(new ATR(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("seeds with the mean of the first N true ranges (from bar 2), then smooths like Wilder", () => {
    const atr = new ATR(2);
    const bars = [
      { time: 0, open: 10, high: 11, low: 9, close: 10, volume: 0 },
      { time: 1, open: 10, high: 13, low: 10, close: 12, volume: 0 }, // TR 3
      { time: 2, open: 12, high: 12.5, low: 11.5, close: 12, volume: 0 }, // TR 1
      { time: 3, open: 12, high: 12, low: 7, close: 8, volume: 0 }, // TR 5 (|L − C₋₁| = 5)
    ];
    expect(bars.map((bar) => atr.update(bar))).toEqual([null, null, 2, (2 * 1 + 5) / 2]);
  });

  it("declares requiredBars N + 1 and stableBars once the seed weighs below 1e-6", () => {
    const atr = new ATR();
    expect([atr.requiredBars, atr.stableBars]).toEqual([15, 202]);
    expect(new ATR(1).stableBars).toBe(2);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new ATR(0)).toThrow(IndicatorError);
  });

  it("defines params { period = 14 } and the key part [period]", () => {
    const params = atrDefinition.params.parse({});
    expect(params).toEqual({ period: 14 });
    expect(atrDefinition.keyParts(params)).toEqual([14]);
    expect(atrDefinition.create({ period: 3 }).requiredBars).toBe(4);
  });
});

describeIndicatorContract("atr(14)", () => new ATR(), spy.bars.slice(0, 400));
describeIndicatorContract("atr(1)", () => new ATR(1), aapl.bars.slice(0, 100));
