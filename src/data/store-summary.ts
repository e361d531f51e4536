// A per-interval overview of what a bar store holds: how many symbols, how many bars, which span.

import type { BarStorePort } from "./bar-store-port.js";

export interface IntervalSummary {
  readonly interval: string;
  readonly symbols: number;
  readonly bars: number;
  readonly firstTime: number;
  readonly lastTime: number;
}

export function summarizeStore(store: BarStorePort): IntervalSummary[] {
  const byInterval = new Map<
    string,
    { symbols: number; bars: number; firstTime: number; lastTime: number }
  >();
  for (const series of store.listSeries()) {
    const entry = byInterval.get(series.interval);
    if (!entry) {
      byInterval.set(series.interval, {
        symbols: 1,
        bars: series.count,
        firstTime: series.firstTime,
        lastTime: series.lastTime,
      });
      continue;
    }
    entry.symbols += 1;
    entry.bars += series.count;
    entry.firstTime = Math.min(entry.firstTime, series.firstTime);
    entry.lastTime = Math.max(entry.lastTime, series.lastTime);
  }
  return [...byInterval.entries()]
    .map(([interval, entry]) => ({ interval, ...entry }))
    .sort((a, b) => a.interval.localeCompare(b.interval));
}
