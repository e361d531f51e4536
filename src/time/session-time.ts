// Times of day a schedule can name: a wall-clock time in the exchange's zone (`09:35`) or a time
// relative to the session's open, close or lunch break (`open+5m`, `close-15m`, `break_end`), so a
// window follows an early close and a late open.

import { CalendarError, quoteValue } from "../core/errors.js";
import type { TradingSession } from "./trading-session.js";

export type SessionAnchor = "open" | "close" | "break_start" | "break_end";

export type SessionTime =
  | { readonly anchor: "clock"; readonly minutes: number }
  | { readonly anchor: SessionAnchor; readonly offsetMinutes: number };

/** What resolving a wall-clock time needs of the exchange calendar. */
export interface SessionZone {
  /** Epoch ms of local wall time `minuteOfDay` on a local `YYYY-MM-DD`. */
  wallTime(date: string, minuteOfDay: number): number;
  /** Local `YYYY-MM-DD` of an instant. */
  dateOf(time: number): string;
}

const CLOCK_PATTERN = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const RELATIVE_PATTERN = /^(open|close|break_start|break_end)(?:\s*([+-])\s*([1-9][0-9]*)(m|h))?$/;
const DAY_MS = 86_400_000;

/** Parses `HH:MM` (two-digit hour) or an anchor (`open`, `close`, `break_start`, `break_end`) with an optional `±Nm`/`±Nh`. */
export function parseSessionTime(text: string): SessionTime {
  if (typeof text !== "string") {
    throw new CalendarError(
      `A session time must be a string like "09:35" or "open+5m", got ${quoteValue(text)}`,
    );
  }
  const trimmed = text.trim();
  const clock = CLOCK_PATTERN.exec(trimmed);
  if (clock) return { anchor: "clock", minutes: Number(clock[1]) * 60 + Number(clock[2]) };
  const relative = RELATIVE_PATTERN.exec(trimmed);
  if (relative) {
    const anchor = relative[1] as SessionAnchor;
    if (relative[2] === undefined) return { anchor, offsetMinutes: 0 };
    const size = Number(relative[3]) * (relative[4] === "h" ? 60 : 1);
    return { anchor, offsetMinutes: relative[2] === "-" ? -size : size };
  }
  throw new CalendarError(
    `"${text}" is not a session time (expected HH:MM like "09:35", or "open"/"close"/"break_start"/"break_end" with an offset like "open+5m", "close-15m")`,
  );
}

export function formatSessionTime(time: SessionTime): string {
  if (time.anchor === "clock") {
    return `${String(Math.floor(time.minutes / 60)).padStart(2, "0")}:${String(time.minutes % 60).padStart(2, "0")}`;
  }
  if (time.offsetMinutes === 0) return time.anchor;
  return `${time.anchor}${time.offsetMinutes > 0 ? "+" : "-"}${Math.abs(time.offsetMinutes)}m`;
}

/**
 * The instant a session time names on a given session, or `undefined` when it names a break the
 * session does not have. A wall-clock time is the first such time at or after the session's
 * pre-market start (so `18:00` on a futures session that opens at 17:00 the evening before is that
 * evening).
 */
export function resolveSessionTime(
  time: SessionTime,
  session: TradingSession,
  zone: SessionZone,
): number | undefined {
  const offsetMs = time.anchor === "clock" ? 0 : time.offsetMinutes * 60_000;
  switch (time.anchor) {
    case "open":
      return session.openAt + offsetMs;
    case "close":
      return session.closeAt + offsetMs;
    case "break_start":
      return session.breaks.length === 0 ? undefined : session.breaks[0].startAt + offsetMs;
    case "break_end":
      return session.breaks.length === 0 ? undefined : session.breaks[0].endAt + offsetMs;
    case "clock": {
      const firstDate = zone.dateOf(session.preMarketAt);
      const onFirstDate = zone.wallTime(firstDate, time.minutes);
      if (onFirstDate >= session.preMarketAt) return onFirstDate;
      return zone.wallTime(zone.dateOf(onFirstDate + DAY_MS), time.minutes);
    }
  }
}

/**
 * Regular local hours of a day, in minutes after midnight, for validating a window. A session that
 * opens the evening before has a negative `open` (17:00 the day before is -420).
 */
export interface RegularDayMinutes {
  readonly open: number;
  readonly close: number;
  readonly breakStart?: number;
  readonly breakEnd?: number;
}

/** The NYSE's regular day, 09:30–16:00. */
export const NYSE_REGULAR_DAY: RegularDayMinutes = { open: 9 * 60 + 30, close: 16 * 60 };

/**
 * Minutes after local midnight on a regular day of the exchange, for validating a time against
 * market hours; `undefined` for a break anchor on a market without a break.
 */
export function minutesOnRegularDay(
  time: SessionTime,
  day: RegularDayMinutes = NYSE_REGULAR_DAY,
): number | undefined {
  switch (time.anchor) {
    case "clock":
      // A session that opens the evening before: clock times from the open on are that evening.
      return day.open < 0 && time.minutes >= day.open + 1440 ? time.minutes - 1440 : time.minutes;
    case "open":
      return day.open + time.offsetMinutes;
    case "close":
      return day.close + time.offsetMinutes;
    case "break_start":
      return day.breakStart === undefined ? undefined : day.breakStart + time.offsetMinutes;
    case "break_end":
      return day.breakEnd === undefined ? undefined : day.breakEnd + time.offsetMinutes;
  }
}
