// The `pre_session` key of a scanner: `false` (no pre-session scan), `true` (at the default 09:00)
// or a New York time `HH:MM` from 04:00 up to (not including) the 09:30 open. The output is `false`
// or the time text, so the parsed config parses again to itself.

import { z } from "zod";
import { showValue } from "../core/zod-issues.js";
import { parseSessionTime } from "../time/session-time.js";

export const DEFAULT_PRE_SESSION_TIME = "09:00";

const EARLIEST_MINUTES = 4 * 60;
const OPEN_MINUTES = 9 * 60 + 30;
const CLOCK_PATTERN = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

const preSessionTimeText = z.string().superRefine((text, ctx) => {
  const problem = preSessionTimeProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
});

export const preSessionSchema = z
  .union([z.boolean(), preSessionTimeText], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `expected true, false or a time "HH:MM" before 09:30, got ${showValue(issue.input)}`
        : undefined,
  })
  .transform((value): string | false => (value === true ? DEFAULT_PRE_SESSION_TIME : value));

function preSessionTimeProblem(text: string): string | undefined {
  if (!CLOCK_PATTERN.test(text))
    return `${JSON.stringify(text)} is not a time (expected HH:MM, e.g. "09:00")`;
  const time = parseSessionTime(text);
  const minutes = time.anchor === "clock" ? time.minutes : Number.NaN;
  if (minutes >= EARLIEST_MINUTES && minutes < OPEN_MINUTES) return undefined;
  return `${JSON.stringify(text)} must be at or after 04:00 and before 09:30`;
}
