import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CalendarError } from "../../../src/core/errors.js";
import { loadCalendarOverrides } from "../../../src/time/calendar-overrides.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const workDir = mkdtempSync(join(tmpdir(), "scanwright-calendar-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Writes `cal.yaml` into the work dir and loads it the way the CLI does (relative name, cwd given). */
function load(yaml: string) {
  writeFileSync(join(workDir, "cal.yaml"), yaml);
  return loadCalendarOverrides("cal.yaml", { cwd: workDir });
}

function caught(action: () => unknown): CalendarError {
  try {
    action();
  } catch (error) {
    if (error instanceof CalendarError) return error;
    throw error;
  }
  throw new Error("expected a CalendarError");
}

function loadError(yaml: string): CalendarError {
  return caught(() => load(yaml));
}

describe("calendar overrides change the calendar's answers", () => {
  it("adds a closure", () => {
    const calendar = new ExchangeCalendar({ closures: [{ date: "2024-12-23", reason: "Office move" }] });
    expect(calendar.isTradingDay("2024-12-23")).toBe(false);
    expect(calendar.holidayName("2024-12-23")).toBe("Office move");
    expect(calendar.nextTradingDay("2024-12-20")).toBe("2024-12-24");
    expect(calendar.countTradingDays("2024-01-01", "2024-12-31")).toBe(251);
    expect(new ExchangeCalendar().isTradingDay("2024-12-23")).toBe(true);
  });

  it("cancels an early close, giving a full session to 16:00", () => {
    const calendar = new ExchangeCalendar({ cancelEarlyCloses: ["2024-11-29"] });
    expect(calendar.session("2024-11-29")).toMatchObject({
      closeAt: Date.parse("2024-11-29T21:00:00Z"),
      postMarketAt: Date.parse("2024-11-30T01:00:00Z"),
      earlyClose: false,
    });
    expect(calendar.earlyCloseReason("2024-11-29")).toBeUndefined();
  });

  it("cancels a holiday and adds an early close at a given time (13:00 when none is given)", () => {
    const calendar = new ExchangeCalendar({
      cancelClosures: ["2024-06-19"],
      earlyCloses: [{ date: "2024-06-19", close: "12:15", reason: "Trial half day" }, { date: "2024-06-20" }],
    });
    expect(calendar.holidayName("2024-06-19")).toBeUndefined();
    expect(calendar.session("2024-06-19")).toMatchObject({
      closeAt: Date.parse("2024-06-19T16:15:00Z"),
      postMarketAt: Date.parse("2024-06-19T20:15:00Z"),
      earlyClose: true,
    });
    expect(calendar.earlyCloseReason("2024-06-19")).toBe("Trial half day");
    expect(calendar.session("2024-06-20")?.closeAt).toBe(Date.parse("2024-06-20T17:00:00Z"));
    expect(calendar.earlyCloseReason("2024-06-20")).toBe("Early close (calendar overrides)");
  });

  it("refuses contradictory overrides given in code, naming the key path", () => {
    const error = caught(
      () =>
        new ExchangeCalendar({
          closures: [{ date: "2024-11-30", reason: "x" }],
          cancelClosures: ["2024-11-26"],
        }),
    );
    expect(error.message).toBe(
      'invalid calendar overrides: cancelClosures[0]: "2024-11-26" is not a holiday or special closure, there is nothing to cancel; ' +
        'closures[0].date: "2024-11-30" is a Saturday, the exchange is closed anyway',
    );
    expect(error.location).toEqual({ path: "cancelClosures[0]" });
  });
});

