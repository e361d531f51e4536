// A multi-output test indicator, `last_range`: the high and low of the last bar, in one reused
// object (as the real multi-output indicators keep theirs). Its `label` parameter is not part of
// the key, so registering it twice with different labels exercises the "same key, other
// parameters" refusal.

import { z } from "zod";
import type { IndicatorDefinition } from "../../src/indicators/definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "../../src/indicators/indicator.js";

export class LastRange implements Indicator<{ high: number; low: number }> {
  readonly type = "last_range";
  readonly requiredBars = 1;
  readonly stableBars = 1;
  count = 0;
  value: { high: number; low: number } | null = null;
  private readonly output = { high: 0, low: 0 };
  get ready(): boolean {
    return this.value !== null;
  }
  update(bar: IndicatorInput) {
    this.count++;
    return this.replace(bar);
  }
  replace(bar: IndicatorInput) {
    this.output.high = bar.high;
    this.output.low = bar.low;
    this.value = this.output;
    return this.value;
  }
  snapshot(): IndicatorSnapshot {
    return { type: this.type, count: this.count };
  }
  restore(): void {}
  reset(): void {}
}

const lastRangeParams = z.strictObject({ label: z.string().default("x") });

export const lastRangeDefinition: IndicatorDefinition<typeof lastRangeParams> = {
  name: "last_range",
  description: "test: high and low of the last bar",
  outputs: ["high", "low"],
  params: lastRangeParams,
  keyParts: () => [],
  create: () => new LastRange(),
};
