// End-to-end backtest throughput and its scaling with the universe, on the demo market:
//  - backtest-throughput: 2,000 symbols × 5 trading days of 1m bars (the bench config of
//    backtest-config.ts: SMA(20) 1d, RSI(14) 5m, VWAP 1m per symbol, two scanners over the whole
//    universe every 5 minutes, journal on). Bars/s = base 1m bars replayed / wall seconds of
//    runBacktest (provisioning, replay, aggregation, indicators, scans and journal writes; the store
//    generation is excluded and cached, see demo-store-cache.ts). Checked: the slots run, and the
//    hits of every scan row in the journal equal the count backtest-check.ts recomputes from the
//    store with fresh indicators.
//  - backtest-scaling: the same at 500, 1,000, 2,000 and 4,000 symbols; per-bar cost (wall µs per
//    base bar) of the largest run over the smallest's (target ≤ 1.2). Same checks for every size.
// Each backtest runs in a fresh `node --expose-gc` process (backtest-child.ts), with the young
// generation of the CLI's session thread, best of REPEAT.
// The store: 4,000 symbols × 8 days of 1m bars to 2024-10-31 (the 3 days before the backtest hold
// the RSI's 5m warm-up) and 60 days of daily history; smaller universes use its first N symbols
// (symbol i's bars do not depend on how many are generated).

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SESSION_YOUNG_GENERATION_MB } from "../../src/cli/supervisor.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { expectedHits, rsiWarmupSessions, slotTimes } from "./backtest-check.js";
import type { BacktestRunRequest, BacktestRunResult } from "./backtest-child.js";
import { MAX_RSI, writeBacktestConfig } from "./backtest-config.js";
import { type CachedDemoStore, cachedDemoStore, lastTradingDays } from "./demo-store-cache.js";

export const BACKTEST_DAYS = 5;
export const BACKTEST_STORE = {
  symbols: 4_000,
  days: 8,
  historyDays: 60,
  seed: 7,
  lastDay: "2024-10-31",
} as const;
export const THROUGHPUT_SYMBOLS = 2_000;
const SCALING_SYMBOLS = [500, 1_000, 2_000, 4_000] as const;
const TARGET_BARS_PER_SECOND = 1_000_000;
const TARGET_SCALING_RATIO = 1.2;
const REPEAT = 3;

const runFile = promisify(execFile);
const childPath = fileURLToPath(new URL("./backtest-child.js", import.meta.url));

/**
 * The engine on the child's main thread with the young generation `scanwright run` gives its
 * session thread (supervisor.ts SESSION_YOUNG_GENERATION_MB = 12 MB: semi-spaces of 4 MB).
 */
export const ENGINE_FLAGS = ["--expose-gc", `--max-semi-space-size=${SESSION_YOUNG_GENERATION_MB / 3}`];

