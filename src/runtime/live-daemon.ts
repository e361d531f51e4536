// The live daemon: a session run through the trading days as time passes, with the pieces and the
// day sequence of the backtest (TradingDayDriver). Two clocks, on purpose:
//   - the timeline: the live clock the daemon waits on. The WallClock on the real date, or a
//     ScaledClock for a paced replay of a stored date (at a speed factor; between sessions it jumps
//     to the next pre-market instead of sleeping through the night).
//   - the session clock: a manual clock (SimulatedClock) that the coordinator, the scanners and the
//     journal read. The daemon moves it to each instant of the day (pre-market, slot, plugin timer,
//     close) once the timeline has reached it (timeline-wait.ts). While a slot is being handled it
//     stands at the slot, so a scan at T sees the bars that ended by T and none after (DESIGN
//     principle 3) however late it runs, and a replay journals the rows a backtest of that day
//     journals, whatever the speed factor.
//
// The jobs, each in its file: where to start and which run to write (daemon-start.ts, resuming
// per daemon-resume.ts), the slots passed over on a restart (missed-slots.ts), moving the session
// clock along the timeline (timeline-wait.ts), the day itself (trading-day-driver.ts); this file
// runs the days in order and finishes the run.
//
// Stopping: when `signal` aborts, no new slot is taken; a running scan finishes (bounded by its
// timeout), the scanners are torn down at the stop instant, the journal flushed, and the run
// finished as `interrupted`. A restart continues the day: the slots already journaled are not run
// again, those whose time passed while no daemon ran are journaled `missed`, setup runs again at
// the restart instant (scanner state is in memory), and the rest run.

