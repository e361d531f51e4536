import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { ADX, adxDefinition } from "../../../src/indicators/adx.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("ADX", () => {
  for (const series of [spy, aapl]) {
    for (const period of [14, 2, 7, 30]) {
      it(`equals TA-Lib ADX(${period}) on ${series.symbol} from its first value`, () => {
        const { high, low, close } = series;
        const talib = runTalib("ADX", { high, low, close }, { optInTimePeriod: period });
        expect(talib.begIndex).toBe(2 * period - 1);
        const ours = runIndicator(new ADX(period), series.bars, (value) => value);
        expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
      });
    }
  }

  it("skips undefined DX values (no range or no movement) like TA-Lib, in the seed and after it", () => {
    // A flat start (TR = 0: no DX for the whole seed, so the first ADX is 0), some movement, then a
    // flat stretch long enough for the smoothed TR to fall below 1e-14: the ADX then holds still.
    const rows: Array<[number, number, number]> = [];
    for (let i = 0; i < 10; i++) rows.push([10, 10, 10]);
    for (let i = 0; i < 20; i++) rows.push([10 + (i % 5) + 1, 10 + (i % 5) - 1, 10 + (i % 5)]);
    for (let i = 0; i < 120; i++) rows.push([12, 12, 12]);
    rows.push([13, 11.5, 12.5], [12.8, 12, 12.1]);
    const high = rows.map((row) => row[0]);
    const low = rows.map((row) => row[1]);
    const close = rows.map((row) => row[2]);
    const bars = rows.map(([h, l, c], time) => ({ time, open: c, high: h, low: l, close: c, volume: 0 }));
    const talib = runTalib("ADX", { high, low, close }, { optInTimePeriod: 3 });
    const adx = new ADX(3);
    const ours = runIndicator(adx, bars.slice(0, 150), (value) => value);
    expect(adx.snapshot()["range"]).toBeLessThan(1e-14);
    ours.push(...runIndicator(adx, bars.slice(150), (value) => value));
    expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
    expect(ours.slice(5, 10)).toEqual([0, 0, 0, 0, 0]);
    expect(ours[149]).toBe(ours[135]);
    expect(ours[149]).not.toBe(0);
  });

  it("declares requiredBars 2N and stableBars once the ADX seed weighs below 1e-6", () => {
    const adx = new ADX();
    expect([adx.requiredBars, adx.stableBars]).toEqual([28, 215]);
  });

  it("refuses a period below 2 (TA-Lib's minimum)", () => {
    expect(() => new ADX(1)).toThrow(IndicatorError);
  });

  it("defines params { period = 14 } and the key part [period]", () => {
    const params = adxDefinition.params.parse({});
    expect(params).toEqual({ period: 14 });
    expect(adxDefinition.keyParts(params)).toEqual([14]);
    expect(adxDefinition.create({ period: 5 }).requiredBars).toBe(10);
  });
});

describeIndicatorContract("adx(14)", () => new ADX(), spy.bars.slice(0, 400));
describeIndicatorContract("adx(2)", () => new ADX(2), aapl.bars.slice(0, 100));
