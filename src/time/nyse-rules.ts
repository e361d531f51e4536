// The NYSE's recurring holidays and early closes, as rules that give each year's dates. One-off
// events (special closures, ad-hoc early closes) are data in nyse-special-days.ts; the calendar
// combines both, and closures win over early closes.

import {
  dayNumberOf,
  easterSunday,
  FRIDAY,
  MONDAY,
  nthWeekdayOfMonth,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  TUESDAY,
  WEDNESDAY,
  weekdayOf,
} from "./calendar-day.js";
import { DEFAULT_EARLY_CLOSE_MINUTE } from "./trading-session.js";

/** How a holiday that falls on a weekend moves to a weekday. */
type Observance =
  /** Saturday → the Friday before, Sunday → the Monday after (July 4, Juneteenth, Christmas). */
  | "nearest-weekday"
  /** Sunday → Monday, Saturday → not observed at all (New Year's Day: Dec 31 stays a trading day). */
  | "sunday-to-monday"
  /** The rule always lands on a weekday. */
  | "weekday";

interface HolidayRule {
  readonly name: string;
  readonly fromYear?: number;
  readonly observance: Observance;
  /** The holiday's own date in `year` (before any observance shift). */
  date(year: number): number;
}

interface EarlyCloseRule {
  readonly name: string;
  readonly fromYear?: number;
  readonly toYear?: number;
  readonly closeMinute: number;
  /** The early-close date in `year`, or `undefined` when the rule does not apply that year. */
  date(year: number): number | undefined;
}

export interface CalendarClosure {
  readonly dayNumber: number;
  readonly name: string;
}

export interface CalendarEarlyClose {
  readonly dayNumber: number;
  /** Close time in minutes after New York midnight. */
  readonly closeMinute: number;
  readonly name: string;
}

const TWO_PM = 14 * 60;

const HOLIDAY_RULES: readonly HolidayRule[] = [
  { name: "New Year's Day", observance: "sunday-to-monday", date: (y) => dayNumberOf(y, 1, 1) },
  // The NYSE first closed for Martin Luther King Jr. Day in 1998.
  {
    name: "Martin Luther King Jr. Day",
    fromYear: 1998,
    observance: "weekday",
    date: (y) => nthWeekdayOfMonth(y, 1, MONDAY, 3),
  },
  { name: "Washington's Birthday", observance: "weekday", date: (y) => nthWeekdayOfMonth(y, 2, MONDAY, 3) },
  { name: "Good Friday", observance: "weekday", date: (y) => easterSunday(y) - 2 },
  { name: "Memorial Day", observance: "weekday", date: (y) => nthWeekdayOfMonth(y, 5, MONDAY, -1) },
  { name: "Juneteenth", fromYear: 2022, observance: "nearest-weekday", date: (y) => dayNumberOf(y, 6, 19) },
  { name: "Independence Day", observance: "nearest-weekday", date: (y) => dayNumberOf(y, 7, 4) },
  { name: "Labor Day", observance: "weekday", date: (y) => nthWeekdayOfMonth(y, 9, MONDAY, 1) },
  { name: "Thanksgiving Day", observance: "weekday", date: (y) => thanksgiving(y) },
  { name: "Christmas Day", observance: "nearest-weekday", date: (y) => dayNumberOf(y, 12, 25) },
];

/** Weekdays on which July 3 is a 13:00 early close (on a Friday it is the observed July 4 itself). */
const JULY_3_EARLY_WEEKDAYS = new Set([MONDAY, TUESDAY, THURSDAY]);
const JULY_3_EARLY_WEEKDAYS_FROM_2013 = new Set([WEDNESDAY]);
const JULY_5_EARLY_WEEKDAYS_UNTIL_2012 = new Set([FRIDAY]);
const CHRISTMAS_EVE_EARLY_WEEKDAYS = new Set([MONDAY, TUESDAY, WEDNESDAY, THURSDAY]);

