// Simple moving average of the close: SMA = (C[t] + … + C[t−N+1]) / N, first value at bar N.
// Same as TA-Lib's SMA from its first output (begIndex N − 1). The window sum is a rolling sum,
// recomputed once per lap of the window so rounding never accumulates (see internal/rolling-sum).

import { z } from "zod";
import { IndicatorError } from "../core/errors.js";
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
import { compensatedSum } from "./internal/ring-buffer.js";
import { type RollingSumSnapshot, readRollingSum } from "./internal/rolling-sum.js";
import { readFiniteNumber, readSnapshotHeader, readWholeNumber } from "./internal/snapshot-fields.js";

/** Offsets in an SMA record (after the number fields, see internal/number-bank.ts). */
/** Window slot the next close goes to; once the window is full, it holds the oldest close. */
const NEXT = NUMBER_FIELDS;
/** Closes in the window (at most the period). */
const FILLED = NUMBER_FIELDS + 1;
/** Running sum of the window, recomputed once per lap (internal/rolling-sum.ts's rule). */
const TOTAL = NUMBER_FIELDS + 2;
/** Committed average (meaningful once the count reaches the period). */
const AVERAGE = NUMBER_FIELDS + 3;
const STRIDE = NUMBER_FIELDS + 4;

/**
 * The state of one SMA key for every symbol holding it (see internal/indicator-bank.ts); each
 * slot's window of closes is `period` doubles of `windows`, in slot order. The arithmetic is
 * RollingSum's (internal/rolling-sum.ts): sum' = sum − oldest + newest, and once per lap of the
 * window the compensated sum of its closes.
 */
export class SmaBank extends CloseNumberBank {
  readonly period: number;
  private windows: Float64Array;

  constructor(period: number, capacity?: number) {
    super(STRIDE, capacity);
    this.period = requirePeriod("sma", "period", period);
    this.windows = new Float64Array((this.state.length / STRIDE) * this.period);
  }

  view(slot: number): SMA {
    return new SMA(this.period, this, slot);
  }

  /** Pushes one close into `slot`'s window and shows the average once the window is full. */
  protected commitClose(slot: number, close: number): void {
    const state = this.state;
    const base = slot * STRIDE;
    const period = this.period;
    const window = slot * period;
    const next = state[base + NEXT];
    let sum: number;
    if (state[base + FILLED] === period) {
      sum = state[base + TOTAL] - this.windows[window + next] + close;
    } else {
      sum = state[base + TOTAL] + close;
      state[base + FILLED]++;
    }
    this.windows[window + next] = close;
    if (next + 1 === period) {
      state[base + NEXT] = 0;
      state[base + TOTAL] = compensatedSum(this.windows, window, period, 0, state[base + FILLED]);
    } else {
      state[base + NEXT] = next + 1;
      state[base + TOTAL] = sum;
    }
    const bars = ++state[base + COUNT];
    if (bars < period) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    state[base + AVERAGE] = sum / period;
    state[base + SHOWN] = state[base + AVERAGE];
    state[base + IS_SHOWN] = 1;
  }

  replace(slot: number, bar: IndicatorInput): void {
    const state = this.state;
    const base = slot * STRIDE;
    const period = this.period;
    if (state[base + COUNT] + 1 < period) {
      state[base + IS_SHOWN] = 0;
      return;
    }
    const total = state[base + TOTAL];
    const sum =
      state[base + FILLED] === period
        ? total - this.windows[slot * period + state[base + NEXT]] + bar.close
        : total + bar.close;
    state[base + SHOWN] = sum / period;
    state[base + IS_SHOWN] = 1;
  }

  /** `slot`'s window as RollingSum's snapshot (raw slots, next, filled, total). */
  windowSnapshot(slot: number): RollingSumSnapshot {
    const base = slot * STRIDE;
    const window = slot * this.period;
    return {
      slots: Array.from(this.windows.subarray(window, window + this.period)),
      next: this.state[base + NEXT],
      filled: this.state[base + FILLED],
      total: this.state[base + TOTAL],
    };
  }

  /** Loads `slot`'s window from a snapshot already checked by `readRollingSum`. */
  restoreWindow(slot: number, snapshot: RollingSumSnapshot): void {
    const base = slot * STRIDE;
    this.windows.set(snapshot.slots, slot * this.period);
    this.state[base + NEXT] = snapshot.next;
    this.state[base + FILLED] = snapshot.filled;
    this.state[base + TOTAL] = snapshot.total;
  }

  protected override resetSlot(slot: number): void {
    this.windows.fill(0, slot * this.period, (slot + 1) * this.period);
  }

  protected override onGrow(capacity: number): void {
    const windows = new Float64Array(capacity * this.period);
    windows.set(this.windows);
    this.windows = windows;
  }
}

/** The Indicator contract on one slot of an SmaBank (a bank of its own when constructed alone). */
export class SMA extends BankedNumber<SmaBank> implements Indicator<number> {
  readonly type = "sma";
  readonly period: number;
  readonly requiredBars: number;
  readonly stableBars: number;

  constructor(period = 20, bank = new SmaBank(period, 1), slot = bank.allocate()) {
    super(bank, slot);
    this.period = bank.period;
    this.requiredBars = period;
    this.stableBars = period;
  }

  snapshot(): IndicatorSnapshot {
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    return {
      type: this.type,
      period: this.period,
      count: state[base + COUNT],
      window: this.bank.windowSnapshot(this.slot),
      average: state[base + AVERAGE],
    };
  }

  restore(snapshot: IndicatorSnapshot): void {
    const fields = readSnapshotHeader(this.type, snapshot, { period: this.period });
    const count = readWholeNumber(this.type, fields, "count");
    const window = readRollingSum(this.type, fields, "window", this.period);
    if (window.filled !== Math.min(count, this.period) || window.next !== count % this.period)
      throw new IndicatorError(`sma: snapshot window does not hold the last ${this.period} of ${count} bars`);
    const average = readFiniteNumber(this.type, fields, "average");
    this.bank.restoreWindow(this.slot, window);
    const state = this.bank.state;
    const base = this.slot * STRIDE;
    state[base + COUNT] = count;
    state[base + AVERAGE] = average;
    state[base + IS_SHOWN] = count >= this.period ? 1 : 0;
    if (count >= this.period) state[base + SHOWN] = average;
  }
}

const smaParams = z.strictObject({
  /** Bars in the window. */
  period: periodSchema(20),
});

function createSma(params: z.output<typeof smaParams>): SMA {
  return new SMA(params.period);
}

export const smaDefinition: IndicatorDefinition<typeof smaParams> = {
  name: "sma",
  description: "Simple moving average of the close over `period` bars (TA-Lib SMA).",
  outputs: undefined,
  params: smaParams,
  keyParts: (params) => [params.period],
  create: createSma,
  bank: { replaces: createSma, create: (params) => new SmaBank(params.period) },
};
