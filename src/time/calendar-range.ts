// The dates the NYSE calendar answers for. Outside them the rules are unverified (before 1990)
// or pure projection too far out (after 2035), so every query there is a CalendarError.

import { CalendarError } from "../core/errors.js";
import { dayNumberOf, formatDayNumber, requireIsoDate } from "./calendar-day.js";

export const CALENDAR_FIRST_DATE = "1990-01-01";
export const CALENDAR_LAST_DATE = "2035-12-31";
export const CALENDAR_FIRST_YEAR = 1990;
export const CALENDAR_LAST_YEAR = 2035;
export const CALENDAR_FIRST_DAY = dayNumberOf(CALENDAR_FIRST_YEAR, 1, 1);
export const CALENDAR_LAST_DAY = dayNumberOf(CALENDAR_LAST_YEAR, 12, 31);

export function isInCalendarRange(dayNumber: number): boolean {
  return dayNumber >= CALENDAR_FIRST_DAY && dayNumber <= CALENDAR_LAST_DAY;
}

export function outOfRangeMessage(dayNumber: number): string {
  return `date "${formatDayNumber(dayNumber)}" is outside the calendar range ${CALENDAR_FIRST_DATE}..${CALENDAR_LAST_DATE}`;
}

/** Day number of a `YYYY-MM-DD` inside the calendar range; anything else is a CalendarError quoting it. */
export function requireCalendarDate(text: string): number {
  const dayNumber = requireIsoDate(text);
  if (!isInCalendarRange(dayNumber)) throw new CalendarError(outOfRangeMessage(dayNumber));
  return dayNumber;
}
