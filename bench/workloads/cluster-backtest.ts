// `cluster-backtest`: one long backtest on `scanwright worker` processes (the built CLI, the local
// Redis) with 1, 2 and 4 workers, against the same backtest in one process, on two sessions:
//   - independent: no configured symbols, the scanners' indicators provisioned adhoc each day and
//     released at the close, no promotion: nothing crosses a day boundary, so every speculative
//     range is accepted and the ranges run side by side;
//   - carry-over: the end-to-end config (configured symbols with streaming SMA/RSI/VWAP): their
//     state crosses every boundary, every range after the first is run again (docs/architecture.md).
// Metrics: wall seconds, speed-up over one worker, and the per-job overhead: the one-worker time
// less the single-process time scaled to the days the jobs replayed (warm-up included), per job.
// Checks: each distributed run's rows equal the single-process run's.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { benchPluginPath, writeBacktestConfig } from "./backtest-config.js";
import { cli, deleteKeys, CLUSTER_REDIS as REDIS, timed, withWorkers } from "./cluster-processes.js";
import { cachedDemoStore } from "./demo-store-cache.js";

const SYMBOLS = 200;
const START = "2024-11-04";
const END = "2024-12-31";
const RANGE_DAYS = 10;
const WARMUP_DAYS = 1;

export const clusterBacktestWorkload: BenchWorkload = {
  name: "cluster-backtest",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore({ symbols: SYMBOLS, days: 60, historyDays: 260, seed: 7, lastDay: END });
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-cluster-"));
    const prefix = `scanwright_bench_${process.pid}`;
    try {
      const symbols = store.report.symbols;
      const independent = writeIndependentConfig(folder, store.path, symbols);
      const carry = writeBacktestConfig({
        folder,
        name: "carry",
        storePath: store.path,
        symbols,
        start: START,
        end: END,
      });
      const metrics: Record<string, number> = {};
      const checks: Record<string, boolean> = {};
      let days = 0;
      for (const [name, config, counts] of [
        ["independent", independent, [1, 2, 4]],
        ["carry", carry, [2]],
      ] as const) {
        const single = await timed(() =>
          cli(["run", config, "--journal", join(folder, `${name}-single.db`)]),
        );
        metrics[`${name}.single.seconds`] = single;
        const expected = rowsOf(join(folder, `${name}-single.db`));
        for (const workers of counts) {
          const journal = join(folder, `${name}-${workers}.db`);
          const seconds = await withWorkers(workers, `${prefix}_${name}_${workers}`, () =>
            timed(() =>
              cli([
                "run",
                config,
                "--journal",
                journal,
                "--workers",
                REDIS,
                "--queue-prefix",
                `${prefix}_${name}_${workers}`,
                "--range-days",
                String(RANGE_DAYS),
                "--warmup-days",
                String(WARMUP_DAYS),
              ]),
            ),
          );
          metrics[`${name}.workers${workers}.seconds`] = seconds;
          checks[`${name} with ${workers} workers: rows equal the single-process run`] =
            JSON.stringify(rowsOf(journal)) === JSON.stringify(expected);
        }
        days = daysOf(join(folder, `${name}-single.db`));
      }
      const t1 = metrics["independent.workers1.seconds"];
      metrics["independent.speedup2"] = t1 / metrics["independent.workers2.seconds"];
      metrics["independent.speedup4"] = t1 / metrics["independent.workers4.seconds"];
      metrics["carry.speedup2OverSingle"] =
        metrics["carry.single.seconds"] / metrics["carry.workers2.seconds"];
      // The jobs of the independent session: ranges of RANGE_DAYS, each replaying WARMUP_DAYS more
      // (but the first).
      const jobs = Math.ceil(days / RANGE_DAYS);
      const replayed = days + WARMUP_DAYS * (jobs - 1);
      metrics.jobs = jobs;
      metrics["perJobOverhead.seconds"] =
        (t1 - (metrics["independent.single.seconds"] * replayed) / days) / jobs;
      return {
        name: "cluster-backtest",
        params: {
          symbols: SYMBOLS,
          start: START,
          end: END,
          days,
          rangeDays: RANGE_DAYS,
          warmupDays: WARMUP_DAYS,
        },
        metrics,
        targets: [{ metric: "independent.speedup2", kind: "min", value: 1.8 }],
        checks,
      };
    } finally {
      await deleteKeys(prefix);
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** The two bench scanners with their indicators provisioned adhoc (no configured symbols). */
function writeIndependentConfig(folder: string, storePath: string, symbols: readonly string[]): string {
  const universe = join(folder, "independent-universe.txt");
  writeFileSync(universe, `${symbols.join("\n")}\n`);
  const path = join(folder, "independent.yaml");
  writeFileSync(
    path,
    `name: independent
backtest: { start: ${START}, end: ${END} }
store: ${JSON.stringify(storePath)}
session_data:
  scanners:
    - name: rsi-below
      plugin: ${JSON.stringify(benchPluginPath("rsi-below"))}
      universe: ${JSON.stringify(universe)}
      indicators: [{ type: rsi, period: 14, interval: 5m }]
      regular_session: [{ start: "09:35", end: close, interval: 5m }]
      config: { max_rsi: 30 }
    - name: above-vwap
      plugin: ${JSON.stringify(benchPluginPath("above-vwap"))}
      universe: ${JSON.stringify(universe)}
      indicators: [{ type: vwap, interval: 1m }]
      regular_session: [{ start: "09:35", end: close, interval: 5m }]
`,
  );
  return path;
}

function rowsOf(path: string): unknown[] {
  const journal = ScanJournal.open(path);
  try {
    const run = journal.runs().at(-1);
    if (run === undefined) return [];
    return journal
      .query({ run: run.id, limit: 10_000_000 })
      .map(({ run: _r, durationMs: _d, ...row }) => row);
  } finally {
    journal.close();
  }
}

function daysOf(path: string): number {
  const journal = ScanJournal.open(path);
  try {
    const run = journal.runs().at(-1);
    return run === undefined
      ? 0
      : journal.query({ run: run.id, limit: 10_000_000 }).filter((row) => row.kind === "setup").length / 2;
  } finally {
    journal.close();
  }
}
