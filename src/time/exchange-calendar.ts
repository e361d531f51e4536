// The trading calendar of one exchange, built from its declarative definition (src/time/markets/)
// and a user's overrides: which days trade, the session of each (pre-market, open, breaks, close,
// post-market as epoch ms, DST-correct in the exchange's zone; a session may open the evening
// before its date), and navigation by trading days. Built once; every answer after construction
// is a table lookup, and each session is built on first use and cached by day.

import { CalendarError, quoteValue } from "../core/errors.js";
import { formatIssuePath } from "../core/zod-issues.js";
import { ZoneOffsets } from "../core/zone-offsets.js";
import {
  dayNumberOf,
  formatDayNumber,
  parseClockTime,
  parseIsoDate,
  requireIsoDate,
  weekdayName,
  weekdayOf,
} from "./calendar-day.js";
import type { CalendarOverrides, OverrideProblem } from "./calendar-overrides.js";
import { weekdayNumber } from "./date-rules.js";
import { type ChangedTime, compileMarketDays, type DayHoursBounds } from "./market-day-table.js";
import type { ExchangeDefinition, MarketHours } from "./market-definition.js";
import { XNYS } from "./markets/xnys.js";
import type { SessionBreakTimes, TradingSession } from "./trading-session.js";

const MINUTE_MS = 60_000;
const NO_BREAKS: readonly SessionBreakTimes[] = Object.freeze([]);

/** A definition's hours entry with its local times in minutes, ready for every day it covers. */
interface CompiledHours {
  readonly fromDay: number;
  readonly open: number;
  /** May be 1440 (`24:00`). */
  readonly close: number;
  readonly opensPreviousDay: boolean;
  readonly breaks: readonly { readonly start: number; readonly end: number }[];
  readonly preMarket: number | undefined;
  readonly postMarketMinutes: number;
}

export class ExchangeCalendar {
  /** ISO MIC of the definition (`XNYS`, `XLON`, … `CRYPTO`). */
  readonly exchange: string;
  readonly timeZone: string;
  readonly definition: ExchangeDefinition;
  /** First and last dates the calendar answers for. */
  readonly firstDate: string;
  readonly lastDate: string;

  /** Days after Monday of the last weekday with sessions (4 = Friday; 6 = Sunday on 24/7 markets). */
  readonly lastWeekdayOffset: number;

  private readonly zone: ZoneOffsets;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly hours: readonly CompiledHours[];
  private readonly tradingWeekdays: ReadonlySet<number>;
  private readonly closures: ReadonlyMap<number, string>;
  private readonly earlyCloses: ReadonlyMap<number, ChangedTime>;
  private readonly lateOpens: ReadonlyMap<number, ChangedTime>;
  /** Whether some session opens on the day before its date (sessionAt must look one day ahead). */
  private readonly opensBeforeItsDate: boolean;
  /** Day numbers of every trading day in the range, ascending. */
  private readonly tradingDayNumbers: Int32Array;
  /** Per day of the range (offset from the first day): how many trading days come strictly before it. */
  private readonly tradingDaysBefore: Int32Array;
  /** Sessions built so far, by offset; built on first use. */
  private readonly sessionCache: (TradingSession | undefined)[] = [];

  constructor(overrides: CalendarOverrides = {}, definition: ExchangeDefinition = XNYS) {
    this.definition = definition;
    this.exchange = definition.mic;
    this.timeZone = definition.timeZone;
    this.zone = ZoneOffsets.of(definition.timeZone);
    this.firstDay = dayNumberOf(definition.firstYear, 1, 1);
    this.lastDay = dayNumberOf(definition.lastYear, 12, 31);
    this.firstDate = formatDayNumber(this.firstDay);
    this.lastDate = formatDayNumber(this.lastDay);
    this.hours = compileHours(definition);
    this.opensBeforeItsDate = this.hours.some((hours) => hours.opensPreviousDay);
    this.tradingWeekdays = new Set(definition.weekdays.map(weekdayNumber));
    this.lastWeekdayOffset = Math.max(...[...this.tradingWeekdays].map((weekday) => (weekday + 6) % 7));

    const table = compileMarketDays(definition, overrides, (day) => this.boundsOf(day));
    if (table.problems.length > 0) {
      const lines = table.problems.map((problem) => `${formatIssuePath(problem.path)}: ${problem.message}`);
      throw new CalendarError(`invalid calendar overrides: ${lines.join("; ")}`, {
        location: { path: formatIssuePath(table.problems[0].path) },
      });
    }
    this.closures = table.closures;
    this.earlyCloses = table.earlyCloses;
    this.lateOpens = table.lateOpens;

    const dayCount = this.lastDay - this.firstDay + 1;
    this.tradingDaysBefore = new Int32Array(dayCount + 1);
    const tradingDays: number[] = [];
    for (let offset = 0; offset < dayCount; offset++) {
      const dayNumber = this.firstDay + offset;
      this.tradingDaysBefore[offset] = tradingDays.length;
      if (this.isTradingDayNumber(dayNumber)) tradingDays.push(dayNumber);
    }
    this.tradingDaysBefore[dayCount] = tradingDays.length;
    this.tradingDayNumbers = Int32Array.from(tradingDays);
  }