// Sources: NYSE rule announcements as recorded in the NYSE closings history (the reference behind
// pandas_market_calendars); before 1993 the Christmas Eve and day-after-Thanksgiving early closes
// were at 14:00, and the day after Thanksgiving was first shortened in 1992.
const EARLY_CLOSE_RULES: readonly EarlyCloseRule[] = [
  {
    name: "Day before Independence Day",
    fromYear: 1995,
    closeMinute: DEFAULT_EARLY_CLOSE_MINUTE,
    date: (y) => onWeekdays(dayNumberOf(y, 7, 3), JULY_3_EARLY_WEEKDAYS),
  },
  {
    name: "Day before Independence Day",
    fromYear: 2013,
    closeMinute: DEFAULT_EARLY_CLOSE_MINUTE,
    date: (y) => onWeekdays(dayNumberOf(y, 7, 3), JULY_3_EARLY_WEEKDAYS_FROM_2013),
  },
  // Until 2012, a Thursday July 4 shortened the Friday after it instead of the Wednesday before.
  {
    name: "Day after Independence Day",
    fromYear: 1996,
    toYear: 2012,
    closeMinute: DEFAULT_EARLY_CLOSE_MINUTE,
    date: (y) => onWeekdays(dayNumberOf(y, 7, 5), JULY_5_EARLY_WEEKDAYS_UNTIL_2012),
  },
  {
    name: "Day after Thanksgiving",
    fromYear: 1992,
    toYear: 1992,
    closeMinute: TWO_PM,
    date: (y) => thanksgiving(y) + 1,
  },
  {
    name: "Day after Thanksgiving",
    fromYear: 1993,
    closeMinute: DEFAULT_EARLY_CLOSE_MINUTE,
    date: (y) => thanksgiving(y) + 1,
  },
  {
    name: "Christmas Eve",
    toYear: 1992,
    closeMinute: TWO_PM,
    date: (y) => onWeekdays(dayNumberOf(y, 12, 24), CHRISTMAS_EVE_EARLY_WEEKDAYS),
  },
  {
    name: "Christmas Eve",
    fromYear: 1993,
    closeMinute: DEFAULT_EARLY_CLOSE_MINUTE,
    date: (y) => onWeekdays(dayNumberOf(y, 12, 24), CHRISTMAS_EVE_EARLY_WEEKDAYS),
  },
];

function thanksgiving(year: number): number {
  return nthWeekdayOfMonth(year, 11, THURSDAY, 4);
}

function onWeekdays(dayNumber: number, weekdays: ReadonlySet<number>): number | undefined {
  return weekdays.has(weekdayOf(dayNumber)) ? dayNumber : undefined;
}

function appliesIn(rule: { readonly fromYear?: number; readonly toYear?: number }, year: number): boolean {
  return (
    (rule.fromYear === undefined || year >= rule.fromYear) &&
    (rule.toYear === undefined || year <= rule.toYear)
  );
}

function observedDate(dayNumber: number, observance: Observance): number | undefined {
  const weekday = weekdayOf(dayNumber);
  if (weekday === SUNDAY) return dayNumber + 1;
  if (weekday === SATURDAY) return observance === "nearest-weekday" ? dayNumber - 1 : undefined;
  return dayNumber;
}

/** The full-day holidays the rules give for `year`, on the weekday they are observed. */
export function ruleHolidaysOf(year: number): CalendarClosure[] {
  const holidays: CalendarClosure[] = [];
  for (const rule of HOLIDAY_RULES) {
    if (!appliesIn(rule, year)) continue;
    const actual = rule.date(year);
    const observed = observedDate(actual, rule.observance);
    if (observed === undefined) continue;
    holidays.push({ dayNumber: observed, name: observed === actual ? rule.name : `${rule.name} (observed)` });
  }
  return holidays;
}

/** The early closes the rules give for `year` (before closures are taken out). */
export function ruleEarlyClosesOf(year: number): CalendarEarlyClose[] {
  const earlyCloses: CalendarEarlyClose[] = [];
  for (const rule of EARLY_CLOSE_RULES) {
    if (!appliesIn(rule, year)) continue;
    const dayNumber = rule.date(year);
    if (dayNumber !== undefined)
      earlyCloses.push({ dayNumber, closeMinute: rule.closeMinute, name: rule.name });
  }
  return earlyCloses;
}
