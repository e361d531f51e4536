// backtest-contenders: the backtest-throughput workload (2,000 symbols × 5 days, same store, same
// bars) against the loops a user would write by hand (contenders/): a streaming loop with
// `technicalindicators`, one with `trading-signals`, and a plain typed-array loop (the practical
// limit), every one reading its bars from the same bar store.
// Each run is a process of its own. A round runs scanwright and each contender once, in alternating
// order (reversed every other round; scanwright next to the two contenders whose targets leave the
// least room), so a change in the machine's load falls on both sides of a ratio; a ratio is
// scanwright's figure ÷ the contender's in the same round, and the figure reported is the median
// over the rounds (each round's wall ratios are in `params.roundRatios`). Figures are the whole
// process's up to the end of its work (wall since start, CPU of every thread, peak RSS). Checked:
// every contender's answer equals scanwright's journal slot by slot, hit count and hit symbols
// (hit-set.ts), in every run.
// Each round also runs `scanwright run --no-edge` through the CLI (cli-run-child.ts), the command a
// user types, reported beside the engine's figures (`scanwrightCli…`, `cliWallRatioVs_…`).

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { rsiWarmupSessions } from "./backtest-check.js";
import type { BacktestRunResult } from "./backtest-child.js";
import { writeBacktestConfig } from "./backtest-config.js";
import {
  BACKTEST_DAYS,
  BACKTEST_STORE,
  runBacktestChild,
  THROUGHPUT_SYMBOLS,
} from "./backtest-throughput.js";
import type { ContenderKind, ContenderRunRequest, ContenderRunResult } from "./contenders/contender-child.js";
import { firstDifference } from "./contenders/hit-set.js";
import { cachedDemoStore, lastTradingDays } from "./demo-store-cache.js";
import type { ProcessFigures } from "./process-figures.js";

const CONTENDERS: readonly ContenderKind[] = ["technicalindicators", "trading-signals", "typed-array"];
/** Rounds (odd, so the median is one round's ratio); SCANWRIGHT_BENCH_ROUNDS overrides. */
const ROUNDS = Number(process.env.SCANWRIGHT_BENCH_ROUNDS ?? 7);
/**
 * A round's runs (reversed every other round). The engine runs between the two contenders whose
 * targets leave the least room (trading-signals and the typed-array loop), so each of those ratios
 * compares runs next to each other: a shared machine's speed drifts within the tens of seconds a
 * round takes.
 */
const ROUND_ORDER: ReadonlyArray<ContenderKind | "scanwright" | "scanwright-cli"> = [
  "scanwright-cli",
  "technicalindicators",
  "trading-signals",
  "scanwright",
  "typed-array",
];

const runFile = promisify(execFile);
const contenderPath = fileURLToPath(new URL("./contenders/contender-child.js", import.meta.url));

const cliChildPath = fileURLToPath(new URL("./cli-run-child.js", import.meta.url));

