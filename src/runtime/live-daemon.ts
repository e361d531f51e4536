// The live daemon: a session run through the trading days as time passes, with the pieces and the
// day sequence of the backtest (TradingDayDriver). Two clocks, on purpose:
//   - the timeline: the live clock the daemon waits on. The WallClock on the real date, or a
//     ScaledClock for a paced replay of a stored date (at a speed factor; between sessions it jumps
//     to the next pre-market instead of sleeping through the night).
//   - the session clock: a SimulatedClock that the coordinator, the scanners and the journal read.
//     The daemon moves it to each instant of the day (pre-market, slot, plugin timer, close) once
//     the timeline has reached it. While a slot is being handled it stands at the slot, so a scan at
//     T sees the bars that ended by T and none after (DESIGN principle 3) however late it runs, and
//     a replay journals the rows a backtest of that day journals, whatever the speed factor.
//
// Stopping: when `signal` aborts, no new slot is taken; a running scan finishes (bounded by its
// timeout), the scanners are torn down at the stop instant, the journal flushed, and the run
// finished as `interrupted`. A restart continues the day (see daemon-resume.ts): the slots already
// journaled are not run again, those whose time passed while no daemon ran are journaled `missed`,
// setup runs again at the restart instant (scanner state is in memory), and the rest run.

