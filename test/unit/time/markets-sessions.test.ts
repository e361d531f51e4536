// Sessions of the shipped markets to the minute: lunch breaks, DST changes in each zone (London,
// New York, Chicago and Sydney change on different dates), sessions that open the evening before
// their date, and the 24/7 calendar with its day cut.

import { describe, expect, it } from "vitest";
import { parseCalendarOverrides } from "../../../src/time/calendar-overrides.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { twentyFourSevenMarket } from "../../../src/time/markets/crypto.js";
import { marketDefinition } from "../../../src/time/markets/index.js";

const at = (iso: string) => Date.parse(iso);
const calendars = new Map<string, ExchangeCalendar>();
function calendarOf(mic: string): ExchangeCalendar {
  let calendar = calendars.get(mic);
  if (!calendar) {
    calendar = new ExchangeCalendar({}, marketDefinition(mic));
    calendars.set(mic, calendar);
  }
  return calendar;
}

describe("lunch breaks", () => {
  it("Tokyo: 09:00–11:30 and 12:30–15:30 JST since 2024-11-05, 15:00 close before", () => {
    const tokyo = calendarOf("XTKS");
    expect(tokyo.requireSession("2025-06-02")).toEqual({
      date: "2025-06-02",
      preMarketAt: at("2025-06-02T00:00:00Z"),
      openAt: at("2025-06-02T00:00:00Z"),
      closeAt: at("2025-06-02T06:30:00Z"),
      postMarketAt: at("2025-06-02T06:30:00Z"),
      earlyClose: false,
      lateOpen: false,
      breaks: [{ startAt: at("2025-06-02T02:30:00Z"), endAt: at("2025-06-02T03:30:00Z") }],
    });
    expect(tokyo.requireSession("2024-11-01").closeAt).toBe(at("2024-11-01T06:00:00Z"));
    expect(tokyo.requireSession("2011-11-18").breaks).toEqual([
      { startAt: at("2011-11-18T02:00:00Z"), endAt: at("2011-11-18T03:30:00Z") },
    ]);
    // An instant inside the break belongs to its session; after the close there is none.
    expect(tokyo.sessionAt(at("2025-06-02T03:00:00Z"))?.date).toBe("2025-06-02");
    expect(tokyo.sessionAt(at("2025-06-02T06:30:00Z"))).toBeUndefined();
  });

  it("Hong Kong: 12:00–13:00 HKT break; a half day closes at 12:00 and has none", () => {
    const hongKong = calendarOf("XHKG");
    expect(hongKong.requireSession("2024-12-23")).toMatchObject({
      openAt: at("2024-12-23T01:30:00Z"),
      closeAt: at("2024-12-23T08:00:00Z"),
      breaks: [{ startAt: at("2024-12-23T04:00:00Z"), endAt: at("2024-12-23T05:00:00Z") }],
    });
    expect(hongKong.requireSession("2024-12-24")).toMatchObject({
      openAt: at("2024-12-24T01:30:00Z"),
      closeAt: at("2024-12-24T04:00:00Z"),
      earlyClose: true,
      breaks: [],
    });
    expect(hongKong.earlyCloseReason("2024-12-24")).toBe("Christmas Eve");
    expect(hongKong.holidayName("2026-04-07")).toBe("Ching Ming Festival (observed)");
    expect(hongKong.holidayName("2023-09-08")).toBe("Black rainstorm warning");
  });
});

