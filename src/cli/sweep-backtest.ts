// `scanwright run CONFIG` with a `sweep:` block: every combination is one backtest run in the
// journal, in the sweep's order, each on a fresh session (nothing carries from one combination to
// the next). A combination that fails (its values do not fit the plugin, a run that throws) is
// journaled as a failed run and the others go on; the command then exits with an error.

import { dirname, resolve } from "node:path";
import { chooseJournalPath, journalLabel } from "../config/config-paths.js";
import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { describeCombination, type SweepVariant, sweepVariants } from "../config/sweep-variants.js";
import { ScanwrightError, SessionError, UsageError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { alertJournalOptions } from "../runtime/alert-delivery.js";
import {
  type BacktestResume,
  backtestRunInput,
  hashConfig,
  runBacktest,
} from "../runtime/backtest-runner.js";
import { createSession, type Session } from "../runtime/create-session.js";
import type { RunRef } from "../scanners/journal-types.js";
import { ScanJournal } from "../scanners/scan-journal.js";
import { calendarOf } from "../time/markets/index.js";
import type { CliIO } from "./cli-io.js";
import { CommandExit, EXIT_RUNTIME_FAILURE } from "./exit-codes.js";
import { loadScanners } from "./load-scanners.js";
import { createProgress } from "./progress.js";
import { sweepOf } from "./sweep-runs.js";
import { countOf } from "./text-table.js";

export interface SweepRunOptions {
  readonly configPath: string;
  readonly storePath: string;
  readonly journalFlag: string | undefined;
  readonly logger: Logger;
  /** Told each combination's session as it is created (the logger stamps lines with its clock). */
  readonly onSession?: (session: Session) => void;
}

/** The params a sweep's run records: which combination of which sweep it is. */
export function sweepRunParams(variant: SweepVariant): Record<string, unknown> {
  return {
    sweep: {
      scanner: variant.scanner,
      index: variant.combination.index,
      of: variant.of,
      values: variant.combination.values,
    },
  };
}

/** With `--workers`: the cluster that runs every combination × range as one job. */
export interface SweepCluster {
  readonly url: string;
  readonly prefix: string;
  readonly rangeDays: number;
  readonly warmupDays: number;
  readonly configPath: string;
}

/** Combinations a distributed sweep coordinates at once (their ranges all queued side by side). */
const CLUSTER_COMBINATIONS_IN_FLIGHT = 8;

export async function runSweep(
  io: CliIO,
  loaded: LoadedSessionConfig,
  options: SweepRunOptions & { readonly cluster?: SweepCluster },
): Promise<void> {
  const variants = sweepVariants(loaded);
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const baseDir = dirname(resolve(io.cwd, options.configPath));
  const journalPath = chooseJournalPath({
    flag: options.journalFlag,
    config: loaded.config.journal,
    env: io.env,
    cwd: io.cwd,
    storePath: options.storePath,
  });
  // Alerts are journaled (not sent) as in any backtest without --send-alerts.
  const journal = ScanJournal.open(journalPath, {
    alerts: alertJournalOptions(loaded.notify, { sendBacktests: false, calendar }),
  });
  const failed: number[] = [];
  const openSession = (variant: SweepVariant): Session => {
    const session = createSession(variant.config, {
      calendar,
      logger: options.logger,
      baseDir,
      storePath: options.storePath,
      env: io.env,
    });
    options.onSession?.(session);
    return session;
  };
  const report = (variant: SweepVariant, outcome: CombinationOutcome) => {
    const label = `[${variant.combination.index}/${variant.of}] ${describeCombination(variant.combination.values)}`;
    if (outcome.error === undefined) {
      const hits = journal.summary(outcome.runId).reduce((sum, scanner) => sum + scanner.hits, 0);
      io.stdout.write(`${label}: run ${outcome.runId}, ${countOf(hits, "hit")}\n`);
    } else {
      failed.push(variant.combination.index);
      io.stderr.write(`${label}: failed (run ${outcome.runId}): ${outcome.error.message}\n`);
    }
  };
  try {
    if (io.supervision?.resume === undefined)
      io.stdout.write(
        `Sweep "${loaded.config.name}" of scanner "${variants[0]?.scanner}": ${countOf(variants.length, "combination")}, journal ${journalLabel(journalPath)}\n`,
      );
    if (options.cluster === undefined) {
      const resumed = resumedCombination(io, journal, loaded.config.name);
      failed.push(...(resumed?.failedBefore ?? []));
      for (const variant of variants) {
        // A supervisor's restart continues the combination in progress; those before it are done.
        if (resumed !== undefined && variant.combination.index < resumed.index) continue;
        const resume = variant.combination.index === resumed?.index ? io.supervision?.resume : undefined;
        const progress = createProgress(io, `sweep ${variant.combination.index}/${variant.of}`);
        try {
          const context = { io, journal, journalPath, openSession, progress, resume };
          report(variant, await runLocally(context, variant, loaded.config.name));
        } finally {
          progress.stop();
        }
      }
    } else {
      await runOnCluster(io, journal, openSession, variants, options.cluster, journalPath, report);
    }
  } finally {
    journal.close();
  }
  if (failed.length > 0) {
    throw new CommandExit(
      EXIT_RUNTIME_FAILURE,
      `sweep combination${failed.length === 1 ? "" : "s"} ${[...failed].sort((a, b) => a - b).join(", ")} failed`,
    );
  }
}

/** A combination's run: completed, or failed with its error. */
interface CombinationOutcome {
  readonly runId: number;
  readonly error?: ScanwrightError;
}

interface LocalContext {
  readonly io: CliIO;
  readonly journal: ScanJournal;
  readonly journalPath: string;
  readonly openSession: (variant: SweepVariant) => Session;
  readonly progress: { update(done: number, total: number): void };
  /** The supervisor's resume of this combination's run, after it terminated a stuck hook. */
  readonly resume: BacktestResume | undefined;
}

async function runLocally(
  context: LocalContext,
  variant: SweepVariant,
  name: string,
): Promise<CombinationOutcome> {
  const { io, journal } = context;
  const supervision = io.supervision;
  const session = context.openSession(variant);
  let started: RunRef | undefined;
  try {
    const scanners = await loadScanners(io, variant.scanners);
    const done = await runBacktest(session, scanners, journal, {
      runParams: sweepRunParams(variant),
      supervision,
      resume: context.resume,
      onDayStarted: supervision && ((date) => supervision.dayStarted(date)),
      onDayDone: supervision && ((day) => supervision.dayDone(day)),
      onRowReported: supervision && ((key) => supervision.rowReported(key)),
      onReplayEnd: supervision && (() => supervision.replayEnded()),
      onRunStarted: (run) => {
        started = run;
        // The supervisor finishes this run `interrupted` if a signal ends the session.
        supervision?.runStarted({
          journalPath: context.journalPath,
          runId: run.id,
          session: name,
          mode: "backtest",
        });
      },
      onProgress: (daysDone, total) => context.progress.update(daysDone, total),
    });
    return { runId: done.run.id };
  } catch (error) {
    if (!(error instanceof ScanwrightError)) throw error;
    // A run that started is journaled failed by runBacktest itself; one that failed before it
    // started (values the plugin rejects) is still one run of the sweep, journaled failed.
    return { runId: started?.id ?? recordFailedRun(journal, session, variant, error), error };
  } finally {
    session.close();
  }
}

/**
 * On a supervisor's restart: the combination whose run it resumes, and the combinations before it
 * (run by the earlier sessions) that failed.
 */
function resumedCombination(
  io: CliIO,
  journal: ScanJournal,
  name: string,
): { index: number; failedBefore: number[] } | undefined {
  const runId = io.supervision?.resume?.runId;
  if (runId === undefined) return undefined;
  const runs = journal.runs();
  const resumed = runs.find((run) => run.id === runId);
  const index = resumed && sweepOf(resumed)?.index;
  if (index === undefined) {
    throw new SessionError(`Run ${runId} is not a run of this sweep: it cannot be resumed`);
  }
  // The latest run of each earlier combination, back to this sweep's run of combination 1.
  const latest = new Map<number, boolean>();
  for (const run of runs.filter((candidate) => candidate.id < runId && candidate.name === name).reverse()) {
    const sweep = sweepOf(run);
    if (sweep === undefined || sweep.index >= index || latest.has(sweep.index)) continue;
    latest.set(sweep.index, run.status === "failed");
    if (sweep.index === 1) break;
  }
  return { index, failedBefore: [...latest].filter(([, failedRun]) => failedRun).map(([at]) => at) };
}

/**
 * Every combination through the distributed backtest: the plugins are loaded here first with each
 * combination's values (a combination they reject is journaled failed without a job), then up to
 * CLUSTER_COMBINATIONS_IN_FLIGHT combinations are coordinated at once, each queueing all its ranges,
 * their runs started in combination order.
 */
async function runOnCluster(
  io: CliIO,
  journal: ScanJournal,
  openSession: (variant: SweepVariant) => Session,
  variants: readonly SweepVariant[],
  cluster: SweepCluster,
  journalPath: string,
  report: (variant: SweepVariant, outcome: CombinationOutcome) => void,
): Promise<void> {
  // The cluster's code (BullMQ, ioredis) is loaded by a clustered sweep only, before the first
  // combination starts (their runs start in combination order).
  const { runDistributedBacktest } = await import("../cluster/distributed-backtest.js");
  const rejected = new Map<number, ScanwrightError>();
  for (const variant of variants) {
    try {
      await loadScanners(io, variant.scanners);
    } catch (error) {
      if (!(error instanceof ScanwrightError)) throw error;
      rejected.set(variant.combination.index, error);
    }
  }
  const progress = createProgress(io, "sweep");
  const daysDone = new Map<number, number>();
  let totalDays = 0;
  const runOne = async (variant: SweepVariant): Promise<void> => {
    const session = openSession(variant);
    try {
      const rejection = rejected.get(variant.combination.index);
      if (rejection !== undefined) {
        report(variant, { runId: recordFailedRun(journal, session, variant, rejection), error: rejection });
        return;
      }
      const { config, calendar, clock } = session;
      const window = config.backtest;
      if (!window)
        throw new UsageError("The session config has no backtest window (backtest.start, backtest.end)");
      const days = calendar.tradingDays(window.start, window.end);
      totalDays = days.length * variants.length;
      const last = days.at(-1);
      let runId: number | undefined;
      try {
        const done = await runDistributedBacktest(journal, {
          redisUrl: cluster.url,
          prefix: cluster.prefix,
          configPath: cluster.configPath,
          storePath: session.store.path,
          configHash: hashConfig(config),
          sweepIndex: variant.combination.index,
          journalLocation: journalPath,
          days,
          rangeDays: cluster.rangeDays,
          warmupDays: cluster.warmupDays,
          run: backtestRunInput(session, sweepRunParams(variant)),
          finishedAt: last === undefined ? clock.now() : calendar.requireSession(last).closeAt,
          onRunStarted: (run) => {
            runId = run.id;
          },
          onProgress: (done) => {
            daysDone.set(variant.combination.index, done);
            progress.update(
              [...daysDone.values()].reduce((sum, count) => sum + count, 0),
              totalDays,
            );
          },
        });
        report(variant, { runId: done.run.id });
      } catch (error) {
        if (!(error instanceof ScanwrightError) || runId === undefined) throw error;
        report(variant, { runId, error });
      }
    } finally {
      session.close();
    }
  };
  try {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < variants.length) {
        const variant = variants[next++];
        await runOne(variant);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CLUSTER_COMBINATIONS_IN_FLIGHT, variants.length) }, () => lane()),
    );
  } finally {
    progress.stop();
  }
}

function recordFailedRun(
  journal: ScanJournal,
  session: Session,
  variant: SweepVariant,
  error: ScanwrightError,
): number {
  const input = backtestRunInput(session, {
    ...sweepRunParams(variant),
    error: error.message,
  });
  const run = journal.startRun({ ...input, configHash: hashConfig(variant.config) });
  journal.finishRun(run, { finishedAt: session.clock.now(), status: "failed" });
  return run.id;
}
