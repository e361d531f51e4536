// Australian Securities Exchange (XASX), cash market: 10:00–16:00 Sydney. Early closes at 14:10
// on the last trading day before Christmas and the last trading day of the year (since 2010; in
// 2022 both were full days). Sydney's daylight saving runs from the first Sunday of October to the
// first Sunday of April, opposite to the northern markets.
//
// Sources: ASX trading calendar
// (https://www.asx.com.au/markets/market-resources/trading-hours-calendar/cash-market-trading-hours/trading-calendar)
// and exchange_calendars' XASX calendar (Anzac Day observance history, ad-hoc closures).

import type { ExchangeDefinition } from "../market-definition.js";

export const XASX: ExchangeDefinition = {
  mic: "XASX",
  aliases: ["ASX"],
  name: "Australian Securities Exchange",
  timeZone: "Australia/Sydney",
  sources: [
    "https://www.asx.com.au/markets/market-resources/trading-hours-calendar/cash-market-trading-hours/trading-calendar",
    "exchange_calendars XASX",
  ],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [{ open: "10:00", close: "16:00" }],
  defaultEarlyClose: "14:10",
  holidays: [
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: "next-free-weekday" },
    { name: "Australia Day", date: { kind: "fixed", month: 1, day: 26 }, observance: "next-free-weekday" },
    { name: "Good Friday", date: { kind: "easter", offset: -2 } },
    { name: "Easter Monday", date: { kind: "easter", offset: 1 } },
    // Anzac Day on a weekend is not made up, except in 2010 (Sunday → Monday).
    { name: "Anzac Day", exceptYears: [2010], date: { kind: "fixed", month: 4, day: 25 } },
    {
      name: "Anzac Day",
      fromYear: 2010,
      toYear: 2010,
      date: { kind: "fixed", month: 4, day: 25 },
      observance: "sunday-to-monday",
    },
    {
      name: "Queen's Birthday",
      toYear: 2022,
      date: { kind: "nth-weekday", month: 6, weekday: "Mon", nth: 2 },
    },
    {
      name: "King's Birthday",
      fromYear: 2023,
      date: { kind: "nth-weekday", month: 6, weekday: "Mon", nth: 2 },
    },
    { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 }, observance: "next-free-weekday" },
    { name: "Boxing Day", date: { kind: "fixed", month: 12, day: 26 }, observance: "next-free-weekday" },
  ],
  earlyCloses: [
    {
      name: "Last trading day before Christmas",
      fromYear: 2010,
      exceptYears: [2022],
      date: { kind: "fixed", month: 12, day: 24 },
      observance: "previous-weekday",
      close: "14:10",
    },
    {
      name: "Last trading day of the year",
      fromYear: 2010,
      exceptYears: [2022],
      date: { kind: "fixed", month: 12, day: 31 },
      observance: "previous-weekday",
      close: "14:10",
    },
  ],
  closures: [
    { date: "2011-04-26", reason: "Easter Tuesday (Anzac Day on Easter Monday)" },
    { date: "2022-09-22", reason: "National Day of Mourning for Queen Elizabeth II" },
  ],
  adHocEarlyCloses: [],
  lateOpens: [],
};
