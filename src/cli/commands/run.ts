// `scanwright run CONFIG`: a backtest of a session config over the bar store. A progress bar on a
// terminal, then a summary table per scanner; `--json` prints one event per line instead. Logs
// (the plugins' `context.log`, the engine's) are JSON lines on stderr from `--log-level` up (none by
// default), their `time` the session clock's: the simulated instant the line was written at.

import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import { connectRedis } from "../../cluster/redis-connection.js";
import {
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_RANGE_DAYS,
  DEFAULT_WARMUP_DAYS,
} from "../../config/cluster-config.js";
import { chooseJournalPath, journalLabel } from "../../config/config-paths.js";
import { loadSessionConfig } from "../../config/load-session-config.js";
import { ScanwrightError, UsageError } from "../../core/errors.js";
import { type AlertDelivery, alertJournalOptions, startAlertDelivery } from "../../runtime/alert-delivery.js";
import {
  type BacktestReport,
  backtestRunInput,
  hashConfig,
  runBacktest,
} from "../../runtime/backtest-runner.js";
import { createSession, type Session } from "../../runtime/create-session.js";
import { type DaysWithoutBars, findDaysWithoutBars } from "../../runtime/days-without-bars.js";
import { scoreBacktestRun } from "../../runtime/score-backtest-run.js";
import { ScanJournal } from "../../scanners/scan-journal.js";
import { DEFAULT_ENTRY_RULE } from "../../scoring/entry-rules.js";
import { parseHorizons, SUMMARY_HORIZON_TEXT } from "../../scoring/horizons.js";
import type { RunScores } from "../../scoring/score-types.js";
import type { Clock } from "../../time/clock.js";
import { calendarOf } from "../../time/markets/index.js";
import { WallClock } from "../../time/wall-clock.js";
import { formatAlertSummary } from "../alert-summary.js";
import type { CliIO } from "../cli-io.js";
import {
  type ClusterFlags,
  type ClusterRun,
  clusterFlagsIgnored,
  resolveClusterRun,
} from "../cluster-options.js";
import { faultEventLine } from "../command-supervision.js";
import { describeDaysWithoutBars } from "../days-without-bars-text.js";
import { edgeUnavailable, formatEdgeSummary } from "../edge-summary.js";
import { requireSessionStore } from "../existing-store.js";
import { CommandExit, EXIT_NO_BARS } from "../exit-codes.js";
import { loadScanners } from "../load-scanners.js";
import { createPinoLogger, LOG_LEVELS, type LogLevel } from "../pino-logger.js";
import { createProgress } from "../progress.js";
import { runEventLines, writeLines } from "../run-event-lines.js";
import { formatSummaryTable } from "../summary-table.js";
import { runSweep, type SweepCluster } from "../sweep-backtest.js";
import { countOf } from "../text-table.js";

interface RunOptions extends ClusterFlags {
  json?: boolean;
  /** `--no-edge`: false. */
  edge: boolean;
  sendAlerts?: boolean;
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
      "print one JSON event per line (day_start, setup, scan, teardown, promoted, error, day_end; no_bars last)",
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
      "--no-edge",
      "leave out the edge summary after the run (scoring every hit against the store; `scanwright evaluate` scores a run later)",
    )
    .option(
      "--journal <path>",
      "scan journal: a file or a postgres:// URL (default: the config's journal, $SCANWRIGHT_JOURNAL, else journal.db beside the store)",
    )
    .option(
      "--workers <url>",
      "run distributed: queue the backtest's day ranges on this Redis for `scanwright worker` processes (overrides the config's cluster.redis)",
    )
    .option("--no-workers", "run in this one process even when the config has a `cluster:` block")
    .option(
      "--range-days <n>",
      `on the cluster: trading days per job (default: cluster.range_days, else ${DEFAULT_RANGE_DAYS})`,
    )
    .option(
      "--warmup-days <n>",
      `on the cluster: days a range replays before its first one to build the state it starts with (default: cluster.warmup_days, else ${DEFAULT_WARMUP_DAYS})`,
    )
    .option(
      "--queue-prefix <prefix>",
      `on the cluster: key prefix of the cluster's queues in Redis (default: cluster.queue_prefix, else ${DEFAULT_QUEUE_PREFIX})`,
    )
    .option(
      "--send-alerts",
      "send the alerts of the scanners' `notify` settings (by default a backtest only records them)",
    )
    .addHelpText(
      "after",
      "\nExample:\n  scanwright run configs/demo.yaml\n  scanwright run configs/demo.yaml --json | head\n  scanwright run configs/demo.yaml --log-level info 2> run.log\n  scanwright run my-alerts.yaml --send-alerts\n",
    )
    .action((config: string, options: RunOptions) => runCommand(io, config, options));
}

