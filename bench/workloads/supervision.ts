// What supervision costs: the same backtest through the built CLI (`node dist/cli/main.js run
// <config> --json`, stdout read and dropped), with the command in its supervised worker thread (the
// default) and with `SCANWRIGHT_SUPERVISION=off` (the command on the main thread, as before
// supervision), alternated in one bench run. The config is backtest-throughput's (backtest-config.ts:
// two scanners over the universe every 5 minutes, SMA/RSI/VWAP per symbol) at 1,000 symbols over 5
// days: wall seconds from spawn to exit, so the worker's start, the hook register writes, the output
// relayed as messages and the attribution of each hook are all in. Best of REPEAT each; the ratio
// supervised / unsupervised is held to a target. The machine may be loaded: each alternated pair's
// own ratio is given too, and their range. Checked: both journals hold the same scan rows
// (scanner, slot, status, symbols). Needs `npm run build` (dist/) first.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { writeBacktestConfig } from "./backtest-config.js";
import { cachedDemoStore } from "./demo-store-cache.js";

const STORE = { symbols: 4_000, days: 8, historyDays: 60, seed: 7, lastDay: "2024-10-31" } as const;
const SYMBOLS = 1_000;
const DAYS = 5;
const REPEAT = 5;
const TARGET_RATIO = 1.1;
const cliPath = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

/** Runs the command to its end; resolves with its wall seconds. */
function timeRun(configPath: string, supervised: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliPath, "run", configPath, "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SCANWRIGHT_SUPERVISION: supervised ? "on" : "off" },
    });
    let stderr = "";
    child.stdout.resume();
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr += text;
    });
    child.on("exit", (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`scanwright run exited ${code}: ${stderr.trim()}`));
    });
  });
}

/** The scan rows of the journal's only run, as comparable text. */
function scanRows(journalPath: string): string[] {
  const journal = ScanJournal.open(journalPath);
  try {
    const [run] = journal.runs();
    return journal
      .exportRun(run.id)
      .map((row) => `${row.scanner} ${row.kind} ${row.scheduledAt} ${row.status} ${row.symbols.join(",")}`);
  } finally {
    journal.close();
  }
}

export const supervisionWorkload: BenchWorkload = {
  name: "supervision",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore(STORE);
    const calendar = new ExchangeCalendar();
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-supervision-"));
    const seconds = { supervised: [] as number[], unsupervised: [] as number[] };
    const rows = { supervised: [] as string[], unsupervised: [] as string[] };
    try {
      for (let run = 0; run < REPEAT; run++) {
        for (const mode of ["unsupervised", "supervised"] as const) {
          const name = `${mode}-${run}`;
          const configPath = writeBacktestConfig({
            folder,
            name,
            storePath: store.path,
            symbols: store.report.symbols.slice(0, SYMBOLS),
            start: calendar.previousTradingDay(store.report.lastDay, DAYS - 1),
            end: store.report.lastDay,
          });
          seconds[mode].push(await timeRun(configPath, mode === "supervised"));
          if (run === 0) rows[mode] = scanRows(join(folder, `${name}-journal.db`));
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const best = (values: number[]) => Math.min(...values);
    const round = (value: number) => Number(value.toFixed(3));
    const pairRatios = seconds.supervised.map((value, index) => value / seconds.unsupervised[index]);
    return {
      name: "supervision",
      params: {
        command:
          "node dist/cli/main.js run <config> --json, spawn to exit; SCANWRIGHT_SUPERVISION=off for the unsupervised runs",
        config: `backtest-throughput's config at ${SYMBOLS} symbols × ${DAYS} days (${store.report.lastDay} the last)`,
        timing: `best of ${REPEAT} each, alternated`,
        runsSeconds: {
          supervised: seconds.supervised.map(round),
          unsupervised: seconds.unsupervised.map(round),
        },
        pairRatios: pairRatios.map(round),
      },
      metrics: {
        supervisedSeconds: round(best(seconds.supervised)),
        unsupervisedSeconds: round(best(seconds.unsupervised)),
        supervisedRatio: round(best(seconds.supervised) / best(seconds.unsupervised)),
        pairRatioMin: round(Math.min(...pairRatios)),
        pairRatioMax: round(Math.max(...pairRatios)),
      },
      targets: [{ metric: "supervisedRatio", kind: "max", value: TARGET_RATIO }],
      checks: {
        [`the same scan rows supervised and not (${rows.supervised.length} rows)`]:
          rows.supervised.length > 0 && rows.supervised.join("\n") === rows.unsupervised.join("\n"),
      },
    };
  },
};
