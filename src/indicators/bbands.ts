// Bollinger Bands on the close: middle = SMA_N(C), deviation = population standard deviation of
// the same N closes (÷N, like TA-Lib), upper/lower = middle ± stddev·deviation. First value at bar
// N (TA-Lib BBANDS with MA type SMA, begIndex N − 1). Value: one reused { upper, middle, lower }.
//
// Variance without catastrophic cancellation: TA-Lib subtracts mean² from a running mean of C²,
// which on prices of 100–600 loses about 1e-9 of the variance's scale per bar and drifts over long
// series. Here M2 = Σ(C − mean)² slides in O(1) with the exact update
//   M2' = M2 + (new − old)·(new − mean' + old − mean)
// (Welford's update while the window fills), and both the sum and M2 are recomputed from the
// window (two-pass) once per lap, so the error never outlives one window. A window of N identical
// closes (tracked as a run length) has a deviation of exactly 0: the square root would otherwise
// blow a rounding residual of M2 up to ~1e-7. TA-Lib reports its cancellation noise there
// (e.g. 1.9e-5 for two equal closes of 185.35): the one place where the two differ by more than
// 1e-9 relative (tested exactly in bbands.test.ts).

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod, requirePositive } from "./internal/parameters.js";
import { RollingSum, readRollingSum } from "./internal/rolling-sum.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

/** A type alias (not an interface) so it fits IndicatorOutput's index signature. */
export type BBandsValue = {
  upper: number;
  middle: number;
  lower: number;
};

export class BBands implements Indicator<BBandsValue> {
  readonly type = "bbands";
  readonly period: number;
  /** Band half-width in standard deviations. */
  readonly stddev: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private readonly window: RollingSum;
  private bars = 0;
  /** Σ (C − mean)² over the window. */
  private squaredDeviations = 0;
  /** How many of the latest closes are identical, up to `period` (= period: a flat window). */
  private flatRun = 0;
  /** Committed middle band and standard deviation (meaningful once `bars ≥ period`). */
  private middle = 0;
  private deviation = 0;
  private readonly output: BBandsValue = { upper: 0, middle: 0, lower: 0 };
  private current: BBandsValue | null = null;

  constructor(period = 20, stddev = 2) {
    this.period = requirePeriod("bbands", "period", period);
    this.stddev = requirePositive("bbands", "stddev", stddev);
    this.requiredBars = period;
    this.stableBars = period;
    this.window = new RollingSum(period);
  }

  get count(): number {
    return this.bars;
  }

  get value(): BBandsValue | null {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== null;
  }

  update(bar: IndicatorInput): BBandsValue | null {
    const close = bar.close;
    const window = this.window;
    const period = this.period;
    const squaredDeviations = this.nextSquaredDeviations(close);
    const flatRun = this.nextFlatRun(close);
    const sum = window.pushAndSum(close);
    const bars = ++this.bars;
    this.flatRun = flatRun;
    if (flatRun >= period) {
      this.squaredDeviations = 0;
    } else if (bars % period === 0) {
      // A lap of the window: the rolling sum just re-measured the window, M2 included.
      this.squaredDeviations = window.measuredSquaredDeviations;
    } else {
      this.squaredDeviations = squaredDeviations;
    }
    if (bars < period) return this.show(null);
    this.middle = sum / period;
    this.deviation = flatRun >= period ? 0 : deviationOf(squaredDeviations, period);
    // Output fields written here, not through a helper taking numbers: numbers passed to a call
    // that is not inlined are boxed (an allocation per update).
    const output = this.output;
    const halfWidth = this.deviation * this.stddev;
    output.upper = this.middle + halfWidth;
    output.middle = this.middle;
    output.lower = this.middle - halfWidth;
    return this.show(output);
  }

  replace(bar: IndicatorInput): BBandsValue | null {
    const period = this.period;
    if (this.bars + 1 < period) return this.show(null);
    const close = bar.close;
    const middle = this.window.sumWith(close) / period;
    const deviation =
      this.nextFlatRun(close) >= period ? 0 : deviationOf(this.nextSquaredDeviations(close), period);
    const output = this.output;
    const halfWidth = deviation * this.stddev;
    output.upper = middle + halfWidth;
    output.middle = middle;
    output.lower = middle - halfWidth;
    return this.show(output);
  }

