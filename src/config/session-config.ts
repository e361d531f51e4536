// The session config schema (zod): the one definition of what a YAML session config may say, used
// both as the runtime check and as the TypeScript type. Keys are the YAML keys (snake_case), so an
// error path names exactly what the user wrote. `z.input` is what authors write (defaults may be
// left out); `z.output` (SessionConfig) is what the code receives, and parses again to itself.

import { z } from "zod";
import { parseDateKey } from "../core/new-york-time.js";
import { isMarketCode, MARKETS, marketDefinition } from "../time/markets/index.js";
import { regularDayOf } from "../time/regular-day.js";
import { checkClusterMode, clusterConfigSchema } from "./cluster-config.js";
import {
  databaseLocation,
  databaseLocationFor,
  intervalText,
  isoDate,
  pathText,
  symbolList,
} from "./config-fields.js";
import { feedConfigSchema, VENDOR_EXCHANGE } from "./feed-config.js";
import { indicatorRequestSchema } from "./indicator-request-schema.js";
import { notifyBlockSchema } from "./notify-config.js";
import { preSessionProblem } from "./pre-session-config.js";
import { scannersSchema } from "./scanner-config.js";
import { windowProblems } from "./scanner-schedule-config.js";
import { checkSweepTarget, sweepConfigSchema } from "./sweep-config.js";

export { feedConfigSchema } from "./feed-config.js";
export { indicatorRequestSchema } from "./indicator-request-schema.js";

export const historyRequestSchema = z
  .strictObject({
    interval: intervalText.describe("Bar interval of the history (`1m`, `1d`, …)."),
    days: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .describe("Trading days of history, ending at the last completed session."),
  })
  .describe("A window of history loaded for every session symbol before the session starts.");

export const sessionDataConfigSchema = z
  .strictObject({
    symbols: symbolList.default([]).describe("Symbols provisioned at every session start (upper-cased)."),
    streams: z
      .array(intervalText)
      .default(["1m"])
      .describe("Intervals streamed for every full session symbol; derived ones are built from the base."),
    historical: z
      .array(historyRequestSchema)
      .default([])
      .describe("History windows loaded for every full session symbol."),
    indicators: z
      .array(indicatorRequestSchema)
      .default([])
      .describe("Indicators kept warm for every full session symbol."),
    scanners: scannersSchema.default([]).describe("The scanners of the session; names must be unique."),
  })
  .describe(
    "What the session holds: its symbols with their streams, history and indicators, and the scanners.",
  );

export const backtestWindowSchema = z
  .strictObject({
    start: isoDate.describe("First day of the backtest, `YYYY-MM-DD`."),
    end: isoDate.describe("Last day of the backtest (included), `YYYY-MM-DD`, not before `start`."),
    read_worker: z
      .boolean()
      .optional()
      .describe(
        "Whether a worker thread steps the SQLite store's reads (the days and the first day's history) beside the main thread, which decodes them; on unless `false`, used only with a store file and more than one CPU. The results are the same either way; `false` keeps every read on the main thread.",
      ),
    prefault_thread: z
      .boolean()
      .optional()
      .describe(
        "Whether a worker thread touches the pages of the bar series' memory before the main thread first writes them (the page faults of the first day's bars and history then run on another CPU); on unless `false`, used only with more than one CPU. The results are the same either way; `false` gives the series plain heap arrays.",
      ),
    step_block: z
      .boolean()
      .optional()
      .describe(
        "Whether the replay also lays each day's 1m bars out drain by drain across the symbols (a second copy of the day, at most 64 MiB, for the first symbols that fit), so that each step reads one run of memory instead of every symbol's own; on unless `false`. The results are the same either way; `false` saves the copy's memory (about 18 KB per symbol).",
      ),
  })
  .superRefine(checkBacktestOrder, { when: () => true })
  .describe("The dates a backtest replays; required when `mode` is `backtest`.");