async function runCommand(io: CliIO, configPath: string, options: RunOptions): Promise<void> {
  if (typeof options.workers === "string" && options.json) {
    throw new UsageError("--json prints the events of a run in one process: it does not go with --workers");
  }
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (loaded.config.mode !== "backtest") {
    throw new UsageError(
      `${configPath} is a ${loaded.config.mode} config: run it with \`scanwright daemon\``,
    );
  }
  // Before any store or journal is opened: a cluster that names no Redis leaves nothing behind.
  const cluster = resolveClusterRun(options, loaded, io.env);
  for (const flag of clusterFlagsIgnored(options, cluster)) {
    io.stderr.write(
      `warning: ${flag} applies to a run on workers; this run is in one process, so it changes nothing\n`,
    );
  }
  if (cluster !== undefined && options.json) {
    throw new UsageError(
      `--json prints the events of a run in one process: ${configPath} has a cluster: block (add --no-workers)`,
    );
  }
  const storePath = requireSessionStore(io, loaded, options.store).path;
  if (loaded.config.sweep !== undefined) {
    if (options.json)
      throw new UsageError("--json prints the events of one run: it does not go with a sweep");
    if (options.sendAlerts) {
      throw new UsageError("--send-alerts would send every combination's alerts: a sweep only records them");
    }
    let sweepClock: Clock | undefined;
    const logger = createPinoLogger({
      level: options.logLevel,
      destination: io.stderr,
      clock: { now: () => sweepClock?.now() ?? 0 },
      bindings: { cmd: "run", session: loaded.config.name },
    });
    await runSweep(io, loaded, {
      configPath,
      storePath,
      journalFlag: options.journal,
      logger,
      cluster: cluster && (await sweepCluster(cluster, resolve(io.cwd, configPath))),
      onSession: (session) => {
        sweepClock = session.clock;
      },
    });
    return;
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
    storePath,
    env: io.env,
  });
  sessionClock = session.clock;
  const journalPath = chooseJournalPath({
    flag: options.journal,
    config: loaded.config.journal,
    env: io.env,
    cwd: io.cwd,
    storePath: session.store.path,
  });
  let journal: ScanJournal | undefined;
  let delivery: AlertDelivery | undefined;
  const wall = new WallClock({ unref: true });
  try {
    // Plugins first: a plugin that does not load leaves no journal behind.
    const scanners = await loadScanners(io, loaded.scanners);
    const sendAlerts = options.sendAlerts === true;
    journal = ScanJournal.open(journalPath, {
      alerts: alertJournalOptions(loaded.notify, { sendBacktests: sendAlerts, calendar }),
    });
    if (sendAlerts) {
      delivery = startAlertDelivery(journal, {
        notify: loaded.notify,
        env: io.env,
        scope: { session: loaded.config.name, mode: "backtest" },
        clock: wall,
        logger: createPinoLogger({
          level: "warn",
          destination: io.stderr,
          clock: wall,
          bindings: { cmd: "run", session: loaded.config.name },
        }),
      });
    }
    const progress = options.json ? undefined : createProgress(io, "backtest");
    const supervision = io.supervision;
    // Fault events are written for as long as the session's thread lives: a fault raised after the
    // run's last event (a timer of the last hook) is reported after it.
    if (options.json && supervision) supervision.onFault((fault) => writeLines(io, [faultEventLine(fault)]));
    const report = cluster
      ? await runDistributed(io, cluster, {
          configPath: resolve(io.cwd, configPath),
          storePath,
          journalPath,
          journal,
          session,
          onProgress: (done, total) => progress?.update(done, total),
        })
      : await runBacktest(session, scanners, journal, {
          onProgress: (done, total) => progress?.update(done, total),
          onEvent: options.json ? (event) => writeLines(io, runEventLines(calendar, event)) : undefined,
          supervision,
          resume: supervision?.resume,
          onDayStarted: supervision && ((date) => supervision.dayStarted(date)),
          onDayDone: supervision && ((day) => supervision.dayDone(day)),
          onRowReported: supervision && ((key) => supervision.rowReported(key)),
          onReplayEnd: supervision && (() => supervision.replayEnded()),
          onRunStarted: (run) =>
            supervision?.runStarted({
              journalPath,
              runId: run.id,
              session: loaded.config.name,
              mode: "backtest",
            }),
        });
    progress?.stop();
    // Every alert of the backtest is delivered or has failed before the command ends.
    await delivery?.drain();
    await delivery?.stop();
    const withoutBars = findDaysWithoutBars(
      session.store,
      calendar,
      report.days,
      scanners.map((scanner) => ({ name: scanner.spec.name, universe: scanner.spec.universe })),
    );
    if (!options.json) {
      const days = report.days;
      io.stdout.write(
        `Backtest "${loaded.config.name}": ${days.length} trading day${days.length === 1 ? "" : "s"} ` +
          `${days[0] ?? "-"} → ${days[days.length - 1] ?? "-"}, ${countOf(report.slots, "scan slot")}, run ${report.run.id} in ${journalLabel(journalPath)}\n`,
      );
      for (const failure of report.failedSymbols) {
        io.stderr.write(`warning: ${failure.date} ${failure.symbol} not provisioned: ${failure.reason}\n`);
      }
      io.stdout.write(formatSummaryTable(journal.summary(report.run)));
      io.stdout.write(formatAlertSummary(journal.outbox.counts(report.run.id)));
      if (options.edge)
        writeEdgeSummary(io, () =>
          scoreBacktestRun({
            loaded,
            journal: journal as ScanJournal,
            run: report.run.id,
            store: session.store,
            calendar,
            entryRule: DEFAULT_ENTRY_RULE,
            horizons: parseHorizons(SUMMARY_HORIZON_TEXT),
          }),
        );
    }
    reportDaysWithoutBars(io, withoutBars, report.days, options.json === true);
    if (withoutBars.length > 0) {
      throw new CommandExit(EXIT_NO_BARS, "a scanner had no bars of any symbol on some day");
    }
  } finally {
    await delivery?.stop();
    wall.cancelAll();
    journal?.close();
    session.close();
  }
}

