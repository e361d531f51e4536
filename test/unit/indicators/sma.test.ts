import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { SMA, smaDefinition } from "../../../src/indicators/sma.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("SMA", () => {
  for (const series of [spy, aapl]) {
    for (const period of [20, 2, 7, 200]) {
      it(`equals TA-Lib SMA(${period}) on ${series.symbol} from its first value`, () => {
        const talib = runTalib("SMA", { inReal: series.close }, { optInTimePeriod: period });
        const ours = runIndicator(new SMA(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("with period 1 is the close itself (TA-Lib refuses period 1)", () => {
    expect(runIndicator(new SMA(1), spy.bars, (value) => value)).toEqual(spy.close);
  });

  it("averages the last N closes", () => {
    const sma = new SMA(3);
    const closes = [1, 2, 3, 4, 10];
    const values = closes.map((close) =>
      sma.update({ time: 0, open: close, high: close, low: close, close, volume: 0 }),
    );
    expect(values).toEqual([null, null, 2, 3, 17 / 3]);
  });

  it("declares its warm-up: requiredBars = stableBars = period", () => {
    const sma = new SMA(50);
    expect([sma.requiredBars, sma.stableBars]).toEqual([50, 50]);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new SMA(0)).toThrow(IndicatorError);
    expect(() => new SMA(2.5)).toThrow("sma: period must be a whole number from 1 to 100000, got 2.5");
  });

  it("defines params { period = 20 } and the key part [period]", () => {
    const params = smaDefinition.params.parse({});
    expect(params).toEqual({ period: 20 });
    expect(smaDefinition.keyParts(params)).toEqual([20]);
    expect(smaDefinition.create({ period: 5 }).requiredBars).toBe(5);
    expect(() => smaDefinition.params.parse({ period: 0 })).toThrow();
    expect(() => smaDefinition.params.parse({ period: 20, window: 3 })).toThrow();
  });
});

describeIndicatorContract("sma(20)", () => new SMA(20), spy.bars.slice(0, 400));
describeIndicatorContract("sma(1)", () => new SMA(1), spy.bars.slice(0, 100));
