// `npm run bench:compare` (bench/compare/compare.ts), compiled as the npm script runs it: two
// stand-in trees whose engine child reports set figures give exactly the medians and per-round
// ratios those figures make, and a run whose rows differ from the baseline's is named; the real
// engine of this repository against itself gives the same 312 scan rows in every run; operands
// that are not built trees or commits are refused with what to do.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Compare from "../../bench/compare/compare.js";
import type { ScanRow } from "../../bench/compare/compare-stats.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
/** A small demo store: 12 symbols, the last 2 of its 5 days replayed (3 days of RSI warm-up before). */
const STORE = { symbols: 12, days: 5, historyDays: 30, seed: 7, lastDay: "2024-10-31" } as const;

const rows = (hash: number): ScanRow[] => [
  { scanner: "rsi-below", scheduledAt: Date.UTC(2024, 9, 31, 13, 35), status: "ok", hits: 3, hash: 17 },
  { scanner: "above-vwap", scheduledAt: Date.UTC(2024, 9, 31, 13, 35), status: "ok", hits: 7, hash },
];

/**
 * A folder that looks like a built tree: its engine child returns, call after call, the wall
 * seconds in `walls` (CPU twice the wall, the backtest 0.5 s less, RSS 100 MB) and these rows.
 */
function standInTree(root: string, name: string, walls: readonly number[], hash: number): string {
  const tree = join(root, name);
  const workloads = join(tree, ".bench-build", "bench", "workloads");
  mkdirSync(workloads, { recursive: true });
  mkdirSync(join(tree, "dist"), { recursive: true });
  writeFileSync(join(tree, "dist", "index.js"), "export {};\n");
  writeFileSync(
    join(workloads, "backtest-config.js"),
    `import { writeFileSync } from "node:fs";
import { join } from "node:path";
export function writeBacktestConfig(params) {
  const path = join(params.folder, params.name + ".json");
  writeFileSync(path, JSON.stringify(params));
  return path;
}
`,
  );
  writeFileSync(
    join(workloads, "backtest-child.js"),
    `import { existsSync, readFileSync, writeFileSync } from "node:fs";
const calls = new URL("calls.txt", import.meta.url);
export async function runBacktestOnce() {
  const call = existsSync(calls) ? Number(readFileSync(calls, "utf8")) : 0;
  writeFileSync(calls, String(call + 1));
  const wall = ${JSON.stringify(walls)}[call];
  return {
    seconds: wall - 0.5,
    process: { processSeconds: wall, processCpuSeconds: 2 * wall, peakRssBytes: 100 * 2 ** 20 },
    scans: ${JSON.stringify(rows(hash))},
  };
}
`,
  );
  return tree;
}

