// A bar store in a temp folder holding a few hand-placed bars: which symbols have bars on which
// days is all a store-existence or data-coverage test needs.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { barsToColumns } from "../../src/core/bar-columns.js";
import { newYorkWallTime, parseDateKey } from "../../src/core/new-york-time.js";
import { BarStore } from "../../src/data/bar-store.js";

export interface SmallStore {
  /** The temp folder (configs written there resolve `store: bars.db`). */
  readonly dir: string;
  readonly path: string;
  dispose(): void;
}

/** New York wall time `HH:MM` on `date`, epoch ms. */
export function newYorkAt(date: string, time: string): number {
  const [hour, minute] = time.split(":").map(Number);
  const key = parseDateKey(date);
  if (key === undefined) throw new Error(`not a date: ${date}`);
  return newYorkWallTime(key, hour, minute);
}

/**
 * A store at `bars.db` in a new temp folder with, for each `[symbol, interval, date, time]`, one
 * bar starting then (10 → 11, volume 100).
 */
export function buildSmallStore(
  bars: ReadonlyArray<readonly [symbol: string, interval: string, date: string, time: string]>,
): SmallStore {
  const dir = mkdtempSync(join(tmpdir(), "scanwright-small-store-"));
  const path = join(dir, "bars.db");
  const store = BarStore.open(path);
  try {
    const series = new Map<string, number[]>();
    for (const [symbol, interval, date, time] of bars) {
      const key = `${symbol} ${interval}`;
      series.set(key, [...(series.get(key) ?? []), newYorkAt(date, time)]);
    }
    for (const [key, times] of series) {
      const [symbol, interval] = key.split(" ");
      const columns = barsToColumns(
        times
          .sort((a, b) => a - b)
          .map((time) => ({ time, open: 10, high: 11, low: 10, close: 11, volume: 100 })),
      );
      store.insertBars(symbol, interval, columns);
    }
  } finally {
    store.close();
  }
  return { dir, path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
