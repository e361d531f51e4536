// Average volume: the simple moving average of volume over the last `period` bars (default 20),
// current bar included. First value after `period` bars.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RollingSum, readRollingSum } from "./internal/rolling-sum.js";
import { readNullableNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

const TYPE = "avg_volume";

export class AvgVolume implements Indicator<number> {
  readonly type = TYPE;
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;

  private barCount = 0;
  private committedValue: number | null = null;
  private shownValue: number | null = null;
  private readonly window: RollingSum;

  constructor(period = 20) {
    this.period = requirePeriod(TYPE, "period", period);
    this.requiredBars = period;
    this.stableBars = period;
    this.window = new RollingSum(period);
  }

  get count(): number {
    return this.barCount;
  }

  get value(): number | null {
    return this.shownValue;
  }

  get ready(): boolean {
    return this.shownValue !== null;
  }

  update(bar: IndicatorInput): number | null {
    const sum = this.window.pushAndSum(bar.volume);
    this.barCount++;
    this.committedValue = this.barCount >= this.period ? sum / this.period : null;
    this.shownValue = this.committedValue;
    return this.shownValue;
  }

  replace(bar: IndicatorInput): number | null {
    this.shownValue = this.barCount + 1 >= this.period ? this.window.sumWith(bar.volume) / this.period : null;
    return this.shownValue;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: TYPE,
      period: this.period,
      count: this.barCount,
      value: this.committedValue,
      window: this.window.snapshot(),
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(TYPE, snapshot, { period: this.period });
    const count = readWholeNumber(TYPE, fields, "count");
    const window = readRollingSum(TYPE, fields, "window", this.period);
    const value = readNullableNumber(TYPE, fields, "value");
    this.window.restore(window);
    this.barCount = count;
    // The value committed, bit for bit (the window's total may have been recomputed since).
    this.committedValue = value;
    this.shownValue = this.committedValue;
  }

  reset(): void {
    this.barCount = 0;
    this.window.clear();
    this.committedValue = null;
    this.shownValue = null;
  }
}

const avgVolumeParams = z.strictObject({
  /** Bars in the average. */
  period: periodSchema(20),
});

export const avgVolumeDefinition: IndicatorDefinition<typeof avgVolumeParams> = {
  name: TYPE,
  description: "Average volume: simple moving average of volume over `period` bars (default 20).",
  outputs: undefined,
  params: avgVolumeParams,
  keyParts: (params) => [params.period],
  create: (params) => new AvgVolume(params.period),
};
