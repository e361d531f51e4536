import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { EMA, emaDefinition } from "../../../src/indicators/ema.js";
import { SMA } from "../../../src/indicators/sma.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("EMA", () => {
  for (const series of [spy, aapl]) {
    for (const period of [20, 2, 9, 50]) {
      it(`equals TA-Lib EMA(${period}) on ${series.symbol} from its first value`, () => {
        const talib = runTalib("EMA", { inReal: series.close }, { optInTimePeriod: period });
        const ours = runIndicator(new EMA(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("is seeded with the SMA of the first N closes, then smooths with α = 2/(N+1)", () => {
    const ema = new EMA(10);
    const sma = new SMA(10);
    for (const bar of spy.bars.slice(0, 10)) {
      ema.update(bar);
      sma.update(bar);
    }
    expect(ema.value).toBe(sma.value);
    const seed = ema.value as number;
    const close = spy.bars[10].close;
    expect(ema.update(spy.bars[10])).toBe((close - seed) * (2 / 11) + seed);
  });

  it("with period 1 is the close itself (TA-Lib refuses period 1)", () => {
    expect(runIndicator(new EMA(1), spy.bars, (value) => value)).toEqual(spy.close);
  });

  it("is stable once the seed weighs below 1e-6: stableBars = N + ⌈ln 1e-6 / ln(1 − α)⌉", () => {
    expect([new EMA(20).requiredBars, new EMA(20).stableBars]).toEqual([20, 159]);
    expect(new EMA(1).stableBars).toBe(1);
    const ema = new EMA(50);
    expect((1 - 2 / 51) ** (ema.stableBars - 50)).toBeLessThan(1e-6);
    expect((1 - 2 / 51) ** (ema.stableBars - 51)).toBeGreaterThanOrEqual(1e-6);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new EMA(0)).toThrow(IndicatorError);
    expect(() => new EMA(-3)).toThrow("ema: period must be a whole number from 1 to 100000, got -3");
  });

  it("defines params { period = 20 } and the key part [period]", () => {
    const params = emaDefinition.params.parse({});
    expect(params).toEqual({ period: 20 });
    expect(emaDefinition.keyParts(params)).toEqual([20]);
    expect(emaDefinition.create({ period: 9 }).stableBars).toBe(new EMA(9).stableBars);
    expect(() => emaDefinition.params.parse({ period: 1.5 })).toThrow();
  });
});

describeIndicatorContract("ema(20)", () => new EMA(20), spy.bars.slice(0, 400));
describeIndicatorContract("ema(1)", () => new EMA(1), aapl.bars.slice(0, 100));
