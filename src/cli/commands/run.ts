// `scanwright run CONFIG`: a backtest of a session config over the bar store. A progress bar on a
// terminal, then a summary table per scanner; `--json` prints one event per line instead. Logs
// (the plugins' `context.log`, the engine's) are JSON lines on stderr from `--log-level` up (none by
// default), their `time` the session clock's: the simulated instant the line was written at.

import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import { resolveJournalPath } from "../../config/config-paths.js";
import { loadSessionConfig } from "../../config/load-session-config.js";
import { UsageError } from "../../core/errors.js";
import { runBacktest } from "../../runtime/backtest-runner.js";
import { createSession } from "../../runtime/create-session.js";
import { loadScanner } from "../../scanners/plugin-loader.js";
import { ScanJournal } from "../../scanners/scan-journal.js";
import type { Clock } from "../../time/clock.js";
import { calendarOf } from "../../time/markets/index.js";
import type { CliIO } from "../cli-io.js";
import { createPinoLogger, LOG_LEVELS, type LogLevel } from "../pino-logger.js";
import { createProgress } from "../progress.js";
import { runEventLines, writeLines } from "../run-event-lines.js";
import { formatSummaryTable } from "../summary-table.js";

interface RunOptions {
  json?: boolean;
  logLevel: LogLevel;
  store?: string;
  journal?: string;
}

export function registerRunCommand(program: Command, io: CliIO): void {
  program
    .command("run")
    .description("backtest a session config: replay the store on a simulated clock and run its scanners")
    .argument("<config>", "session config (YAML)")
    .option(
      "--json",
      "print one JSON event per line (day_start, setup, scan, teardown, promoted, error, day_end)",
    )
    .addOption(
      new Option(
        "--log-level <level>",
        "least severe log line written to stderr: the plugins' context.log and the engine's",
      )
        .choices(LOG_LEVELS)
        .default("silent"),
    )
    .option("--store <path>", "bar store file (overrides the config)")
    .option(
      "--journal <path>",
      "scan journal file (default: the config's journal, else journal.db beside the store)",
    )
    .addHelpText(
      "after",
      "\nExample:\n  scanwright run configs/demo.yaml\n  scanwright run configs/demo.yaml --json | head\n  scanwright run configs/demo.yaml --log-level info 2> run.log\n",
    )
    .action((config: string, options: RunOptions) => runCommand(io, config, options));
}

async function runCommand(io: CliIO, configPath: string, options: RunOptions): Promise<void> {
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (loaded.config.mode !== "backtest") {
    throw new UsageError(
      `${configPath} is a ${loaded.config.mode} config: run it with \`scanwright daemon\``,
    );
  }
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  // Log lines are stamped with the session clock: in a backtest, the simulated instant.
  let sessionClock: Clock | undefined;
  const logger = createPinoLogger({
    level: options.logLevel,
    destination: io.stderr,
    clock: { now: () => sessionClock?.now() ?? 0 },
    bindings: { cmd: "run", session: loaded.config.name },
  });
  const session = createSession(loaded.config, {
    calendar,
    logger,
    baseDir: dirname(resolve(io.cwd, configPath)),
    storePath: options.store === undefined ? undefined : resolve(io.cwd, options.store),
    env: io.env,
  });
  sessionClock = session.clock;
  const journalPath = options.journal
    ? resolve(io.cwd, options.journal)
    : resolveJournalPath(loaded.config.journal, session.store.path);
  let journal: ScanJournal | undefined;
  try {
    // Plugins first: a plugin that does not load leaves no journal behind.
    const scanners = [];
    for (const spec of loaded.scanners) if (spec.enabled) scanners.push(await loadScanner(spec));
    journal = ScanJournal.open(journalPath);
    const progress = options.json ? undefined : createProgress(io, "backtest");
    const report = await runBacktest(session, scanners, journal, {
      onProgress: (done, total) => progress?.update(done, total),
      onEvent: options.json ? (event) => writeLines(io, runEventLines(calendar, event)) : undefined,
    });
    progress?.stop();
    if (!options.json) {
      const days = report.days;
      io.stdout.write(
        `Backtest "${loaded.config.name}": ${days.length} trading day${days.length === 1 ? "" : "s"} ` +
          `${days[0] ?? "-"} → ${days[days.length - 1] ?? "-"}, ${report.slots} scan slots, run ${report.run.id} in ${journalPath}\n`,
      );
      for (const failure of report.failedSymbols) {
        io.stderr.write(`warning: ${failure.date} ${failure.symbol} not provisioned: ${failure.reason}\n`);
      }
      io.stdout.write(formatSummaryTable(journal.summary(report.run)));
    }
  } finally {
    journal?.close();
    session.close();
  }
}
