// Xetra, Deutsche Börse's electronic market (XETR): 09:00–17:30 Frankfurt since 2003-11-03.
// Closed on Christmas Eve and New Year's Eve; the last trading day before New Year's Eve ends at
// 14:00 since 2010. Whit Monday and the Day of German Unity were holidays from 2015 and 2014
// through 2021; regular trading has taken place on both since 2022.
//
// Sources: Deutsche Börse trading calendar (https://www.xetra.com/xetra-en/newsroom/trading-calendar),
// exchange_calendars' XETR calendar (holiday history, the 14:00 year-end early close), and
// Deutsche Börse's announcements of the trading-hours changes of 2000-06-02 (to 20:00) and
// 2003-11-03 (back to 17:30).

import type { ExchangeDefinition } from "../market-definition.js";

export const XETR: ExchangeDefinition = {
  mic: "XETR",
  aliases: ["XFRA"],
  name: "Xetra (Deutsche Börse)",
  timeZone: "Europe/Berlin",
  sources: [
    "https://www.xetra.com/xetra-en/newsroom/trading-calendar",
    "exchange_calendars XETR",
    "Deutsche Börse trading-hours announcements (2000-06-02, 2003-11-03)",
  ],
  firstYear: 2000,
  lastYear: 2035,
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  hours: [
    { open: "08:30", close: "17:00" },
    { from: "2000-06-02", open: "09:00", close: "20:00" },
    { from: "2003-11-03", open: "09:00", close: "17:30" },
  ],
  defaultEarlyClose: "14:00",
  holidays: [
    { name: "New Year's Day", date: { kind: "fixed", month: 1, day: 1 } },
    { name: "Good Friday", date: { kind: "easter", offset: -2 } },
    { name: "Easter Monday", date: { kind: "easter", offset: 1 } },
    { name: "Labour Day", date: { kind: "fixed", month: 5, day: 1 } },
    { name: "Whit Monday", fromYear: 2015, toYear: 2021, date: { kind: "easter", offset: 50 } },
    { name: "Day of German Unity", fromYear: 2014, toYear: 2021, date: { kind: "fixed", month: 10, day: 3 } },
    { name: "Christmas Eve", date: { kind: "fixed", month: 12, day: 24 } },
    { name: "Christmas Day", date: { kind: "fixed", month: 12, day: 25 } },
    { name: "Boxing Day", date: { kind: "fixed", month: 12, day: 26 } },
    { name: "New Year's Eve", date: { kind: "fixed", month: 12, day: 31 } },
  ],
  earlyCloses: [
    {
      name: "Last trading day of the year",
      fromYear: 2010,
      date: { kind: "fixed", month: 12, day: 30 },
      observance: "previous-weekday",
      close: "14:00",
    },
  ],
  closures: [
    { date: "2007-05-28", reason: "Whit Monday" },
    { date: "2017-10-31", reason: "Reformation Day (500th anniversary)" },
  ],
  adHocEarlyCloses: [],
  lateOpens: [],
};
