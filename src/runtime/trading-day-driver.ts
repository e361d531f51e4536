// One trading day of a session, in the one sequence the backtest and the live daemon share
// (DESIGN principle 1): at pre-market the coordinator starts the day (provisioning) and the
// ScannerManager starts its scanners (universes, setup); for each slot the session clock moves to
// it, every bar that has ended is applied, and the scan runs; at the close the last bars are
// applied, the scanners torn down and the day ended. The runners differ only in how the session
// clock moves (`moveTo`): a backtest advances its SimulatedClock at once; the daemon first waits on
// its live timeline, and answers `false` once a stop was asked for, which ends the day early.

import type { Logger } from "../core/logger.js";
import type { ScanRecord } from "../scanners/scan-record.js";
import type { ScannerManager } from "../scanners/scanner-manager.js";
import type { ScanSlot } from "../scanners/scheduler.js";
import type { DayStart, SessionCoordinator } from "../session/session-coordinator.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { TradingSession } from "../time/trading-session.js";
import type { RunEventSink } from "./run-events.js";

/**
 * Brings the session clock to `at` (an instant at or before its now leaves it where it is).
 * `false`: stop here, the day does not go on.
 */
export type MoveSessionClock = (at: number) => Promise<boolean>;

export interface TradingDayDeps {
  readonly calendar: ExchangeCalendar;
  /** The session clock (what the coordinator and the scanners read). */
  readonly clock: Clock;
  readonly coordinator: SessionCoordinator;
  readonly manager: ScannerManager;
  readonly moveTo: MoveSessionClock;
  /** Told of each day's start and end (and, through the manager, of every hook). */
  readonly onEvent?: RunEventSink;
}

export interface DayOptions {
  /** Slots passed over (journaled already, or recorded as missed): not run, not waited for. */
  readonly skip?: (slot: ScanSlot) => boolean;
  /** Called after each slot that ran, with its record (the daemon flushes the journal here). */
  readonly afterSlot?: (slot: ScanSlot, record: ScanRecord) => void;
  /**
   * The day's provisioning, done already by a warm HA standby that now leads (warm-standby.ts): the
   * coordinator has the day open, so it is not prepared and started again.
   */
  readonly provisioned?: DayStart;
}

export interface DayOutcome {
  readonly session: TradingSession;
  /** `completed`: ended at the close. `stopped`: `moveTo` refused; see `isOpen`. */
  readonly status: "completed" | "stopped";
  /** A stopped day that had started: its scanners and coordinator day are still open (see `stopDay`). */
  readonly isOpen: boolean;
  /** Slots whose scan ran. */
  readonly slotsRun: number;
  /** Configured symbols that could not be provisioned. */
  readonly failedSymbols: ReadonlyArray<{ readonly symbol: string; readonly reason: string }>;
}

export class TradingDayDriver {
  constructor(private readonly deps: TradingDayDeps) {}

  /** Runs the trading day `date` from pre-market to the close (or until `moveTo` refuses). */
  async runDay(date: string, options: DayOptions = {}): Promise<DayOutcome> {
    const { calendar, coordinator, manager, moveTo } = this.deps;
    const session = calendar.requireSession(date);
    const stopped = (isOpen: boolean, slotsRun: number, failedSymbols: DayOutcome["failedSymbols"]) =>
      ({ session, status: "stopped", isOpen, slotsRun, failedSymbols }) as const;

    if (!(await moveTo(session.preMarketAt))) return stopped(false, 0, []);
    const warm = options.provisioned?.date === date && coordinator.currentSession?.date === date;
    if (!warm) await coordinator.prepareDay();
    const start = warm ? (options.provisioned as DayStart) : coordinator.startDay(date);
    this.deps.onEvent?.({
      event: "day_start",
      date,
      openAt: session.openAt,
      closeAt: session.closeAt,
      earlyClose: session.earlyClose ? (calendar.earlyCloseReason(date) ?? "early close") : undefined,
      symbols: start.symbols,
      failedSymbols: start.failed,
    });
    const slots = await manager.startDay(session);
    let slotsRun = 0;
    for (const slot of slots) {
      if (options.skip?.(slot)) continue;
      if (!(await moveTo(slot.at))) return stopped(true, slotsRun, start.failed);
      coordinator.advance();
      const record = await manager.runSlot(slot);
      slotsRun += 1;
      options.afterSlot?.(slot, record);
    }
    if (!(await moveTo(session.closeAt))) return stopped(true, slotsRun, start.failed);
    coordinator.advance();
    await manager.endDay();
    const end = coordinator.endDay();
    this.deps.onEvent?.({
      event: "day_end",
      date,
      closeAt: session.closeAt,
      slots: slotsRun,
      released: end.released,
    });
    return { session, status: "completed", isOpen: false, slotsRun, failedSymbols: start.failed };
  }

  /**
   * Closes a day that stopped early, at the session clock's now: tears down every scanner not torn
   * down yet (once), and ends the coordinator's day if the close has passed (before the close the
   * coordinator's day is left to the process's end: its bars are in memory only).
   */
  async stopDay(session: TradingSession): Promise<void> {
    const { clock, coordinator, manager } = this.deps;
    await manager.endDay();
    if (coordinator.currentSession?.date === session.date && clock.now() >= session.closeAt) {
      coordinator.endDay();
    }
  }

  /**
   * After a failure anywhere in the day (a store, the journal, a bug): tears down every scanner not
   * torn down yet, once (DESIGN §6: teardown runs even after errors). A teardown that cannot finish
   * is logged and does not hide the failure the caller is handling.
   */
  async abandonDay(logger: Logger): Promise<void> {
    try {
      await this.deps.manager.endDay();
    } catch (teardownError) {
      logger.error("teardown after the failure failed", {
        error: teardownError instanceof Error ? teardownError.message : String(teardownError),
      });
    }
  }
}
