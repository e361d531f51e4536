// Rate of change of the close over N bars, in percent, exactly as TA-Lib's ROC computes it:
//   ROC = (C[t] / C[t−N] − 1) · 100, and 0 when C[t−N] = 0 (TA-Lib's convention)
// which is (C − C[N]) / C[N] · 100 up to rounding. First value at bar N+1 (TA-Lib begIndex N).
// Windowed, so stableBars = requiredBars.

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { RingBuffer, readRingBuffer } from "./internal/ring-buffer.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

function rateOfChange(close: number, earlierClose: number): number {
  return earlierClose !== 0 ? (close / earlierClose - 1) * 100 : 0;
}

export class ROC extends ShownNumber implements Indicator<number> {
  readonly type = "roc";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  /** The last N closes; once full, the oldest is C[t−N] for the next bar. */
  private readonly closes: RingBuffer;
  private bars = 0;
  private rate = 0;

  constructor(period = 10) {
    super();
    this.period = requirePeriod("roc", "period", period);
    this.requiredBars = period + 1;
    this.stableBars = period + 1;
    this.closes = new RingBuffer(period);
  }

  get count(): number {
    return this.bars;
  }

  update(bar: IndicatorInput): number | null {
    const closes = this.closes;
    const close = bar.close;
    this.bars++;
    if (!closes.isFull) {
      closes.push(close);
      return this.hide();
    }
    this.rate = rateOfChange(close, closes.oldest);
    closes.push(close);
    return this.show(this.rate);
  }

  replace(bar: IndicatorInput): number | null {
    const closes = this.closes;
    return closes.isFull ? this.show(rateOfChange(bar.close, closes.oldest)) : this.hide();
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      closes: this.closes.snapshot(),
      rate: this.rate,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const closes = readRingBuffer(this.type, fields, "closes", this.period);
    if (closes.filled !== Math.min(count, this.period) || closes.next !== count % this.period)
      throw new IndicatorError(`roc: snapshot window does not hold the last ${this.period} of ${count} bars`);
    const rate = readFiniteNumber(this.type, fields, "rate");
    this.closes.restore(closes);
    this.bars = count;
    this.rate = rate;
    if (count > this.period) this.show(rate);
    else this.hide();
  }

  reset(): void {
    this.closes.clear();
    this.bars = 0;
    this.rate = 0;
    this.resetShown();
    this.hide();
  }
}

const rocParams = z.strictObject({
  /** N: the close is compared with the close N bars earlier. */
  period: periodSchema(10),
});

export const rocDefinition: IndicatorDefinition<typeof rocParams> = {
  name: "roc",
  description:
    "Rate of change of the close over period bars, in percent: (C / C[period] − 1)·100 (TA-Lib ROC).",
  outputs: undefined,
  params: rocParams,
  keyParts: (params) => [params.period],
  create: (params) => new ROC(params.period),
};
