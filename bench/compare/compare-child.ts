// One run of `npm run bench:compare` (compare.ts), in a process of its own started with the flags
// of the bench's engine child: runs the engine child of the tree under comparison
// (`<tree>/.bench-build/bench/workloads/backtest-child.js`, `runBacktestOnce`: that tree's own
// engine and bench plugins) and adds what its main thread did (Linux keeps per-thread scheduler
// figures: CPU time, and time spent runnable waiting for a CPU). Prints one JSON line.
//   node --expose-gc --max-semi-space-size=4 compare-child.js TREE '<BacktestRunRequest JSON>'

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BacktestRunRequest, BacktestRunResult } from "../workloads/backtest-child.js";
import type { RunFigures, ScanRow } from "./compare-stats.js";

export interface CompareChildOutput {
  readonly figures: RunFigures;
  readonly scans: readonly ScanRow[];
}

/** [run ns, wait ns] of this thread, or undefined where /proc/thread-self is not there. */
function threadSchedule(): [number, number] | undefined {
  try {
    const [run, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ").map(Number);
    return [run, wait];
  } catch {
    return undefined; // not Linux: the main-thread figures are NaN
  }
}

const [tree, requestText] = process.argv.slice(2);
if (tree === undefined || requestText === undefined) {
  throw new Error("usage: compare-child.js TREE '<BacktestRunRequest JSON>'");
}
const child = pathToFileURL(join(tree, ".bench-build", "bench", "workloads", "backtest-child.js")).href;
const { runBacktestOnce } = (await import(child)) as {
  runBacktestOnce(request: BacktestRunRequest): Promise<BacktestRunResult>;
};
const before = threadSchedule();
const result = await runBacktestOnce(JSON.parse(requestText) as BacktestRunRequest);
const after = threadSchedule();
const output: CompareChildOutput = {
  figures: {
    wallSeconds: result.process.processSeconds,
    backtestSeconds: result.seconds,
    cpuSeconds: result.process.processCpuSeconds,
    peakRssMegabytes: result.process.peakRssBytes / 2 ** 20,
    mainThreadRunSeconds: before && after ? (after[0] - before[0]) / 1e9 : Number.NaN,
    mainThreadWaitSeconds: before && after ? (after[1] - before[1]) / 1e9 : Number.NaN,
  },
  scans: result.scans,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
