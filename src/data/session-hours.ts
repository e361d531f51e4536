// What aggregation needs to know about the exchange: the regular session around an instant. The
// ExchangeCalendar (src/time) satisfies this structurally; data/ does not import time/.

export interface RegularHours {
  /** Regular-session open (09:30 New York), epoch ms. */
  readonly openAt: number;
  /** Regular-session close (16:00, or the early close), epoch ms. */
  readonly closeAt: number;
}

export interface SessionHours {
  /**
   * The session of the trading day around `time`. Only its answer for an instant inside
   * [openAt, closeAt) matters: any other instant is outside regular hours, whether the answer is
   * `undefined` or a session that does not contain it.
   */
  sessionAt(time: number): RegularHours | undefined;
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
  /** Whether `date` (`YYYY-MM-DD`) is a trading day. */
  isTradingDay(date: string): boolean;
  /** The session of a trading day (`YYYY-MM-DD`); `undefined` on other days. */
  session(date: string): ExtendedHours | undefined;
  /** Why the exchange is closed on a weekday (`"Christmas Day"`); `undefined` otherwise. */
  holidayName(date: string): string | undefined;
}
