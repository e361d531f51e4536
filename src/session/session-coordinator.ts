// The SessionCoordinator drives the trading day and performs every provisioning: it loads history
// from the bar store, subscribes live streams on the bar feed, builds derived bars (5m, 1d …) from
// the base stream, feeds the IndicatorManager, and adds or removes symbols mid-session.
//
// Time: the coordinator never looks past `clock.now()`. `advance()` applies every bar that has
// ended by now (and indicator updates) before the caller runs anything scheduled at now.
//
// Provisioning is all-or-nothing: each step records its undo in an UndoLog, and a failure rolls
// every step back before the error propagates.

// tsyringe needs the Reflect metadata API when it loads: in the bundled build this module may run
// before the entry's own import of it.
import "reflect-metadata";
import { inject, injectable } from "tsyringe";
import type { BarColumns } from "../core/bar-columns.js";
import { SessionError } from "../core/errors.js";
import { type Interval, isIntraday, parseInterval } from "../core/interval.js";
import { type Logger, silentLogger } from "../core/logger.js";
import { normalizeSymbol } from "../core/symbol.js";
import type { BarFeed } from "../data/bar-feed.js";
import type { IndicatorManager } from "../indicators/indicator-manager.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import {
  type IndicatorSpec,
  type ResolvedIndicatorSpec,
  resolveIndicatorSpec,
} from "../indicators/indicator-spec.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { TradingSession } from "../time/trading-session.js";
import type { BarSeries } from "./bar-series.js";
import { ConfigPlan, type PlannedIndicator } from "./config-plan.js";
import { DerivedLane } from "./derived-lane.js";
import { HistoryReader } from "./history-reader.js";
import {
  type HistoryWindow,
  type IndicatorRequirements,
  RequirementAnalyzer,
  requiredIntervals,
} from "./requirement-analyzer.js";
import type { SessionDataSpec } from "./session-spec.js";
import type { SessionStateExport, SymbolStateExport } from "./session-state.js";
import { SessionSymbols } from "./session-symbols.js";
import { TOKENS } from "./session-tokens.js";
import { SlotPool } from "./slot-pool.js";
import { type SymbolOrigin, SymbolState } from "./symbol-state.js";
import { UndoLog } from "./undo-log.js";

/** Entries a date memo keeps before it starts over. */
const REMEMBERED = 64;

/** The lanes of a symbol in none (no slot). */
const NO_LANES: readonly DerivedLane[] = [];

/** Requester name under which configured indicators are held. */
export const CONFIG_REQUESTER = "config";

export interface DayStart {
  readonly date: string;
  /** Configured symbols provisioned for the day. */
  readonly symbols: readonly string[];
  /** Configured symbols that could not be provisioned, with the reason. */
  readonly failed: ReadonlyArray<{ readonly symbol: string; readonly reason: string }>;
}

export interface DayEnd {
  readonly date: string;
  /** Adhoc symbols released at the close (neither promoted, configured nor locked). */
  readonly released: readonly string[];
}

@injectable()
export class SessionCoordinator {
  private readonly logger: Logger;
  private readonly feedInterval: Interval;
  private session: TradingSession | undefined;
  private readonly onFeedRange = (
    symbol: string,
    bars: BarColumns,
    from: number,
    to: number,
    tag: unknown,
    landed?: BarColumns,
    landedFrom?: number,
  ): void => this.applyFeedRange(symbol, bars, from, to, tag, landed, landedFrom);
  /**
   * Index 0: the instant the current session was last advanced to (NaN: not yet), to which
   * `flushDerived` flushes. Shared with the derived lanes (`DerivedLane.flushAdvanced` reads it), so
   * the per-bar path hands no time through a call: a call TurboFan does not inline boxes a double
   * argument (16 bytes per symbol and step, 12 MB a run at 2,000 symbols).
   */
  private readonly advancedTo = Float64Array.of(Number.NaN);
  /**
   * Sessions by date, asked for per symbol at every day's start and end (the calendar parses the
   * date at each ask): a few dates are in use at a time, so the map stays small.
   */
  private readonly sessions = new Map<string, TradingSession>();
  /** Bars per session by interval text, on `sessionBarsDate` (see `reserveSession`). */
  private readonly sessionBars = new Map<string, number>();
  private sessionBarsDate: string | undefined = undefined;
  /** Symbols with a derived bucket forming (see `flushDerived`): what a step must flush besides the symbols it fed. */
  private readonly openBuckets = new Set<SymbolState>();
  /**
   * Symbols flushed for the first time at the instant being advanced to that still have a bucket
   * forming (so are in `openBuckets`), counted by `flushDerived` during `advance`'s drain; `NaN`
   * once a symbol was flushed twice at that instant (the count could then overstate).
   */
  private flushedOpen = 0;
  /** The config's requirements for the latest session date provisioned for (see `configPlan`). */
  private plan: ConfigPlan | undefined;
  /**
   * Parsed intervals by the text asked for: provisioning and the day's bookkeeping ask for the same
   * few intervals for every symbol, and the derived streams' aggregators share the objects.
   */
  private readonly intervals = new Map<string, Interval>();
  /**
   * The derived live intervals' buckets, one lane per interval across the symbols streaming it (in
   * the order the intervals were first streamed), indexed by the symbols' slots (`SymbolState.slot`,
   * from `slots`): a step pushes each symbol's bars and flushes at its slot of each lane it is in.
   */
  private readonly lanes: DerivedLane[] = [];
  private readonly laneByInterval = new Map<string, DerivedLane>();
  private readonly slots = new SlotPool();

