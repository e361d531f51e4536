// Times of day a schedule can name: a New York wall-clock time (`09:35`) or a time relative to the
// session's open or close (`open+5m`, `close-15m`, `close`), so a window follows an early close.

import { CalendarError, quoteValue } from "../core/errors.js";
import { newYorkDateKey, newYorkWallTime } from "../core/new-york-time.js";
import type { TradingSession } from "./trading-session.js";

export type SessionTime =
  | { readonly anchor: "clock"; readonly minutes: number }
  | { readonly anchor: "open" | "close"; readonly offsetMinutes: number };

const CLOCK_PATTERN = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const RELATIVE_PATTERN = /^(open|close)(?:\s*([+-])\s*([1-9][0-9]*)(m|h))?$/;

/** Parses `HH:MM` (two-digit hour) or `open`/`close` with an optional `±Nm`/`±Nh` offset. */
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
    const anchor = relative[1] as "open" | "close";
    if (relative[2] === undefined) return { anchor, offsetMinutes: 0 };
    const size = Number(relative[3]) * (relative[4] === "h" ? 60 : 1);
    return { anchor, offsetMinutes: relative[2] === "-" ? -size : size };
  }
  throw new CalendarError(
    `"${text}" is not a session time (expected HH:MM like "09:35", or "open"/"close" with an offset like "open+5m", "close-15m")`,
  );
}

export function formatSessionTime(time: SessionTime): string {
  if (time.anchor === "clock") {
    return `${String(Math.floor(time.minutes / 60)).padStart(2, "0")}:${String(time.minutes % 60).padStart(2, "0")}`;
  }
  if (time.offsetMinutes === 0) return time.anchor;
  return `${time.anchor}${time.offsetMinutes > 0 ? "+" : "-"}${Math.abs(time.offsetMinutes)}m`;
}

/** The instant a session time names on a given session. */
export function resolveSessionTime(time: SessionTime, session: TradingSession): number {
  if (time.anchor !== "clock") {
    return (time.anchor === "open" ? session.openAt : session.closeAt) + time.offsetMinutes * 60_000;
  }
  return newYorkWallTime(newYorkDateKey(session.openAt), Math.floor(time.minutes / 60), time.minutes % 60);
}

/** Minutes after New York midnight on a regular (16:00-close) day, for validating a time against market hours. */
export function minutesOnRegularDay(time: SessionTime): number {
  if (time.anchor === "clock") return time.minutes;
  return (time.anchor === "open" ? 9 * 60 + 30 : 16 * 60) + time.offsetMinutes;
}
