// Moving average convergence/divergence, exactly as TA-Lib's MACD computes it:
//   macd = EMA_fast(C) − EMA_slow(C); signal = EMA_signal(macd); histogram = macd − signal
//   with α = 2/(N+1) for each EMA. Seeding (TA-Lib's): both price EMAs start together at bar `slow`,
//   the slow one seeded with the SMA of the first `slow` closes and the fast one with the SMA of
//   the `fast` closes ending at that same bar (not of the first `fast` closes). The signal EMA is
//   seeded with the SMA of the first `signal` macd values. First value at bar slow + signal − 1
//   (TA-Lib begIndex slow + signal − 2): 34 for 12/26/9.
// stableBars: the bar after which both the slow EMA's seed (the slowest to fade) and the signal's
// seed weigh less than 1e-6 (internal/seed-fade): 206 for 12/26/9.
// The value is one reused object { macd, signal, histogram }.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades, emaAlpha } from "./internal/seed-fade.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

/** A type alias (not an interface) so it fits IndicatorOutput's index signature. */
export type MACDValue = {
  macd: number;
  signal: number;
  histogram: number;
};

export class MACD implements Indicator<MACDValue> {
  readonly type = "macd";
  readonly fast: number;
  readonly slow: number;
  readonly signal: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private readonly fastAlpha: number;
  private readonly slowAlpha: number;
  private readonly signalAlpha: number;
  private bars = 0;
  /** Sum of the closes of bars [slow − fast + 1, slow] while warming up, then the fast EMA. */
  private fastAverage = 0;
  /** Sum of the first `slow` closes while warming up, then the slow EMA. */
  private slowAverage = 0;
  /** Sum of the first `signal` macd values while warming up, then the signal EMA. */
  private signalAverage = 0;
  private readonly output: MACDValue = { macd: 0, signal: 0, histogram: 0 };
  private current: MACDValue | null = null;

  constructor(fast = 12, slow = 26, signal = 9) {
    this.fast = requirePeriod("macd", "fast", fast);
    this.slow = requirePeriod("macd", "slow", slow, 2);
    this.signal = requirePeriod("macd", "signal", signal);
    if (fast >= slow)
      throw new IndicatorError(`macd: fast must be below slow, got fast ${fast} and slow ${slow}`);
    this.fastAlpha = emaAlpha(fast);
    this.slowAlpha = emaAlpha(slow);
    this.signalAlpha = emaAlpha(signal);
    this.requiredBars = slow + signal - 1;
    this.stableBars = Math.max(
      this.requiredBars + barsUntilSeedFades(this.signalAlpha),
      slow + barsUntilSeedFades(this.slowAlpha),
    );
  }

  get count(): number {
    return this.bars;
  }

  get value(): MACDValue | null {
    return this.current;
  }

  get ready(): boolean {
    return this.current !== null;
  }

  update(bar: IndicatorInput): MACDValue | null {
    const close = bar.close;
    const bars = ++this.bars;
    const slow = this.slow;
    if (bars > slow) {
      this.fastAverage = (close - this.fastAverage) * this.fastAlpha + this.fastAverage;
      this.slowAverage = (close - this.slowAverage) * this.slowAlpha + this.slowAverage;
    } else {
      this.slowAverage += close;
      if (bars > slow - this.fast) this.fastAverage += close;
      if (bars < slow) return this.show(null);
      this.fastAverage /= this.fast;
      this.slowAverage /= slow;
    }
    const macd = this.fastAverage - this.slowAverage;
    const signalReadyAt = this.requiredBars;
    if (bars > signalReadyAt) {
      this.signalAverage = (macd - this.signalAverage) * this.signalAlpha + this.signalAverage;
    } else {
      this.signalAverage += macd;
      if (bars < signalReadyAt) return this.show(null);
      this.signalAverage /= this.signal;
    }
    // Output fields written here, not through a helper taking numbers: numbers passed to a call
    // that is not inlined are boxed (an allocation per update).
    const output = this.output;
    output.macd = macd;
    output.signal = this.signalAverage;
    output.histogram = macd - this.signalAverage;
    return this.show(output);
  }

  replace(bar: IndicatorInput): MACDValue | null {
    const bars = this.bars + 1;
    const signalReadyAt = this.requiredBars;
    if (bars < signalReadyAt) return this.show(null);
    const close = bar.close;
    const slow = this.slow;
    let fastAverage: number;
    let slowAverage: number;
    if (bars > slow) {
      fastAverage = (close - this.fastAverage) * this.fastAlpha + this.fastAverage;
      slowAverage = (close - this.slowAverage) * this.slowAlpha + this.slowAverage;
    } else {
      // Only when signal = 1: the EMAs and the signal all seed on this bar.
      fastAverage = (this.fastAverage + close) / this.fast;
      slowAverage = (this.slowAverage + close) / slow;
    }
    const macd = fastAverage - slowAverage;
    const signal =
      bars > signalReadyAt
        ? (macd - this.signalAverage) * this.signalAlpha + this.signalAverage
        : (this.signalAverage + macd) / this.signal;
    const output = this.output;
    output.macd = macd;
    output.signal = signal;
    output.histogram = macd - signal;
    return this.show(output);
  }

  /** Writes the output object (restore only; update and replace write it inline). */
  private publish(macd: number, signal: number): MACDValue {
    const output = this.output;
    output.macd = macd;
    output.signal = signal;
    output.histogram = macd - signal;
    return output;
  }

  /** Sets the shown value (committed or provisional) and returns it. */
  private show(value: MACDValue | null): MACDValue | null {
    this.current = value;
    return value;
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      fast: this.fast,
      slow: this.slow,
      signal: this.signal,
      count: this.bars,
      fastAverage: this.fastAverage,
      slowAverage: this.slowAverage,
      signalAverage: this.signalAverage,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, {
      fast: this.fast,
      slow: this.slow,
      signal: this.signal,
    });
    const count = readWholeNumber(this.type, fields, "count");
    const fastAverage = readFiniteNumber(this.type, fields, "fastAverage");
    const slowAverage = readFiniteNumber(this.type, fields, "slowAverage");
    const signalAverage = readFiniteNumber(this.type, fields, "signalAverage");
    this.bars = count;
    this.fastAverage = fastAverage;
    this.slowAverage = slowAverage;
    this.signalAverage = signalAverage;
    this.current = count >= this.requiredBars ? this.publish(fastAverage - slowAverage, signalAverage) : null;
  }

  reset(): void {
    this.bars = 0;
    this.fastAverage = 0;
    this.slowAverage = 0;
    this.signalAverage = 0;
    this.current = null;
  }
}

const macdParams = z
  .strictObject({
    /** Period of the fast EMA of the close. */
    fast: periodSchema(12),
    /** Period of the slow EMA of the close; above `fast`. */
    slow: periodSchema(26, 2),
    /** Period of the signal EMA of the macd line. */
    signal: periodSchema(9),
  })
  .refine((params) => params.fast < params.slow, {
    error: "fast must be below slow",
    path: ["fast"],
  });

export const macdDefinition: IndicatorDefinition<typeof macdParams> = {
  name: "macd",
  description:
    "MACD: EMA(fast) − EMA(slow) of the close, its EMA(signal) and the histogram, seeded like TA-Lib's MACD.",
  outputs: ["macd", "signal", "histogram"],
  params: macdParams,
  keyParts: (params) => [params.fast, params.slow, params.signal],
  create: (params) => new MACD(params.fast, params.slow, params.signal),
};
