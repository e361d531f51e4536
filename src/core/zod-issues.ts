// Turns zod issues into readable problems for every layer that validates user files (the session
// config, calendar overrides): a path with array indices in brackets
// (`session_data.indicators[0].interval`), a message that quotes what was written (`expected a
// string, got 5`), and one line each for errors (`path: message`).

import type { z } from "zod";
import type { PositionTarget } from "./yaml-positions.js";

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text;
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`).join("; ");
}

/** One problem a zod issue stands for, before it is given a file position. */
export interface IssueProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** Unknown keys point at the key itself; everything else at the value. */
  readonly target: PositionTarget;
}

/** Splits an unknown-keys issue into one problem per key, at the key's own path. */
export function issueProblems(issue: z.core.$ZodIssue): IssueProblem[] {
  // A union with no message of its own (`false` or a mapping) reports the problems of the option
  // the value has the shape of (the mapping's wrong keys), not zod's "Invalid input".
  if (issue.code === "invalid_union" && issue.message === GENERIC_UNION_MESSAGE) {
    const option = issue.errors.find(
      (issues) => issues.length > 0 && issues.every((inner) => !isShapeMismatch(inner)),
    );
    if (option) {
      return option.flatMap((inner) =>
        issueProblems({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue),
      );
    }
  }
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unknown key ${JSON.stringify(key)}`,
      target: "key",
    }));
  }
  return [{ path: issue.path, message: issue.message, target: "value" }];
}

/** zod's own message for a union none of whose options matched. */
const GENERIC_UNION_MESSAGE = "Invalid input";

/** An issue saying the value as a whole is of another type or value than this option takes. */
function isShapeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_value");
}

/**
 * Error map for config parsing (`schema.safeParse(data, { error: describeConfigIssue })`): zod's
 * generic wording replaced by what a config author needs. Messages set on a schema take precedence.
 */
export function describeConfigIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `expected ${typeName(issue.expected)}, got ${showValue(issue.input)}`;
    case "invalid_value":
      return `expected ${issue.values.map((value) => showValue(value)).join(" or ")}, got ${showValue(issue.input)}`;
    case "too_small":
      if (issue.origin === "string") return "must not be empty";
      if (issue.origin === "array") return `must list at least ${String(issue.minimum)}`;
      return `must be ${issue.inclusive ? "at least" : "greater than"} ${String(issue.minimum)}, got ${showValue(issue.input)}`;
    case "too_big":
      if (issue.origin === "array") return `must list at most ${String(issue.maximum)}`;
      return `must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}, got ${showValue(issue.input)}`;
    default:
      return undefined;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** A value as the user would recognise it: JSON for scalars, "a list"/"a mapping" for collections. */
export function showValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}
