// Linearly weighted moving average of the close: weights 1..N, the newest close weighs N:
// WMA = Σ (N − i)·C[t−i] / (N(N+1)/2), i = 0..N−1, first value at bar N (TA-Lib WMA, begIndex N − 1).
// O(1) per bar with two running sums: when C enters and the oldest O leaves,
// weighted' = weighted − sum + N·C and sum' = sum − O + C. Both are recomputed from the window once
// per lap so rounding never accumulates.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RingBuffer, readRingBuffer } from "./internal/ring-buffer.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

export class WMA extends ShownNumber implements Indicator<number> {
  readonly type = "wma";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  /** N(N+1)/2, the sum of the weights. */
  private readonly weightTotal: number;
  private readonly window: RingBuffer;
  private bars = 0;
  /** Σ C over the window. */
  private sum = 0;
  /** Σ weight·C over the window, oldest weight 1. */
  private weighted = 0;
  private average = 0;

  constructor(period = 20) {
    super();
    this.period = requirePeriod("wma", "period", period);
    this.requiredBars = period;
    this.stableBars = period;
    this.weightTotal = (period * (period + 1)) / 2;
    this.window = new RingBuffer(period);
  }

  get count(): number {
    return this.bars;
  }

  update(bar: IndicatorInput): number | null {
    const close = bar.close;
    const window = this.window;
    if (window.isFull) {
      this.weighted = this.weighted - this.sum + this.period * close;
      this.sum = this.sum - window.oldest + close;
    } else {
      this.weighted += (window.size + 1) * close;
      this.sum += close;
    }
    window.push(close);
    this.bars++;
    const weighted = this.weighted;
    if (this.bars % this.period === 0) this.refreshSums();
    if (this.bars < this.period) return this.hide();
    this.average = weighted / this.weightTotal;
    return this.show(this.average);
  }

  replace(bar: IndicatorInput): number | null {
    if (this.bars + 1 < this.period) return this.hide();
    // The window is full or fills with this bar; either way the new close weighs N.
    const weighted = this.window.isFull
      ? this.weighted - this.sum + this.period * bar.close
      : this.weighted + this.period * bar.close;
    return this.show(weighted / this.weightTotal);
  }

  /** Recomputes both running sums from the window. */
  private refreshSums(): void {
    const window = this.window;
    window.measure();
    this.weighted = window.measuredWeightedSum;
    this.sum = window.measuredSum;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      window: this.window.snapshot(),
      sum: this.sum,
      weighted: this.weighted,
      average: this.average,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const window = readRingBuffer(this.type, fields, "window", this.period);
    if (window.filled !== Math.min(count, this.period) || window.next !== count % this.period)
      throw new IndicatorError(`wma: snapshot window does not hold the last ${this.period} of ${count} bars`);
    const sum = readFiniteNumber(this.type, fields, "sum");
    const weighted = readFiniteNumber(this.type, fields, "weighted");
    const average = readFiniteNumber(this.type, fields, "average");
    this.window.restore(window);
    this.bars = count;
    this.sum = sum;
    this.weighted = weighted;
    this.average = average;
    if (count >= this.period) this.show(average);
    else this.hide();
  }

  reset(): void {
    this.window.clear();
    this.bars = 0;
    this.sum = 0;
    this.weighted = 0;
    this.average = 0;
    this.resetShown();
    this.hide();
  }
}

const wmaParams = z.strictObject({
  /** Bars in the window; weights 1..period, newest heaviest. */
  period: periodSchema(20),
});

export const wmaDefinition: IndicatorDefinition<typeof wmaParams> = {
  name: "wma",
  description:
    "Linearly weighted moving average of the close, weights 1..period with the newest heaviest (TA-Lib WMA).",
  outputs: undefined,
  params: wmaParams,
  keyParts: (params) => [params.period],
  create: (params) => new WMA(params.period),
};