/**
 * The backtest on the cluster: the same run, with the same rows, as `runBacktest` journals, its
 * days replayed by `scanwright worker` processes (see cluster/distributed-backtest.ts).
 */
async function runDistributed(
  io: CliIO,
  cluster: ClusterRun,
  parts: {
    configPath: string;
    storePath: string;
    journalPath: string;
    journal: ScanJournal;
    session: Session;
    onProgress: (done: number, total: number) => void;
  },
): Promise<BacktestReport> {
  (await connectRedis(cluster.url)).disconnect();
  const { config, calendar, clock } = parts.session;
  if (!config.backtest)
    throw new UsageError("The session config has no backtest window (backtest.start, backtest.end)");
  const days = calendar.tradingDays(config.backtest.start, config.backtest.end);
  const last = days.at(-1);
  // The cluster's code (BullMQ, ioredis) is loaded by a clustered run only.
  const { runDistributedBacktest } = await import("../../cluster/distributed-backtest.js");
  return runDistributedBacktest(parts.journal, {
    redisUrl: cluster.url,
    prefix: cluster.prefix,
    configPath: parts.configPath,
    storePath: parts.storePath,
    configHash: hashConfig(config),
    journalLocation: parts.journalPath,
    days,
    rangeDays: cluster.rangeDays,
    warmupDays: cluster.warmupDays,
    run: backtestRunInput(parts.session),
    finishedAt: last === undefined ? clock.now() : calendar.requireSession(last).closeAt,
    onProgress: parts.onProgress,
    onRunStarted: (run, reattached) => {
      if (reattached)
        io.stderr.write(`re-attached to run ${run.id}: its finished ranges are not run again\n`);
      io.supervision?.runStarted({
        journalPath: parts.journalPath,
        runId: run.id,
        session: config.name,
        mode: "backtest",
      });
    },
  });
}

/** The cluster options of a distributed sweep, checked (Redis answers) before any run starts. */
async function sweepCluster(cluster: ClusterRun, configPath: string): Promise<SweepCluster> {
  (await connectRedis(cluster.url)).disconnect();
  return { ...cluster, configPath };
}

/** The edge lines; a scoring failure (the backtest itself succeeded) is a warning, not a failed run. */
function writeEdgeSummary(io: CliIO, score: () => RunScores): void {
  try {
    io.stdout.write(formatEdgeSummary(score()));
  } catch (error) {
    if (!(error instanceof ScanwrightError)) throw error;
    io.stderr.write(edgeUnavailable(error));
  }
}

/**
 * One warning line per scanner that had days without a bar of any universe symbol (after the
 * summary, so it is the last thing read), and with --json one `no_bars` event each.
 */
function reportDaysWithoutBars(
  io: CliIO,
  found: readonly DaysWithoutBars[],
  days: readonly string[],
  json: boolean,
): void {
  for (const scanner of found) {
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ event: "no_bars", scanner: scanner.scanner, days: scanner.days })}\n`,
      );
    }
    io.stderr.write(`warning: ${describeDaysWithoutBars(scanner, days)}\n`);
  }
}
