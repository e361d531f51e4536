// Calendar overrides: closures and early closes a user adds or cancels without a code change,
// and the loader of the YAML file that holds them. Every problem in the file is reported with
// its file, line, column and key path.

import { resolve } from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import { CalendarError, type ErrorLocation, formatLocation } from "../core/errors.js";
import { MAX_CALENDAR_OVERRIDES_BYTES, readTextFile } from "../core/text-file.js";
import { parseClockTime, parseIsoDate } from "./calendar-day.js";
import { compileNyseDays, type OverrideProblem } from "./nyse-day-table.js";

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
  /** Extra early closes; `close` defaults to 13:00. */
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
 * Closures and early closes to add to or take out of the built-in NYSE calendar. The schema's output
 * is checked against it where `parseCalendarOverrides` returns it.
 */
export interface CalendarOverrides {
  readonly closures?: readonly { readonly date: string; readonly reason: string }[];
  readonly cancelClosures?: readonly string[];
  /** `close` is `HH:MM` New York time, after 09:30 and before 16:00; 13:00 when absent. */
  readonly earlyCloses?: readonly {
    readonly date: string;
    readonly close?: string;
    readonly reason?: string;
  }[];
  readonly cancelEarlyCloses?: readonly string[];
}

export interface LoadCalendarOverridesOptions {
  /** Directory a relative `path` is resolved against (default: the process's working directory). */
  readonly cwd?: string;
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
  return parseCalendarOverrides(read.text, path);
}

/** Validates calendar overrides given as YAML text; `file` names the source in errors. */
export function parseCalendarOverrides(text: string, file: string): CalendarOverrides {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new CalendarError(`${file}:${line}:${col}: ${syntaxError.message}`, {
      cause: syntaxError,
      location: { file, line, column: col },
    });
  }
  const content: unknown = document.contents === null ? {} : document.toJS();
  const parsed = calendarOverridesSchema.safeParse(content, { error: describeIssue });
  const problems: OverrideProblem[] = parsed.success
    ? [...compileNyseDays(parsed.data).problems]
    : parsed.error.issues.flatMap(toProblems);
  if (problems.length === 0 && parsed.success) return parsed.data;

  const locate = (problem: OverrideProblem): ErrorLocation => ({
    file,
    ...linePositionOf(document.contents, problem.path, lineCounter),
    path: formatPath(problem.path),
  });
  const lines = problems.map((problem) => `${formatLocation(locate(problem))}: ${problem.message}`);
  throw new CalendarError(lines.join("\n"), { location: locate(problems[0]) });
}

/** `["closures", 0, "date"]` → `closures[0].date`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  array: "a list",
  object: "a mapping",
};

function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "is required";
    const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
    return `expected ${expected}, got ${JSON.stringify(issue.input)}`;
  }
  if (issue.code === "too_small" && issue.origin === "string") return "must not be empty";
  return undefined;
}

function toProblems(issue: z.core.$ZodIssue): OverrideProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...issue.path, key], message: `unknown key "${key}"` }));
  }
  return [{ path: issue.path, message: issue.message }];
}

/**
 * Line and column of what `path` points at: the key of a mapping entry, the item of a list, or
 * (when the path does not exist, e.g. a missing key) the nearest enclosing node.
 */
function linePositionOf(
  root: unknown,
  path: readonly PropertyKey[],
  lineCounter: LineCounter,
): { line?: number; column?: number } {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      next = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
      if (next === undefined) break;
      offset = rangeStart(next) ?? offset;
    } else {
      break;
    }
    node = next;
  }
  if (offset === undefined) return {};
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === "object" && "range" in node ? (node as Node).range?.[0] : undefined;
}