describe("loadCalendarOverrides", () => {
  it("reads a valid file", () => {
    const overrides = load(
      [
        "# Desk calendar for 2024",
        "closures:",
        "  - date: 2024-12-23",
        "    reason: Office move",
        "cancelClosures: [2024-06-19]",
        "earlyCloses:",
        "  - { date: 2024-06-20, close: '12:15' }",
        "cancelEarlyCloses:",
        "  - 2024-11-29",
        "",
      ].join("\n"),
    );
    expect(overrides).toEqual({
      closures: [{ date: "2024-12-23", reason: "Office move" }],
      cancelClosures: ["2024-06-19"],
      earlyCloses: [{ date: "2024-06-20", close: "12:15" }],
      cancelEarlyCloses: ["2024-11-29"],
    });
    const calendar = new ExchangeCalendar(overrides);
    expect(calendar.tradingDays("2024-12-20", "2024-12-24")).toEqual(["2024-12-20", "2024-12-24"]);
  });

  it("reads an empty file as no overrides", () => {
    expect(load("# nothing yet\n")).toEqual({});
  });

  it("names file, line, column and key path of a malformed date", () => {
    const error = loadError('# Desk calendar\nclosures:\n  - date: "2024-13-01"\n    reason: Typo\n');
    expect(error.code).toBe("SCN_ERR_CALENDAR");
    expect(error.message).toBe(
      'cal.yaml:3:5 closures[0].date: "2024-13-01" is not a date (expected YYYY-MM-DD)',
    );
    expect(error.location).toEqual({ file: "cal.yaml", line: 3, column: 5, path: "closures[0].date" });
  });

  it("reports unknown keys, missing keys and wrong types", () => {
    expect(loadError("closure:\n  - date: 2024-12-23\n").message).toBe(
      'cal.yaml:1:1 closure: unknown key "closure"',
    );
    expect(loadError("closures:\n  - date: 2024-12-23\n    reason: x\n    close: '13:00'\n").message).toBe(
      'cal.yaml:4:5 closures[0].close: unknown key "close"',
    );
    expect(loadError("closures:\n  - date: 2024-12-23\n").message).toBe(
      "cal.yaml:2:5 closures[0].reason: is required",
    );
    expect(loadError("cancelClosures: 2024-12-25\n").message).toBe(
      'cal.yaml:1:1 cancelClosures: expected a list, got "2024-12-25"',
    );
    expect(loadError("- 2024-12-25\n").message).toBe("cal.yaml:1:1: expected a mapping, got a list");
  });

  it("reports bad early-close times", () => {
    expect(loadError("earlyCloses:\n  - date: 2024-12-23\n    close: '25:00'\n").message).toBe(
      'cal.yaml:3:5 earlyCloses[0].close: "25:00" is not a time (expected HH:MM)',
    );
    expect(loadError("earlyCloses:\n  - date: 2024-12-23\n    close: '16:30'\n").message).toBe(
      'cal.yaml:3:5 earlyCloses[0].close: "16:30" is not between the 09:30 open and the 16:00 close',
    );
  });

  it("reports overrides that do not fit the calendar, one line each", () => {
    const error = loadError(
      [
        "cancelClosures:",
        "  - 2024-12-26",
        "closures:",
        "  - { date: 1989-12-29, reason: Too early }",
        "cancelEarlyCloses: [2024-11-28]",
        "earlyCloses:",
        "  - date: 2024-12-25",
        "  - date: 2024-12-23",
        "  - date: 2024-12-23",
        "",
      ].join("\n"),
    );
    expect(error.message.split("\n")).toEqual([
      'cal.yaml:2:5 cancelClosures[0]: "2024-12-26" is not a holiday or special closure, there is nothing to cancel',
      'cal.yaml:4:7 closures[0].date: date "1989-12-29" is outside the calendar range 1990-01-01..2035-12-31',
      'cal.yaml:5:21 cancelEarlyCloses[0]: "2024-11-28" is not an early close, there is nothing to cancel',
      'cal.yaml:7:5 earlyCloses[0].date: "2024-12-25" is a closure (Christmas Day), there is no session to shorten',
      'cal.yaml:9:5 earlyCloses[2].date: "2024-12-23" is listed twice in earlyCloses',
    ]);
    expect(error.location).toEqual({ file: "cal.yaml", line: 2, column: 5, path: "cancelClosures[0]" });
  });

  it("reports YAML syntax errors with their position, worded as in session configs", () => {
    expect(loadError("closures:\n  - date: 2024-12-23\n    reason: a\n    reason: b\n").message).toBe(
      'cal.yaml:4:5: duplicate key "reason"',
    );
  });

  it("reports a missing file by the name it was given", () => {
    const error = caught(() => loadCalendarOverrides("missing.yaml", { cwd: workDir }));
    expect(error.message).toBe('calendar overrides file "missing.yaml" does not exist');
    expect(error.location).toEqual({ file: "missing.yaml" });
  });
});
