// Appends bars one at a time into growing columns, for producers that do not know their output
// count up front (aggregation). The columns come from `allocate` (default: fresh ones).

import { allocateBarColumns, type BarColumns, sliceColumns } from "../core/bar-columns.js";

export class BarColumnsBuilder {
  private columns: BarColumns;
  private count = 0;

  constructor(
    initialCapacity = 64,
    private readonly allocate: (length: number) => BarColumns = allocateBarColumns,
  ) {
    this.columns = allocate(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.count;
  }

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.count === this.columns.length) this.grow();
    const columns = this.columns;
    const index = this.count++;
    columns.time[index] = time;
    columns.open[index] = open;
    columns.high[index] = high;
    columns.low[index] = low;
    columns.close[index] = close;
    columns.volume[index] = volume;
  }

  /** The bars pushed so far (a view: pushing more afterwards may or may not show in it). */
  build(): BarColumns {
    return sliceColumns(this.columns, 0, this.count);
  }

  private grow(): void {
    const larger = this.allocate(this.columns.length * 2);
    larger.time.set(this.columns.time);
    larger.open.set(this.columns.open);
    larger.high.set(this.columns.high);
    larger.low.set(this.columns.low);
    larger.close.set(this.columns.close);
    larger.volume.set(this.columns.volume);
    this.columns = larger;
  }
}
