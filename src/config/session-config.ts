// The session config schema (zod): the one definition of what a YAML session config may say, used
// both as the runtime check and as the TypeScript type. Keys are the YAML keys (snake_case), so an
// error path names exactly what the user wrote. `z.input` is what authors write (defaults may be
// left out); `z.output` (SessionConfig) is what the code receives.

import { z } from "zod";
import { isInterval } from "../core/interval.js";
import { parseDateKey } from "../core/new-york-time.js";
import { isValidSymbol, normalizeSymbol } from "../core/symbol.js";

const intervalText = z
  .string()
  .refine(isInterval, { error: (issue) => `${JSON.stringify(issue.input)} is not an interval` });

const isoDate = z.string().refine((text) => parseDateKey(text) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a date (expected YYYY-MM-DD)`,
});

const symbolText = z
  .string()
  .refine(isValidSymbol, { error: (issue) => `${JSON.stringify(issue.input)} is not a valid symbol` })
  .transform((symbol) => normalizeSymbol(symbol));

export const indicatorRequestSchema = z.strictObject({
  type: z.string().min(1),
  period: z.number().int().positive().optional(),
  interval: intervalText,
  params: z.record(z.string(), z.unknown()).optional(),
});

export const historyRequestSchema = z.strictObject({
  interval: intervalText,
  days: z.number().int().min(1).max(10_000),
});

export const sessionDataConfigSchema = z.strictObject({
  /** Symbols provisioned at every session start. */
  symbols: z.array(symbolText).default([]),
  /** Live intervals of every full session symbol. */
  streams: z.array(intervalText).default(["1m"]),
  historical: z.array(historyRequestSchema).default([]),
  indicators: z.array(indicatorRequestSchema).default([]),
});

export const backtestWindowSchema = z
  .strictObject({ start: isoDate, end: isoDate })
  .refine((window) => window.start <= window.end, {
    error: "backtest.start must not be after backtest.end",
    path: ["end"],
  });

export const feedConfigSchema = z.strictObject({
  /** `replay`: the store's bars on the simulated clock (backtests). */
  type: z.enum(["replay"]).default("replay"),
});

export const sessionConfigSchema = z.strictObject({
  name: z.string().min(1),
  mode: z.enum(["backtest", "live"]).default("backtest"),
  exchange: z.literal("XNYS").default("XNYS"),
  backtest: backtestWindowSchema.optional(),
  /** Bar store path; relative paths resolve against the config file's folder. */
  store: z.string().min(1).optional(),
  feed: feedConfigSchema.default({ type: "replay" }),
  warmup_multiplier: z.number().min(1).max(100).default(2),
  /** Calendar overrides file (closures, early closes); relative to the config file. */
  calendar_overrides: z.string().min(1).optional(),
  session_data: sessionDataConfigSchema.default({
    symbols: [],
    streams: ["1m"],
    historical: [],
    indicators: [],
  }),
});

export type SessionConfigInput = z.input<typeof sessionConfigSchema>;
export type SessionConfig = z.output<typeof sessionConfigSchema>;
export type SessionDataConfig = z.output<typeof sessionDataConfigSchema>;
