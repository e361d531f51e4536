// Allocation-free readers for the fields of a bar CSV: decimal numbers, ISO-8601 timestamps with
// an offset, and calendar dates, each read from `text[start, end)` without slicing the line.
// Each returns NaN for a field it cannot read; the `explain…` functions say why, for error lines.

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

/**
 * An ISO-8601 instant `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or an offset `±HH:MM` / `±HHMM`
 * (a space may stand for the `T`), as epoch ms; NaN without an offset or when any part is invalid.
 */
export function readTimestamp(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  if (end - start < 17) return Number.NaN;
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
  const offsetMinutes = readOffsetMinutes(text, index, end);
  if (Number.isNaN(offsetMinutes)) return Number.NaN;
  const year = Math.floor(dateKey / 10_000);
  const days = daysFromCivil(year, Math.floor(dateKey / 100) % 100, dateKey % 100);
  const localMs = days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
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

/** Why `field` is not a timestamp `readTimestamp` accepts. */
export function explainTimestamp(field: string): string {
  const shown = JSON.stringify(field.trim());
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(field.trim())) {
    return `timestamp ${shown} has no zone offset (expected e.g. "2013-10-07T09:30:00-04:00")`;
  }
  return `timestamp ${shown} is not an ISO-8601 instant with an offset (expected e.g. "2013-10-07T09:30:00-04:00")`;
}

/** Why `field` is not a date `readDateKey` accepts. */
export function explainDate(field: string): string {
  return `date ${JSON.stringify(field.trim())} is not a valid date (expected YYYY-MM-DD)`;
}