  constructor(
    @inject(TOKENS.calendar) private readonly calendar: ExchangeCalendar,
    @inject(TOKENS.clock) private readonly clock: Clock,
    @inject(TOKENS.barFeed) private readonly feed: BarFeed,
    @inject(HistoryReader) private readonly history: HistoryReader,
    @inject(TOKENS.indicatorManager) private readonly indicators: IndicatorManager,
    @inject(TOKENS.indicatorRegistry) private readonly registry: IndicatorRegistry,
    @inject(RequirementAnalyzer) private readonly analyzer: RequirementAnalyzer,
    @inject(SessionSymbols) private readonly symbols: SessionSymbols,
    @inject(TOKENS.sessionDataSpec) private readonly spec: SessionDataSpec,
    @inject(TOKENS.logger) logger: Logger | undefined,
  ) {
    this.logger = logger ?? silentLogger;
    this.feedInterval = parseInterval(feed.interval);
  }

  /** The session being traded, or undefined between days. */
  get currentSession(): TradingSession | undefined {
    return this.session;
  }

  /** The date provisioning works for: the current session, else the next one to trade. */
  sessionDate(): string {
    if (this.session) return this.session.date;
    const now = this.clock.now();
    const today = this.calendar.dateOf(now);
    const session = this.calendar.session(today);
    return session && now < session.closeAt ? today : this.calendar.nextTradingDay(today);
  }

  // ---- the trading day ------------------------------------------------------------------------

  /** Starts the session of `date` (default: the one `sessionDate()` names) and provisions the config. */
  startDay(date: string = this.sessionDate()): DayStart {
    if (this.session) {
      throw new SessionError(`Cannot start ${date}: the session of ${this.session.date} has not ended`);
    }
    const session = this.calendar.requireSession(date);
    if (this.clock.now() >= session.closeAt) {
      throw new SessionError(
        `Cannot start ${date} at ${this.calendar.formatInstant(this.clock.now())}: it has closed`,
      );
    }
    this.session = session;
    this.advancedTo[0] = Number.NaN;
    this.feed.startSession(session);
    // Asked once for every carried-over symbol (and not at all without one: a calendar's first day).
    let previousDate: string | undefined;
    for (const state of this.symbols.all()) {
      previousDate ??= this.calendar.previousTradingDay(session.date);
      this.carryOver(state, previousDate);
    }

    const provisioned: string[] = [];
    const failed: Array<{ symbol: string; reason: string }> = [];
    // The universe is provisioned in one pass of batched store reads (HistoryReader.batch), with the
    // config's requirements worked out once (configPlan) and one undo log: each symbol commits what
    // it provisioned, so a symbol that fails undoes its own steps only and the others go on.
    const undo = new UndoLog();
    this.history.batch(this.spec.symbols, () => {
      for (const raw of this.spec.symbols) {
        const symbol = normalizeSymbol(raw);
        try {
          this.provisionSymbol(symbol, "config", undo);
          this.symbols.registerConfigSymbol(symbol);
          provisioned.push(symbol);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          failed.push({ symbol, reason });
          this.logger.warn(`Configured symbol ${symbol} not provisioned for ${date}: ${reason}`, {
            symbol,
            date,
          });
        }
      }
    });
    if (this.spec.symbols.length > 0 && provisioned.length === 0) {
      this.feed.endSession();
      this.session = undefined;
      throw new SessionError(
        `No configured symbol could be provisioned for ${date}: ${failed.map((f) => `${f.symbol}: ${f.reason}`).join("; ")}`,
      );
    }
    // A day started after the open catches up on the bars that have already ended.
    this.advance();
    return { date, symbols: provisioned, failed };
  }

  /**
   * Applies every bar that has ended by `clock.now()`: base bars from the feed, then the derived
   * bars they complete, with their indicator updates. Returns the number of base bars applied.
   */
  advance(): number {
    if (!this.session) return 0;
    const now = this.clock.now();
    // Nothing ends between two advances at the same instant (several scanners share a slot): the
    // feed has nothing newer, and every derived bucket was flushed at `now` (a symbol provisioned
    // in between catches up and flushes itself).
    if (now === this.advancedTo[0]) return 0;
    this.advancedTo[0] = now;
    // The feed hands each symbol's bars over in one call (BarFeed.drain): the symbol's state is
    // looked up once and stays in the CPU caches while its bars, derived buckets and indicators are
    // applied (it matters at thousands of symbols); its derived buckets are flushed right after.
    this.flushedOpen = 0;
    const delivered = this.feed.drain(now, this.onFeedRange);
    // Buckets that ended by now without a bar in their last slot (gaps, the close) complete here.
    // Symbols with bars in this step were flushed with them; of the others, only those with a bucket
    // forming can have one to complete (usually few: a 5m bucket completes with its last 1m bar).
    // When every symbol with a bucket forming was among those flushed (the usual step: a daily
    // bucket forms all day for every symbol, and every symbol had bars), there is nothing to look
    // at: the drain touched only distinct symbols, each still in the set, so equal counts mean
    // the same symbols, and the pass over thousands of them is skipped.
    if (this.flushedOpen !== this.openBuckets.size) {
      for (const state of this.openBuckets) {
        if (state.flushedAt !== now) this.flushDerived(state);
      }
    }
    return delivered;
  }

