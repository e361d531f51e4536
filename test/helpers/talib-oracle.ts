// TA-Lib (the `talib` 1.1.6 native binding, a dev dependency) as the independent reference for the
// indicator tests, plus the real daily bars it is run on (../shared/data/daily, raw unadjusted
// prices). `runTalib` returns each output aligned to bar indexes (null before TA-Lib's begIndex) so
// a test compares it bar by bar with what a streaming indicator gave after each update.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Indicator, IndicatorInput, IndicatorOutput } from "../../src/indicators/indicator.js";

/** What `talib.execute` takes: the function name, the index range, inputs and optInXxx options. */
type TalibParameters = { name: string; startIdx: number; endIdx: number } & Record<string, unknown>;

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}

interface TalibBinding {
  readonly version: string;
  execute(parameters: TalibParameters): TalibResult | { error: string };
}

// talib ships a .node addon and no types; ESM cannot import an addon, so load it through require.
const talib = createRequire(import.meta.url)("talib") as TalibBinding;

/** Columns of one symbol's daily bars, oldest first, plus the same bars as indicator inputs. */
export interface DailySeries {
  readonly symbol: string;
  readonly bars: readonly IndicatorInput[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

/** Reads `../shared/data/daily/<symbol>.csv` (date,open,high,low,close,volume). */
export function loadDailySeries(symbol: string): DailySeries {
  const path = fileURLToPath(new URL(`../../../shared/data/daily/${symbol}.csv`, import.meta.url));
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  const series = { symbol, bars: [] as IndicatorInput[], open: [], high: [], low: [], close: [], volume: [] };
  for (const line of lines) {
    const [date, open, high, low, close, volume] = line.split(",");
    const bar = {
      time: Date.parse(`${date}T14:30:00Z`),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
    series.bars.push(bar);
    (series.open as number[]).push(bar.open);
    (series.high as number[]).push(bar.high);
    (series.low as number[]).push(bar.low);
    (series.close as number[]).push(bar.close);
    (series.volume as number[]).push(bar.volume);
  }
  return series;
}

/** TA-Lib outputs aligned to bar indexes: `outputs[name][i]` is the value at bar i, null before `begIndex`. */
export interface TalibSeries {
  readonly begIndex: number;
  readonly outputs: Readonly<Record<string, readonly (number | null)[]>>;
}

/**
 * Runs TA-Lib function `name` over all bars. `inputs` are TA-Lib's input arrays (`inReal`, `high`,
 * `low`, `close`, `volume`); `options` its optInXxx parameters.
 */
export function runTalib(
  name: string,
  inputs: Readonly<Record<string, readonly number[]>>,
  options: Readonly<Record<string, number>> = {},
): TalibSeries {
  const length = Object.values(inputs)[0].length;
  const result = talib.execute({ name, startIdx: 0, endIdx: length - 1, ...inputs, ...options });
  if ("error" in result) throw new Error(`TA-Lib ${name}: ${result.error}`);
  const outputs: Record<string, (number | null)[]> = {};
  for (const [output, values] of Object.entries(result.result)) {
    const aligned: (number | null)[] = new Array(length).fill(null);
    for (let i = 0; i < result.nbElement; i++) aligned[result.begIndex + i] = values[i];
    outputs[output] = aligned;
  }
  return { begIndex: result.begIndex, outputs };
}

/** Feeds every bar to `indicator` and returns `pick(value)` after each update (null while warming up). */
export function runIndicator<V extends IndicatorOutput>(
  indicator: Indicator<V>,
  bars: readonly IndicatorInput[],
  pick: (value: V) => number,
): (number | null)[] {
  return bars.map((bar) => {
    const value = indicator.update(bar);
    return value === null ? null : pick(value);
  });
}

/** The relative tolerance of every comparison with TA-Lib: |ours − theirs| ≤ 1e-9 · max(1, |theirs|). */
export const TALIB_TOLERANCE = 1e-9;

/**
 * Asserts that `ours` starts at bar `firstIndex` (TA-Lib's begIndex plus a documented offset, 0
 * by default) and equals TA-Lib within TALIB_TOLERANCE at every bar where both have a value.
 */
export function expectMatchesTalib(
  ours: readonly (number | null)[],
  theirs: readonly (number | null)[],
  begIndex: number,
  offset = 0,
): void {
  expect(ours.findIndex((value) => value !== null)).toBe(begIndex + offset);
  expect(theirs.findIndex((value) => value !== null)).toBe(begIndex);
  let compared = 0;
  let worst = { index: -1, difference: 0 };
  for (let i = begIndex + offset; i < theirs.length; i++) {
    const our = ours[i];
    const their = theirs[i];
    if (our === null || their === null) throw new Error(`bar ${i}: ours ${our}, TA-Lib ${their}`);
    const difference = Math.abs(our - their) / Math.max(1, Math.abs(their));
    if (!(difference <= worst.difference)) worst = { index: i, difference };
    compared++;
  }
  expect(compared).toBeGreaterThan(0);
  expect(
    worst.difference,
    `worst relative difference at bar ${worst.index}: ours ${ours[worst.index]}, TA-Lib ${theirs[worst.index]}`,
  ).toBeLessThanOrEqual(TALIB_TOLERANCE);
}

export const talibVersion = talib.version;
