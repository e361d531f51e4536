// Average true range, Wilder's smoothing, exactly as TA-Lib's ATR computes it:
//   TR[t] = max(H − L, |H − C[t−1]|, |L − C[t−1]|), defined from the second bar on
//   seed (bar N+1): ATR = simple mean of the first N true ranges (bars 2..N+1)
//   then ATR = (ATR·(N−1) + TR) / N (Wilder, α = 1/N)
// First value at bar N+1 (TA-Lib begIndex N; period 1 gives the true range itself, from bar 2).
// stableBars = N + 1 plus the bars after which the seed's weight is below 1e-6: 202 for N = 14.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades } from "./internal/seed-fade.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";
import { trueRange } from "./internal/talib-conventions.js";

export class ATR extends ShownNumber implements Indicator<number> {
  readonly type = "atr";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private bars = 0;
  private previousClose = 0;
  /** Sum of the true ranges while warming up; the ATR from bar N+1 on. */
  private average = 0;

  constructor(period = 14) {
    super();
    this.period = requirePeriod("atr", "period", period);
    this.requiredBars = period + 1;
    this.stableBars = period + 1 + barsUntilSeedFades(1 / period);
  }

  get count(): number {
    return this.bars;
  }

  update(bar: IndicatorInput): number | null {
    const period = this.period;
    const bars = this.bars++;
    const range = trueRange(bar.high, bar.low, this.previousClose);
    this.previousClose = bar.close;
    if (bars > period) {
      this.average = (this.average * (period - 1) + range) / period;
      return this.show(this.average);
    }
    if (bars === 0) return this.hide();
    this.average += range;
    if (bars < period) return this.hide();
    this.average /= period;
    return this.show(this.average);
  }

  replace(bar: IndicatorInput): number | null {
    const period = this.period;
    const bars = this.bars;
    if (bars < period) return this.hide();
    const range = trueRange(bar.high, bar.low, this.previousClose);
    return this.show(
      bars > period ? (this.average * (period - 1) + range) / period : (this.average + range) / period,
    );
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      previousClose: this.previousClose,
      average: this.average,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const previousClose = readFiniteNumber(this.type, fields, "previousClose");
    const average = readFiniteNumber(this.type, fields, "average");
    this.bars = count;
    this.previousClose = previousClose;
    this.average = average;
    if (count > this.period) this.show(average);
    else this.hide();
  }

  reset(): void {
    this.bars = 0;
    this.previousClose = 0;
    this.average = 0;
    this.resetShown();
    this.hide();
  }
}

const atrParams = z.strictObject({
  /** N: true ranges averaged; Wilder's α = 1/N. */
  period: periodSchema(14),
});

export const atrDefinition: IndicatorDefinition<typeof atrParams> = {
  name: "atr",
  description:
    "Average true range with Wilder's smoothing, seeded with the mean of the first period true ranges (TA-Lib ATR).",
  outputs: undefined,
  params: atrParams,
  keyParts: (params) => [params.period],
  create: (params) => new ATR(params.period),
};
