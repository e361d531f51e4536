// The BacktestRunner replays the store over the configured dates on the SimulatedClock: for each
// trading day it starts the session (provisioning), starts the scanners (universe, setup), then for
// each slot moves the clock to it, applies every bar that has ended, and runs the scan; at the
// close it tears down and ends the day. Same config and data, same journal, row for row. The day
// itself is the TradingDayDriver's, shared with the live daemon: only the clock moves differently.

import { createHash } from "node:crypto";
import { SessionError } from "../core/errors.js";
import { abandonedInRun } from "../scanners/hook-watch.js";
import type { RunRef, StartRunInput } from "../scanners/journal-types.js";
import type { LoadedScanner } from "../scanners/plugin-loader.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import { ScannerManager, type ScannerManagerDeps } from "../scanners/scanner-manager.js";
import type { Clock } from "../time/clock.js";
import { type Stopwatch, WallClock, wallStopwatch } from "../time/wall-clock.js";
import type { Session } from "./create-session.js";
import type { RunEventSink } from "./run-events.js";
import { TradingDayDriver } from "./trading-day-driver.js";

export interface BacktestOptions {
  /** Called after each trading day. */
  readonly onProgress?: (daysDone: number, daysTotal: number, date: string) => void;
  /** Every hook's outcome, promotions, and each day's start and end, in order. */
  readonly onEvent?: RunEventSink;
  /**
   * Real-time clock for hook time limits. Default: a WallClock of the run's own, whose timers hold
   * the process open (a hook that never settles leaves nothing else pending) and are stopped here.
   */
  readonly watchdog?: Clock;
  readonly stopwatch?: Stopwatch;
  /** Supervision of the hooks (see ScannerManagerDeps): watch, attribution, abandoned hooks. */
  readonly supervision?: Pick<ScannerManagerDeps, "watch" | "attribution" | "abandoned">;
  /** Continue a `running` run (a supervisor's restart after it terminated a stuck hook). */
  readonly resume?: BacktestResume;
  /** Recorded in the run's params beside the dates (a sweep's combination). */
  readonly runParams?: Readonly<Record<string, unknown>>;
  /** Told the run as soon as it is started or resumed (a supervisor finishes it if the session dies). */
  readonly onRunStarted?: (run: RunRef) => void;
  /** Told each day as it starts (after its `day_start` event), and as it is done and journaled. */
  readonly onDayStarted?: (date: string) => void;
  readonly onDayDone?: (day: CompletedDay) => void;
  /** Told each hook row as it is reported (its `rowKey`), once: a restart does not report it again. */
  readonly onRowReported?: (key: string) => void;
  /** On a resume: told once the replay reaches a hook the earlier sessions had not reported. */
  readonly onReplayEnd?: () => void;
}

/** A trading day a backtest ran to its end, its rows journaled (`onDayDone`). */
export interface CompletedDay {
  readonly date: string;
  readonly slots: number;
  readonly failedSymbols: ReadonlyArray<{ readonly symbol: string; readonly reason: string }>;
}

/**
 * Where a restarted backtest resumes its run: the days already done are not run again (their
 * slots and failures are taken as reported); the day in progress is replayed from its start,
 * deterministic, and only rows not journaled yet are written (a terminated session's rows still
 * in the journal's batch were lost with it), and only the events not reported yet are reported.
 */
export interface BacktestResume {
  readonly runId: number;
  readonly completedDays: readonly CompletedDay[];
  /** The day whose `day_start` the earlier session reported already (not reported again). */
  readonly startedDay: string | undefined;
  /** The rows (`rowKey`) of that day the earlier sessions reported. */
  readonly reportedRows: readonly string[];
}

/** A hook row's identity in a run: scanner, kind and slot. */
export function rowKey(row: { scanner: string; kind: string; scheduledAt: number }): string {
  return `${row.scanner}|${row.kind}|${row.scheduledAt}`;
}

export interface BacktestReport {
  readonly run: RunRef;
  readonly days: readonly string[];
  /** Scan slots run (setup and teardown not counted). */
  readonly slots: number;
  /** Configured symbols that could not be provisioned, per day. */
  readonly failedSymbols: ReadonlyArray<{
    readonly date: string;
    readonly symbol: string;
    readonly reason: string;
  }>;
}

