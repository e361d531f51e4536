// A multi-output test indicator, `last_range`: the high and low of the last bar, in one reused
// object (as the real multi-output indicators keep theirs). Its `label` parameter is not part of
// the key, so registering it twice with different labels exercises the "same key, other
// parameters" refusal.

import { z } from "zod";
import type { IndicatorDefinition } from "../../src/indicators/definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "../../src/indicators/indicator.js";
import { IndicatorRegistry } from "../../src/indicators/indicator-registry.js";

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

/**
 * An indicator under the `last_range` definition that records every field of every bar it is fed
 * (time, open, high, low, close, volume) into `seen`, and a registry holding it beside `others`:
 * the column-fed paths hand bars over through reused cursors, and a field read from the wrong
 * column shows in what it recorded.
 */
export function fieldRecorderRegistry(
  seen: number[][],
  others: readonly IndicatorDefinition[],
): IndicatorRegistry {
  const recorder: Indicator<number> = {
    type: "last_range",
    requiredBars: 1,
    stableBars: 1,
    count: 0,
    value: null,
    ready: false,
    update(bar: IndicatorInput) {
      seen.push([bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]);
      return null;
    },
    replace: () => null,
    snapshot: () => ({ type: "last_range", count: 0 }),
    restore() {},
    reset() {},
  };
  return new IndicatorRegistry(others).with({ ...lastRangeDefinition, create: () => recorder } as never);
}
