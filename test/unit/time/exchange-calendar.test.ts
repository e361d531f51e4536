import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { CalendarError } from "../../../src/core/errors.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const calendar = new ExchangeCalendar();

/** Every weekday of `year` the calendar closes, with the reason it gives (dates walked with luxon). */
function weekdayClosures(year: number): [string, string | undefined][] {
  const closures: [string, string | undefined][] = [];
  for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (day.weekday <= 5 && !calendar.isTradingDay(date)) closures.push([date, calendar.holidayName(date)]);
  }
  return closures;
}

/** Every early close of `year` as [date, close time in New York, reason]. */
function earlyCloses(year: number): [string, string, string | undefined][] {
  return calendar
    .tradingDays(`${year}-01-01`, `${year}-12-31`)
    .map((date) => calendar.requireSession(date))
    .filter((session) => session.earlyClose)
    .map((session) => [
      session.date,
      DateTime.fromMillis(session.closeAt, { zone: "America/New_York" }).toFormat("HH:mm"),
      calendar.earlyCloseReason(session.date),
    ]);
}

/** Epoch ms of a New York wall time, computed by luxon (the independent oracle for zone math). */
function newYork(date: string, time: string): number {
  return DateTime.fromISO(`${date}T${time}`, { zone: "America/New_York" }).toMillis();
}

