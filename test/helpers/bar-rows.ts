// Bars a test writes as rows ([time, open, high, low, close, volume]) turned into the columns the
// engine takes.

import { allocateBarColumns, type BarColumns } from "../../src/core/bar-columns.js";

export function columnsOfRows(rows: readonly (readonly number[])[]): BarColumns {
  const bars = allocateBarColumns(rows.length);
  rows.forEach(([time, open, high, low, close, volume], i) => {
    bars.time[i] = time;
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.volume[i] = volume;
  });
  return bars;
}

/** Bars `from` … `to − 1` of columns as rows ([time, open, high, low, close, volume]). */
export function rowsOfColumns(bars: BarColumns, from = 0, to = bars.length): number[][] {
  const rows: number[][] = [];
  for (let i = from; i < to; i++) {
    rows.push([bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]);
  }
  return rows;
}
