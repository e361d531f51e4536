// CME Globex equity index futures (CMES; E-mini S&P 500 and the like): a session opens at 17:00
// Chicago on the evening before its date and closes on its date; the time between is the daily
// maintenance break, and Sunday 17:00 opens Monday's session. Closed on New Year's Day, Good Friday
// and Christmas; on the other US exchange holidays the session halts at 12:00 Chicago, on the day
// after Thanksgiving and Christmas Eve at 12:15.
//
// The hours, as dated rules (session dates):
//   from 2012-11-19: 17:00 (day before)–16:15, with a trading halt 15:15–15:30 every day;
//   from 2015-09-21: 17:00 (day before)–16:00, the 15:15–15:30 halt kept;
//   from 2021-06-28: 17:00 (day before)–16:00 without a halt (CME eliminated the market pause).
// Good Friday: closed, except in the years the US employment report was published that day, when
// equity futures traded from Thursday's 17:00 open until 08:15 Chicago (2015-04-03, 2023-04-07).
//
// Sources: CME Group holiday calendar (https://www.cmegroup.com/tools-information/holiday-calendar.html)
// and trading hours (https://www.cmegroup.com/trading-hours.html); CME Group's notices for the
// national days of mourning of 2018-12-05 and 2025-01-09 (equity markets open until 08:30 CT);
// CME Globex notice of 2021-06-21 (https://www.cmegroup.com/notices/electronic-trading/2021/06/20210621.html:
// the 15:15–15:30 CT pause eliminated from trade date 2021-06-28); CME's 2012 announcement "Equity
// Index Later Close for CME Globex Trading Day" (effective trade date 2012-11-19: close 16:15, halt
// 15:15–15:30); the 2015 change of the close to 16:00 CT from 2015-09-21 (as reported by
// atas.net); the Good Friday sessions of 2015 and 2023 as reported at the time (index futures
// trading until 09:15 Eastern); exchange_calendars' CMES calendar.
//
// Not modelled (not confirmed from public sources, or not expressible): sessions before
// 2012-11-19 use the 2012 hours, though equity futures then opened at 15:30 the day before and
// closed at 15:15 with a 16:30–17:00 maintenance pause inside the session; the Good Fridays with
// an employment report in 2010, 2012, 2021 and 2026 are kept as full closures (no confirmation of
// a shortened session was found).

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
  hours: [
    { open: "17:00", opensPreviousDay: true, close: "16:15", breaks: [{ start: "15:15", end: "15:30" }] },
    {
      from: "2015-09-21",
      open: "17:00",
      opensPreviousDay: true,
      close: "16:00",
      breaks: [{ start: "15:15", end: "15:30" }],
    },
    { from: "2021-06-28", open: "17:00", opensPreviousDay: true, close: "16:00" },
  ],
  defaultEarlyClose: "12:00",
  holidays: [
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: "sunday-to-monday" },
    // In 2015 and 2023 the employment report came out on Good Friday: a session until 08:15 (below).
    { name: "Good Friday", date: { kind: "easter", offset: -2 }, exceptYears: [2015, 2023] },
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
    { date: "2015-04-03", close: "08:15", reason: "Good Friday (employment report)" },
    { date: "2023-04-07", close: "08:15", reason: "Good Friday (employment report)" },
  ],
  lateOpens: [],
};
