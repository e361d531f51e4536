// CME Globex equity index futures (CMES; E-mini S&P 500 and the like): a session opens at 17:00
// Chicago on the evening before its date and closes at 16:00 on its date; the hour between is the
// daily maintenance break, and Sunday 17:00 opens Monday's session. Closed on New Year's Day, Good
// Friday and Christmas; on the other US exchange holidays the session halts at 12:00 Chicago, on
// the day after Thanksgiving and Christmas Eve at 12:15.
//
// Sources: CME Group holiday calendar (https://www.cmegroup.com/tools-information/holiday-calendar.html)
// and trading hours (https://www.cmegroup.com/trading-hours.html); CME Group's notices for the
// national days of mourning of 2018-12-05 and 2025-01-09 (equity markets open until 08:30 CT);
// exchange_calendars' CMES calendar.
//
// Not modelled: the 15:15–15:30 CT halt equity futures had before 2021, and the shortened Good
// Friday sessions of years in which US payrolls were published that day.

import type { ExchangeDefinition } from "../market-definition.js";

export const CMES: ExchangeDefinition = {
  mic: "CMES",
  aliases: ["CME", "GLBX"],
  name: "CME Globex equity index futures",
  timeZone: "America/Chicago",
  sources: [
    "https://www.cmegroup.com/tools-information/holiday-calendar.html",
    "https://www.cmegroup.com/trading-hours.html",
    "exchange_calendars CMES",
  ],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [{ open: "17:00", opensPreviousDay: true, close: "16:00" }],
  defaultEarlyClose: "12:00",
  holidays: [
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: "sunday-to-monday" },
    { name: "Good Friday", date: { kind: "easter", offset: -2 } },
    { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 }, observance: "nearest-weekday" },
  ],
  earlyCloses: [
    {
      name: "Martin Luther King Jr. Day",
      date: { kind: "nth-weekday", month: 1, weekday: "Mon", nth: 3 },
      close: "12:00",
    },
    {
      name: "Washington's Birthday",
      date: { kind: "nth-weekday", month: 2, weekday: "Mon", nth: 3 },
      close: "12:00",
    },
    {
      name: "Memorial Day",
      date: { kind: "nth-weekday", month: 5, weekday: "Mon", nth: -1 },
      close: "12:00",
    },
    {
      name: "Juneteenth",
      fromYear: 2022,
      date: { kind: "fixed", month: 6, day: 19 },
      observance: "nearest-weekday",
      close: "12:00",
    },
    {
      name: "Independence Day",
      date: { kind: "fixed", month: 7, day: 4 },
      observance: "nearest-weekday",
      close: "12:00",
    },
    { name: "Labor Day", date: { kind: "nth-weekday", month: 9, weekday: "Mon", nth: 1 }, close: "12:00" },
    {
      name: "Thanksgiving Day",
      date: { kind: "nth-weekday", month: 11, weekday: "Thu", nth: 4 },
      close: "12:00",
    },
    {
      name: "Day after Thanksgiving",
      date: { kind: "nth-weekday", month: 11, weekday: "Thu", nth: 4 },
      plusDays: 1,
      close: "12:15",
    },
    { name: "Christmas Eve", date: { kind: "fixed", month: 12, day: 24 }, close: "12:15" },
  ],
  closures: [],
  adHocEarlyCloses: [
    {
      date: "2018-12-05",
      close: "08:30",
      reason: "National Day of Mourning for President George H. W. Bush",
    },
    { date: "2025-01-09", close: "08:30", reason: "National Day of Mourning for President Jimmy Carter" },
  ],
  lateOpens: [],
};
