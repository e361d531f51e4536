// Relative volume: this bar's volume divided by the average volume of the `period` bars BEFORE it
// (default 20), volume / (Σ previous N volumes / N): 1 = a normal bar, 3 = three times the recent
// average. First value after `period` + 1 bars. Bars count across sessions (no reset at the open).
//
// When the previous `period` bars traded nothing the ratio is undefined; so that the value stays a
// finite number (JSON-safe, comparable), the average is then taken as one share: the value is this
// bar's volume (0 when it traded nothing either, large when it did).

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RollingSum, readRollingSum } from "./internal/rolling-sum.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readNullableNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

const TYPE = "rel_volume";

export class RelVolume extends ShownNumber implements Indicator<number> {
  readonly type = TYPE;
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;

  private barCount = 0;
  // Values live in plain number fields with a "has" flag: a `number | null` field would box every
  // new double in a fresh heap object, i.e. allocate on every update.
  private committedValue = 0;
  private hasCommittedValue = false;
  /** The last `period` committed volumes: the baseline of the next bar. */
  private readonly previous: RollingSum;

  constructor(period = 20) {
    super();
    this.period = requirePeriod(TYPE, "period", period);
    this.requiredBars = period + 1;
    this.stableBars = period + 1;
    this.previous = new RollingSum(period);
  }

  get count(): number {
    return this.barCount;
  }

  update(bar: IndicatorInput): number | null {
    this.committedValue = this.ratio(bar.volume);
    this.hasCommittedValue = this.previous.isFull;
    this.previous.pushAndSum(bar.volume);
    this.barCount++;
    return this.showIf(this.hasCommittedValue, this.committedValue);
  }

  replace(bar: IndicatorInput): number | null {
    return this.showIf(this.previous.isFull, this.ratio(bar.volume));
  }

  /** The ratio against the previous `period` volumes (meaningful once the window is full). */
  private ratio(volume: number): number {
    const average = this.previous.sum / this.period;
    return average > 0 ? volume / average : volume;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: TYPE,
      period: this.period,
      count: this.barCount,
      value: this.hasCommittedValue ? this.committedValue : null,
      previous: this.previous.snapshot(),
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(TYPE, snapshot, { period: this.period });
    const count = readWholeNumber(TYPE, fields, "count");
    const value = readNullableNumber(TYPE, fields, "value");
    const previous = readRollingSum(TYPE, fields, "previous", this.period);
    this.previous.restore(previous);
    this.barCount = count;
    this.committedValue = value ?? 0;
    this.hasCommittedValue = value !== null;
    this.showIf(this.hasCommittedValue, this.committedValue);
  }

  reset(): void {
    this.barCount = 0;
    this.previous.clear();
    this.committedValue = 0;
    this.hasCommittedValue = false;
    this.resetShown();
  }
}

const relVolumeParams = z.strictObject({
  /** Previous bars in the baseline average. */
  period: periodSchema(20),
});

export const relVolumeDefinition: IndicatorDefinition<typeof relVolumeParams> = {
  name: TYPE,
  description:
    "Relative volume: this bar's volume over the average volume of the previous `period` bars (default 20).",
  outputs: undefined,
  params: relVolumeParams,
  keyParts: (params) => [params.period],
  create: (params) => new RelVolume(params.period),
};
