import { describe, expect, it } from "vitest";
import {
  type ScannerConfigInput,
  scannerConfigSchema,
  scannersSchema,
} from "../../../src/config/scanner-config.js";
import { formatZodIssues } from "../../../src/config/zod-issues.js";

const base: ScannerConfigInput = { name: "momentum", plugin: "plugins/momentum.ts", universe: ["AIG"] };

function problems(
  input: unknown,
  schema: typeof scannerConfigSchema | typeof scannersSchema = scannerConfigSchema,
) {
  const result = schema.safeParse(input);
  return result.success ? "" : formatZodIssues(result.error.issues);
}

describe("scannerConfigSchema", () => {
  it("fills in the defaults and turns pre_session true into 09:00", () => {
    expect(scannerConfigSchema.parse({ ...base, pre_session: true })).toEqual({
      name: "momentum",
      plugin: "plugins/momentum.ts",
      enabled: true,
      universe: ["AIG"],
      indicators: [],
      pre_session: "09:00",
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

  it("accepts pre_session times from 04:00 up to 09:29", () => {
    expect(problems({ ...base, pre_session: "04:00" })).toBe("");
    expect(problems({ ...base, pre_session: "09:29" })).toBe("");
    expect(problems({ ...base, pre_session: "09:30" })).toBe(
      'pre_session: "09:30" must be at or after 04:00 and before 09:30',
    );
    expect(problems({ ...base, pre_session: "03:59" })).toBe(
      'pre_session: "03:59" must be at or after 04:00 and before 09:30',
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

  it("checks start before end and the session bounds even when another key of the window is wrong", () => {
    expect(problems({ ...base, regular_session: [{ start: "16:00", end: "17:00", interval: 5 }] })).toBe(
      [
        "regular_session[0].interval: Invalid input: expected string, received number",
        'regular_session[0]: window must lie within the regular session 09:30–16:00, got "16:00"–"17:00"',
      ].join("; "),
    );
  });

  it("judges overlaps only between windows that are valid on their own", () => {
    expect(
      problems({
        ...base,
        regular_session: [
          { start: "09:00", end: "11:00", interval: "5m" },
          { start: "10:00", end: "11:00", interval: "5m" },
        ],
      }),
    ).toBe('regular_session[0]: window must lie within the regular session 09:30–16:00, got "09:00"–"11:00"');
  });

  it("compares relative and clock times on a regular day when looking for overlaps", () => {
    expect(
      problems({
        ...base,
        regular_session: [
          { start: "open", end: "open+30m", interval: "5m" },
          { start: "09:45", end: "10:30", interval: "5m" },
          { start: "close-1h", end: "close", interval: "5m" },
          { start: "14:00", end: "15:01", interval: "1m" },
        ],
      }),
    ).toBe(
      [
        'regular_session[1]: window overlaps regular_session[0] ("open"–"open+30m")',
        'regular_session[3]: window overlaps regular_session[2] ("close-1h"–"close")',
      ].join("; "),
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
