// Columnar bars: one typed array per field. This is how bars move in bulk (store reads, imports,
// aggregation, replay) without allocating an object per bar.

import type { Bar } from "./bar.js";

export interface BarColumns {
  readonly length: number;
  /** Bar start times, epoch ms. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * Allocates empty columns for `length` bars: six views on ONE ArrayBuffer (one allocation and one
 * backing store instead of six, which is cheaper to allocate and to hold at thousands of series).
 * Code taking a column's bytes must respect its `byteOffset` (all of it does).
 */
export function allocateBarColumns(length: number): BarColumns {
  const buffer = new ArrayBuffer(length * 6 * Float64Array.BYTES_PER_ELEMENT);
  const step = length * Float64Array.BYTES_PER_ELEMENT;
  return {
    length,
    time: new Float64Array(buffer, 0, length),
    open: new Float64Array(buffer, step, length),
    high: new Float64Array(buffer, 2 * step, length),
    low: new Float64Array(buffer, 3 * step, length),
    close: new Float64Array(buffer, 4 * step, length),
    volume: new Float64Array(buffer, 5 * step, length),
  };
}

/** Copies bar objects into columns. */
export function barsToColumns(bars: readonly Omit<Bar, "interval">[]): BarColumns {
  const columns = allocateBarColumns(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i];
    columns.time[i] = bar.time;
    columns.open[i] = bar.open;
    columns.high[i] = bar.high;
    columns.low[i] = bar.low;
    columns.close[i] = bar.close;
    columns.volume[i] = bar.volume;
  }
  return columns;
}

/** The bar at `index` as an object (for APIs that hand single bars to users). */
export function barAt(columns: BarColumns, index: number, interval: string): Bar {
  return {
    time: columns.time[index],
    interval,
    open: columns.open[index],
    high: columns.high[index],
    low: columns.low[index],
    close: columns.close[index],
    volume: columns.volume[index],
  };
}

/** All bars as objects, oldest first. */
export function columnsToBars(columns: BarColumns, interval: string): Bar[] {
  const bars: Bar[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) bars[i] = barAt(columns, i, interval);
  return bars;
}

/** A view of bars [start, end) sharing the same memory. */
export function sliceColumns(columns: BarColumns, start: number, end: number): BarColumns {
  return {
    length: Math.max(0, end - start),
    time: columns.time.subarray(start, end),
    open: columns.open.subarray(start, end),
    high: columns.high.subarray(start, end),
    low: columns.low.subarray(start, end),
    close: columns.close.subarray(start, end),
    volume: columns.volume.subarray(start, end),
  };
}
