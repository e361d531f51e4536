// Which symbols the store holds bars of on given New York dates: a bar of any stored interval up to
// a day (`1m`, `5m`, `1d`; a weekly bar does not tell which days traded) starting on that date.
// What a backtest checks to say that a scanner had nothing to scan on a day, and what `validate`
// checks over a backtest's dates. Each answer is a few index probes (BarStore.hasBars).

import { CalendarError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { newYorkWallTime, parseDateKey } from "../core/new-york-time.js";
import type { BarStore, SeriesInfo } from "./bar-store.js";

const MINUTE_MS = 60_000;

/** New York midnight starting `date` (`YYYY-MM-DD`). */
export function startOfNewYorkDate(date: string): number {
  return newYorkWallTime(requireDateKey(date), 0, 0);
}

/** New York midnight ending `date` (the next date's start; a DST change is never at midnight). */
export function endOfNewYorkDate(date: string): number {
  return newYorkWallTime(requireDateKey(date), 23, 59) + MINUTE_MS;
}

/** Answers "does the store hold bars of this symbol then?", listing each symbol's series once. */
export class BarPresence {
  private readonly seriesBySymbol = new Map<string, readonly SeriesInfo[]>();

  constructor(private readonly store: BarStore) {}

  /** Whether a bar of `symbol` (in an interval up to a day) has fromTime <= time < toTime. */
  between(symbol: string, fromTime: number, toTime: number): boolean {
    return this.seriesOf(symbol).some(
      (series) =>
        series.firstTime < toTime &&
        series.lastTime >= fromTime &&
        this.store.hasBars(symbol, series.interval, fromTime, toTime),
    );
  }

  /** Whether a bar of `symbol` starts on one of the New York dates `first` … `last` (both included). */
  onDates(symbol: string, first: string, last: string): boolean {
    return this.between(symbol, startOfNewYorkDate(first), endOfNewYorkDate(last));
  }

  private seriesOf(symbol: string): readonly SeriesInfo[] {
    let series = this.seriesBySymbol.get(symbol);
    if (series === undefined) {
      series = this.store.symbolSeries(symbol).filter((info) => parseInterval(info.interval).unit !== "w");
      this.seriesBySymbol.set(symbol, series);
    }
    return series;
  }
}

function requireDateKey(date: string): number {
  const key = parseDateKey(date);
  if (key === undefined) throw new CalendarError(`"${date}" is not a date (expected YYYY-MM-DD)`);
  return key;
}