describe("ExchangeCalendar holidays and early closes", () => {
  it("identifies itself as the NYSE in New York time", () => {
    expect(calendar.exchange).toBe("XNYS");
    expect(calendar.timeZone).toBe("America/New_York");
    expect([calendar.firstDate, calendar.lastDate]).toEqual(["1990-01-01", "2035-12-31"]);
  });

  it("closes on exactly the 2024 holidays", () => {
    expect(weekdayClosures(2024)).toEqual([
      ["2024-01-01", "New Year's Day"],
      ["2024-01-15", "Martin Luther King Jr. Day"],
      ["2024-02-19", "Washington's Birthday"],
      ["2024-03-29", "Good Friday"],
      ["2024-05-27", "Memorial Day"],
      ["2024-06-19", "Juneteenth"],
      ["2024-07-04", "Independence Day"],
      ["2024-09-02", "Labor Day"],
      ["2024-11-28", "Thanksgiving Day"],
      ["2024-12-25", "Christmas Day"],
    ]);
  });

  it("closes on exactly the 2025 holidays, including the day of mourning for President Carter", () => {
    expect(weekdayClosures(2025)).toEqual([
      ["2025-01-01", "New Year's Day"],
      ["2025-01-09", "National Day of Mourning for President Jimmy Carter"],
      ["2025-01-20", "Martin Luther King Jr. Day"],
      ["2025-02-17", "Washington's Birthday"],
      ["2025-04-18", "Good Friday"],
      ["2025-05-26", "Memorial Day"],
      ["2025-06-19", "Juneteenth"],
      ["2025-07-04", "Independence Day"],
      ["2025-09-01", "Labor Day"],
      ["2025-11-27", "Thanksgiving Day"],
      ["2025-12-25", "Christmas Day"],
    ]);
  });

  it("closes on exactly the 2026 holidays, with July 4 (a Saturday) observed on Friday July 3", () => {
    expect(weekdayClosures(2026)).toEqual([
      ["2026-01-01", "New Year's Day"],
      ["2026-01-19", "Martin Luther King Jr. Day"],
      ["2026-02-16", "Washington's Birthday"],
      ["2026-04-03", "Good Friday"],
      ["2026-05-25", "Memorial Day"],
      ["2026-06-19", "Juneteenth"],
      ["2026-07-03", "Independence Day (observed)"],
      ["2026-09-07", "Labor Day"],
      ["2026-11-26", "Thanksgiving Day"],
      ["2026-12-25", "Christmas Day"],
    ]);
  });

  it("closes early at 13:00 on exactly the 2024, 2025 and 2026 early-close days", () => {
    expect(earlyCloses(2024)).toEqual([
      ["2024-07-03", "13:00", "Day before Independence Day"],
      ["2024-11-29", "13:00", "Day after Thanksgiving"],
      ["2024-12-24", "13:00", "Christmas Eve"],
    ]);
    expect(earlyCloses(2025)).toEqual([
      ["2025-07-03", "13:00", "Day before Independence Day"],
      ["2025-11-28", "13:00", "Day after Thanksgiving"],
      ["2025-12-24", "13:00", "Christmas Eve"],
    ]);
    // July 3, 2026 is the observed holiday itself, so that year has no July early close.
    expect(earlyCloses(2026)).toEqual([
      ["2026-11-27", "13:00", "Day after Thanksgiving"],
      ["2026-12-24", "13:00", "Christmas Eve"],
    ]);
  });

  it("closes for the September 11 attacks (2001-09-11..14) and reopens on Monday 2001-09-17", () => {
    expect(weekdayClosures(2001).filter(([date]) => date.startsWith("2001-09"))).toEqual([
      ["2001-09-03", "Labor Day"],
      ["2001-09-11", "September 11 attacks"],
      ["2001-09-12", "September 11 attacks"],
      ["2001-09-13", "September 11 attacks"],
      ["2001-09-14", "September 11 attacks"],
    ]);
    expect(calendar.isTradingDay("2001-09-10")).toBe(true);
    expect(calendar.nextTradingDay("2001-09-10")).toBe("2001-09-17");
  });

  it("closes for Hurricane Sandy on 2012-10-29 and 2012-10-30", () => {
    expect(weekdayClosures(2012).filter(([date]) => date.startsWith("2012-10"))).toEqual([
      ["2012-10-29", "Hurricane Sandy"],
      ["2012-10-30", "Hurricane Sandy"],
    ]);
    expect(calendar.tradingDays("2012-10-25", "2012-11-02")).toEqual([
      "2012-10-25",
      "2012-10-26",
      "2012-10-31",
      "2012-11-01",
      "2012-11-02",
    ]);
  });

  it("closes on the other national days of mourning since 1990", () => {
    expect(calendar.holidayName("1994-04-27")).toBe("National Day of Mourning for President Richard Nixon");
    expect(calendar.holidayName("2004-06-11")).toBe("National Day of Mourning for President Ronald Reagan");
    expect(calendar.holidayName("2007-01-02")).toBe("National Day of Mourning for President Gerald Ford");
    expect(calendar.holidayName("2018-12-05")).toBe(
      "National Day of Mourning for President George H. W. Bush",
    );
  });

  it("does not observe a Saturday New Year's Day on the Friday before", () => {
    // 2022-01-01 and 2005-01-01 were Saturdays: Dec 31 traded as a normal day.
    expect(calendar.session("2021-12-31")?.earlyClose).toBe(false);
    expect(calendar.isTradingDay("2004-12-31")).toBe(true);
    expect(calendar.isTradingDay("2022-01-03")).toBe(true);
  });

  it("moves a Sunday holiday to Monday and a Saturday holiday to Friday", () => {
    expect(calendar.holidayName("2023-01-02")).toBe("New Year's Day (observed)");
    expect(calendar.holidayName("2021-07-05")).toBe("Independence Day (observed)");
    expect(calendar.holidayName("2020-07-03")).toBe("Independence Day (observed)");
    expect(calendar.holidayName("2021-12-24")).toBe("Christmas Day (observed)");
    expect(calendar.holidayName("2022-06-20")).toBe("Juneteenth (observed)");
    expect(calendar.holidayName("2027-06-18")).toBe("Juneteenth (observed)");
  });

  it("treats a Friday Christmas Eve before a Saturday Christmas as the holiday, not an early close", () => {
    expect(calendar.isTradingDay("2021-12-24")).toBe(false);
    expect(calendar.session("2021-12-23")?.earlyClose).toBe(false);
    expect(calendar.isTradingDay("1999-12-24")).toBe(false);
  });

  it("starts Juneteenth in 2022 and Martin Luther King Jr. Day in 1998", () => {
    expect(calendar.isTradingDay("2021-06-18")).toBe(true);
    expect(calendar.isTradingDay("1997-01-20")).toBe(true);
    expect(calendar.holidayName("1998-01-19")).toBe("Martin Luther King Jr. Day");
  });

  it("applies the July early-close rules of each era", () => {
    // Until 2012 a Thursday July 4 shortened Friday July 5; from 2013 it shortens Wednesday July 3.
    expect(calendar.session("2002-07-03")?.earlyClose).toBe(false);
    expect(calendar.earlyCloseReason("2002-07-05")).toBe("Day after Independence Day");
    expect(calendar.earlyCloseReason("2013-07-03")).toBe("Day before Independence Day");
    expect(calendar.session("2013-07-05")?.earlyClose).toBe(false);
    expect(calendar.earlyCloseReason("2019-07-03")).toBe("Day before Independence Day");
    // A Monday July 3 is an early close, a Friday July 3 is the observed holiday.
    expect(calendar.earlyCloseReason("2023-07-03")).toBe("Day before Independence Day");
    expect(calendar.holidayName("2015-07-03")).toBe("Independence Day (observed)");
  });

  it("closes early on the ad-hoc days after Christmas, and at 14:00 before 1993", () => {
    expect(earlyCloses(2003)).toEqual([
      ["2003-07-03", "13:00", "Day before Independence Day"],
      ["2003-11-28", "13:00", "Day after Thanksgiving"],
      ["2003-12-24", "13:00", "Christmas Eve"],
      ["2003-12-26", "13:00", "Day after Christmas"],
    ]);
    expect(earlyCloses(1992)).toEqual([
      ["1992-11-27", "14:00", "Day after Thanksgiving"],
      ["1992-12-24", "14:00", "Christmas Eve"],
    ]);
  });

  it("counts the trading days of whole years", () => {
    expect(calendar.tradingDays("2023-01-01", "2023-12-31")).toHaveLength(250);
    expect(calendar.tradingDays("2024-01-01", "2024-12-31")).toHaveLength(252);
    expect(calendar.tradingDays("2025-01-01", "2025-12-31")).toHaveLength(250);
    expect(calendar.countTradingDays("2026-01-01", "2026-12-31")).toBe(251);
    expect(calendar.countTradingDays("2001-01-01", "2001-12-31")).toBe(248);
  });
});