export async function runBacktest(
  session: Session,
  scanners: readonly LoadedScanner[],
  journal: ScanJournal,
  options: BacktestOptions = {},
): Promise<BacktestReport> {
  const { config, calendar, coordinator, sessionData } = session;
  const clock = session.clock;
  const control = clock.control;
  if (control?.kind !== "manual") {
    throw new SessionError(
      "A backtest moves its clock itself: it runs on a manual clock, a SimulatedClock (createSession gives one in backtest mode)",
    );
  }
  if (!config.backtest)
    throw new SessionError("The session config has no backtest window (backtest.start, backtest.end)");
  const days = calendar.tradingDays(config.backtest.start, config.backtest.end);
  // Hook time limits run on real time; a watchdog made here is stopped here.
  const ownWatchdog = new WallClock();
  const watchdog = options.watchdog ?? ownWatchdog;
  const { resume } = options;
  const run =
    resume === undefined
      ? journal.startRun(backtestRunInput(session, options.runParams))
      : resumeBacktestRun(journal, config.name, hashConfig(config), resume.runId);
  options.onRunStarted?.(run);
  const done = new Map((resume?.completedDays ?? []).map((day) => [day.date, day]));
  const reported = new Set(resume?.reportedRows ?? []);
  // A resumed run replays the day in progress: its events already reported are not reported again.
  let replaying = resume !== undefined;
  let recorded = true;
  const onEvent: RunEventSink | undefined =
    options.onEvent &&
    ((event) => {
      if (!replaying) options.onEvent?.(event);
      else if (event.event === "day_start") {
        if (event.date !== resume?.startedDay) options.onEvent?.(event);
      } else if (event.event === "promoted") {
        const kinds = ["regular", "pre_session", "cron"] as const;
        const slot = { scanner: event.scanner, scheduledAt: event.at };
        if (!kinds.some((kind) => reported.has(rowKey({ ...slot, kind })))) {
          options.onEvent?.(event);
        }
      } else if (event.event !== "setup" && event.event !== "scan" && event.event !== "teardown") {
        options.onEvent?.(event);
      } else if (recorded) options.onEvent?.(event);
    });
  const manager = new ScannerManager(scanners, {
    sessionData,
    calendar,
    clock,
    watchdog,
    stopwatch: options.stopwatch ?? wallStopwatch,
    mode: "backtest",
    // A resumed run already holds the rows before the restart: `record` passes over those.
    journal: {
      record: (row) => {
        journal.record(run, row);
        const key = rowKey(row);
        recorded = !reported.has(key);
        if (!recorded) return;
        options.onRowReported?.(key);
        if (replaying) {
          replaying = false;
          options.onReplayEnd?.();
        }
      },
    },
    logger: session.logger,
    onEvent,
    ...options.supervision,
    // Only this run's abandoned hooks: a sweep's later combinations are runs of their own.
    abandoned: abandonedInRun(options.supervision?.abandoned ?? [], run.id),
  });

  // The day sequence is the daemon's too; here the clock simply jumps to each instant.
  const driver = new TradingDayDriver({
    calendar,
    clock,
    coordinator,
    manager,
    onEvent: (event) => {
      onEvent?.(event);
      if (event.event === "day_start") options.onDayStarted?.(event.date);
    },
    moveTo: async (time) => {
      if (time > clock.now()) control.advanceTo(time);
      return true;
    },
  });
  const runDay = async (date: string): Promise<CompletedDay> => {
    const day = await driver.runDay(date);
    journal.flush();
    // One turn of the event loop per day: a replay may not otherwise yield at all, and the timers
    // the plugins set that day (already due) must run, and their faults be reported, before the
    // day counts as done (a restart resumes after it).
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    // A replayed day is past what the earlier sessions did once it is done.
    if (replaying) {
      replaying = false;
      options.onReplayEnd?.();
    }
    const completed = { date, slots: day.slotsRun, failedSymbols: day.failedSymbols };
    options.onDayDone?.(completed);
    return completed;
  };
  let slots = 0;
  const failedSymbols: Array<{ date: string; symbol: string; reason: string }> = [];
  try {
    for (let index = 0; index < days.length; index++) {
      const date = days[index];
      const day = done.get(date) ?? (await runDay(date));
      for (const failure of day.failedSymbols) failedSymbols.push({ date, ...failure });
      slots += day.slots;
      options.onProgress?.(index + 1, days.length, date);
    }
  } catch (error) {
    // The scanners of the day that failed still get their teardown, as in the daemon.
    await driver.abandonDay(session.logger);
    try {
      journal.finishRun(run, { finishedAt: clock.now(), status: "failed" });
    } catch (journalError) {
      session.logger.error("could not finish the run as failed", { error: String(journalError) });
    }
    throw error;
  } finally {
    ownWatchdog.cancelAll();
  }
  journal.finishRun(run, { finishedAt: clock.now(), status: "completed" });
  return { run, days, slots, failedSymbols };
}

/** How a backtest of the session starts its run (a distributed backtest starts the very same). */
export function backtestRunInput(
  session: Session,
  extraParams: Readonly<Record<string, unknown>> = {},
): StartRunInput {
  const { config, calendar, clock } = session;
  if (!config.backtest)
    throw new SessionError("The session config has no backtest window (backtest.start, backtest.end)");
  return {
    name: config.name,
    mode: "backtest",
    configHash: hashConfig(config),
    startedAt: clock.now(),
    // The exchange lets readers (`results`, `serve`) show the run's times in its zone.
    params: {
      start: config.backtest.start,
      end: config.backtest.end,
      exchange: calendar.exchange,
      ...extraParams,
    },
  };
}

/** The `running` backtest run `runId` of this session and config; a SessionError if it is not that. */
function resumeBacktestRun(journal: ScanJournal, name: string, configHash: string, runId: number): RunRef {
  const info = journal.runs().find((run) => run.id === runId);
  if (
    info?.status !== "running" ||
    info.mode !== "backtest" ||
    info.name !== name ||
    info.configHash !== configHash
  ) {
    throw new SessionError(
      `Backtest run ${runId} of "${name}" is not running in the journal: it cannot be resumed`,
    );
  }
  return { id: info.id, name: info.name, mode: info.mode, configHash: info.configHash };
}

/**
 * A stable identity of a config: same settings, same hash. The `cluster:` block is left out: where
 * a backtest runs (one process or workers) does not change its rows, so it does not change the run.
 */
export function hashConfig(config: unknown): string {
  const identity =
    typeof config === "object" && config !== null && "cluster" in config
      ? { ...config, cluster: undefined }
      : config;
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 16);
}
