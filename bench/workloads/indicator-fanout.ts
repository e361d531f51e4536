// IndicatorManager fan-out: 5,000 symbols × 3 indicators (SMA 20, RSI 14, EMA 50 on 1m), fed one
// completed bar per symbol per step for 200 steps, as a session stream delivers them: each step is
// one batch of 5,000 bars in columns (symbol i at row i). Measures indicator updates per second
//  - through `onBar`, the caller refilling one mutable bar object per bar (no allocation: the
//    target),
//  - through `onBarColumns` on the step's columns (no bar object at all),
//  - through `onBar` with 1,000,000 prebuilt bar objects (a cold-memory worst case, for reference).
// Checks that a sample symbol's values equal directly-fed instances and that no bar was refused.

import { allocateBarColumns, type BarColumns } from "../../src/core/bar-columns.js";
import { EMA } from "../../src/indicators/ema.js";
import type { IndicatorInput } from "../../src/indicators/indicator.js";
import { IndicatorManager } from "../../src/indicators/indicator-manager.js";
import { defaultIndicatorRegistry } from "../../src/indicators/registry.js";
import { RSI } from "../../src/indicators/rsi.js";
import { SMA } from "../../src/indicators/sma.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { type BenchSeries, makeBenchSeries } from "./bench-series.js";

const SYMBOL_COUNT = 5_000;
const STEPS = 200;
const SEED = 42;
const REPEAT = 5;
const INTERVAL = "1m";
const INDICATORS = [
  { type: "sma", period: 20 },
  { type: "rsi", period: 14 },
  { type: "ema", period: 50 },
] as const;
const SAMPLE_SYMBOL_INDEX = 1_234;

/** The bar a stream decoder refills in place for every bar it hands on. */
class MutableBar implements IndicatorInput {
  time = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
}

function symbolName(index: number): string {
  return `S${String(index).padStart(4, "0")}`;
}

function registeredManager(symbols: readonly string[]): { manager: IndicatorManager; keys: string[] } {
  const manager = new IndicatorManager(defaultIndicatorRegistry());
  let keys: string[] = [];
  for (const symbol of symbols) {
    keys = INDICATORS.map(
      ({ type, period }) => manager.register(symbol, type, { period, interval: INTERVAL }, "bench").key,
    );
  }
  return { manager, keys };
}

/** Lets the collector finish with the previous run's garbage before the clock starts. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

/** Best of REPEAT runs of `feed`, each on a freshly registered manager (registration not timed). */
async function timeFeeding(
  symbols: readonly string[],
  feed: (manager: IndicatorManager) => void,
): Promise<{ bestMs: number; manager: IndicatorManager; keys: string[] }> {
  let bestMs = Number.POSITIVE_INFINITY;
  let last = registeredManager(symbols);
  for (let run = 0; run < REPEAT; run++) {
    last = registeredManager(symbols);
    await settle();
    const startedAt = performance.now();
    feed(last.manager);
    bestMs = Math.min(bestMs, performance.now() - startedAt);
  }
  return { bestMs, ...last };
}

/** Step-major batches: batch `step` holds bar `step` of every symbol, symbol i at row i. */
function stepBatches(series: readonly BenchSeries[]): BarColumns[] {
  return Array.from({ length: STEPS }, (_, step) => {
    const batch = allocateBarColumns(series.length);
    series.forEach((symbolSeries, row) => {
      const bar = symbolSeries.bars[step];
      batch.time[row] = bar.time;
      batch.open[row] = bar.open;
      batch.high[row] = bar.high;
      batch.low[row] = bar.low;
      batch.close[row] = bar.close;
      batch.volume[row] = bar.volume;
    });
    return batch;
  });
}

export const indicatorFanoutWorkload: BenchWorkload = {
  name: "indicator-fanout",
  async run(): Promise<BenchResult> {
    const symbols = Array.from({ length: SYMBOL_COUNT }, (_, index) => symbolName(index));
    const series = symbols.map((_, index) => makeBenchSeries(STEPS, SEED, index));
    const batches = stepBatches(series);
    const updates = SYMBOL_COUNT * INDICATORS.length * STEPS;

    const byMutableBar = await timeFeeding(symbols, (manager) => {
      const bar = new MutableBar();
      for (let step = 0; step < STEPS; step++) {
        const batch = batches[step];
        for (let row = 0; row < SYMBOL_COUNT; row++) {
          bar.time = batch.time[row];
          bar.open = batch.open[row];
          bar.high = batch.high[row];
          bar.low = batch.low[row];
          bar.close = batch.close[row];
          bar.volume = batch.volume[row];
          manager.onBar(symbols[row], INTERVAL, bar);
        }
      }
    });
    const byColumns = await timeFeeding(symbols, (manager) => {
      for (let step = 0; step < STEPS; step++) {
        const batch = batches[step];
        for (let row = 0; row < SYMBOL_COUNT; row++) manager.onBarColumns(symbols[row], INTERVAL, batch, row);
      }
    });
    const byPrebuiltBars = await timeFeeding(symbols, (manager) => {
      for (let step = 0; step < STEPS; step++) {
        for (let row = 0; row < SYMBOL_COUNT; row++)
          manager.onBar(symbols[row], INTERVAL, series[row].bars[step]);
      }
    });

    // The sample symbol fed directly, one instance per indicator.
    const direct = [new SMA(20), new RSI(14), new EMA(50)];
    for (const bar of series[SAMPLE_SYMBOL_INDEX].bars) for (const indicator of direct) indicator.update(bar);
    const sampleSymbol = symbols[SAMPLE_SYMBOL_INDEX];
    const matchesDirect = ({ manager, keys }: { manager: IndicatorManager; keys: readonly string[] }) =>
      keys.every((key, k) => {
        const reading = manager.getValue(sampleSymbol, key);
        return reading?.ready === true && reading.value === direct[k].value;
      });
    const runs = [byMutableBar, byColumns, byPrebuiltBars];
    const perSecond = (ms: number) => Math.round(updates / (ms / 1000));

    return {
      name: "indicator-fanout",
      params: {
        symbols: SYMBOL_COUNT,
        indicatorsPerSymbol: INDICATORS.map(({ type, period }) => `${type} ${period}`).join(", "),
        interval: INTERVAL,
        steps: STEPS,
        updatesPerRun: updates,
        input: "per step one batch of 5,000 bars in columns (symbol i at row i)",
        timing: `best of ${REPEAT} runs, each on a freshly registered manager (registration not timed)`,
      },
      metrics: {
        updatesPerSecondOnBar: perSecond(byMutableBar.bestMs),
        updatesPerSecondOnBarColumns: perSecond(byColumns.bestMs),
        updatesPerSecondOnBarPrebuiltObjects: perSecond(byPrebuiltBars.bestMs),
        barsPerSecondOnBar: Math.round((SYMBOL_COUNT * STEPS) / (byMutableBar.bestMs / 1000)),
      },
      targets: [{ metric: "updatesPerSecondOnBar", kind: "min", value: 10_000_000 }],
      checks: {
        [`${sampleSymbol} values equal directly-fed SMA 20, RSI 14, EMA 50 (every feeding)`]:
          runs.every(matchesDirect),
        "no bar refused": runs.every(({ manager }) => manager.refusedBars === 0),
        [`every symbol has ${INDICATORS.length} ready indicators`]: symbols.every(
          (symbol) =>
            byMutableBar.manager.keys(symbol).filter((key) => byMutableBar.manager.isReady(symbol, key))
              .length === INDICATORS.length,
        ),
      },
    };
  },
};