export async function runBacktestChild(request: BacktestRunRequest): Promise<BacktestRunResult> {
  const { stdout } = await runFile(process.execPath, [...ENGINE_FLAGS, childPath, JSON.stringify(request)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as BacktestRunResult;
}

interface SizedRun {
  readonly symbols: number;
  readonly baseBars: number;
  readonly best: BacktestRunResult;
  readonly runsSeconds: number[];
  readonly checks: Record<string, boolean>;
}

/** The backtest of the first `count` store symbols, REPEAT times; every run checked. */
async function runSize(store: CachedDemoStore, count: number, verify: boolean): Promise<SizedRun> {
  const calendar = new ExchangeCalendar();
  const symbols = store.report.symbols.slice(0, count);
  const days = lastTradingDays(store, BACKTEST_DAYS, calendar);
  // 390 regular minutes a day; the demo market has a 1m bar in every one of them.
  const baseBars = count * days.length * 390;
  const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-backtest-"));
  try {
    const runs: BacktestRunResult[] = [];
    for (let run = 0; run < REPEAT; run++) {
      const name = `bt-${count}-${run}`;
      const configPath = writeBacktestConfig({
        folder,
        name,
        storePath: store.path,
        symbols,
        start: days[0],
        end: days[days.length - 1],
      });
      runs.push(await runBacktestChild({ configPath, journalPath: join(folder, `${name}-journal.db`) }));
    }
    const slots = slotTimes(calendar, days).length * 2;
    const checks: Record<string, boolean> = {};
    checks[`${count} symbols: ${slots} scan slots run and journaled, every run`] = runs.every(
      (run) =>
        run.slots === slots && run.scans.length === slots && run.scans.every((scan) => scan.status === "ok"),
    );
    checks[`${count} symbols: every symbol provisioned, every run`] = runs.every(
      (run) => run.failedSymbols === 0,
    );
    if (verify) {
      const expected = expectedHits(store.path, calendar, symbols, days, MAX_RSI);
      const same = (run: BacktestRunResult) =>
        run.scans.length === expected.length &&
        run.scans.every(
          (scan, i) =>
            scan.scanner === expected[i].scanner &&
            scan.scheduledAt === expected[i].scheduledAt &&
            scan.hits === expected[i].hits,
        );
      const totalHits = expected.reduce((sum, slot) => sum + slot.hits, 0);
      checks[
        `${count} symbols: hits of every scan row = recomputed from the store (${totalHits} hits in ${expected.length} scans)`
      ] = runs.every(same);
    }
    const best = runs.reduce((fastest, run) => (run.seconds < fastest.seconds ? run : fastest));
    return { symbols: count, baseBars, best, runsSeconds: runs.map((run) => round(run.seconds, 3)), checks };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function storeParams(store: CachedDemoStore): Record<string, unknown> {
  return {
    store: `demo market, seed ${BACKTEST_STORE.seed}: ${BACKTEST_STORE.symbols} symbols × ${BACKTEST_STORE.days} days of 1m bars (${store.report.firstDay}..${store.report.lastDay}; the first ${rsiWarmupSessions()} hold the RSI warm-up) and ${BACKTEST_STORE.historyDays} days of daily history`,
    storeCache: store.generated
      ? `generated in ${round(store.generationSeconds, 1)} s into ${store.path} (excluded from the figures; reused by later runs)`
      : `reused from ${store.path} (generation excluded from the figures)`,
    perSymbol: "sma 20 1d, rsi 14 5m, vwap 1m (session_data indicators; streams 1m, 5m)",
    scanners: `rsi-below (rsi_14_5m < ${MAX_RSI}) and above-vwap (1m close > vwap_1m) over the whole universe, every 5m 09:35..close; journal on`,
    timing: `wall time of runBacktest, best of ${REPEAT} runs each in a fresh node --expose-gc process`,
  };
}

export const backtestThroughputWorkload: BenchWorkload = {
  name: "backtest-throughput",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore(BACKTEST_STORE);
    const sized = await runSize(store, THROUGHPUT_SYMBOLS, true);
    return {
      name: "backtest-throughput",
      params: {
        symbols: THROUGHPUT_SYMBOLS,
        days: BACKTEST_DAYS,
        baseBars: sized.baseBars,
        ...storeParams(store),
        runsSeconds: sized.runsSeconds,
      },
      metrics: {
        seconds: round(sized.best.seconds, 3),
        cpuSeconds: round(sized.best.cpuSeconds, 3),
        barsPerSecond: Math.round(sized.baseBars / sized.best.seconds),
        rssMegabytes: Math.round(sized.best.rssBytes / 2 ** 20),
        scans: sized.best.scans.length,
        hits: sized.best.scans.reduce((sum, scan) => sum + scan.hits, 0),
      },
      targets: [{ metric: "barsPerSecond", kind: "min", value: TARGET_BARS_PER_SECOND }],
      checks: sized.checks,
    };
  },
};

export const backtestScalingWorkload: BenchWorkload = {
  name: "backtest-scaling",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore(BACKTEST_STORE);
    const runs: SizedRun[] = [];
    for (const count of SCALING_SYMBOLS) runs.push(await runSize(store, count, true));
    const metrics: Record<string, number> = {};
    const checks: Record<string, boolean> = {};
    for (const run of runs) {
      metrics[`barsPerSecond${run.symbols}`] = Math.round(run.baseBars / run.best.seconds);
      metrics[`microsPerBar${run.symbols}`] = round((run.best.seconds * 1e6) / run.baseBars, 3);
      metrics[`rssMegabytes${run.symbols}`] = Math.round(run.best.rssBytes / 2 ** 20);
      Object.assign(checks, run.checks);
    }
    const smallest = runs[0];
    const largest = runs[runs.length - 1];
    metrics.perBarCostRatio = round(
      largest.best.seconds / largest.baseBars / (smallest.best.seconds / smallest.baseBars),
      3,
    );
    return {
      name: "backtest-scaling",
      params: {
        symbols: SCALING_SYMBOLS,
        days: BACKTEST_DAYS,
        ...storeParams(store),
        runsSeconds: Object.fromEntries(runs.map((run) => [run.symbols, run.runsSeconds])),
        perBarCostRatio: `wall µs per base bar at ${largest.symbols} symbols / at ${smallest.symbols}`,
      },
      metrics,
      targets: [{ metric: "perBarCostRatio", kind: "max", value: TARGET_SCALING_RATIO }],
      checks,
    };
  },
};
