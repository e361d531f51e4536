import { describe, expect, it } from "vitest";
import {
  type ScannerConfigInput,
  scannerConfigSchema,
  scannersSchema,
} from "../../../src/config/scanner-config.js";
import { windowProblems } from "../../../src/config/scanner-schedule-config.js";
import { formatZodIssues } from "../../../src/core/zod-issues.js";
import { marketDefinition } from "../../../src/time/markets/index.js";
import { regularDayOf } from "../../../src/time/regular-day.js";

const base: ScannerConfigInput = { name: "momentum", plugin: "plugins/momentum.ts", universe: ["AIG"] };

function problems(
  input: unknown,
  schema: typeof scannerConfigSchema | typeof scannersSchema = scannerConfigSchema,
) {
  const result = schema.safeParse(input);
  return result.success ? "" : formatZodIssues(result.error.issues);
}

describe("scannerConfigSchema", () => {
  it("fills in the defaults and turns pre_session true into open-30m (09:00 on the NYSE)", () => {
    expect(scannerConfigSchema.parse({ ...base, pre_session: true })).toEqual({
      name: "momentum",
      plugin: "plugins/momentum.ts",
      enabled: true,
      universe: ["AIG"],
      indicators: [],
      pre_session: "open-30m",
      regular_session: [],
      timeout_seconds: 30,
      max_consecutive_failures: 3,
      promote: false,
      direction: "long",
      config: {},
    });
  });

  it("takes direction long or short and refuses anything else", () => {
    expect(scannerConfigSchema.parse({ ...base, cron: "0 10 * * 1-5", direction: "short" }).direction).toBe(
      "short",
    );
    expect(problems({ ...base, cron: "0 10 * * 1-5", direction: "sell" })).toBe(
      'direction: Invalid option: expected one of "long"|"short"',
    );
  });

  it("writes window intervals canonically (1h → 60m) and parses its own output to itself", () => {
    const parsed = scannerConfigSchema.parse({
      ...base,
      universe: ["aig", "spy"],
      regular_session: [{ start: "open", end: "close", interval: "1h" }],
      cron: "0 10 * * 1-5",
    });
    expect(parsed.regular_session).toEqual([{ start: "open", end: "close", interval: "60m" }]);
    expect(parsed.universe).toEqual(["AIG", "SPY"]);
    expect(scannerConfigSchema.parse(parsed)).toEqual(parsed);
  });

  it("accepts windows from the open to the close, 1m grids, and windows that only touch", () => {
    expect(
      problems({
        ...base,
        regular_session: [
          { start: "09:30", end: "12:00", interval: "1m" },
          { start: "12:00", end: "close", interval: "390m" },
        ],
      }),
    ).toBe("");
  });

  it("accepts clock times and open-Nm as pre_session, leaving the range to the session's exchange", () => {
    for (const time of ["04:00", "09:29", "23:00", "open-30m", "open-2h"]) {
      expect(problems({ ...base, pre_session: time })).toBe("");
    }
    expect(problems({ ...base, pre_session: "open+5m" })).toBe(
      'pre_session: "open+5m" must be a time before the open: HH:MM or "open-Nm"/"open-Nh"',
    );
    expect(problems({ ...base, pre_session: "9:00" })).toBe(
      'pre_session: "9:00" is not a time (expected HH:MM, e.g. "09:00", or "open-30m")',
    );
  });

  it("counts a cron expression alone as a schedule", () => {
    expect(problems({ ...base, cron: "*/5 9-15 * * 1-5" })).toBe("");
  });

  it("refuses a scanner without any schedule, and an empty windows list is none", () => {
    expect(problems({ ...base, regular_session: [] })).toBe(
      '(root): scanner "momentum" has no schedule (set pre_session, regular_session or cron)',
    );
  });
});

/** The window problems of a scanner's `regular_session` on an exchange's regular day, one line each. */
function windowLines(windows: unknown, mic = "XNYS"): string {
  return windowProblems(windows, regularDayOf(marketDefinition(mic)))
    .map((problem) => `regular_session[${String(problem.path[0])}]: ${problem.message}`)
    .join("; ");
}

describe("windowProblems (checked by the session config against its exchange)", () => {
  it("checks start before end and the session bounds even when another key of the window is wrong", () => {
    const windows = [{ start: "16:00", end: "17:00", interval: 5 }];
    expect(problems({ ...base, regular_session: windows })).toBe(
      "regular_session[0].interval: Invalid input: expected string, received number",
    );
    expect(windowLines(windows)).toBe(
      'regular_session[0]: window must lie within the regular session 09:30–16:00, got "16:00"–"17:00"',
    );
  });

  it("judges overlaps only between windows that are valid on their own", () => {
    expect(
      windowLines([
        { start: "09:00", end: "11:00", interval: "5m" },
        { start: "10:00", end: "11:00", interval: "5m" },
      ]),
    ).toBe('regular_session[0]: window must lie within the regular session 09:30–16:00, got "09:00"–"11:00"');
  });

  it("compares relative and clock times on a regular day when looking for overlaps", () => {
    expect(
      windowLines([
        { start: "open", end: "open+30m", interval: "5m" },
        { start: "09:45", end: "10:30", interval: "5m" },
        { start: "close-1h", end: "close", interval: "5m" },
        { start: "14:00", end: "15:01", interval: "1m" },
      ]),
    ).toBe(
      [
        'regular_session[1]: window overlaps regular_session[0] ("open"–"open+30m")',
        'regular_session[3]: window overlaps regular_session[2] ("close-1h"–"close")',
      ].join("; "),
    );
  });

  it("uses the exchange's own hours: London 08:00–16:30, Tokyo's break, CME from 17:00 the day before", () => {
    const londonMorning = [{ start: "08:05", end: "12:00", interval: "5m" }];
    expect(windowLines(londonMorning, "XLON")).toBe("");
    expect(windowLines(londonMorning, "XNYS")).toBe(
      'regular_session[0]: window must lie within the regular session 09:30–16:00, got "08:05"–"12:00"',
    );
    expect(windowLines([{ start: "break_end", end: "close", interval: "15m" }], "XTKS")).toBe("");
    expect(windowLines([{ start: "break_end", end: "close", interval: "15m" }], "XNYS")).toBe(
      'regular_session[0]: window names a break, but the exchange has no break ("break_end"–"close")',
    );
    expect(windowLines([{ start: "18:00", end: "08:00", interval: "60m" }], "CMES")).toBe("");
    expect(windowLines([{ start: "15:00", end: "16:30", interval: "60m" }], "CMES")).toBe(
      'regular_session[0]: window must lie within the regular session 17:00 (day before)–16:00, got "15:00"–"16:30"',
    );
  });
});

describe("scannersSchema", () => {
  it("names both indexes of a duplicate name, even when one entry is otherwise broken", () => {
    expect(
      problems(
        [
          { ...base, pre_session: true },
          { ...base, pre_session: true, timeout_seconds: -1 },
          { ...base, name: "other", pre_session: true },
          { ...base, pre_session: true },
        ],
        scannersSchema,
      ),
    ).toBe(
      [
        "[1].timeout_seconds: Too small: expected number to be >0",
        '[1].name: duplicate scanner name "momentum": scanners[0] and scanners[1]',
        '[3].name: duplicate scanner name "momentum": scanners[0] and scanners[3]',
      ].join("; "),
    );
  });
});