  /**
   * Completes the derived buckets of a symbol that have ended by the instant advanced to (a plain
   * indexed loop), and keeps `openBuckets` true: the symbol is in it exactly when one of its
   * buckets is still forming.
   */
  private flushDerived(state: SymbolState): void {
    const now = this.advancedTo[0];
    const slot = state.slot;
    let forming = false;
    if (slot >= 0) {
      const lanes = this.lanes;
      for (let i = 0; i < lanes.length; i++) {
        const lane = lanes[i];
        if (lane.has(slot) && lane.flushAdvanced(slot)) forming = true;
      }
    }
    // A second flush at the same instant would be counted twice: no count then (see `flushedOpen`).
    if (state.flushedAt === now) this.flushedOpen = Number.NaN;
    else if (forming) this.flushedOpen++;
    state.flushedAt = now;
    // `hasOpenBucket` mirrors membership: the set is touched only when it changes (a daily bucket
    // forms all day, so most steps change nothing).
    if (forming !== state.hasOpenBucket) {
      if (forming) this.openBuckets.add(state);
      else this.openBuckets.delete(state);
      state.hasOpenBucket = forming;
    }
  }

  /** Ends the session (at or after its close): closes the daily bar, releases unpromoted adhoc symbols. */
  endDay(): DayEnd {
    const session = this.session;
    if (!session) throw new SessionError("No session to end");
    if (this.clock.now() < session.closeAt) {
      throw new SessionError(
        `Cannot end ${session.date} at ${this.calendar.formatInstant(this.clock.now())}, before its close ${this.calendar.formatInstant(session.closeAt)}`,
      );
    }
    this.advance();
    this.feed.endSession();
    const released: string[] = [];
    for (const state of [...this.symbols.all()]) {
      const symbol = state.symbol;
      if (state.metadata.meetsSessionConfigRequirements) continue;
      if (this.symbols.isConfigSymbol(symbol) || this.symbols.locks.isLocked(symbol)) continue;
      this.removeSymbol(symbol);
      released.push(symbol);
    }
    // The dates of the first bars trimming keeps: the same few instants for every symbol.
    const datesOf = new Map<number, string>();
    for (const state of this.symbols.all()) {
      // History-only intervals take the session that just closed now rather than at the next start,
      // so that between days they hold every bar a window ending at this session asks for.
      this.extendHistory(state, session.date);
      this.trim(state, datesOf);
    }
    this.session = undefined;
    return { date: session.date, released };
  }

  // ---- provisioning (callers serialize; each call is all-or-nothing) --------------------------

  /**
   * Registers `type` for `symbol` with its warm-up history and live streams. `false` when the key
   * already existed (the requester then shares it; nothing is provisioned again).
   */
  provisionIndicator(
    symbol: string,
    type: string,
    spec: IndicatorSpec,
    requester: string,
    origin: SymbolOrigin,
  ): boolean {
    return this.atomically((undo) => {
      const state = this.ensureSymbol(symbol, origin, undo);
      return this.addIndicator(state, type, spec, requester, undo);
    });
  }

  /** Loads `days` trading days of `interval` history; `false` when that window was already loaded. */
  provisionHistory(symbol: string, intervalText: string, days: number, origin: SymbolOrigin): boolean {
    return this.atomically((undo) => {
      const requirements = this.analyzer.forBars(intervalText, days, this.sessionDate());
      if (!requirements.history) {
        throw new SessionError(
          `addHistoricalBars("${symbol}", "${intervalText}", ${days}): days must be at least 1`,
        );
      }
      const state = this.ensureSymbol(symbol, origin, undo);
      return this.ensureHistory(state, requirements.history, undo);
    });
  }

  /** Streams `interval` (and its base); `false` when it already streamed. */
  provisionStream(symbol: string, intervalText: string, origin: SymbolOrigin): boolean {
    return this.atomically((undo) => {
      const interval = this.intervalOf(intervalText);
      const state = this.ensureSymbol(symbol, origin, undo);
      let added = false;
      for (const text of requiredIntervals(interval)) added = this.ensureStream(state, text, undo) || added;
      return added && state.streams.has(interval.text);
    });
  }

  /**
   * Makes `symbol` a full session symbol: every stream, history window and indicator of the
   * config's session data. `false` when it already was one.
   */
  provisionSymbol(symbol: string, origin: SymbolOrigin, undo = new UndoLog()): boolean {
    const existing = this.symbols.get(symbol);
    if (existing?.metadata.meetsSessionConfigRequirements) return false;
    return this.atomically((undo) => {
      const wasAdhoc = existing !== undefined;
      const state = this.ensureSymbol(symbol, origin, undo);
      const plan = this.configPlan();
      for (const stream of plan.streams) {
        for (const text of stream()) this.ensureStream(state, text, undo);
      }
      for (const window of plan.history) {
        const history = window();
        if (history) this.ensureHistory(state, history, undo);
      }
      for (const indicator of plan.indicators) {
        this.addPlannedIndicator(state, indicator(), CONFIG_REQUESTER, undo);
      }
      const before = { ...state.metadata };
      undo.push(() => Object.assign(state.metadata, before));
      state.metadata.meetsSessionConfigRequirements = true;
      state.metadata.upgradedFromAdhoc = wasAdhoc;
      if (wasAdhoc) state.metadata.addedBy = origin;
      return true;
    }, undo);
  }

