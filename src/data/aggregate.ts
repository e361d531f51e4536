// Batch aggregation of stored bars into a longer interval (1m → 5m/15m/60m/1d/1w, 1d → 1w), by the
// rule in bar-buckets.ts. Every bucket holding at least one bar yields a bar, including a trailing
// one the input ends inside (the streaming IntervalAggregator keeps that one as its forming bar).

import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { type Interval, parseInterval } from "../core/interval.js";
import { BucketBuilder, planAggregation } from "./bar-buckets.js";
import { BarColumnsBuilder } from "./bar-columns-builder.js";
import { aggregateIntradayColumns } from "./intraday-columns-aggregation.js";
import type { SessionHours } from "./session-hours.js";

/**
 * Aggregates `bars` (ascending) of interval `from` into interval `to`. Equal intervals return the
 * input as it is. `hours` (the exchange calendar) is needed for intraday input. The output's
 * columns come from `allocate` (default: fresh ones).
 */
export function aggregateBars(
  bars: BarColumns,
  from: Interval | string,
  to: Interval | string,
  hours?: SessionHours,
  allocate: (length: number) => BarColumns = allocateBarColumns,
): BarColumns {
  const fromInterval = typeof from === "string" ? parseInterval(from) : from;
  const toInterval = typeof to === "string" ? parseInterval(to) : to;
  const rules = planAggregation(fromInterval, toInterval);
  if (rules.length === 0) return bars;
  const ratio =
    fromInterval.durationMs && toInterval.durationMs ? toInterval.durationMs / fromInterval.durationMs : 1;
  const output = new BarColumnsBuilder(Math.ceil(bars.length / ratio) + 16, allocate);
  const [rule] = rules;
  if (rules.length === 1 && rule.kind === "intraday" && hours !== undefined) {
    // Intraday into intraday: one pass over the columns (the same rule, see intraday-columns-aggregation.ts).
    aggregateIntradayColumns(bars, rule.fromMs, rule.bucketMs, hours, output);
    return output.build();
  }
  // Chain the stages back to front: each one's completed buckets feed the next.
  const stages: BucketBuilder[] = [];
  let sink = output.push.bind(output);
  for (let index = rules.length - 1; index >= 0; index--) {
    const stage = new BucketBuilder(rules[index], hours, sink);
    stages.unshift(stage);
    sink = stage.push.bind(stage);
  }
  // One call for the whole input: the bars of each bucket are folded in one loop (pushRange).
  stages[0].pushRange(bars, 0, bars.length);
  for (const stage of stages) stage.flush();
  return output.build();
}
