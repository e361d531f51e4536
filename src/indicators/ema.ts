// Exponential moving average of the close: EMA[t] = EMA[t−1] + α·(C[t] − EMA[t−1]), α = 2/(N+1).
// Seeding (TA-Lib's default): the first value, at bar N, is the SMA of the first N closes.
// Equal to TA-Lib's EMA from its first output (begIndex N − 1). stableBars = N plus the bars after
// which the seed's weight (1 − α)^m is below 1e-6 (internal/seed-fade): 159 for N = 20.

import { z } from "zod";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorSnapshot } from "./indicator.js";
import {
  BankedNumber,
  CloseNumberBank,
  COUNT,
  IS_SHOWN,
  NUMBER_FIELDS,
  SHOWN,
} from "./internal/number-bank.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades, emaAlpha } from "./internal/seed-fade.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

/** Offsets in an EMA record (after the number fields, see internal/number-bank.ts). */
/** Sum of the closes while warming up (the seed), then unused. */
const SEED_SUM = NUMBER_FIELDS;
/** Committed EMA (meaningful once the count reaches the period). */
const AVERAGE = NUMBER_FIELDS + 1;
const STRIDE = NUMBER_FIELDS + 2;

/** The state of one EMA key for every symbol holding it (see internal/indicator-bank.ts). */
export class EmaBank extends CloseNumberBank {
  readonly period: number;
  readonly alpha: number;

  constructor(period: number, capacity?: number) {
    super(STRIDE, capacity);
    this.period = requirePeriod("ema", "period", period);
    this.alpha = emaAlpha(period);
  }

  view(slot: number): EMA {
    return new EMA(this.period, this, slot);
  }

  protected commitClose(slot: number, close: number): void {
    const base = slot * STRIDE;
    const state = this.state;
    const bars = ++state[base + COUNT];
    if (bars > this.period) {
      const average = state[base + AVERAGE];
      state[base + AVERAGE] = (close - average) * this.alpha + average;
      state[base + SHOWN] = state[base + AVERAGE];
      state[base + IS_SHOWN] = 1;
      return;
    }
    state[base + SEED_SUM] += close;
    if (bars < this.period) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    state[base + AVERAGE] = state[base + SEED_SUM] / this.period;
    state[base + SHOWN] = state[base + AVERAGE];
    state[base + IS_SHOWN] = 1;
  }

  replace(slot: number, bar: IndicatorInput): void {
    const state = this.state;
    const base = slot * STRIDE;
    const close = bar.close;
    const bars = state[base + COUNT] + 1;
    if (bars < this.period) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    const average = state[base + AVERAGE];
    state[base + SHOWN] =
      bars > this.period
        ? (close - average) * this.alpha + average
        : (state[base + SEED_SUM] + close) / this.period;
    state[base + IS_SHOWN] = 1;
  }
}

/** The Indicator contract on one slot of an EmaBank (a bank of its own when constructed alone). */
export class EMA extends BankedNumber<EmaBank> implements Indicator<number> {
  readonly type = "ema";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;

  constructor(period = 20, bank = new EmaBank(period, 1), slot = bank.allocate()) {
    super(bank, slot);
    this.period = bank.period;
    this.requiredBars = period;
    this.stableBars = period + barsUntilSeedFades(bank.alpha);
  }

  snapshot(): IndicatorSnapshot {
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    return {
      type: this.type,
      period: this.period,
      count: state[base + COUNT],
      seedSum: state[base + SEED_SUM],
      average: state[base + AVERAGE],
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const seedSum = readFiniteNumber(this.type, fields, "seedSum");
    const average = readFiniteNumber(this.type, fields, "average");
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    state[base + COUNT] = count;
    state[base + SEED_SUM] = seedSum;
    state[base + AVERAGE] = average;
    state[base + IS_SHOWN] = count >= this.period ? 1 : 0;
    if (count >= this.period) state[base + SHOWN] = average;
  }
}

const emaParams = z.strictObject({
  /** N: α = 2/(N+1); the seed is the SMA of the first N closes. */
  period: periodSchema(20),
});

function createEma(params: z.output<typeof emaParams>): EMA {
  return new EMA(params.period);
}

export const emaDefinition: IndicatorDefinition<typeof emaParams> = {
  name: "ema",
  description:
    "Exponential moving average of the close, α = 2/(period+1), seeded with the SMA of the first period closes (TA-Lib EMA).",
  outputs: undefined,
  params: emaParams,
  keyParts: (params) => [params.period],
  create: createEma,
  bank: { replaces: createEma, create: (params) => new EmaBank(params.period) },
};
