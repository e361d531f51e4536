import { describe, expect, it } from "vitest";
import { IntervalError } from "../../../src/core/errors.js";
import {
  baseInterval,
  compareIntervals,
  formatInterval,
  isDerived,
  isInterval,
  isIntraday,
  parseInterval,
} from "../../../src/core/interval.js";

describe("parseInterval", () => {
  it.each([
    ["1s", "s", 1, 1_000],
    ["59s", "s", 59, 59_000],
    ["1m", "m", 1, 60_000],
    ["5m", "m", 5, 300_000],
    ["390m", "m", 390, 23_400_000],
    ["1h", "m", 60, 3_600_000],
    ["2h", "m", 120, 7_200_000],
    ["4h", "m", 240, 14_400_000],
  ])("parses %s as %s×%d with a fixed duration of %d ms", (text, unit, count, durationMs) => {
    expect(parseInterval(text)).toEqual({ text: `${count}${unit}`, unit, count, durationMs });
  });

  it.each([
    ["1d", "d", 1],
    ["5d", "d", 5],
    ["1w", "w", 1],
    ["52w", "w", 52],
  ])("parses %s as a calendar interval with no fixed duration", (text, unit, count) => {
    expect(parseInterval(text)).toEqual({ text, unit, count, durationMs: undefined });
  });

  it("trims surrounding white space", () => {
    expect(parseInterval(" 15m ").text).toBe("15m");
  });

  it.each(["5x", "m5", "0m", "1.5m", "", "m", "05m", "-1m", "1 m", "60s", "1M", "1D"])(
    "rejects %j with a coded error",
    (text) => {
      expect(() => parseInterval(text)).toThrow(IntervalError);
      try {
        parseInterval(text);
      } catch (error) {
        expect((error as IntervalError).code).toBe("SCN_ERR_INTERVAL");
        expect((error as IntervalError).message).toContain(`"${text}"`);
      }
    },
  );

  it("rejects non-string input", () => {
    expect(() => parseInterval(5 as unknown as string)).toThrow('Interval must be a string like "5m", got 5');
  });
});

describe("formatting and classification", () => {
  it("formats hours canonically as minutes", () => {
    expect(formatInterval("1h")).toBe("60m");
    expect(formatInterval(parseInterval("4h"))).toBe("240m");
  });

  it("answers isInterval without throwing", () => {
    expect(isInterval("5m")).toBe(true);
    expect(isInterval("5x")).toBe(false);
  });

  it("knows intraday from calendar intervals", () => {
    expect(isIntraday(parseInterval("30s"))).toBe(true);
    expect(isIntraday(parseInterval("15m"))).toBe(true);
    expect(isIntraday(parseInterval("1d"))).toBe(false);
    expect(isIntraday(parseInterval("1w"))).toBe(false);
  });

  it.each([
    ["5s", "1s"],
    ["5m", "1m"],
    ["60m", "1m"],
    ["1m", "1m"],
    ["1d", "1d"],
    ["5d", "1d"],
    ["1w", "1d"],
  ])("base interval of %s is %s", (text, base) => {
    expect(baseInterval(parseInterval(text)).text).toBe(base);
    expect(isDerived(parseInterval(text))).toBe(text !== base);
  });

  it("orders intervals from short to long", () => {
    const sorted = ["1w", "1d", "5m", "30s", "1h"].map(parseInterval).sort(compareIntervals);
    expect(sorted.map((interval) => interval.text)).toEqual(["30s", "5m", "60m", "1d", "1w"]);
  });
});
