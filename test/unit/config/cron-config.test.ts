import { describe, expect, it } from "vitest";
import { cronProblem } from "../../../src/config/cron-config.js";

describe("cronProblem", () => {
  it("accepts 5-field expressions and 6-field ones with seconds first", () => {
    expect(cronProblem("*/5 9-15 * * 1-5")).toBeUndefined();
    expect(cronProblem("30 */5 9-15 * * MON-FRI")).toBeUndefined();
  });

  it("refuses other field counts, macros included", () => {
    expect(cronProblem("@daily")).toBe(
      '"@daily" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 1',
    );
    expect(cronProblem("0 0 9 * * 1 2")).toBe(
      '"0 0 9 * * 1 2" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 7',
    );
    expect(cronProblem("  ")).toBe(
      '"  " is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 0',
    );
  });

  it("passes on cron-parser's reason for a field it refuses", () => {
    expect(cronProblem("0 25 * * *")).toBe(
      '"0 25 * * *" is not a cron expression: Constraint error, got value 25 expected range 0-23',
    );
    expect(cronProblem("0 10 30 2 *")).toBe(
      '"0 10 30 2 *" is not a cron expression: Invalid explicit day of month definition',
    );
    expect(cronProblem("5-1 * * * *")).toBe(
      '"5-1 * * * *" is not a cron expression: Invalid range: 5-1, min(5) > max(1)',
    );
  });

  it("refuses an expression that fires more than once a minute (finer than the 1-minute bars)", () => {
    expect(cronProblem("* * * * * *")).toBe(
      '"* * * * * *" fires 60 times a minute (seconds 0,1,2,3,…); a schedule can be no finer than ' +
        'the feed\'s 1-minute bars: give the seconds field one value (e.g. "0 * * * * *") or use 5 fields',
    );
    expect(cronProblem("*/20 * 9-15 * * 1-5")).toBe(
      '"*/20 * 9-15 * * 1-5" fires 3 times a minute (seconds 0,20,40); a schedule can be no finer than ' +
        'the feed\'s 1-minute bars: give the seconds field one value (e.g. "0 * * * * *") or use 5 fields',
    );
    // One second of each minute is at minute resolution: allowed.
    expect(cronProblem("15 * * * * *")).toBeUndefined();
  });
});
