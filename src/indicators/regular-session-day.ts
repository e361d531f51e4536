// The New York trading date a bar falls on, with its regular-session window, for indicators that
// reset at each regular-session open (vwap, gap). Boundaries are computed once per date, so a bar
// costs two comparisons; nothing is allocated per bar.
//
// Without a source: regular session = [09:30, 16:00) New York, a date is a New York date. Early-close
// days (13:00) are not known then: session streams deliver only regular bars, so the post-close
// bars of such a day never reach an indicator. Daily and weekly bars start at 09:30 New York
// (src/core/bar.ts), so they are regular bars too. A session on another exchange gives its
// calendar's windows through a `SessionDaySource` (the IndicatorManager passes it on).

import { newYorkDateKey, newYorkWallTime } from "../core/new-york-time.js";

/** The window of one trading date of an exchange, as epoch ms. */
export interface SessionDayWindow {
  /** `YYYYMMDD` of the trading date. */
  readonly dateKey: number;
  /** Where the date begins (inclusive): local midnight, or the session's start the evening before. */
  readonly startsAt: number;
  /** Where the next date begins (exclusive). */
  readonly endsAt: number;
  /** Regular open; +Infinity on a day without a session. */
  readonly opensAt: number;
  /** Regular close (the early close included); -Infinity on a day without a session. */
  readonly closesAt: number;
}

/** Gives the trading-date window around an instant (an exchange calendar's). */
export interface SessionDaySource {
  windowAt(time: number): SessionDayWindow;
}

/** Doubles `writeTo` writes: dateKey, startsAt, endsAt, opensAt, closesAt, in that order. */
export const DAY_FIELDS = 5;
/** Offsets of a day written by `writeTo`, from where it starts. */
export const DATE_KEY = 0;
export const STARTS_AT = 1;
export const ENDS_AT = 2;
export const OPENS_AT = 3;
export const CLOSES_AT = 4;

export class RegularSessionDay {
  /** The exchange's windows; `undefined`: the NYSE's (New York dates, 09:30–16:00). */
  source: SessionDaySource | undefined = undefined;
  /** New York date `YYYYMMDD`, or 0 before the first bar. */
  dateKey = 0;
  /** 00:00 New York of the date (inclusive). */
  startsAt = Number.POSITIVE_INFINITY;
  /** 00:00 New York of the next date (exclusive). */
  endsAt = Number.NEGATIVE_INFINITY;
  /** 09:30 New York. */
  opensAt = Number.POSITIVE_INFINITY;
  /** 16:00 New York (exclusive end of the regular session). */
  closesAt = Number.NEGATIVE_INFINITY;

  /** Whether `time` falls on this date. */
  contains(time: number): boolean {
    return time >= this.startsAt && time < this.endsAt;
  }

  /** Whether `time` is within this date's regular session. */
  isRegular(time: number): boolean {
    return time >= this.opensAt && time < this.closesAt;
  }

  /** Moves to the New York date of `time`. */
  moveTo(time: number): void {
    if (this.source === undefined) {
      this.setDate(newYorkDateKey(time));
      return;
    }
    const window = this.source.windowAt(time);
    this.dateKey = window.dateKey;
    this.startsAt = window.startsAt;
    this.endsAt = window.endsAt;
    this.opensAt = window.opensAt;
    this.closesAt = window.closesAt;
  }

  /** Moves to the New York date `YYYYMMDD` (0 = before the first bar); snapshots restore through it. */
  setDate(dateKey: number): void {
    if (dateKey === 0) {
      this.clear();
      return;
    }
    this.dateKey = dateKey;
    this.startsAt = newYorkWallTime(dateKey, 0, 0);
    this.endsAt = newYorkWallTime(nextDateKey(dateKey), 0, 0);
    this.opensAt = newYorkWallTime(dateKey, 9, 30);
    this.closesAt = newYorkWallTime(dateKey, 16, 0);
  }

  clear(): void {
    this.dateKey = 0;
    this.startsAt = Number.POSITIVE_INFINITY;
    this.endsAt = Number.NEGATIVE_INFINITY;
    this.opensAt = Number.POSITIVE_INFINITY;
    this.closesAt = Number.NEGATIVE_INFINITY;
  }

  /** Writes the window into `state` from `offset` on (DAY_FIELDS doubles; an indicator bank's record). */
  writeTo(state: Float64Array, offset: number): void {
    state[offset + DATE_KEY] = this.dateKey;
    state[offset + STARTS_AT] = this.startsAt;
    state[offset + ENDS_AT] = this.endsAt;
    state[offset + OPENS_AT] = this.opensAt;
    state[offset + CLOSES_AT] = this.closesAt;
  }

  copyFrom(other: RegularSessionDay): void {
    this.dateKey = other.dateKey;
    this.startsAt = other.startsAt;
    this.endsAt = other.endsAt;
    this.opensAt = other.opensAt;
    this.closesAt = other.closesAt;
  }
}

function nextDateKey(dateKey: number): number {
  const year = Math.floor(dateKey / 10_000);
  const month = Math.floor((dateKey % 10_000) / 100) - 1;
  const day = dateKey % 100;
  const next = new Date(Date.UTC(year, month, day + 1));
  return next.getUTCFullYear() * 10_000 + (next.getUTCMonth() + 1) * 100 + next.getUTCDate();
}
