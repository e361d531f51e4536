import { describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { ImportError } from "../../../src/core/errors.js";
import { newYorkWallTime } from "../../../src/core/new-york-time.js";
import { adjustBars, parseAdjustmentFactors } from "../../../src/data/adjustment-factors.js";

const FACTORS = "20140606,0.9,0.5,645.57\n20140806,0.95,1,94.97\n20501231,1,1,0\n";

function dailyBar(dateKey: number, close: number, volume: number) {
  return { time: newYorkWallTime(dateKey, 9, 30), open: close, high: close, low: close, close, volume };
}

describe("parseAdjustmentFactors", () => {
  it("reads rows with or without a header", () => {
    const factors = parseAdjustmentFactors(
      `date,priceFactor,splitFactor,referencePrice\n${FACTORS}`,
      "f.csv",
    );
    expect(Array.from(factors.dateKeys)).toEqual([20140606, 20140806, 20501231]);
    expect(Array.from(factors.priceFactors)).toEqual([0.9, 0.95, 1]);
    expect(Array.from(factors.splitFactors)).toEqual([0.5, 1, 1]);
    expect(Array.from(parseAdjustmentFactors(FACTORS, "f.csv").dateKeys)).toEqual([
      20140606, 20140806, 20501231,
    ]);
  });

  it("lists every bad row", () => {
    const text = "20140606,0.9,0.5,1\n2014-08-06,1,1,1\n20140101,1,1,1\n20150101,0,1,1\n20160101,1\n";
    try {
      parseAdjustmentFactors(text, "bad.csv");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).problems).toEqual([
        { line: 2, reason: 'date "2014-08-06" is not a valid YYYYMMDD date' },
        { line: 3, reason: "date 20140101 is not after the previous row's 20140606" },
        { line: 4, reason: 'priceFactor "0" is not a positive number' },
        {
          line: 5,
          reason: "expected 3 or 4 columns (date,priceFactor,splitFactor[,referencePrice]), found 2",
        },
      ]);
    }
  });
});

describe("adjustBars", () => {
  it("applies the first row dated on or after each bar's date; volume is divided by the split factor", () => {
    const factors = parseAdjustmentFactors(FACTORS, "f.csv");
    const bars = barsToColumns([
      dailyBar(20140605, 100, 1001),
      dailyBar(20140606, 100, 1001),
      dailyBar(20140609, 50, 2002),
      dailyBar(20140806, 50, 2002),
      dailyBar(20140807, 50, 2002),
      dailyBar(20510102, 50, 2002),
    ]);
    const adjusted = adjustBars(bars, factors);
    expect(Array.from(adjusted.time)).toEqual(Array.from(bars.time));
    expect(Array.from(adjusted.close)).toEqual([
      100 * 0.9 * 0.5,
      100 * 0.9 * 0.5,
      50 * 0.95 * 1,
      50 * 0.95 * 1,
      50 * 1 * 1,
      50, // after the last row: unadjusted
    ]);
    expect(Array.from(adjusted.volume)).toEqual([2002, 2002, 2002, 2002, 2002, 2002]);
    expect(adjusted.high[0]).toBe(100 * 0.9 * 0.5);
  });
});
