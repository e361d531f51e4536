// A bar-shaped view of one row of BarColumns: the fields are read from the typed arrays when an
// indicator asks for them, so moving to the next bar is one store and nothing is copied or
// allocated. Indicators keep numbers, never the input object (src/indicators/indicator.ts), so one
// cursor can feed every bar of a series.

import type { BarColumns } from "../core/bar-columns.js";
import type { IndicatorInput } from "./indicator.js";

const NO_COLUMNS: BarColumns = {
  length: 0,
  time: new Float64Array(0),
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
  close: new Float64Array(0),
  volume: new Float64Array(0),
};

export class ColumnBarCursor implements IndicatorInput {
  private columns: BarColumns = NO_COLUMNS;
  private index = 0;

  /** Points the cursor at bar `index` of `columns` and returns it. */
  at(columns: BarColumns, index: number): this {
    this.columns = columns;
    this.index = index;
    return this;
  }

  get time(): number {
    return this.columns.time[this.index];
  }

  get open(): number {
    return this.columns.open[this.index];
  }

  get high(): number {
    return this.columns.high[this.index];
  }

  get low(): number {
    return this.columns.low[this.index];
  }

  get close(): number {
    return this.columns.close[this.index];
  }

  get volume(): number {
    return this.columns.volume[this.index];
  }

  /** Lets go of the columns (a cursor kept for reuse must not keep the last columns it read alive). */
  clear(): void {
    this.columns = NO_COLUMNS;
  }
}
