// Simple moving average of the close: SMA = (C[t] + … + C[t−N+1]) / N, first value at bar N.
// Same as TA-Lib's SMA from its first output (begIndex N − 1). The window sum is a rolling sum,
// recomputed once per lap of the window so rounding never accumulates (see internal/rolling-sum).

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { CloseOnlyIndicator } from "./internal/close-only.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RollingSum, readRollingSum } from "./internal/rolling-sum.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

export class SMA extends CloseOnlyIndicator implements Indicator<number> {
  readonly type = "sma";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private readonly window: RollingSum;
  private bars = 0;
  /** Committed average (meaningful once `bars ≥ period`). */
  private average = 0;

  constructor(period = 20) {
    super();
    this.period = requirePeriod("sma", "period", period);
    this.requiredBars = period;
    this.stableBars = period;
    this.window = new RollingSum(period);
  }

  get count(): number {
    return this.bars;
  }

  protected updateClose(close: number): number | null {
    const sum = this.window.pushAndSum(close);
    this.bars++;
    if (this.bars < this.period) return this.hide();
    this.average = sum / this.period;
    return this.show(this.average);
  }

  replace(bar: IndicatorInput): number | null {
    if (this.bars + 1 < this.period) return this.hide();
    return this.show(this.window.sumWith(bar.close) / this.period);
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      window: this.window.snapshot(),
      average: this.average,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const window = readRollingSum(this.type, fields, "window", this.period);
    if (window.filled !== Math.min(count, this.period) || window.next !== count % this.period)
      throw new IndicatorError(`sma: snapshot window does not hold the last ${this.period} of ${count} bars`);
    const average = readFiniteNumber(this.type, fields, "average");
    this.window.restore(window);
    this.bars = count;
    this.average = average;
    if (count >= this.period) this.show(average);
    else this.hide();
  }

  reset(): void {
    this.window.clear();
    this.bars = 0;
    this.average = 0;
    this.resetShown();
    this.hide();
  }
}

const smaParams = z.strictObject({
  /** Bars in the window. */
  period: periodSchema(20),
});

export const smaDefinition: IndicatorDefinition<typeof smaParams> = {
  name: "sma",
  description: "Simple moving average of the close over `period` bars (TA-Lib SMA).",
  outputs: undefined,
  params: smaParams,
  keyParts: (params) => [params.period],
  create: (params) => new SMA(params.period),
};
