// The calendar-aware scan scheduler: the exact slots of every scanner on a trading day, computed
// up front from the exchange calendar and each scanner's timing — a pure function of the calendar
// and the dates, apart from any timer loop. Whoever runs the day (backtest or live) fires each slot
// once, at the first clock tick at or after it, instead of re-arming "now + interval" (the seed's
// drift). Every slot of a day lies in [pre-market start, close]; non-trading days have none.
//
// Per scanner: an optional pre-session slot, the grids of its regular windows and its cron times
// (rules in schedule-session-times.ts and schedule-cron.ts). Two sources at the same instant give
// one slot whose kind is the first of pre_session, regular, cron. Slots are sorted by time, then
// by the scanner's position in `timings`.

import { ScheduleError } from "../core/errors.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { SessionTime } from "../time/session-time.js";
import type { TradingSession } from "../time/trading-session.js";
import type { ScannerTiming } from "./scanner-spec.js";
import { checkCronExpression, cronSlotTimes } from "./schedule-cron.js";
import {
  compileWindow,
  preSessionSlotTime,
  type ScheduleWindow,
  windowSlotTimes,
} from "./schedule-session-times.js";
import { type ScanSlot, type ScanSlotKind, SLOT_KIND_RANK } from "./schedule-slot.js";

export type { ScanSlot, ScanSlotKind } from "./schedule-slot.js";

/** What the scheduler needs of the exchange calendar. */
export type ScheduleCalendar = Pick<
  ExchangeCalendar,
  "session" | "tradingDays" | "timeZone" | "wallTime" | "dateOf" | "sessionAt"
>;

/** A scanner's timing with its intervals parsed and its cron checked, reused for every day. */
interface CompiledTiming {
  readonly name: string;
  readonly preSession: SessionTime | undefined;
  readonly windows: readonly ScheduleWindow[];
  readonly cron: string | undefined;
}

/**
 * The slots of every scanner on `date`, sorted by time and then by the scanner's order in
 * `timings`; `[]` when the exchange does not trade that day. A bad date is a CalendarError; a bad
 * interval or cron expression, or two scanners with one name, a ScheduleError (on any date).
 */
export function scanSlots(
  calendar: ScheduleCalendar,
  timings: readonly ScannerTiming[],
  date: string,
): ScanSlot[] {
  const compiled = compileTimings(timings, calendar.timeZone);
  const session = calendar.session(date);
  return session === undefined ? [] : sessionSlots(compiled, session, calendar);
}

/** `scanSlots` of every trading day from `from` through `to` (both included), concatenated in date order. */
export function scanSlotsBetween(
  calendar: ScheduleCalendar,
  timings: readonly ScannerTiming[],
  from: string,
  to: string,
): ScanSlot[] {
  const compiled = compileTimings(timings, calendar.timeZone);
  const slots: ScanSlot[] = [];
  for (const date of calendar.tradingDays(from, to)) {
    const session = calendar.session(date);
    if (session !== undefined) slots.push(...sessionSlots(compiled, session, calendar));
  }
  return slots;
}

function compileTimings(timings: readonly ScannerTiming[], timeZone: string): CompiledTiming[] {
  const names = new Set<string>();
  return timings.map((timing) => {
    if (names.has(timing.name)) {
      throw new ScheduleError(
        `two scanners are named "${timing.name}"; slots are identified by scanner name`,
      );
    }
    names.add(timing.name);
    if (timing.cron !== undefined) checkCronExpression(timing.cron, timing.name, timeZone);
    return {
      name: timing.name,
      preSession: timing.pre_session,
      windows: timing.regular_session.map((window, index) => compileWindow(window, timing.name, index)),
      cron: timing.cron,
    };
  });
}

function sessionSlots(
  compiled: readonly CompiledTiming[],
  session: TradingSession,
  calendar: ScheduleCalendar,
): ScanSlot[] {
  // On a continuous market (24/7) the close is the next session's start: a slot there is the next
  // session's, not this one's, so no instant is scheduled twice.
  const closeIsNextStart = calendar.sessionAt(session.closeAt)?.preMarketAt === session.closeAt;
  const ranked: { slot: ScanSlot; order: number }[] = [];
  compiled.forEach((timing, order) => {
    for (const [at, kind] of scannerSlotKinds(timing, session, calendar)) {
      if (closeIsNextStart && at >= session.closeAt) continue;
      ranked.push({ slot: { scanner: timing.name, at, kind }, order });
    }
  });
  ranked.sort((a, b) => a.slot.at - b.slot.at || a.order - b.order);
  return ranked.map((entry) => entry.slot);
}

/** One scanner's slot instants on a session, each with the highest-ranked kind that asked for it. */
function scannerSlotKinds(
  timing: CompiledTiming,
  session: TradingSession,
  calendar: ScheduleCalendar,
): Map<number, ScanSlotKind> {
  const kinds = new Map<number, ScanSlotKind>();
  const offer = (at: number, kind: ScanSlotKind) => {
    const held = kinds.get(at);
    if (held === undefined || SLOT_KIND_RANK[kind] < SLOT_KIND_RANK[held]) kinds.set(at, kind);
  };
  if (timing.preSession !== undefined) {
    const at = preSessionSlotTime(timing.preSession, session, calendar);
    if (at !== undefined) offer(at, "pre_session");
  }
  for (const window of timing.windows) {
    for (const at of windowSlotTimes(window, session, calendar)) offer(at, "regular");
  }
  if (timing.cron !== undefined) {
    for (const at of cronSlotTimes(timing.cron, timing.name, session, calendar.timeZone)) offer(at, "cron");
  }
  return kinds;
}
