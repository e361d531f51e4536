// Field schemas shared by the session and scanner config schemas: intervals, dates, symbols and
// file paths, each with a message that quotes what the user wrote.

import { z } from "zod";
import { isInterval } from "../core/interval.js";
import { parseDateKey } from "../core/new-york-time.js";
import { isValidSymbol, normalizeSymbol } from "../core/symbol.js";
import { isPostgresUrl, urlHasPassword } from "../data/pg/pg-url.js";

/** Any bar interval (`1m`, `5m`, `1h`, `1d`, `1w`, `30s`). */
export const intervalText = z
  .string()
  .refine(isInterval, { error: (issue) => `${JSON.stringify(issue.input)} is not an interval` });

/** A calendar date `YYYY-MM-DD`. */
export const isoDate = z.string().refine((text) => parseDateKey(text) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a date (expected YYYY-MM-DD)`,
});

/** What a config's problem says of an entry that is not a ticker symbol (`symbolText`, `symbolList`). */
function notASymbol(input: unknown): string {
  return `${JSON.stringify(input)} is not a valid symbol`;
}

/** A ticker symbol, upper-cased on the way through (`aig` → `AIG`). */
export const symbolText = z
  .string()
  .refine(isValidSymbol, { error: (issue) => notASymbol(issue.input) })
  .transform((symbol) => normalizeSymbol(symbol));

/**
 * A list of ticker symbols, each upper-cased: what `z.array(symbolText)` accepts, gives and reports
 * (the same issue at the same index, in index order), checked in one pass over the list instead of
 * a refinement and a transform per item. A config names thousands of symbols and is validated cold
 * at start-up (and again by createSession): zod's per-item machinery cost about 3–7 ms per pass at
 * 2,000 symbols, this pass a fraction of a millisecond.
 */
export const symbolList = z.array(z.string()).superRefine(checkSymbols, { when: () => true });

/**
 * Normalizes the parsed list in place (zod's own copy of the input, never the caller's array) and
 * reports each item that is not a symbol as `symbolText` does. Runs even when some items are not
 * strings (their own issues are there already, ordered with these by index).
 */
function checkSymbols(symbols: string[], context: z.RefinementCtx): void {
  if (!Array.isArray(symbols)) return;
  const before = context.issues.length;
  for (let index = 0; index < symbols.length; index++) {
    const symbol: unknown = symbols[index];
    if (typeof symbol !== "string") continue;
    let normal: string;
    try {
      normal = normalizeSymbol(symbol);
    } catch {
      // Not a symbol: reported as the item's issue, the list left as it is (the parse fails).
      context.addIssue({
        code: "custom",
        input: symbol,
        path: [index],
        message: notASymbol(symbol),
      });
      continue;
    }
    symbols[index] = normal;
  }
  // Items of another type were reported by the array itself, before this pass: merged by index.
  if (before > 0 && context.issues.length > before) {
    const ordered = context.issues
      .map((issue, order) => ({ issue, order }))
      .sort((a, b) => indexOf(a.issue) - indexOf(b.issue) || a.order - b.order)
      .map(({ issue }) => issue);
    context.issues.splice(0, ordered.length, ...ordered);
  }
}

function indexOf(issue: { readonly path?: readonly PropertyKey[] }): number {
  const first = issue.path?.[0];
  return typeof first === "number" ? first : -1;
}

/** A file path; relative paths are resolved against the config file's folder by the loader. */
export const pathText = z.string().trim().min(1);

/**
 * Where a database lives: a file path (as `pathText`) or a PostgreSQL URL. A URL in a config file
 * must not carry a password: the file is read by many and committed; the password comes from
 * `PGPASSWORD` or from a whole URL in an environment variable. Messages never repeat the URL.
 */
export const databaseLocation = databaseLocationFor("SCANWRIGHT_STORE");

/** `databaseLocation` whose message names `envName` as the variable to hold a whole URL. */
export function databaseLocationFor(envName: string) {
  return pathText.superRefine((text, context) => {
    if (!isPostgresUrl(text)) return;
    let hasPassword: boolean;
    try {
      hasPassword = urlHasPassword(text);
    } catch {
      // An unparsable URL is the problem reported here; its text is not echoed (it may hold a password).
      context.addIssue({
        code: "custom",
        message: "is not a valid PostgreSQL URL (postgres://user@host:port/database)",
      });
      return;
    }
    if (hasPassword) {
      context.addIssue({
        code: "custom",
        message: `a PostgreSQL URL in a config file must not hold a password: set PGPASSWORD, or put the whole URL in ${envName}`,
      });
    }
  });
}
