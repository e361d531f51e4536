// Fast, allocation-free New York local-time arithmetic for hot paths (indicator session resets,
// bucketing). US daylight-saving rules are exact for 1987–2099: from 2007 DST runs from the second
// Sunday of March to the first Sunday of November, before that from the first Sunday of April to
// the last Sunday of October, switching at 02:00 local time. The calendar (src/time) is the place
// for everything richer; this file is for code that must not allocate per bar.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Epoch ms of 00:00 UTC on the `nth` (1-based) Sunday of a month (month 0-based); nth = -1: last. */
function nthSundayUtc(year: number, month: number, nth: number): number {
  if (nth > 0) {
    const first = Date.UTC(year, month, 1);
    const weekday = new Date(first).getUTCDay();
    const firstSunday = first + ((7 - weekday) % 7) * DAY_MS;
    return firstSunday + (nth - 1) * 7 * DAY_MS;
  }
  const last = Date.UTC(year, month + 1, 0);
  const weekday = new Date(last).getUTCDay();
  return last - weekday * DAY_MS;
}

/** UTC instants at which daylight time starts and ends in New York in `year`. */
export function newYorkDstRange(year: number): { startsAt: number; endsAt: number } {
  if (year >= 2007) {
    // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
    return {
      startsAt: nthSundayUtc(year, 2, 2) + 7 * HOUR_MS,
      endsAt: nthSundayUtc(year, 10, 1) + 6 * HOUR_MS,
    };
  }
  return {
    startsAt: nthSundayUtc(year, 3, 1) + 7 * HOUR_MS,
    endsAt: nthSundayUtc(year, 9, -1) + 6 * HOUR_MS,
  };
}

/** Offset of New York from UTC at an instant, in ms (-4 h in daylight time, -5 h otherwise). */
export function newYorkOffsetMs(time: number): number {
  const year = new Date(time).getUTCFullYear();
  const { startsAt, endsAt } = newYorkDstRange(year);
  return time >= startsAt && time < endsAt ? -4 * HOUR_MS : -5 * HOUR_MS;
}

/** The New York calendar date of an instant as a number `YYYYMMDD` (e.g. 20131007). */
export function newYorkDateKey(time: number): number {
  const local = new Date(time + newYorkOffsetMs(time));
  return local.getUTCFullYear() * 10_000 + (local.getUTCMonth() + 1) * 100 + local.getUTCDate();
}

/** Minutes since New York midnight of an instant (09:30 → 570). */
export function newYorkMinuteOfDay(time: number): number {
  const local = time + newYorkOffsetMs(time);
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** Epoch ms of New York local wall time `hh:mm` on the date `YYYYMMDD` (never falls in a DST gap for market hours). */
export function newYorkWallTime(dateKey: number, hour: number, minute: number): number {
  const year = Math.floor(dateKey / 10_000);
  const month = Math.floor((dateKey % 10_000) / 100) - 1;
  const day = dateKey % 100;
  const asUtc = Date.UTC(year, month, day, hour, minute);
  // Market hours never sit within an hour of a DST switch (02:00), so the offset at the guess is exact.
  return asUtc - newYorkOffsetMs(asUtc + 5 * HOUR_MS);
}

/** `YYYYMMDD` → `YYYY-MM-DD`. */
export function formatDateKey(dateKey: number): string {
  const year = Math.floor(dateKey / 10_000);
  const month = Math.floor((dateKey % 10_000) / 100);
  const day = dateKey % 100;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `YYYY-MM-DD` → `YYYYMMDD`, or `undefined` if the text is not such a date. */
export function parseDateKey(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return year * 10_000 + month * 100 + day;
}
