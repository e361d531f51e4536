import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { WMA, wmaDefinition } from "../../../src/indicators/wma.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

function bar(close: number) {
  return { time: 0, open: close, high: close, low: close, close, volume: 0 };
}

describe("WMA", () => {
  for (const series of [spy, aapl]) {
    for (const period of [20, 2, 9, 100]) {
      it(`equals TA-Lib WMA(${period}) on ${series.symbol} from its first value`, () => {
        const talib = runTalib("WMA", { inReal: series.close }, { optInTimePeriod: period });
        const ours = runIndicator(new WMA(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("weighs the newest close N and the oldest 1", () => {
    const wma = new WMA(3);
    const values = [1, 2, 3, 10].map((close) => wma.update(bar(close)));
    expect(values).toEqual([null, null, (1 + 4 + 9) / 6, (2 + 6 + 30) / 6]);
  });

  it("with period 1 is the close itself", () => {
    expect(runIndicator(new WMA(1), aapl.bars, (value) => value)).toEqual(aapl.close);
  });

  it("does not drift over a long series: equals the direct weighted sum after 300,000 bars", () => {
    const period = 30;
    const wma = new WMA(period);
    const closes: number[] = [];
    for (let i = 0; i < 300_000; i++) {
      const close = 400 + 100 * Math.sin(i / 50) + (i % 7) * 0.01;
      closes.push(close);
      wma.update(bar(close));
    }
    let weighted = 0;
    for (let weight = 1; weight <= period; weight++)
      weighted += weight * closes[closes.length - period - 1 + weight];
    const direct = weighted / ((period * (period + 1)) / 2);
    expect(Math.abs((wma.value as number) - direct)).toBeLessThanOrEqual(1e-12 * direct);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new WMA(0)).toThrow(IndicatorError);
  });

  it("defines params { period = 20 } and the key part [period]", () => {
    const params = wmaDefinition.params.parse({});
    expect(params).toEqual({ period: 20 });
    expect(wmaDefinition.keyParts(params)).toEqual([20]);
    expect(wmaDefinition.create({ period: 4 }).requiredBars).toBe(4);
  });
});

describeIndicatorContract("wma(20)", () => new WMA(20), spy.bars.slice(0, 400));
describeIndicatorContract("wma(1)", () => new WMA(1), spy.bars.slice(0, 100));