  /**
   * What is wrong with `overrides` for a market (empty when nothing is): the check a calendar
   * overrides file gets when it is loaded for that market.
   */
  static overrideProblems(
    overrides: CalendarOverrides,
    definition: ExchangeDefinition = XNYS,
  ): readonly OverrideProblem[] {
    const hours = compileHours(definition);
    const boundsOf = (day: number) => {
      const entry = hoursOf(hours, day);
      return { openMinute: entry.open, closeMinute: entry.close };
    };
    return compileMarketDays(definition, overrides, boundsOf).problems;
  }

  isTradingDay(date: string): boolean {
    return this.isTradingDayNumber(this.requireDate(date));
  }

  /** The session of `date`, or `undefined` when the exchange does not trade that day. */
  session(date: string): TradingSession | undefined {
    const dayNumber = this.requireDate(date);
    return this.isTradingDayNumber(dayNumber) ? this.sessionOfDay(dayNumber) : undefined;
  }

  /** The session of `date`; a CalendarError naming the date and why when it does not trade. */
  requireSession(date: string): TradingSession {
    const dayNumber = this.requireDate(date);
    this.requireTradingDate(date, dayNumber);
    return this.sessionOfDay(dayNumber);
  }

  /**
   * The `n`th trading day strictly after `date` (whether or not `date` itself trades). `n = 0` gives
   * `date` itself, which must then be a trading day.
   */
  nextTradingDay(date: string, n = 1): string {
    const dayNumber = this.requireDate(date);
    requireCount(n);
    if (n === 0) return this.requireTradingDate(date, dayNumber);
    const firstAfter = this.tradingDaysBefore[dayNumber - this.firstDay + 1];
    const index = firstAfter + n - 1;
    if (index >= this.tradingDayNumbers.length) {
      throw new CalendarError(`there is no trading day ${n} after "${date}" up to ${this.lastDate}`);
    }
    return formatDayNumber(this.tradingDayNumbers[index]);
  }

