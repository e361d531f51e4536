// One NYSE trading day as epoch-ms instants, plus the fixed local times that define a session.

/**
 * A trading day of the exchange. All instants are epoch ms; `preMarketAt <= openAt < closeAt <=
 * postMarketAt`, all on `date` in New York.
 */
export interface TradingSession {
  /** New York calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Start of the pre-market (04:00 New York). */
  readonly preMarketAt: number;
  /** Regular-session open (09:30 New York). */
  readonly openAt: number;
  /** Regular-session close: 16:00 New York, or the early-close time (usually 13:00). */
  readonly closeAt: number;
  /** End of the post-market: four hours after the close (20:00, or 17:00 after a 13:00 early close). */
  readonly postMarketAt: number;
  /** True when the regular session ends before 16:00. */
  readonly earlyClose: boolean;
}

/** New York wall-clock times of a session, in minutes after midnight. */
export const PRE_MARKET_MINUTE = 4 * 60;
export const REGULAR_OPEN_MINUTE = 9 * 60 + 30;
export const REGULAR_CLOSE_MINUTE = 16 * 60;
export const DEFAULT_EARLY_CLOSE_MINUTE = 13 * 60;
/**
 * The post-market ends this long after the regular close. NYSE Arca's late session runs to 20:00 on
 * a normal day and to 17:00 after a 13:00 early close, i.e. four hours after the close either way.
 */
export const POST_MARKET_AFTER_CLOSE_MINUTES = 4 * 60;