describe("DST changes, each in its own zone", () => {
  it("London and New York change on different dates: 3 weeks in March with a 4-hour gap", () => {
    const london = calendarOf("XLON");
    const newYork = calendarOf("XNYS");
    // New York springs forward on 2025-03-09, London on 2025-03-30.
    expect(newYork.requireSession("2025-03-07").openAt).toBe(at("2025-03-07T14:30:00Z"));
    expect(newYork.requireSession("2025-03-10").openAt).toBe(at("2025-03-10T13:30:00Z"));
    expect(london.requireSession("2025-03-28").openAt).toBe(at("2025-03-28T08:00:00Z"));
    expect(london.requireSession("2025-03-31").openAt).toBe(at("2025-03-31T07:00:00Z"));
    // London closes 16:30 GMT = 12:30 EDT in the gap weeks, 11:30 EDT otherwise.
    expect(london.requireSession("2025-03-20").closeAt).toBe(at("2025-03-20T16:30:00Z"));
    expect(london.formatInstant(at("2025-03-20T16:30:00Z"))).toBe("2025-03-20T16:30:00+00:00");
    expect(london.formatInstant(at("2025-03-31T15:30:00Z"))).toBe("2025-03-31T16:30:00+01:00");
    // Autumn: London falls back on 2025-10-26, New York on 2025-11-02.
    expect(london.requireSession("2025-10-24").openAt).toBe(at("2025-10-24T07:00:00Z"));
    expect(london.requireSession("2025-10-27").openAt).toBe(at("2025-10-27T08:00:00Z"));
    expect(newYork.requireSession("2025-10-31").openAt).toBe(at("2025-10-31T13:30:00Z"));
    expect(newYork.requireSession("2025-11-03").openAt).toBe(at("2025-11-03T14:30:00Z"));
  });

  it("Sydney leaves daylight time on the first Sunday of April and Frankfurt keeps CET rules", () => {
    const sydney = calendarOf("XASX");
    expect(sydney.requireSession("2025-04-04").openAt).toBe(at("2025-04-03T23:00:00Z"));
    expect(sydney.requireSession("2025-04-07").openAt).toBe(at("2025-04-07T00:00:00Z"));
    expect(sydney.formatInstant(at("2025-04-03T23:00:00Z"))).toBe("2025-04-04T10:00:00+11:00");
    // The session's date is Sydney's: the UTC date of its open is the day before.
    expect(sydney.sessionAt(at("2025-04-03T23:30:00Z"))?.date).toBe("2025-04-04");
    const frankfurt = calendarOf("XETR");
    expect(frankfurt.requireSession("2025-03-28").openAt).toBe(at("2025-03-28T08:00:00Z"));
    expect(frankfurt.requireSession("2025-03-31").openAt).toBe(at("2025-03-31T07:00:00Z"));
    expect(frankfurt.requireSession("2025-12-30")).toMatchObject({
      closeAt: at("2025-12-30T13:00:00Z"),
      earlyClose: true,
    });
  });
});