describe("bench:compare", () => {
  let compare: typeof Compare;
  let root: string;

  beforeAll(async () => {
    // The npm script compiles the bench before it runs it; so does this test (the compare runs
    // compare-child.js beside its compiled self).
    execFileSync(
      process.execPath,
      [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.bench.json"],
      {
        cwd: REPO,
        stdio: "inherit",
      },
    );
    const compiled = pathToFileURL(join(REPO, ".bench-build/bench/compare/compare.js")).href;
    compare = (await import(compiled)) as typeof Compare;
    root = mkdtempSync(join(tmpdir(), "scanwright-bench-compare-"));
  }, 300_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** The comparison of `operands` on the small store: its 12 symbols, its last 2 days. */
  const compareSmall = (operands: string[], rounds: number, onRun?: Compare.CompareOptions["onRun"]) =>
    compare.compareTrees({ operands, rounds, symbols: 12, days: 2, store: STORE, onRun });

  it("gives the medians and the median per-round ratios of what each run reported, rounds rotated", async () => {
    const baseline = standInTree(root, "base", [2, 4, 3], 5);
    const faster = standInTree(root, "faster", [1.9, 2, 2.7], 5);
    const order: string[] = [];
    const report = await compareSmall([baseline, faster], 3, (round, operand, figures) =>
      order.push(`${round}:${operand === baseline ? "base" : "faster"}:${figures.wallSeconds}`),
    );
    // Rotated: the baseline first in rounds 1 and 3, second in round 2.
    expect(order).toEqual(["0:base:2", "0:faster:1.9", "1:faster:2", "1:base:4", "2:base:3", "2:faster:2.7"]);
    expect(report.workload).toMatchObject({ symbols: 12, days: ["2024-10-30", "2024-10-31"] });
    expect(report.rounds).toBe(3);
    const [base, other] = report.variants;
    expect(base.medians).toMatchObject({
      wallSeconds: 3,
      backtestSeconds: 2.5,
      cpuSeconds: 6,
      peakRssMegabytes: 100,
    });
    expect(base.ratios).toBeUndefined();
    // Per round 0.95, 0.5 and 0.9 of the baseline: 0.9, where the ratio of the medians is 0.667.
    expect(other.medians).toMatchObject({ wallSeconds: 2, backtestSeconds: 1.5, cpuSeconds: 4 });
    expect(other.ratios).toMatchObject({
      wallSeconds: 0.9,
      cpuSeconds: 0.9,
      backtestSeconds: 0.88,
      peakRssMegabytes: 1,
    });
    expect(other.runs.map((run) => run.wallSeconds)).toEqual([1.9, 2, 2.7]);
    expect(report.checks).toEqual({
      [`${baseline}: every run's 2 scan rows equal the baseline's`]: true,
      [`${faster}: every run's 2 scan rows equal the baseline's`]: true,
    });
    expect(report.differences).toEqual([]);
  }, 120_000);

  it("names each run whose scan rows differ from the baseline's", async () => {
    const baseline = standInTree(root, "base-2", [2, 2], 5);
    const wrong = standInTree(root, "wrong", [1, 1], 6);
    const report = await compareSmall([baseline, wrong], 2);
    const line =
      "row 2 differs: above-vwap at 2024-10-31T13:35:00.000Z ok with 7 hits (hash 5) against above-vwap at 2024-10-31T13:35:00.000Z ok with 7 hits (hash 6)";
    expect(report.differences).toEqual([`${wrong}, round 1: ${line}`, `${wrong}, round 2: ${line}`]);
    expect(report.checks[`${wrong}: every run's 2 scan rows equal the baseline's`]).toBe(false);
  }, 120_000);

  it("runs this repository's engine against itself: every run the same 312 scan rows", async () => {
    const report = await compareSmall([REPO, REPO], 2);
    // 78 slots a day (09:35 to the close every 5 minutes) × 2 scanners × 2 days.
    expect(Object.values(report.checks)).toEqual([true, true]);
    expect(Object.keys(report.checks)).toEqual([
      `${REPO}#1: every run's 312 scan rows equal the baseline's`,
      `${REPO}#2: every run's 312 scan rows equal the baseline's`,
    ]);
    expect(report.differences).toEqual([]);
    for (const variant of report.variants) {
      expect(variant.runs).toHaveLength(2);
      for (const run of variant.runs) {
        expect(run.backtestSeconds).toBeLessThan(run.wallSeconds);
        expect(run.mainThreadRunSeconds).toBeGreaterThan(0);
        expect(run.mainThreadRunSeconds).toBeLessThanOrEqual(run.cpuSeconds);
      }
    }
  }, 300_000);

  it("refuses an operand that is not a built tree or a commit, and too few operands, saying what to do", async () => {
    const bare = join(root, "bare");
    mkdirSync(bare, { recursive: true });
    const refused = (options: Compare.CompareOptions) =>
      compare.compareTrees({ store: STORE, ...options }).then(
        () => "no error",
        (error: Error & { code?: string }) => `${error.code}: ${error.message}`,
      );
    expect(await refused({ operands: [REPO, bare] })).toBe(
      `SCN_ERR_USAGE: ${bare} is not a built scanwright tree (no dist/index.js, .bench-build/bench/workloads/backtest-child.js): run \`npm run build && npx tsc -p tsconfig.bench.json\` in it, or name a commit as git:REF`,
    );
    expect(await refused({ operands: ["git:no-such-ref-anywhere", REPO], repository: REPO })).toBe(
      `SCN_ERR_USAGE: git:no-such-ref-anywhere: no-such-ref-anywhere is not a commit of the repository at ${REPO.replace(/\/$/, "")}`,
    );
    expect(await refused({ operands: [REPO] })).toBe(
      "SCN_ERR_USAGE: name a baseline and at least one tree or git:REF to compare with it",
    );
    expect(await refused({ operands: [REPO, REPO], symbols: 13 })).toBe(
      "SCN_ERR_USAGE: --symbols 13: the store holds 12 symbols",
    );
    expect(() => compare.parseCompareArgs(["--rounds", "0", "a", "b"])).toThrow(
      "--rounds must be followed by a whole number ≥ 1",
    );
    expect(() => compare.parseCompareArgs(["--fast", "a", "b"])).toThrow(
      "unknown option --fast (known: --rounds, --symbols, --days)",
    );
    expect(compare.parseCompareArgs(["--rounds", "15", "git:main", ".", "--days", "3"])).toEqual({
      operands: ["git:main", "."],
      rounds: 15,
      symbols: undefined,
      days: 3,
    });
  }, 60_000);
});
