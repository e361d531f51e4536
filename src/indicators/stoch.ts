// Slow stochastic oscillator, exactly as TA-Lib's STOCH with SMA smoothing (its default) computes it:
//   fast %K = (C − LL) / ((HH − LL) / 100), HH/LL = highest high / lowest low of the last kPeriod
//   bars, and 0 when HH = LL (TA-Lib's convention for a flat range)
//   k = SMA_kSmoothing(fast %K)   (TA-Lib's slow %K)
//   d = SMA_dPeriod(k)            (TA-Lib's slow %D)
// First value at bar kPeriod + kSmoothing + dPeriod − 2 (TA-Lib begIndex one less): 18 for 14/3/3.
// Value: one reused { k, d }. Windowed, so stableBars = requiredBars.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RollingSum, type RollingSumSnapshot, readRollingSum } from "./internal/rolling-sum.js";
import { readSlidingRange, SlidingRange } from "./internal/sliding-range.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

/** A type alias (not an interface) so it fits IndicatorOutput's index signature. */
export type StochValue = {
  k: number;
  d: number;
};

/** TA-Lib's fast %K: (C − LL) / ((HH − LL) / 100), 0 for a flat range. */
function fastStochastic(close: number, highest: number, lowest: number): number {
  const onePercent = (highest - lowest) / 100;
  return onePercent !== 0 ? (close - lowest) / onePercent : 0;
}

export class Stoch implements Indicator<StochValue> {
  readonly type = "stoch";
  readonly kPeriod: number;
  readonly kSmoothing: number;
  readonly dPeriod: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  /** Highest high and lowest low of the last kPeriod bars. */
  private readonly range: SlidingRange;
  /** The last kSmoothing fast %K values. */
  private readonly fastKs: RollingSum;
  /** The last dPeriod k values. */
  private readonly ks: RollingSum;
  private bars = 0;
  private k = 0;
  private d = 0;
  private readonly output: StochValue = { k: 0, d: 0 };
  private current: StochValue | null = null;

  constructor(kPeriod = 14, kSmoothing = 3, dPeriod = 3) {
    this.kPeriod = requirePeriod("stoch", "kPeriod", kPeriod);
    this.kSmoothing = requirePeriod("stoch", "kSmoothing", kSmoothing);
    this.dPeriod = requirePeriod("stoch", "dPeriod", dPeriod);
    this.requiredBars = kPeriod + kSmoothing + dPeriod - 2;
    this.stableBars = this.requiredBars;
    this.range = new SlidingRange(kPeriod);
    this.fastKs = new RollingSum(kSmoothing);
    this.ks = new RollingSum(dPeriod);
  }

  get count(): number {
    return this.bars;
  }

  get value(): StochValue | null {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== null;
  }

  update(bar: IndicatorInput): StochValue | null {
    const range = this.range;
    range.observe(bar, true);
    const bars = ++this.bars;
    if (bars < this.kPeriod) return this.show(null);
    const fastK = fastStochastic(bar.close, range.observedHighest, range.observedLowest);
    const fastKSum = this.fastKs.pushAndSum(fastK);
    if (!this.fastKs.isFull) return this.show(null);
    const k = fastKSum / this.kSmoothing;
    const kSum = this.ks.pushAndSum(k);
    if (!this.ks.isFull) return this.show(null);
    this.k = k;
    this.d = kSum / this.dPeriod;
    // Output fields written here, not through a helper taking numbers: numbers passed to a call
    // that is not inlined are boxed (an allocation per update).
    const output = this.output;
    output.k = k;
    output.d = this.d;
    return this.show(output);
  }

  replace(bar: IndicatorInput): StochValue | null {
    if (this.bars + 1 < this.requiredBars) return this.show(null);
    const range = this.range;
    range.observe(bar, false);
    const fastK = fastStochastic(bar.close, range.observedHighest, range.observedLowest);
    const k = this.fastKs.sumWith(fastK) / this.kSmoothing;
    const output = this.output;
    output.k = k;
    output.d = this.ks.sumWith(k) / this.dPeriod;
    return this.show(output);
  }

  /** Writes the output object (restore only; update and replace write it inline). */
  private publish(k: number, d: number): StochValue {
    const output = this.output;
    output.k = k;
    output.d = d;
    return output;
  }

  /** Sets the shown value (committed or provisional) and returns it. */
  private show(value: StochValue | null): StochValue | null {
    this.current = value;
    return value;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      kPeriod: this.kPeriod,
      kSmoothing: this.kSmoothing,
      dPeriod: this.dPeriod,
      count: this.bars,
      range: this.range.snapshot(),
      fastKs: this.fastKs.snapshot(),
      ks: this.ks.snapshot(),
      k: this.k,
      d: this.d,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const type = this.type;
    const fields = readSnapshotHeader(type, snapshot, {
      kPeriod: this.kPeriod,
      kSmoothing: this.kSmoothing,
      dPeriod: this.dPeriod,
    });
    const count = readWholeNumber(type, fields, "count");
    const range = readSlidingRange(type, fields, "range", this.kPeriod);
    const fastKs = readRollingSum(type, fields, "fastKs", this.kSmoothing);
    const ks = readRollingSum(type, fields, "ks", this.dPeriod);
    const k = readFiniteNumber(type, fields, "k");
    const d = readFiniteNumber(type, fields, "d");
    const fastKCount = Math.max(0, count - this.kPeriod + 1);
    const kCount = Math.max(0, fastKCount - this.kSmoothing + 1);
    const consistent = range.pushes === count && holdsLast(fastKs, fastKCount) && holdsLast(ks, kCount);
    if (!consistent) throw new IndicatorError(`stoch: snapshot windows do not fit a count of ${count} bars`);
    this.range.restore(range);
    this.fastKs.restore(fastKs);
    this.ks.restore(ks);
    this.bars = count;
    this.k = k;
    this.d = d;
    this.current = count >= this.requiredBars ? this.publish(k, d) : null;
  }

  reset(): void {
    this.range.clear();
    this.fastKs.clear();
    this.ks.clear();
    this.bars = 0;
    this.k = 0;
    this.d = 0;
    this.current = null;
  }
}

/** Whether a ring snapshot is what `pushes` pushes into an empty ring leave. */
function holdsLast(ring: RollingSumSnapshot, pushes: number): boolean {
  const capacity = ring.slots.length;
  return ring.filled === Math.min(pushes, capacity) && ring.next === pushes % capacity;
}

const stochParams = z.strictObject({
  /** Bars of the highest-high / lowest-low range of fast %K. */
  kPeriod: periodSchema(14),
  /** SMA length turning fast %K into k (TA-Lib's slow %K). */
  kSmoothing: periodSchema(3),
  /** SMA length of d over k (TA-Lib's slow %D). */
  dPeriod: periodSchema(3),
});

export const stochDefinition: IndicatorDefinition<typeof stochParams> = {
  name: "stoch",
  description:
    "Slow stochastic: k = SMA(kSmoothing) of fast %K over kPeriod bars, d = SMA(dPeriod) of k (TA-Lib STOCH, SMA smoothing).",
  outputs: ["k", "d"],
  params: stochParams,
  keyParts: (params) => [params.kPeriod, params.kSmoothing, params.dPeriod],
  create: (params) => new Stoch(params.kPeriod, params.kSmoothing, params.dPeriod),
};