  /**
   * The `n`th trading day strictly before `date` (whether or not `date` itself trades). `n = 0` gives
   * `date` itself, which must then be a trading day.
   */
  previousTradingDay(date: string, n = 1): string {
    const dayNumber = this.requireDate(date);
    requireCount(n);
    if (n === 0) return this.requireTradingDate(date, dayNumber);
    const index = this.tradingDaysBefore[dayNumber - this.firstDay] - n;
    if (index < 0) {
      throw new CalendarError(`there is no trading day ${n} before "${date}" from ${this.firstDate}`);
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
   * The trading session whose [preMarketAt, postMarketAt) contains `time`, if any (breaks
   * included: an instant in a lunch break is inside its session). An instant whose local date is
   * outside the calendar range is a CalendarError.
   */
  sessionAt(time: number): TradingSession | undefined {
    const dayNumber = this.sessionDayNumberAt(time);
    return dayNumber === undefined ? undefined : this.sessionOfDay(dayNumber);
  }

  /** The day number of the session `sessionAt(time)` finds, `undefined` when it finds none. */
  private sessionDayNumberAt(time: number): number | undefined {
    const dayNumber = this.zone.dayNumberAt(time);
    this.requireDayInRange(dayNumber);
    if (this.isTradingDayNumber(dayNumber)) {
      const session = this.sessionOfDay(dayNumber);
      if (time >= session.preMarketAt && time < session.postMarketAt) return dayNumber;
    }
    // A session that opens the evening before its date: tomorrow's may already have begun.
    if (this.opensBeforeItsDate && dayNumber < this.lastDay && this.isTradingDayNumber(dayNumber + 1)) {
      const next = this.sessionOfDay(dayNumber + 1);
      if (time >= next.preMarketAt && time < next.postMarketAt) return dayNumber + 1;
    }
    return undefined;
  }

  /**
   * The latest session whose regular close is at or before `time`: where history ends for a
   * session running at `time`. On a trading day before its close, that is the previous session.
   */
  lastCompletedSessionBefore(time: number): TradingSession {
    const dayNumber = this.zone.dayNumberAt(time);
    this.requireDayInRange(dayNumber);
    let index = this.tradingDaysBefore[dayNumber - this.firstDay + 1] - 1;
    while (index >= 0) {
      const session = this.sessionOfDay(this.tradingDayNumbers[index]);
      if (session.closeAt <= time) return session;
      index--;
    }
    throw new CalendarError(
      `no session closed at or before ${this.formatInstant(time)} since ${this.firstDate}`,
    );
  }

  /**
   * Day number of the trading date of an instant: the date of the session around it (a futures
   * session that opened on Sunday evening is Monday's), else the local date. For grouping bars
   * into weeks.
   */
  tradingDayNumberAt(time: number): number {
    const dayNumber = this.zone.dayNumberAt(time);
    if (dayNumber < this.firstDay || dayNumber >= this.lastDay) return dayNumber;
    // The session's own day number, not its date parsed back: this runs for every bar bucketed by week.
    return this.sessionDayNumberAt(time) ?? dayNumber;
  }

  /** When the week starting on Monday `mondayDayNumber` ends: local midnight after its last trading weekday. */
  weekEndAt(mondayDayNumber: number): number {
    return this.zone.instantOf(mondayDayNumber + this.lastWeekdayOffset + 1, 0);
  }

  /** The local calendar date (`YYYY-MM-DD`) of an instant in the exchange's zone. */
  dateOf(time: number): string {
    return formatDayNumber(this.zone.dayNumberAt(time));
  }

  /** Offset of the exchange's zone from UTC at an instant, in ms. */
  offsetAt(time: number): number {
    return this.zone.offsetAt(time);
  }

  /** Epoch ms of a local wall time (`minuteOfDay` after midnight) on a local `YYYY-MM-DD`. */
  wallTime(date: string, minuteOfDay: number): number {
    return this.zone.instantOf(requireIsoDate(date), minuteOfDay);
  }

  /** Why the exchange is closed on a trading weekday (`"Good Friday"`, `"Hurricane Sandy"`); `undefined` otherwise. */
  holidayName(date: string): string | undefined {
    return this.closures.get(this.requireDate(date));
  }

  /** Every closure on a trading weekday from `from` through `to`, with its name, ascending. */
  holidays(from: string, to: string): { readonly date: string; readonly name: string }[] {
    const fromDay = this.requireDate(from);
    const toDay = this.requireDate(to);
    if (fromDay > toDay) throw new CalendarError(`range start "${from}" is after its end "${to}"`);
    const list: { date: string; name: string }[] = [];
    for (let day = fromDay; day <= toDay; day++) {
      const name = this.closures.get(day);
      if (name !== undefined) list.push({ date: formatDayNumber(day), name });
    }
    return list;
  }

  /** Why `date` closes early (`"Day after Thanksgiving"`); `undefined` on full sessions and closed days. */
  earlyCloseReason(date: string): string | undefined {
    return this.earlyCloses.get(this.requireDate(date))?.name;
  }

  /** Why `date` opens late; `undefined` on regular sessions and closed days. */
  lateOpenReason(date: string): string | undefined {
    return this.lateOpens.get(this.requireDate(date))?.name;
  }

  /** ISO 8601 with the exchange's offset: `2024-11-29T09:30:00-05:00` (milliseconds only when non-zero). */
  formatInstant(time: number): string {
    const offsetMs = this.zone.offsetAt(time);
    const local = new Date(time + offsetMs).toISOString(); // "YYYY-MM-DDTHH:MM:SS.mmmZ" in local wall time
    const wall = local.endsWith(".000Z") ? local.slice(0, 19) : local.slice(0, 23);
    const offsetMinutes = Math.abs(offsetMs) / MINUTE_MS;
    const hours = Math.floor(offsetMinutes / 60);
    const minutes = offsetMinutes % 60;
    return `${wall}${offsetMs < 0 ? "-" : "+"}${hours < 10 ? "0" : ""}${hours}:${minutes < 10 ? "0" : ""}${minutes}`;
  }

  private requireDate(text: string): number {
    const dayNumber = requireIsoDate(text);
    this.requireDayInRange(dayNumber);
    return dayNumber;
  }

  private requireDayInRange(dayNumber: number): void {
    if (dayNumber < this.firstDay || dayNumber > this.lastDay) {
      throw new CalendarError(
        `date "${formatDayNumber(dayNumber)}" is outside the calendar range ${this.firstDate}..${this.lastDate}`,
      );
    }
  }

  private requireTradingDate(date: string, dayNumber: number): string {
    if (!this.isTradingDayNumber(dayNumber)) {
      const why = this.closures.get(dayNumber) ?? weekdayName(dayNumber);
      throw new CalendarError(`"${date}" is not a trading day (${why})`);
    }
    return date;
  }

  private isTradingDayNumber(dayNumber: number): boolean {
    return this.tradingWeekdays.has(weekdayOf(dayNumber)) && !this.closures.has(dayNumber);
  }

  private tradingIndexRange(from: string, to: string): [number, number] {
    const fromDay = this.requireDate(from);
    const toDay = this.requireDate(to);
    if (fromDay > toDay) throw new CalendarError(`range start "${from}" is after its end "${to}"`);
    return [
      this.tradingDaysBefore[fromDay - this.firstDay],
      this.tradingDaysBefore[toDay - this.firstDay + 1],
    ];
  }

  private hoursOf(dayNumber: number): CompiledHours {
    return hoursOf(this.hours, dayNumber);
  }

  private boundsOf(dayNumber: number): DayHoursBounds {
    const hours = this.hoursOf(dayNumber);
    return { openMinute: hours.open, closeMinute: hours.close };
  }

  private sessionOfDay(dayNumber: number): TradingSession {
    const offset = dayNumber - this.firstDay;
    const cached = this.sessionCache[offset];
    if (cached) return cached;
    const hours = this.hoursOf(dayNumber);
    const openDay = hours.opensPreviousDay ? dayNumber - 1 : dayNumber;
    const earlyClose = this.earlyCloses.get(dayNumber);
    const lateOpen = this.lateOpens.get(dayNumber);
    const openAt = this.zone.instantOf(lateOpen ? dayNumber : openDay, lateOpen?.minute ?? hours.open);
    const closeAt = this.zone.instantOf(dayNumber, earlyClose?.minute ?? hours.close);
    const breaks: SessionBreakTimes[] = [];
    for (const pause of hours.breaks) {
      const startAt = this.zone.instantOf(dayNumber, pause.start);
      const endAt = this.zone.instantOf(dayNumber, pause.end);
      // A late open after the break starts or an early close before it ends leaves no break.
      if (startAt > openAt && endAt < closeAt) breaks.push({ startAt, endAt });
    }
    const session: TradingSession = {
      date: formatDayNumber(dayNumber),
      preMarketAt:
        hours.preMarket === undefined
          ? openAt
          : Math.min(openAt, this.zone.instantOf(openDay, hours.preMarket)),
      openAt,
      closeAt,
      postMarketAt: closeAt + hours.postMarketMinutes * MINUTE_MS,
      earlyClose: earlyClose !== undefined,
      lateOpen: lateOpen !== undefined,
      breaks: breaks.length === 0 ? NO_BREAKS : breaks,
    };
    this.sessionCache[offset] = session;
    return session;
  }
}

function compileHours(definition: ExchangeDefinition): CompiledHours[] {
  if (definition.hours.length === 0) throw new CalendarError(`market ${definition.mic} defines no hours`);
  return definition.hours.map((hours: MarketHours, index) => {
    const time = (text: string, what: string): number => {
      const minute = text === "24:00" ? 1440 : parseClockTime(text);
      if (minute === undefined) {
        throw new CalendarError(
          `market ${definition.mic} hours[${index}].${what} is ${quoteValue(text)}, not HH:MM`,
        );
      }
      return minute;
    };
    const fromDay = hours.from === undefined ? Number.NEGATIVE_INFINITY : parseIsoDate(hours.from);
    if (fromDay === undefined) {
      throw new CalendarError(
        `market ${definition.mic} hours[${index}].from is ${quoteValue(hours.from)}, not YYYY-MM-DD`,
      );
    }
    return {
      fromDay,
      open: time(hours.open, "open"),
      close: time(hours.close, "close"),
      opensPreviousDay: hours.opensPreviousDay === true,
      breaks: (hours.breaks ?? []).map((pause) => ({
        start: time(pause.start, "breaks.start"),
        end: time(pause.end, "breaks.end"),
      })),
      preMarket: hours.preMarket === undefined ? undefined : time(hours.preMarket, "preMarket"),
      postMarketMinutes: hours.postMarketMinutes ?? 0,
    };
  });
}

/** The hours entry in force on a day (the last whose `from` is on or before it). */
function hoursOf(hours: readonly CompiledHours[], dayNumber: number): CompiledHours {
  let index = hours.length - 1;
  while (index > 0 && hours[index].fromDay > dayNumber) index--;
  return hours[index];
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new CalendarError(`trading-day count ${n} must be a whole number >= 0`);
}
