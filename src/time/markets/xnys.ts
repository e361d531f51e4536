// New York Stock Exchange (XNYS), also the calendar of Nasdaq (XNAS): the two observe the same
// holidays and hours.
//
// Sources: NYSE holidays and trading hours (https://www.nyse.com/markets/hours-calendars) for the
// current rules and the published 2023–2026 calendars; the NYSE closings history (the reference
// behind pandas_market_calendars) for 1990 on: before 1993 the Christmas Eve and day-after-
// Thanksgiving early closes were at 14:00, the day after Thanksgiving was first shortened in 1992,
// and 1999-12-31 closed at 13:00.
//
// Not modelled: unscheduled intraday disruptions and late opens (1996-01-08 blizzard: 11:00 open,
// 14:00 close; 1997-10-27 circuit-breaker halt at 15:30; moments of silence that delayed the open
// by minutes). The sessions of those days follow the regular hours here.

import type { ExchangeDefinition } from "../market-definition.js";

export const XNYS: ExchangeDefinition = {
  mic: "XNYS",
  aliases: ["XNAS", "NYSE", "NASDAQ"],
  name: "New York Stock Exchange / Nasdaq",
  timeZone: "America/New_York",
  sources: [
    "https://www.nyse.com/markets/hours-calendars",
    "NYSE closings history (pandas_market_calendars' NYSE calendar)",
  ],
  firstYear: 1990,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  // Pre-market from 04:00; NYSE Arca's late session ends four hours after the close (20:00, or
  // 17:00 after a 13:00 early close).
  hours: [{ open: "09:30", close: "16:00", preMarket: "04:00", postMarketMinutes: 240 }],
  defaultEarlyClose: "13:00",
  holidays: [
    // Saturday: not observed (December 31 stays a trading day).
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: "sunday-to-monday" },
    // The NYSE first closed for Martin Luther King Jr. Day in 1998.
    {
      name: "Martin Luther King Jr. Day",
      fromYear: 1998,
      date: { kind: "nth-weekday", month: 1, weekday: "Mon", nth: 3 },
    },
    { name: "Washington's Birthday", date: { kind: "nth-weekday", month: 2, weekday: "Mon", nth: 3 } },
    { name: "Good Friday", date: { kind: "easter", offset: -2 } },
    { name: "Memorial Day", date: { kind: "nth-weekday", month: 5, weekday: "Mon", nth: -1 } },
    {
      name: "Juneteenth",
      fromYear: 2022,
      date: { kind: "fixed", month: 6, day: 19 },
      observance: "nearest-weekday",
    },
    { name: "Independence Day", date: { kind: "fixed", month: 7, day: 4 }, observance: "nearest-weekday" },
    { name: "Labor Day", date: { kind: "nth-weekday", month: 9, weekday: "Mon", nth: 1 } },
    { name: "Thanksgiving Day", date: { kind: "nth-weekday", month: 11, weekday: "Thu", nth: 4 } },
    { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 }, observance: "nearest-weekday" },
  ],
  earlyCloses: [
    // July 3 on a Friday is the observed July 4 itself.
    {
      name: "Day before Independence Day",
      fromYear: 1995,
      date: { kind: "fixed", month: 7, day: 3 },
      weekdays: ["Mon", "Tue", "Thu"],
      close: "13:00",
    },
    {
      name: "Day before Independence Day",
      fromYear: 2013,
      date: { kind: "fixed", month: 7, day: 3 },
      weekdays: ["Wed"],
      close: "13:00",
    },
    // Until 2012, a Thursday July 4 shortened the Friday after it instead of the Wednesday before.
    {
      name: "Day after Independence Day",
      fromYear: 1996,
      toYear: 2012,
      date: { kind: "fixed", month: 7, day: 5 },
      weekdays: ["Fri"],
      close: "13:00",
    },
    {
      name: "Day after Thanksgiving",
      fromYear: 1992,
      toYear: 1992,
      date: { kind: "nth-weekday", month: 11, weekday: "Thu", nth: 4 },
      plusDays: 1,
      close: "14:00",
    },
    {
      name: "Day after Thanksgiving",
      fromYear: 1993,
      date: { kind: "nth-weekday", month: 11, weekday: "Thu", nth: 4 },
      plusDays: 1,
      close: "13:00",
    },
    {
      name: "Christmas Eve",
      toYear: 1992,
      date: { kind: "fixed", month: 12, day: 24 },
      weekdays: ["Mon", "Tue", "Wed", "Thu"],
      close: "14:00",
    },
    {
      name: "Christmas Eve",
      fromYear: 1993,
      date: { kind: "fixed", month: 12, day: 24 },
      weekdays: ["Mon", "Tue", "Wed", "Thu"],
      close: "13:00",
    },
  ],
  closures: [
    { date: "1994-04-27", reason: "National Day of Mourning for President Richard Nixon" },
    { date: "2001-09-11", reason: "September 11 attacks" },
    { date: "2001-09-12", reason: "September 11 attacks" },
    { date: "2001-09-13", reason: "September 11 attacks" },
    { date: "2001-09-14", reason: "September 11 attacks" },
    { date: "2004-06-11", reason: "National Day of Mourning for President Ronald Reagan" },
    { date: "2007-01-02", reason: "National Day of Mourning for President Gerald Ford" },
    { date: "2012-10-29", reason: "Hurricane Sandy" },
    { date: "2012-10-30", reason: "Hurricane Sandy" },
    { date: "2018-12-05", reason: "National Day of Mourning for President George H. W. Bush" },
    { date: "2025-01-09", reason: "National Day of Mourning for President Jimmy Carter" },
  ],
  adHocEarlyCloses: [
    { date: "1997-12-26", close: "13:00", reason: "Day after Christmas" },
    { date: "1999-12-31", close: "13:00", reason: "New Year's Eve 1999 (Y2K)" },
    { date: "2003-12-26", close: "13:00", reason: "Day after Christmas" },
  ],
  lateOpens: [],
};
