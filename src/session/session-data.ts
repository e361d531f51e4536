// SessionData: what scanner plugins see of the session. The read APIs answer from the bars and
// indicators the session holds (only completed bars: no look-ahead); the adhoc APIs (addIndicator,
// addHistoricalBars, addSessionBars, addSymbol, removeSymbolAdhoc) validate their input and hand the
// work to the SessionCoordinator, one call at a time. Locks and the config-symbol registry are
// immediate.
//
// Mutations are async and serialized; each either completes or leaves no trace. Bad input throws a
// coded error (IndicatorError, IntervalError, SymbolError, SessionError); "already there" is `false`.
//
// Reads are synchronous and see the state between two mutations, never half of one. The bulk reads
// (`getIndicatorValues`, `getLatestCloses`) answer for a whole universe at once, into a
// Float64Array: what the per-symbol reads answer, NaN for their `null`/`undefined`.

// tsyringe needs the Reflect metadata API when it loads: in the bundled build this module may run
// before the entry's own import of it.
import "reflect-metadata";
import { inject, injectable } from "tsyringe";
import type { Bar } from "../core/bar.js";
import { columnsToBars } from "../core/bar-columns.js";
import { quoteValue, SessionError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { normalizeSymbol } from "../core/symbol.js";
import { UniverseResolutions } from "../core/universe-resolutions.js";
import type { IndicatorOutput } from "../indicators/indicator.js";
import type { IndicatorManager } from "../indicators/indicator-manager.js";
import type { BarSeries } from "./bar-series.js";
import { SerialQueue } from "./serial-queue.js";
import type { SessionCoordinator } from "./session-coordinator.js";
import type { IndicatorRequest } from "./session-spec.js";
import { SessionSymbols } from "./session-symbols.js";
import type { SymbolOrigin } from "./symbol-state.js";

/** Who an adhoc indicator is held for, when the caller does not say. */
export const ADHOC_REQUESTER = "adhoc";

export interface AddIndicatorOptions {
  readonly period?: number;
  readonly interval: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface IndicatorValue {
  readonly key: string;
  /** `null` while warming up; multi-output values are copies. */
  readonly value: IndicatorOutput | null;
  readonly ready: boolean;
  /** End of the last bar the indicator took, epoch ms (`null` before the first). */
  readonly updatedAt: number | null;
  /** Bars still needed for a first value (0 once ready). */
  readonly missingBars: number;
}

export interface SymbolInfo {
  readonly symbol: string;
  readonly addedBy: SymbolOrigin;
  readonly addedAt: number;
  readonly autoProvisioned: boolean;
  readonly upgradedFromAdhoc: boolean;
  readonly meetsSessionConfigRequirements: boolean;
  readonly isConfigSymbol: boolean;
  readonly locks: readonly string[];
  /** Live intervals, shortest first. */
  readonly streams: readonly string[];
  /** Bars held per interval. */
  readonly bars: Readonly<Record<string, number>>;
  readonly indicators: readonly string[];
}

@injectable()
export class SessionData {
  private coordinator: SessionCoordinator | undefined;
  private indicatorManager: IndicatorManager | undefined;
  private readonly queue = new SerialQueue();
  /** The series of (universe, interval) for `getLatestCloses`, resolved once per layout. */
  private readonly closeSeries: UniverseResolutions<BarSeries>;

  constructor(@inject(SessionSymbols) private readonly symbols: SessionSymbols) {
    this.closeSeries = new UniverseResolutions(
      () => symbols.layout.value,
      (symbol, interval) =>
        // As in `getLatestClose`: a symbol already in normal form skips the normalization.
        (symbols.get(symbol) ?? symbols.get(normalizeSymbol(symbol)))?.series.get(interval),
    );
  }

  // ---- wiring (called by the container) -------------------------------------------------------

  setIndicatorManager(manager: IndicatorManager): void {
    this.indicatorManager = manager;
  }

  setSessionCoordinator(coordinator: SessionCoordinator): void {
    this.coordinator = coordinator;
  }

  // ---- config symbols and locks ------------------------------------------------------------------

  /** Marks a symbol as configured (never removed by an adhoc call). */
  registerConfigSymbol(symbol: string): void {
    this.symbols.registerConfigSymbol(normalizeSymbol(symbol));
  }

  /** The configured and promoted symbols (a copy). */
  getConfigSymbols(): ReadonlySet<string> {
    return this.symbols.configSymbolSet();
  }

  /** Adds a lock reason; `false` when that reason already stood. Locks persist across days. */
  lockSymbol(symbol: string, reason: string): boolean {
    return this.symbols.locks.lock(normalizeSymbol(symbol), reason);
  }

  /** Releases one reason, or all without one; `false` when nothing was released. */
  unlockSymbol(symbol: string, reason?: string): boolean {
    return this.symbols.locks.unlock(normalizeSymbol(symbol), reason);
  }

  isSymbolLocked(symbol: string): boolean {
    return this.symbols.locks.isLocked(normalizeSymbol(symbol));
  }

  // ---- adhoc provisioning -------------------------------------------------------------------------

  /**
   * Provisions indicator `type` for `symbol`: warm-up history and live bars of the intervals it
   * needs, then a warmed, registered indicator. `false` when the key already exists (the requester
   * then shares it).
   */
  addIndicator(
    symbol: string,
    type: string,
    options: AddIndicatorOptions,
    requester = ADHOC_REQUESTER,
  ): Promise<boolean> {
    return this.queue.run(async () => {
      const normal = normalizeSymbol(symbol);
      const request = validateIndicatorRequest(type, options);
      await this.requireCoordinator().prepareSymbol(normal, { kind: "indicator", type, spec: request });
      return this.requireCoordinator().provisionIndicator(normal, type, request, requester, "adhoc");
    });
  }

  /** Loads `days` trading days of `interval` bars ending at the last completed session; `false` if already loaded. */
  addHistoricalBars(symbol: string, interval: string, days: number): Promise<boolean> {
    return this.queue.run(async () => {
      const normal = normalizeSymbol(symbol);
      const canonical = parseInterval(interval).text;
      if (!Number.isInteger(days) || days < 1) {
        throw new SessionError(
          `addHistoricalBars("${normal}", "${canonical}", ${days}): days must be a whole number ≥ 1`,
        );
      }
      await this.requireCoordinator().prepareSymbol(normal, { kind: "history", interval: canonical, days });
      return this.requireCoordinator().provisionHistory(normal, canonical, days, "adhoc");
    });
  }

  /** Streams `interval` bars for `symbol` (derived ones from their base); `false` if already streaming. */
  addSessionBars(symbol: string, interval: string): Promise<boolean> {
    return this.queue.run(async () => {
      const normal = normalizeSymbol(symbol);
      const canonical = parseInterval(interval).text;
      await this.requireCoordinator().prepareSymbol(normal);
      return this.requireCoordinator().provisionStream(normal, canonical, "adhoc");
    });
  }

  /**
   * Promotes `symbol` to a full session symbol (the config's streams, history and indicators) and
   * registers it as a config symbol once that succeeded. Idempotent: `true`, then `false`.
   */
  addSymbol(symbol: string, addedBy: SymbolOrigin = "scanner"): Promise<boolean> {
    return this.queue.run(async () => {
      const normal = normalizeSymbol(symbol);
      await this.requireCoordinator().prepareSymbol(normal, { kind: "symbol" });
      const promoted = this.requireCoordinator().provisionSymbol(normal, addedBy);
      if (promoted) this.symbols.registerConfigSymbol(normal);
      return promoted;
    });
  }

  /**
   * Removes an adhoc symbol's bars, streams and indicator references. `false` for a locked or
   * configured symbol, or one that is not loaded.
   */
  removeSymbolAdhoc(symbol: string): Promise<boolean> {
    return this.queue.run(() => {
      const normal = normalizeSymbol(symbol);
      if (this.symbols.locks.isLocked(normal) || this.symbols.isConfigSymbol(normal)) return false;
      return this.requireCoordinator().removeSymbol(normal);
    });
  }

  /** Resolves when every mutation queued so far has finished. */
  settled(): Promise<void> {
    return this.queue.idle();
  }

  // ---- reads --------------------------------------------------------------------------------------

  /** The newest completed bar of `interval` (default `1m`). */
  getLatestBar(symbol: string, interval = "1m"): Bar | undefined {
    return this.symbols.get(normalizeSymbol(symbol))?.series.get(parseInterval(interval).text)?.barFromEnd(0);
  }

  /** Completed bars of `interval`, oldest first: the newest `count`, or all the session holds. */
  getBars(symbol: string, interval: string, count?: number): Bar[] {
    const canonical = parseInterval(interval).text;
    const series = this.symbols.get(normalizeSymbol(symbol))?.series.get(canonical);
    if (!series) return [];
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      throw new SessionError(`getBars: count must be a whole number ≥ 0, got ${count}`);
    }
    return columnsToBars(series.view(count ?? series.length), canonical);
  }

  /** An indicator's value by key (`sma_20_1d`), or undefined when the symbol has no such indicator. */
  getIndicator(symbol: string, key: string): IndicatorValue | undefined {
    const reading = this.indicatorManager?.getReading(normalizeSymbol(symbol), key);
    if (!reading) return undefined;
    return {
      key: reading.key,
      value: reading.value,
      ready: reading.ready,
      updatedAt: reading.updatedAt,
      missingBars: reading.missingBars,
    };
  }

  /**
   * The value of a single-output indicator by key (`rsi_14_5m`), or `null` while it is not ready or
   * when the symbol has no such indicator; a multi-output indicator (bbands, macd, stoch) throws.
   * Unlike `getIndicator` it allocates nothing: the read path for scans over thousands of symbols.
   */
  getIndicatorValue(symbol: string, key: string): number | null {
    return this.indicatorManager?.numberValue(symbol, key) ?? null;
  }

  /**
   * `getIndicatorValue` for every symbol of `symbols` in one call: entry i is the value of `key` for
   * `symbols[i]`, NaN where `getIndicatorValue` says `null` (not ready, or no such indicator). A
   * multi-output key throws the same IndicatorError as soon as one symbol holds it, ready or not.
   * Writes into `out` when given (a Float64Array of `symbols.length`), else into a new one.
   *
   * The read path for scans over a whole universe: keep passing the same array (`context.universe`)
   * and the symbols are resolved once, then each call is one linear pass until an indicator or a
   * symbol is added or removed. The symbols may be in any case (`aapl`); a malformed one throws.
   */
  getIndicatorValues(key: string, symbols: readonly string[], out?: Float64Array): Float64Array {
    const values = bulkOutput("getIndicatorValues", key, "key", symbols, out);
    if (this.indicatorManager === undefined) return values.fill(Number.NaN);
    return this.indicatorManager.numberValues(key, symbols, values);
  }

  /**
   * The close of the newest completed bar of `interval` (default `1m`), or undefined when the
   * session holds none. `getLatestBar(...)?.close` without the bar object.
   */
  getLatestClose(symbol: string, interval = "1m"): number | undefined {
    // Fast path for names already in normal form (the universe, `1m`); otherwise normalize.
    const state = this.symbols.get(symbol) ?? this.symbols.get(normalizeSymbol(symbol));
    const series = state?.series.get(interval) ?? state?.series.get(parseInterval(interval).text);
    return series?.lastClose();
  }

  /**
   * `getLatestClose` for every symbol of `symbols` in one call: entry i is the close for
   * `symbols[i]`, NaN where the session holds no bar of `interval` for it. `out` and the caching
   * are as in `getIndicatorValues`; a bad interval throws an IntervalError.
   */
  getLatestCloses(symbols: readonly string[], interval = "1m", out?: Float64Array): Float64Array {
    const values = bulkOutput("getLatestCloses", interval, "interval", symbols, out);
    const seriesList = this.closeSeries.resolve(symbols, parseInterval(interval).text);
    for (let i = 0; i < seriesList.length; i++) {
      const series = seriesList[i];
      values[i] = series === undefined ? Number.NaN : series.lastCloseOrNaN();
    }
    return values;
  }

  /** The close of the newest completed bar: the shortest interval held. */
  getLatestPrice(symbol: string): number | undefined {
    const state = this.symbols.get(normalizeSymbol(symbol));
    if (!state) return undefined;
    let best: { durationRank: number; close: number; time: number } | undefined;
    for (const [interval, series] of state.series) {
      const close = series.lastClose();
      if (close === undefined) continue;
      const rank = rankOf(interval);
      // The most recent bar wins; among bars of the same start, the shortest interval.
      const endRank = series.lastTime;
      if (!best || endRank > best.time || (endRank === best.time && rank < best.durationRank)) {
        best = { durationRank: rank, close, time: endRank };
      }
    }
    return best?.close;
  }

  /** Every symbol the session holds, sorted. */
  getActiveSymbols(): string[] {
    return this.symbols.symbols().sort();
  }

  getSymbolInfo(symbol: string): SymbolInfo | undefined {
    const normal = normalizeSymbol(symbol);
    const state = this.symbols.get(normal);
    if (!state) return undefined;
    const bars: Record<string, number> = {};
    for (const [interval, series] of state.series) bars[interval] = series.length;
    return {
      symbol: normal,
      ...state.metadata,
      isConfigSymbol: this.symbols.isConfigSymbol(normal),
      locks: this.symbols.locks.reasonsOf(normal),
      streams: [...state.streams].sort((a, b) => rankOf(a) - rankOf(b)),
      bars,
      indicators: [...state.indicators.keys()].sort(),
    };
  }

  private requireCoordinator(): SessionCoordinator {
    if (!this.coordinator) {
      throw new SessionError(
        "SessionData is not wired to a SessionCoordinator (use createSession or the container)",
      );
    }
    return this.coordinator;
  }
}

function validateIndicatorRequest(type: string, options: AddIndicatorOptions): IndicatorRequest {
  if (typeof type !== "string" || type.trim() === "") {
    throw new SessionError(
      `addIndicator: indicator type must be a non-empty string, got ${JSON.stringify(type)}`,
    );
  }
  if (typeof options !== "object" || options === null || typeof options.interval !== "string") {
    throw new SessionError(`addIndicator("${type}"): options.interval is required (e.g. { interval: "5m" })`);
  }
  return {
    type,
    period: options.period,
    interval: parseInterval(options.interval).text,
    params: options.params,
  };
}

/**
 * Checks a bulk read's arguments and returns the array to fill: `out`, or a new one. Throws a
 * SessionError for arguments in the wrong places (the per-symbol reads take the symbol first).
 */
function bulkOutput(
  read: string,
  name: string,
  nameLabel: string,
  symbols: readonly string[],
  out: Float64Array | undefined,
): Float64Array {
  if (typeof name !== "string") {
    throw new SessionError(`${read}: ${nameLabel} must be a string, got ${describeArgument(name)}`);
  }
  if (!Array.isArray(symbols)) {
    throw new SessionError(
      `${read}("${name}"): symbols must be an array of symbols, got ${describeArgument(symbols)}`,
    );
  }
  if (out === undefined) return new Float64Array(symbols.length);
  if (!(out instanceof Float64Array) || out.length !== symbols.length) {
    const got = out instanceof Float64Array ? `a Float64Array of ${out.length}` : describeArgument(out);
    throw new SessionError(
      `${read}("${name}"): out must be a Float64Array of ${symbols.length} (one entry per symbol), got ${got}`,
    );
  }
  return out;
}

/** A bad argument as a message quotes it; an array (a universe, maybe 10,000 long) by its length. */
function describeArgument(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return quoteValue(value);
}

function rankOf(interval: string): number {
  const parsed = parseInterval(interval);
  return parsed.durationMs ?? (parsed.unit === "d" ? parsed.count * 86_400_000 : parsed.count * 604_800_000);
}
