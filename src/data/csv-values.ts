// Allocation-free readers for the fields of a bar CSV: decimal numbers, ISO-8601 timestamps (with
// an offset, or without one in a given zone), epoch seconds or milliseconds, and calendar dates,
// each read from `text[start, end)` without slicing the line. Each returns NaN for a field it
// cannot read; the `explain…` functions say why, for error lines.

import type { LocalTimeToUtc } from "./zone-time.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Powers of ten exactly representable as doubles (10^0 … 10^22). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A decimal number. The fast path reads up to 15–16 significant digits as an integer mantissa and
 * divides by an exact power of ten: both operands are exact doubles, so the one rounding of the
 * division gives the same double as `Number(text)` (Clinger's fast path). Anything longer, or with
 * an exponent, goes through `Number` after a format check.
 */
export function readDecimal(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  let index = start;
  let negative = false;
  const sign = text.charCodeAt(index);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    index++;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  for (; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (seenPoint) fractionDigits++;
    } else if (code === 46 && !seenPoint) {
      seenPoint = true;
    } else {
      return readDecimalSlowly(text, start, end);
    }
  }
  if (digits === 0) return Number.NaN;
  if (mantissa > Number.MAX_SAFE_INTEGER || fractionDigits > 22) return readDecimalSlowly(text, start, end);
  const value = fractionDigits === 0 ? mantissa : mantissa / EXACT_POWERS_OF_TEN[fractionDigits];
  return negative ? -value : value;
}

function readDecimalSlowly(text: string, start: number, end: number): number {
  const field = text.slice(start, end);
  return PLAIN_NUMBER.test(field) ? Number(field) : Number.NaN;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12); no validation. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of `count` ASCII digits at `index`, or -1 if any is not a digit. */
