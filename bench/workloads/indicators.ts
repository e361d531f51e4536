// Indicator throughput, ours next to the same-named trading-signals class, on one deterministic
// 1,000,000-bar series (bench-series.ts); plus a check that both give the same values (within 1e-9
// relative) once past the start-up, where their seeding conventions differ (see the notes in the
// result, from indicator-contenders.ts).
//
// Each contender runs in its own worker thread (indicator-race-worker.ts), timed best of 3 fresh
// runs over all bars, fed two ways:
// - from bar objects (the targets): both get the same prebuilt bars; ours `update(bar)`,
//   trading-signals `add(bar.close)` / `add(bar.volume)` / `add(bar)`;
// - from columns: ours through one cursor over the typed-array columns (column-bar-cursor.ts),
//   trading-signals' number indicators the close/volume column, its candle indicators the prebuilt
//   bars (it keeps references to candles, so they must be distinct objects).

import { Worker } from "node:worker_threads";
import { type BenchResult, type BenchTarget, type BenchWorkload } from "../bench-result.js";
import { contenders } from "./indicator-contenders.js";
import type { IndicatorRaceRequest, IndicatorRaceResult } from "./indicator-race-worker.js";

const BAR_COUNT = 1_000_000;
const SEED = 20_131_007;
const REPEAT = 3;
const TOLERANCE = 1e-9;

function runInWorker(request: IndicatorRaceRequest): Promise<IndicatorRaceResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./indicator-race-worker.js", import.meta.url), {
      workerData: request,
    });
    worker.once("message", (result: IndicatorRaceResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`indicator race worker for ${request.name} exited with ${code}`));
    });
  });
}

function ratio(ours: number, theirs: number): number {
  return Math.round((ours / theirs) * 100) / 100;
}

export const indicatorsWorkload: BenchWorkload = {
  name: "indicators",
  async run(): Promise<BenchResult> {
    const metrics: Record<string, number> = {};
    const targets: BenchTarget[] = [];
    const checks: Record<string, boolean> = {};
    const notes: Record<string, string> = {};
    for (const contender of contenders) {
      const { name, rival } = contender;
      // Sequential on purpose: one core per measurement.
      const result = await runInWorker({
        name,
        barCount: BAR_COUNT,
        seed: SEED,
        repeat: REPEAT,
        tolerance: TOLERANCE,
      });
      metrics[`${name}.ours.fromBars`] = result.oursFromBars;
      metrics[`${name}.ours.fromColumns`] = result.oursFromColumns;
      if (result.theirsFromBars !== undefined && result.theirsFromColumns !== undefined) {
        metrics[`${name}.tradingSignals.fromBars`] = result.theirsFromBars;
        metrics[`${name}.tradingSignals.fromColumns`] = result.theirsFromColumns;
        metrics[`${name}.ratio.fromBars`] = ratio(result.oursFromBars, result.theirsFromBars);
        metrics[`${name}.ratio.fromColumns`] = ratio(result.oursFromColumns, result.theirsFromColumns);
        if (contender.ratioTarget) targets.push({ metric: `${name}.ratio.fromBars`, kind: "min", value: 2 });
      }
      if (rival && result.agreement) {
        const { agreeFromBar, mustAgreeFromBar, worstRelativeDifference } = result.agreement;
        metrics[`${name}.agreeFromBar`] = agreeFromBar;
        metrics[`${name}.mustAgreeFromBar`] = mustAgreeFromBar;
        metrics[`${name}.ourStableBars`] = result.ourStableBars;
        metrics[`${name}.worstRelativeDifference`] = worstRelativeDifference;
        checks[
          `${name} agrees with trading-signals ${rival.className} within 1e-9 from bar ${mustAgreeFromBar}`
        ] = agreeFromBar <= mustAgreeFromBar && worstRelativeDifference <= TOLERANCE;
        notes[name] = rival.note;
      }
    }
    return {
      name: "indicators",
      params: {
        bars: BAR_COUNT,
        series: `seeded random walk (seed ${SEED}) of regular-session minute bars`,
        timing: `updates per second, best of ${REPEAT}, each contender in its own worker thread`,
        fromBars: "both fed the same prebuilt bar objects (targets apply here)",
        fromColumns:
          "ours through one cursor over the columns; trading-signals the close/volume column, or prebuilt bars for candle inputs",
        tolerance: "|ours − theirs| ≤ 1e-9 × max(1, |theirs|)",
        agreement:
          "agreeFromBar: first bar from which every later bar agrees; mustAgreeFromBar: our stableBars for windowed indicators, or for smoothed ones the first value plus the bars until each seed weighs below 1e-12",
        indicators: Object.fromEntries(
          contenders.map((c) => [c.name, { params: c.params, tradingSignals: c.rival?.className ?? "none" }]),
        ),
        seedingDifferences: notes,
      },
      metrics,
      targets,
      checks,
    };
  },
};
