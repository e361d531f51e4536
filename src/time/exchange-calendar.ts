// The NYSE (XNYS) trading calendar from 1990 through 2035: which days trade, the session of each
// (pre-market, open, close, post-market as epoch ms, DST-correct in America/New_York), and
// navigation by trading days. Built once from the rules, the one-off data and the user's overrides;
// every answer after construction is a table lookup.

import { CalendarError } from "../core/errors.js";
import { newYorkOffsetMs } from "../core/new-york-time.js";
import { DAY_MS, formatDayNumber, isWeekend, weekdayName } from "./calendar-day.js";
import type { CalendarOverrides } from "./calendar-overrides.js";
import { formatPath } from "./calendar-overrides.js";
import {
  CALENDAR_FIRST_DATE,
  CALENDAR_FIRST_DAY,
  CALENDAR_LAST_DATE,
  CALENDAR_LAST_DAY,
  isInCalendarRange,
  outOfRangeMessage,
  requireCalendarDate,
} from "./calendar-range.js";
import { compileNyseDays } from "./nyse-day-table.js";
import type { CalendarEarlyClose } from "./nyse-rules.js";
import {
  POST_MARKET_AFTER_CLOSE_MINUTES,
  PRE_MARKET_MINUTE,
  REGULAR_CLOSE_MINUTE,
  REGULAR_OPEN_MINUTE,
  type TradingSession,
} from "./trading-session.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export class ExchangeCalendar {
  readonly exchange = "XNYS" as const;
  readonly timeZone = "America/New_York" as const;
  /** First and last dates the calendar answers for. */
  readonly firstDate = CALENDAR_FIRST_DATE;
  readonly lastDate = CALENDAR_LAST_DATE;

  private readonly closures: ReadonlyMap<number, string>;
  private readonly earlyCloses: ReadonlyMap<number, CalendarEarlyClose>;
  /** Day numbers of every trading day in the range, ascending. */
  private readonly tradingDayNumbers: Int32Array;
  /** Per day of the range (offset from the first day): how many trading days come strictly before it. */
  private readonly tradingDaysBefore: Int32Array;
  /** Sessions built so far, by offset; built on first use. */
  private readonly sessionCache: (TradingSession | undefined)[] = [];

  constructor(overrides: CalendarOverrides = {}) {
    const table = compileNyseDays(overrides);
    if (table.problems.length > 0) {
      const lines = table.problems.map((problem) => `${formatPath(problem.path)}: ${problem.message}`);
      throw new CalendarError(`invalid calendar overrides: ${lines.join("; ")}`, {
        location: { path: formatPath(table.problems[0].path) },
      });
    }
    this.closures = table.closures;
    this.earlyCloses = table.earlyCloses;

    const dayCount = CALENDAR_LAST_DAY - CALENDAR_FIRST_DAY + 1;
    this.tradingDaysBefore = new Int32Array(dayCount + 1);
    const tradingDays: number[] = [];
    for (let offset = 0; offset < dayCount; offset++) {
      const dayNumber = CALENDAR_FIRST_DAY + offset;
      this.tradingDaysBefore[offset] = tradingDays.length;
      if (!isWeekend(dayNumber) && !this.closures.has(dayNumber)) tradingDays.push(dayNumber);
    }
    this.tradingDaysBefore[dayCount] = tradingDays.length;
    this.tradingDayNumbers = Int32Array.from(tradingDays);
  }

  isTradingDay(date: string): boolean {
    return this.isTradingDayNumber(requireCalendarDate(date));
  }

  /** The session of `date`, or `undefined` when the exchange does not trade that day. */
  session(date: string): TradingSession | undefined {
    const dayNumber = requireCalendarDate(date);
    return this.isTradingDayNumber(dayNumber) ? this.sessionOfDay(dayNumber) : undefined;
  }

  /** The session of `date`; a CalendarError naming the date and why when it does not trade. */
  requireSession(date: string): TradingSession {
    const dayNumber = requireCalendarDate(date);
    this.requireTradingDate(date, dayNumber);
    return this.sessionOfDay(dayNumber);
  }

  /**
   * The `n`th trading day strictly after `date` (whether or not `date` itself trades). `n = 0` gives
   * `date` itself, which must then be a trading day.
   */
  nextTradingDay(date: string, n = 1): string {
    const dayNumber = requireCalendarDate(date);
    requireCount(n);
    if (n === 0) return this.requireTradingDate(date, dayNumber);
    const firstAfter = this.tradingDaysBefore[dayNumber - CALENDAR_FIRST_DAY + 1];
    const index = firstAfter + n - 1;
    if (index >= this.tradingDayNumbers.length) {
      throw new CalendarError(`there is no trading day ${n} after "${date}" up to ${CALENDAR_LAST_DATE}`);
    }
    return formatDayNumber(this.tradingDayNumbers[index]);
  }

  /**
   * The `n`th trading day strictly before `date` (whether or not `date` itself trades). `n = 0` gives
   * `date` itself, which must then be a trading day.
   */
  previousTradingDay(date: string, n = 1): string {
    const dayNumber = requireCalendarDate(date);
    requireCount(n);
    if (n === 0) return this.requireTradingDate(date, dayNumber);
    const index = this.tradingDaysBefore[dayNumber - CALENDAR_FIRST_DAY] - n;
    if (index < 0) {
      throw new CalendarError(`there is no trading day ${n} before "${date}" from ${CALENDAR_FIRST_DATE}`);
    }
    return formatDayNumber(this.tradingDayNumbers[index]);
  }

  /** Every trading day from `from` through `to`, both included; `from` after `to` is a CalendarError. */
  tradingDays(from: string, to: string): string[] {
    const [start, end] = this.tradingIndexRange(from, to);
    const dates: string[] = [];
    for (let index = start; index < end; index++) dates.push(formatDayNumber(this.tradingDayNumbers[index]));
    return dates;
  }

  /** How many trading days lie from `from` through `to`, both included. */
  countTradingDays(from: string, to: string): number {
    const [start, end] = this.tradingIndexRange(from, to);
    return end - start;
  }

  /**
   * The trading session whose [preMarketAt, postMarketAt) contains `time`, if any. An instant whose
   * New York date is outside the calendar range is a CalendarError.
   */
  sessionAt(time: number): TradingSession | undefined {
    const dayNumber = this.dayNumberAt(time);
    if (!isInCalendarRange(dayNumber)) throw new CalendarError(outOfRangeMessage(dayNumber));
    if (!this.isTradingDayNumber(dayNumber)) return undefined;
    const session = this.sessionOfDay(dayNumber);
    return time >= session.preMarketAt && time < session.postMarketAt ? session : undefined;
  }

  /**
   * The latest session whose regular close is at or before `time`: where history ends for a
   * session running at `time`. On a trading day before its close, that is the previous session.
   */
  lastCompletedSessionBefore(time: number): TradingSession {
    const dayNumber = this.dayNumberAt(time);
    if (!isInCalendarRange(dayNumber)) throw new CalendarError(outOfRangeMessage(dayNumber));
    let index = this.tradingDaysBefore[dayNumber - CALENDAR_FIRST_DAY + 1] - 1;
    while (index >= 0) {
      const session = this.sessionOfDay(this.tradingDayNumbers[index]);
      if (session.closeAt <= time) return session;
      index--;
    }
    throw new CalendarError(
      `no session closed at or before ${this.formatInstant(time)} since ${CALENDAR_FIRST_DATE}`,
    );
  }

  /** The New York calendar date (`YYYY-MM-DD`) of an instant. */
  dateOf(time: number): string {
    return formatDayNumber(this.dayNumberAt(time));
  }

  /** Why the exchange is closed on a weekday (`"Good Friday"`, `"Hurricane Sandy"`); `undefined` otherwise. */
  holidayName(date: string): string | undefined {
    return this.closures.get(requireCalendarDate(date));
  }

  /** Why `date` closes early (`"Day after Thanksgiving"`); `undefined` on full sessions and closed days. */
  earlyCloseReason(date: string): string | undefined {
    return this.earlyCloses.get(requireCalendarDate(date))?.name;
  }

  /** ISO 8601 with the exchange's offset: `2024-11-29T09:30:00-05:00` (milliseconds only when non-zero). */
  formatInstant(time: number): string {
    const offsetMs = newYorkOffsetMs(time);
    const local = new Date(time + offsetMs).toISOString(); // "YYYY-MM-DDTHH:MM:SS.mmmZ" in local wall time
    const wall = local.endsWith(".000Z") ? local.slice(0, 19) : local.slice(0, 23);
    const offsetHours = Math.abs(offsetMs) / HOUR_MS;
    return `${wall}${offsetMs < 0 ? "-" : "+"}${offsetHours < 10 ? "0" : ""}${offsetHours}:00`;
  }

  private requireTradingDate(date: string, dayNumber: number): string {
    if (!this.isTradingDayNumber(dayNumber)) {
      const why = this.closures.get(dayNumber) ?? weekdayName(dayNumber);
      throw new CalendarError(`"${date}" is not a trading day (${why})`);
    }
    return date;
  }

  private isTradingDayNumber(dayNumber: number): boolean {
    return !isWeekend(dayNumber) && !this.closures.has(dayNumber);
  }

  private dayNumberAt(time: number): number {
    return Math.floor((time + newYorkOffsetMs(time)) / DAY_MS);
  }

  private tradingIndexRange(from: string, to: string): [number, number] {
    const fromDay = requireCalendarDate(from);
    const toDay = requireCalendarDate(to);
    if (fromDay > toDay) throw new CalendarError(`range start "${from}" is after its end "${to}"`);
    return [
      this.tradingDaysBefore[fromDay - CALENDAR_FIRST_DAY],
      this.tradingDaysBefore[toDay - CALENDAR_FIRST_DAY + 1],
    ];
  }

  private sessionOfDay(dayNumber: number): TradingSession {
    const offset = dayNumber - CALENDAR_FIRST_DAY;
    const cached = this.sessionCache[offset];
    if (cached) return cached;
    const earlyClose = this.earlyCloses.get(dayNumber);
    const closeMinute = earlyClose?.closeMinute ?? REGULAR_CLOSE_MINUTE;
    const session: TradingSession = {
      date: formatDayNumber(dayNumber),
      preMarketAt: newYorkInstant(dayNumber, PRE_MARKET_MINUTE),
      openAt: newYorkInstant(dayNumber, REGULAR_OPEN_MINUTE),
      closeAt: newYorkInstant(dayNumber, closeMinute),
      postMarketAt: newYorkInstant(dayNumber, closeMinute + POST_MARKET_AFTER_CLOSE_MINUTES),
      earlyClose: earlyClose !== undefined,
    };
    this.sessionCache[offset] = session;
    return session;
  }
}

/**
 * Epoch ms of New York wall time `minuteOfDay` on a day. Exact for 03:00–23:59: DST switches at
 * 02:00 local, so the offset in force five hours after the same wall time in UTC is the right one.
 */
function newYorkInstant(dayNumber: number, minuteOfDay: number): number {
  const wallAsUtc = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  return wallAsUtc - newYorkOffsetMs(wallAsUtc + 5 * HOUR_MS);
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new CalendarError(`trading-day count ${n} must be a whole number >= 0`);
}
