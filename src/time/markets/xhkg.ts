// Hong Kong Exchanges (XHKG), securities market: a morning and an afternoon session (09:30–12:00,
// 13:00–16:00 since 2012-03-05). Half days (morning session only) on the eves of Christmas, New
// Year and Lunar New Year when they fall on a weekday. Holidays follow Hong Kong's general
// holidays: lunar dates come from the Chinese calendar (ICU), a holiday on a Sunday moves to the
// next day that is not a holiday, Saturday holidays are not made up. Hong Kong has no daylight
// saving.
//
// Typhoon and black-rainstorm closures are decided on the day: they are dated closures here
// (full-day closures only). Since 2024-09-23 HKEX keeps trading through severe weather.
//
// Sources: HKEX trading calendar and hours (https://www.hkex.com.hk/Services/Trading-hours-and-Severe-Weather-Arrangements),
// Hong Kong general holidays (https://www.gov.hk/en/about/abouthk/holiday/), HKEX's trading-hours
// changes of 2011-03-07 and 2012-03-05, and exchange_calendars' XHKG calendar.
//
// Not modelled: severe-weather days on which only one session was cancelled.

import type { ExchangeDefinition, HolidayRule } from "../market-definition.js";

const NEXT_FREE = "sunday-to-next-free-day" as const;

const HOLIDAYS: readonly HolidayRule[] = [
  { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: NEXT_FREE },
  { name: "Lunar New Year's Day", date: { kind: "chinese-lunar", month: 1, day: 1 }, observance: NEXT_FREE },
  {
    name: "Second day of Lunar New Year",
    date: { kind: "chinese-lunar", month: 1, day: 2 },
    observance: NEXT_FREE,
  },
  {
    name: "Third day of Lunar New Year",
    date: { kind: "chinese-lunar", month: 1, day: 3 },
    observance: NEXT_FREE,
  },
  { name: "Good Friday", date: { kind: "easter", offset: -2 } },
  { name: "Easter Monday", date: { kind: "easter", offset: 1 } },
  { name: "Ching Ming Festival", date: { kind: "qingming" }, observance: NEXT_FREE },
  { name: "Labour Day", date: { kind: "fixed", month: 5, day: 1 }, observance: NEXT_FREE },
  { name: "Buddha's Birthday", date: { kind: "chinese-lunar", month: 4, day: 8 }, observance: NEXT_FREE },
  { name: "Tuen Ng Festival", date: { kind: "chinese-lunar", month: 5, day: 5 }, observance: NEXT_FREE },
  {
    name: "HKSAR Establishment Day",
    date: { kind: "fixed", month: 7, day: 1 },
    observance: NEXT_FREE,
  },
  {
    name: "Day following the Mid-Autumn Festival",
    date: { kind: "chinese-lunar", month: 8, day: 16 },
    observance: NEXT_FREE,
  },
  { name: "National Day", date: { kind: "fixed", month: 10, day: 1 }, observance: NEXT_FREE },
  { name: "Chung Yeung Festival", date: { kind: "chinese-lunar", month: 9, day: 9 }, observance: NEXT_FREE },
  { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 }, observance: NEXT_FREE },
  {
    name: "First weekday after Christmas Day",
    date: { kind: "fixed", month: 12, day: 26 },
    observance: NEXT_FREE,
  },
];

export const XHKG: ExchangeDefinition = {
  mic: "XHKG",
  aliases: ["HKEX"],
  name: "Hong Kong Exchanges",
  timeZone: "Asia/Hong_Kong",
  sources: [
    "https://www.hkex.com.hk/Services/Trading-hours-and-Severe-Weather-Arrangements",
    "https://www.gov.hk/en/about/abouthk/holiday/",
    "exchange_calendars XHKG",
  ],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [
    { open: "10:00", close: "16:00", breaks: [{ start: "12:30", end: "14:30" }] },
    { from: "2011-03-07", open: "09:30", close: "16:00", breaks: [{ start: "12:00", end: "13:30" }] },
    { from: "2012-03-05", open: "09:30", close: "16:00", breaks: [{ start: "12:00", end: "13:00" }] },
  ],
  defaultEarlyClose: "12:00",
  holidays: HOLIDAYS,
  earlyCloses: [
    // The morning session ended at 12:30 before 2011-03-07.
    { name: "Christmas Eve", toYear: 2010, date: { kind: "fixed", month: 12, day: 24 }, close: "12:30" },
    { name: "Christmas Eve", fromYear: 2011, date: { kind: "fixed", month: 12, day: 24 }, close: "12:00" },
    { name: "New Year's Eve", toYear: 2010, date: { kind: "fixed", month: 12, day: 31 }, close: "12:30" },
    { name: "New Year's Eve", fromYear: 2011, date: { kind: "fixed", month: 12, day: 31 }, close: "12:00" },
    {
      name: "Lunar New Year's Eve",
      toYear: 2011,
      date: { kind: "chinese-lunar", month: 1, day: 1 },
      plusDays: -1,
      close: "12:30",
    },
    {
      name: "Lunar New Year's Eve",
      fromYear: 2012,
      date: { kind: "chinese-lunar", month: 1, day: 1 },
      plusDays: -1,
      close: "12:00",
    },
  ],
  closures: [
    { date: "2023-09-01", reason: "Typhoon Saola (signal no. 8)" },
    { date: "2023-09-08", reason: "Black rainstorm warning" },
  ],
  adHocEarlyCloses: [],
  lateOpens: [],
};
