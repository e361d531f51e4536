// Slots named by session times on one trading day: the pre-session slot and the grid of a
// regular-session window. Pure arithmetic on the session's instants, so DST and early closes come
// from the calendar and nothing here reads a clock.
//
// Rules (the seed's drift and lost-slot bugs are what they replace):
// - A window's grid starts at the window's START, not at the clock hour: start, start + interval, …
//   up to and including `end` when `end` falls on the grid (09:35–10:30 every 5m: 12 slots).
// - Grid points before the open are dropped; so are those after the close and those strictly
//   inside a break (no bar completes there). A slot at the break's start or end is kept, like one
//   at the open or the close. A slot exactly AT the
//   close is kept: a scan at 13:00 on an early-close day sees the last bar, the one ending at 13:00.
// - A window whose start is after its end on a given day (a clock-time start past a session-relative
//   end on an early-close day) has no slots that day.
// - The pre-session slot must lie in the exchange's pre-session, [pre-market start, open) or the four
//   hours before the open without a pre-market; otherwise it is dropped that day.

import { ScheduleError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { preSessionInstant } from "../time/pre-session.js";
import {
  formatSessionTime,
  resolveSessionTime,
  type SessionTime,
  type SessionZone,
} from "../time/session-time.js";
import type { TradingSession } from "../time/trading-session.js";
import type { ScannerSchedule } from "./scanner-spec.js";

/** A window with its interval parsed once, ready to be laid over any session. */
export interface ScheduleWindow {
  readonly start: SessionTime;
  readonly end: SessionTime;
  readonly intervalMs: number;
}

/** Parses a window's interval; only whole-minute intervals (`1m`, `5m`, `60m`) can be scheduled. */
export function compileWindow(window: ScannerSchedule, scanner: string, index: number): ScheduleWindow {
  const interval = parseInterval(window.interval);
  if (interval.unit !== "m" || interval.durationMs === undefined) {
    throw new ScheduleError(
      `scanner "${scanner}" regular_session[${index}] (${formatSessionTime(window.start)}–${formatSessionTime(window.end)}) has interval "${window.interval}"; windows need a minute interval like "5m" or "1h"`,
      { location: { path: `regular_session[${index}].interval` } },
    );
  }
  return { start: window.start, end: window.end, intervalMs: interval.durationMs };
}

/**
 * The window's slots on one session, ascending. Grid points strictly inside a break are dropped.
 */
export function windowSlotTimes(
  window: ScheduleWindow,
  session: TradingSession,
  zone: SessionZone,
): number[] {
  const startAt = resolveSessionTime(window.start, session, zone);
  const endAt = resolveSessionTime(window.end, session, zone);
  if (startAt === undefined || endAt === undefined) return []; // names a break this day does not have
  const lastAt = Math.min(endAt, session.closeAt);
  // First grid point at or after the open: the grid stays anchored at the window start.
  const skipped = startAt < session.openAt ? Math.ceil((session.openAt - startAt) / window.intervalMs) : 0;
  const times: number[] = [];
  for (let at = startAt + skipped * window.intervalMs; at <= lastAt; at += window.intervalMs) {
    if (!isInsideBreak(at, session)) times.push(at);
  }
  return times;
}

/**
 * The pre-session slot on one session, or `undefined` when it does not fall in the exchange's
 * pre-session before the open (src/time/pre-session.ts).
 */
export function preSessionSlotTime(
  time: SessionTime,
  session: TradingSession,
  zone: SessionZone,
): number | undefined {
  return preSessionInstant(time, session, zone);
}

function isInsideBreak(time: number, session: TradingSession): boolean {
  for (const pause of session.breaks) if (time > pause.startAt && time < pause.endAt) return true;
  return false;
}
