import { describe, expect, it } from "vitest";
import { OBV, obvDefinition } from "../../../src/indicators/obv.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { expectMatchesTalib, loadDailySeries, runIndicator, runTalib } from "../../helpers/talib-oracle.js";

const spy = loadDailySeries("SPY");
const aapl = loadDailySeries("AAPL");

describe("OBV", () => {
  for (const series of [spy, aapl]) {
    it(`equals TA-Lib OBV on ${series.symbol} from the first bar`, () => {
      const talib = runTalib("OBV", { inReal: series.close, volume: series.volume });
      const ours = runIndicator(new OBV(), series.bars, (value) => value);
      expectMatchesTalib(ours, talib.outputs.outReal, talib.begIndex);
    });
  }

  it("starts at the first bar's volume, then adds up-close and subtracts down-close volume", () => {
    const obv = new OBV();
    const rows: Array<[number, number]> = [
      [10, 100],
      [11, 50],
      [11, 70],
      [9, 30],
    ];
    const values = rows.map(([close, volume]) =>
      obv.update({ time: 0, open: close, high: close, low: close, close, volume }),
    );
    expect(values).toEqual([100, 150, 150, 120]);
  });

  it("declares requiredBars = stableBars = 1", () => {
    expect([new OBV().requiredBars, new OBV().stableBars]).toEqual([1, 1]);
  });

  it("takes no parameters and has no key parts", () => {
    expect(obvDefinition.params.parse({})).toEqual({});
    expect(obvDefinition.keyParts({})).toEqual([]);
    expect(() => obvDefinition.params.parse({ period: 3 })).toThrow();
    expect(obvDefinition.create({}).type).toBe("obv");
  });
});

describeIndicatorContract("obv", () => new OBV(), spy.bars.slice(0, 200));
