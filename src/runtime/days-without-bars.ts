// The trading days on which a scanner had nothing to scan: not one symbol of its universe had a bar
// in the store that day (a mistyped store, a universe of symbols never imported, a backtest range
// past the data). A backtest of such days runs and journals empty scans; this finds them so that
// the run can say so loudly instead of looking like a quiet market.

import { BarPresence } from "../data/bar-presence.js";
import type { BarStore } from "../data/bar-store.js";

export interface ScannerUniverse {
  readonly name: string;
  readonly universe: readonly string[];
}

export interface DaysWithoutBars {
  readonly scanner: string;
  /** The days, in the order given. */
  readonly days: readonly string[];
}

/** For each scanner (in the order given) that had such days: the days none of its symbols had a bar. */
export function findDaysWithoutBars(
  store: BarStore,
  days: readonly string[],
  scanners: readonly ScannerUniverse[],
): DaysWithoutBars[] {
  const presence = new BarPresence(store);
  const found: DaysWithoutBars[] = [];
  for (const scanner of scanners) {
    const empty = days.filter(
      (day) => !scanner.universe.some((symbol) => presence.onDates(symbol, day, day)),
    );
    if (empty.length > 0) found.push({ scanner: scanner.name, days: empty });
  }
  return found;
}
