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
