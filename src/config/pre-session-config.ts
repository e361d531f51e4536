// The `pre_session` key of a scanner: `false` (no pre-session scan), `true` (30 minutes before the
// open: 09:00 on the NYSE), a local time `HH:MM` of the exchange, or `open-Nm`/`open-Nh`. The output
// is `false` or the time text, so the parsed config parses again to itself. Whether the time lies in
// the exchange's pre-session (src/time/pre-session.ts: the NYSE's 04:00–09:30) is checked by the
// session config, which knows the exchange (`preSessionProblem`).

import { z } from "zod";
import { CalendarError } from "../core/errors.js";
import { showValue } from "../core/zod-issues.js";
import {
  DEFAULT_PRE_SESSION_TIME,
  formatMinuteWindow,
  type PreSessionDay,
  preSessionMinutes,
} from "../time/pre-session.js";
import { minutesOnRegularDay, parseSessionTime, type SessionTime } from "../time/session-time.js";

export { DEFAULT_PRE_SESSION_TIME };

const CLOCK_PATTERN = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

const preSessionTimeText = z.string().superRefine((text, ctx) => {
  const problem = preSessionTimeProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
});

export const preSessionSchema = z
  .union([z.boolean(), preSessionTimeText], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `expected true, false, a time "HH:MM" or "open-30m" before the open, got ${showValue(issue.input)}`
        : undefined,
  })
  .transform((value): string | false => (value === true ? DEFAULT_PRE_SESSION_TIME : value));

/** The time's shape: a clock time, or the open minus an offset. */
function preSessionTimeProblem(text: string): string | undefined {
  const time = safeSessionTime(text);
  if (time === undefined || (time.anchor === "clock" && !CLOCK_PATTERN.test(text.trim())))
    return `${JSON.stringify(text)} is not a time (expected HH:MM, e.g. "09:00", or "open-30m")`;
  if (time.anchor === "clock" || (time.anchor === "open" && time.offsetMinutes < 0)) return undefined;
  return `${JSON.stringify(text)} must be a time before the open: HH:MM or "open-Nm"/"open-Nh"`;
}

/**
 * Why a (parsed) `pre_session` value does not lie in the pre-session of `day` (the session's
 * exchange's regular day); `undefined` when it does, or when it is `false` or malformed (the
 * scanner schema reports that).
 */
export function preSessionProblem(
  value: unknown,
  day: PreSessionDay & { readonly text: string },
): string | undefined {
  if (value === false || value === undefined) return undefined;
  const text = value === true ? DEFAULT_PRE_SESSION_TIME : value;
  if (typeof text !== "string" || preSessionTimeProblem(text) !== undefined) return undefined;
  const window = preSessionMinutes(day);
  if (window === undefined) {
    return `the exchange trades around the clock (${day.text}): there is no time before the open for a pre-session scan; schedule it with cron`;
  }
  const time = parseSessionTime(text);
  const minutes = minutesOnRegularDay(time, day);
  // A clock time may also name the evening before a session that opens then.
  const candidates = time.anchor === "clock" && minutes !== undefined ? [minutes, minutes - 1440] : [minutes];
  if (candidates.some((m) => m !== undefined && m >= window.start && m < window.end)) return undefined;
  return `${JSON.stringify(text)} must lie in the exchange's pre-session ${formatMinuteWindow(window)} (before the ${day.text} regular session)`;
}

function safeSessionTime(text: string): SessionTime | undefined {
  try {
    return parseSessionTime(text);
  } catch (error) {
    // Not a session time at all (a CalendarError): the caller says what a pre-session time is.
    if (error instanceof CalendarError) return undefined;
    throw error;
  }
}
