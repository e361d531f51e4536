// Cold start: `node dist/cli/main.js run <one-day config> --json`, from spawning the process to its
// first scan event on stdout (the line `{"event":"scan",…}` of the 09:35 slot), with the data
// already in the store. That covers Node's start, loading the CLI, parsing the config, loading the
// two bench plugins (compiled .js importing "scanwright" = dist/), opening the store and journal,
// provisioning the universe (SMA 20 1d, RSI 14 5m, VWAP 1m per symbol: history read from the store)
// and replaying 09:30–09:35. The process is killed once the first scan is seen. Best of REPEAT,
// each with a fresh journal; the store is the cached backtest store (demo-store-cache.ts), so it is
// in the OS cache. Needs `npm run build` (dist/) first. Target: < 2 s.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { writeBacktestConfig } from "./backtest-config.js";
import { cachedDemoStore } from "./demo-store-cache.js";

const STORE = { symbols: 4_000, days: 8, historyDays: 60, seed: 7, lastDay: "2024-10-31" } as const;
const SYMBOL_COUNTS = [500, 2_000] as const;
const REPEAT = 3;
const TARGET_SECONDS = 2;
const cliPath = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

interface FirstScan {
  readonly seconds: number;
  readonly line: string;
}

/** Spawns the CLI and resolves at its first scan event (then kills it). */
function timeToFirstScan(configPath: string): Promise<FirstScan> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliPath, "run", configPath, "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffered = "";
    let stderr = "";
    let done = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (text: string) => {
      if (done) return;
      buffered += text;
      for (const line of buffered.split("\n")) {
        if (!line.startsWith('{"event":"scan"')) continue;
        done = true;
        const seconds = (performance.now() - started) / 1000;
        child.kill("SIGKILL");
        resolve({ seconds, line });
        return;
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr += text;
    });
    child.on("exit", (code) => {
      if (!done) reject(new Error(`scanwright run exited (${code}) before its first scan: ${stderr.trim()}`));
    });
  });
}

export const coldStartWorkload: BenchWorkload = {
  name: "cold-start",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore(STORE);
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-cold-"));
    const metrics: Record<string, number> = {};
    const checks: Record<string, boolean> = {};
    const runs: Record<string, number[]> = {};
    try {
      for (const count of SYMBOL_COUNTS) {
        const seconds: number[] = [];
        let firstLines: string[] = [];
        for (let run = 0; run < REPEAT; run++) {
          const configPath = writeBacktestConfig({
            folder,
            name: `cold-${count}-${run}`,
            storePath: store.path,
            symbols: store.report.symbols.slice(0, count),
            start: store.report.lastDay,
            end: store.report.lastDay,
          });
          const first = await timeToFirstScan(configPath);
          seconds.push(first.seconds);
          firstLines = [...firstLines, first.line];
        }
        metrics[`firstScanSeconds${count}`] = Number(Math.min(...seconds).toFixed(3));
        runs[count] = seconds.map((value) => Number(value.toFixed(3)));
        checks[`${count} symbols: the first scan is an ok 09:35 slot over the whole universe, every run`] =
          firstLines.every((line) => {
            const event = JSON.parse(line) as { status?: string; at?: string; universe?: number };
            return event.status === "ok" && event.at?.includes("T09:35:00") === true;
          });
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return {
      name: "cold-start",
      params: {
        command: "node dist/cli/main.js run <config> --json, until its first scan event",
        config: `one day (${store.report.lastDay}), the backtest-throughput config (backtest-config.ts) at ${SYMBOL_COUNTS.join(" and ")} symbols`,
        store: `${store.path} (cached, in the OS cache)`,
        timing: `best of ${REPEAT} runs (wall seconds from spawn to the first scan line)`,
        runsSeconds: runs,
      },
      metrics,
      targets: SYMBOL_COUNTS.map((count) => ({
        metric: `firstScanSeconds${count}`,
        kind: "max" as const,
        value: TARGET_SECONDS,
      })),
      checks,
    };
  },
};
