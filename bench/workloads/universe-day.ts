// Scan latency and memory at 10,000 symbols (universe-day-child.ts, in a fresh node --expose-gc
// process): a session of 10,000 demo symbols, each with 1m and derived 5m bars and SMA(20) 1d,
// RSI(14) 5m and VWAP 1m, replays one full trading day; then
//  - memory: resident set size after the day (after a full GC). Target < 600 MB.
//  - scan latency: 200 scans each reading the three indicator values of every symbol through the
//    bulk `getIndicatorValues` (one call per key for the universe) and returning the qualifying
//    ones; p50 and p99 wall ms. Targets p50 < 5 ms, p99 < 20 ms. The same scan through the
//    per-symbol `getIndicatorValue` (200 scans) and `getIndicator` (an object per read) is reported
//    beside it.
// Checks: every indicator ready; every scan returns the same count on all three read paths; every
// symbol's bulk values are exactly its per-symbol ones; sample symbols' three values equal
// indicators from `createIndicator` fed the store's bars directly.
// The store (4 days of 1m bars to 2024-10-31: 3 for the RSI warm-up and the replayed day; 60 days
// of daily history) is cached in os.tmpdir() (demo-store-cache.ts); its generation is excluded.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { aggregateBars } from "../../src/data/aggregate.js";
import { BarStore } from "../../src/data/bar-store.js";
import { createIndicator } from "../../src/indicators/create-indicator.js";
import type { Indicator } from "../../src/indicators/indicator.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { rsiWarmupSessions } from "./backtest-check.js";
import { cachedDemoStore } from "./demo-store-cache.js";
import type { UniverseDayRequest, UniverseDayResult } from "./universe-day-child.js";

const STORE = { symbols: 10_000, days: 4, historyDays: 60, seed: 7, lastDay: "2024-10-31" } as const;
const SCANS = 200;
/** getIndicator scans (about 100× slower, so fewer: they are a comparison, not a target). */
const OBJECT_SCANS = 10;
const TARGET_RSS_MB = 600;
const TARGET_P50_MS = 5;
const TARGET_P99_MS = 20;

