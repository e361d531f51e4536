// The optional `cron` key of a scanner: a cron expression of exactly 5 fields (minute hour
// day-of-month month day-of-week) or 6 (seconds first), evaluated later in the exchange time zone.
// Validation only parses it, with an explicit date so the check never depends on the wall clock,
// and refuses an expression that fires more than once a minute (finer than the feed's bars).

import { z } from "zod";
import { cronExpressionParser } from "../core/cron-expression-parser.js";
import { subMinuteCronProblem } from "../scanners/schedule-cron.js";

export const EXCHANGE_TIME_ZONE = "America/New_York";

/** Any fixed instant: parsing does not depend on it, but cron-parser would otherwise read the clock. */
const VALIDATION_DATE = new Date(Date.UTC(2024, 0, 2, 12, 0, 0));

export const cronExpressionText = z.string().superRefine((text, ctx) => {
  const problem = cronProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
});

/** Why `text` is not a usable cron expression, or `undefined` when it is one. */
export function cronProblem(text: string): string | undefined {
  const quoted = JSON.stringify(text);
  const fields = text.trim() === "" ? 0 : text.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    return `${quoted} is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got ${fields}`;
  }
  try {
    const parsed = cronExpressionParser().parse(text, {
      currentDate: VALIDATION_DATE,
      tz: EXCHANGE_TIME_ZONE,
      strict: false,
    });
    const tooFine = subMinuteCronProblem(parsed);
    return tooFine === undefined ? undefined : `${quoted} ${tooFine}`;
  } catch (error) {
    // cron-parser throws plain Errors whose message says what is wrong with the expression.
    if (error instanceof Error) return `${quoted} is not a cron expression: ${error.message}`;
    throw error;
  }
}
