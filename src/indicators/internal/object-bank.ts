// The bank of an indicator without one of its own (plugins, user-defined indicators, the built-ins
// not laid out in records yet): the instances `create` built, one per slot, behind the same bank
// interface, so the IndicatorManager has one path for every indicator. The records hold only the
// last bar time; everything else is the instance's, through the Indicator contract.

import type { BarColumns } from "../../core/bar-columns.js";
import { IndicatorError } from "../../core/errors.js";
import { normalizeSymbol } from "../../core/symbol.js";
import { ColumnBarCursor } from "../column-bar-cursor.js";
import type { Indicator, IndicatorInput } from "../indicator.js";
import { IndicatorBank, LAST_BAR_TIME } from "./indicator-bank.js";

export class ObjectBank extends IndicatorBank {
  private instances: (Indicator | undefined)[] = [];
  /** Feeds `update` from columns for instances without `updateRange`. */
  private readonly cursor = new ColumnBarCursor();

  constructor() {
    super(LAST_BAR_TIME + 1);
  }

  /** A slot holding `indicator`. */
  hold(indicator: Indicator): number {
    const slot = this.allocate();
    this.instances[slot] = indicator;
    return slot;
  }

  override release(slot: number): void {
    this.instances[slot] = undefined;
    super.release(slot);
  }

  view(slot: number): Indicator {
    return this.instances[slot]!;
  }

  update(slot: number, bar: IndicatorInput): void {
    this.instances[slot]!.update(bar);
  }

  updateRange(slot: number, columns: BarColumns, from: number, to: number): void {
    const indicator = this.instances[slot]!;
    if (indicator.updateRange !== undefined) {
      indicator.updateRange(columns, from, to);
      return;
    }
    const bar = this.cursor;
    for (let index = from; index < to; index++) indicator.update(bar.at(columns, index));
    // Not kept for the next run: the columns may be a replayed day that must be freed once delivered.
    bar.clear();
  }

  replace(slot: number, bar: IndicatorInput): void {
    this.instances[slot]!.replace(bar);
  }

  readNumbers(key: string, symbols: readonly string[], slots: Int32Array, out: Float64Array): void {
    const instances = this.instances;
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index];
      out[index] = slot < 0 ? Number.NaN : readyNumber(instances[slot]!, symbols[index], key);
    }
  }

  protected override resetSlot(slot: number): void {
    this.instances[slot]?.reset();
  }
}

/**
 * The value of a ready single-output indicator, else NaN (a bulk read's "none"). `ready` is read
 * first although `value` alone would tell (it is `null` exactly while not ready): inlined into a
 * bulk read's loop, the value read after a true `ready` is the number field itself, where a lone
 * `value` read (a number or null) boxes each number on the heap, thousands per scan.
 */
export function readyNumber(indicator: Indicator, symbol: string, key: string): number {
  if (!indicator.ready) return Number.NaN;
  const value = indicator.value;
  if (typeof value === "number") return value;
  if (value === null) return Number.NaN;
  throw severalOutputsError(normalizeSymbol(symbol), key);
}

export function severalOutputsError(symbol: string, key: string): IndicatorError {
  return new IndicatorError(
    `${symbol}: indicator "${key}" has several outputs; read it with getIndicator instead of a number read`,
  );
}
