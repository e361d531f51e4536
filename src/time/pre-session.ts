// When a scanner's pre-session scan may run on each exchange: the time before the regular open in
// which no regular bar has formed yet. Where the exchange has a pre-market (the NYSE: 04:00), it is
// the pre-market; where it has none, it is the four hours before the open, never reaching back into
// the previous regular session (CME futures: the daily halt, 16:00–17:00 Chicago). A market with no
// time between its sessions (24/7) has no pre-session.
//
// `pre_session: true` means the open minus 30 minutes on every exchange (09:00 on the NYSE, 07:30
// in London, 08:30 in Tokyo, 16:30 Chicago the evening before on CME futures).

import { formatSessionTime, type SessionTime, type SessionZone } from "./session-time.js";
import type { TradingSession } from "./trading-session.js";

export const DEFAULT_PRE_SESSION_TIME = "open-30m";
/** How far before the open a pre-session reaches on an exchange without a pre-market. */
export const PRE_SESSION_WITHOUT_PRE_MARKET_MINUTES = 240;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A regular day in local minutes (see regular-day.ts), with its pre-market start when it has one. */
export interface PreSessionDay {
  readonly open: number;
  readonly close: number;
  readonly preMarket?: number;
}

/** [start, end) of the pre-session on a regular day, in local minutes; `undefined` on 24/7 markets. */
export function preSessionMinutes(day: PreSessionDay): { start: number; end: number } | undefined {
  const start =
    day.preMarket !== undefined && day.preMarket < day.open
      ? day.preMarket
      : Math.max(day.open - PRE_SESSION_WITHOUT_PRE_MARKET_MINUTES, day.close - 1440);
  return start < day.open ? { start, end: day.open } : undefined;
}

/** The pre-session's start on one session: the pre-market start, else the open minus four hours. */
export function preSessionStartAt(session: TradingSession): number {
  return session.preMarketAt < session.openAt
    ? session.preMarketAt
    : session.openAt - PRE_SESSION_WITHOUT_PRE_MARKET_MINUTES * MINUTE_MS;
}

/**
 * The instant of a pre-session time on one session: `open-Nm` from the open, a clock time the
 * first at or after the pre-session's start. `undefined` when it does not fall in [start, open).
 */
export function preSessionInstant(
  time: SessionTime,
  session: TradingSession,
  zone: SessionZone,
): number | undefined {
  const startAt = preSessionStartAt(session);
  let at: number;
  if (time.anchor === "clock") {
    at = zone.wallTime(zone.dateOf(startAt), time.minutes);
    if (at < startAt) at = zone.wallTime(zone.dateOf(at + DAY_MS), time.minutes);
  } else if (time.anchor === "open") {
    at = session.openAt + time.offsetMinutes * MINUTE_MS;
  } else {
    return undefined;
  }
  return at >= startAt && at < session.openAt ? at : undefined;
}

/** `04:00–09:30` of a window in local minutes (a negative minute is the evening before). */
export function formatMinuteWindow(window: { start: number; end: number }): string {
  const text = (minutes: number) => {
    const clock = formatSessionTime({ anchor: "clock", minutes: (minutes + 1440) % 1440 });
    return minutes < 0 ? `${clock} (day before)` : clock;
  };
  return `${text(window.start)}–${text(window.end)}`;
}
