// Calendar dates as whole day numbers (days since 1970-01-01), the representation the calendar
// computes with: adding days is adding integers, and the weekday is a remainder.

import { CalendarError, quoteValue } from "../core/errors.js";

export const DAY_MS = 86_400_000;

/** Weekday numbers as `Date.getUTCDay()` gives them. */
export const SUNDAY = 0;
export const MONDAY = 1;
export const TUESDAY = 2;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** Day number of a date (`month` 1-based). */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 (day 0) was a Thursday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + THURSDAY) % 7) + 7) % 7;
}

export function weekdayName(dayNumber: number): string {
  return WEEKDAY_NAMES[weekdayOf(dayNumber)];
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === SATURDAY || weekday === SUNDAY;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDayNumber(dayNumber: number): string {
  const date = new Date(dayNumber * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/** Day number of `YYYY-MM-DD`, or `undefined` when the text is not a real date in that form. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const dayNumber = dayNumberOf(year, month, day);
  // Date.UTC rolls 02-30 over into March; a real date survives the round trip.
  return new Date(dayNumber * DAY_MS).getUTCDate() === day ? dayNumber : undefined;
}

/** Like `parseIsoDate`, but a malformed date is a CalendarError quoting it. */
export function requireIsoDate(text: string): number {
  const dayNumber = typeof text === "string" ? parseIsoDate(text) : undefined;
  if (dayNumber === undefined) {
    throw new CalendarError(`${quoteValue(text)} is not a date (expected YYYY-MM-DD)`);
  }
  return dayNumber;
}

/** Day number of the `nth` (1-based) `weekday` of a month; `nth = -1` is the last one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): number {
  if (nth > 0) {
    const first = dayNumberOf(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7;
  }
  const last = dayNumberOf(year, month + 1, 0);
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumberOf(year, month, day);
}

/** `HH:MM` (00:00–23:59) → minutes after midnight, or `undefined`. */
export function parseClockTime(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes after midnight → `HH:MM`. */
export function formatClockTime(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${hours < 10 ? "0" : ""}${hours}:${minutes < 10 ? "0" : ""}${minutes}`;
}
