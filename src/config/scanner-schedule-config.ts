// The `regular_session` windows of a scanner (`ScannerSchedule` in the seed): `{start, end, interval}`
// with session-relative times. The window's own fields are checked here; whether a window lies
// inside the session, starts before it ends and overlaps no other window of its scanner depends on
// the exchange's hours, so the session config checks that (`windowProblems`) once it knows the
// exchange: on a regular day of that exchange (09:30–16:00 on the NYSE).

import { z } from "zod";
import { CalendarError, IntervalError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import type { RegularDay } from "../time/regular-day.js";
import {
  minutesOnRegularDay,
  NYSE_REGULAR_DAY,
  parseSessionTime,
  type SessionTime,
} from "../time/session-time.js";

/** A time of day a window may name: `HH:MM`, `open`, `close`, `open+5m`, `close-15m`, `break_end`. */
export const sessionTimeText = z.string().superRefine((text, ctx) => {
  const problem = sessionTimeProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
});

/** A minute interval of at least 1m (`1h` is `60m`); its output is the canonical text. */
export const windowIntervalText = z
  .string()
  .superRefine((text, ctx) => {
    const problem = windowIntervalProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
  })
  .transform((text) => canonicalMinuteInterval(text) ?? text);

export const scannerScheduleSchema = z
  .strictObject({
    start: sessionTimeText.describe(
      "First slot: `HH:MM` (two-digit hour, the exchange's local time) or relative to the session (`open`, `open+5m`, `close-15m`, `close-1h`, `break_start`, `break_end`).",
    ),
    end: sessionTimeText.describe(
      "Last slot (included when it falls on the grid); same forms as `start`. A relative end follows an early close.",
    ),
    interval: windowIntervalText.describe(
      "Grid step from `start`: a minute interval of 1m or more (`5m`, `15m`, `1h` = `60m`).",
    ),
  })
  .describe(
    "A regular-session window: a scan every `interval` from `start` to `end`. On a regular day of the session's exchange (09:30–16:00 on the NYSE) `start` must be before `end` and both within the session; windows of one scanner must not overlap (sharing an end point is fine). Slots inside a lunch break are skipped.",
  );

/** The windows of one scanner. */
export const regularSessionSchema = z.array(scannerScheduleSchema);

/** Start and end of a window in minutes after local midnight on a regular day, when both parse. */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

export const NYSE_DAY: RegularDay = { ...NYSE_REGULAR_DAY, text: "09:30–16:00" };

/** One problem of a scanner's windows, at a path inside its `regular_session` list. */
export interface WindowProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The bounds of a window given as raw config data, or `undefined` when it is not a well-formed window. */
export function windowBounds(window: unknown, day: RegularDay = NYSE_DAY): WindowBounds | undefined {
  if (typeof window !== "object" || window === null) return undefined;
  const start = safeSessionTime((window as { start?: unknown }).start);
  const end = safeSessionTime((window as { end?: unknown }).end);
  if (!start || !end) return undefined;
  const startMinutes = minutesOnRegularDay(start, day);
  const endMinutes = minutesOnRegularDay(end, day);
  if (startMinutes === undefined || endMinutes === undefined) return undefined;
  return { start: startMinutes, end: endMinutes };
}

/**
 * What is wrong with a scanner's `regular_session` windows on a regular day of its exchange: a
 * window that does not start before it ends, lies outside the session, names a break the exchange
 * does not have, or overlaps an earlier valid window.
 */
export function windowProblems(windows: unknown, day: RegularDay = NYSE_DAY): WindowProblem[] {
  if (!Array.isArray(windows)) return [];
  const problems: WindowProblem[] = [];
  windows.forEach((window, index) => {
    for (const message of ownProblems(window, day)) problems.push({ path: [index], message });
  });
  const bounds = windows.map((window) =>
    ownProblems(window, day).length === 0 ? windowBounds(window, day) : undefined,
  );
  for (let later = 1; later < windows.length; later++) {
    const b = bounds[later];
    if (!b) continue;
    const overlapped: string[] = [];
    for (let earlier = 0; earlier < later; earlier++) {
      const a = bounds[earlier];
      if (a && a.start < b.end && b.start < a.end) {
        overlapped.push(`regular_session[${earlier}] (${windowText(windows[earlier])})`);
      }
    }
    if (overlapped.length > 0)
      problems.push({ path: [later], message: `window overlaps ${overlapped.join(", ")}` });
  }
  return problems;
}

function ownProblems(window: unknown, day: RegularDay): string[] {
  if (typeof window !== "object" || window === null) return [];
  const start = safeSessionTime((window as { start?: unknown }).start);
  const end = safeSessionTime((window as { end?: unknown }).end);
  if (!start || !end) return [];
  if (minutesOnRegularDay(start, day) === undefined || minutesOnRegularDay(end, day) === undefined) {
    return [`window names a break, but the exchange has no break (${windowText(window)})`];
  }
  const bounds = windowBounds(window, day)!;
  const problems: string[] = [];
  const { start: startText, end: endText } = window as { start: string; end: string };
  if (bounds.start >= bounds.end) {
    problems.push(
      `start must be before end (${JSON.stringify(startText)} is not before ${JSON.stringify(endText)})`,
    );
  }
  if (bounds.start < day.open || bounds.end > day.close) {
    problems.push(`window must lie within the regular session ${day.text}, got ${windowText(window)}`);
  }
  return problems;
}

function windowText(window: unknown): string {
  const { start, end } = window as { start: string; end: string };
  return `${JSON.stringify(start)}–${JSON.stringify(end)}`;
}

function sessionTimeProblem(text: string): string | undefined {
  try {
    parseSessionTime(text);
    return undefined;
  } catch (error) {
    if (error instanceof CalendarError) return error.message;
    throw error;
  }
}

function safeSessionTime(text: unknown): SessionTime | undefined {
  if (typeof text !== "string" || sessionTimeProblem(text) !== undefined) return undefined;
  return parseSessionTime(text);
}

function windowIntervalProblem(text: string): string | undefined {
  let unit: string;
  try {
    unit = parseInterval(text).unit;
  } catch (error) {
    // parseInterval's own wording explains every accepted form; a config line only needs the verdict.
    if (error instanceof IntervalError) return `${JSON.stringify(text)} is not an interval`;
    throw error;
  }
  if (unit === "m") return undefined;
  return `${JSON.stringify(text)} is not a minute interval (windows run on a grid of whole minutes: 1m or more)`;
}

function canonicalMinuteInterval(text: string): string | undefined {
  return windowIntervalProblem(text) === undefined ? parseInterval(text).text : undefined;
}
