import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { ROC, rocDefinition } from "../../../src/indicators/roc.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

function bar(close: number) {
  return { time: 0, open: close, high: close, low: close, close, volume: 0 };
}

describe("ROC", () => {
  for (const series of [spy, aapl]) {
    for (const period of [10, 1, 20, 250]) {
      it(`equals TA-Lib ROC(${period}) on ${series.symbol} from its first value`, () => {
        const talib = runTalib("ROC", { inReal: series.close }, { optInTimePeriod: period });
        const ours = runIndicator(new ROC(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("compares the close with the close N bars earlier, in percent", () => {
    const roc = new ROC(2);
    // (60 / 50 − 1)·100 = 20 and (30 / 40 − 1)·100 = −25, in TA-Lib's order of operations.
    expect([50, 40, 60, 30].map((close) => roc.update(bar(close)))).toEqual([
      null,
      null,
      (60 / 50 - 1) * 100,
      (30 / 40 - 1) * 100,
    ]);
  });

  it("gives 0 when the earlier close is 0, like TA-Lib", () => {
    const closes = [0, 1, 2, 0, 3, 4];
    const talib = runTalib("ROC", { inReal: closes }, { optInTimePeriod: 1 });
    const ours = runIndicator(new ROC(1), closes.map(bar), (value) => value);
    expect(ours).toEqual([null, 0, 100, -100, 0, (4 / 3 - 1) * 100]);
    expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
  });

  it("declares requiredBars = stableBars = N + 1", () => {
    expect([new ROC().requiredBars, new ROC().stableBars]).toEqual([11, 11]);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new ROC(0)).toThrow(IndicatorError);
  });

  it("defines params { period = 10 } and the key part [period]", () => {
    const params = rocDefinition.params.parse({});
    expect(params).toEqual({ period: 10 });
    expect(rocDefinition.keyParts(params)).toEqual([10]);
    expect(rocDefinition.create({ period: 3 }).requiredBars).toBe(4);
  });
});

describeIndicatorContract("roc(10)", () => new ROC(), spy.bars.slice(0, 300));
describeIndicatorContract("roc(1)", () => new ROC(1), aapl.bars.slice(0, 100));
