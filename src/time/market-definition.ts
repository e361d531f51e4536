// The declarative shape of an exchange: its zone, trading weekdays, session hours (with breaks,
// pre/post markets and sessions that open the evening before), holiday and early-close rules,
// and dated one-off days. A market is one such object in src/time/markets/; one engine
// (market-day-table.ts, exchange-calendar.ts) reads them all.

export type WeekdayName = "Sun" | "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat";

/** How a date is found in a given year. Months are 1-based. */
export type DateRule =
  | { readonly kind: "fixed"; readonly month: number; readonly day: number }
  /** The `nth` (1-based; -1 = last) `weekday` of a month. */
  | {
      readonly kind: "nth-weekday";
      readonly month: number;
      readonly weekday: WeekdayName;
      readonly nth: number;
    }
  /** The last `weekday` strictly before month/day (Victoria Day: the Monday before May 25). */
  | {
      readonly kind: "weekday-before";
      readonly month: number;
      readonly day: number;
      readonly weekday: WeekdayName;
    }
  /** Days from (Western) Easter Sunday: Good Friday -2, Easter Monday +1. */
  | { readonly kind: "easter"; readonly offset: number }
  /** A day of the Chinese lunisolar calendar (never a leap month), as ICU computes it. */
  | { readonly kind: "chinese-lunar"; readonly month: number; readonly day: number }
  /** The March or September equinox day as Japan's Cabinet Office computes it (valid 1980–2099). */
  | { readonly kind: "equinox"; readonly month: 3 | 9 }
  /** Ching Ming / Qingming (the solar term near April 5; valid 2000–2099). */
  | { readonly kind: "qingming" };

/**
 * Where a date that falls on a weekend (or, for the "next free" kinds, on another holiday) is
 * observed instead.
 * - `none`: not observed at all.
 * - `nearest-weekday`: Saturday → the Friday before, Sunday → the Monday after (US).
 * - `sunday-to-monday`: Sunday → Monday; Saturday is not observed (NYSE New Year's Day).
 * - `next-free-weekday`: Saturday or Sunday → the next weekday that is not itself a holiday (UK,
 *   Canada, Australia: Christmas on Saturday → Monday, Boxing Day → Tuesday).
 * - `sunday-to-next-free-day`: Sunday → the next day that is not itself a holiday; Saturday is not
 *   observed (Hong Kong, Japan's substitute holiday from 2007).
 * - `previous-weekday`: Saturday or Sunday → the Friday before (early closes on "the last trading
 *   day before Christmas").
 */
export type Observance =
  | "none"
  | "nearest-weekday"
  | "sunday-to-monday"
  | "next-free-weekday"
  | "sunday-to-next-free-day"
  | "previous-weekday";

interface YearRange {
  /** First year the rule applies (inclusive); absent: from the calendar's first year. */
  readonly fromYear?: number;
  /** Last year the rule applies (inclusive); absent: to the calendar's last year. */
  readonly toYear?: number;
  /** Years the rule skips (the date moved that year; the moved day is a dated closure). */
  readonly exceptYears?: readonly number[];
}

export interface HolidayRule extends YearRange {
  readonly name: string;
  readonly date: DateRule;
  /** Days added to the rule's date (the day after Thanksgiving: +1). */
  readonly plusDays?: number;
  /** Default `none`. */
  readonly observance?: Observance;
  /**
   * A closure of the market only, not a public holiday (Tokyo's January 2–3): other holidays'
   * substitute days and bridge days do not step over it.
   */
  readonly marketOnly?: boolean;
}

export interface EarlyCloseRule extends YearRange {
  readonly name: string;
  readonly date: DateRule;
  readonly plusDays?: number;
  /** Default `none`. */
  readonly observance?: Observance;
  /** Only when the date falls on one of these weekdays (before observance). */
  readonly weekdays?: readonly WeekdayName[];
  /** Local `HH:MM`. */
  readonly close: string;
}

export interface SessionBreak {
  /** Local `HH:MM` the break starts (trading stops). */
  readonly start: string;
  /** Local `HH:MM` trading resumes. */
  readonly end: string;
}

/** The regular hours from a date on (until the next entry's `from`). */
export interface MarketHours {
  /** First date (YYYY-MM-DD) these hours apply; absent on the first entry. */
  readonly from?: string;
  /** Local `HH:MM` of the regular open. */
  readonly open: string;
  /** Local `HH:MM` of the regular close; `24:00` is the following midnight. */
  readonly close: string;
  /** The session opens on the calendar day before its date (futures: Sunday 17:00 opens Monday). */
  readonly opensPreviousDay?: boolean;
  /** Pauses inside the regular session (a lunch break), in order. */
  readonly breaks?: readonly SessionBreak[];
  /** Local `HH:MM` the pre-market starts; absent: no pre-market. */
  readonly preMarket?: string;
  /** The post-market ends this many minutes after the (possibly early) close; absent: none. */
  readonly postMarketMinutes?: number;
}

export interface DatedClosure {
  readonly date: string;
  readonly reason: string;
}

export interface DatedEarlyClose {
  readonly date: string;
  /** Local `HH:MM`. */
  readonly close: string;
  readonly reason: string;
}

export interface DatedLateOpen {
  readonly date: string;
  /** Local `HH:MM`. */
  readonly open: string;
  readonly reason: string;
}

export interface ExchangeDefinition {
  /** ISO 10383 market identifier code (`XNYS`), or `CRYPTO` for the 24/7 calendar. */
  readonly mic: string;
  /** Other codes that name the same calendar (`XNAS` for `XNYS`). */
  readonly aliases?: readonly string[];
  readonly name: string;
  /** IANA time zone of every local time in the definition. */
  readonly timeZone: string;
  /** Where the rules and dates come from. */
  readonly sources: readonly string[];
  readonly firstYear: number;
  readonly lastYear: number;
  /** Weekdays with a session (the weekmask). */
  readonly weekdays: readonly WeekdayName[];
  /** Regular hours, oldest first. */
  readonly hours: readonly MarketHours[];
  /** Local `HH:MM` an override's early close gets when it names no time. */
  readonly defaultEarlyClose: string;
  readonly holidays: readonly HolidayRule[];
  readonly earlyCloses: readonly EarlyCloseRule[];
  /** One-off full-day closures. */
  readonly closures: readonly DatedClosure[];
  /** One-off early closes. */
  readonly adHocEarlyCloses: readonly DatedEarlyClose[];
  /** One-off late opens. */
  readonly lateOpens: readonly DatedLateOpen[];
  /**
   * A trading weekday between two holidays becomes a holiday of this name (Japan's "citizens'
   * holiday", from `fromYear`).
   */
  readonly bridgeHoliday?: { readonly name: string; readonly fromYear: number };
}
