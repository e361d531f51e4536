// Highest high and lowest low of the last N bars (the bar itself included), as TA-Lib's MAX on
// the highs and MIN on the lows: value { high, low } from bar N (TA-Lib begIndex N − 1).
// Default N = 20 (a 20-bar range, the seed's `high_low_20_1d`); a 52-week high/low is
// { period: 52 } on weekly bars (`high_low_52_1w`) or { period: 252 } on daily bars.
// O(1) amortized per bar with monotonic deques (internal/sliding-range); exact (no arithmetic).
// Windowed, so stableBars = requiredBars. Value: one reused { high, low }.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { readSlidingRange, SlidingRange } from "./internal/sliding-range.js";
import { readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

/** A type alias (not an interface) so it fits IndicatorOutput's index signature. */
export type HighLowValue = {
  high: number;
  low: number;
};

export class HighLow implements Indicator<HighLowValue> {
  readonly type = "high_low";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private readonly range: SlidingRange;
  private bars = 0;
  private readonly output: HighLowValue = { high: 0, low: 0 };
  private current: HighLowValue | null = null;

  constructor(period = 20) {
    this.period = requirePeriod("high_low", "period", period);
    this.requiredBars = period;
    this.stableBars = period;
    this.range = new SlidingRange(period);
  }

  get count(): number {
    return this.bars;
  }

  get value(): HighLowValue | null {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== null;
  }

  update(bar: IndicatorInput): HighLowValue | null {
    const range = this.range;
    range.observe(bar, true);
    if (++this.bars < this.period) return this.show(null);
    // Output fields written here, not through a helper taking numbers: numbers passed to a call
    // that is not inlined are boxed (an allocation per update).
    const output = this.output;
    output.high = range.observedHighest;
    output.low = range.observedLowest;
    return this.show(output);
  }

  replace(bar: IndicatorInput): HighLowValue | null {
    if (this.bars + 1 < this.period) return this.show(null);
    const range = this.range;
    range.observe(bar, false);
    const output = this.output;
    output.high = range.observedHighest;
    output.low = range.observedLowest;
    return this.show(output);
  }

  /** Writes the output object (restore only; update and replace write it inline). */
  private publish(high: number, low: number): HighLowValue {
    const output = this.output;
    output.high = high;
    output.low = low;
    return output;
  }

  /** Sets the shown value (committed or provisional) and returns it. */
  private show(value: HighLowValue | null): HighLowValue | null {
    this.current = value;
    return value;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      range: this.range.snapshot(),
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const range = readSlidingRange(this.type, fields, "range", this.period);
    if (range.pushes !== count)
      throw new IndicatorError(`high_low: snapshot window does not fit a count of ${count} bars`);
    this.range.restore(range);
    this.bars = count;
    this.current = count >= this.period ? this.publish(this.range.highest, this.range.lowest) : null;
  }

  reset(): void {
    this.range.clear();
    this.bars = 0;
    this.current = null;
  }
}

const highLowParams = z.strictObject({
  /** Bars in the window: 20 by default; 52 on `1w` or 252 on `1d` for a 52-week high/low. */
  period: periodSchema(20),
});

export const highLowDefinition: IndicatorDefinition<typeof highLowParams> = {
  name: "high_low",
  description: "Highest high and lowest low of the last period bars (TA-Lib MAX of highs, MIN of lows).",
  outputs: ["high", "low"],
  params: highLowParams,
  keyParts: (params) => [params.period],
  create: (params) => new HighLow(params.period),
};
