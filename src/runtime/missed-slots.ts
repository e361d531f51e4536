// The slots a (re)started daemon passes over: those its previous runs journaled already, and those
// whose time passed while no daemon ran, which it journals `missed` (never silently dropped: the
// journal holds every slot of a day exactly once).

import type { Logger } from "../core/logger.js";
import type { JournalRecord, RunRef } from "../scanners/journal-types.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import { type ScanSlot, scanSlots } from "../scanners/scheduler.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import { journaledSlotKeys, type ResumePoint, slotKey } from "./daemon-resume.js";
import type { RunEventSink } from "./run-events.js";

export const MISSED_ERROR = "the slot passed while no daemon was running";

export interface MissedSlotsInput {
  readonly journal: ScanJournal;
  readonly calendar: ExchangeCalendar;
  readonly run: RunRef;
  /** The runs whose rows count as journaled (the chain the daemon continues). */
  readonly journaledRuns: readonly number[];
  readonly scanners: readonly ScannerSpec[];
  /** Where the previous daemon stopped, if there was one. */
  readonly resumePoint: ResumePoint | undefined;
  /** The instant this daemon starts at, and the trading day it is in. */
  readonly startAt: number;
  readonly startDate: string;
  /** A replay loses no time: a slot at the very instant the previous process stopped at still runs. */
  readonly isReplay: boolean;
  readonly logger: Logger;
  readonly onEvent?: RunEventSink;
}

export interface PassedOver {
  /** Per trading day, the `slotKey`s the daemon must not run (journaled, or missed just now). */
  readonly byDate: ReadonlyMap<string, ReadonlySet<string>>;
  /** Slots journaled `missed`. */
  readonly missed: number;
}

/**
 * Journals `missed` every slot before `startAt` on the days from the previous daemon's last day to
 * `startDate` that no run of the chain journaled, and flushes; returns what to pass over per day.
 */
export function journalMissedSlots(input: MissedSlotsInput): PassedOver {
  const { journal, calendar, run, resumePoint, startAt, startDate, logger } = input;
  const from =
    resumePoint?.lastDate !== undefined && resumePoint.lastDate < startDate
      ? resumePoint.lastDate
      : startDate;
  const byDate = new Map<string, Set<string>>();
  let missed = 0;
  for (const day of calendar.tradingDays(from, startDate)) {
    const done = journaledSlotKeys(journal, input.journaledRuns, day);
    const late = scanSlots(calendar, input.scanners, day).filter(
      (slot) =>
        slot.at < startAt &&
        !done.has(slotKey(slot.scanner, slot.kind, slot.at)) &&
        // The previous process died or stopped between two scanners' slots of one instant: in a
        // replay that slot still runs, 1 ms late.
        !(input.isReplay && slot.at === resumePoint?.lastAt),
    );
    for (const slot of late) {
      journal.record(run, missedRecord(day, slot));
      done.add(slotKey(slot.scanner, slot.kind, slot.at));
      input.onEvent?.({
        event: "missed",
        scanner: slot.scanner,
        kind: slot.kind,
        sessionDate: day,
        scheduledAt: slot.at,
      });
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
    byDate.set(day, done);
  }
  journal.flush();
  return { byDate, missed };
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
