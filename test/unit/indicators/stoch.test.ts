import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { Stoch, type StochValue, stochDefinition } from "../../../src/indicators/stoch.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

function talibStoch(
  series: { high: number[]; low: number[]; close: number[] },
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
) {
  return runTalib(
    "STOCH",
    { high: series.high, low: series.low, close: series.close },
    {
      optInFastK_Period: kPeriod,
      optInSlowK_Period: kSmoothing,
      optInSlowK_MAType: 0,
      optInSlowD_Period: dPeriod,
      optInSlowD_MAType: 0,
    },
  );
}

describe("Stoch", () => {
  for (const series of [spy, aapl]) {
    for (const [kPeriod, kSmoothing, dPeriod] of [
      [14, 3, 3],
      [5, 1, 1],
      [9, 5, 4],
      [1, 2, 3],
      [50, 3, 10],
    ]) {
      it(`equals TA-Lib STOCH(${kPeriod}, ${kSmoothing}, ${dPeriod}, SMA) on ${series.symbol}, k and d`, () => {
        const talib = talibStoch(series, kPeriod, kSmoothing, dPeriod);
        const run = (pick: (value: StochValue) => number) =>
          runIndicator(new Stoch(kPeriod, kSmoothing, dPeriod), series.bars, pick);
        expectMatchesTalib(
          run((value) => value.k),
          talib.outputs.outSlowK,
          talib.begIndex,
        );
        expectMatchesTalib(
          run((value) => value.d),
          talib.outputs.outSlowD,
          talib.begIndex,
        );
      });
    }
  }

  it("gives a fast %K of 0 when the range is flat, like TA-Lib", () => {
    const closes = [...Array(12).fill(20), 21, 19, 20, 20, 20, 20, 20, 20];
    const series = { high: closes, low: closes, close: closes };
    const talib = talibStoch(series, 3, 1, 1);
    const bars = closes.map((close) => ({ time: 0, open: close, high: close, low: close, close, volume: 0 }));
    const ours = runIndicator(new Stoch(3, 1, 1), bars, (value) => value.k);
    expect(ours.slice(2, 12)).toEqual(Array(10).fill(0));
    expectMatchesTalib(ours, talib.outputs.outSlowK, talib.begIndex);
  });

  it("declares requiredBars kPeriod + kSmoothing + dPeriod − 2", () => {
    const stoch = new Stoch();
    expect([stoch.requiredBars, stoch.stableBars]).toEqual([18, 18]);
    expect(new Stoch(1, 1, 1).requiredBars).toBe(1);
  });

  it("returns one reused value object", () => {
    const stoch = new Stoch();
    const values = spy.bars.slice(0, 30).map((bar) => stoch.update(bar));
    expect(values[17]).toBe(values[29]);
  });

  it("refuses periods that are not whole numbers ≥ 1", () => {
    expect(() => new Stoch(14, 0, 3)).toThrow(
      "stoch: kSmoothing must be a whole number from 1 to 100000, got 0",
    );
    expect(() => new Stoch(14, 3, 1.5)).toThrow(IndicatorError);
  });

  it("defines params { kPeriod = 14, kSmoothing = 3, dPeriod = 3 } and all three as key parts", () => {
    const params = stochDefinition.params.parse({});
    expect(params).toEqual({ kPeriod: 14, kSmoothing: 3, dPeriod: 3 });
    expect(stochDefinition.keyParts(params)).toEqual([14, 3, 3]);
    expect(stochDefinition.outputs).toEqual(["k", "d"]);
    expect(() => stochDefinition.params.parse({ k_period: 14 })).toThrow();
  });
});

describeIndicatorContract("stoch(14, 3, 3)", () => new Stoch(), spy.bars.slice(0, 400));
describeIndicatorContract("stoch(3, 1, 2)", () => new Stoch(3, 1, 2), aapl.bars.slice(0, 150));
