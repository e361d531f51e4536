import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { HighLow, type HighLowValue, highLowDefinition } from "../../../src/indicators/high-low.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("HighLow", () => {
  for (const series of [spy, aapl]) {
    for (const period of [20, 2, 52, 252]) {
      it(`equals TA-Lib MAX(high) and MIN(low) over ${period} bars on ${series.symbol}`, () => {
        const highs = runTalib("MAX", { inReal: series.high }, { optInTimePeriod: period });
        const lows = runTalib("MIN", { inReal: series.low }, { optInTimePeriod: period });
        const run = (pick: (value: HighLowValue) => number) =>
          runIndicator(new HighLow(period), series.bars, pick);
        expectMatchesTalib(
          run((value) => value.high),
          highs.outputs.outReal,
          highs.begIndex,
        );
        expectMatchesTalib(
          run((value) => value.low),
          lows.outputs.outReal,
          lows.begIndex,
        );
      });
    }
  }

  it("with period 1 is the bar's own high and low (TA-Lib refuses period 1)", () => {
    const highLow = new HighLow(1);
    for (const bar of aapl.bars.slice(0, 200))
      expect(highLow.update(bar)).toEqual({ high: bar.high, low: bar.low });
  });

  it("keeps exact equality on a long monotone run (the deque's worst case)", () => {
    const highLow = new HighLow(5);
    let value: HighLowValue | null = null;
    for (let i = 0; i < 1000; i++) {
      const price = 1000 - i;
      value = highLow.update({
        time: i,
        open: price,
        high: price + 1,
        low: price - 1,
        close: price,
        volume: 1,
      });
    }
    expect(value).toEqual({ high: 1000 - 995 + 1, low: 1000 - 999 - 1 });
  });

  it("returns one reused value object", () => {
    const highLow = new HighLow();
    const values = spy.bars.slice(0, 30).map((bar) => highLow.update(bar));
    expect(values[19]).toBe(values[29]);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new HighLow(0)).toThrow(IndicatorError);
  });

  it("defines params { period = 20 } and the key part [period] (52 on 1w for a 52-week range)", () => {
    const params = highLowDefinition.params.parse({});
    expect(params).toEqual({ period: 20 });
    expect(highLowDefinition.keyParts(highLowDefinition.params.parse({ period: 52 }))).toEqual([52]);
    expect(highLowDefinition.outputs).toEqual(["high", "low"]);
    expect(highLowDefinition.name).toBe("high_low");
  });
});

describeIndicatorContract("high_low(20)", () => new HighLow(), spy.bars.slice(0, 400));
describeIndicatorContract("high_low(1)", () => new HighLow(1), aapl.bars.slice(0, 100));
describeIndicatorContract("high_low(52)", () => new HighLow(52), aapl.bars.slice(1000, 1400));
