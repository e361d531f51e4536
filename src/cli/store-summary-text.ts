// The text overview of a bar store that `demo` and `store info` print: one line per interval with
// its symbols, bars and the trading dates (on the exchange given) of its first and last bar, and
// per symbol on request. The header names the exchange and its zone.

import { SeriesInfo } from "../data/bar-store.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import { summarizeStore } from "../data/store-summary.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

export function formatStoreSummary(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  storePath: string,
): string {
  const rows = summarizeStore(store);
  if (rows.length === 0) return `Store ${storePath} is empty.\n`;
  const lines = [`Store ${storePath}, trading dates of ${calendar.exchange} (${calendar.timeZone}):`];
  for (const row of rows) {
    lines.push(
      `  ${row.interval.padEnd(4)} ${counted(row.symbols, 6, "symbol")} ${counted(row.bars, 12, "bar")}  ` +
        `${tradingDate(calendar, row.firstTime)} → ${tradingDate(calendar, row.lastTime)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** One line per series: `  SPY    1m        828 bars  2013-10-07 → 2013-10-07`. */
export function formatSeriesLines(series: readonly SeriesInfo[], calendar: ExchangeCalendar): string {
  const width = Math.max(6, ...series.map((info) => info.symbol.length));
  return series
    .map(
      (info) =>
        `  ${info.symbol.padEnd(width)} ${info.interval.padEnd(4)} ${counted(info.count, 12, "bar")}  ` +
        `${tradingDate(calendar, info.firstTime)} → ${tradingDate(calendar, info.lastTime)}\n`,
    )
    .join("");
}

/** `1,234 bars` with the number right-aligned in `width`; `1 bar ` keeps the columns after it aligned. */
function counted(value: number, width: number, noun: string): string {
  return `${value.toLocaleString("en-US").padStart(width)} ${value === 1 ? `${noun} ` : `${noun}s`}`;
}

/**
 * The trading date a bar starting at `time` belongs to: its session's (a futures daily bar keyed at
 * Sunday's 17:00 open is Monday's), else the exchange's local date.
 */
export function tradingDate(calendar: ExchangeCalendar, time: number): string {
  return calendar.sessionAt(time)?.date ?? calendar.dateOf(time);
}
