// `scanwright run` then `scanwright evaluate` over the real SPY and AIG minutes of 2013-10-07..11:
// a long and a short scanner (the same close-above-VWAP test plugin) over [SPY, AIG]. Every figure
// of the CSV output is recomputed here from the CSV rows with literal instants; the JSON output is
// reproducible, the journal's scores are replaced (not added to) on a second evaluate, and what the
// journal holds reads back to the same report.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { signed } from "../../src/cli/evaluation-output.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { buildReport } from "../../src/scoring/score-report.js";
import { ScoreTable } from "../../src/scoring/score-table.js";
import { readStoredReport } from "../../src/scoring/stored-report.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { edt, firstBarFrom, longMeasure, MINUTE } from "../helpers/forward-reference.js";
import { buildRealStore, type RealStore, WEEK_DATES } from "../helpers/real-session.js";
import { type CsvBar, readMinuteCsv } from "../helpers/shared-data.js";

const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const HORIZONS = ["30m", "close", "1d"];

interface Hit {
  readonly scanner: string;
  readonly date: string;
  readonly at: number;
  readonly symbol: string;
}

describe("scanwright evaluate on the real week of 2013-10-07", () => {
  let store: RealStore;
  let dir: string;
  let configPath: string;
  let journalPath: string;
  let runOutput: string;
  const minutes: Record<string, CsvBar[]> = {};

  /** The long-side return of `symbol` entered at the next open after `at`, at horizon `h`; null past the data. */
  function longReturn(symbol: string, date: string, at: number, horizon: string): number | null {
    const closeAt = edt(date, "16:00");
    const entry = firstBarFrom(minutes[symbol], at, closeAt) as CsvBar;
    const next = WEEK_DATES[WEEK_DATES.indexOf(date) + 1];
    const endAt =
      horizon === "30m"
        ? entry.time + 30 * MINUTE
        : horizon === "close"
          ? closeAt
          : next === undefined
            ? undefined
            : edt(next, "16:00");
    if (endAt === undefined) return null;
    return longMeasure(minutes[symbol], entry.open, entry.time, endAt).returnPct;
  }

  beforeAll(async () => {
    store = buildRealStore();
    for (const symbol of ["SPY", "AIG"]) {
      minutes[symbol] = WEEK_DATES.flatMap((date) =>
        readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`),
      );
    }
    dir = mkdtempSync(join(tmpdir(), "scanwright-evaluate-"));
    configPath = join(dir, "week.yaml");
    journalPath = join(dir, "journal.db");
    const scanner = (name: string, direction: string) => [
      `    - name: ${name}`,
      `      plugin: ${PLUGIN}`,
      "      universe: [SPY, AIG]",
      "      indicators: [{ type: vwap, interval: 1m }]",
      "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
      `      direction: ${direction}`,
    ];
    writeFileSync(
      configPath,
      [
        "name: real-week",
        "mode: backtest",
        "backtest: { start: 2013-10-07, end: 2013-10-11 }",
        `store: ${store.path}`,
        "journal: journal.db",
        "session_data:",
        "  scanners:",
        ...scanner("above", "long"),
        ...scanner("fade", "short"),
        "",
      ].join("\n"),
    );
    const result = await runCaptured(["run", configPath], commandRegistrars, { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    runOutput = result.stdout;
  });
  afterAll(() => {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function journalHits(): Hit[] {
    const journal = ScanJournal.open(journalPath);
    try {
      return journal.query({ kind: "regular" }).flatMap((row) =>
        row.symbols.map((symbol) => ({
          scanner: row.scanner,
          date: row.sessionDate,
          at: row.scheduledAt,
          symbol,
        })),
      );
    } finally {
      journal.close();
    }
  }

  /** Mean return, mean baseline and edge of a scanner's hits at a horizon, from the CSV rows. */
  function expectedFigures(hits: readonly Hit[], horizon: string, sign: number) {
    const returns: number[] = [];
    const excess: number[] = [];
    const baselines: number[] = [];
    let nulls = 0;
    for (const hit of hits) {
      const value = longReturn(hit.symbol, hit.date, hit.at, horizon);
      if (value === null) {
        nulls++;
        continue;
      }
      const spy = longReturn("SPY", hit.date, hit.at, horizon) as number;
      const aig = longReturn("AIG", hit.date, hit.at, horizon) as number;
      const baseline = (sign * (spy + aig)) / 2;
      returns.push(sign * value);
      baselines.push(baseline);
      excess.push(sign * value - baseline);
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      hits: returns.length,
      nulls,
      mean: mean(returns),
      baseline: mean(baselines),
      edge: mean(excess),
    };
  }

  it("prints the edge at the close under the run summary", () => {
    const hits = journalHits();
    expect(runOutput).toContain("Edge at close (entry next_open: open of the first 1m bar");
    const edgeLines = runOutput.slice(runOutput.indexOf("Edge at close")).split("\n");
    for (const [scanner, sign] of [
      ["above", 1],
      ["fade", -1],
    ] as const) {
      const own = hits.filter((hit) => hit.scanner === scanner);
      const figures = expectedFigures(own, "close", sign);
      const line = edgeLines.find((text) => text.startsWith(`${scanner} `)) ?? "";
      const cells = line.trim().split(/\s+/);
      expect(cells.slice(0, 6)).toEqual([
        scanner,
        String(figures.hits),
        "0",
        signed(figures.mean),
        signed(figures.baseline),
        signed(figures.edge),
      ]);
    }
  });

  it("reports every figure per scanner, horizon and day in CSV, recomputed from the bars", async () => {
    const result = await runCaptured(
      ["evaluate", configPath, "--format", "csv", "--horizons", HORIZONS.join(","), "--groups", "all,day"],
      commandRegistrars,
      { cwd: dir },
    );
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const [header, ...lines] = result.stdout.trim().split("\n");
    const columns = header.split(",");
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(",").map((cell, i) => [columns[i], cell])),
    );
    // 2 scanners × (all + 5 days) × 3 horizons.
    expect(rows.length).toBe(2 * 6 * 3);
    const hits = journalHits();
    expect(hits.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row.entry_rule).toBe("next_open");
      const sign = row.scanner === "fade" ? -1 : 1;
      expect(row.direction).toBe(sign > 0 ? "long" : "short");
      const own = hits.filter(
        (hit) => hit.scanner === row.scanner && (row.group === "all" || hit.date === row.key),
      );
      const figures = expectedFigures(own, row.horizon, sign);
      expect(Number(row.hits)).toBe(figures.hits);
      expect(Number(row.nulls)).toBe(figures.nulls);
      if (figures.hits === 0) {
        expect(row.mean_return_pct).toBe("");
        continue;
      }
      expect(Number(row.mean_return_pct)).toBeCloseTo(figures.mean, 9);
      expect(Number(row.baseline_mean_pct)).toBeCloseTo(figures.baseline, 9);
      expect(Number(row.edge_pct)).toBeCloseTo(figures.edge, 9);
      if (figures.hits > 1) {
        expect(Number(row.edge_ci_low_pct)).toBeLessThanOrEqual(Number(row.edge_pct));
        expect(Number(row.edge_ci_high_pct)).toBeGreaterThanOrEqual(Number(row.edge_pct));
      }
    }
    // Friday's hits have no 1d: counted apart.
    const friday = rows.find(
      (row) => row.scanner === "above" && row.key === "2013-10-11" && row.horizon === "1d",
    );
    expect(Number(friday?.hits)).toBe(0);
    expect(Number(friday?.nulls)).toBeGreaterThan(0);
  });

  it("prints the same JSON on every evaluate, replaces the stored scores, and reads them back to the same report", async () => {
    const args = ["evaluate", configPath, "--json", "--horizons", HORIZONS.join(",")];
    const first = await runCaptured(args, commandRegistrars, { cwd: dir });
    const countRows = () => {
      const db = new Database(journalPath, { readonly: true });
      try {
        return db.prepare("SELECT count(*) FROM scores").pluck().get();
      } finally {
        db.close();
      }
    };
    const rowsAfterFirst = countRows();
    const second = await runCaptured(args, commandRegistrars, { cwd: dir });
    expect(first.exitCode).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(countRows()).toBe(rowsAfterFirst);
    expect(rowsAfterFirst).toBe(journalHits().length * HORIZONS.length);

    const report = JSON.parse(first.stdout);
    const table = ScoreTable.open(journalPath);
    try {
      const stored = table.read(report.run);
      expect(stored).toBeDefined();
      expect(JSON.parse(JSON.stringify(buildReport(stored as NonNullable<typeof stored>)))).toEqual(report);
      expect(table.read(report.run + 1)).toBeUndefined();
    } finally {
      table.close();
    }
    expect(JSON.parse(JSON.stringify(readStoredReport(journalPath, report.run)))).toEqual(report);
    expect(readStoredReport(journalPath, report.run + 1)).toBeUndefined();
  });

  it("leaves the stored scores alone with --no-save", async () => {
    const entryRules = () => {
      const db = new Database(journalPath, { readonly: true });
      try {
        return db.prepare("SELECT entry_rule FROM score_runs").pluck().all();
      } finally {
        db.close();
      }
    };
    const before = entryRules();
    expect(before).toEqual(["next_open"]);
    const result = await runCaptured(
      ["evaluate", configPath, "--entry", "vwap_next_5m", "--groups", "all", "--no-save"],
      commandRegistrars,
      { cwd: dir },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^Run 1 "real-week" \(backtest\): \d+ hits scored, not stored \(--no-save\)$/m,
    );
    expect(entryRules()).toEqual(before);
  });

  it("prints tables stating the entry rule and the definitions", async () => {
    const result = await runCaptured(
      ["evaluate", configPath, "--entry", "close_at_T", "--groups", "all"],
      commandRegistrars,
      {
        cwd: dir,
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Run 1 "real-week" \(backtest\): \d+ hits scored, stored in /);
    expect(result.stdout).toContain(
      "Entry: close_at_T (close of the last 1m bar ending at or before the slot)",
    );
    expect(result.stdout).toContain("bootstrap of 1,000 resamples, seed 17");
    expect(result.stdout).toMatch(/^fade \(short, universe 2 symbols, \d+ hits\)$/m);
    expect(result.stdout).toMatch(
      /^ {4}horizon +hits +null +mean +median +hit rate +MFE +MAE +baseline +base rate +edge +95 % CI$/m,
    );
    expect(result.stdout).toMatch(/^ {4}5d +0 +\d+ +- +- +- +- +- +- +- +- +-$/m);
  });

  it("refuses an unknown run, a bad horizon and contradictory formats", async () => {
    const noRun = await runCaptured(["evaluate", configPath, "--run", "99"], commandRegistrars, { cwd: dir });
    expect(noRun.exitCode).toBe(2);
    expect(noRun.stderr).toContain("has no run 99");
    const badHorizon = await runCaptured(["evaluate", configPath, "--horizons", "5m,1h"], commandRegistrars, {
      cwd: dir,
    });
    expect(badHorizon.exitCode).toBe(2);
    expect(badHorizon.stderr).toContain('"1h" is not a horizon');
    const formats = await runCaptured(
      ["evaluate", configPath, "--json", "--format", "csv"],
      commandRegistrars,
      { cwd: dir },
    );
    expect(formats.exitCode).toBe(2);
    expect(formats.stderr).toContain("--json and --format csv contradict each other");
  });
});
