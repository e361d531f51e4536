// A number-valued indicator that reads only each bar's close (SMA, EMA, RSI): `update` and the
// range-wise `updateRange` (a step's run of a symbol's bars in one call, see Indicator) both go
// through the subclass's `updateClose`, so the two paths cannot differ.

import type { BarColumns } from "../../core/bar-columns.js";
import type { IndicatorInput } from "../indicator.js";
import { ShownNumber } from "./shown-number.js";

export abstract class CloseOnlyIndicator extends ShownNumber {
  update(bar: IndicatorInput): number | null {
    return this.updateClose(bar.close);
  }

  updateRange(columns: BarColumns, from: number, to: number): number | null {
    const close = columns.close;
    for (let index = from; index < to; index++) this.updateClose(close[index]);
    return this.value;
  }

  /** Commits a completed bar's close and returns the new value. */
  protected abstract updateClose(close: number): number | null;
}
