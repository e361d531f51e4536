// Cached demo-market stores for the end-to-end workloads. Generating a large demo store takes
// longer than the benchmark it feeds (about 1.3 s per 1,000 symbols per day of 1m bars here), so a
// store is generated once into os.tmpdir()/scanwright-bench-stores/, keyed by every generation
// parameter (and a layout version), and reused by later bench runs. The generator is deterministic,
// so a cached store holds exactly what a fresh one would. A store is written under a temporary name
// and renamed when complete, so an interrupted generation never leaves a half store to be reused.
// Delete the folder to force regeneration.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BarStore } from "../../src/data/bar-store.js";
import { type DemoMarketReport, generateDemoMarket } from "../../src/data/demo-market.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";

export interface DemoStoreParams {
  readonly symbols: number;
  /** Trading days of 1m bars ending at `lastDay`. */
  readonly days: number;
  readonly historyDays: number;
  readonly seed: number;
  readonly lastDay: string;
}

export interface CachedDemoStore {
  readonly path: string;
  readonly report: DemoMarketReport;
  /** `true` when this call generated the store, `false` when it was reused from the cache. */
  readonly generated: boolean;
  /** Seconds spent generating (0 when reused). */
  readonly generationSeconds: number;
}

/** Bumped whenever the generator's output or the store layout changes, so stale caches are not reused (3: chunks in the clustered order). */
const CACHE_VERSION = 3;

export function cacheFolder(): string {
  return join(tmpdir(), "scanwright-bench-stores");
}

/** The store for `params`, generated on first use and reused afterwards. */
export function cachedDemoStore(params: DemoStoreParams): CachedDemoStore {
  const folder = cacheFolder();
  mkdirSync(folder, { recursive: true });
  const name = `demo-v${CACHE_VERSION}-${params.symbols}sym-${params.days}d-${params.historyDays}h-seed${params.seed}-${params.lastDay}`;
  const path = join(folder, `${name}.db`);
  const reportPath = join(folder, `${name}.json`);
  if (existsSync(path) && existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, "utf8")) as DemoMarketReport;
    return { path, report, generated: false, generationSeconds: 0 };
  }
  const partial = join(folder, `${name}.${process.pid}.partial.db`);
  rmSync(partial, { force: true });
  const started = performance.now();
  const store = BarStore.open(partial);
  let report: DemoMarketReport;
  try {
    report = generateDemoMarket(store, new ExchangeCalendar(), params);
  } finally {
    store.close();
  }
  const generationSeconds = (performance.now() - started) / 1000;
  // SQLite WAL side files belong to the partial name; close() checkpointed them into the main file.
  for (const suffix of ["-wal", "-shm"]) rmSync(`${partial}${suffix}`, { force: true });
  renameSync(partial, path);
  writeFileSync(reportPath, `${JSON.stringify(report)}\n`);
  return { path, report, generated: true, generationSeconds };
}

/** The last `count` trading days of the store's 1m bars, ending at its last day (a backtest's days). */
export function lastTradingDays(
  store: CachedDemoStore,
  count: number,
  calendar = new ExchangeCalendar(),
): string[] {
  return calendar.tradingDays(
    calendar.previousTradingDay(store.report.lastDay, count - 1),
    store.report.lastDay,
  );
}
