// What a scanner plugin may call on the session (`context.sessionData`): the adhoc APIs, locks and
// the reads, and nothing of the wiring (`setIndicatorManager`, `setSessionCoordinator`) or of the
// engine's own bookkeeping (`registerConfigSymbol`). The interface keeps a TypeScript plugin from
// calling those; the facade keeps a JavaScript plugin from reaching them at run time: it is a frozen
// object of bound methods, not the SessionData itself.

import type { Bar } from "../core/bar.js";
import type { AddIndicatorOptions, IndicatorValue, SessionData, SymbolInfo } from "./session-data.js";

/** Maps a hook's copy of its universe back to the array it copies (scanners/universe-copies.ts). */
export interface UniverseOrigins {
  originOf(symbols: readonly string[]): readonly string[];
}

export interface PluginSessionData {
  // ---- adhoc provisioning (async, serialized; `false` when already there) -------------------------
  /** Provisions indicator `type` for `symbol` (history, live bars, a warmed indicator), held for `requester`. */
  addIndicator(
    symbol: string,
    type: string,
    options: AddIndicatorOptions,
    requester?: string,
  ): Promise<boolean>;
  /** Loads `days` trading days of `interval` bars ending at the last completed session. */
  addHistoricalBars(symbol: string, interval: string, days: number): Promise<boolean>;
  /** Streams `interval` bars for `symbol` (derived ones from their base). */
  addSessionBars(symbol: string, interval: string): Promise<boolean>;
  /** Promotes `symbol` to a full session symbol (the config's streams, history and indicators). */
  addSymbol(symbol: string): Promise<boolean>;
  /** Removes an adhoc symbol; `false` for a locked or configured one. */
  removeSymbolAdhoc(symbol: string): Promise<boolean>;
  /** Resolves when every mutation queued so far has finished. */
  settled(): Promise<void>;

  // ---- config symbols and locks ------------------------------------------------------------------
  /** The configured and promoted symbols (a copy). */
  getConfigSymbols(): ReadonlySet<string>;
  lockSymbol(symbol: string, reason: string): boolean;
  unlockSymbol(symbol: string, reason?: string): boolean;
  isSymbolLocked(symbol: string): boolean;

  // ---- reads (completed bars only) ---------------------------------------------------------------
  getLatestBar(symbol: string, interval?: string): Bar | undefined;
  getBars(symbol: string, interval: string, count?: number): Bar[];
  getIndicator(symbol: string, key: string): IndicatorValue | undefined;
  getIndicatorValue(symbol: string, key: string): number | null;
  getIndicatorValues(key: string, symbols: readonly string[], out?: Float64Array): Float64Array;
  getLatestClose(symbol: string, interval?: string): number | undefined;
  getLatestCloses(symbols: readonly string[], interval?: string, out?: Float64Array): Float64Array;
  getLatestPrice(symbol: string): number | undefined;
  getActiveSymbols(): string[];
  getSymbolInfo(symbol: string): SymbolInfo | undefined;
}

/**
 * The plugin's view of `data`: build it once per session and hand the same object to every hook.
 * The bulk reads take a hook's copy of its universe as the array `copies` made it from (the same
 * symbols: see universe-copies.ts).
 */
export function pluginSessionData(data: SessionData, copies: UniverseOrigins): PluginSessionData {
  const facade: PluginSessionData = {
    addIndicator: (symbol, type, options, requester) => data.addIndicator(symbol, type, options, requester),
    addHistoricalBars: (symbol, interval, days) => data.addHistoricalBars(symbol, interval, days),
    addSessionBars: (symbol, interval) => data.addSessionBars(symbol, interval),
    addSymbol: (symbol) => data.addSymbol(symbol, "scanner"),
    removeSymbolAdhoc: (symbol) => data.removeSymbolAdhoc(symbol),
    settled: () => data.settled(),
    getConfigSymbols: () => data.getConfigSymbols(),
    lockSymbol: (symbol, reason) => data.lockSymbol(symbol, reason),
    unlockSymbol: (symbol, reason) => data.unlockSymbol(symbol, reason),
    isSymbolLocked: (symbol) => data.isSymbolLocked(symbol),
    getLatestBar: (symbol, interval) => data.getLatestBar(symbol, interval),
    getBars: (symbol, interval, count) => data.getBars(symbol, interval, count),
    getIndicator: (symbol, key) => data.getIndicator(symbol, key),
    getIndicatorValue: (symbol, key) => data.getIndicatorValue(symbol, key),
    getIndicatorValues: (key, symbols, out) => data.getIndicatorValues(key, copies.originOf(symbols), out),
    getLatestClose: (symbol, interval) => data.getLatestClose(symbol, interval),
    getLatestCloses: (symbols, interval, out) =>
      data.getLatestCloses(copies.originOf(symbols), interval, out),
    getLatestPrice: (symbol) => data.getLatestPrice(symbol),
    getActiveSymbols: () => data.getActiveSymbols(),
    getSymbolInfo: (symbol) => data.getSymbolInfo(symbol),
  };
  return Object.freeze(facade);
}
