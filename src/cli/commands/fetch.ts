// `scanwright fetch CONFIG --from DATE --to DATE`: downloads 1m and 1d bars from the vendor of the
// config's `feed:` block (credentials from the environment variables it names) into the store:
// the symbols given (--symbols, --universe), else the config's symbols and scanner universes.
// Resumable: days the store holds are not asked for again. Bars are validated as `import`
// validates a CSV file; a refused bar is listed on stderr and not stored. Rate limits (429) are
// waited out. Like `import`, it creates the store if there is none.

import { resolve } from "node:path";
import type { Command } from "commander";
import { loadSessionConfig } from "../../config/load-session-config.js";
import { UsageError } from "../../core/errors.js";
import { parseDateKey } from "../../core/new-york-time.js";
import { normalizeSymbol } from "../../core/symbol.js";
import { readUniverseFile } from "../../core/universe.js";
import { downloadHistory } from "../../data/live/history-download.js";
import type { HistoryInterval } from "../../data/live/vendor-source.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { chooseStorePath } from "../../data/store-path.js";
import { createHistorySource } from "../../runtime/feed-from-config.js";
import { requireCalendarDate } from "../../time/calendar-range.js";
import { calendarOf } from "../../time/markets/index.js";
import { WallClock } from "../../time/wall-clock.js";
import type { CliIO } from "../cli-io.js";
import { createPinoLogger, LOG_LEVELS, type LogLevel } from "../pino-logger.js";
import type { CommandRegistrar } from "../program.js";
import { createProgress } from "../progress.js";

interface FetchOptions {
  from: string;
  to: string;
  symbols?: string;
  universe?: string;
  interval: string;
  adjustment?: "raw" | "split";
  store?: string;
  logLevel: LogLevel;
}

export const registerFetchCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("fetch")
    .description("download 1m and 1d bars from the config's vendor feed into the store (only what it lacks)")
    .argument("<config>", "session config (YAML) whose feed: names the vendor and its credentials")
    .requiredOption("--from <date>", "first date, YYYY-MM-DD")
    .requiredOption("--to <date>", "last date (included), YYYY-MM-DD")
    .option("--symbols <list>", "comma-separated symbols (default: the config's symbols and universes)")
    .option("--universe <file>", "a universe file of symbols (one a line)")
    .option("--interval <list>", "1m, 1d or 1m,1d", "1m,1d")
    .option("--adjustment <kind>", "raw or split (default: the config's feed.adjustment)")
    .option(
      "--store <path>",
      "bar store file (default: the config's store, $SCANWRIGHT_STORE or .scanwright/bars.db)",
    )
    .option(
      "--log-level <level>",
      `least severe log line written to stderr (${LOG_LEVELS.join(", ")})`,
      "warn",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright fetch live.yaml --from 2025-06-02 --to 2025-06-27   (credentials: the env vars the config names)\n" +
        "  scanwright fetch live.yaml --symbols SPY,QQQ --interval 1d --from 2020-01-02 --to 2024-12-31 --adjustment split\n",
    )
    .action((config: string, options: FetchOptions) => runFetch(io, config, options));
};

async function runFetch(io: CliIO, configPath: string, options: FetchOptions): Promise<void> {
  const from = dateOption("--from", options.from);
  const to = dateOption("--to", options.to);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const intervals = intervalsOption(options.interval);
  if (options.adjustment !== undefined && options.adjustment !== "raw" && options.adjustment !== "split") {
    throw new UsageError(`--adjustment must be raw or split, got "${options.adjustment}"`);
  }
  if (!LOG_LEVELS.includes(options.logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${options.logLevel}"`);
  }
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  const symbols = symbolsToFetch(io, loaded, options);
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const wall = new WallClock();
  const logger = createPinoLogger({
    level: options.logLevel,
    destination: io.stderr,
    clock: wall,
    bindings: { cmd: "fetch" },
  });
  const feed = { ...loaded.config.feed, ...(options.adjustment ? { adjustment: options.adjustment } : {}) };
  const source = createHistorySource(feed, { timeline: wall, calendar, logger, env: io.env });
  const storePath = chooseStorePath({
    flag: options.store,
    config: loaded.config.store,
    env: io.env,
    cwd: io.cwd,
  }).path;
  const store = openBarStore(storePath);
  const progress = createProgress(io, `fetch ${feed.vendor}`);
  try {
    const reports = await downloadHistory(store, source, {
      symbols,
      intervals,
      from,
      to,
      days: calendar,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    let refused = 0;
    for (const report of reports) {
      io.stdout.write(
        `${report.symbol} ${report.interval}: ${report.daysFetched} day(s) fetched, ${report.daysStored} already stored; ` +
          `${report.inserted} inserted, ${report.unchanged} unchanged, ${report.replaced} replaced, ${report.refused.length} refused\n`,
      );
      for (const line of report.refused) io.stderr.write(`  refused: ${line}\n`);
      refused += report.refused.length;
    }
    io.stdout.write(
      `${symbols.length} symbol(s), ${from} → ${to}, ${feed.adjustment} prices, into ${storePath}` +
        `${refused > 0 ? ` (${refused} bar(s) refused)` : ""}\n`,
    );
  } finally {
    progress.stop();
    store.close();
    wall.cancelAll();
  }
}

function dateOption(flag: string, value: string): string {
  const text = value.trim();
  if (parseDateKey(text) === undefined)
    throw new UsageError(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
  requireCalendarDate(text);
  return text;
}

function intervalsOption(value: string): HistoryInterval[] {
  const intervals = [...new Set(value.split(",").map((part) => part.trim()))];
  for (const interval of intervals) {
    if (interval !== "1m" && interval !== "1d") {
      throw new UsageError(`--interval takes 1m, 1d or both (1m,1d), got "${value}"`);
    }
  }
  return intervals as HistoryInterval[];
}

/** --symbols and --universe together, else the config's session symbols and enabled scanners' universes. */
function symbolsToFetch(
  io: CliIO,
  loaded: ReturnType<typeof loadSessionConfig>,
  options: FetchOptions,
): string[] {
  const chosen: string[] = [];
  if (options.symbols !== undefined) {
    chosen.push(
      ...options.symbols
        .split(",")
        .filter((symbol) => symbol.trim() !== "")
        .map((s) => normalizeSymbol(s)),
    );
  }
  if (options.universe !== undefined)
    chosen.push(...readUniverseFile(resolve(io.cwd, options.universe)).symbols);
  if (options.symbols === undefined && options.universe === undefined) {
    chosen.push(...loaded.config.session_data.symbols);
    for (const scanner of loaded.scanners) if (scanner.enabled) chosen.push(...scanner.universe);
  }
  const symbols = [...new Set(chosen)];
  if (symbols.length === 0) {
    throw new UsageError(
      "No symbols to fetch: give --symbols or --universe, or a config with symbols or universes",
    );
  }
  return symbols;
}
