// A parameter sweep through `scanwright run` over the real SPY and AIG minutes of 2013-10-07..11:
// the test plugin (close above session VWAP, volume at least `minVolume`) swept over five values,
// one of which the plugin rejects. Every combination is one run; each equals, row for row, the
// separate run of a config with those values, and its hits are computed here from the CSV text;
// `results --sweep` and `evaluate --sweep` rank the runs.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { EXIT_RUNTIME_FAILURE } from "../../src/cli/exit-codes.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { buildRealStore, type RealStore, WEEK_DATES } from "../helpers/real-session.js";
import { type CsvBar, readMinuteCsv, regularMinutes } from "../helpers/shared-data.js";

const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const SLOTS_PER_DAY = 12;
const SWEPT = [0, 15_000, 80_000, 300_000];

function configText(store: string, journal: string, extra: string[]): string {
  return [
    "name: real-week-sweep",
    "mode: backtest",
    "backtest: { start: 2013-10-07, end: 2013-10-11 }",
    `store: ${store}`,
    `journal: ${journal}`,
    "session_data:",
    "  scanners:",
    "    - name: above-vwap",
    `      plugin: ${PLUGIN}`,
    "      universe: [SPY, AIG]",
    "      indicators: [{ type: vwap, interval: 1m }]",
    "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
    "      promote: true",
    ...extra,
    "",
  ].join("\n");
}

/** Hits of the week: symbols whose last closed 1m bar is above the day's VWAP with volume >= minVolume. */
function expectedHits(minutes: Record<string, CsvBar[]>, minVolume: number): number {
  let hits = 0;
  for (const date of WEEK_DATES) {
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const minutesIn = 30 + slot * 30;
      const at = Date.parse(`${date}T09:30:00-04:00`) + minutesIn * 60_000;
      for (const symbol of ["SPY", "AIG"]) {
        const bars = regularMinutes(minutes[symbol], date).filter((bar) => bar.time + 60_000 <= at);
        if (bars.length === 0) continue;
        let priceVolume = 0;
        let volume = 0;
        for (const bar of bars) {
          priceVolume += ((bar.high + bar.low + bar.close) / 3) * bar.volume;
          volume += bar.volume;
        }
        const last = bars[bars.length - 1];
        if (last.close > priceVolume / volume && last.volume >= minVolume) hits++;
      }
    }
  }
  return hits;
}

