// The session config the end-to-end benchmarks run, written as YAML the way a user writes one (so
// the benchmark goes through loadSessionConfig like `scanwright run`): N demo symbols, each with
// SMA(20) on 1d, RSI(14) on 5m and VWAP on 1m as session_data indicators (streams 1m and 5m), and
// the two bench scanners (bench/plugins/, compiled next to this file) over the whole universe every
// 5 minutes from 09:35 to the close.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BacktestConfigParams {
  readonly folder: string;
  readonly name: string;
  readonly storePath: string;
  readonly symbols: readonly string[];
  readonly start: string;
  readonly end: string;
  /** Without scanners: the session replays bars and feeds indicators only. */
  readonly scanners?: boolean;
}

export const MAX_RSI = 30;

/** Compiled bench plugin path (`.bench-build/bench/plugins/<name>.js`); they import "scanwright" = dist/. */
export function benchPluginPath(name: string): string {
  return fileURLToPath(new URL(`../plugins/${name}.js`, import.meta.url));
}

/** Writes `<folder>/<name>.yaml` and its universe file; returns the config path. */
export function writeBacktestConfig(params: BacktestConfigParams): string {
  const universePath = join(params.folder, `${params.name}-universe.txt`);
  writeFileSync(universePath, `${params.symbols.join("\n")}\n`);
  const scanners =
    params.scanners === false
      ? "  scanners: []\n"
      : `  scanners:
    - name: rsi-below
      plugin: ${JSON.stringify(benchPluginPath("rsi-below"))}
      universe: ${JSON.stringify(universePath)}
      regular_session: [{ start: "09:35", end: close, interval: 5m }]
      config: { max_rsi: ${MAX_RSI} }
    - name: above-vwap
      plugin: ${JSON.stringify(benchPluginPath("above-vwap"))}
      universe: ${JSON.stringify(universePath)}
      regular_session: [{ start: "09:35", end: close, interval: 5m }]
`;
  const yaml = `# Written by bench/workloads/backtest-config.ts
name: ${params.name}
mode: backtest
backtest: { start: ${params.start}, end: ${params.end} }
store: ${JSON.stringify(params.storePath)}
journal: ${JSON.stringify(join(params.folder, `${params.name}-journal.db`))}
session_data:
  symbols: [${params.symbols.join(", ")}]
  streams: [1m, 5m]
  indicators:
    - { type: sma, period: 20, interval: 1d }
    - { type: rsi, period: 14, interval: 5m }
    - { type: vwap, interval: 1m }
${scanners}`;
  const path = join(params.folder, `${params.name}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

export interface IndependentConfigParams {
  readonly folder: string;
  readonly name: string;
  readonly storePath: string;
  readonly symbols: readonly string[];
  readonly start: string;
  readonly end: string;
  /** With the above-vwap scanner beside rsi-below. */
  readonly aboveVwap: boolean;
  /** YAML appended after the scanners (a `sweep:` block). */
  readonly tail?: string;
}

/**
 * The cluster workloads' _independent_ session: the bench scanners with their indicators
 * provisioned adhoc each day and released at the close, no configured symbols, so nothing crosses
 * a day boundary. Writes `<folder>/<name>.yaml` and its universe file; returns the config path.
 */
export function writeIndependentConfig(params: IndependentConfigParams): string {
  const universe = join(params.folder, `${params.name}-universe.txt`);
  writeFileSync(universe, `${params.symbols.join("\n")}\n`);
  const path = join(params.folder, `${params.name}.yaml`);
  const aboveVwap = `    - name: above-vwap
      plugin: ${JSON.stringify(benchPluginPath("above-vwap"))}
      universe: ${JSON.stringify(universe)}
      indicators: [{ type: vwap, interval: 1m }]
      regular_session: [{ start: "09:35", end: close, interval: 5m }]
`;
  writeFileSync(
    path,
    `name: ${params.name}
backtest: { start: ${params.start}, end: ${params.end} }
store: ${JSON.stringify(params.storePath)}
session_data:
  scanners:
    - name: rsi-below
      plugin: ${JSON.stringify(benchPluginPath("rsi-below"))}
      universe: ${JSON.stringify(universe)}
      indicators: [{ type: rsi, period: 14, interval: 5m }]
      regular_session: [{ start: "09:35", end: close, interval: 5m }]
      config: { max_rsi: 30 }
${params.aboveVwap ? aboveVwap : ""}${params.tail ?? ""}`,
  );
  return path;
}
