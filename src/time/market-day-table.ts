// Compiles a market definition and a user's overrides into the closures, early closes and late
// opens of the definition's whole year range, and reports every override that makes no sense.
// One engine for every market: nothing here knows a particular exchange.

import {
  dayNumberOf,
  formatDayNumber,
  parseClockTime,
  parseIsoDate,
  weekdayName,
  weekdayOf,
} from "./calendar-day.js";
import type { CalendarOverrides, OverrideProblem } from "./calendar-overrides.js";
import { DateRuleEvaluator, observe, weekdayNumber } from "./date-rules.js";
import type { ExchangeDefinition, HolidayRule } from "./market-definition.js";

export interface ChangedTime {
  /** Local minutes after midnight. */
  readonly minute: number;
  readonly name: string;
}

export interface MarketDayTable {
  /** Closures on trading weekdays in the range: day number → why. */
  readonly closures: ReadonlyMap<number, string>;
  /** Early closes, none of them on a closure or a non-trading weekday. */
  readonly earlyCloses: ReadonlyMap<number, ChangedTime>;
  /** Late opens, none of them on a closure or a non-trading weekday. */
  readonly lateOpens: ReadonlyMap<number, ChangedTime>;
  /** Overrides that were ignored because they are invalid; a calendar refuses to build with any. */
  readonly problems: readonly OverrideProblem[];
}

/** The part of a definition's hours an override is checked against on one day. */
export interface DayHoursBounds {
  /** Local minutes of the regular open and close (close may exceed 1440 for `24:00`). */
  readonly openMinute: number;
  readonly closeMinute: number;
}

const OVERRIDE_EARLY_CLOSE_REASON = "Early close (calendar overrides)";

export function compileMarketDays(
  definition: ExchangeDefinition,
  overrides: CalendarOverrides,
  boundsOf: (dayNumber: number) => DayHoursBounds,
): MarketDayTable {
  const firstDay = dayNumberOf(definition.firstYear, 1, 1);
  const lastDay = dayNumberOf(definition.lastYear, 12, 31);
  const inRange = (dayNumber: number) => dayNumber >= firstDay && dayNumber <= lastDay;
  const tradingWeekdays = new Set(definition.weekdays.map(weekdayNumber));
  const isTradingWeekday = (dayNumber: number) => tradingWeekdays.has(weekdayOf(dayNumber));

  const evaluator = new DateRuleEvaluator();
  const closures = new Map<number, string>();
  const publicHolidays = definition.holidays.filter((rule) => rule.marketOnly !== true);
  for (let year = definition.firstYear; year <= definition.lastYear; year++) {
    addRuleHolidays(publicHolidays, year, evaluator, closures);
  }
  if (definition.bridgeHoliday) {
    const bridge = definition.bridgeHoliday;
    for (let day = dayNumberOf(bridge.fromYear, 1, 1); day <= lastDay; day++) {
      if (isTradingWeekday(day) && !closures.has(day) && closures.has(day - 1) && closures.has(day + 1)) {
        closures.set(day, bridge.name);
      }
    }
  }
  const marketOnly = definition.holidays.filter((rule) => rule.marketOnly === true);
  for (let year = definition.firstYear; year <= definition.lastYear; year++) {
    addRuleHolidays(marketOnly, year, evaluator, closures);
  }
  for (const closure of definition.closures) closures.set(parseIsoDate(closure.date)!, closure.reason);

  const earlyCloses = new Map<number, ChangedTime>();
  for (let year = definition.firstYear; year <= definition.lastYear; year++) {
    for (const rule of definition.earlyCloses) {
      if (!appliesIn(rule, year)) continue;
      const actual = evaluator.dateOf(rule.date, year) + (rule.plusDays ?? 0);
      if (rule.weekdays && !rule.weekdays.some((name) => weekdayNumber(name) === weekdayOf(actual))) continue;
      const observed = observe(actual, rule.observance ?? "none", (day) => closures.has(day));
      if (observed !== undefined)
        earlyCloses.set(observed, { minute: parseClockTime(rule.close)!, name: rule.name });
    }
  }
  for (const earlyClose of definition.adHocEarlyCloses) {
    earlyCloses.set(parseIsoDate(earlyClose.date)!, {
      minute: parseClockTime(earlyClose.close)!,
      name: earlyClose.reason,
    });
  }
  const lateOpens = new Map<number, ChangedTime>();
  for (const lateOpen of definition.lateOpens) {
    lateOpens.set(parseIsoDate(lateOpen.date)!, {
      minute: parseClockTime(lateOpen.open)!,
      name: lateOpen.reason,
    });
  }
  // Rules run over the whole range and may land a day outside it (a December 31 observed in January).
  for (const map of [closures, earlyCloses, lateOpens])
    for (const day of map.keys()) if (!inRange(day)) map.delete(day);

  const problems = applyOverrides(overrides, {
    closures,
    earlyCloses,
    isTradingWeekday,
    inRange,
    rangeText: `${definition.firstYear}-01-01..${definition.lastYear}-12-31`,
    defaultEarlyClose: parseClockTime(definition.defaultEarlyClose)!,
    boundsOf,
  });

  // A closure always wins, and only trading weekdays have sessions to change.
  for (const map of [earlyCloses, lateOpens]) {
    for (const day of map.keys()) if (closures.has(day) || !isTradingWeekday(day)) map.delete(day);
  }
  for (const day of closures.keys()) if (!isTradingWeekday(day)) closures.delete(day);
  return { closures, earlyCloses, lateOpens, problems };
}

