// A warm HA standby: the session the leader runs, provisioned and kept current while this process
// stands by, so a takeover does not start cold. It moves the session clock as the leader's does
// (pre-market: the day's provisioning, the scanners' universes with their declared indicators and
// the indicators' warm-up; then every bar that ended, into
// the indicators; the close: the day ended, its symbols carried over) with no scanner: no hook runs,
// nothing is journaled or alerted. At takeover the daemon runs the same session from where the
// standby left it (runDaemon's `warmDay`); the scanners start at the takeover instant (setup there,
// as after any restart).
//
// How far it goes: never past the instant a new leader would start at. On a paced replay that is
// 1 ms after the group's last journaled slot (a replay restarts there and loses nothing), read from
// the journal; on the live timeline it is the timeline's now (a restart starts now). So at takeover
// the session clock stands at or before the instant runDaemon starts at, and the moves in between
// are the ones a leader running all along would have made.

import { SessionError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import type { DayStart } from "../session/session-coordinator.js";
import type { Clock } from "../time/clock.js";
import type { Session } from "./create-session.js";
import { findDaemonResume, type ReplaySpec } from "./daemon-start.js";
import { tradingDayAt } from "./live-daemon.js";
import { waitOn } from "./timeline-wait.js";

export interface WarmStandbyOptions {
  /** The timeline the group's daemons follow (the same one the daemon runs on once it leads). */
  readonly timeline: Clock;
  readonly replay: ReplaySpec | undefined;
  readonly lastDay: string | undefined;
  /** The scanners' specs: their universes' declared indicators are provisioned as the daemon's day start does. */
  readonly scanners: readonly Pick<ScannerSpec, "name" | "universe" | "indicators">[];
  /** The group's journal, read only here (the leader's progress on a replay). */
  readonly journal: ScanJournal;
  /** The real clock the standby polls on. */
  readonly wall: Clock;
  /** How often the standby catches up, in real ms (default 500). */
  readonly pollMs?: number;
  readonly logger: Logger;
}

const DEFAULT_POLL_MS = 500;

export class WarmStandby {
  private open: DayStart | undefined;

  constructor(
    private readonly session: Session,
    private readonly options: WarmStandbyOptions,
  ) {
    if (session.clock.control?.kind !== "manual") {
      throw new SessionError(
        "A warm standby moves the session clock itself: create the session with a SimulatedClock",
      );
    }
  }

  /** The day the standby provisioned and left open (what runDaemon takes as `warmDay`). */
  get openDay(): DayStart | undefined {
    return this.open;
  }

  /** Follows the group until `signal` aborts (the lease acquired, or a stop): catches up every `pollMs`. */
  async follow(signal: AbortSignal): Promise<void> {
    const { wall } = this.options;
    const pollMs = this.options.pollMs ?? DEFAULT_POLL_MS;
    while (!signal.aborted) {
      await this.catchUp();
      if (!(await waitOn(wall, wall.now() + pollMs, signal))) return;
    }
  }

  /** Moves the session to where a leader starting now would start (never back). */
  async catchUp(): Promise<void> {
    await this.moveTo(this.target());
  }

  /** The furthest instant the session may stand at now: see the file's head. */
  private target(): number {
    const { timeline, replay, journal, lastDay } = this.options;
    const now = timeline.now();
    if (replay === undefined) return now;
    const { resumePoint } = findDaemonResume({
      journal,
      calendar: this.session.calendar,
      config: this.session.config,
      now,
      replay,
      lastDay,
    });
    const lastAt = resumePoint?.lastAt;
    return lastAt === undefined ? this.session.clock.now() : Math.min(now, lastAt + 1);
  }

  /**
   * The declared indicators of every scanner's universe, under the scanner's name as requester, as
   * ScannerManager.provisionUniverse does at the day's start: at takeover the manager asks for the
   * same keys and shares these warm instances. A symbol that fails here is left to the takeover,
   * where the manager provisions it again and reports it; returns how many failed.
   */
  private async provisionUniverses(): Promise<number> {
    const { sessionData } = this.session;
    let dropped = 0;
    for (const spec of this.options.scanners) {
      for (const symbol of spec.universe) {
        try {
          for (const request of spec.indicators) {
            await sessionData.addIndicator(symbol, request.type, request, spec.name);
          }
        } catch (error) {
          dropped++;
          this.options.logger.debug("HA standby: universe symbol not provisioned (tried again at takeover)", {
            scanner: spec.name,
            symbol,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    return dropped;
  }

  /**
   * Brings the session clock to `at` as the daemon's day sequence does, without scanners: a day is
   * started at its pre-market (or where the standby first stands, when later), its bars applied as
   * they end, and ended at its close; no day after `lastDay` is started.
   */
  private async moveTo(at: number): Promise<void> {
    const { clock, coordinator, calendar, feed } = this.session;
    const control = clock.control;
    if (control?.kind !== "manual") return;
    const advanceTo = async (instant: number): Promise<void> => {
      if (instant <= clock.now()) return;
      // A live vendor feed first fetches what it missed, as the leader's moves do (timeline-wait.ts).
      if (feed.prepare) await feed.prepare(instant);
      control.advanceTo(instant);
    };
    for (;;) {
      const day = this.open;
      if (day !== undefined) {
        const { closeAt } = calendar.requireSession(day.date);
        if (at < closeAt) {
          await advanceTo(at);
          coordinator.advance();
          return;
        }
        await advanceTo(closeAt);
        coordinator.endDay();
        this.open = undefined;
        continue;
      }
      const date = tradingDayAt(calendar, clock.now());
      const { lastDay } = this.options;
      if (lastDay !== undefined && date > lastDay) return;
      const { preMarketAt } = calendar.requireSession(date);
      if (at < preMarketAt) {
        await advanceTo(at);
        return;
      }
      await advanceTo(preMarketAt);
      await coordinator.prepareDay();
      this.open = coordinator.startDay(date);
      const dropped = await this.provisionUniverses();
      this.options.logger.info("HA standby: session provisioned", {
        date,
        symbols: this.open.symbols.length,
        failed: this.open.failed.length,
        universeDropped: dropped,
      });
    }
  }
}
