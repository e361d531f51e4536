// Exponential moving average of the close: EMA[t] = EMA[t−1] + α·(C[t] − EMA[t−1]), α = 2/(N+1).
// Seeding (TA-Lib's default): the first value, at bar N, is the SMA of the first N closes.
// Equal to TA-Lib's EMA from its first output (begIndex N − 1). stableBars = N plus the bars after
// which the seed's weight (1 − α)^m is below 1e-6 (internal/seed-fade): 159 for N = 20.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { CloseOnlyIndicator } from "./internal/close-only.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades, emaAlpha } from "./internal/seed-fade.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

export class EMA extends CloseOnlyIndicator implements Indicator<number> {
  readonly type = "ema";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private readonly alpha: number;
  private bars = 0;
  /** Sum of the closes while warming up (the seed), then unused. */
  private seedSum = 0;
  /** Committed EMA (meaningful once `bars ≥ period`). */
  private average = 0;

  constructor(period = 20) {
    super();
    this.period = requirePeriod("ema", "period", period);
    this.alpha = emaAlpha(period);
    this.requiredBars = period;
    this.stableBars = period + barsUntilSeedFades(this.alpha);
  }

  get count(): number {
    return this.bars;
  }

  protected updateClose(close: number): number | null {
    const bars = ++this.bars;
    if (bars > this.period) {
      this.average = (close - this.average) * this.alpha + this.average;
      return this.show(this.average);
    }
    this.seedSum += close;
    if (bars < this.period) return this.hide();
    this.average = this.seedSum / this.period;
    return this.show(this.average);
  }

  replace(bar: IndicatorInput): number | null {
    const close = bar.close;
    const bars = this.bars + 1;
    if (bars > this.period) return this.show((close - this.average) * this.alpha + this.average);
    if (bars < this.period) return this.hide();
    return this.show((this.seedSum + close) / this.period);
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      seedSum: this.seedSum,
      average: this.average,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const seedSum = readFiniteNumber(this.type, fields, "seedSum");
    const average = readFiniteNumber(this.type, fields, "average");
    this.bars = count;
    this.seedSum = seedSum;
    this.average = average;
    if (count >= this.period) this.show(average);
    else this.hide();
  }

  reset(): void {
    this.bars = 0;
    this.seedSum = 0;
    this.average = 0;
    this.resetShown();
    this.hide();
  }
}

const emaParams = z.strictObject({
  /** N: α = 2/(N+1); the seed is the SMA of the first N closes. */
  period: periodSchema(20),
});

export const emaDefinition: IndicatorDefinition<typeof emaParams> = {
  name: "ema",
  description:
    "Exponential moving average of the close, α = 2/(period+1), seeded with the SMA of the first period closes (TA-Lib EMA).",
  outputs: undefined,
  params: emaParams,
  keyParts: (params) => [params.period],
  create: (params) => new EMA(params.period),
};
