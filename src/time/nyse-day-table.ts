// Merges the NYSE rules, the one-off data and a user's overrides into the closures and early
// closes of the whole calendar range, and reports every override that makes no sense.

import { formatDayNumber, isWeekend, parseClockTime, parseIsoDate, weekdayName } from "./calendar-day.js";
import type { CalendarOverrides } from "./calendar-overrides.js";
import {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  isInCalendarRange,
  outOfRangeMessage,
} from "./calendar-range.js";
import { type CalendarEarlyClose, ruleEarlyClosesOf, ruleHolidaysOf } from "./nyse-rules.js";
import { NYSE_SPECIAL_CLOSURES, NYSE_SPECIAL_EARLY_CLOSES } from "./nyse-special-days.js";
import { DEFAULT_EARLY_CLOSE_MINUTE, REGULAR_CLOSE_MINUTE, REGULAR_OPEN_MINUTE } from "./trading-session.js";

/** One thing wrong with an override, at a key path inside the overrides (`["closures", 0, "date"]`). */
export interface OverrideProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface NyseDayTable {
  /** Weekday closures in the calendar range: day number → why. */
  readonly closures: ReadonlyMap<number, string>;
  /** Early closes in the calendar range, none of them on a closure or a weekend. */
  readonly earlyCloses: ReadonlyMap<number, CalendarEarlyClose>;
  /** Overrides that were ignored because they are invalid; a calendar refuses to build with any. */
  readonly problems: readonly OverrideProblem[];
}

const OVERRIDE_EARLY_CLOSE_REASON = "Early close (calendar overrides)";

export function compileNyseDays(overrides: CalendarOverrides = {}): NyseDayTable {
  const closures = new Map<number, string>();
  const earlyCloses = new Map<number, CalendarEarlyClose>();
  for (let year = CALENDAR_FIRST_YEAR; year <= CALENDAR_LAST_YEAR; year++) {
    for (const holiday of ruleHolidaysOf(year)) closures.set(holiday.dayNumber, holiday.name);
    for (const earlyClose of ruleEarlyClosesOf(year)) earlyCloses.set(earlyClose.dayNumber, earlyClose);
  }
  for (const closure of NYSE_SPECIAL_CLOSURES) closures.set(parseIsoDate(closure.date)!, closure.reason);
  for (const earlyClose of NYSE_SPECIAL_EARLY_CLOSES) {
    const dayNumber = parseIsoDate(earlyClose.date)!;
    earlyCloses.set(dayNumber, {
      dayNumber,
      closeMinute: parseClockTime(earlyClose.close)!,
      name: earlyClose.reason,
    });
  }

  const problems: OverrideProblem[] = [];
  const checker = new OverrideDateChecker(problems);

  const cancelledClosures = new Set<number>();
  (overrides.cancelClosures ?? []).forEach((date, index) => {
    const path = ["cancelClosures", index];
    const dayNumber = checker.dayOf(date, path);
    if (dayNumber === undefined) return;
    if (!closures.has(dayNumber)) {
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
    if (isWeekend(dayNumber)) {
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
    if (!earlyCloses.has(dayNumber)) {
      problems.push({ path, message: `"${date}" is not an early close, there is nothing to cancel` });
      return;
    }
    cancelledEarlyCloses.add(dayNumber);
  });

  const addedEarlyCloses: CalendarEarlyClose[] = [];
  (overrides.earlyCloses ?? []).forEach((earlyClose, index) => {
    const path = ["earlyCloses", index, "date"];
    const dayNumber = checker.dayOf(earlyClose.date, path);
    if (dayNumber === undefined) return;
    const closeMinute =
      earlyClose.close === undefined ? DEFAULT_EARLY_CLOSE_MINUTE : parseClockTime(earlyClose.close);
    if (isWeekend(dayNumber)) {
      problems.push({
        path,
        message: `"${earlyClose.date}" is a ${weekdayName(dayNumber)}, there is no session to shorten`,
      });
    } else if (closures.has(dayNumber)) {
      problems.push({
        path,
        message: `"${earlyClose.date}" is a closure (${closures.get(dayNumber)}), there is no session to shorten`,
      });
    } else if (cancelledEarlyCloses.has(dayNumber)) {
      problems.push({ path, message: `"${earlyClose.date}" is also in cancelEarlyCloses` });
    } else if (
      closeMinute === undefined ||
      closeMinute <= REGULAR_OPEN_MINUTE ||
      closeMinute >= REGULAR_CLOSE_MINUTE
    ) {
      problems.push({
        path: ["earlyCloses", index, "close"],
        message: `${JSON.stringify(earlyClose.close)} is not between the 09:30 open and the 16:00 close`,
      });
    } else {
      addedEarlyCloses.push({
        dayNumber,
        closeMinute,
        name: earlyClose.reason ?? OVERRIDE_EARLY_CLOSE_REASON,
      });
    }
  });

  for (const dayNumber of cancelledEarlyCloses) earlyCloses.delete(dayNumber);
  for (const earlyClose of addedEarlyCloses) earlyCloses.set(earlyClose.dayNumber, earlyClose);
  // A closure always wins: an early close by rule on a day that is also closed is no early close.
  for (const dayNumber of closures.keys()) earlyCloses.delete(dayNumber);

  return { closures, earlyCloses, problems };
}

/** Parses override dates, reporting malformed, out-of-range and repeated ones. */
class OverrideDateChecker {
  private readonly seen = new Map<string, Set<number>>();

  constructor(private readonly problems: OverrideProblem[]) {}

  dayOf(date: string, path: readonly PropertyKey[]): number | undefined {
    const dayNumber = parseIsoDate(date);
    if (dayNumber === undefined) {
      this.problems.push({ path, message: `${JSON.stringify(date)} is not a date (expected YYYY-MM-DD)` });
      return undefined;
    }
    if (!isInCalendarRange(dayNumber)) {
      this.problems.push({ path, message: outOfRangeMessage(dayNumber) });
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
