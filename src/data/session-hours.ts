// What aggregation needs to know about the exchange: the regular session around an instant, its
// breaks, and how sessions group into weeks. The ExchangeCalendar (src/time) satisfies this
// structurally; data/ does not import time/.

export interface RegularHours {
  /** Regular-session open, epoch ms (09:30 New York; the evening before on futures). */
  readonly openAt: number;
  /** Regular-session close (16:00, or the early close), epoch ms. */
  readonly closeAt: number;
  /** Pauses inside [openAt, closeAt) (a lunch break), in order; bars there are not aggregated. */
  readonly breaks?: readonly { readonly startAt: number; readonly endAt: number }[];
}

/**
 * Where the stretch of `session` between breaks that holds `time` starts: the open, or the end of
 * the break before it; NaN when `time` is inside a break (bars there are stored, never aggregated).
 */
export function stretchStartAt(session: RegularHours, time: number): number {
  let fromAt = session.openAt;
  const breaks = session.breaks;
  if (breaks !== undefined) {
    for (let index = 0; index < breaks.length; index++) {
      const pause = breaks[index];
      if (time < pause.startAt) break;
      if (time < pause.endAt) return Number.NaN;
      fromAt = pause.endAt;
    }
  }
  return fromAt;
}

/** Where the stretch of `session` holding `time` ends: the next break's start, or the close. */
export function stretchEndAt(session: RegularHours, time: number): number {
  const breaks = session.breaks;
  if (breaks !== undefined) {
    for (let index = 0; index < breaks.length; index++) {
      if (time < breaks[index].startAt) return breaks[index].startAt;
    }
  }
  return session.closeAt;
}

export interface SessionHours {
  /**
   * The session of the trading day around `time`. Only its answer for an instant inside
   * [openAt, closeAt) matters: any other instant is outside regular hours, whether the answer is
   * `undefined` or a session that does not contain it.
   */
  sessionAt(time: number): RegularHours | undefined;
  /**
   * Day number (days since 1970-01-01) of the trading date a bar starting at `time` belongs to:
   * the session's date (a futures session opening on Sunday evening is Monday's), else the local
   * date. Absent: the New York date.
   */
  tradingDayNumberAt?(time: number): number;
  /** When the week starting on Monday `mondayDayNumber` ends: after its last possible session. Absent: Saturday 00:00 New York. */
  weekEndAt?(mondayDayNumber: number): number;
  /** Days after Monday of the last weekday with sessions (4 = Friday, 6 = Sunday on 24/7). Absent: 4. */
  readonly lastWeekdayOffset?: number;
}

/** A trading day's sessions, extended hours included (the calendar's `TradingSession` satisfies it). */
export interface ExtendedHours extends RegularHours {
  /** Start of the pre-market, epoch ms. */
  readonly preMarketAt: number;
  /** End of the post-market, epoch ms. */
  readonly postMarketAt: number;
}

/**
 * What import needs to know about the exchange: which days it trades and the hours of each. The
 * ExchangeCalendar (with the user's overrides) satisfies this structurally. Each method may throw
 * a CalendarError for a date outside the calendar's range.
 */
export interface ExchangeDays {
  /** The exchange's IANA zone: timestamps without an offset are read in it unless `--tz` says otherwise. */
  readonly timeZone?: string;
  /** Whether `date` (`YYYY-MM-DD`) is a trading day. */
  isTradingDay(date: string): boolean;
  /** The session of a trading day (`YYYY-MM-DD`); `undefined` on other days. */
  session(date: string): ExtendedHours | undefined;
  /** Why the exchange is closed on a weekday (`"Christmas Day"`); `undefined` otherwise. */
  holidayName(date: string): string | undefined;
  /** The session whose extended hours [preMarketAt, postMarketAt) contain `time`, if any. */
  sessionAt(time: number): ExtendedHours | undefined;
  /** The exchange's local date (`YYYY-MM-DD`) of an instant. */
  dateOf(time: number): string;
  /** Offset of the exchange's zone from UTC at an instant, in ms. */
  offsetAt(time: number): number;
}