describe("ExchangeCalendar sessions", () => {
  it("gives a regular session's four instants, 04:00 / 09:30 / 16:00 / 20:00 New York", () => {
    expect(calendar.session("2024-11-27")).toEqual({
      date: "2024-11-27",
      preMarketAt: Date.parse("2024-11-27T09:00:00Z"),
      openAt: Date.parse("2024-11-27T14:30:00Z"),
      closeAt: Date.parse("2024-11-27T21:00:00Z"),
      postMarketAt: Date.parse("2024-11-28T01:00:00Z"),
      earlyClose: false,
      lateOpen: false,
      breaks: [],
    });
  });

  it("ends an early-close session at 13:00 and its post-market at 17:00", () => {
    expect(calendar.session("2024-11-29")).toEqual({
      date: "2024-11-29",
      preMarketAt: Date.parse("2024-11-29T09:00:00Z"),
      openAt: Date.parse("2024-11-29T14:30:00Z"),
      closeAt: Date.parse("2024-11-29T18:00:00Z"),
      postMarketAt: Date.parse("2024-11-29T22:00:00Z"),
      earlyClose: true,
      lateOpen: false,
      breaks: [],
    });
  });

  it("follows daylight saving time: the first sessions after each 2024 switch", () => {
    // DST began Sunday 2024-03-10 and ended Sunday 2024-11-03.
    expect(calendar.session("2024-03-08")?.openAt).toBe(Date.parse("2024-03-08T14:30:00Z"));
    expect(calendar.session("2024-03-11")).toMatchObject({
      preMarketAt: Date.parse("2024-03-11T08:00:00Z"),
      openAt: Date.parse("2024-03-11T13:30:00Z"),
      closeAt: Date.parse("2024-03-11T20:00:00Z"),
      postMarketAt: Date.parse("2024-03-12T00:00:00Z"),
    });
    expect(calendar.session("2024-11-01")?.openAt).toBe(Date.parse("2024-11-01T13:30:00Z"));
    expect(calendar.session("2024-11-04")).toMatchObject({
      preMarketAt: Date.parse("2024-11-04T09:00:00Z"),
      openAt: Date.parse("2024-11-04T14:30:00Z"),
      closeAt: Date.parse("2024-11-04T21:00:00Z"),
      postMarketAt: Date.parse("2024-11-05T01:00:00Z"),
    });
  });

  it("follows the pre-2007 daylight saving rules (first Sunday of April, last Sunday of October)", () => {
    // 2006: DST from 2006-04-02 to 2006-10-29.
    expect(calendar.session("2006-03-31")?.openAt).toBe(Date.parse("2006-03-31T14:30:00Z"));
    expect(calendar.session("2006-04-03")?.openAt).toBe(Date.parse("2006-04-03T13:30:00Z"));
    expect(calendar.session("2006-10-27")?.openAt).toBe(Date.parse("2006-10-27T13:30:00Z"));
    expect(calendar.session("2006-10-30")?.openAt).toBe(Date.parse("2006-10-30T14:30:00Z"));
  });

  it("has no session on weekends and holidays; requireSession says why", () => {
    expect(calendar.session("2024-11-30")).toBeUndefined();
    expect(calendar.session("2024-11-28")).toBeUndefined();
    expect(() => calendar.requireSession("2024-11-28")).toThrow(
      new CalendarError('"2024-11-28" is not a trading day (Thanksgiving Day)'),
    );
    expect(() => calendar.requireSession("2024-11-30")).toThrow(
      '"2024-11-30" is not a trading day (Saturday)',
    );
  });

  it("finds the session around an instant, pre-market included, post-market end excluded", () => {
    const session = calendar.requireSession("2024-11-29");
    expect(calendar.sessionAt(session.preMarketAt)).toBe(session);
    expect(calendar.sessionAt(session.preMarketAt - 1)).toBeUndefined();
    expect(calendar.sessionAt(newYork("2024-11-29", "16:59:59.999"))).toBe(session);
    expect(calendar.sessionAt(newYork("2024-11-29", "17:00"))).toBeUndefined();
    expect(calendar.sessionAt(newYork("2024-11-28", "10:00"))).toBeUndefined();
    expect(calendar.sessionAt(newYork("2024-12-02", "19:59"))?.date).toBe("2024-12-02");
  });

  it("finds the last session closed at or before an instant", () => {
    expect(calendar.lastCompletedSessionBefore(newYork("2024-12-02", "09:30")).date).toBe("2024-11-29");
    expect(calendar.lastCompletedSessionBefore(newYork("2024-11-29", "13:00")).date).toBe("2024-11-29");
    expect(calendar.lastCompletedSessionBefore(newYork("2024-11-29", "12:59")).date).toBe("2024-11-27");
    expect(calendar.lastCompletedSessionBefore(newYork("2024-11-30", "12:00")).date).toBe("2024-11-29");
    expect(calendar.lastCompletedSessionBefore(newYork("2001-09-17", "08:00")).date).toBe("2001-09-10");
  });

  it("gives the New York date of an instant", () => {
    expect(calendar.dateOf(Date.parse("2024-03-11T03:59:59Z"))).toBe("2024-03-10");
    expect(calendar.dateOf(Date.parse("2024-03-11T04:00:00Z"))).toBe("2024-03-11");
    expect(calendar.dateOf(Date.parse("2024-11-29T04:59:59Z"))).toBe("2024-11-28");
    expect(calendar.dateOf(Date.parse("2024-11-29T05:00:00Z"))).toBe("2024-11-29");
  });

  it("formats an instant in ISO with the exchange's offset", () => {
    expect(calendar.formatInstant(Date.parse("2024-11-29T14:30:00Z"))).toBe("2024-11-29T09:30:00-05:00");
    expect(calendar.formatInstant(Date.parse("2024-07-03T17:00:00Z"))).toBe("2024-07-03T13:00:00-04:00");
    expect(calendar.formatInstant(Date.parse("2024-07-03T17:00:00.250Z"))).toBe(
      "2024-07-03T13:00:00.250-04:00",
    );
    expect(calendar.formatInstant(Date.parse("2025-01-01T04:59:00Z"))).toBe("2024-12-31T23:59:00-05:00");
  });
});

