// One run of the universe-day benchmark, in a process of its own started with --expose-gc (a fresh
// heap, so resident memory is this session's alone): a session of N demo symbols, each streaming 1m
// (and the derived 5m) with SMA(20) 1d, RSI(14) 5m and VWAP 1m as session_data indicators, replays
// one full trading day (pre-market provisioning, then every bar to the close). Then:
//  - memory: RSS, heap and array buffers after the day, after a full GC;
//  - scan latency: SCANS scans that read the three indicator values of every symbol through the
//    bulk read `getIndicatorValues` (one call per key for the whole universe) and return the
//    qualifying ones (RSI below 50 and VWAP above the SMA); the same scan through the per-symbol
//    `getIndicatorValue` and through `getIndicator` (object per read) is timed too, for comparison.
// Prints a UniverseDayResult as JSON. Also usable directly for profiling:
//   node --expose-gc --cpu-prof .bench-build/bench/workloads/universe-day-child.js '<request JSON>'

import "reflect-metadata";
import { createSession } from "../../src/runtime/create-session.js";
import type { SessionData } from "../../src/session/session-data.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";

export interface UniverseDayRequest {
  readonly storePath: string;
  readonly symbols: readonly string[];
  readonly date: string;
  /** Scans through `getIndicatorValues` (the figure), and as many through `getIndicatorValue`. */
  readonly scans: number;
  /** Scans through `getIndicator`, for comparison. */
  readonly objectScans: number;
}

export interface UniverseDayResult {
  readonly provisionSeconds: number;
  readonly replaySeconds: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly arrayBuffersBytes: number;
  /** Wall ms of each `getIndicatorValues` (bulk) scan. */
  readonly scanMs: readonly number[];
  /** Wall ms of each `getIndicatorValue` (per-symbol) scan. */
  readonly valueScanMs: readonly number[];
  /** Wall ms of each `getIndicator` scan. */
  readonly objectScanMs: readonly number[];
  /** Qualifying symbols of each scan, per read path. */
  readonly hits: readonly number[];
  readonly valueHits: readonly number[];
  readonly objectHits: readonly number[];
  readonly allReady: boolean;
  /** Every symbol's three bulk values are exactly its three `getIndicatorValue`s. */
  readonly bulkEqualsPerSymbol: boolean;
  /** A few symbols' values at the close, for the parent's check against the store. */
  readonly samples: ReadonlyArray<{
    readonly symbol: string;
    readonly sma: number | null;
    readonly rsi: number | null;
    readonly vwap: number | null;
  }>;
}

const SMA = "sma_20_1d";
const RSI = "rsi_14_5m";
const VWAP = "vwap_1m";
const MAX_RSI = 50;
const SAMPLE_EVERY = 997;

/** The scan: one bulk read per indicator for the whole universe, then a pass over three arrays. */
function scanByValues(sessionData: SessionData, universe: readonly string[]): string[] {
  const rsi = sessionData.getIndicatorValues(RSI, universe);
  const sma = sessionData.getIndicatorValues(SMA, universe);
  const vwap = sessionData.getIndicatorValues(VWAP, universe);
  const hits: string[] = [];
  // NaN (no value) fails every comparison, so a symbol without all three values never qualifies.
  for (let i = 0; i < universe.length; i++) {
    if (rsi[i] < MAX_RSI && vwap[i] > sma[i]) hits.push(universe[i]);
  }
  return hits;
}

/** The same scan through three per-symbol number reads per symbol. */
function scanByValue(sessionData: SessionData, universe: readonly string[]): string[] {
  const hits: string[] = [];
  for (let i = 0; i < universe.length; i++) {
    const symbol = universe[i];
    const rsi = sessionData.getIndicatorValue(symbol, RSI);
    if (rsi === null || rsi >= MAX_RSI) continue;
    const sma = sessionData.getIndicatorValue(symbol, SMA);
    const vwap = sessionData.getIndicatorValue(symbol, VWAP);
    if (sma !== null && vwap !== null && vwap > sma) hits.push(symbol);
  }
  return hits;
}