  /** What the config asks of every full session symbol on the date provisioning works for (see config-plan.ts). */
  private configPlan(): ConfigPlan {
    const date = this.sessionDate();
    let plan = this.plan;
    if (plan?.date !== date) {
      plan = new ConfigPlan(date, this.spec, this.registry, this.analyzer);
      this.plan = plan;
    }
    return plan;
  }

  /**
   * The async part of an adhoc provisioning, awaited before it: a live vendor feed stores the
   * history windows `need` will read that the store lacks (BarFeed.prepareHistory) and, mid-session,
   * fetches today's bars so far of a symbol it does not stream yet (BarFeed.prepareSymbol), so the
   * synchronous provisioning after it finds them. Nothing to do on a replay.
   */
  async prepareSymbol(symbol: string, need: ProvisionNeed = { kind: "stream" }): Promise<void> {
    if (this.feed.prepareHistory !== undefined) {
      const windows = this.historyWindowsFor(need);
      if (windows.length > 0) await this.feed.prepareHistory(symbol, windows);
    }
    if (!this.session || this.feed.prepareSymbol === undefined || this.feed.isSubscribed(symbol)) return;
    await this.feed.prepareSymbol(symbol, this.clock.now());
  }

  /**
   * Before a day starts: a live vendor feed makes sure the store holds the configured symbols'
   * history (fetched from the vendor where it lacks it). A symbol whose history cannot be fetched
   * is logged; the day's provisioning then reports it as it reports any symbol without bars.
   */
  async prepareDay(): Promise<void> {
    if (this.feed.prepareHistory === undefined) return;
    for (const raw of this.spec.symbols) {
      const symbol = normalizeSymbol(raw);
      try {
        await this.prepareSymbol(symbol, { kind: "symbol" });
      } catch (error) {
        this.logger.warn(
          `History of ${symbol} could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
          {
            symbol,
          },
        );
      }
    }
  }

  /** Drops a symbol's bars, streams and indicator references. `false` if it was not loaded. */
  removeSymbol(symbol: string): boolean {
    if (!this.symbols.has(symbol)) return false;
    this.feed.unsubscribe(symbol);
    this.indicators.releaseAll(symbol);
    const state = this.symbols.get(symbol);
    if (state) {
      this.openBuckets.delete(state);
      state.hasOpenBucket = false;
      this.releaseSlot(state);
    }
    this.symbols.delete(symbol);
    return true;
  }

  // ---- moving the between-days state to another session ----------------------------------------

  /**
   * The state this session hands the next day (session-state.ts): every symbol with its metadata,
   * streams, history bookkeeping, bars and indicators, the configured symbols and the locks.
   * Between days only (a day's forming buckets and feed position do not travel).
   */
  exportState(): SessionStateExport {
    if (this.session) {
      throw new SessionError(`Cannot export the session state during the session of ${this.session.date}`);
    }
    const symbols: SymbolStateExport[] = [];
    for (const state of this.symbols.all()) {
      symbols.push({
        symbol: state.symbol,
        metadata: { ...state.metadata },
        streams: [...state.streams],
        historyFrom: [...state.historyFrom],
        retention: [...state.retention],
        indicatorIntervals: [...state.indicators],
        indicators: this.indicators.exportIndicators(state.symbol),
        series: [...state.series].map(([interval, series]) => ({ interval, bars: series.view() })),
      });
    }
    const locks = this.symbols.locks;
    return {
      symbols,
      configSymbols: [...this.symbols.configSymbolSet()],
      locks: locks.lockedSymbols().map((symbol) => [symbol, locks.reasonsOf(symbol)] as const),
    };
  }

  /**
   * Makes this freshly wired session hold `exported` (from `exportState` of a session of the same
   * config): symbols are created in the exported order, their streams subscribed (and derived
   * lanes joined) as provisioning does, bars and indicator states put back as they were. Between
   * days, into a session holding no symbol and no lock yet; all or nothing.
   */
  importState(exported: SessionStateExport): void {
    if (this.session) {
      throw new SessionError(`Cannot import a session state during the session of ${this.session.date}`);
    }
    if (this.symbols.symbols().length > 0 || this.symbols.locks.lockedSymbols().length > 0) {
      throw new SessionError(
        "A session state is imported into a fresh session: this one already holds symbols",
      );
    }
    const undo = new UndoLog();
    try {
      for (const symbol of exported.symbols) this.importSymbol(symbol, undo);
    } catch (error) {
      for (const failure of undo.rollback()) this.logger.error(`Rollback step failed: ${String(failure)}`);
      throw error;
    }
    // Plain bookkeeping, set once every symbol stands (nothing here can fail).
    for (const symbol of exported.configSymbols) this.symbols.registerConfigSymbol(symbol);
    for (const [symbol, reasons] of exported.locks) {
      for (const reason of reasons) this.symbols.locks.lock(symbol, reason);
    }
  }

  private importSymbol(exported: SymbolStateExport, undo: UndoLog): void {
    const symbol = exported.symbol;
    const state = this.symbols.create(symbol, { ...exported.metadata });
    undo.push(() => this.removeSymbol(symbol));
    for (const interval of exported.streams) this.ensureStream(state, interval, undo);
    for (const { interval, bars } of exported.series) {
      const series = state.seriesOf(interval);
      series.reserve(series.length + bars.length);
      if (series.appendColumns(bars) !== bars.length) {
        throw new SessionError(`${symbol}: the exported ${interval} bars are not in time order`);
      }
    }
    for (const [interval, firstDate] of exported.historyFrom) state.historyFrom.set(interval, firstDate);
    for (const [interval, bars] of exported.retention) state.retention.set(interval, bars);
    for (const [key, interval] of exported.indicatorIntervals) state.indicators.set(key, interval);
    for (const indicator of exported.indicators) this.indicators.importIndicator(symbol, indicator);
  }

  // ---- steps ----------------------------------------------------------------------------------

  /**
   * Runs `work` all-or-nothing: on success its steps are committed (kept), on failure rolled back.
   * `undo` may be a log shared by many provisionings in turn (a universe at a day's start).
   */
  private atomically<T>(work: (undo: UndoLog) => T, undo = new UndoLog()): T {
    try {
      const result = work(undo);
      undo.commit();
      return result;
    } catch (error) {
      const failures = undo.rollback();
      for (const failure of failures) this.logger.error(`Rollback step failed: ${String(failure)}`);
      throw error;
    }
  }

  private ensureSymbol(symbol: string, origin: SymbolOrigin, undo: UndoLog): SymbolState {
    const existing = this.symbols.get(symbol);
    if (existing) return existing;
    if (!this.history.hasData(symbol)) {
      throw new SessionError(`No bars for "${symbol}" in the bar store`);
    }
    const state = this.symbols.create(symbol, {
      addedBy: origin,
      addedAt: this.clock.now(),
      autoProvisioned: origin !== "config",
      upgradedFromAdhoc: false,
      meetsSessionConfigRequirements: false,
    });
    undo.push(() => {
      this.feed.unsubscribe(symbol);
      this.releaseSlot(state);
      this.symbols.delete(symbol);
    });
    return state;
  }

  /** Takes the symbol out of every derived lane and frees its slot for another symbol. */
  private releaseSlot(state: SymbolState): void {
    const slot = state.slot;
    if (slot < 0) return;
    for (const lane of this.lanes) lane.leave(slot);
    this.slots.release(slot);
    state.slot = -1;
  }

  private addIndicator(
    state: SymbolState,
    type: string,
    spec: IndicatorSpec,
    requester: string,
    undo: UndoLog,
  ): boolean {
    const resolved = resolveIndicatorSpec(this.registry, type, spec);
    if (this.indicators.has(state.symbol, resolved.key)) {
      return this.shareIndicator(state, resolved, requester, undo);
    }
    const planned = { resolved, requirements: this.indicatorRequirements(resolved) };
    return this.addPlannedIndicator(state, planned, requester, undo);
  }

  /** `addIndicator` with the spec resolved and its requirements worked out already (see config-plan.ts). */
  private addPlannedIndicator(
    state: SymbolState,
    planned: PlannedIndicator,
    requester: string,
    undo: UndoLog,
  ): boolean {
    const symbol = state.symbol;
    const { resolved, requirements } = planned;
    const key = resolved.key;
    if (this.indicators.has(symbol, key)) return this.shareIndicator(state, resolved, requester, undo);
    // Streams and history first, registration last: the new indicator then sees every bar once,
    // oldest first, through `warm`.
    for (const interval of requirements.requiredIntervals) this.ensureStream(state, interval, undo);
    if (requirements.history) this.ensureHistory(state, requirements.history, undo);
    this.indicators.registerResolved(symbol, resolved, requester);
    undo.push(() => this.indicators.release(symbol, key, requester));
    state.indicators.set(key, requirements.interval);
    undo.push(() => state.indicators.delete(key));
    this.indicators.warm(symbol, key, state.seriesOf(requirements.interval).view());
    this.logger.debug(requirements.reason, { symbol, key });
    return true;
  }

  /** An indicator the symbol holds already: the requester shares it and nothing is loaded again. */
  private shareIndicator(
    state: SymbolState,
    resolved: ResolvedIndicatorSpec,
    requester: string,
    undo: UndoLog,
  ): false {
    const symbol = state.symbol;
    const key = resolved.key;
    if (this.indicators.registerResolved(symbol, resolved, requester).created) {
      throw new SessionError(`Indicator "${key}" of "${symbol}" vanished while it was being shared`);
    }
    undo.push(() => this.indicators.release(symbol, key, requester));
    return false;
  }

  /** What a resolved indicator needs (streams, history window) for the session being provisioned. */
  private indicatorRequirements(resolved: ResolvedIndicatorSpec): IndicatorRequirements {
    return this.analyzer.forResolvedIndicator(resolved, this.sessionDate());
  }

  /** The history windows a provisioning will read (what a live feed makes sure the store holds). */
  private historyWindowsFor(need: ProvisionNeed): HistoryWindow[] {
    const date = this.sessionDate();
    const windows: Array<HistoryWindow | undefined> = [];
    if (need.kind === "symbol") {
      for (const window of this.spec.historical)
        windows.push(this.analyzer.forBars(window.interval, window.days, date).history);
      for (const request of this.spec.indicators)
        windows.push(
          this.indicatorRequirements(resolveIndicatorSpec(this.registry, request.type, request)).history,
        );
    } else if (need.kind === "indicator") {
      windows.push(
        this.indicatorRequirements(resolveIndicatorSpec(this.registry, need.type, need.spec)).history,
      );
    } else if (need.kind === "history") {
      windows.push(this.analyzer.forBars(need.interval, need.days, date).history);
    }
    return windows.filter((window): window is HistoryWindow => window !== undefined);
  }

  /** Loads the part of `window` not loaded yet, in front of what the series holds. */
  private ensureHistory(state: SymbolState, window: HistoryWindow, undo: UndoLog): boolean {
    const loadedFrom = state.historyFrom.get(window.interval);
    if (loadedFrom !== undefined && loadedFrom <= window.firstDate) return false;
    const interval = this.intervalOf(window.interval);
    const fromTime = this.sessionOn(window.firstDate).openAt;
    const toTime =
      loadedFrom !== undefined ? this.sessionOn(loadedFrom).openAt : this.sessionOn(window.lastDate).closeAt;
    const bars = this.history.read(state.symbol, interval, fromTime, toTime);
    const series = state.seriesOf(window.interval);
    const previousFirstTime = series.firstTime;
    series.prependColumns(bars);
    state.historyFrom.set(window.interval, window.firstDate);
    const previousRetention = state.retention.get(window.interval) ?? 0;
    state.retention.set(window.interval, Math.max(previousRetention, window.bars));
    undo.push(() => {
      series.dropBefore(previousFirstTime);
      state.retention.set(window.interval, previousRetention);
      if (loadedFrom === undefined) state.historyFrom.delete(window.interval);
      else state.historyFrom.set(window.interval, loadedFrom);
    });
    return true;
  }

  /** Streams `intervalText` for the symbol: the feed interval directly, others through their lane. */
  private ensureStream(state: SymbolState, intervalText: string, undo: UndoLog): boolean {
    const interval = this.intervalOf(intervalText);
    if (state.streams.has(interval.text)) return false;
    this.assertStreamable(interval);
    const feedText = this.feedInterval.text;
    if (interval.text !== feedText && !state.streams.has(feedText)) this.ensureStream(state, feedText, undo);
    state.streams.add(interval.text);
    undo.push(() => state.streams.delete(interval.text));
    this.reserveSession(state, interval);

    if (interval.text === feedText) {
      this.subscribeFeed(state);
      undo.push(() => this.feed.unsubscribe(state.symbol));
      if (this.session) {
        // Joining mid-session: today's bars that have already ended, then the live stream.
        const series = state.seriesOf(feedText);
        const today = this.feed.backfill(state.symbol, this.clock.now());
        const sessionOpen = this.session.openAt;
        series.appendColumns(today);
        undo.push(() => series.truncateFrom(sessionOpen));
        for (let i = 0; i < today.length; i++) this.indicators.onBarColumns(state.symbol, feedText, today, i);
      }
      return true;
    }

    // The derived bars form in the interval's lane at the symbol's slot and go from there into the
    // series (and its indicators).
    const text = interval.text;
    const series = state.seriesOf(text);
    let slot = state.slot;
    if (slot < 0) {
      slot = this.slots.take();
      state.slot = slot;
      undo.push(() => {
        this.slots.release(slot);
        state.slot = -1;
      });
    }
    const lane = this.laneOf(interval);
    lane.join(slot, state.symbol, series);
    state.derivedStreams.add(text);
    undo.push(() => {
      lane.leave(slot);
      state.derivedStreams.delete(text);
    });
    const sessionOpen = this.session?.openAt;
    // Rebuild today's part of the derived series from the base bars already streamed. A base series
    // with no bar of today (a day's start, before the open: every symbol of a universe) has nothing
    // to rebuild, and the slot just joined has no bucket forming: no view of an empty range made.
    if (sessionOpen !== undefined && state.seriesOf(feedText).lastTime >= sessionOpen) {
      const today = state.seriesOf(feedText).viewRange(sessionOpen, Number.POSITIVE_INFINITY);
      lane.pushRange(slot, today, 0, today.length);
      if (lane.flushDue(slot, this.clock.now())) {
        this.openBuckets.add(state);
        state.hasOpenBucket = true;
      }
      undo.push(() => series.truncateFrom(sessionOpen));
    }
    return true;
  }

  /** The lane of a derived interval, made when a symbol first streams it. */
  private laneOf(interval: Interval): DerivedLane {
    let lane = this.laneByInterval.get(interval.text);
    if (lane === undefined) {
      lane = new DerivedLane(this.feedInterval, interval, this.calendar, this.indicators, this.advancedTo);
      this.laneByInterval.set(interval.text, lane);
      this.lanes.push(lane);
    }
    return lane;
  }

  private assertStreamable(interval: Interval): void {
    const feedMs = this.feedInterval.durationMs ?? 0;
    if (
      isIntraday(interval) &&
      ((interval.durationMs ?? 0) < feedMs || (interval.durationMs ?? 0) % feedMs !== 0)
    ) {
      throw new SessionError(
        `Cannot stream ${interval.text} bars: the feed delivers ${this.feedInterval.text} bars, and ${interval.text} is not a multiple of it`,
      );
    }
  }

  /**
   * A new session day for a symbol kept from the previous one (`previousDate`: the trading day
   * before it): history extended, streams resumed.
   */
  private carryOver(state: SymbolState, previousDate: string): void {
    this.extendHistory(state, previousDate);
    for (const text of state.streams) this.reserveSession(state, this.intervalOf(text));
    // Still subscribed from the day before (the usual case): no new landing closure per symbol and day.
    if (state.streams.size > 0 && !this.feed.isSubscribed(state.symbol)) this.subscribeFeed(state);
  }

  /**
   * Subscribes the symbol's base stream with its state as the tag and, as the landing for a day
   * read ahead, the room after its feed series' newest bar (BarSeries.landing): the day is decoded
   * where the series keeps it, memory the series reuses every day, not into fresh memory of the
   * feed's that is then copied.
   */
  private subscribeFeed(state: SymbolState): void {
    const series = this.feedSeriesOf(state);
    this.feed.subscribe(state.symbol, state, (length) => series.landing(length));
  }

  /**
   * Sizes a streamed series for what it will hold: the bars it has (at least the one day-end
   * trimming keeps) plus a session of `interval` bars (390 1m, 78 5m, one daily bar), so the day's
   * appends need no reallocation and no doubled arrays (the arrays are most of a session's memory
   * at thousands of symbols). A prepend of history later keeps this room; a series with no bars
   * yet allocates with its first one.
   */
  private reserveSession(state: SymbolState, interval: Interval): void {
    let sessionBars = 1;
    if (isIntraday(interval)) {
      // Per interval for the date provisioning works for (every symbol asks the same few): kept
      // by interval text alone, started over when the date moves on (no key text per ask).
      const date = this.sessionDate();
      if (this.sessionBarsDate !== date) {
        this.sessionBars.clear();
        this.sessionBarsDate = date;
      }
      const known = this.sessionBars.get(interval.text);
      if (known === undefined) {
        sessionBars = this.analyzer.barsInSession(interval, date);
        this.sessionBars.set(interval.text, sessionBars);
      } else {
        sessionBars = known;
      }
    }
    const series = state.seriesOf(interval.text);
    // Day-end trimming keeps at least the newest bar: an empty series gets room for it too, so
    // carried over it takes the next day's bars in the same arrays (a history prepended later
    // keeps this room: one slot more than the day needs).
    series.reserve(Math.max(series.length, 1) + sessionBars);
  }

  /** The calendar's session of `date` (a trading day), remembered. */
  private sessionOn(date: string): TradingSession {
    let session = this.sessions.get(date);
    if (session === undefined) {
      session = this.calendar.requireSession(date);
      this.remember(this.sessions, date, session);
    }
    return session;
  }

  /** `parseInterval(text)`, remembered (an error is thrown again at every ask, as by parseInterval). */
  private intervalOf(text: string): Interval {
    let interval = this.intervals.get(text);
    if (interval === undefined) {
      interval = parseInterval(text);
      this.remember(this.intervals, text, interval);
    }
    return interval;
  }

  /** Sets `key` in a memo map, starting it over past REMEMBERED entries (the dates in use move on). */
  private remember<T>(map: Map<string, T>, key: string, value: T): void {
    if (map.has(key)) return;
    if (map.size >= REMEMBERED) map.clear();
    map.set(key, value);
  }

  /** Appends the completed sessions up to `lastDate` that a series with history lacks (intervals not streamed). */
  private extendHistory(state: SymbolState, lastDate: string): void {
    // By key (no entry pair per interval, symbol and day: thousands of symbols at each start and end).
    for (const intervalText of state.historyFrom.keys()) {
      const firstDate = state.historyFrom.get(intervalText) as string;
      const series = state.seriesOf(intervalText);
      const fromTime = Math.max(series.lastTime + 1, this.sessionOn(firstDate).openAt);
      const last = this.sessionOn(lastDate);
      const toTime = last.closeAt;
      if (fromTime >= toTime) continue;
      const interval = this.intervalOf(intervalText);
      // A series that already reaches its last bar slot before the close (a streamed interval,
      // every day) can get nothing from the store: an intraday history bar is a regular-session bar
      // ending by the close, and where the session is a whole number of bars (no short last
      // bucket) none starts after close − duration. Skipping the two store queries per symbol,
      // interval and day matters at thousands of symbols. Likewise day and week bars start at a
      // session's open (docs/architecture.md, bar times): a series already holding a bar at or after
      // the last session's open has nothing more to get (the day's start after the previous end).
      const durationMs = interval.durationMs;
      const nothingNewer =
        durationMs === undefined
          ? fromTime > last.openAt
          : (toTime - last.openAt) % durationMs === 0 && fromTime > toTime - durationMs;
      if (nothingNewer) continue;
      const bars = this.history.read(state.symbol, interval, fromTime, toTime);
      for (let i = 0; i < bars.length; i++) {
        if (
          series.append(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])
        ) {
          this.indicators.onBarColumns(state.symbol, intervalText, bars, i);
        }
      }
    }
  }

  /**
   * Keeps what the next day needs and no more: each interval's largest history window
   * (`retention` bars), widened to whole sessions where the series keeps history bookkeeping, so
   * that `historyFrom` names the first session held entirely and a longer window later loads exactly
   * the sessions missing in front of it. The window ending at the session that just closed is what
   * provisioning the symbol fresh the next day would load, so a carried-over symbol holds the bars
   * a fresh one would, plus its newest bar where no window reaches it (the feed's 1m for a VWAP
   * keeps its last bar, not a session). The arrays stay: the next day's bars go to the same memory.
   */
  private trim(state: SymbolState, datesOf: Map<number, string>): void {
    // By value (no entry pair per series and day); a series' interval is its key.
    for (const series of state.series.values()) {
      const intervalText = series.interval;
      // At least the newest bar: what the latest-bar reads answer until the next one, and the bar
      // each indicator of the interval took last.
      const kept = Math.max(1, state.retention.get(intervalText) ?? 0);
      if (series.length <= kept) continue;
      if (!state.historyFrom.has(intervalText)) {
        series.trimTo(kept);
        continue;
      }
      const firstKept = series.timeFromEnd(kept - 1);
      let firstDate = datesOf.get(firstKept);
      if (firstDate === undefined) {
        firstDate = this.calendar.dateOf(firstKept);
        datesOf.set(firstKept, firstDate);
      }
      const firstTime = series.firstTime;
      series.dropBefore(this.sessionOn(firstDate).openAt);
      // The history now starts later: record where (a window reaching before it is not loaded).
      if (series.firstTime !== firstTime) state.historyFrom.set(intervalText, firstDate);
    }
  }

  // ---- streaming --------------------------------------------------------------------------------

  // The per-bar path (every base bar of every symbol): nothing is allocated. `applyFeedRange` takes
  // a run of one symbol's bars (one drain): the symbol's state, feed series and indicator feed are
  // looked up once for the run, and the run goes range-wise, not bar by bar: to the indicators
  // (one call per indicator), into each derived lane the symbol is in, at its slot (one call each,
  // which folds the bars of its forming bucket in one loop), then appended to the series in one
  // call; the symbol's derived buckets are flushed at the end. Nothing outside the symbol sees the
  // order between the three (the derived bars go to other series and indicators), so the values
  // are those of feeding each bar to all three in turn. The series is written last: a day landed
  // in its memory behind bars appended since (a mid-session join's backfill) is copied to earlier
  // slots, over columns of the run that would otherwise still be read. A bar the series would
  // refuse (not newer than its newest) reaches none of them, as before. A run the feed also hands
  // as landed in the series' own room (`landed`, a replay's step block) is appended there by moving
  // the series' end.
  private applyFeedRange(
    symbol: string,
    bars: BarColumns,
    from: number,
    to: number,
    tag: unknown,
    landed: BarColumns = bars,
    landedFrom = from,
  ): void {
    // The feed hands back the state the symbol was subscribed with (no map lookup per range).
    const state = tag instanceof SymbolState ? tag : this.symbols.get(symbol);
    if (!state) return;
    const series = this.feedSeriesOf(state);
    const indicators = this.indicators;
    if (state.indicatorFeedVersion !== indicators.feedsVersion) {
      state.indicatorFeed = indicators.feedOf(symbol, this.feedInterval.text);
      state.indicatorFeedVersion = indicators.feedsVersion;
    }
    const indicatorFeed = state.indicatorFeed;
    const slot = state.slot;
    const lanes = slot >= 0 ? this.lanes : NO_LANES;
    let start = from;
    while (start < to) {
      // The run the series takes: strictly ascending, as the indicators' and lanes' range
      // calls need; a refused bar ends it and is skipped.
      const end = series.newerRun(bars, start, to);
      if (end > start) {
        if (indicatorFeed !== undefined) indicators.onFeedRange(indicatorFeed, bars, start, end);
        for (let i = 0; i < lanes.length; i++) {
          const lane = lanes[i];
          if (lane.has(slot)) lane.pushRange(slot, bars, start, end);
        }
        series.appendNewerRun(bars, start, end, landed, landedFrom + (start - from));
      }
      start = end + 1;
    }
    this.flushDerived(state);
  }

  /** The feed interval's series, cached on the state (a series is never replaced). */
  private feedSeriesOf(state: SymbolState): BarSeries {
    let series = state.feedSeries;
    if (series === undefined) {
      series = state.seriesOf(this.feedInterval.text);
      state.feedSeries = series;
    }
    return series;
  }
}

/** What an adhoc provisioning is about to need, for `prepareSymbol`. */
export type ProvisionNeed =
  | { readonly kind: "symbol" }
  | { readonly kind: "indicator"; readonly type: string; readonly spec: IndicatorSpec }
  | { readonly kind: "history"; readonly interval: string; readonly days: number }
  | { readonly kind: "stream" };