describe("ExchangeCalendar navigation", () => {
  it("lists the trading days of a short range, both ends included", () => {
    expect(calendar.tradingDays("2024-11-27", "2024-12-03")).toEqual([
      "2024-11-27",
      "2024-11-29",
      "2024-12-02",
      "2024-12-03",
    ]);
    expect(calendar.tradingDays("2024-11-28", "2024-11-28")).toEqual([]);
    expect(calendar.tradingDays("2024-11-29", "2024-11-29")).toEqual(["2024-11-29"]);
  });

  it("steps to the next and previous trading days, strictly after or before the date", () => {
    expect(calendar.nextTradingDay("2024-11-27")).toBe("2024-11-29");
    expect(calendar.nextTradingDay("2024-11-28")).toBe("2024-11-29");
    expect(calendar.nextTradingDay("2024-11-27", 3)).toBe("2024-12-03");
    expect(calendar.previousTradingDay("2024-12-02")).toBe("2024-11-29");
    expect(calendar.previousTradingDay("2024-12-01")).toBe("2024-11-29");
    expect(calendar.previousTradingDay("2024-12-02", 3)).toBe("2024-11-26");
    expect(calendar.previousTradingDay("2025-01-02")).toBe("2024-12-31");
    expect(calendar.nextTradingDay("2024-12-31")).toBe("2025-01-02");
  });

  it("steps zero trading days only from a trading day", () => {
    expect(calendar.nextTradingDay("2024-11-29", 0)).toBe("2024-11-29");
    expect(calendar.previousTradingDay("2024-11-29", 0)).toBe("2024-11-29");
    expect(() => calendar.previousTradingDay("2024-11-28", 0)).toThrow(
      '"2024-11-28" is not a trading day (Thanksgiving Day)',
    );
  });

  it("agrees with tradingDays when stepping n days", () => {
    const days = calendar.tradingDays("2023-06-01", "2024-06-28");
    expect(calendar.nextTradingDay("2023-05-31", days.length)).toBe("2024-06-28");
    expect(calendar.previousTradingDay("2024-07-01", days.length)).toBe("2023-06-01");
  });
});

