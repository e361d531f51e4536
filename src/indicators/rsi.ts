// Relative strength index, Wilder's smoothing, exactly as TA-Lib's RSI computes it:
//   change d = C[t] − C[t−1]; gain = max(d, 0), loss = max(−d, 0)
//   seed (bar N+1): avgGain, avgLoss = simple means of the first N gains and losses
//   then avg = (avg·(N−1) + today) / N (Wilder, α = 1/N)
//   RSI = 100·avgGain / (avgGain + avgLoss), and 0 when avgGain + avgLoss is within 1e-14 of zero
//   (TA-Lib's TA_IS_ZERO: a perfectly flat series gives 0, not 50 or 100).
// First value at bar N+1 (TA-Lib begIndex N). stableBars = N + 1 plus the bars after which the
// seed's weight (1 − 1/N)^m is below 1e-6: 202 for N = 14.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { CloseOnlyIndicator } from "./internal/close-only.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades } from "./internal/seed-fade.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

function strengthIndex(averageGain: number, averageLoss: number): number {
  const total = averageGain + averageLoss;
  // TA-Lib's TA_IS_ZERO (|total| < 1e-14), spelled out: a call into another module here costs an
  // allocation per update when this code is inlined into a caller's loop.
  return total > -1e-14 && total < 1e-14 ? 0 : 100 * (averageGain / total);
}

export class RSI extends CloseOnlyIndicator implements Indicator<number> {
  readonly type = "rsi";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private bars = 0;
  private previousClose = 0;
  /** Sum of the gains while warming up; Wilder's average gain from bar N+1 on. */
  private gain = 0;
  /** Sum of the losses (positive) while warming up; Wilder's average loss from bar N+1 on. */
  private loss = 0;

  constructor(period = 14) {
    super();
    this.period = requirePeriod("rsi", "period", period, 2);
    this.requiredBars = period + 1;
    this.stableBars = period + 1 + barsUntilSeedFades(1 / period);
  }

  get count(): number {
    return this.bars;
  }

  protected updateClose(close: number): number | null {
    const period = this.period;
    const bars = this.bars++;
    const change = close - this.previousClose;
    this.previousClose = close;
    if (bars > period) {
      let loss = this.loss * (period - 1);
      let gain = this.gain * (period - 1);
      if (change < 0) loss -= change;
      else gain += change;
      this.loss = loss / period;
      this.gain = gain / period;
      return this.show(strengthIndex(this.gain, this.loss));
    }
    if (bars === 0) return this.hide();
    if (change < 0) this.loss -= change;
    else this.gain += change;
    if (bars < period) return this.hide();
    this.loss /= period;
    this.gain /= period;
    return this.show(strengthIndex(this.gain, this.loss));
  }

  replace(bar: IndicatorInput): number | null {
    const period = this.period;
    const bars = this.bars;
    if (bars < period) return this.hide();
    const change = bar.close - this.previousClose;
    let loss = this.loss;
    let gain = this.gain;
    if (bars > period) {
      loss *= period - 1;
      gain *= period - 1;
    }
    if (change < 0) loss -= change;
    else gain += change;
    return this.show(strengthIndex(gain / period, loss / period));
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      previousClose: this.previousClose,
      gain: this.gain,
      loss: this.loss,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const previousClose = readFiniteNumber(this.type, fields, "previousClose");
    const gain = readFiniteNumber(this.type, fields, "gain");
    const loss = readFiniteNumber(this.type, fields, "loss");
    this.bars = count;
    this.previousClose = previousClose;
    this.gain = gain;
    this.loss = loss;
    if (count > this.period) this.show(strengthIndex(gain, loss));
    else this.hide();
  }

  reset(): void {
    this.bars = 0;
    this.previousClose = 0;
    this.gain = 0;
    this.loss = 0;
    this.resetShown();
    this.hide();
  }
}

const rsiParams = z.strictObject({
  /** N: changes averaged; Wilder's α = 1/N. */
  period: periodSchema(14, 2),
});

export const rsiDefinition: IndicatorDefinition<typeof rsiParams> = {
  name: "rsi",
  description:
    "Relative strength index with Wilder's smoothing, seeded with the simple mean of the first period changes (TA-Lib RSI).",
  outputs: undefined,
  params: rsiParams,
  keyParts: (params) => [params.period],
  create: (params) => new RSI(params.period),
};
