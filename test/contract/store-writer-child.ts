// A second process writing to a bar store, for the contract suite's concurrency cases: argv[2] is
// a JSON WriterJob. Prints the summed InsertReport as JSON when done.

import { barsToColumns } from "../../src/core/bar-columns.js";
import { openBarStore } from "../../src/data/open-bar-store.js";

export interface WriterJob {
  readonly location: string;
  readonly symbol: string;
  readonly firstTime: number;
  readonly count: number;
  /** Bars per insertBars call (each one transaction). */
  readonly batch: number;
  readonly stepMs: number;
  /** Bar values derive from (time - originTime) / stepMs: two writers of one time write equal bars. */
  readonly originTime: number;
}

const job = JSON.parse(process.argv[2]) as WriterJob;
const store = openBarStore(job.location, { busyTimeoutMs: 60_000 });
let inserted = 0;
let unchanged = 0;
for (let start = 0; start < job.count; start += job.batch) {
  const length = Math.min(job.batch, job.count - start);
  const bars = barsToColumns(
    Array.from({ length }, (_, k) => {
      const time = job.firstTime + (start + k) * job.stepMs;
      const i = (time - job.originTime) / job.stepMs;
      return { time, open: 10 + i, high: 11 + i, low: 9 + i, close: 10.5 + i, volume: i };
    }),
  );
  const report = store.insertBars(job.symbol, "1m", bars);
  inserted += report.inserted;
  unchanged += report.unchanged;
}
store.close();
process.stdout.write(`${JSON.stringify({ inserted, unchanged })}\n`);