/** One `scanwright run --no-edge` through the CLI, as a user types it; its figures and the journal's totals. */
async function runCli(
  configPath: string,
  journalPath: string,
  figuresPath: string,
): Promise<{ figures: ProcessFigures; scans: number; hits: number }> {
  await runFile(
    process.execPath,
    [cliChildPath, figuresPath, "run", configPath, "--journal", journalPath, "--no-edge"],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const figures = JSON.parse(readFileSync(figuresPath, "utf8")) as ProcessFigures;
  const db = new Database(journalPath, { readonly: true });
  const totals = db
    .prepare<[], { scans: number; hits: number }>(
      "SELECT count(*) AS scans, sum(json_array_length(symbols)) AS hits FROM scans WHERE kind = 'regular' AND status = 'ok'",
    )
    .get() as { scans: number; hits: number };
  db.close();
  return { figures, ...totals };
}

async function runContender(request: ContenderRunRequest): Promise<ContenderRunResult> {
  const { stdout } = await runFile(process.execPath, [contenderPath, JSON.stringify(request)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ContenderRunResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

/** Metric name part of a contender: `tradingSignals`, `technicalindicators`, `typedArray`. */
function metricName(kind: ContenderKind): string {
  return kind.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

export const backtestContendersWorkload: BenchWorkload = {
  name: "backtest-contenders",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore(BACKTEST_STORE);
    const calendar = new ExchangeCalendar();
    const symbols = store.report.symbols.slice(0, THROUGHPUT_SYMBOLS);
    const days = lastTradingDays(store, BACKTEST_DAYS, calendar);
    const loadBefore = loadavg();
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-contenders-"));
    const scanwrightRuns: BacktestRunResult[] = [];
    const cliRuns: Array<{ figures: ProcessFigures; scans: number; hits: number }> = [];
    const contenderRuns = new Map<ContenderKind, ContenderRunResult[]>(CONTENDERS.map((kind) => [kind, []]));
    try {
      for (let r = 0; r < ROUNDS; r++) {
        const order = [...ROUND_ORDER];
        if (r % 2 === 1) order.reverse();
        // One config per round: the engine and the CLI run the same one, each into its own journal.
        const name = `contenders-${r}`;
        const configPath = writeBacktestConfig({
          folder,
          name,
          storePath: store.path,
          symbols,
          start: days[0],
          end: days[days.length - 1],
        });
        for (const who of order) {
          if (who === "scanwright-cli") {
            cliRuns.push(
              await runCli(
                configPath,
                join(folder, `${name}-cli-journal.db`),
                join(folder, `${name}-cli-figures.json`),
              ),
            );
          } else if (who === "scanwright") {
            scanwrightRuns.push(
              await runBacktestChild({ configPath, journalPath: join(folder, `${name}-journal.db`) }),
            );
          } else {
            contenderRuns.get(who)?.push(
              await runContender({
                kind: who,
                storePath: store.path,
                symbols,
                days,
                rsiWarmupSessions: rsiWarmupSessions(),
              }),
            );
          }
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const loadAfter = loadavg();

    const journal = scanwrightRuns[0].scans;
    const checks: Record<string, boolean> = {};
    checks[`scanwright: every run's ${journal.length} scan rows ok and equal`] = scanwrightRuns.every(
      (run) =>
        run.scans.every((scan) => scan.status === "ok") && firstDifference(run.scans, journal) === undefined,
    );
    const differences: Record<string, string> = {};
    const metrics: Record<string, number> = {};
    /** Each round's wall ratio per contender, in round order: the spread behind each median. */
    const roundRatios: Record<string, number[]> = {};
    const smaSums = CONTENDERS.map((kind) => contenderRuns.get(kind)?.[0].smaSum ?? Number.NaN);
    checks["contenders: the same SMA(20) 1d values (sum over symbols, within 1e-9)"] = smaSums.every(
      (sum) => Math.abs(sum - smaSums[0]) <= 1e-9 * Math.abs(smaSums[0]),
    );
    const side = (runs: readonly ProcessFigures[], pick: (run: ProcessFigures) => number) =>
      round(median(runs.map(pick)), 3);
    const scanwrightFigures = scanwrightRuns.map((run) => run.process);
    metrics.scanwrightSeconds = side(scanwrightFigures, (run) => run.processSeconds);
    metrics.scanwrightCpuSeconds = side(scanwrightFigures, (run) => run.processCpuSeconds);
    metrics.scanwrightPeakRssMegabytes = side(scanwrightFigures, (run) => run.peakRssBytes / 2 ** 20);
    // The CLI as a user types it (`scanwright run --no-edge`): reported beside the engine's figures,
    // with its wall ratio to each contender, not held to the targets (it adds the supervisor, the
    // session's worker thread and the summary table).
    const hitTotal = journal.reduce((sum, scan) => sum + scan.hits, 0);
    checks[`scanwright run (CLI): every run's ${journal.length} scan rows ok, ${hitTotal} hits`] =
      cliRuns.every((run) => run.scans === journal.length && run.hits === hitTotal);
    const cliFigures = cliRuns.map((run) => run.figures);
    metrics.scanwrightCliSeconds = side(cliFigures, (run) => run.processSeconds);
    metrics.scanwrightCliCpuSeconds = side(cliFigures, (run) => run.processCpuSeconds);
    metrics.scanwrightCliPeakRssMegabytes = side(cliFigures, (run) => run.peakRssBytes / 2 ** 20);
    for (const kind of CONTENDERS) {
      const runs = contenderRuns.get(kind) ?? [];
      const name = metricName(kind);
      const mismatch = runs
        .map((run) => firstDifference(journal, run.slots))
        .find((text) => text !== undefined);
      checks[`${kind}: every run equal to scanwright's journal slot by slot (hits and hit symbols)`] =
        runs.length === ROUNDS && mismatch === undefined;
      if (mismatch !== undefined) differences[kind] = mismatch;
      metrics[`${name}Seconds`] = side(runs, (run) => run.processSeconds);
      metrics[`${name}CpuSeconds`] = side(runs, (run) => run.processCpuSeconds);
      metrics[`${name}PeakRssMegabytes`] = side(runs, (run) => run.peakRssBytes / 2 ** 20);
      /** `figures`' figure ÷ the contender's, round by round. */
      const perRound = (figures: readonly ProcessFigures[], pick: (run: ProcessFigures) => number) =>
        runs.map((run, r) => pick(figures[r]) / pick(run));
      const ratio = (pick: (run: ProcessFigures) => number) =>
        round(median(perRound(scanwrightFigures, pick)), 3);
      const wallRatios = perRound(scanwrightFigures, (run) => run.processSeconds);
      metrics[`wallRatioVs_${name}`] = round(median(wallRatios), 3);
      metrics[`cpuRatioVs_${name}`] = ratio((run) => run.processCpuSeconds);
      metrics[`rssRatioVs_${name}`] = ratio((run) => run.peakRssBytes);
      roundRatios[`wallRatiosVs_${name}`] = wallRatios.map((value) => round(value, 3));
      metrics[`cliWallRatioVs_${name}`] = round(median(perRound(cliFigures, (run) => run.processSeconds)), 3);
    }
    return {
      name: "backtest-contenders",
      params: {
        symbols: THROUGHPUT_SYMBOLS,
        days: BACKTEST_DAYS,
        rounds: ROUNDS,
        store: store.path,
        ratios:
          "scanwright's figure ÷ the contender's in the same round, median over the rounds (below 1: scanwright is faster / smaller)",
        figures: "whole process up to the end of its work: wall since start, CPU of all threads, peak RSS",
        loadAverageBefore: loadBefore.map((load) => round(load, 2)),
        loadAverageAfter: loadAfter.map((load) => round(load, 2)),
        roundRatios,
        ...(Object.keys(differences).length > 0 ? { differences } : {}),
      },
      metrics,
      targets: [
        // ≥ 1.5× faster than trading-signals: scanwright's wall ≤ 1/1.5 of its.
        { metric: "wallRatioVs_tradingSignals", kind: "max", value: round(1 / 1.5, 3) },
        { metric: "wallRatioVs_technicalindicators", kind: "max", value: 0.999 },
        { metric: "wallRatioVs_typedArray", kind: "max", value: 2 },
        { metric: "rssRatioVs_tradingSignals", kind: "max", value: 1.25 },
      ],
      checks,
    };
  },
};