import { FencedWriteError, SessionError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { RunRef } from "../scanners/journal-types.js";
import type { LoadedScanner } from "../scanners/plugin-loader.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import { ScannerManager, type ScannerManagerDeps } from "../scanners/scanner-manager.js";
import type { DayStart } from "../session/session-coordinator.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import { type Stopwatch, WallClock, wallStopwatch } from "../time/wall-clock.js";
import type { Session } from "./create-session.js";
import { DaemonLockLostError } from "./daemon-lock-lost.js";
import { slotKey } from "./daemon-resume.js";
import { type DaemonOrigin, type ReplaySpec, startDaemonRun } from "./daemon-start.js";
import { journalMissedSlots } from "./missed-slots.js";
import type { RunEventSink } from "./run-events.js";
import { followTimeline } from "./timeline-wait.js";
import { type MoveSessionClock, TradingDayDriver } from "./trading-day-driver.js";

export type { ReplaySpec } from "./daemon-start.js";

export interface DaemonOptions {
  /** What the daemon waits on: the WallClock on the real date, a ScaledClock for a paced replay. */
  readonly timeline: Clock;
  /** Set for a paced replay (the timeline must then be skippable: a ScaledClock, jumped between sessions). */
  readonly replay?: ReplaySpec;
  /** The last trading day to trade: the daemon stops after its close (`--days`, the end of a replay). */
  readonly lastDay?: string;
  /** Aborting it stops the daemon cleanly (the CLI wires SIGINT and SIGTERM to it). */
  readonly signal?: AbortSignal;
  /** Default: the session's logger. */
  readonly logger?: Logger;
  /** Every hook's outcome, promotions, each day's start and end, and the slots journaled missed, in order. */
  readonly onEvent?: RunEventSink;
  /** Real-time clock for hook time limits (default: a WallClock of the daemon's own, stopped at the end). */
  readonly watchdog?: Clock;
  readonly stopwatch?: Stopwatch;
  /** Supervision of the hooks (see ScannerManagerDeps): watch, attribution, abandoned hooks. */
  readonly supervision?: Pick<ScannerManagerDeps, "watch" | "attribution" | "abandoned">;
  /** Told the run as soon as it is started or resumed (a supervisor finishes it if the session dies). */
  readonly onRunStarted?: (run: RunRef) => void;
  /**
   * Asked after each move of the session clock, before the slot (or close) at that instant is
   * handled; `false` stops the day there as a stop request does (an HA leader that lost its lease).
   */
  readonly fence?: () => Promise<boolean>;
  /**
   * The day a warm HA standby provisioned and left open on this session (WarmStandby.openDay): the
   * daemon goes on with it instead of provisioning the day again.
   */
  readonly warmDay?: DayStart;
}

export interface DaemonReport {
  readonly run: RunRef;
  readonly origin: DaemonOrigin;
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

/** Runs the daemon until `lastDay`'s close (completed) or until `signal` aborts (interrupted). */
export async function runDaemon(
  session: Session,
  scanners: readonly LoadedScanner[],
  journal: ScanJournal,
  options: DaemonOptions,
): Promise<DaemonReport> {
  const { config, calendar, coordinator, sessionData, clock } = session;
  const { timeline, replay, signal } = options;
  const control = clock.control;
  if (control?.kind !== "manual") {
    throw new SessionError(
      "The daemon moves the session clock itself: create the session with a SimulatedClock at the timeline's time",
    );
  }
  if (replay && timeline.control?.kind !== "skippable") {
    throw new SessionError("A paced replay runs on a timeline that can skip ahead (a ScaledClock)");
  }
  if (clock.now() > timeline.now()) {
    throw new SessionError(
      `The session clock (${calendar.formatInstant(clock.now())}) is ahead of the timeline (${calendar.formatInstant(timeline.now())})`,
    );
  }
  const logger = options.logger ?? session.logger;
  const start = startDaemonRun({
    journal,
    calendar,
    config,
    sessionClock: { clock, control },
    timeline,
    replay,
    lastDay: options.lastDay,
  });
  const { run, startAt } = start;
  options.onRunStarted?.(run);
  logger.info("daemon started", {
    run: run.id,
    origin: start.origin,
    ...(start.continues !== undefined ? { continues: start.continues } : {}),
    timeline: replay ? `replay of ${replay.date} at ${replay.speed}x` : "real time",
    at: calendar.formatInstant(startAt),
    ...(options.lastDay ? { lastDay: options.lastDay } : {}),
  });

  const ownWatchdog = new WallClock();
  const manager = new ScannerManager(scanners, {
    sessionData,
    calendar,
    clock,
    watchdog: options.watchdog ?? ownWatchdog,
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
    // Every abandoned hook applies, whatever run it names: a restarted daemon continues the same
    // session in a new run (one chain of runs), so no later run of this process repeats its slot.
    ...options.supervision,
  });
  const follow = followTimeline({ clock, control }, timeline, signal, session.feed);
  const fence = options.fence;
  const moveTo: MoveSessionClock =
    fence === undefined ? follow : async (at) => (await follow(at)) && (await fence());
  const driver = new TradingDayDriver({
    calendar,
    clock,
    coordinator,
    manager,
    moveTo,
    onEvent: options.onEvent,
  });
  const tally = {
    days: [] as string[],
    slots: 0,
    missed: 0,
    failedSymbols: [] as DaemonReport["failedSymbols"][number][],
  };
  const finish = (status: DaemonReport["status"], finishedAt: number): DaemonReport => {
    journal.finishRun(run, { finishedAt, status });
    logger.info("daemon stopped", {
      run: run.id,
      status,
      days: tally.days.length,
      slots: tally.slots,
      missed: tally.missed,
    });
    return {
      run,
      origin: start.origin,
      continues: start.continues,
      status,
      startedAt: startAt,
      finishedAt,
      ...tally,
    };
  };

  try {
    let date = tradingDayAt(calendar, startAt);
    const passedOver = journalMissedSlots({
      journal,
      calendar,
      run,
      journaledRuns: start.journaledRuns,
      scanners: scanners.filter((scanner) => scanner.spec.enabled).map((scanner) => scanner.spec),
      resumePoint: start.resumePoint,
      startAt,
      startDate: date,
      isReplay: replay !== undefined,
      logger,
      onEvent: options.onEvent,
    });
    tally.missed = passedOver.missed;
    // A day a warm standby left open that closed before the start (the takeover came after its close).
    const standbyDay = coordinator.currentSession;
    if (standbyDay !== undefined && standbyDay.date < date) coordinator.endDay();

    for (; options.lastDay === undefined || date <= options.lastDay; date = calendar.nextTradingDay(date)) {
      const tradingSession = calendar.requireSession(date);
      if (timeline.now() < tradingSession.preMarketAt) {
        // Between sessions: a replay jumps; on the real date the daemon sleeps (one timer, no polling).
        if (replay && timeline.control?.kind === "skippable")
          timeline.control.jumpTo(tradingSession.preMarketAt);
        else
          logger.info("waiting for the next session", {
            date,
            at: calendar.formatInstant(tradingSession.preMarketAt),
          });
      }
      if (await moveTo(tradingSession.preMarketAt)) {
        logger.info("session", {
          date,
          close: calendar.formatInstant(tradingSession.closeAt),
          ...(tradingSession.earlyClose ? { earlyClose: calendar.earlyCloseReason(date) ?? true } : {}),
        });
      }
      const skip = passedOver.byDate.get(date);
      const day = await driver.runDay(date, {
        skip: skip && ((slot) => skip.has(slotKey(slot.scanner, slot.kind, slot.at))),
        provisioned: options.warmDay,
        afterSlot: (slot, record) => {
          // Flushed per slot: a crash loses nothing already reported.
          journal.flush();
          const staleSince = session.feed.staleSince?.();
          if (staleSince !== undefined) {
            journal.markFeedStale(run, { scheduledAt: slot.at, sessionDate: date, since: staleSince });
          }
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
      if (day.status === "completed" || day.isOpen) tally.days.push(date);
      tally.slots += day.slotsRun;
      for (const failure of day.failedSymbols) tally.failedSymbols.push({ date, ...failure });
      if (day.status === "stopped") {
        const stopAt = Math.max(clock.now(), timeline.now());
        if (stopAt > clock.now()) control.advanceTo(stopAt);
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
    // Teardown for what is open, and the run finished as `failed`; problems doing so are logged.
    logger.error("daemon failed", { error: error instanceof Error ? error.message : String(error) });
    await driver.abandonDay(logger);
    // Without its lock, or refused by the run's fence, the daemon leaves the run alone: another
    // daemon may be driving it now.
    if (error instanceof DaemonLockLostError || error instanceof FencedWriteError) throw error;
    try {
      journal.finishRun(run, { finishedAt: Math.max(clock.now(), timeline.now()), status: "failed" });
    } catch (journalError) {
      logger.error("could not finish the run as failed", { error: String(journalError) });
    }
    throw error;
  } finally {
    ownWatchdog.cancelAll();
  }
}

/** The trading day an instant trades in: its own date until that session's close, else the next one. */
export function tradingDayAt(calendar: ExchangeCalendar, at: number): string {
  const date = calendar.dateOf(at);
  const session = calendar.session(date);
  return session !== undefined && at < session.closeAt ? date : calendar.nextTradingDay(date);
}
