import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { RSI, rsiDefinition } from "../../../src/indicators/rsi.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

function bar(close: number) {
  return { time: 0, open: close, high: close, low: close, close, volume: 0 };
}

describe("RSI", () => {
  for (const series of [spy, aapl]) {
    for (const period of [14, 2, 7, 30]) {
      it(`equals TA-Lib RSI(${period}) on ${series.symbol} from its first value`, () => {
        const talib = runTalib("RSI", { inReal: series.close }, { optInTimePeriod: period });
        const ours = runIndicator(new RSI(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("seeds with the simple means of the first N gains and losses, then smooths like Wilder", () => {
    const rsi = new RSI(3);
    // Changes +2, −1, +3: average gain 5/3, average loss 1/3.
    const values = [10, 12, 11, 14].map((close) => rsi.update(bar(close)));
    expect(values).toEqual([null, null, null, 100 * (5 / 3 / (5 / 3 + 1 / 3))]);
    // Change −2: gain (5/3·2 + 0)/3, loss (1/3·2 + 2)/3.
    const gain = ((5 / 3) * 2) / 3;
    const loss = ((1 / 3) * 2 + 2) / 3;
    expect(rsi.update(bar(12))).toBe(100 * (gain / (gain + loss)));
  });

  it("gives 0 on a flat series, like TA-Lib", () => {
    const closes = [...Array(20).fill(50), 51, 50, 50];
    const talib = runTalib("RSI", { inReal: closes }, { optInTimePeriod: 5 });
    const ours = runIndicator(new RSI(5), closes.map(bar), (value) => value);
    expect(ours.slice(5, 20)).toEqual(Array(15).fill(0));
    expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
  });

  it("declares requiredBars N + 1 and stableBars once the seed weighs below 1e-6", () => {
    const rsi = new RSI(14);
    expect([rsi.requiredBars, rsi.stableBars]).toEqual([15, 202]);
    expect((13 / 14) ** (rsi.stableBars - 15)).toBeLessThan(1e-6);
    expect((13 / 14) ** (rsi.stableBars - 16)).toBeGreaterThanOrEqual(1e-6);
  });

  it("refuses a period below 2 (TA-Lib's minimum; Wilder's α = 1 is degenerate)", () => {
    expect(() => new RSI(1)).toThrow(IndicatorError);
    expect(() => rsiDefinition.params.parse({ period: 1 })).toThrow();
  });

  it("defines params { period = 14 } and the key part [period]", () => {
    const params = rsiDefinition.params.parse({});
    expect(params).toEqual({ period: 14 });
    expect(rsiDefinition.keyParts(params)).toEqual([14]);
    expect(rsiDefinition.create({ period: 7 }).requiredBars).toBe(8);
  });
});

describeIndicatorContract("rsi(14)", () => new RSI(14), spy.bars.slice(0, 400));
describeIndicatorContract("rsi(2)", () => new RSI(2), aapl.bars.slice(0, 200));
