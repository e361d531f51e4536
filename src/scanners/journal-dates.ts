// Session dates in the journal: `YYYY-MM-DD` strings that must name a real day, and the window of
// instants a row of that session date may be scheduled at. The window lets date filters use the
// (run, scheduled_at, …) index: every instant of a local calendar day, in any time zone (UTC-12 to
// UTC+14), lies within [UTC midnight - 1 day, UTC midnight + 2 days), so the journal refuses rows
// scheduled outside it and narrows date queries to it before comparing session_date exactly.

const SESSION_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Epoch ms of `date`'s UTC midnight, or `undefined` if `date` is not a real `YYYY-MM-DD` day. */
export function sessionDateUtc(date: unknown): number | undefined {
  if (typeof date !== "string") return undefined;
  const match = SESSION_DATE.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // Not Date.UTC: it reads years 0-99 as 1900-1999.
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** First instant a row of the session date at UTC midnight `utc` may be scheduled at. */
export function windowStart(utc: number): number {
  return utc - DAY_MS;
}

/** First instant after the window of the session date at UTC midnight `utc`. */
export function windowEnd(utc: number): number {
  return utc + 2 * DAY_MS;
}