function appliesIn(
  rule: { fromYear?: number; toYear?: number; exceptYears?: readonly number[] },
  year: number,
) {
  return (
    (rule.fromYear === undefined || year >= rule.fromYear) &&
    (rule.toYear === undefined || year <= rule.toYear) &&
    !rule.exceptYears?.includes(year)
  );
}

/**
 * A year's holidays, in rule order. A "next free day" observance steps over the year's other
 * holidays wherever they fall (their own dates, weekend or not) and over days already taken.
 */
function addRuleHolidays(
  rules: readonly HolidayRule[],
  year: number,
  evaluator: DateRuleEvaluator,
  closures: Map<number, string>,
): void {
  const applying = rules.filter((rule) => appliesIn(rule, year));
  const actualDays = applying.map((rule) => evaluator.dateOf(rule.date, year) + (rule.plusDays ?? 0));
  const ownDates = new Set(actualDays);
  applying.forEach((rule, index) => {
    const actual = actualDays[index];
    const observed = observe(
      actual,
      rule.observance ?? "none",
      (day) => ownDates.has(day) || closures.has(day),
    );
    if (observed === undefined) return;
    if (closures.has(observed)) return; // already closed for another holiday: its name stays
    closures.set(observed, observed === actual ? rule.name : `${rule.name} (observed)`);
  });
}

interface OverrideTarget {
  readonly closures: Map<number, string>;
  readonly earlyCloses: Map<number, ChangedTime>;
  readonly isTradingWeekday: (dayNumber: number) => boolean;
  readonly inRange: (dayNumber: number) => boolean;
  readonly rangeText: string;
  readonly defaultEarlyClose: number;
  readonly boundsOf: (dayNumber: number) => DayHoursBounds;
}