describe("CME Globex: sessions across midnight", () => {
  const cme = calendarOf("CMES");

  it("Monday's session opens Sunday 17:00 Chicago and closes Monday 16:00, across the DST change", () => {
    // Chicago springs forward at 02:00 on Sunday 2025-03-09: the session opening that evening is on CDT.
    expect(cme.requireSession("2025-03-10")).toMatchObject({
      date: "2025-03-10",
      openAt: at("2025-03-09T22:00:00Z"),
      closeAt: at("2025-03-10T21:00:00Z"),
      breaks: [],
    });
    expect(cme.requireSession("2025-03-07")).toMatchObject({
      openAt: at("2025-03-06T23:00:00Z"),
      closeAt: at("2025-03-07T22:00:00Z"),
    });
    expect(cme.sessionAt(at("2025-03-09T23:00:00Z"))?.date).toBe("2025-03-10");
    expect(cme.sessionAt(at("2025-03-10T05:00:00Z"))?.date).toBe("2025-03-10");
    // The maintenance hour 16:00–17:00 belongs to no session; 17:00 starts the next one.
    expect(cme.sessionAt(at("2025-03-10T21:30:00Z"))).toBeUndefined();
    expect(cme.sessionAt(at("2025-03-10T22:00:00Z"))?.date).toBe("2025-03-11");
    // Friday's close starts the weekend: nothing until Sunday 17:00.
    expect(cme.sessionAt(at("2025-03-08T12:00:00Z"))).toBeUndefined();
    expect(cme.dateOf(at("2025-03-09T23:00:00Z"))).toBe("2025-03-09");
  });

  it("halts at 12:00 on a US holiday and reopens at 17:00 for the next day; closed on Christmas", () => {
    expect(cme.requireSession("2025-01-20")).toMatchObject({
      openAt: at("2025-01-19T23:00:00Z"),
      closeAt: at("2025-01-20T18:00:00Z"),
      earlyClose: true,
    });
    expect(cme.requireSession("2025-01-21").openAt).toBe(at("2025-01-20T23:00:00Z"));
    expect(cme.requireSession("2025-12-24").closeAt).toBe(at("2025-12-24T18:15:00Z"));
    expect(cme.isTradingDay("2025-12-25")).toBe(false);
    expect(cme.sessionAt(at("2025-12-25T15:00:00Z"))).toBeUndefined();
    expect(cme.requireSession("2025-12-26").openAt).toBe(at("2025-12-25T23:00:00Z"));
  });

  it("had the 15:15–15:30 daily halt until 2021-06-25, and closed at 16:15 before 2015-09-21", () => {
    // 2014-06-04 (CDT, UTC-5): 17:00 the day before to 16:15, halted 15:15–15:30.
    expect(cme.requireSession("2014-06-04")).toMatchObject({
      openAt: at("2014-06-03T22:00:00Z"),
      closeAt: at("2014-06-04T21:15:00Z"),
      breaks: [{ startAt: at("2014-06-04T20:15:00Z"), endAt: at("2014-06-04T20:30:00Z") }],
    });
    // Friday 2015-09-18 still closed at 16:15; Monday 2015-09-21 at 16:00, the halt kept.
    expect(cme.requireSession("2015-09-18").closeAt).toBe(at("2015-09-18T21:15:00Z"));
    expect(cme.requireSession("2015-09-21")).toMatchObject({
      closeAt: at("2015-09-21T21:00:00Z"),
      breaks: [{ startAt: at("2015-09-21T20:15:00Z"), endAt: at("2015-09-21T20:30:00Z") }],
    });
    // The last halt on Friday 2021-06-25; none from Monday 2021-06-28 (trading continuous 17:00–16:00).
    expect(cme.requireSession("2021-06-25").breaks).toEqual([
      { startAt: at("2021-06-25T20:15:00Z"), endAt: at("2021-06-25T20:30:00Z") },
    ]);
    expect(cme.requireSession("2021-06-28")).toMatchObject({
      openAt: at("2021-06-27T22:00:00Z"),
      closeAt: at("2021-06-28T21:00:00Z"),
      breaks: [],
    });
    // A minute inside the old halt is in the session's hours but in its break; winter 2019 (CST).
    const winter = cme.requireSession("2019-12-03");
    expect(winter.breaks).toEqual([
      { startAt: at("2019-12-03T21:15:00Z"), endAt: at("2019-12-03T21:30:00Z") },
    ]);
    expect(cme.sessionAt(at("2019-12-03T21:20:00Z"))?.date).toBe("2019-12-03");
    // An early close before the halt leaves no halt (the day after Thanksgiving 2019, 12:15).
    expect(cme.requireSession("2019-11-29")).toMatchObject({
      closeAt: at("2019-11-29T18:15:00Z"),
      breaks: [],
    });
  });

  it("on Good Friday is closed, except in 2015 and 2023: open from Thursday 17:00 until 08:15", () => {
    expect(cme.isTradingDay("2024-03-29")).toBe(false);
    expect(cme.holidayName("2024-03-29")).toBe("Good Friday");
    expect(cme.isTradingDay("2021-04-02")).toBe(false);
    expect(cme.requireSession("2023-04-07")).toMatchObject({
      openAt: at("2023-04-06T22:00:00Z"),
      closeAt: at("2023-04-07T13:15:00Z"),
      earlyClose: true,
      breaks: [],
    });
    expect(cme.earlyCloseReason("2023-04-07")).toBe("Good Friday (employment report)");
    expect(cme.requireSession("2015-04-03").closeAt).toBe(at("2015-04-03T13:15:00Z"));
    // Monday after: Sunday 17:00 as usual.
    expect(cme.requireSession("2023-04-10").openAt).toBe(at("2023-04-09T22:00:00Z"));
  });
});

