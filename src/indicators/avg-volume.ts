// Average volume: the simple moving average of volume over the last `period` bars (default 20),
// current bar included. First value after `period` bars.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RollingSum, readRollingSum } from "./internal/rolling-sum.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readNullableNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

const TYPE = "avg_volume";

export class AvgVolume extends ShownNumber implements Indicator<number> {
  readonly type = TYPE;
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;

  private barCount = 0;
  // Values live in plain number fields with a "has" flag: a `number | null` field would box every
  // new double in a fresh heap object, i.e. allocate on every update.
  private committedValue = 0;
  private hasCommittedValue = false;
  private readonly window: RollingSum;

  constructor(period = 20) {
    super();
    this.period = requirePeriod(TYPE, "period", period);
    this.requiredBars = period;
    this.stableBars = period;
    this.window = new RollingSum(period);
  }

  get count(): number {
    return this.barCount;
  }

  update(bar: IndicatorInput): number | null {
    const sum = this.window.pushAndSum(bar.volume);
    this.barCount++;
    this.committedValue = sum / this.period;
    this.hasCommittedValue = this.barCount >= this.period;
    return this.showIf(this.hasCommittedValue, this.committedValue);
  }

  replace(bar: IndicatorInput): number | null {
    return this.showIf(this.barCount + 1 >= this.period, this.window.sumWith(bar.volume) / this.period);
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: TYPE,
      period: this.period,
      count: this.barCount,
      value: this.hasCommittedValue ? this.committedValue : null,
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
    this.committedValue = value ?? 0;
    this.hasCommittedValue = value !== null;
    this.showIf(this.hasCommittedValue, this.committedValue);
  }

  reset(): void {
    this.barCount = 0;
    this.window.clear();
    this.committedValue = 0;
    this.hasCommittedValue = false;
    this.resetShown();
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
