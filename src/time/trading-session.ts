// One trading session of an exchange as epoch-ms instants, plus the NYSE's fixed local times that
// older callers and the NYSE definition share.

/** A pause inside a regular session (a lunch break): trading stops at `startAt`, resumes at `endAt`. */
export interface SessionBreakTimes {
  readonly startAt: number;
  readonly endAt: number;
}

/**
 * A trading session of the exchange. All instants are epoch ms; `preMarketAt <= openAt < closeAt <=
 * postMarketAt`. A session belongs to the date it closes on: a futures session that opens on
 * Sunday evening is Monday's.
 */
export interface TradingSession {
  /** Local calendar date the session closes on, `YYYY-MM-DD`. */
  readonly date: string;
  /** Start of the pre-market (04:00 New York); `openAt` on markets without one. */
  readonly preMarketAt: number;
  /** Regular-session open (09:30 New York), or the late open. */
  readonly openAt: number;
  /** Regular-session close: 16:00 New York, or the early-close time (usually 13:00). */
  readonly closeAt: number;
  /** End of the post-market (20:00 New York, 17:00 after a 13:00 close); `closeAt` on markets without one. */
  readonly postMarketAt: number;
  /** True when the regular session ends before its regular close. */
  readonly earlyClose: boolean;
  /** True when the regular session opens after its regular open. */
  readonly lateOpen: boolean;
  /** Breaks inside [openAt, closeAt), in order; empty on markets without one. */
  readonly breaks: readonly SessionBreakTimes[];
}

/** New York wall-clock times of an NYSE session, in minutes after midnight. */
export const PRE_MARKET_MINUTE = 4 * 60;
export const REGULAR_OPEN_MINUTE = 9 * 60 + 30;
export const REGULAR_CLOSE_MINUTE = 16 * 60;
export const DEFAULT_EARLY_CLOSE_MINUTE = 13 * 60;
