// Batch aggregation of intraday bars into a longer intraday interval (1m → 5m, 15m, 60m …) in one
// pass over the columns: a bucket is found once (its session, its stretch between breaks, its start
// and end) and the bars that follow it are folded in a plain loop until one falls outside it. The
// rule is bar-buckets.ts's, step for step (a bucket completes at the bar reaching its end, bars
// outside regular hours or inside a break are left out, a short last bucket before a break or the
// close); test/unit/data/intraday-columns-aggregation.test.ts checks the output is the
// BucketBuilder's on every kind of session. History for thousands of symbols goes through here
// (a 5m warm-up read as three sessions of 1m bars per symbol), where the per-bar calls of the
// streaming builder are most of the cost.

import type { BarColumns } from "../core/bar-columns.js";
import { DataError } from "../core/errors.js";
import type { BarColumnsBuilder } from "./bar-columns-builder.js";
import { type RegularHours, type SessionHours, stretchEndAt, stretchStartAt } from "./session-hours.js";

/**
 * Folds `bars` (ascending, each `fromMs` long) into buckets of `bucketMs` aligned to each stretch
 * of the regular session, pushing every bucket holding a bar into `output` in time order.
 */
export function aggregateIntradayColumns(
  bars: BarColumns,
  fromMs: number,
  bucketMs: number,
  hours: SessionHours,
  output: BarColumnsBuilder,
): void {
  const { time, open, high, low, close, volume } = bars;
  const length = bars.length;
  let lastTime = Number.NEGATIVE_INFINITY;
  let session: RegularHours | undefined;
  let index = 0;
  while (index < length) {
    const start = time[index];
    assertAscending(start, lastTime);
    lastTime = start;
    index++;
    // The regular session holding the bar (the previous one while it does): none, left out.
    if (session === undefined || start < session.openAt || start >= session.closeAt) {
      const around = hours.sessionAt(start);
      if (around === undefined || start < around.openAt || start >= around.closeAt) continue;
      session = around;
    }
    // The stretch between breaks holding the bar; inside a break, left out.
    const fromAt = stretchStartAt(session, start);
    if (Number.isNaN(fromAt)) continue;
    const toAt = stretchEndAt(session, start);
    const offset = start - fromAt;
    const bucketTime = fromAt + offset - (offset % bucketMs);
    const bucketEnd = Math.min(bucketTime + bucketMs, toAt);
    const bucketOpen = open[index - 1];
    let bucketHigh = high[index - 1];
    let bucketLow = low[index - 1];
    let bucketClose = close[index - 1];
    let bucketVolume = volume[index - 1];
    // The bars after it up to the bucket's end, the one reaching the end completing it.
    if (start + fromMs < bucketEnd) {
      while (index < length) {
        const t = time[index];
        assertAscending(t, lastTime);
        if (t >= bucketEnd) break;
        lastTime = t;
        const h = high[index];
        const l = low[index];
        if (h > bucketHigh) bucketHigh = h;
        if (l < bucketLow) bucketLow = l;
        bucketClose = close[index];
        bucketVolume += volume[index];
        index++;
        if (t + fromMs >= bucketEnd) break;
      }
    }
    output.push(bucketTime, bucketOpen, bucketHigh, bucketLow, bucketClose, bucketVolume);
  }
}

function assertAscending(time: number, lastTime: number): void {
  if (!(time > lastTime)) {
    throw new DataError(
      `Bars must come in ascending time order: ${new Date(time).toISOString()} after ${new Date(lastTime).toISOString()}`,
    );
  }
}