describe("scanwright run with a sweep: block, on the real week of 2013-10-07", () => {
  let store: RealStore;
  let dir: string;
  beforeAll(() => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-sweep-"));
  }, 120_000);
  afterAll(() => {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs every combination as one run, each equal to the separate run of its values", async () => {
    const sweepPath = join(dir, "sweep.yaml");
    writeFileSync(
      sweepPath,
      configText(store.path, "sweep.db", [
        "      config: { minVolume: 0 }",
        "sweep:",
        "  scanner: above-vwap",
        `  grid: { minVolume: [${SWEPT.slice(0, 3).join(", ")}] }`,
        `  list: [{ minVolume: ${SWEPT[3]} }, { minVolume: -1 }]`,
      ]),
    );
    const result = await runCaptured(["run", sweepPath], commandRegistrars, { cwd: dir });
    expect(result.exitCode).toBe(EXIT_RUNTIME_FAILURE);

    const minutes: Record<string, CsvBar[]> = {};
    for (const symbol of ["SPY", "AIG"]) {
      minutes[symbol] = WEEK_DATES.flatMap((date) =>
        readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`),
      );
    }
    const hits = SWEPT.map((minVolume) => expectedHits(minutes, minVolume));
    // The values matter: every combination hits a different number of times.
    expect(new Set(hits).size).toBe(4);
    expect(result.stdout).toContain('Sweep "real-week-sweep" of scanner "above-vwap": 5 combinations');
    SWEPT.forEach((minVolume, index) => {
      expect(result.stdout).toContain(
        `[${index + 1}/5] minVolume=${minVolume}: run ${index + 1}, ${hits[index]} hit`,
      );
    });
    expect(result.stderr).toMatch(
      /\[5\/5\] minVolume=-1: failed \(run 5\): .*config does not fit plugin "above-vwap"/,
    );

    const sweepJournal = ScanJournal.open(join(dir, "sweep.db"));
    try {
      const runs = sweepJournal.runs();
      expect(runs.map((run) => run.status)).toEqual([
        "completed",
        "completed",
        "completed",
        "completed",
        "failed",
      ]);
      expect(runs.map((run) => (run.params as { sweep: unknown }).sweep)).toEqual([
        ...SWEPT.map((minVolume, index) => ({
          scanner: "above-vwap",
          index: index + 1,
          of: 5,
          values: { minVolume },
        })),
        { scanner: "above-vwap", index: 5, of: 5, values: { minVolume: -1 } },
      ]);
      expect(runs.map((run) => run.rows)).toEqual([70, 70, 70, 70, 0]);
      // Each combination is its own config: five config hashes.
      expect(new Set(runs.map((run) => run.configHash)).size).toBe(5);
      for (const [index, minVolume] of SWEPT.entries()) {
        const singlePath = join(dir, `single-${minVolume}.yaml`);
        writeFileSync(
          singlePath,
          configText(store.path, `single-${minVolume}.db`, [`      config: { minVolume: ${minVolume} }`]),
        );
        const single = await runCaptured(["run", singlePath], commandRegistrars, { cwd: dir });
        expect(single.exitCode).toBe(0);
        const singleJournal = ScanJournal.open(join(dir, `single-${minVolume}.db`));
        try {
          const [singleRun] = singleJournal.runs();
          expect(sweepJournal.exportRun(runs[index].id)).toEqual(singleJournal.exportRun(singleRun.id));
          expect(singleJournal.summary(singleRun.id)[0].hits).toBe(hits[index]);
        } finally {
          singleJournal.close();
        }
      }
    } finally {
      sweepJournal.close();
    }

    // results --sweep: one line per combination, most hits first, the failed run last.
    const results = await runCaptured(["results", "--journal", "sweep.db", "--sweep"], commandRegistrars, {
      cwd: dir,
    });
    expect(results.stderr).toBe("");
    expect(results.exitCode).toBe(0);
    const resultLines = results.stdout.trimEnd().split("\n");
    expect(resultLines[0]).toBe(
      `Sweep of scanner "above-vwap" in "real-week-sweep": 5 runs of 5 combinations, most hits first (${join(dir, "sweep.db")})`,
    );
    expect(resultLines.slice(1).map((line) => line.trim().split(/\s+/))).toEqual([
      ["rank", "run", "status", "combination", "hits", "scans", "errors", "symbols"],
      ["1", "1", "completed", "minVolume=0", String(hits[0]), "60", "0", "2"],
      ["2", "2", "completed", "minVolume=15000", String(hits[1]), "60", "0", "2"],
      ["3", "3", "completed", "minVolume=80000", String(hits[2]), "60", "0", "1"],
      ["4", "4", "completed", "minVolume=300000", String(hits[3]), "60", "0", "1"],
      ["5", "5", "failed", "minVolume=-1", "-", "0", "0", "0"],
    ]);

    // evaluate --sweep: each run scored as `evaluate` scores the separate run of its values, ranked
    // by the mean return at the first horizon (which is not the order of the hits).
    const evaluated = await runCaptured(["evaluate", sweepPath, "--sweep", "--json"], commandRegistrars, {
      cwd: dir,
    });
    expect(evaluated.stderr).toBe("");
    expect(evaluated.exitCode).toBe(0);
    const separate = [];
    for (const [index, minVolume] of SWEPT.entries()) {
      const single = await runCaptured(
        ["evaluate", join(dir, `single-${minVolume}.yaml`), "--json", "--no-save"],
        commandRegistrars,
        { cwd: dir },
      );
      expect(single.exitCode).toBe(0);
      const row = JSON.parse(single.stdout).rows.find(
        (candidate: { group: string; horizon: string }) =>
          candidate.group === "all" && candidate.horizon === "5m",
      );
      expect(row.hits).toBe(hits[index]);
      separate.push({
        run: index + 1,
        status: "completed",
        combination: index + 1,
        values: { minVolume },
        horizon: "5m",
        hits: row.hits,
        mean_return: row.meanReturn,
        hit_rate: row.hitRate,
        edge: row.edge,
      });
    }
    separate.sort((a, b) => b.mean_return - a.mean_return);
    expect(separate.map((line) => line.run)).not.toEqual([1, 2, 3, 4]);
    const ranked = evaluated.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(ranked).toEqual([
      ...separate.map((line, rank) => ({ rank: rank + 1, ...line })),
      {
        rank: 5,
        run: 5,
        status: "failed",
        combination: 5,
        values: { minVolume: -1 },
        horizon: "-",
        hits: 0,
        mean_return: null,
        hit_rate: null,
        edge: null,
      },
    ]);
  }, 300_000);
});
