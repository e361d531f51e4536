// A bank of a number-valued built-in (indicator-bank.ts): every record starts with the shown value
// (committed, or provisional after `replace`), whether one is shown, and the completed bars fed, so
// the scans' bulk read is one pass over the records. `BankedNumber` is the Indicator contract on
// top of one slot: a standalone instance (`new RSI(14)`) holds a bank of its own with one slot, an
// IndicatorManager's instances share one bank per key, so both run the very same code.

import type { BarColumns } from "../../core/bar-columns.js";
import type { IndicatorInput } from "../indicator.js";
import { IndicatorBank } from "./indicator-bank.js";

/** The value shown (meaningful while IS_SHOWN is 1). */
export const SHOWN = 1;
/** 1 while a value is shown, 0 for "no value yet". */
export const IS_SHOWN = 2;
/** Completed bars fed. */
export const COUNT = 3;
/** The first offset a subclass may use. */
export const NUMBER_FIELDS = 4;

export abstract class NumberBank extends IndicatorBank {
  readNumbers(_key: string, _symbols: readonly string[], slots: Int32Array, out: Float64Array): void {
    const state = this.state;
    const stride = this.stride;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index];
      const base = slot * stride;
      out[index] = slot >= 0 && state[base + IS_SHOWN] !== 0 ? state[base + SHOWN] : Number.NaN;
    }
  }

  /** The value shown at `slot`, `null` for none. */
  valueAt(slot: number): number | null {
    const base = slot * this.stride;
    return this.state[base + IS_SHOWN] !== 0 ? this.state[base + SHOWN] : null;
  }
}

/**
 * A bank of a built-in that reads each bar's close only (EMA, RSI, SMA): a completed bar, alone or
 * in a run, is one `commitClose` per close.
 */
export abstract class CloseNumberBank extends NumberBank {
  update(slot: number, bar: IndicatorInput): void {
    this.commitClose(slot, bar.close);
  }

  updateRange(slot: number, columns: BarColumns, from: number, to: number): void {
    const close = columns.close;
    for (let index = from; index < to; index++) this.commitClose(slot, close[index]);
  }

  /** Commits one completed bar's close to `slot`. */
  protected abstract commitClose(slot: number, close: number): void;
}

/** The Indicator contract's number-valued part for one slot of a bank (see the file header). */
export abstract class BankedNumber<Bank extends NumberBank> {
  constructor(
    protected readonly bank: Bank,
    protected readonly slot: number,
  ) {}

  get count(): number {
    return this.bank.state[this.slot * this.bank.stride + COUNT];
  }

  get value(): number | null {
    return this.bank.valueAt(this.slot);
  }

  get ready(): boolean {
    return this.bank.state[this.slot * this.bank.stride + IS_SHOWN] !== 0;
  }

  update(bar: IndicatorInput): number | null {
    this.bank.update(this.slot, bar);
    return this.value;
  }

  updateRange(columns: BarColumns, from: number, to: number): number | null {
    this.bank.updateRange(this.slot, columns, from, to);
    return this.value;
  }

  replace(bar: IndicatorInput): number | null {
    this.bank.replace(this.slot, bar);
    return this.value;
  }

  reset(): void {
    this.bank.clearSlot(this.slot);
  }
}