export const sessionConfigSchema = z
  .strictObject({
    name: z.string().min(1).describe("Name of the session, shown in logs and the journal."),
    mode: z
      .enum(["backtest", "live"])
      .default("backtest")
      .describe("`backtest` replays stored bars over `backtest.start`…`end`; `live` runs on the wall clock."),
    exchange: z
      .string()
      .default("XNYS")
      .superRefine((code, ctx) => {
        if (!isMarketCode(code)) {
          ctx.addIssue({
            code: "custom",
            input: code,
            message: `${JSON.stringify(code)} is not a known exchange (known: ${MARKETS.map((market) => market.mic).join(", ")})`,
          });
        }
      })
      .transform((code) => (isMarketCode(code) ? marketDefinition(code).mic : code))
      .describe(
        "Exchange calendar of the session, by ISO MIC or alias: `XNYS` (= `XNAS`), `XLON`, `XETR`, `XTSE`, `XTKS`, `XHKG`, `XASX`, `CMES`, or `CRYPTO` (= `24/7`). Every symbol of the session trades there; scan several exchanges with one session each.",
      ),
    backtest: backtestWindowSchema.optional(),
    store: databaseLocation
      .optional()
      .describe(
        "Bar store: a SQLite file path, relative to the config file, or a PostgreSQL URL `postgres://user@host:port/database` (no password here: `PGPASSWORD`, or the whole URL in `SCANWRIGHT_STORE`). Without it: the `--store` flag, `SCANWRIGHT_STORE`, else `.scanwright/bars.db`.",
      ),
    journal: databaseLocationFor("SCANWRIGHT_JOURNAL")
      .optional()
      .describe(
        "Scan journal: a SQLite file path, relative to the config file, or a PostgreSQL URL `postgres://user@host:port/database` (no password here: `PGPASSWORD`, or the whole URL in `SCANWRIGHT_JOURNAL`). Without it: the `--journal` flag, `SCANWRIGHT_JOURNAL`, else `journal.db` in the bar store's folder (`.scanwright/journal.db` when the store is on PostgreSQL).",
      ),
    feed: feedConfigSchema.prefault({}),
    warmup_multiplier: z
      .number()
      .min(1)
      .max(100)
      .default(2)
      .describe("History loaded for indicator warm-up, as a multiple of the bars an indicator needs."),
    calendar_overrides: pathText
      .optional()
      .describe("Calendar overrides file (extra closures and early closes), relative to the config file."),
    session_data: sessionDataConfigSchema.prefault({}),
    notify: notifyBlockSchema
      .optional()
      .describe("Default alerts of every scanner (see the Alerts section of the README)."),
    sweep: sweepConfigSchema.optional(),
    cluster: clusterConfigSchema.optional(),
  })
  .superRefine(checkBacktestPresent, { when: () => true })
  .superRefine(checkWindowsOnExchange, { when: () => true })
  .superRefine(checkFeedExchange, { when: () => true })
  .superRefine(checkSweepTarget, { when: () => true })
  .superRefine(checkClusterMode, { when: () => true })
  .describe("A session config: one YAML file per session.");

export type SessionConfigInput = z.input<typeof sessionConfigSchema>;
export type SessionConfig = z.output<typeof sessionConfigSchema>;
export type SessionDataConfig = z.output<typeof sessionDataConfigSchema>;

function checkBacktestOrder(window: unknown, ctx: z.RefinementCtx): void {
  if (typeof window !== "object" || window === null) return;
  const { start, end } = window as { start?: unknown; end?: unknown };
  if (typeof start !== "string" || typeof end !== "string") return;
  if (parseDateKey(start) === undefined || parseDateKey(end) === undefined || start <= end) return;
  ctx.addIssue({
    code: "custom",
    path: ["end"],
    message: `${JSON.stringify(end)} is before backtest.start ${JSON.stringify(start)}`,
  });
}

/** Every scanner's windows and pre-session time, checked against a regular day of the session's exchange. */
function checkWindowsOnExchange(config: unknown, ctx: z.RefinementCtx): void {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return;
  const { exchange, session_data: sessionData } = config as { exchange?: unknown; session_data?: unknown };
  const code = exchange === undefined ? "XNYS" : exchange;
  if (typeof code !== "string" || !isMarketCode(code)) return;
  if (typeof sessionData !== "object" || sessionData === null) return;
  const scanners = (sessionData as { scanners?: unknown }).scanners;
  if (!Array.isArray(scanners)) return;
  const day = regularDayOf(marketDefinition(code));
  scanners.forEach((scanner, index) => {
    if (typeof scanner !== "object" || scanner === null) return;
    for (const problem of windowProblems((scanner as { regular_session?: unknown }).regular_session, day)) {
      ctx.addIssue({
        code: "custom",
        path: ["session_data", "scanners", index, "regular_session", ...problem.path],
        message: problem.message,
      });
    }
    const preSession = preSessionProblem((scanner as { pre_session?: unknown }).pre_session, day);
    if (preSession !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["session_data", "scanners", index, "pre_session"],
        message: preSession,
      });
    }
  });
}

function checkBacktestPresent(config: unknown, ctx: z.RefinementCtx): void {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return;
  const { mode, backtest } = config as { mode?: unknown; backtest?: unknown };
  if ((mode === undefined || mode === "backtest") && backtest === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["backtest"],
      message: "is required when mode is backtest (set backtest.start and backtest.end)",
    });
  }
}

/** A vendor feed streams one market: the session must trade on that exchange. */
function checkFeedExchange(config: unknown, ctx: z.RefinementCtx): void {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return;
  const { exchange, feed } = config as { exchange?: unknown; feed?: unknown };
  if (typeof feed !== "object" || feed === null) return;
  const vendor = (feed as { vendor?: unknown }).vendor;
  if (typeof vendor !== "string" || !(vendor in VENDOR_EXCHANGE)) return;
  const code = exchange === undefined ? "XNYS" : exchange;
  if (typeof code !== "string" || !isMarketCode(code)) return;
  const wanted = VENDOR_EXCHANGE[vendor as keyof typeof VENDOR_EXCHANGE];
  if (marketDefinition(code).mic !== wanted) {
    ctx.addIssue({
      code: "custom",
      path: ["feed", "vendor"],
      message: `${JSON.stringify(vendor)} streams ${wanted} symbols, but the session's exchange is ${JSON.stringify(code)} (set exchange: ${wanted})`,
    });
  }
}
