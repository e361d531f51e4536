// The `regular_session` windows of a scanner (`ScannerSchedule` in the seed): `{start, end, interval}`
// with session-relative times, checked on a regular 09:30–16:00 day: start before end, inside the
// session, a whole-minute interval, and no two windows of one scanner overlapping.

import { z } from "zod";
import { CalendarError, IntervalError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { minutesOnRegularDay, parseSessionTime, type SessionTime } from "../time/session-time.js";

const REGULAR_OPEN_MINUTES = 9 * 60 + 30;
const REGULAR_CLOSE_MINUTES = 16 * 60;

/** A time of day a window may name: `HH:MM`, `open`, `close`, `open+5m`, `close-15m`, `close-1h`. */
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
      "First slot: `HH:MM` (two-digit hour) or relative to the session (`open`, `open+5m`, `close-15m`, `close-1h`).",
    ),
    end: sessionTimeText.describe(
      "Last slot (included when it falls on the grid); same forms as `start`. A relative end follows an early close.",
    ),
    interval: windowIntervalText.describe(
      "Grid step from `start`: a minute interval of 1m or more (`5m`, `15m`, `1h` = `60m`).",
    ),
  })
  .superRefine(checkWindow, { when: () => true })
  .describe(
    "A regular-session window: a scan every `interval` from `start` to `end`. On a regular day (09:30–16:00) `start` must be before `end` and both within the session; windows of one scanner must not overlap (sharing an end point is fine).",
  );

/** The windows of one scanner; windows that share more than an end point are an error. */
export const regularSessionSchema = z
  .array(scannerScheduleSchema)
  .superRefine(checkOverlaps, { when: () => true });

/** Start and end of a window in minutes after midnight on a regular day, when both parse. */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/** The bounds of a window given as raw config data, or `undefined` when it is not a well-formed window. */
export function windowBounds(window: unknown): WindowBounds | undefined {
  if (typeof window !== "object" || window === null) return undefined;
  const start = safeSessionTime((window as { start?: unknown }).start);
  const end = safeSessionTime((window as { end?: unknown }).end);
  if (!start || !end) return undefined;
  return { start: minutesOnRegularDay(start), end: minutesOnRegularDay(end) };
}

function checkWindow(window: unknown, ctx: z.RefinementCtx): void {
  const bounds = windowBounds(window);
  if (!bounds) return;
  const { start, end } = window as { start: string; end: string };
  if (bounds.start >= bounds.end) {
    ctx.addIssue({
      code: "custom",
      message: `start must be before end (${JSON.stringify(start)} is not before ${JSON.stringify(end)})`,
    });
  }
  if (bounds.start < REGULAR_OPEN_MINUTES || bounds.end > REGULAR_CLOSE_MINUTES) {
    ctx.addIssue({
      code: "custom",
      message: `window must lie within the regular session 09:30–16:00, got ${windowText(window)}`,
    });
  }
}

function checkOverlaps(windows: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(windows)) return;
  const bounds = windows.map((window) => usableBounds(window));
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
    if (overlapped.length > 0) {
      ctx.addIssue({ code: "custom", path: [later], message: `window overlaps ${overlapped.join(", ")}` });
    }
  }
}

/** Bounds of a window that passes its own checks; overlap is only judged between such windows. */
function usableBounds(window: unknown): WindowBounds | undefined {
  const bounds = windowBounds(window);
  if (!bounds || bounds.start >= bounds.end) return undefined;
  if (bounds.start < REGULAR_OPEN_MINUTES || bounds.end > REGULAR_CLOSE_MINUTES) return undefined;
  return bounds;
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
