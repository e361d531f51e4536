// One-off NYSE closures and early closes since 1990, as data. Recurring holidays and early closes
// are rules (nyse-rules.ts). Users add or cancel days without a code change through a calendar
// overrides file (calendar-overrides.ts).
//
// Not modelled: unscheduled intraday disruptions and late opens (1996-01-08 blizzard: 11:00 open,
// 14:00 close; 1997-10-27 circuit-breaker halt at 15:30; moments of silence that delayed the open
// by minutes). The sessions of those days follow the regular hours here.

/** Full-day closures of the exchange that no holiday rule produces. */
export const NYSE_SPECIAL_CLOSURES: readonly { readonly date: string; readonly reason: string }[] = [
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
];

/** Early closes (13:00 New York) that no early-close rule produces. */
export const NYSE_SPECIAL_EARLY_CLOSES: readonly {
  readonly date: string;
  readonly close: string;
  readonly reason: string;
}[] = [
  { date: "1997-12-26", close: "13:00", reason: "Day after Christmas" },
  { date: "2003-12-26", close: "13:00", reason: "Day after Christmas" },
];