function digitsAt(text: string, index: number, count: number): number {
  let value = 0;
  for (let i = index; i < index + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * A date `YYYY-MM-DD` or `YYYYMMDD` as the number `YYYYMMDD`, or NaN if it is not a real date.
 */
export function readDateKey(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  let year: number;
  let month: number;
  let day: number;
  if (end - start === 10 && text.charCodeAt(start + 4) === 45 && text.charCodeAt(start + 7) === 45) {
    year = digitsAt(text, start, 4);
    month = digitsAt(text, start + 5, 2);
    day = digitsAt(text, start + 8, 2);
  } else if (end - start === 8) {
    year = digitsAt(text, start, 4);
    month = digitsAt(text, start + 4, 2);
    day = digitsAt(text, start + 6, 2);
  } else {
    return Number.NaN;
  }
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return year * 10_000 + month * 100 + day;
}

/** Epoch seconds of up to 11 digits (until the year 5138) or milliseconds of 12–13 digits. */
const MAX_EPOCH_SECONDS_DIGITS = 11;
const MAX_EPOCH_MS_DIGITS = 13;

/**
 * A bar time: an ISO-8601 date-time (see `readTimestamp`) or, for a field of digits only, epoch
 * seconds (up to 11 digits) or epoch milliseconds (12 or 13 digits), as epoch ms; NaN otherwise.
 */
export function readBarTime(text: string, start: number, end: number, zone?: LocalTimeToUtc): number {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  const length = end - start;
  if (length <= MAX_EPOCH_MS_DIGITS) {
    const epoch = digitsAt(text, start, length);
    if (epoch >= 0 && length > 0) return length <= MAX_EPOCH_SECONDS_DIGITS ? epoch * 1000 : epoch;
  }
  return readTimestamp(text, start, end, zone);
}

/**
 * An ISO-8601 instant `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or an offset `±HH:MM` / `±HHMM`
 * (a space may stand for the `T`), as epoch ms. Without an offset, the wall time is read in `zone`
 * (NaN without a zone, or for a wall time the zone skips). NaN when any part is invalid.
 */
export function readTimestamp(text: string, start: number, end: number, zone?: LocalTimeToUtc): number {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  if (end - start < 16) return Number.NaN;
  const dateKey = readDateKey(text, start, start + 10);
  const separator = text.charCodeAt(start + 10);
  if (Number.isNaN(dateKey) || (separator !== 84 && separator !== 116 && separator !== 32)) return Number.NaN;
  const hour = digitsAt(text, start + 11, 2);
  const minute = digitsAt(text, start + 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text.charCodeAt(start + 13) !== 58)
    return Number.NaN;
  let index = start + 16;
  let second = 0;
  let millisecond = 0;
  if (text.charCodeAt(index) === 58) {
    second = digitsAt(text, index + 1, 2);
    if (second < 0 || second > 59) return Number.NaN;
    index += 3;
    if (text.charCodeAt(index) === 46) {
      index++;
      let scale = 100;
      const fractionStart = index;
      while (index < end && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57) {
        millisecond += (text.charCodeAt(index) - 48) * scale;
        scale /= 10;
        index++;
      }
      if (index === fractionStart) return Number.NaN;
      millisecond = Math.floor(millisecond);
    }
  }
  const year = Math.floor(dateKey / 10_000);
  const days = daysFromCivil(year, Math.floor(dateKey / 100) % 100, dateKey % 100);
  const localMs = days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
  if (index === end) return zone === undefined ? Number.NaN : zone(localMs);
  const offsetMinutes = readOffsetMinutes(text, index, end);
  if (Number.isNaN(offsetMinutes)) return Number.NaN;
  return localMs - offsetMinutes * MINUTE_MS;
}

/** `Z`, `±HH:MM` or `±HHMM` filling exactly text[index, end), in minutes east of UTC; NaN otherwise. */
function readOffsetMinutes(text: string, index: number, end: number): number {
  const length = end - index;
  const first = text.charCodeAt(index);
  if (length === 1 && (first === 90 || first === 122)) return 0;
  if (first !== 43 && first !== 45) return Number.NaN;
  let hours: number;
  let minutes: number;
  if (length === 6 && text.charCodeAt(index + 3) === 58) {
    hours = digitsAt(text, index + 1, 2);
    minutes = digitsAt(text, index + 4, 2);
  } else if (length === 5) {
    hours = digitsAt(text, index + 1, 2);
    minutes = digitsAt(text, index + 3, 2);
  } else {
    return Number.NaN;
  }
  if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) return Number.NaN;
  const total = hours * 60 + minutes;
  return first === 45 ? -total : total;
}

/** Longest part of a field or line an error message quotes. */
const MAX_QUOTED_CHARS = 80;

/** `text` as an error message quotes it: JSON-quoted, cut to MAX_QUOTED_CHARS with an ellipsis. */
export function quoted(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= MAX_QUOTED_CHARS
    ? JSON.stringify(trimmed)
    : `${JSON.stringify(trimmed.slice(0, MAX_QUOTED_CHARS))}… (${trimmed.length} characters)`;
}

/** Why `field` is not a bar time `readBarTime` accepts, with offsetless times read in `zoneName`. */
export function explainTimestamp(field: string, zoneName?: string): string {
  const shown = quoted(field);
  const trimmed = field.trim();
  if (/^\d+$/.test(trimmed)) {
    return `timestamp ${shown} is not epoch seconds (up to 11 digits) or milliseconds (12 or 13 digits)`;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(trimmed)) {
    return zoneName === undefined
      ? `timestamp ${shown} has no zone offset (expected e.g. "2013-10-07T09:30:00-04:00")`
      : `timestamp ${shown} does not exist in ${zoneName} (a daylight-saving gap) or is not a real time`;
  }
  return `timestamp ${shown} is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)`;
}

/** Why `field` is not a date `readDateKey` accepts. */
export function explainDate(field: string): string {
  return `date ${quoted(field)} is not a valid date (expected YYYY-MM-DD)`;
}
