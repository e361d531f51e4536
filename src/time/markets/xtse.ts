// Toronto Stock Exchange (XTSE): 09:30–16:00 Toronto, early close at 13:00 on Christmas Eve when
// it is a weekday. Family Day (Ontario) since 2008. Holidays on a weekend move to the next free
// weekday.
//
// Sources: TMX trading hours and holiday schedule (https://www.tsx.com/trading/calendars-and-trading-hours)
// and exchange_calendars' XTSE calendar for 2000–2019.

import type { ExchangeDefinition } from "../market-definition.js";

export const XTSE: ExchangeDefinition = {
  mic: "XTSE",
  aliases: ["TSX"],
  name: "Toronto Stock Exchange",
  timeZone: "America/Toronto",
  sources: ["https://www.tsx.com/trading/calendars-and-trading-hours", "exchange_calendars XTSE"],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [{ open: "09:30", close: "16:00" }],
  defaultEarlyClose: "13:00",
  holidays: [
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 }, observance: "next-free-weekday" },
    { name: "Family Day", fromYear: 2008, date: { kind: "nth-weekday", month: 2, weekday: "Mon", nth: 3 } },
    { name: "Good Friday", date: { kind: "easter", offset: -2 } },
    { name: "Victoria Day", date: { kind: "weekday-before", month: 5, day: 25, weekday: "Mon" } },
    { name: "Canada Day", date: { kind: "fixed", month: 7, day: 1 }, observance: "next-free-weekday" },
    { name: "Civic Holiday", date: { kind: "nth-weekday", month: 8, weekday: "Mon", nth: 1 } },
    { name: "Labour Day", date: { kind: "nth-weekday", month: 9, weekday: "Mon", nth: 1 } },
    { name: "Thanksgiving Day", date: { kind: "nth-weekday", month: 10, weekday: "Mon", nth: 2 } },
    { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 }, observance: "next-free-weekday" },
    { name: "Boxing Day", date: { kind: "fixed", month: 12, day: 26 }, observance: "next-free-weekday" },
  ],
  earlyCloses: [
    { name: "Christmas Eve", fromYear: 2010, date: { kind: "fixed", month: 12, day: 24 }, close: "13:00" },
  ],
  closures: [{ date: "2001-09-11", reason: "September 11 attacks" }],
  adHocEarlyCloses: [],
  lateOpens: [],
};
