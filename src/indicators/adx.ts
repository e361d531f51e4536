// Average directional index, Wilder's, exactly as TA-Lib's ADX computes it (period N):
//   +DM = H − H[t−1] if it is > 0 and > L[t−1] − L, else 0; −DM = L[t−1] − L if it is > 0 and
//   > H − H[t−1], else 0; TR = true range.
//   Bars 2..N: +DM, −DM and TR are summed (N − 1 values: TA-Lib's seed).
//   From bar N+1: each is smoothed as S = S − S/N + today (Wilder's running sum),
//   ±DI = 100·(±DM / TR), DX = 100·|+DI − −DI| / (+DI + −DI).
//   Bars N+1..2N: the N DX values are summed; the first ADX (bar 2N) is their sum / N.
//   Then ADX = (ADX·(N−1) + DX) / N.
//   A DX whose TR or DI sum is within 1e-14 of zero (TA-Lib's TA_IS_ZERO) is skipped: it adds
//   nothing to the seed sum (still divided by N) and leaves the ADX unchanged afterwards.
// First value at bar 2N (TA-Lib begIndex 2N − 1): 28 for N = 14. stableBars = 2N plus the bars
// after which the ADX seed's weight (1 − 1/N)^m is below 1e-6: 215 for N = 14.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades } from "./internal/seed-fade.js";
import { ShownNumber } from "./internal/shown-number.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";
import { trueRange } from "./internal/talib-conventions.js";

/** Marks a bar whose DX is undefined (no range, or no directional movement at all). */
const NO_DIRECTIONAL_INDEX = -1;

function plusMovement(upMove: number, downMove: number): number {
  return upMove > 0 && upMove > downMove ? upMove : 0;
}

function minusMovement(upMove: number, downMove: number): number {
  return downMove > 0 && upMove < downMove ? downMove : 0;
}

/** DX, or NO_DIRECTIONAL_INDEX when TR or the DI sum is within TA-Lib's TA_IS_ZERO (|v| < 1e-14). */
function directionalIndex(plusDM: number, minusDM: number, range: number): number {
  // The epsilon is spelled out: calling into another module from here costs an allocation per
  // update when this code ends up inlined into a caller's loop.
  if (range > -1e-14 && range < 1e-14) return NO_DIRECTIONAL_INDEX;
  const minusDI = 100 * (minusDM / range);
  const plusDI = 100 * (plusDM / range);
  const total = minusDI + plusDI;
  if (total > -1e-14 && total < 1e-14) return NO_DIRECTIONAL_INDEX;
  return 100 * (Math.abs(minusDI - plusDI) / total);
}

export class ADX extends ShownNumber implements Indicator<number> {
  readonly type = "adx";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  private bars = 0;
  private previousHigh = 0;
  private previousLow = 0;
  private previousClose = 0;
  /** Wilder running sums (plain sums while seeding) of +DM, −DM and TR. */
  private plusDM = 0;
  private minusDM = 0;
  private range = 0;
  /** Sum of the DX values while seeding; the ADX from bar 2N on. */
  private average = 0;

  constructor(period = 14) {
    super();
    this.period = requirePeriod("adx", "period", period, 2);
    this.requiredBars = 2 * period;
    this.stableBars = 2 * period + barsUntilSeedFades(1 / period);
  }

  get count(): number {
    return this.bars;
  }

  update(bar: IndicatorInput): number | null {
    const period = this.period;
    const index = this.bars++;
    const high = bar.high;
    const low = bar.low;
    const upMove = high - this.previousHigh;
    const downMove = this.previousLow - low;
    const range = trueRange(high, low, this.previousClose);
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = bar.close;
    if (index === 0) return this.hide();
    if (index < period) {
      this.plusDM += plusMovement(upMove, downMove);
      this.minusDM += minusMovement(upMove, downMove);
      this.range += range;
      return this.hide();
    }
    this.minusDM = this.minusDM - this.minusDM / period + minusMovement(upMove, downMove);
    this.plusDM = this.plusDM - this.plusDM / period + plusMovement(upMove, downMove);
    this.range = this.range - this.range / period + range;
    const dx = directionalIndex(this.plusDM, this.minusDM, this.range);
    const seedIndex = 2 * period - 1;
    if (index > seedIndex) {
      if (dx !== NO_DIRECTIONAL_INDEX) this.average = (this.average * (period - 1) + dx) / period;
      return this.show(this.average);
    }
    if (dx !== NO_DIRECTIONAL_INDEX) this.average += dx;
    if (index < seedIndex) return this.hide();
    this.average /= period;
    return this.show(this.average);
  }

  replace(bar: IndicatorInput): number | null {
    const period = this.period;
    const index = this.bars;
    const seedIndex = 2 * period - 1;
    if (index < seedIndex) return this.hide();
    const high = bar.high;
    const low = bar.low;
    const upMove = high - this.previousHigh;
    const downMove = this.previousLow - low;
    const minusDM = this.minusDM - this.minusDM / period + minusMovement(upMove, downMove);
    const plusDM = this.plusDM - this.plusDM / period + plusMovement(upMove, downMove);
    const range = this.range - this.range / period + trueRange(high, low, this.previousClose);
    const dx = directionalIndex(plusDM, minusDM, range);
    if (index > seedIndex)
      return this.show(
        dx !== NO_DIRECTIONAL_INDEX ? (this.average * (period - 1) + dx) / period : this.average,
      );
    return this.show((dx !== NO_DIRECTIONAL_INDEX ? this.average + dx : this.average) / period);
  }

  snapshot(): IndicatorSnapshot {
    return {
      type: this.type,
      period: this.period,
      count: this.bars,
      previousHigh: this.previousHigh,
      previousLow: this.previousLow,
      previousClose: this.previousClose,
      plusDM: this.plusDM,
      minusDM: this.minusDM,
      range: this.range,
      average: this.average,
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const type = this.type;
    const fields = readSnapshotHeader(type, snapshot, { period: this.period });
    const count = readWholeNumber(type, fields, "count");
    const previousHigh = readFiniteNumber(type, fields, "previousHigh");
    const previousLow = readFiniteNumber(type, fields, "previousLow");
    const previousClose = readFiniteNumber(type, fields, "previousClose");
    const plusDM = readFiniteNumber(type, fields, "plusDM");
    const minusDM = readFiniteNumber(type, fields, "minusDM");
    const range = readFiniteNumber(type, fields, "range");
    const average = readFiniteNumber(type, fields, "average");
    this.bars = count;
    this.previousHigh = previousHigh;
    this.previousLow = previousLow;
    this.previousClose = previousClose;
    this.plusDM = plusDM;
    this.minusDM = minusDM;
    this.range = range;
    this.average = average;
    if (count >= this.requiredBars) this.show(average);
    else this.hide();
  }

  reset(): void {
    this.bars = 0;
    this.previousHigh = 0;
    this.previousLow = 0;
    this.previousClose = 0;
    this.plusDM = 0;
    this.minusDM = 0;
    this.range = 0;
    this.average = 0;
    this.resetShown();
    this.hide();
  }
}

const adxParams = z.strictObject({
  /** N: Wilder's smoothing length (α = 1/N) for the DM/TR sums and the ADX. */
  period: periodSchema(14, 2),
});

export const adxDefinition: IndicatorDefinition<typeof adxParams> = {
  name: "adx",
  description: "Average directional index with Wilder's smoothing (TA-Lib ADX).",
  outputs: undefined,
  params: adxParams,
  keyParts: (params) => [params.period],
  create: (params) => new ADX(params.period),
};
