// `scanwright run CONFIG` with a `sweep:` block: every combination is one backtest run in the
// journal, in the sweep's order, each on a fresh session (nothing carries from one combination to
// the next). A combination that fails (its values do not fit the plugin, a run that throws) is
// journaled as a failed run and the others go on; the command then exits with an error.

import { dirname, resolve } from "node:path";
import { chooseJournalPath, journalLabel } from "../config/config-paths.js";
import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { describeCombination, type SweepVariant, sweepVariants } from "../config/sweep-variants.js";
import { ScanwrightError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { backtestRunInput, hashConfig, runBacktest } from "../runtime/backtest-runner.js";
import { createSession, type Session } from "../runtime/create-session.js";
import type { RunRef } from "../scanners/journal-types.js";
import { ScanJournal } from "../scanners/scan-journal.js";
import { calendarOf } from "../time/markets/index.js";
import type { CliIO } from "./cli-io.js";
import { CommandExit, EXIT_RUNTIME_FAILURE } from "./exit-codes.js";
import { loadScanners } from "./load-scanners.js";
import { createProgress } from "./progress.js";
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

export async function runSweep(
  io: CliIO,
  loaded: LoadedSessionConfig,
  options: SweepRunOptions,
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
  const journal = ScanJournal.open(journalPath);
  const failed: string[] = [];
  try {
    io.stdout.write(
      `Sweep "${loaded.config.name}" of scanner "${variants[0]?.scanner}": ${countOf(variants.length, "combination")}, journal ${journalLabel(journalPath)}\n`,
    );
    for (const variant of variants) {
      const label = `[${variant.combination.index}/${variant.of}] ${describeCombination(variant.combination.values)}`;
      const session = createSession(variant.config, {
        calendar,
        logger: options.logger,
        baseDir,
        storePath: options.storePath,
        env: io.env,
      });
      options.onSession?.(session);
      let started: RunRef | undefined;
      try {
        const progress = createProgress(io, `sweep ${variant.combination.index}/${variant.of}`);
        try {
          const scanners = await loadScanners(io, variant.scanners);
          const report = await runBacktest(session, scanners, journal, {
            runParams: sweepRunParams(variant),
            onRunStarted: (run) => {
              started = run;
            },
            supervision: io.supervision,
            onProgress: (done, total) => progress.update(done, total),
          });
          const hits = journal.summary(report.run).reduce((sum, scanner) => sum + scanner.hits, 0);
          io.stdout.write(`${label}: run ${report.run.id}, ${countOf(hits, "hit")}\n`);
        } finally {
          progress.stop();
        }
      } catch (error) {
        if (!(error instanceof ScanwrightError)) throw error;
        // A combination that failed before its run started (values the plugin rejects) is still one
        // run of the sweep: journaled failed, so `results --sweep` shows every combination.
        // (A run that started is journaled failed by runBacktest itself.)
        const runId = started?.id ?? recordFailedRun(journal, session, variant, error);
        failed.push(variant.combination.index.toString());
        io.stderr.write(`${label}: failed (run ${runId}): ${error.message}\n`);
      } finally {
        session.close();
      }
    }
  } finally {
    journal.close();
  }
  if (failed.length > 0) {
    throw new CommandExit(EXIT_RUNTIME_FAILURE, `sweep combination ${failed.join(", ")} failed`);
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