describe("ExchangeCalendar errors", () => {
  it("refuses dates outside 1990-01-01..2035-12-31, naming the date", () => {
    expect(() => calendar.isTradingDay("1989-12-29")).toThrow(
      new CalendarError('date "1989-12-29" is outside the calendar range 1990-01-01..2035-12-31'),
    );
    expect(() => calendar.session("2036-01-02")).toThrow(
      'date "2036-01-02" is outside the calendar range 1990-01-01..2035-12-31',
    );
    expect(calendar.isTradingDay("1990-01-02")).toBe(true);
    expect(calendar.isTradingDay("2035-12-31")).toBe(true);
  });

  it("refuses malformed dates with a coded error", () => {
    for (const text of ["2024-13-01", "2024-02-30", "2024-1-05", "20240105", ""]) {
      let caught: unknown;
      try {
        calendar.isTradingDay(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CalendarError);
      expect((caught as CalendarError).code).toBe("SCN_ERR_CALENDAR");
      expect((caught as CalendarError).message).toBe(
        `${JSON.stringify(text)} is not a date (expected YYYY-MM-DD)`,
      );
    }
  });

  it("refuses to step past the ends of the range", () => {
    expect(calendar.nextTradingDay("2035-12-28")).toBe("2035-12-31");
    expect(() => calendar.nextTradingDay("2035-12-31")).toThrow(
      'there is no trading day 1 after "2035-12-31" up to 2035-12-31',
    );
    expect(calendar.previousTradingDay("1990-01-03")).toBe("1990-01-02");
    expect(() => calendar.previousTradingDay("1990-01-02")).toThrow(
      'there is no trading day 1 before "1990-01-02" from 1990-01-01',
    );
  });

  it("refuses a reversed range and a negative or fractional step", () => {
    expect(() => calendar.tradingDays("2024-12-03", "2024-11-27")).toThrow(
      'range start "2024-12-03" is after its end "2024-11-27"',
    );
    expect(() => calendar.nextTradingDay("2024-11-27", -1)).toThrow(
      "trading-day count -1 must be a whole number >= 0",
    );
    expect(() => calendar.nextTradingDay("2024-11-27", 1.5)).toThrow(
      "trading-day count 1.5 must be a whole number >= 0",
    );
  });

  it("refuses instants whose New York date is outside the range", () => {
    expect(() => calendar.sessionAt(Date.parse("1990-01-01T04:59:59Z"))).toThrow(
      'date "1989-12-31" is outside the calendar range 1990-01-01..2035-12-31',
    );
    expect(() => calendar.lastCompletedSessionBefore(newYork("1990-01-02", "15:59"))).toThrow(
      "no session closed at or before 1990-01-02T15:59:00-05:00 since 1990-01-01",
    );
  });
});
