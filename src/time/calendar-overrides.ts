// Calendar overrides: closures and early closes a user adds or cancels without a code change,
// for any exchange, and the loader of the YAML file that holds them. Every problem in the file is
// reported with its file, line, column and key path; YAML positions and zod wording are the ones
// the session config uses (core/yaml-positions.ts, core/zod-issues.ts).

import { resolve } from "node:path";
import { z } from "zod";
import { CalendarError, type ErrorLocation, formatLocation } from "../core/errors.js";
import { MAX_CALENDAR_OVERRIDES_BYTES, readTextFile } from "../core/text-file.js";
import { parseYaml, positionOf } from "../core/yaml-positions.js";
import { describeConfigIssue, formatIssuePath, issueProblems } from "../core/zod-issues.js";
import { parseClockTime, parseIsoDate } from "./calendar-day.js";
import { ExchangeCalendar } from "./exchange-calendar.js";
import type { ExchangeDefinition } from "./market-definition.js";
import { XNYS } from "./markets/xnys.js";

const isoDateSchema = z.string().refine((text) => parseIsoDate(text) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a date (expected YYYY-MM-DD)`,
});

const clockTimeSchema = z.string().refine((text) => parseClockTime(text) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time (expected HH:MM)`,
});

/** The shape of a calendar overrides file (and of the `calendar` block a session config may embed). */
export const calendarOverridesSchema = z.strictObject({
  /** Extra full-day closures. */
  closures: z.array(z.strictObject({ date: isoDateSchema, reason: z.string().min(1) })).optional(),
  /** Holidays or special closures that the exchange does not observe after all. */
  cancelClosures: z.array(isoDateSchema).optional(),
  /** Extra early closes; `close` defaults to the exchange's usual early close (13:00 on the NYSE). */
  earlyCloses: z
    .array(
      z.strictObject({
        date: isoDateSchema,
        close: clockTimeSchema.optional(),
        reason: z.string().min(1).optional(),
      }),
    )
    .optional(),
  /** Early closes (by rule or ad hoc) that become full sessions. */
  cancelEarlyCloses: z.array(isoDateSchema).optional(),
});

/**
 * Closures and early closes to add to or take out of an exchange's built-in calendar. The schema's
 * output is checked against it where `parseCalendarOverrides` returns it.
 */
export interface CalendarOverrides {
  readonly closures?: readonly { readonly date: string; readonly reason: string }[];
  readonly cancelClosures?: readonly string[];
  /** `close` is `HH:MM` in the exchange's time zone, inside its regular hours of that day. */
  readonly earlyCloses?: readonly {
    readonly date: string;
    readonly close?: string;
    readonly reason?: string;
  }[];
  readonly cancelEarlyCloses?: readonly string[];
}

/** One thing wrong with an override, at a key path inside the overrides (`["closures", 0, "date"]`). */
export interface OverrideProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface LoadCalendarOverridesOptions {
  /** Directory a relative `path` is resolved against (default: the process's working directory). */
  readonly cwd?: string;
  /** The exchange the overrides are for (default: the NYSE): they are checked against its calendar. */
  readonly market?: ExchangeDefinition;
}

/**
 * Reads and validates a YAML calendar overrides file. Errors name `path` as given, with line,
 * column and key path: `cal.yaml:3:5 closures[0].date: "2024-13-01" is not a date (expected YYYY-MM-DD)`.
 */
export function loadCalendarOverrides(
  path: string,
  options: LoadCalendarOverridesOptions = {},
): CalendarOverrides {
  const read = readTextFile(resolve(options.cwd ?? process.cwd(), path), MAX_CALENDAR_OVERRIDES_BYTES);
  if (read.text === undefined) {
    throw new CalendarError(`calendar overrides file "${path}" ${read.reason}`, {
      cause: read.cause,
      location: { file: path },
    });
  }
  return parseCalendarOverrides(read.text, path, options.market);
}

/** Validates calendar overrides given as YAML text; `file` names the source in errors. */
export function parseCalendarOverrides(
  text: string,
  file: string,
  market: ExchangeDefinition = XNYS,
): CalendarOverrides {
  const parsedYaml = parseYaml(text);
  const syntaxProblem = parsedYaml.problems[0];
  if (syntaxProblem) {
    const location = { file, line: syntaxProblem.line, column: syntaxProblem.column };
    throw new CalendarError(`${formatLocation(location)}: ${syntaxProblem.message}`, { location });
  }
  const content: unknown = parsedYaml.data();
  const parsed = calendarOverridesSchema.safeParse(content, { error: describeConfigIssue });
  const problems: readonly OverrideProblem[] = parsed.success
    ? ExchangeCalendar.overrideProblems(parsed.data, market)
    : parsed.error.issues.flatMap(issueProblems);
  if (problems.length === 0 && parsed.success) return parsed.data;

  // Positions point at the key of the entry at fault (the item itself inside a list).
  const locate = (problem: OverrideProblem): ErrorLocation => ({
    file,
    ...positionOf(parsedYaml, problem.path, "key"),
    path: formatIssuePath(problem.path),
  });
  const lines = problems.map((problem) => `${formatLocation(locate(problem))}: ${problem.message}`);
  throw new CalendarError(lines.join("\n"), { location: locate(problems[0]) });
}