function applyOverrides(overrides: CalendarOverrides, target: OverrideTarget): OverrideProblem[] {
  const { closures, earlyCloses, isTradingWeekday } = target;
  const problems: OverrideProblem[] = [];
  const checker = new OverrideDateChecker(problems, target);

  const cancelledClosures = new Set<number>();
  (overrides.cancelClosures ?? []).forEach((date, index) => {
    const path = ["cancelClosures", index];
    const dayNumber = checker.dayOf(date, path);
    if (dayNumber === undefined) return;
    if (!closures.has(dayNumber) || !isTradingWeekday(dayNumber)) {
      problems.push({
        path,
        message: `"${date}" is not a holiday or special closure, there is nothing to cancel`,
      });
      return;
    }
    cancelledClosures.add(dayNumber);
  });

  const addedClosures = new Map<number, string>();
  (overrides.closures ?? []).forEach((closure, index) => {
    const path = ["closures", index, "date"];
    const dayNumber = checker.dayOf(closure.date, path);
    if (dayNumber === undefined) return;
    if (!isTradingWeekday(dayNumber)) {
      problems.push({
        path,
        message: `"${closure.date}" is a ${weekdayName(dayNumber)}, the exchange is closed anyway`,
      });
    } else if (cancelledClosures.has(dayNumber)) {
      problems.push({ path, message: `"${closure.date}" is also in cancelClosures` });
    } else {
      addedClosures.set(dayNumber, closure.reason);
    }
  });
  for (const dayNumber of cancelledClosures) closures.delete(dayNumber);
  for (const [dayNumber, reason] of addedClosures) closures.set(dayNumber, reason);

  const cancelledEarlyCloses = new Set<number>();
  (overrides.cancelEarlyCloses ?? []).forEach((date, index) => {
    const path = ["cancelEarlyCloses", index];
    const dayNumber = checker.dayOf(date, path);
    if (dayNumber === undefined) return;
    if (!earlyCloses.has(dayNumber) || closures.has(dayNumber) || !isTradingWeekday(dayNumber)) {
      problems.push({ path, message: `"${date}" is not an early close, there is nothing to cancel` });
      return;
    }
    cancelledEarlyCloses.add(dayNumber);
  });

  const addedEarlyCloses = new Map<number, ChangedTime>();
  (overrides.earlyCloses ?? []).forEach((earlyClose, index) => {
    const path = ["earlyCloses", index, "date"];
    const dayNumber = checker.dayOf(earlyClose.date, path);
    if (dayNumber === undefined) return;
    const minute =
      earlyClose.close === undefined ? target.defaultEarlyClose : parseClockTime(earlyClose.close);
    if (!isTradingWeekday(dayNumber)) {
      problems.push({
        path,
        message: `"${earlyClose.date}" is a ${weekdayName(dayNumber)}, there is no session to shorten`,
      });
      return;
    }
    if (closures.has(dayNumber)) {
      problems.push({
        path,
        message: `"${earlyClose.date}" is a closure (${closures.get(dayNumber)}), there is no session to shorten`,
      });
      return;
    }
    if (cancelledEarlyCloses.has(dayNumber)) {
      problems.push({ path, message: `"${earlyClose.date}" is also in cancelEarlyCloses` });
      return;
    }
    const bounds = target.boundsOf(dayNumber);
    const closeMinute = minute;
    if (closeMinute === undefined || !isBetween(closeMinute, bounds)) {
      problems.push({
        path: ["earlyCloses", index, "close"],
        message: `${JSON.stringify(earlyClose.close)} is not between the ${clock(bounds.openMinute)} open and the ${clock(bounds.closeMinute)} close`,
      });
      return;
    }
    addedEarlyCloses.set(dayNumber, {
      minute: closeMinute,
      name: earlyClose.reason ?? OVERRIDE_EARLY_CLOSE_REASON,
    });
  });
  for (const dayNumber of cancelledEarlyCloses) earlyCloses.delete(dayNumber);
  for (const [dayNumber, earlyClose] of addedEarlyCloses) earlyCloses.set(dayNumber, earlyClose);
  return problems;
}

/** Whether a close time falls strictly inside the day's regular hours. */
function isBetween(minute: number, bounds: DayHoursBounds): boolean {
  if (bounds.closeMinute > bounds.openMinute)
    return minute > bounds.openMinute && minute < bounds.closeMinute;
  // Overnight session (opens the evening before): any time before the close on the closing day.
  return minute < bounds.closeMinute;
}

function clock(minute: number): string {
  const wrapped = minute === 1440 ? 1440 : minute % 1440;
  const hours = Math.floor(wrapped / 60);
  const minutes = wrapped % 60;
  return `${hours < 10 ? "0" : ""}${hours}:${minutes < 10 ? "0" : ""}${minutes}`;
}

/** Parses override dates, reporting malformed, out-of-range and repeated ones. */
class OverrideDateChecker {
  private readonly seen = new Map<string, Set<number>>();

  constructor(
    private readonly problems: OverrideProblem[],
    private readonly target: OverrideTarget,
  ) {}

  dayOf(date: string, path: readonly PropertyKey[]): number | undefined {
    const dayNumber = parseIsoDate(date);
    if (dayNumber === undefined) {
      this.problems.push({ path, message: `${JSON.stringify(date)} is not a date (expected YYYY-MM-DD)` });
      return undefined;
    }
    if (!this.target.inRange(dayNumber)) {
      this.problems.push({
        path,
        message: `date "${formatDayNumber(dayNumber)}" is outside the calendar range ${this.target.rangeText}`,
      });
      return undefined;
    }
    const list = String(path[0]);
    const seenInList = this.seen.get(list) ?? new Set<number>();
    this.seen.set(list, seenInList);
    if (seenInList.has(dayNumber)) {
      this.problems.push({ path, message: `"${formatDayNumber(dayNumber)}" is listed twice in ${list}` });
      return undefined;
    }
    seenInList.add(dayNumber);
    return dayNumber;
  }
}
