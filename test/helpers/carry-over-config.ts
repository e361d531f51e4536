// The session the cluster tests distribute: the carry-over fixture plugin (it promotes its hits and
// locks one of them between two dates) over a demo store's symbols, the first of them configured
// with a 1m stream (and an EMA by default), so state crosses every day boundary. As YAML text.

import { fileURLToPath } from "node:url";

export const CARRY_OVER_PLUGIN = fileURLToPath(
  new URL("../fixtures/plugins/cluster/carry-over.ts", import.meta.url),
);

export interface CarryOverConfig {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly storePath: string;
  readonly symbols: readonly string[];
  /** The configured symbol's EMA(5) on 1m (default true). */
  readonly ema?: boolean;
  /** No configured symbol, no promotion, a lock date before the run: nothing crosses a day. */
  readonly stateless?: boolean;
  readonly plugin?: string;
  /** Top-level lines appended (a `cluster:` or `sweep:` block). */
  readonly extra?: readonly string[];
}

export function carryOverConfigText(config: CarryOverConfig): string {
  const stateful = config.stateless !== true;
  const lines = [
    `name: ${config.name}`,
    `backtest: { start: ${config.start}, end: ${config.end} }`,
    `store: ${config.storePath}`,
    "session_data:",
    ...(stateful ? [`  symbols: [${config.symbols[0]}]`, "  streams: [1m]"] : []),
    ...(stateful && config.ema !== false
      ? ["  indicators:", "    - { type: ema, period: 5, interval: 1m }"]
      : []),
    "  scanners:",
    "    - name: carry",
    `      plugin: ${config.plugin ?? CARRY_OVER_PLUGIN}`,
    `      universe: [${config.symbols.join(", ")}]`,
    "      regular_session: [{ start: '10:00', end: '15:00', interval: 60m }]",
    `      promote: ${stateful}`,
    `      config: { lock_on: ${stateful ? "2024-12-18" : "2000-01-03"}, unlock_on: 2024-12-24 }`,
    ...(config.extra ?? []),
  ];
  return `${lines.join("\n")}\n`;
}
