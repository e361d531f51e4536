// Tokyo Stock Exchange (XTKS): a morning and an afternoon session with a lunch break (09:00–11:30,
// 12:30–15:30 since 2024-11-05; the afternoon closed at 15:00 before, and the morning ended at
// 11:00 before 2011-11-21). Closed on Japan's national holidays, their substitute days (a holiday
// on a Sunday moves to the next day that is not a holiday), citizens' holidays (a weekday between
// two holidays) and the year-end break December 31 – January 3. Japan has no daylight saving.
//
// Sources: JPX holiday calendar and trading hours (https://www.jpx.co.jp/english/corporate/about-jpx/calendar/),
// the Cabinet Office's list of national holidays (https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html)
// for the moved holidays of 2019–2021 and the equinox dates, and exchange_calendars' XTKS calendar.
//
// Not modelled: the half-day sessions the TSE once held on the first and last trading days of the
// year.

import type { ExchangeDefinition, HolidayRule } from "../market-definition.js";

const SUBSTITUTE = "sunday-to-next-free-day" as const;

const NATIONAL_HOLIDAYS: readonly HolidayRule[] = [
  { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: SUBSTITUTE },
  { name: "Coming of Age Day", date: { kind: "nth-weekday", month: 1, weekday: "Mon", nth: 2 } },
  { name: "National Foundation Day", date: { kind: "fixed", month: 2, day: 11 }, observance: SUBSTITUTE },
  {
    name: "Emperor's Birthday",
    fromYear: 2020,
    date: { kind: "fixed", month: 2, day: 23 },
    observance: SUBSTITUTE,
  },
  { name: "Vernal Equinox Day", date: { kind: "equinox", month: 3 }, observance: SUBSTITUTE },
  { name: "Greenery Day", toYear: 2006, date: { kind: "fixed", month: 4, day: 29 }, observance: SUBSTITUTE },
  { name: "Showa Day", fromYear: 2007, date: { kind: "fixed", month: 4, day: 29 }, observance: SUBSTITUTE },
  { name: "Constitution Memorial Day", date: { kind: "fixed", month: 5, day: 3 }, observance: SUBSTITUTE },
  { name: "Greenery Day", fromYear: 2007, date: { kind: "fixed", month: 5, day: 4 }, observance: SUBSTITUTE },
  { name: "Children's Day", date: { kind: "fixed", month: 5, day: 5 }, observance: SUBSTITUTE },
  { name: "Marine Day", toYear: 2002, date: { kind: "fixed", month: 7, day: 20 }, observance: SUBSTITUTE },
  {
    name: "Marine Day",
    fromYear: 2003,
    exceptYears: [2020, 2021],
    date: { kind: "nth-weekday", month: 7, weekday: "Mon", nth: 3 },
  },
  {
    name: "Mountain Day",
    fromYear: 2016,
    exceptYears: [2020, 2021],
    date: { kind: "fixed", month: 8, day: 11 },
    observance: SUBSTITUTE,
  },
  {
    name: "Respect for the Aged Day",
    toYear: 2002,
    date: { kind: "fixed", month: 9, day: 15 },
    observance: SUBSTITUTE,
  },
  {
    name: "Respect for the Aged Day",
    fromYear: 2003,
    date: { kind: "nth-weekday", month: 9, weekday: "Mon", nth: 3 },
  },
  { name: "Autumnal Equinox Day", date: { kind: "equinox", month: 9 }, observance: SUBSTITUTE },
  {
    name: "Sports Day",
    exceptYears: [2020, 2021],
    date: { kind: "nth-weekday", month: 10, weekday: "Mon", nth: 2 },
  },
  { name: "Culture Day", date: { kind: "fixed", month: 11, day: 3 }, observance: SUBSTITUTE },
  { name: "Labour Thanksgiving Day", date: { kind: "fixed", month: 11, day: 23 }, observance: SUBSTITUTE },
  {
    name: "Emperor's Birthday",
    toYear: 2018,
    date: { kind: "fixed", month: 12, day: 23 },
    observance: SUBSTITUTE,
  },
];

export const XTKS: ExchangeDefinition = {
  mic: "XTKS",
  aliases: ["TSE", "XJPX"],
  name: "Tokyo Stock Exchange",
  timeZone: "Asia/Tokyo",
  sources: [
    "https://www.jpx.co.jp/english/corporate/about-jpx/calendar/",
    "https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html",
    "exchange_calendars XTKS",
  ],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [
    { open: "09:00", close: "15:00", breaks: [{ start: "11:00", end: "12:30" }] },
    { from: "2011-11-21", open: "09:00", close: "15:00", breaks: [{ start: "11:30", end: "12:30" }] },
    { from: "2024-11-05", open: "09:00", close: "15:30", breaks: [{ start: "11:30", end: "12:30" }] },
  ],
  defaultEarlyClose: "11:30",
  holidays: [
    ...NATIONAL_HOLIDAYS,
    { name: "Exchange holiday (year-end)", date: { kind: "fixed", month: 12, day: 31 }, marketOnly: true },
    { name: "Exchange holiday (New Year)", date: { kind: "fixed", month: 1, day: 2 }, marketOnly: true },
    { name: "Exchange holiday (New Year)", date: { kind: "fixed", month: 1, day: 3 }, marketOnly: true },
  ],
  earlyCloses: [],
  bridgeHoliday: { name: "Citizens' Holiday", fromYear: 2000 },
  closures: [
    { date: "2019-04-30", reason: "National holiday (abdication of Emperor Akihito)" },
    { date: "2019-05-01", reason: "Enthronement of Emperor Naruhito" },
    { date: "2019-05-02", reason: "National holiday (enthronement)" },
    { date: "2019-10-22", reason: "Enthronement ceremony" },
    { date: "2020-07-23", reason: "Marine Day (moved for the Olympics)" },
    { date: "2020-07-24", reason: "Sports Day (moved for the Olympics)" },
    { date: "2020-08-10", reason: "Mountain Day (moved for the Olympics)" },
    { date: "2020-10-01", reason: "System failure (trading halted all day)" },
    { date: "2021-07-22", reason: "Marine Day (moved for the Olympics)" },
    { date: "2021-07-23", reason: "Sports Day (moved for the Olympics)" },
    { date: "2021-08-09", reason: "Mountain Day (moved for the Olympics, substitute)" },
  ],
  adHocEarlyCloses: [],
  lateOpens: [],
};
