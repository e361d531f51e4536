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
