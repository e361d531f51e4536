// Highest high and lowest low of the last N bars (the bar itself included), as TA-Lib's MAX on
// the highs and MIN on the lows: value { high, low } from bar N (TA-Lib begIndex N − 1).
// Default N = 20 (a 20-bar range, the seed's `high_low_20_1d`); a 52-week high/low is
// { period: 52 } on weekly bars (`high_low_52_1w`) or { period: 252 } on daily bars.
// O(1) amortized per bar with monotonic deques (internal/sliding-max); exact (no arithmetic).
// Windowed, so stableBars = requiredBars. Value: one reused { high, low }.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { readSlidingMax, SlidingMax } from "./internal/sliding-max.js";
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
  private readonly highs: SlidingMax;
  /** Negated lows: the sliding maximum of −L is −(lowest low); read back as 0 − max so a zero low stays +0. */
  private readonly negatedLows: SlidingMax;
  private bars = 0;
  private readonly output: HighLowValue = { high: 0, low: 0 };
  private current: HighLowValue | null = null;

  constructor(period = 20) {
    this.period = requirePeriod("high_low", "period", period);
    this.requiredBars = period;
    this.stableBars = period;
    this.highs = new SlidingMax(period);
    this.negatedLows = new SlidingMax(period);
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
    this.highs.push(bar.high);
    this.negatedLows.push(-bar.low);
    if (++this.bars < this.period) return this.show(null);
    return this.show(this.publish(this.highs.max, 0 - this.negatedLows.max));
  }

  replace(bar: IndicatorInput): HighLowValue | null {
    if (this.bars + 1 < this.period) return this.show(null);
    return this.show(this.publish(this.highs.maxWith(bar.high), 0 - this.negatedLows.maxWith(-bar.low)));
  }

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
      highs: this.highs.snapshot(),
      negatedLows: this.negatedLows.snapshot(),
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const highs = readSlidingMax(this.type, fields, "highs", this.period);
    const negatedLows = readSlidingMax(this.type, fields, "negatedLows", this.period);
    if (highs.pushes !== count || negatedLows.pushes !== count)
      throw new IndicatorError(`high_low: snapshot windows do not fit a count of ${count} bars`);
    this.highs.restore(highs);
    this.negatedLows.restore(negatedLows);
    this.bars = count;
    this.current = count >= this.period ? this.publish(this.highs.max, 0 - this.negatedLows.max) : null;
  }

  reset(): void {
    this.highs.clear();
    this.negatedLows.clear();
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
