// One entry of `session_data.scanners` (`ScannerConfig` in the seed): which plugin runs, over which
// universe, when (pre-session, regular-session windows and/or cron), with what limits, and the
// plugin's own `config:` block. The loader turns a parsed entry into a `ScannerSpec`.

import { z } from "zod";
import { showValue } from "../core/zod-issues.js";
import { DIRECTIONS } from "../scoring/score-types.js";
import { pathText, symbolText } from "./config-fields.js";
import { cronExpressionText } from "./cron-config.js";
import { indicatorRequestSchema } from "./indicator-request-schema.js";
import { scannerNotifySchema } from "./notify-config.js";
import { preSessionSchema } from "./pre-session-config.js";
import { regularSessionSchema } from "./scanner-schedule-config.js";

const SCANNER_NAME_PATTERN = /^[a-z0-9_-]+$/;
const PLUGIN_EXTENSION_PATTERN = /\.(ts|mts|js|mjs)$/;

export const scannerConfigSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SCANNER_NAME_PATTERN, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a scanner name (lower-case letters, digits, "_" and "-")`,
      })
      .describe("Unique name of the scanner in this config: lower-case letters, digits, `_` and `-`."),
    plugin: pathText
      .refine((path) => PLUGIN_EXTENSION_PATTERN.test(path), {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a plugin module (expected a .ts or .js file)`,
      })
      .describe("Plugin module (`.ts` or `.js`) whose default export is `defineScanner(…)`; must exist."),
    enabled: z
      .boolean()
      .default(true)
      .describe("`false` keeps the entry checked but skips it: its plugin and universe files are not read."),
    universe: z
      .union([z.array(symbolText).min(1, { error: "must list at least one symbol" }), pathText], {
        error: (issue) => {
          if (issue.code !== "invalid_union") return undefined;
          if (issue.input === undefined) return "is required";
          return `expected a list of symbols or the path of a universe file, got ${showValue(issue.input)}`;
        },
      })
      .describe(
        "Symbols the scanner watches: a list (`[AIG, SPY]`) or a universe file (one symbol per line, `#` comments).",
      ),
    indicators: z
      .array(indicatorRequestSchema)
      .default([])
      .describe("Indicators provisioned for every universe symbol before `setup`."),
    pre_session: preSessionSchema
      .default(false)
      .describe("Pre-session scan: `false`, `true` (at 09:00) or a time `HH:MM` from 04:00 to before 09:30."),
    regular_session: regularSessionSchema
      .default([])
      .describe("Regular-session windows `{start, end, interval}`; windows of one scanner must not overlap."),
    cron: cronExpressionText
      .optional()
      .describe(
        "Cron expression (5 fields, or 6 with seconds first) evaluated in New York time; at most one slot a minute (a 6-field one names one second).",
      ),
    timeout_seconds: z
      .number()
      .positive()
      .default(30)
      .describe("Longest a hook (`setup`, `scan`, `teardown`) may run before it is recorded as `timeout`."),
    max_consecutive_failures: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("Consecutive failed hooks after which the scanner is disabled for the rest of the day."),
    promote: z
      .boolean()
      .default(false)
      .describe("Hand every result symbol to `addSymbol`, making it a full session symbol."),
    direction: z
      .enum(DIRECTIONS)
      .default("long")
      .describe(
        "Which side the hits are traded on when `evaluate` scores them: `long`, or `short` (returns and excursions flipped).",
      ),
    config: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("The plugin's own settings, validated by the plugin's `configSchema` when it is loaded."),
    notify: scannerNotifySchema
      .optional()
      .describe("This scanner's alerts: overrides the session's `notify` key by key; `false` for none."),
  })
  .superRefine(checkHasSchedule, { when: () => true })
  .describe("A scanner: at least one of `pre_session`, `regular_session` or `cron` must be set.");

/** The scanners of a session; names must be unique across the list (disabled entries included). */
export const scannersSchema = z
  .array(scannerConfigSchema)
  .superRefine(checkUniqueNames, { when: () => true });

export type ScannerConfigInput = z.input<typeof scannerConfigSchema>;
export type ScannerConfig = z.output<typeof scannerConfigSchema>;

function checkHasSchedule(entry: unknown, ctx: z.RefinementCtx): void {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return;
  const { name, pre_session, regular_session, cron } = entry as Record<string, unknown>;
  const hasPreSession = pre_session !== undefined && pre_session !== false;
  const hasWindows = Array.isArray(regular_session)
    ? regular_session.length > 0
    : regular_session !== undefined;
  if (hasPreSession || hasWindows || cron !== undefined) return;
  const who = typeof name === "string" ? `scanner ${JSON.stringify(name)}` : "scanner";
  ctx.addIssue({
    code: "custom",
    message: `${who} has no schedule (set pre_session, regular_session or cron)`,
  });
}

function checkUniqueNames(entries: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(entries)) return;
  const firstIndex = new Map<string, number>();
  entries.forEach((entry: unknown, index) => {
    const name = typeof entry === "object" && entry !== null ? (entry as { name?: unknown }).name : undefined;
    if (typeof name !== "string") return;
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: [index, "name"],
      message: `duplicate scanner name ${JSON.stringify(name)}: scanners[${first}] and scanners[${index}]`,
    });
  });
}
