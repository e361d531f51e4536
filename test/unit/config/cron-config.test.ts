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
});
