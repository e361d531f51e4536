import { describe, expect, it } from "vitest";
import { assertValidBar, barProblem, isVisibleAt } from "../../../src/core/bar.js";
import { barsToColumns, columnsToBars, sliceColumns } from "../../../src/core/bar-columns.js";
import { DataError } from "../../../src/core/errors.js";

describe("bar invariants", () => {
  it("accepts a consistent bar", () => {
    expect(barProblem(10, 11, 9, 10.5, 100)).toBeUndefined();
    expect(barProblem(10, 10, 10, 10, 0)).toBeUndefined();
  });

  it.each<[[number, number, number, number, number], string]>([
    [[Number.NaN, 11, 9, 10, 1], "open NaN is not a finite number"],
    [[10, Number.POSITIVE_INFINITY, 9, 10, 1], "high Infinity is not a finite number"],
    [[10, 11, 9, 10, -5], "volume -5 is negative"],
    [[10, 9, 11, 10, 1], "high 9 is below low 11"],
    [[10, 10.5, 9, 11, 1], "high 10.5 is below max(open 10, close 11)"],
    [[10, 12, 9.5, 9, 1], "low 9.5 is above min(open 10, close 9)"],
  ])("names the broken invariant of %j", (values, message) => {
    expect(barProblem(...values)).toBe(message);
  });

  it("throws a DataError naming the bar", () => {
    const bar = {
      time: Date.parse("2013-10-07T13:30:00Z"),
      interval: "1m",
      open: 1,
      high: 0.5,
      low: 0.4,
      close: 1,
      volume: 1,
    };
    expect(() => assertValidBar(bar)).toThrow(DataError);
    expect(() => assertValidBar(bar)).toThrow(
      "Invalid 1m bar at 2013-10-07T13:30:00.000Z: high 0.5 is below max(open 1, close 1)",
    );
  });

  it("makes a bar visible at its end, not before", () => {
    const end = 1_000 + 60_000;
    expect(isVisibleAt(end, end - 1)).toBe(false);
    expect(isVisibleAt(end, end)).toBe(true);
  });
});

describe("bar columns", () => {
  const bars = [
    { time: 0, interval: "1m", open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
    { time: 60_000, interval: "1m", open: 1.5, high: 3, low: 1, close: 2.5, volume: 20 },
    { time: 120_000, interval: "1m", open: 2.5, high: 2.6, low: 2, close: 2.1, volume: 30 },
  ];

  it("round-trips bars through columns", () => {
    expect(columnsToBars(barsToColumns(bars), "1m")).toEqual(bars);
  });

  it("slices without copying", () => {
    const columns = barsToColumns(bars);
    const tail = sliceColumns(columns, 1, 3);
    expect(tail.length).toBe(2);
    expect(Array.from(tail.close)).toEqual([2.5, 2.1]);
    columns.close[2] = 9;
    expect(tail.close[1]).toBe(9);
  });
});