const runFile = promisify(execFile);
const childPath = fileURLToPath(new URL("./universe-day-child.js", import.meta.url));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function sameNumber(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

function feed(
  indicator: Indicator,
  bars: ReturnType<BarStore["readBars"]>,
  until: number,
  duration: number,
): void {
  for (let i = 0; i < bars.length && bars.time[i] + duration <= until; i++) {
    indicator.update({
      time: bars.time[i],
      open: bars.open[i],
      high: bars.high[i],
      low: bars.low[i],
      close: bars.close[i],
      volume: bars.volume[i],
    });
  }
}

/** SMA, RSI and VWAP of `symbol` at the close of `date`, from the store's bars and fresh indicators. */
function valuesFromStore(
  store: BarStore,
  calendar: ExchangeCalendar,
  symbol: string,
  date: string,
): { sma: number | null; rsi: number | null; vwap: number | null } {
  const day = calendar.requireSession(date);
  const sma = createIndicator("sma", { period: 20 });
  // At the close today's daily bar (built by the session from 1m) has completed: the last 20
  // stored daily bars up to and including today's.
  feed(sma, store.readLastBars(symbol, "1d", day.closeAt, 20), Number.POSITIVE_INFINITY, 0);
  const warmupFrom = calendar.requireSession(calendar.previousTradingDay(date, rsiWarmupSessions())).openAt;
  const minutes = store.readBars(symbol, "1m", warmupFrom, day.closeAt);
  const rsi = createIndicator("rsi", { period: 14 });
  feed(rsi, aggregateBars(minutes, "1m", "5m", calendar), day.closeAt, 300_000);
  const vwap = createIndicator("vwap", {});
  feed(vwap, store.readBars(symbol, "1m", day.openAt, day.closeAt), day.closeAt, 60_000);
  const number = (indicator: Indicator) => (indicator.ready ? (indicator.value as number) : null);
  return { sma: number(sma), rsi: number(rsi), vwap: number(vwap) };
}

export const universeDayWorkload: BenchWorkload = {
  name: "universe-day",
  async run(): Promise<BenchResult> {
    const cached = cachedDemoStore(STORE);
    const request: UniverseDayRequest = {
      storePath: cached.path,
      symbols: cached.report.symbols,
      date: cached.report.lastDay,
      scans: SCANS,
      objectScans: OBJECT_SCANS,
    };
    const { stdout } = await runFile(process.execPath, ["--expose-gc", childPath, JSON.stringify(request)], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const result = JSON.parse(stdout) as UniverseDayResult;

    const calendar = new ExchangeCalendar();
    const store = BarStore.open(cached.path);
    let samplesMatch = true;
    try {
      for (const sample of result.samples) {
        const expected = valuesFromStore(store, calendar, sample.symbol, request.date);
        samplesMatch &&=
          sameNumber(sample.sma, expected.sma) &&
          sameNumber(sample.rsi, expected.rsi) &&
          sameNumber(sample.vwap, expected.vwap);
      }
    } finally {
      store.close();
    }
    const hits = result.hits[0];
    return {
      name: "universe-day",
      params: {
        symbols: STORE.symbols,
        date: request.date,
        perSymbol: "1m and derived 5m bars; sma 20 1d, rsi 14 5m, vwap 1m (session_data)",
        store: `demo market, seed ${STORE.seed}: ${STORE.days} days of 1m bars to ${STORE.lastDay}, ${STORE.historyDays} days of daily history`,
        storeCache: cached.generated
          ? `generated in ${cached.generationSeconds.toFixed(1)} s into ${cached.path} (excluded; reused by later runs)`
          : `reused from ${cached.path} (generation excluded)`,
        scan: `rsi_14_5m < 50 and vwap_1m > sma_20_1d over ${STORE.symbols} symbols: 3 getIndicatorValues calls (one per key, the whole universe) per scan, ${SCANS} scans at the close (and ${SCANS} through 3 getIndicatorValue reads per symbol, ${OBJECT_SCANS} through getIndicator)`,
        memory: "process RSS after the day's replay, after a full GC (node --expose-gc, fresh process)",
      },
      metrics: {
        rssMegabytes: Math.round(result.rssBytes / 2 ** 20),
        heapUsedMegabytes: Math.round(result.heapUsedBytes / 2 ** 20),
        arrayBuffersMegabytes: Math.round(result.arrayBuffersBytes / 2 ** 20),
        provisionSeconds: Number(result.provisionSeconds.toFixed(3)),
        replaySeconds: Number(result.replaySeconds.toFixed(3)),
        replayBarsPerSecond: Math.round((STORE.symbols * 390) / result.replaySeconds),
        scanP50Ms: Number(percentile(result.scanMs, 50).toFixed(3)),
        scanP99Ms: Number(percentile(result.scanMs, 99).toFixed(3)),
        getIndicatorValueScanP50Ms: Number(percentile(result.valueScanMs, 50).toFixed(3)),
        getIndicatorValueScanP99Ms: Number(percentile(result.valueScanMs, 99).toFixed(3)),
        getIndicatorScanP50Ms: Number(percentile(result.objectScanMs, 50).toFixed(3)),
        getIndicatorScanP99Ms: Number(percentile(result.objectScanMs, 99).toFixed(3)),
        hitsPerScan: hits,
      },
      targets: [
        { metric: "rssMegabytes", kind: "max", value: TARGET_RSS_MB },
        { metric: "scanP50Ms", kind: "max", value: TARGET_P50_MS },
        { metric: "scanP99Ms", kind: "max", value: TARGET_P99_MS },
      ],
      checks: {
        "every symbol's three indicators are ready at the close": result.allReady,
        [`every scan returns the same hits (${hits}) through getIndicatorValues, getIndicatorValue and getIndicator`]:
          [result.hits, result.valueHits, result.objectHits].every((counts) =>
            counts.every((count) => count === hits),
          ),
        "every symbol's getIndicatorValues entries are exactly its getIndicatorValue reads":
          result.bulkEqualsPerSymbol,
        [`${result.samples.length} sample symbols: sma, rsi, vwap = createIndicator fed the store's bars`]:
          samplesMatch && result.samples.length > 0,
      },
    };
  },
};