/** The same scan through `getIndicator` (a result object per read). */
function scanByObject(sessionData: SessionData, universe: readonly string[]): string[] {
  const hits: string[] = [];
  for (let i = 0; i < universe.length; i++) {
    const symbol = universe[i];
    const rsi = sessionData.getIndicator(symbol, RSI);
    const sma = sessionData.getIndicator(symbol, SMA);
    const vwap = sessionData.getIndicator(symbol, VWAP);
    if (!rsi?.ready || !sma?.ready || !vwap?.ready) continue;
    if ((rsi.value as number) < MAX_RSI && (vwap.value as number) > (sma.value as number)) hits.push(symbol);
  }
  return hits;
}

function collectGarbage(): void {
  const collect = globalThis.gc;
  if (!collect) throw new Error("universe-day-child needs node --expose-gc");
  collect();
  collect();
}

export async function runUniverseDay(request: UniverseDayRequest): Promise<UniverseDayResult> {
  const calendar = new ExchangeCalendar();
  const day = calendar.requireSession(request.date);
  const clock = new SimulatedClock(day.preMarketAt);
  const session = createSession(
    {
      name: "bench-universe-day",
      backtest: { start: request.date, end: request.date },
      store: request.storePath,
      session_data: {
        symbols: [...request.symbols],
        streams: ["1m", "5m"],
        indicators: [
          { type: "sma", period: 20, interval: "1d" },
          { type: "rsi", period: 14, interval: "5m" },
          { type: "vwap", interval: "1m" },
        ],
      },
    },
    { clock, calendar },
  );
  try {
    const { coordinator, sessionData } = session;
    let started = performance.now();
    coordinator.startDay(request.date);
    const provisionSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    clock.advanceTo(day.closeAt);
    coordinator.advance();
    const replaySeconds = (performance.now() - started) / 1000;

    collectGarbage();
    const memory = process.memoryUsage();
    const universe = request.symbols;
    const scanMs: number[] = [];
    const valueScanMs: number[] = [];
    const objectScanMs: number[] = [];
    const hits: number[] = [];
    const valueHits: number[] = [];
    const objectHits: number[] = [];
    for (let scan = 0; scan < request.scans; scan++) {
      const at = performance.now();
      hits.push(scanByValues(sessionData, universe).length);
      scanMs.push(performance.now() - at);
    }
    for (let scan = 0; scan < request.scans; scan++) {
      const at = performance.now();
      valueHits.push(scanByValue(sessionData, universe).length);
      valueScanMs.push(performance.now() - at);
    }
    for (let scan = 0; scan < request.objectScans; scan++) {
      const at = performance.now();
      objectHits.push(scanByObject(sessionData, universe).length);
      objectScanMs.push(performance.now() - at);
    }
    const allReady = universe.every(
      (symbol) =>
        sessionData.getIndicatorValue(symbol, SMA) !== null &&
        sessionData.getIndicatorValue(symbol, RSI) !== null &&
        sessionData.getIndicatorValue(symbol, VWAP) !== null,
    );
    const bulkEqualsPerSymbol = [SMA, RSI, VWAP].every((key) => {
      const values = sessionData.getIndicatorValues(key, universe);
      return universe.every((symbol, i) => {
        const value = sessionData.getIndicatorValue(symbol, key);
        return value === null ? Number.isNaN(values[i]) : Object.is(values[i], value);
      });
    });
    const samples = universe
      .filter((_, index) => index % SAMPLE_EVERY === 0)
      .map((symbol) => ({
        symbol,
        sma: sessionData.getIndicatorValue(symbol, SMA),
        rsi: sessionData.getIndicatorValue(symbol, RSI),
        vwap: sessionData.getIndicatorValue(symbol, VWAP),
      }));
    return {
      provisionSeconds,
      replaySeconds,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      arrayBuffersBytes: memory.arrayBuffers,
      scanMs,
      valueScanMs,
      objectScanMs,
      hits,
      valueHits,
      objectHits,
      allReady,
      bulkEqualsPerSymbol,
      samples,
    };
  } finally {
    session.close();
  }
}

const requestText = process.argv[2];
if (requestText !== undefined && process.argv[1]?.endsWith("universe-day-child.js")) {
  const result = await runUniverseDay(JSON.parse(requestText) as UniverseDayRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
