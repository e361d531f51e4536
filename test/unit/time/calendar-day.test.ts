import { describe, expect, it } from "vitest";
import {
  easterSunday,
  formatClockTime,
  formatDayNumber,
  MONDAY,
  nthWeekdayOfMonth,
  parseClockTime,
  parseIsoDate,
  THURSDAY,
  weekdayName,
} from "../../../src/time/calendar-day.js";

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

describe("calendar days", () => {
  it("computes Easter Sunday (Gregorian) for known years", () => {
    const known = [
      "1990-04-15",
      "2000-04-23",
      "2008-03-23",
      "2011-04-24",
      "2019-04-21",
      "2024-03-31",
      "2025-04-20",
      "2026-04-05",
      "2035-03-25",
    ];
    expect(known.map((date) => formatDayNumber(easterSunday(Number(date.slice(0, 4)))))).toEqual(known);
  });

  it("finds the nth and the last weekday of a month", () => {
    expect(formatDayNumber(nthWeekdayOfMonth(2024, 1, MONDAY, 3))).toBe("2024-01-15");
    expect(formatDayNumber(nthWeekdayOfMonth(2024, 5, MONDAY, -1))).toBe("2024-05-27");
    expect(formatDayNumber(nthWeekdayOfMonth(2024, 9, MONDAY, 1))).toBe("2024-09-02");
    expect(formatDayNumber(nthWeekdayOfMonth(2024, 11, THURSDAY, 4))).toBe("2024-11-28");
    expect(formatDayNumber(nthWeekdayOfMonth(2026, 5, MONDAY, -1))).toBe("2026-05-25");
  });

  it("parses real YYYY-MM-DD dates only", () => {
    expect(parseIsoDate("2024-02-29")).toBe(day("2024-02-29"));
    expect(parseIsoDate("1970-01-01")).toBe(0);
    for (const text of [
      "2023-02-29",
      "2024-00-10",
      "2024-04-31",
      "2024-4-01",
      " 2024-04-01",
      "2024-04-01T00:00",
    ]) {
      expect(parseIsoDate(text)).toBeUndefined();
    }
  });

  it("names weekdays", () => {
    expect(["2024-11-29", "2024-11-30", "2024-12-01"].map((date) => weekdayName(day(date)))).toEqual([
      "Friday",
      "Saturday",
      "Sunday",
    ]);
  });

  it("parses and formats HH:MM clock times", () => {
    expect([parseClockTime("09:30"), parseClockTime("13:00"), parseClockTime("23:59")]).toEqual([
      570, 780, 1439,
    ]);
    expect([parseClockTime("24:00"), parseClockTime("9:30"), parseClockTime("12:60")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(formatClockTime(570)).toBe("09:30");
  });
});
