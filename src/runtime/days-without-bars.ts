// The trading days on which a scanner had nothing to scan: not one symbol of its universe had a bar
// in the store that day (a mistyped store, a universe of symbols never imported, a backtest range
// past the data). A backtest of such days runs and journals empty scans; this finds them so that
// the run can say so loudly instead of looking like a quiet market.

import { BarPresence } from "../data/bar-presence.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

const MINUTE_MS = 60_000;

export interface ScannerUniverse {
  readonly name: string;
  readonly universe: readonly string[];
}

export interface DaysWithoutBars {
  readonly scanner: string;
  /** The days, in the order given. */
  readonly days: readonly string[];
}

/** The instants a trading day's bars start in, epoch ms, `toTime` excluded. */
export interface DayWindow {
  readonly fromTime: number;
  readonly toTime: number;
}

/**
 * Where the bars of the trading day `date` start: from its session's first instant (the pre-market,
 * or a futures session's evening open the day before) or the local midnight, whichever is earlier,
 * to its post-market end or the next local midnight, whichever is later. So a daily bar counts
 * whether it is stamped at the open or at midnight.
 */
export function tradingDayWindow(calendar: ExchangeCalendar, date: string): DayWindow {
  const session = calendar.requireSession(date);
  return {
    fromTime: Math.min(session.preMarketAt, calendar.wallTime(date, 0)),
    toTime: Math.max(session.postMarketAt, calendar.wallTime(date, 23 * 60 + 59) + MINUTE_MS),
  };
}

/** For each scanner (in the order given) that had such days: the days none of its symbols had a bar. */
export function findDaysWithoutBars(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  days: readonly string[],
  scanners: readonly ScannerUniverse[],
): DaysWithoutBars[] {
  const presence = new BarPresence(store);
  const windows = new Map(days.map((day) => [day, tradingDayWindow(calendar, day)]));
  const found: DaysWithoutBars[] = [];
  for (const scanner of scanners) {
    const empty = days.filter((day) => {
      const { fromTime, toTime } = windows.get(day) ?? tradingDayWindow(calendar, day);
      return !scanner.universe.some((symbol) => presence.between(symbol, fromTime, toTime));
    });
    if (empty.length > 0) found.push({ scanner: scanner.name, days: empty });
  }
  return found;
}
