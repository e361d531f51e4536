// London Stock Exchange (XLON): 08:00–16:30 London, half days (12:30) on Christmas Eve and New
// Year's Eve, or on the last weekday before them when they fall on a weekend.
//
// Sources: London Stock Exchange business days and trading hours
// (https://www.londonstockexchange.com/equities-trading/business-days), the UK bank holiday lists
// of GOV.UK (https://www.gov.uk/bank-holidays) for substitute days and the moved bank holidays of
// 2002, 2012, 2020 and 2022, and exchange_calendars' XLON calendar for 2000–2019.

import type { ExchangeDefinition } from "../market-definition.js";

export const XLON: ExchangeDefinition = {
  mic: "XLON",
  aliases: ["LSE"],
  name: "London Stock Exchange",
  timeZone: "Europe/London",
  sources: [
    "https://www.londonstockexchange.com/equities-trading/business-days",
    "https://www.gov.uk/bank-holidays",
    "exchange_calendars XLON (2000–2019)",
  ],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [{ open: "08:00", close: "16:30" }],
  defaultEarlyClose: "12:30",
  holidays: [
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: "next-free-weekday" },
    { name: "Good Friday", date: { kind: "easter", offset: -2 } },
    { name: "Easter Monday", date: { kind: "easter", offset: 1 } },
    // 2020: moved to Friday May 8 for the 75th anniversary of VE Day (a dated closure below).
    {
      name: "Early May bank holiday",
      exceptYears: [2020],
      date: { kind: "nth-weekday", month: 5, weekday: "Mon", nth: 1 },
    },
    // Moved to early June in the jubilee years (dated closures below).
    {
      name: "Spring bank holiday",
      exceptYears: [2002, 2012, 2022],
      date: { kind: "nth-weekday", month: 5, weekday: "Mon", nth: -1 },
    },
    { name: "Summer bank holiday", date: { kind: "nth-weekday", month: 8, weekday: "Mon", nth: -1 } },
    { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 }, observance: "next-free-weekday" },
    { name: "Boxing Day", date: { kind: "fixed", month: 12, day: 26 }, observance: "next-free-weekday" },
  ],
  earlyCloses: [
    {
      name: "Christmas Eve",
      date: { kind: "fixed", month: 12, day: 24 },
      observance: "previous-weekday",
      close: "12:30",
    },
    {
      name: "New Year's Eve",
      date: { kind: "fixed", month: 12, day: 31 },
      observance: "previous-weekday",
      close: "12:30",
    },
  ],
  closures: [
    { date: "2002-06-03", reason: "Golden Jubilee of Queen Elizabeth II" },
    { date: "2002-06-04", reason: "Spring bank holiday (moved)" },
    { date: "2011-04-29", reason: "Wedding of Prince William and Catherine Middleton" },
    { date: "2012-06-04", reason: "Spring bank holiday (moved)" },
    { date: "2012-06-05", reason: "Diamond Jubilee of Queen Elizabeth II" },
    { date: "2020-05-08", reason: "Early May bank holiday (VE Day 75th anniversary)" },
    { date: "2022-06-02", reason: "Spring bank holiday (moved)" },
    { date: "2022-06-03", reason: "Platinum Jubilee of Queen Elizabeth II" },
    { date: "2022-09-19", reason: "State Funeral of Queen Elizabeth II" },
    { date: "2023-05-08", reason: "Coronation of King Charles III" },
  ],
  adHocEarlyCloses: [],
  lateOpens: [],
};
