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
import {
  BankedNumber,
  CloseNumberBank,
  COUNT,
  IS_SHOWN,
  NUMBER_FIELDS,
  SHOWN,
} from "./internal/number-bank.js";
import { periodSchema, requirePeriod } from "./internal/parameters.js";
import { barsUntilSeedFades } from "./internal/seed-fade.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

function strengthIndex(averageGain: number, averageLoss: number): number {
  const total = averageGain + averageLoss;
  // TA-Lib's TA_IS_ZERO (|total| < 1e-14), spelled out: a call into another module here costs an
  // allocation per update when this code is inlined into a caller's loop.
  return total > -1e-14 && total < 1e-14 ? 0 : 100 * (averageGain / total);
}

/** Offsets in an RSI record (after the number fields, see internal/number-bank.ts). */
const PREVIOUS_CLOSE = NUMBER_FIELDS;
/** Sum of the gains while warming up; Wilder's average gain from bar N+1 on. */
const GAIN = NUMBER_FIELDS + 1;
/** Sum of the losses (positive) while warming up; Wilder's average loss from bar N+1 on. */
const LOSS = NUMBER_FIELDS + 2;
const STRIDE = NUMBER_FIELDS + 3;

/** The state of one RSI key for every symbol holding it (see internal/indicator-bank.ts). */
export class RsiBank extends CloseNumberBank {
  readonly period: number;

  constructor(period: number, capacity?: number) {
    super(STRIDE, capacity);
    this.period = requirePeriod("rsi", "period", period, 2);
  }

  view(slot: number): RSI {
    return new RSI(this.period, this, slot);
  }

  protected commitClose(slot: number, close: number): void {
    const base = slot * STRIDE;
    const state = this.state;
    const period = this.period;
    const bars = state[base + COUNT];
    state[base + COUNT] = bars + 1;
    const change = close - state[base + PREVIOUS_CLOSE];
    state[base + PREVIOUS_CLOSE] = close;
    if (bars > period) {
      let loss = state[base + LOSS] * (period - 1);
      let gain = state[base + GAIN] * (period - 1);
      if (change < 0) loss -= change;
      else gain += change;
      loss /= period;
      gain /= period;
      state[base + LOSS] = loss;
      state[base + GAIN] = gain;
      state[base + SHOWN] = strengthIndex(gain, loss);
      state[base + IS_SHOWN] = 1;
      return;
    }
    if (bars === 0) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    if (change < 0) state[base + LOSS] -= change;
    else state[base + GAIN] += change;
    if (bars < period) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    state[base + LOSS] /= period;
    state[base + GAIN] /= period;
    state[base + SHOWN] = strengthIndex(state[base + GAIN], state[base + LOSS]);
    state[base + IS_SHOWN] = 1;
  }

  replace(slot: number, bar: IndicatorInput): void {
    const state = this.state;
    const base = slot * STRIDE;
    const period = this.period;
    const bars = state[base + COUNT];
    if (bars < period) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    const change = bar.close - state[base + PREVIOUS_CLOSE];
    let loss = state[base + LOSS];
    let gain = state[base + GAIN];
    if (bars > period) {
      loss *= period - 1;
      gain *= period - 1;
    }
    if (change < 0) loss -= change;
    else gain += change;
    state[base + SHOWN] = strengthIndex(gain / period, loss / period);
    state[base + IS_SHOWN] = 1;
  }
}

/** The Indicator contract on one slot of an RsiBank (a bank of its own when constructed alone). */
export class RSI extends BankedNumber<RsiBank> implements Indicator<number> {
  readonly type = "rsi";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;

  constructor(period = 14, bank = new RsiBank(period, 1), slot = bank.allocate()) {
    super(bank, slot);
    this.period = bank.period;
    this.requiredBars = period + 1;
    this.stableBars = period + 1 + barsUntilSeedFades(1 / period);
  }

  snapshot(): IndicatorSnapshot {
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    return {
      type: this.type,
      period: this.period,
      count: state[base + COUNT],
      previousClose: state[base + PREVIOUS_CLOSE],
      gain: state[base + GAIN],
      loss: state[base + LOSS],
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const previousClose = readFiniteNumber(this.type, fields, "previousClose");
    const gain = readFiniteNumber(this.type, fields, "gain");
    const loss = readFiniteNumber(this.type, fields, "loss");
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    state[base + COUNT] = count;
    state[base + PREVIOUS_CLOSE] = previousClose;
    state[base + GAIN] = gain;
    state[base + LOSS] = loss;
    state[base + IS_SHOWN] = count > this.period ? 1 : 0;
    if (count > this.period) state[base + SHOWN] = strengthIndex(gain, loss);
  }
}

const rsiParams = z.strictObject({
  /** N: changes averaged; Wilder's α = 1/N. */
  period: periodSchema(14, 2),
});

function createRsi(params: z.output<typeof rsiParams>): RSI {
  return new RSI(params.period);
}

export const rsiDefinition: IndicatorDefinition<typeof rsiParams> = {
  name: "rsi",
  description:
    "Relative strength index with Wilder's smoothing, seeded with the simple mean of the first period changes (TA-Lib RSI).",
  outputs: undefined,
  params: rsiParams,
  keyParts: (params) => [params.period],
  create: createRsi,
  bank: { replaces: createRsi, create: (params) => new RsiBank(params.period) },
};