import { SessionError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { JournalRecord, RunRef } from "../scanners/journal-types.js";
import type { LoadedScanner } from "../scanners/plugin-loader.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import { type ScanEvent, ScannerManager } from "../scanners/scanner-manager.js";
import { type ScanSlot, scanSlots } from "../scanners/scheduler.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import { ScaledClock } from "../time/scaled-clock.js";
import { SimulatedClock } from "../time/simulated-clock.js";
import { type Stopwatch, WallClock, wallStopwatch } from "../time/wall-clock.js";
import { hashConfig } from "./backtest-runner.js";
import type { Session } from "./create-session.js";
import {
  type DaemonRunParams,
  findPreviousRun,
  findResumePoint,
  journaledSlotKeys,
  type PreviousRun,
  slotKey,
} from "./daemon-resume.js";
import { type DayOutcome, TradingDayDriver } from "./trading-day-driver.js";

export interface ReplaySpec {
  /** The stored date replayed (`YYYY-MM-DD`): a restart with the same date continues the run. */
  readonly date: string;
  /** Replayed ms per real ms. */
  readonly speed: number;
}

export interface DaemonOptions {
  /** What the daemon waits on: the WallClock on the real date, a ScaledClock for a paced replay. */
  readonly timeline: Clock;
  /** Set for a paced replay (the timeline is then a ScaledClock, jumped between sessions). */
  readonly replay?: ReplaySpec;
  /** The last trading day to trade: the daemon stops after its close (`--days`, the end of a replay). */
  readonly lastDay?: string;
  /** Aborting it stops the daemon cleanly (the CLI wires SIGINT and SIGTERM to it). */
  readonly signal?: AbortSignal;
  /** Default: the session's logger. */
  readonly logger?: Logger;
  readonly onEvent?: (event: ScanEvent) => void;
  /** Real-time clock for hook time limits (default: a WallClock that does not hold the process open). */
  readonly watchdog?: Clock;
  readonly stopwatch?: Stopwatch;
}

export interface DaemonReport {
  readonly run: RunRef;
  /** `new`, `resumed` (the same run, left running by a dead process) or `continued` (a new run after an interrupted or failed one). */
  readonly origin: "new" | "resumed" | "continued";
  /** The run continued, when `origin` is `continued`. */
  readonly continues: number | undefined;
  readonly status: "completed" | "interrupted";
  /** The instant (on the timeline) the daemon started trading at, and the one it stopped at. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Trading days this process started, in order. */
  readonly days: readonly string[];
  /** Scan slots run by this process. */
  readonly slots: number;
  /** Slots journaled `missed` by this process. */
  readonly missed: number;
  readonly failedSymbols: ReadonlyArray<{
    readonly date: string;
    readonly symbol: string;
    readonly reason: string;
  }>;
}

const MISSED_ERROR = "the slot passed while no daemon was running";

/** Runs the daemon until `lastDay`'s close (completed) or until `signal` aborts (interrupted). */
export async function runDaemon(
  session: Session,
  scanners: readonly LoadedScanner[],
  journal: ScanJournal,
  options: DaemonOptions,
): Promise<DaemonReport> {
  const { config, calendar, coordinator, sessionData } = session;
  const clock = session.clock;
  const { timeline, replay, signal } = options;
  if (!(clock instanceof SimulatedClock)) {
    throw new SessionError(
      "The daemon moves the session clock itself: create the session with a SimulatedClock at the timeline's time",
    );
  }
  if (replay && !(timeline instanceof ScaledClock)) {
    throw new SessionError("A paced replay runs on a ScaledClock timeline");
  }
  if (clock.now() > timeline.now()) {
    throw new SessionError(
      `The session clock (${calendar.formatInstant(clock.now())}) is ahead of the timeline (${calendar.formatInstant(timeline.now())})`,
    );
  }
  const logger = options.logger ?? session.logger;
  const configHash = hashConfig(config);

  // Where the previous daemon of this session left off, and the instant this one starts at.
  const previous = findPreviousRun(journal, config.name, configHash, replay?.date);
  const searchFrom = maxDate(calendar.dateOf(timeline.now()), options.lastDay);
  const resumePoint = previous ? findResumePoint(journal, calendar, previous.chain, searchFrom) : undefined;
  // The session clock stands where the caller started it (a replay's origin, or now on the real
  // date), unless the previous daemon got further; a replay's timeline jumps there too.
  const startAt = Math.max(clock.now(), (resumePoint?.lastAt ?? Number.NEGATIVE_INFINITY) + 1);
  if (replay && timeline instanceof ScaledClock && startAt > timeline.now()) timeline.jumpTo(startAt);
  if (startAt > clock.now()) clock.advanceTo(startAt);
  const { run, origin } = openRun(journal, previous, {
    name: config.name,
    configHash,
    startedAt: startAt,
    params: {
      replay: replay ?? null,
      lastDay: options.lastDay ?? null,
      resumes: previous?.latest.id ?? null,
    },
  });
  const journaledRuns = previous ? previous.chain.map((info) => info.id) : [];
  logger.info("daemon started", {
    run: run.id,
    origin,
    ...(origin === "continued" ? { continues: previous?.latest.id } : {}),
    timeline: replay ? `replay of ${replay.date} at ${replay.speed}x` : "real time",
    at: calendar.formatInstant(startAt),
    ...(options.lastDay ? { lastDay: options.lastDay } : {}),
  });

  const watchdog = options.watchdog ?? new WallClock({ unref: true });
  const manager = new ScannerManager(scanners, {
    sessionData,
    calendar,
    clock,
    watchdog,
    stopwatch: options.stopwatch ?? wallStopwatch,
    mode: "live",
    journal: {
      record: (row) => {
        // The daemon passes over journaled slots, so a duplicate here is a bug, never a lost row.
        if (!journal.record(run, row)) {
          logger.error("slot already journaled: row not recorded again", {
            scanner: row.scanner,
            kind: row.kind,
            at: calendar.formatInstant(row.scheduledAt),
          });
        }
      },
    },
    logger,
    onEvent: options.onEvent,
  });
  /**
   * Moves the session clock to `at` once the timeline is there, stopping at every session-clock
   * timer due before it (plugins may set some) in order; `false` once a stop is asked for.
   */
  const moveTo = async (at: number): Promise<boolean> => {
    while (clock.now() < at) {
      const next = Math.min(at, clock.nextTimerAt() ?? at);
      if (!(await waitOn(timeline, next, signal))) return false;
      clock.advanceTo(next);
    }
    return signal?.aborted !== true;
  };
  const driver = new TradingDayDriver({ calendar, clock, coordinator, manager, moveTo });
  const enabled = scanners.filter((scanner) => scanner.spec.enabled).map((scanner) => scanner.spec);

  const days: string[] = [];
  const failedSymbols: Array<{ date: string; symbol: string; reason: string }> = [];
  let slots = 0;
  let missed = 0;
  const finish = (status: "completed" | "interrupted", finishedAt: number): DaemonReport => {
    journal.finishRun(run, { finishedAt, status });
    logger.info("daemon stopped", { run: run.id, status, days: days.length, slots, missed });
    return {
      run,
      origin,
      continues: origin === "continued" ? previous?.latest.id : undefined,
      status,
      startedAt: startAt,
      finishedAt,
      days,
      slots,
      missed,
      failedSymbols,
    };
  };

  try {
    let date = tradingDayAt(calendar, startAt);
    // The days the previous daemon was on and that passed since: their slots before now are missed.
    const missedFrom =
      resumePoint?.lastDate !== undefined && resumePoint.lastDate < date ? resumePoint.lastDate : date;
    const passedOver = new Map<string, Set<string>>();
    for (const day of calendar.tradingDays(missedFrom, date)) {
      const done = journaledSlotKeys(journal, journaledRuns, day);
      const late = scanSlots(calendar, enabled, day).filter(
        (slot) =>
          slot.at < startAt &&
          !done.has(slotKey(slot.scanner, slot.kind, slot.at)) &&
          // A replay loses no time: a slot at the very instant the previous process stopped at (it
          // died or stopped between two scanners' slots of one instant) still runs, 1 ms late.
          !(replay && slot.at === resumePoint?.lastAt),
      );
      for (const slot of late) {
        journal.record(run, missedRecord(day, slot));
        done.add(slotKey(slot.scanner, slot.kind, slot.at));
      }
      if (late.length > 0) {
        missed += late.length;
        logger.warn("slots missed while no daemon was running", {
          date: day,
          missed: late.length,
          first: calendar.formatInstant(late[0].at),
          last: calendar.formatInstant(late[late.length - 1].at),
        });
      }
      passedOver.set(day, done);
    }
    journal.flush();

    for (; options.lastDay === undefined || date <= options.lastDay; date = calendar.nextTradingDay(date)) {
      const tradingSession = calendar.requireSession(date);
      if (timeline.now() < tradingSession.preMarketAt) {
        if (timeline instanceof ScaledClock && replay) {
          timeline.jumpTo(tradingSession.preMarketAt);
        } else {
          logger.info("waiting for the next session", {
            date,
            at: calendar.formatInstant(tradingSession.preMarketAt),
          });
        }
      }
      // Between sessions: the replay has jumped; on the real date this sleeps (one timer, no polling).
      const reachedPreMarket = await moveTo(tradingSession.preMarketAt);
      const skip = passedOver.get(date) ?? new Set<string>();
      if (reachedPreMarket) {
        logger.info("session", {
          date,
          close: calendar.formatInstant(tradingSession.closeAt),
          ...(tradingSession.earlyClose ? { earlyClose: calendar.earlyCloseReason(date) ?? true } : {}),
        });
      }
      const day: DayOutcome = await driver.runDay(date, {
        skip: (slot) => skip.has(slotKey(slot.scanner, slot.kind, slot.at)),
        afterSlot: (slot, record) => {
          // Flushed per slot: a crash loses nothing already reported.
          journal.flush();
          logger.info("scan", {
            scanner: slot.scanner,
            kind: slot.kind,
            at: calendar.formatInstant(slot.at),
            status: record.status,
            symbols: record.symbols.length,
            lagMs: timeline.now() - slot.at,
          });
        },
      });
      if (day.status === "completed" || day.isOpen) days.push(date);
      slots += day.slotsRun;
      for (const failure of day.failedSymbols) failedSymbols.push({ date, ...failure });
      if (day.status === "stopped") {
        const stopAt = Math.max(clock.now(), timeline.now());
        if (stopAt > clock.now()) clock.advanceTo(stopAt);
        logger.info("stopping", { at: calendar.formatInstant(stopAt), dayOpen: day.isOpen });
        if (day.isOpen) await driver.stopDay(day.session);
        journal.flush();
        return finish("interrupted", stopAt);
      }
      journal.flush();
      logger.info("session ended", { date, slots: day.slotsRun });
    }
    return finish("completed", Math.max(clock.now(), timeline.now()));
  } catch (error) {
    await failRun(error);
    throw error;
  } finally {
    if (options.watchdog === undefined && watchdog instanceof WallClock) watchdog.cancelAll();
  }

  /** Tears down what is open and finishes the run as `failed`; problems doing so are logged. */
  async function failRun(error: unknown): Promise<void> {
    logger.error("daemon failed", { error: error instanceof Error ? error.message : String(error) });
    await driver.abandonDay(logger);
    try {
      journal.finishRun(run, { finishedAt: Math.max(clock.now(), timeline.now()), status: "failed" });
    } catch (journalError) {
      logger.error("could not finish the run as failed", { error: String(journalError) });
    }
  }
}

/** Resumes the previous run when its process died, else starts a new one (continuing it, if any). */
function openRun(
  journal: ScanJournal,
  previous: PreviousRun | undefined,
  input: { name: string; configHash: string; startedAt: number; params: DaemonRunParams },
): { run: RunRef; origin: DaemonReport["origin"] } {
  if (previous?.latest.status === "running") {
    const resumed = journal.resumeRun(input.name, "live", input.configHash);
    // resumeRun answers the latest running live run of the name; another timeline's may be newer.
    return { run: resumed?.id === previous.latest.id ? resumed : previous.latest, origin: "resumed" };
  }
  const run = journal.startRun({
    name: input.name,
    mode: "live",
    configHash: input.configHash,
    startedAt: input.startedAt,
    params: input.params,
  });
  return { run, origin: previous ? "continued" : "new" };
}

/** Waits on the timeline until `at`; `false` as soon as `signal` aborts. */
function waitOn(timeline: Clock, at: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (timeline.now() >= at) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timeline.cancelTimer(timer);
      resolve(false);
    };
    const timer = timeline.setTimer(
      at,
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(true);
      },
      "daemon wait",
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The trading day an instant trades in: its own date until that session's close, else the next one. */
export function tradingDayAt(calendar: ExchangeCalendar, at: number): string {
  const date = calendar.dateOf(at);
  const session = calendar.session(date);
  return session !== undefined && at < session.closeAt ? date : calendar.nextTradingDay(date);
}

function missedRecord(date: string, slot: ScanSlot): JournalRecord {
  return {
    scanner: slot.scanner,
    kind: slot.kind,
    sessionDate: date,
    scheduledAt: slot.at,
    startedAt: null,
    durationMs: 0,
    status: "missed",
    error: MISSED_ERROR,
    universeSize: 0,
    symbols: [],
    metadata: {},
    promoted: [],
  };
}

function maxDate(date: string, other: string | undefined): string {
  return other !== undefined && other > date ? other : date;
}