describe("24/7", () => {
  it("every day is a session cut at 00:00 UTC, weekends and holidays included", () => {
    const crypto = calendarOf("CRYPTO");
    expect(crypto.countTradingDays("2024-01-01", "2024-12-31")).toBe(366);
    expect(crypto.requireSession("2025-12-25")).toEqual({
      date: "2025-12-25",
      preMarketAt: at("2025-12-25T00:00:00Z"),
      openAt: at("2025-12-25T00:00:00Z"),
      closeAt: at("2025-12-26T00:00:00Z"),
      postMarketAt: at("2025-12-26T00:00:00Z"),
      earlyClose: false,
      lateOpen: false,
      breaks: [],
    });
    expect(crypto.sessionAt(at("2025-03-08T23:59:59Z"))?.date).toBe("2025-03-08");
    expect(crypto.sessionAt(at("2025-03-09T00:00:00Z"))?.date).toBe("2025-03-09");
    expect(marketDefinition("24/7").mic).toBe("CRYPTO");
  });

  it("a configured cut (17:00 New York) makes 23- and 25-hour sessions on DST changes", () => {
    const cut = new ExchangeCalendar(
      {},
      twentyFourSevenMarket({ at: "17:00", timeZone: "America/New_York" }),
    );
    const spring = cut.requireSession("2025-03-09");
    expect([spring.openAt, spring.closeAt]).toEqual([at("2025-03-08T22:00:00Z"), at("2025-03-09T21:00:00Z")]);
    expect((spring.closeAt - spring.openAt) / 3_600_000).toBe(23);
    const autumn = cut.requireSession("2025-11-02");
    expect((autumn.closeAt - autumn.openAt) / 3_600_000).toBe(25);
    expect(cut.sessionAt(at("2025-03-09T21:00:00Z"))?.date).toBe("2025-03-10");
  });
});

describe("overrides on any exchange", () => {
  it("checks an early close against that exchange's hours and applies it in its zone", () => {
    const definition = marketDefinition("XLON");
    expect(() =>
      parseCalendarOverrides(
        "earlyCloses:\n  - date: 2025-06-02\n    close: '17:00'\n",
        "lon.yaml",
        definition,
      ),
    ).toThrow('lon.yaml:3:5 earlyCloses[0].close: "17:00" is not between the 08:00 open and the 16:30 close');
    const overrides = parseCalendarOverrides(
      "earlyCloses:\n  - { date: 2025-06-02, close: '12:00', reason: Drill }\nclosures:\n  - { date: 2025-06-03, reason: Strike }\n",
      "lon.yaml",
      definition,
    );
    const london = new ExchangeCalendar(overrides, definition);
    expect(london.requireSession("2025-06-02").closeAt).toBe(at("2025-06-02T11:00:00Z"));
    expect(london.holidayName("2025-06-03")).toBe("Strike");
    // The default early close is the exchange's own (12:30 in London).
    const defaulted = new ExchangeCalendar({ earlyCloses: [{ date: "2025-06-02" }] }, definition);
    expect(defaulted.requireSession("2025-06-02").closeAt).toBe(at("2025-06-02T11:30:00Z"));
  });

  it("refuses an unknown exchange code, listing the known ones", () => {
    expect(() => marketDefinition("XPAR")).toThrow(
      /unknown exchange "XPAR" \(known: XNYS, XLON, XETR, XTSE, XTKS, XHKG, XASX, CMES, CRYPTO;/,
    );
    expect(marketDefinition("xnas").mic).toBe("XNYS");
  });
});

describe("NYSE one-off days (issue 12)", () => {
  it("closes 1999-12-31 at 13:00 New York (the Y2K early close)", () => {
    const nyse = calendarOf("XNYS");
    expect(nyse.requireSession("1999-12-31")).toMatchObject({
      closeAt: at("1999-12-31T18:00:00Z"),
      postMarketAt: at("1999-12-31T22:00:00Z"),
      earlyClose: true,
    });
    expect(nyse.earlyCloseReason("1999-12-31")).toBe("New Year's Eve 1999 (Y2K)");
    expect(nyse.requireSession("1998-12-31").earlyClose).toBe(false);
  });
});
