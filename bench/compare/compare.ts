// `npm run bench:compare -- [--rounds N] [--symbols N] [--days N] BASELINE OTHER…`: the
// backtest-throughput workload (backtest-throughput.ts: demo 1m bars, SMA(20) 1d, RSI(14) 5m,
// VWAP 1m, two scanners every 5 minutes, journal on) run by two or more builds of scanwright side
// by side, in the same rounds, on the same store and the same bars, so that a change is judged
// against its baseline on the same machine in the same minutes (a shared machine's speed moves by
// more than most changes between two runs minutes apart). Each operand is a built tree (a folder
// holding `dist/` and `.bench-build/`, as `npm run bench` leaves them) or `git:REF`, a commit of
// this repository, which is checked out to a worktree under os.tmpdir() (kept for later comparisons,
// its node_modules linked to this one's) and built there. Each run is a fresh process
// (compare-child.ts) running the tree's own engine child and bench plugins; rounds are rotated and
// figures reported as medians and as medians of per-round ratios to the baseline (compare-stats.ts).
// Every run's scan rows must equal the baseline's first run's, slot by slot: a faster wrong answer
// fails the comparison (exit 1). Prints one JSON document to stdout, progress to stderr.

import { type ExecFileSyncOptions, execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { BacktestConfigParams } from "../workloads/backtest-config.js";
import {
  BACKTEST_DAYS,
  BACKTEST_STORE,
  ENGINE_FLAGS,
  THROUGHPUT_SYMBOLS,
} from "../workloads/backtest-throughput.js";
import {
  type CachedDemoStore,
  cachedDemoStore,
  type DemoStoreParams,
  lastTradingDays,
} from "../workloads/demo-store-cache.js";
import type { CompareChildOutput } from "./compare-child.js";
import {
  FIGURES,
  firstDifference,
  type RunFigures,
  roundOrder,
  type ScanRow,
  summarize,
} from "./compare-stats.js";

const runFile = promisify(execFile);
const CHILD = fileURLToPath(new URL("./compare-child.js", import.meta.url));
/** What a built tree holds: the engine's entry and the bench's engine child. */
const BUILT_FILES = [
  join("dist", "index.js"),
  join(".bench-build", "bench", "workloads", "backtest-child.js"),
];
const DEFAULT_ROUNDS = 9;

/** A bad operand or option: what was wrong and how to put it right. */
export class CompareUsageError extends Error {
  readonly code = "SCN_ERR_USAGE";
}

export interface CompareOptions {
  /** The trees (paths) or `git:REF` commits; the first is the baseline. */
  readonly operands: readonly string[];
  readonly rounds?: number;
  readonly symbols?: number;
  /** Trading days of the backtest, ending at the store's last day. */
  readonly days?: number;
  /** The store the runs read (default: the bench's 4,000-symbol demo store, cached). */
  readonly store?: DemoStoreParams;
  /** The repository `git:` operands are commits of (default: the current directory). */
  readonly repository?: string;
  /** Told of each run as it ends. */
  readonly onRun?: (round: number, operand: string, figures: RunFigures) => void;
}

export interface CompareVariant {
  readonly operand: string;
  /** The operand, numbered (`#2`) where the same operand is compared with itself. */
  readonly label: string;
  /** The built tree the runs came from. */
  readonly tree: string;
  readonly medians: Record<keyof RunFigures, number>;
  /** Median of the per-round ratios to the baseline's figure (none for the baseline). */
  readonly ratios?: Record<keyof RunFigures, number>;
  readonly runs: readonly RunFigures[];
}

export interface CompareReport {
  readonly workload: { readonly symbols: number; readonly days: readonly string[]; readonly store: string };
  readonly rounds: number;
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
  readonly variants: readonly CompareVariant[];
  /** Name → passed: each variant's every run gave the baseline's scan rows. */
  readonly checks: Readonly<Record<string, boolean>>;
  /** Where a run's rows first differed from the baseline's, one line per such run. */
  readonly differences: readonly string[];
}

export async function compareTrees(options: CompareOptions): Promise<CompareReport> {
  if (options.operands.length < 2) {
    throw new CompareUsageError("name a baseline and at least one tree or git:REF to compare with it");
  }
  const rounds = positive(options.rounds ?? DEFAULT_ROUNDS, "--rounds");
  const storeParams = options.store ?? BACKTEST_STORE;
  const symbolCount = positive(
    options.symbols ?? Math.min(THROUGHPUT_SYMBOLS, storeParams.symbols),
    "--symbols",
  );
  const dayCount = positive(options.days ?? BACKTEST_DAYS, "--days");
  if (symbolCount > storeParams.symbols) {
    throw new CompareUsageError(`--symbols ${symbolCount}: the store holds ${storeParams.symbols} symbols`);
  }
  if (dayCount > storeParams.days) {
    throw new CompareUsageError(`--days ${dayCount}: the store holds ${storeParams.days} days of 1m bars`);
  }
  const repository = resolve(options.repository ?? process.cwd());
  const labels = options.operands.map((operand, v) =>
    options.operands.filter((other) => other === operand).length > 1
      ? `${operand}#${options.operands.slice(0, v + 1).filter((other) => other === operand).length}`
      : operand,
  );
  const trees = options.operands.map((operand) => builtTree(operand, repository));
  const store = cachedDemoStore(storeParams);
  const days = lastTradingDays(store, dayCount);
  const folder = mkdtempSync(join(tmpdir(), "scanwright-compare-runs-"));
  try {
    const configs = await Promise.all(
      trees.map((tree, v) => writeConfig(tree, folder, `v${v}`, store, symbolCount, days)),
    );
    const loadAverageBefore = loadavg();
    const runs: RunFigures[][] = trees.map(() => []);
    const scans: Array<Array<readonly ScanRow[]>> = trees.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const v of roundOrder(trees.length, round)) {
        const journalPath = join(folder, `v${v}-journal.db`);
        const output = await runChild(trees[v], { configPath: configs[v], journalPath });
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${journalPath}${suffix}`, { force: true });
        runs[v][round] = output.figures;
        scans[v][round] = output.scans;
        options.onRun?.(round, options.operands[v], output.figures);
      }
    }
    const loadAverageAfter = loadavg();
    const expected = scans[0][0];
    const checks: Record<string, boolean> = {};
    const differences: string[] = [];
    trees.forEach((_, v) => {
      let same = true;
      scans[v].forEach((rows, round) => {
        const difference = firstDifference(expected, rows);
        if (difference !== undefined) {
          same = false;
          differences.push(`${labels[v]}, round ${round + 1}: ${difference}`);
        }
      });
      checks[`${labels[v]}: every run's ${expected.length} scan rows equal the baseline's`] = same;
    });
    const summaries = summarize(runs);
    return {
      workload: { symbols: symbolCount, days, store: store.path },
      rounds,
      loadAverageBefore: loadAverageBefore.map((load) => round3(load)),
      loadAverageAfter: loadAverageAfter.map((load) => round3(load)),
      variants: trees.map((tree, v) => ({
        operand: options.operands[v],
        label: labels[v],
        tree,
        medians: rounded(summaries[v].medians),
        ...(summaries[v].ratios ? { ratios: rounded(summaries[v].ratios) } : {}),
        runs: runs[v].map((figures) => rounded(figures)),
      })),
      checks,
      differences,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new CompareUsageError(`${name} must be a whole number ≥ 1`);
  return value;
}

/** The built tree an operand names: a folder as it is, or `git:REF` checked out and built. */
function builtTree(operand: string, repository: string): string {
  if (!operand.startsWith("git:")) {
    const tree = resolve(operand);
    const missing = BUILT_FILES.filter((file) => !existsSync(join(tree, file)));
    if (missing.length > 0) {
      throw new CompareUsageError(
        `${operand} is not a built scanwright tree (no ${missing.join(", ")}): run \`npm run build && npx tsc -p tsconfig.bench.json\` in it, or name a commit as git:REF`,
      );
    }
    return tree;
  }
  const ref = operand.slice(4);
  let commit: string;
  try {
    commit = execFileSync("git", ["-C", repository, "rev-parse", "--verify", `${ref}^{commit}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    throw new CompareUsageError(`${operand}: ${ref} is not a commit of the repository at ${repository}`);
  }
  const tree = join(tmpdir(), `scanwright-compare-${commit.slice(0, 12)}`);
  if (BUILT_FILES.every((file) => existsSync(join(tree, file)))) return tree;
  const quiet: ExecFileSyncOptions = { cwd: tree, stdio: ["ignore", "ignore", "inherit"] };
  if (!existsSync(tree)) {
    process.stderr.write(`bench:compare: checking out ${commit.slice(0, 12)} (${ref}) to ${tree}\n`);
    execFileSync("git", ["-C", repository, "worktree", "add", "--detach", tree, commit], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  if (!existsSync(join(tree, "node_modules"))) {
    symlinkSync(join(repository, "node_modules"), join(tree, "node_modules"), "dir");
  }
  process.stderr.write(`bench:compare: building ${tree}\n`);
  execFileSync("npm", ["run", "build", "--silent"], quiet);
  execFileSync(
    process.execPath,
    [join(tree, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.bench.json"],
    quiet,
  );
  return tree;
}

/** The workload's config for one tree, written by that tree's own bench code (its own plugins). */
async function writeConfig(
  tree: string,
  folder: string,
  name: string,
  store: CachedDemoStore,
  symbols: number,
  days: readonly string[],
): Promise<string> {
  const module = pathToFileURL(join(tree, ".bench-build", "bench", "workloads", "backtest-config.js")).href;
  const { writeBacktestConfig } = (await import(module)) as {
    writeBacktestConfig(params: BacktestConfigParams): string;
  };
  return writeBacktestConfig({
    folder,
    name,
    storePath: store.path,
    symbols: store.report.symbols.slice(0, symbols),
    start: days[0],
    end: days[days.length - 1],
  });
}

async function runChild(
  tree: string,
  request: { configPath: string; journalPath: string },
): Promise<CompareChildOutput> {
  const { stdout } = await runFile(
    process.execPath,
    [...ENGINE_FLAGS, CHILD, tree, JSON.stringify(request)],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const output = JSON.parse(stdout) as CompareChildOutput;
  // JSON has no NaN: a figure the platform does not give comes back as null.
  const figures = { ...output.figures };
  for (const figure of FIGURES) figures[figure] = figures[figure] ?? Number.NaN;
  return { figures, scans: output.scans };
}

function round3(value: number): number {
  return Number(value.toFixed(3));
}

function rounded<T extends object>(figures: T): T {
  return Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [key, typeof value === "number" ? round3(value) : value]),
  ) as T;
}

/** Reads `--rounds N`, `--symbols N`, `--days N` and the operands. */
export function parseCompareArgs(argv: readonly string[]): CompareOptions {
  const operands: string[] = [];
  const numbers: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--rounds" || arg === "--symbols" || arg === "--days") {
      const text = argv[++i];
      const value = Number(text);
      if (text === undefined || !Number.isInteger(value) || value < 1) {
        throw new CompareUsageError(`${arg} must be followed by a whole number ≥ 1`);
      }
      numbers[arg.slice(2)] = value;
    } else if (arg.startsWith("--")) {
      throw new CompareUsageError(`unknown option ${arg} (known: --rounds, --symbols, --days)`);
    } else {
      operands.push(arg);
    }
  }
  return { operands, rounds: numbers.rounds, symbols: numbers.symbols, days: numbers.days };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const options = parseCompareArgs(process.argv.slice(2));
    const report = await compareTrees({
      ...options,
      onRun: (round, operand, figures) =>
        process.stderr.write(
          `bench:compare: round ${round + 1}: ${operand} ${figures.wallSeconds.toFixed(3)} s wall, ${figures.cpuSeconds.toFixed(3)} s CPU\n`,
        ),
    });
    process.stdout.write(
      `${JSON.stringify({ node: process.version, cpus: cpus().length, ...report }, null, 2)}\n`,
    );
    if (report.differences.length > 0) {
      process.stderr.write(`bench:compare: results differ:\n${report.differences.join("\n")}\n`);
      process.exitCode = 1;
    }
  } catch (error) {
    if (!(error instanceof CompareUsageError)) throw error;
    process.stderr.write(`bench:compare: ${error.message}\n`);
    process.exitCode = 2;
  }
}