  /** The flat-run length after pushing `close` (counted up to `period`, all that matters). */
  private nextFlatRun(close: number): number {
    if (this.bars === 0 || close !== this.window.at(0)) return 1;
    return this.flatRun < this.period ? this.flatRun + 1 : this.period;
  }

  /** M2 of the window after pushing `close`, from the committed window (not changed). */
  private nextSquaredDeviations(close: number): number {
    const window = this.window;
    const sum = window.sum;
    if (window.isFull) {
      const period = this.period;
      const oldest = window.oldest;
      const mean = sum / period;
      const nextMean = window.sumWith(close) / period;
      return this.squaredDeviations + (close - oldest) * (close - nextMean + oldest - mean);
    }
    const size = window.size;
    if (size === 0) return 0;
    const mean = sum / size;
    const nextMean = (sum + close) / (size + 1);
    return this.squaredDeviations + (close - mean) * (close - nextMean);
  }

  /** Writes the output object (restore only; update and replace write it inline). */
  private publish(middle: number, deviation: number): BBandsValue {
    const output = this.output;
    const halfWidth = deviation * this.stddev;
    output.upper = middle + halfWidth;
    output.middle = middle;
    output.lower = middle - halfWidth;
    return output;
  }

  /** Sets the shown value (committed or provisional) and returns it. */
  private show(value: BBandsValue | null): BBandsValue | null {
    this.current = value;
    return value;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      stddev: this.stddev,
      count: this.bars,
      window: this.window.snapshot(),
      squaredDeviations: this.squaredDeviations,
      flatRun: this.flatRun,
      middle: this.middle,
      deviation: this.deviation,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period, stddev: this.stddev });
    const count = readWholeNumber(this.type, fields, "count");
    const window = readRollingSum(this.type, fields, "window", this.period);
    if (window.filled !== Math.min(count, this.period) || window.next !== count % this.period)
      throw new IndicatorError(
        `bbands: snapshot window does not hold the last ${this.period} of ${count} bars`,
      );
    const squaredDeviations = readFiniteNumber(this.type, fields, "squaredDeviations");
    const flatRun = readWholeNumber(this.type, fields, "flatRun");
    if (flatRun > Math.min(count, this.period) || (count > 0 && flatRun === 0))
      throw new IndicatorError(`bbands: snapshot flatRun ${flatRun} does not fit a count of ${count} bars`);
    const middle = readFiniteNumber(this.type, fields, "middle");
    const deviation = readFiniteNumber(this.type, fields, "deviation");
    this.window.restore(window);
    this.bars = count;
    this.squaredDeviations = squaredDeviations;
    this.flatRun = flatRun;
    this.middle = middle;
    this.deviation = deviation;
    this.current = count >= this.period ? this.publish(middle, deviation) : null;
  }

  reset(): void {
    this.window.clear();
    this.bars = 0;
    this.squaredDeviations = 0;
    this.flatRun = 0;
    this.middle = 0;
    this.deviation = 0;
    this.current = null;
  }
}

/** Population standard deviation from M2; a slightly negative M2 (rounding) counts as zero. */
function deviationOf(squaredDeviations: number, period: number): number {
  return squaredDeviations > 0 ? Math.sqrt(squaredDeviations / period) : 0;
}

const bbandsParams = z.strictObject({
  /** Bars in the window of the middle band and the deviation. */
  period: periodSchema(20),
  /** Band half-width in population standard deviations. */
  stddev: z.number().positive().default(2),
});

export const bbandsDefinition: IndicatorDefinition<typeof bbandsParams> = {
  name: "bbands",
  description:
    "Bollinger Bands: SMA(period) of the close ± stddev population standard deviations (TA-Lib BBANDS, SMA).",
  outputs: ["upper", "middle", "lower"],
  params: bbandsParams,
  keyParts: (params) => [params.period, params.stddev],
  create: (params) => new BBands(params.period, params.stddev),
};
