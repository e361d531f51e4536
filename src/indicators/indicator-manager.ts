// IndicatorManager: owns the indicator instances of every (symbol, interval, key) and feeds them.
//
// - Sharing: one instance per (symbol, key), whoever asks for it; each requester holds one
//   reference (registering twice is a no-op), and the last release removes the instance.
// - Exactly once: every instance remembers the start time of the last completed bar it took. A
//   completed bar whose time is not after it is refused: not applied, counted in `refusedBars` and
//   in the return value of the feeding call. So history then session bars, overlapping warm-ups or
//   a bar delivered twice never double-count. A forming bar goes through `replace` and commits
//   nothing. Programming errors (unknown key, bad symbol) throw; refused bars do not.
// - Banks: the state of one key (and parameters) for all its symbols lives in one bank
//   (internal/indicator-bank.ts), a slot per symbol: rsi, ema and vwap keep their numbers in the
//   bank's Float64Array records (their Indicator objects are views of a slot, for the cold paths),
//   every other indicator is an instance held by an object bank. The last bar time of each
//   (symbol, key) is in its record too.
// - Fan-out: per (symbol, interval) a prebuilt list of its indicators' banks and slots, so `onBar`
//   is one map lookup, a scan of the symbol's few intervals and a plain loop, with no allocation,
//   and a step reads the banks' records rather than an object per indicator. `onBarColumns` and
//   `warm` read typed-array columns through one reused cursor (column-bar-cursor.ts). Feeding
//   methods take symbols in normal form (upper-case, as everywhere in the system) and canonical
//   interval text (`1m`, `60m`, `1d`) as-is; an unknown (symbol, interval) is a no-op.
// - `updatedAt` is the END of the last bar fed (a bar is known when it ends): time + duration for
//   intraday intervals; for day/week intervals the end follows the calendar, which this layer does
//   not know, so it comes from `options.barEndTime` (default: 16:00 New York of the bar's date).
// - Bulk reads: `numberValues` reads one key for a whole universe into a Float64Array. The
//   registrations of a (symbols array, key) are resolved once, to their bank and slots, and reused
//   until a registration or a removal changes `feedsVersion` (universe-resolutions.ts); the read
//   is then one pass over the bank's records.

import type { BarColumns } from "../core/bar-columns.js";
import { IndicatorError } from "../core/errors.js";
import { type Interval, parseInterval } from "../core/interval.js";
import { newYorkDateKey, newYorkWallTime } from "../core/new-york-time.js";
import { normalizeSymbol } from "../core/symbol.js";
import { UniverseResolutions } from "../core/universe-resolutions.js";
import { ColumnBarCursor } from "./column-bar-cursor.js";
import type { IndicatorDefinition } from "./definition.js";
import type { Indicator, IndicatorInput, IndicatorOutput, IndicatorSnapshot } from "./indicator.js";
import type { IndicatorRegistry } from "./indicator-registry.js";
import { type IndicatorSpec, type ResolvedIndicatorSpec, resolveIndicatorSpec } from "./indicator-spec.js";
import type { IndicatorBank } from "./internal/indicator-bank.js";
import { ObjectBank, readyNumber, severalOutputsError } from "./internal/object-bank.js";
import type { SessionDaySource } from "./regular-session-day.js";

/** End instant of the bar of `interval` that starts at `barTime`. */
export type BarEndTime = (interval: Interval, barTime: number) => number;

export interface IndicatorManagerOptions {
  /** Calendar-aware bar end for day/week intervals (see the file header). */
  readonly barEndTime?: BarEndTime;
  /** The exchange's trading dates and hours, for indicators that reset at each session (vwap, gap). */
  readonly sessionDays?: SessionDaySource;
}

export interface IndicatorRegistration {
  readonly key: string;
  /** `false` when the key already existed for this symbol and is now shared. */
  readonly created: boolean;
}

export interface IndicatorReading {
  readonly key: string;
  /** The current value; multi-output values are copies, safe to keep. */
  readonly value: IndicatorOutput | null;
  readonly ready: boolean;
  /** End of the last completed bar fed, epoch ms; `null` before the first. */
  readonly updatedAt: number | null;
}

export interface IndicatorStatus extends IndicatorReading {
  readonly symbol: string;
  readonly type: string;
  readonly interval: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly requesters: readonly string[];
  /** Completed bars fed. */
  readonly count: number;
  readonly requiredBars: number;
  readonly stableBars: number;
  /** `requiredBars − count`, never below 0. */
  readonly missingBars: number;
  /** Start of the last completed bar fed, epoch ms; `null` before the first. */
  readonly lastBarTime: number | null;
  /** Completed or forming bars refused because they were not newer than the last one fed. */
  readonly refusedBars: number;
}

/** One shared indicator instance and its bookkeeping. */
/** One indicator of a symbol as plain data (IndicatorManager.exportIndicators / importIndicator). */
export interface ExportedIndicator {
  readonly key: string;
  readonly type: string;
  readonly interval: string;
  /** The resolved parameters (every one, defaults included). */
  readonly params: Readonly<Record<string, unknown>>;
  /** In the order they registered. */
  readonly requesters: readonly string[];
  /** Start time of the last completed bar it took; null before the first. */
  readonly lastBarTime: number | null;
  readonly refusedBars: number;
  readonly state: IndicatorSnapshot;
}

class IndicatorSlot {
  refusedBars = 0;
  readonly requesters = new Set<string>();
  /**
   * The last `updatedAt` worked out and the bar start it was worked out for: a calendar-aware bar
   * end (day/week bars) costs microseconds, and readers ask far more often than bars arrive.
   */
  endFor = Number.NaN;
  endAt = 0;

  constructor(
    readonly symbol: string,
    readonly key: string,
    readonly interval: Interval,
    readonly definition: IndicatorDefinition,
    readonly params: Readonly<Record<string, unknown>>,
    readonly paramsText: string,
    /** The state's home: this key's bank (see internal/indicator-bank.ts) and the slot in it. */
    readonly bank: IndicatorBank,
    readonly bankSlot: number,
    /** The Indicator contract on that slot (the instance itself, for an object bank). */
    readonly indicator: Indicator,
    readonly feed: IntervalFeed,
  ) {}

  /** Start time of the last completed bar applied (−Infinity before the first). */
  get lastBarTime(): number {
    return this.bank.lastBarTime(this.bankSlot);
  }
}

/**
 * The indicators of one (symbol, interval), laid out for the hot loop: per indicator its key's
 * bank and its slot there, where the state and the last bar time live (so a step reads the banks'
 * records, not an object per indicator). The first indicator's bank and slot are also fields of
 * the feed itself: most feeds hold one indicator, and then a step reads no array of the feed's.
 * Joining or leaving builds new arrays (a loop already running keeps the old ones).
 */
export class IntervalFeed {
  slots: readonly IndicatorSlot[] = [];
  /**
   * Each indicator's bank and slot there, by position; read at positions past the first only (the
   * first is `firstBank`/`firstSlot`), so a feed of one indicator (most of them: a universe's
   * symbols hold one indicator per interval) keeps none of its own: two arrays fewer per feed.
   */
  banks: readonly IndicatorBank[] = NO_BANKS;
  bankSlots = NO_BANK_SLOTS;
  /** `slots.length`. */
  size = 0;
  /** The first indicator's bank and slot there (`undefined` and 0 while the feed is empty). */
  firstBank: IndicatorBank | undefined = undefined;
  firstSlot = 0;
  /**
   * Canonical interval text, internalized (see `internalized`): callers pass string literals such
   * as "1m", which are internalized too, so `feedFor`'s comparison is a pointer check.
   */
  readonly interval: string;

  /** @param interval internalized already (a spec's registration holds it so, see SpecRegistration). */
  constructor(interval: string) {
    this.interval = interval;
  }

  rebuild(slots: readonly IndicatorSlot[]): void {
    this.slots = slots;
    const several = slots.length > 1;
    this.banks = several ? slots.map((slot) => slot.bank) : NO_BANKS;
    this.bankSlots = several ? Int32Array.from(slots, (slot) => slot.bankSlot) : NO_BANK_SLOTS;
    this.size = slots.length;
    this.firstBank = slots[0]?.bank;
    this.firstSlot = slots[0]?.bankSlot ?? 0;
  }

  add(slot: IndicatorSlot): void {
    this.rebuild([...this.slots, slot]);
  }

  remove(slot: IndicatorSlot): void {
    this.rebuild(this.slots.filter((other) => other !== slot));
  }
}

/** The `banks` and `bankSlots` of a feed of at most one indicator: never read (see IntervalFeed). */
const NO_BANKS: readonly IndicatorBank[] = Object.freeze([]);
const NO_BANK_SLOTS = new Int32Array(0);

/**
 * What registering a resolved spec needs beyond the symbol, worked out once per spec (a universe
 * registers one spec for thousands of symbols): its parameters' JSON, its parsed interval (one
 * object shared by every registration of the spec, not one per symbol) and its bank.
 */
interface SpecRegistration {
  readonly paramsText: string;
  readonly interval: Interval;
  /** The canonical interval text, internalized, for the symbols' feeds of the spec's interval. */
  readonly feedInterval: string;
  readonly bankKey: string;
}

/** The bank of an indicator key with these parameters: parameters outside the key may differ between symbols. */
function bankKeyOf(key: string, paramsText: string): string {
  return `${key}\n${paramsText}`;
}

/** `text` as the engine's internalized copy (a property key is one): equal texts are then one string. */
function internalized(text: string): string {
  return Object.keys({ [text]: true })[0];
}

/** Everything registered for one symbol. */
class SymbolIndicators {
  readonly byKey = new Map<string, IndicatorSlot>();
  /** One feed per interval with indicators; a handful at most, so a scan beats a map. */
  private feedList: readonly IntervalFeed[] = [];
  /** The first feed, held directly: most symbols stream one interval, so one hop less per bar. */
  private firstFeed: IntervalFeed | undefined = undefined;

  get feeds(): readonly IntervalFeed[] {
    return this.feedList;
  }

  set feeds(feeds: readonly IntervalFeed[]) {
    this.feedList = feeds;
    this.firstFeed = feeds[0];
  }

  feedFor(interval: string): IntervalFeed | undefined {
    const first = this.firstFeed;
    if (first === undefined || first.interval === interval) return first;
    const feeds = this.feedList;
    for (let index = 1; index < feeds.length; index++) {
      if (feeds[index].interval === interval) return feeds[index];
    }
    return undefined;
  }
}

export class IndicatorManager {
  private readonly registry: IndicatorRegistry;
  private readonly barEndTime: BarEndTime;
  private readonly sessionDays: SessionDaySource | undefined;
  private readonly bySymbol = new Map<string, SymbolIndicators>();
  private readonly cursor = new ColumnBarCursor();
  /** See `registrationOf`. */
  private readonly registrations = new WeakMap<ResolvedIndicatorSpec, SpecRegistration>();
  private totalRefusedBars = 0;
  /** See `feedsVersion`. */
  private version = 0;
  /** The bulk reads' resolutions, valid while `version` is unchanged (see `numberValues`). */
  private readonly numberIndicators = new UniverseResolutions<IndicatorSlot>(
    () => this.version,
    (symbol, key) => this.numberIndicator(symbol, key),
  );
  /** Per resolution of `numberIndicators`, where its values are in the banks (see `bankReadOf`). */
  private readonly bankReads = new WeakMap<readonly (IndicatorSlot | undefined)[], BankRead>();
  /** The banks by key and parameters (see `place`). */
  private readonly banks = new Map<string, IndicatorBank>();

  constructor(registry: IndicatorRegistry, options: IndicatorManagerOptions = {}) {
    this.registry = registry;
    this.barEndTime = options.barEndTime ?? defaultBarEndTime;
    this.sessionDays = options.sessionDays;
  }

  /** Bars refused so far across all indicators (see the file header). */
  get refusedBars(): number {
    return this.totalRefusedBars;
  }

  // ---- registration -------------------------------------------------------------------------

  /**
   * Registers (or shares) the indicator `type` for `symbol`. Unknown types, bad parameters and bad
   * symbols throw; the same key with different parameters (a parameter not in the key) throws.
   */
  register(symbol: string, type: string, spec: IndicatorSpec, requester: string): IndicatorRegistration {
    const normalSymbol = normalizeSymbol(symbol);
    assertRequester(requester);
    return this.registerResolved(normalSymbol, resolveIndicatorSpec(this.registry, type, spec), requester);
  }

  /**
   * `register` with the spec resolved already (by this manager's registry): a universe's
   * provisioning resolves each configured indicator once and registers it for every symbol, instead
   * of validating the same parameters again per symbol.
   */
  registerResolved(
    symbol: string,
    resolved: ResolvedIndicatorSpec,
    requester: string,
  ): IndicatorRegistration {
    const normalSymbol = normalizeSymbol(symbol);
    assertRequester(requester);
    const registration = this.registrationOf(resolved);
    const paramsText = registration.paramsText;
    let entry = this.bySymbol.get(normalSymbol);
    const existing = entry?.byKey.get(resolved.key);
    if (existing) {
      if (existing.paramsText !== paramsText) {
        throw new IndicatorError(
          `${normalSymbol}: indicator "${resolved.key}" is already registered with parameters ${existing.paramsText}, not ${paramsText}`,
        );
      }
      existing.requesters.add(requester);
      return { key: resolved.key, created: false };
    }
    const { bank, bankSlot, indicator } = this.place(resolved, registration);
    this.version++;
    if (!entry) {
      entry = new SymbolIndicators();
      this.bySymbol.set(normalSymbol, entry);
    }
    let feed = entry.feedFor(resolved.interval);
    if (!feed) {
      feed = new IntervalFeed(registration.feedInterval);
      entry.feeds = [...entry.feeds, feed];
    }
    const slot = new IndicatorSlot(
      normalSymbol,
      resolved.key,
      registration.interval,
      resolved.definition,
      resolved.params,
      paramsText,
      bank,
      bankSlot,
      indicator,
      feed,
    );
    slot.requesters.add(requester);
    feed.add(slot);
    entry.byKey.set(resolved.key, slot);
    return { key: resolved.key, created: true };
  }

  /**
   * A slot for a new registration of `resolved` in its key's bank (made on first use): the
   * definition's own bank for the built-ins that have one, else an object bank holding the instance
   * `create` builds.
   */
  private place(
    resolved: ResolvedIndicatorSpec,
    registration: SpecRegistration,
  ): { bank: IndicatorBank; bankSlot: number; indicator: Indicator } {
    // Parameters outside the key may differ between symbols: one bank per key and parameters.
    const bankKey = registration.bankKey;
    let bank = this.banks.get(bankKey);
    if (bank === undefined) {
      const option = resolved.definition.bank;
      bank =
        option !== undefined && option.replaces === resolved.definition.create
          ? option.create(resolved.params)
          : new ObjectBank();
      if (this.sessionDays !== undefined) bank.useSessionDays(this.sessionDays);
      this.banks.set(bankKey, bank);
    }
    if (bank instanceof ObjectBank) {
      const indicator = resolved.definition.create(resolved.params);
      if (this.sessionDays !== undefined) indicator.useSessionDays?.(this.sessionDays);
      return { bank, bankSlot: bank.hold(indicator), indicator };
    }
    const bankSlot = bank.allocate();
    return { bank, bankSlot, indicator: bank.view(bankSlot) };
  }

  /** Gives a removed registration's slot back to its bank, and drops a bank left empty. */
  private unplace(slot: IndicatorSlot): void {
    slot.bank.release(slot.bankSlot);
    if (slot.bank.size === 0) this.banks.delete(bankKeyOf(slot.key, slot.paramsText));
  }

  /** What registering `resolved` needs beyond the symbol, worked out once per spec (see SpecRegistration). */
  private registrationOf(resolved: ResolvedIndicatorSpec): SpecRegistration {
    let registration = this.registrations.get(resolved);
    if (registration === undefined) {
      const paramsText = JSON.stringify(resolved.params);
      registration = {
        paramsText,
        interval: parseInterval(resolved.interval),
        feedInterval: internalized(resolved.interval),
        bankKey: bankKeyOf(resolved.key, paramsText),
      };
      this.registrations.set(resolved, registration);
    }
    return registration;
  }

  /** Drops `requester`'s reference; the last one removes the indicator. `false` if it held none. */
  release(symbol: string, key: string, requester: string): boolean {
    const normalSymbol = normalizeSymbol(symbol);
    const slot = this.bySymbol.get(normalSymbol)?.byKey.get(key);
    if (!slot?.requesters.delete(requester)) return false;
    if (slot.requesters.size === 0) this.remove(slot);
    return true;
  }

  /** Removes every indicator of `symbol`, whoever holds it; returns how many were removed. */
  releaseAll(symbol: string): number {
    const normalSymbol = normalizeSymbol(symbol);
    const entry = this.bySymbol.get(normalSymbol);
    if (!entry) return 0;
    this.version++;
    this.bySymbol.delete(normalSymbol);
    for (const slot of entry.byKey.values()) this.unplace(slot);
    return entry.byKey.size;
  }

  /** Drops every reference `requester` holds, on every symbol; returns how many it held. */
  releaseRequester(requester: string): number {
    let released = 0;
    for (const entry of [...this.bySymbol.values()]) {
      for (const slot of [...entry.byKey.values()]) {
        if (!slot.requesters.delete(requester)) continue;
        released++;
        if (slot.requesters.size === 0) this.remove(slot);
      }
    }
    return released;
  }

  private remove(slot: IndicatorSlot): void {
    const entry = this.bySymbol.get(slot.symbol);
    if (!entry) return;
    this.version++;
    entry.byKey.delete(slot.key);
    slot.feed.remove(slot);
    this.unplace(slot);
    if (slot.feed.slots.length === 0) entry.feeds = entry.feeds.filter((feed) => feed !== slot.feed);
    if (entry.byKey.size === 0) this.bySymbol.delete(slot.symbol);
  }

  // ---- feeding ------------------------------------------------------------------------------

  /**
   * Feeds history to one indicator, oldest first. Bars not newer than the last one it took are
   * refused, so overlapping history is safe. Returns the number of bars applied.
   */
  warm(symbol: string, key: string, history: BarColumns): number {
    const slot = this.requireSlot(symbol, key);
    const { bank, bankSlot } = slot;
    const time = history.time;
    const length = history.length;
    // History in strictly ascending time (a series' bars, what provisioning warms with): the bars
    // refused are those up to the last one taken, a prefix, and the rest goes in one range, as the
    // stream's runs do (`onFeedRange`). Any other order bar by bar, each checked.
    let ascending = true;
    for (let index = 1; index < length && ascending; index++) ascending = time[index] > time[index - 1];
    if (ascending) {
      const lastBarTime = bank.lastBarTime(bankSlot);
      let start = 0;
      while (start < length && !(time[start] > lastBarTime)) start++;
      if (start < length) {
        bank.updateRange(bankSlot, history, start, length);
        bank.setLastBarTime(bankSlot, time[length - 1]);
      }
      slot.refusedBars += start;
      this.totalRefusedBars += start;
      return length - start;
    }
    const bar = this.cursor;
    let applied = 0;
    let refused = 0;
    for (let index = 0; index < length; index++) {
      const barTime = time[index];
      if (barTime > bank.lastBarTime(bankSlot)) {
        bank.update(bankSlot, bar.at(history, index));
        bank.setLastBarTime(bankSlot, barTime);
        applied++;
      } else {
        refused++;
      }
    }
    bar.clear();
    slot.refusedBars += refused;
    this.totalRefusedBars += refused;
    return applied;
  }

  /**
   * Feeds a completed bar to every indicator of (symbol, interval), each at most once. Returns the
   * number of indicators that refused it (0 normally).
   */
  onBar(symbol: string, interval: string, bar: IndicatorInput): number {
    const feed = this.bySymbol.get(symbol)?.feedFor(interval);
    return feed === undefined ? 0 : this.commit(feed, bar);
  }

  /** `onBar` with the bar at `index` of `columns`, without a bar object per call. */
  onBarColumns(symbol: string, interval: string, columns: BarColumns, index: number): number {
    const feed = this.bySymbol.get(symbol)?.feedFor(interval);
    if (feed === undefined) return 0;
    const refused = this.commit(feed, this.cursor.at(columns, index));
    this.cursor.clear();
    return refused;
  }

  /**
   * The indicators of (symbol, interval) as one handle, `undefined` when it has none: the session's
   * per-step path keeps it on its own per-symbol state instead of looking it up per bar, and feeds
   * through `onFeedBar`/`onFeedRange`. Valid while `feedsVersion` is unchanged.
   */
  feedOf(symbol: string, interval: string): IntervalFeed | undefined {
    return this.bySymbol.get(symbol)?.feedFor(interval);
  }

  /**
   * Changes whenever a handle from `feedOf` may have become stale (any registration, release or
   * removal, on any symbol): a holder compares it with the version it looked the handle up at.
   * The bulk reads' resolutions (`numberValues`) are checked against it too.
   */
  get feedsVersion(): number {
    return this.version;
  }

  /** `onBar` through a handle from `feedOf`. */
  onFeedBar(feed: IntervalFeed, bar: IndicatorInput): number {
    return this.commit(feed, bar);
  }

  /**
   * The completed bars `from`..`to` of `columns`, strictly ascending (a step's run of one symbol's
   * bars), to every indicator of a handle from `feedOf`: `onBarColumns` for each bar, with one call
   * per indicator instead of one per bar and indicator. Exactly once as there: the bars an
   * indicator has already taken (not after its last bar time) are refused; on ascending bars they
   * are a prefix of the run. The rest goes through `updateRange` where the indicator has it, else
   * through `update` bar by bar. Returns the number of refusals (0 normally).
   */
  onFeedRange(feed: IntervalFeed, columns: BarColumns, from: number, to: number): number {
    const time = columns.time;
    const size = feed.size;
    let refused = 0;
    for (let position = 0; position < size; position++) {
      const bank = position === 0 ? feed.firstBank! : feed.banks[position];
      const slot = position === 0 ? feed.firstSlot : feed.bankSlots[position];
      const lastBarTime = bank.lastBarTime(slot);
      let start = from;
      while (start < to && !(time[start] > lastBarTime)) start++;
      if (start > from) {
        feed.slots[position].refusedBars += start - from;
        refused += start - from;
      }
      if (start === to) continue;
      bank.updateRange(slot, columns, start, to);
      bank.setLastBarTime(slot, time[to - 1]);
    }
    if (refused > 0) this.totalRefusedBars += refused;
    return refused;
  }

  /**
   * Shows a forming bar to every indicator of (symbol, interval) through `replace`: values become
   * provisional, nothing is committed. Returns the number of indicators that refused it (a forming
   * bar must be newer than the last completed one).
   */
  onFormingBar(symbol: string, interval: string, bar: IndicatorInput): number {
    const feed = this.bySymbol.get(symbol)?.feedFor(interval);
    if (feed === undefined) return 0;
    const time = bar.time;
    const size = feed.size;
    let refused = 0;
    for (let position = 0; position < size; position++) {
      const bank = position === 0 ? feed.firstBank! : feed.banks[position];
      const slot = position === 0 ? feed.firstSlot : feed.bankSlots[position];
      if (time > bank.lastBarTime(slot)) {
        bank.replace(slot, bar);
      } else {
        feed.slots[position].refusedBars++;
        refused++;
      }
    }
    this.totalRefusedBars += refused;
    return refused;
  }

  private commit(feed: IntervalFeed, bar: IndicatorInput): number {
    const time = bar.time;
    const size = feed.size;
    let refused = 0;
    for (let position = 0; position < size; position++) {
      const bank = position === 0 ? feed.firstBank! : feed.banks[position];
      const slot = position === 0 ? feed.firstSlot : feed.bankSlots[position];
      if (time > bank.lastBarTime(slot)) {
        bank.update(slot, bar);
        bank.setLastBarTime(slot, time);
      } else {
        feed.slots[position].refusedBars++;
        refused++;
      }
    }
    if (refused > 0) this.totalRefusedBars += refused;
    return refused;
  }

  // ---- reading ------------------------------------------------------------------------------

  has(symbol: string, key: string): boolean {
    return this.findSlot(symbol, key) !== undefined;
  }

  /** Whether the indicator has a value; `false` for a key not registered. */
  isReady(symbol: string, key: string): boolean {
    return this.findSlot(symbol, key)?.indicator.ready ?? false;
  }

  /**
   * Completed bars still needed for a first value: `requiredBars − count`, at least 0. Throws for an
   * unknown key. Session-anchored indicators (vwap, gap) also wait for a regular-session bar, so
   * they can have 0 missing bars and still no value (e.g. in the pre-market).
   */
  missingBars(symbol: string, key: string): number {
    const indicator = this.requireSlot(symbol, key).indicator;
    return Math.max(0, indicator.requiredBars - indicator.count);
  }

  /** Value, readiness and update time, or `undefined` for a key not registered. */
  getValue(symbol: string, key: string): IndicatorReading | undefined {
    const slot = this.findSlot(symbol, key);
    return slot === undefined ? undefined : this.reading(slot);
  }

  /**
   * The current value of a single-output indicator, `null` while it is not ready or when the key is
   * not registered; a multi-output indicator (bbands, macd, stoch) throws (read it with `getValue`).
   * Allocates nothing: the read path for scans over a whole universe.
   */
  numberValue(symbol: string, key: string): number | null {
    // Symbols are keyed in normal form: a caller passing one skips the normalization.
    const slot = (this.bySymbol.get(symbol) ?? this.bySymbol.get(normalizeSymbol(symbol)))?.byKey.get(key);
    if (slot === undefined) return null;
    const indicator = slot.indicator;
    if (!indicator.ready) return null;
    const value = indicator.value;
    if (typeof value === "number") return value;
    if (value === null) return null;
    throw severalOutputsError(slot.symbol, key);
  }

  /**
   * `numberValue` for every symbol of `symbols` at once, into `out` (same length): entry i is the
   * value for `symbols[i]`, NaN where `numberValue` says `null`. A multi-output key throws as soon
   * as one symbol holds it, ready or not. The instances are resolved once per (symbols array, key)
   * and reused until the next registration or removal, so a repeated scan is one linear pass.
   */
  numberValues(key: string, symbols: readonly string[], out: Float64Array): Float64Array {
    if (out.length !== symbols.length) {
      throw new IndicatorError(
        `numberValues("${key}"): out has ${out.length} entries for ${symbols.length} symbols`,
      );
    }
    const slots = this.numberIndicators.resolve(symbols, key);
    let read = this.bankReads.get(slots);
    if (read === undefined) {
      read = bankReadOf(slots);
      this.bankReads.set(slots, read);
    }
    if (read.bank !== undefined) {
      read.bank.readNumbers(key, symbols, read.slots, out);
      return out;
    }
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      out[i] = slot === undefined ? Number.NaN : readyNumber(slot.indicator, symbols[i], key);
    }
    return out;
  }

  /**
   * `getValue` plus the bars still missing for a first value: what `SessionData.getIndicator`
   * answers, without `status`'s bookkeeping (requesters, parameters). `undefined` for a key not registered.
   */
  getReading(symbol: string, key: string): (IndicatorReading & { readonly missingBars: number }) | undefined {
    const slot = this.findSlot(symbol, key);
    if (slot === undefined) return undefined;
    const indicator = slot.indicator;
    return {
      key: slot.key,
      value: copyValue(indicator.value),
      ready: indicator.ready,
      updatedAt: this.updatedAt(slot),
      missingBars: Math.max(0, indicator.requiredBars - indicator.count),
    };
  }

  /** Everything known about one registration, or `undefined` for a key not registered. */
  status(symbol: string, key: string): IndicatorStatus | undefined {
    const slot = this.findSlot(symbol, key);
    if (slot === undefined) return undefined;
    const indicator = slot.indicator;
    return {
      ...this.reading(slot),
      symbol: slot.symbol,
      type: slot.definition.name,
      interval: slot.interval.text,
      params: slot.params,
      requesters: [...slot.requesters].sort(),
      count: indicator.count,
      requiredBars: indicator.requiredBars,
      stableBars: indicator.stableBars,
      missingBars: Math.max(0, indicator.requiredBars - indicator.count),
      lastBarTime: Number.isFinite(slot.lastBarTime) ? slot.lastBarTime : null,
      refusedBars: slot.refusedBars,
    };
  }

  /** Key → current value (copies) of every indicator of `symbol`; empty for an unknown symbol. */
  snapshot(symbol: string): Record<string, IndicatorOutput | null> {
    const values: Record<string, IndicatorOutput | null> = {};
    const entry = this.bySymbol.get(normalizeSymbol(symbol));
    if (!entry) return values;
    for (const key of [...entry.byKey.keys()].sort()) {
      values[key] = copyValue(entry.byKey.get(key)!.indicator.value);
    }
    return values;
  }

  /**
   * Every indicator of `symbol`, sorted by key, with its requesters and its resumable state (the
   * instance's `snapshot()`): what a distributed backtest compares at a range boundary.
   */
  stateOf(symbol: string): Array<{
    readonly key: string;
    readonly requesters: readonly string[];
    readonly count: number;
    readonly state: IndicatorSnapshot;
  }> {
    const entry = this.bySymbol.get(normalizeSymbol(symbol));
    if (!entry) return [];
    return [...entry.byKey.keys()].sort().map((key) => {
      const slot = entry.byKey.get(key)!;
      return {
        key,
        requesters: [...slot.requesters].sort(),
        count: slot.indicator.count,
        state: slot.indicator.snapshot(),
      };
    });
  }

  /**
   * Every indicator of `symbol` as data a fresh manager rebuilds it from (`importIndicator`): type,
   * resolved parameters, requesters, the last bar taken and the instance's `snapshot()`. In
   * registration order; empty for an unknown symbol. For moving a session's state to another
   * process (session/session-state.ts).
   */
  exportIndicators(symbol: string): ExportedIndicator[] {
    const entry = this.bySymbol.get(normalizeSymbol(symbol));
    if (!entry) return [];
    return [...entry.byKey.values()].map((slot) => ({
      key: slot.key,
      type: slot.definition.name,
      interval: slot.interval.text,
      params: slot.params,
      requesters: [...slot.requesters],
      lastBarTime: Number.isFinite(slot.lastBarTime) ? slot.lastBarTime : null,
      refusedBars: slot.refusedBars,
      state: slot.indicator.snapshot(),
    }));
  }

  /**
   * Registers an exported indicator for `symbol` (every requester of it) and restores its state.
   * The symbol must not hold that key yet. Throws an IndicatorError, registering nothing, when the
   * type, parameters or state do not rebuild the exported key.
   */
  importIndicator(symbol: string, exported: ExportedIndicator): void {
    const normalSymbol = normalizeSymbol(symbol);
    if (this.has(normalSymbol, exported.key)) {
      throw new IndicatorError(`${normalSymbol}: indicator "${exported.key}" is already registered`);
    }
    const [first, ...others] = exported.requesters;
    if (first === undefined) {
      throw new IndicatorError(`${normalSymbol}: exported indicator "${exported.key}" has no requester`);
    }
    const spec = { interval: exported.interval, params: exported.params };
    const { key } = resolveIndicatorSpec(this.registry, exported.type, spec);
    if (key !== exported.key) {
      throw new IndicatorError(
        `${normalSymbol}: exported indicator "${exported.key}" rebuilds as "${key}" (type ${exported.type}, parameters ${JSON.stringify(exported.params)})`,
      );
    }
    this.register(normalSymbol, exported.type, spec, first);
    const slot = this.requireSlot(normalSymbol, key);
    try {
      slot.indicator.restore(exported.state);
      for (const requester of others) {
        assertRequester(requester);
        slot.requesters.add(requester);
      }
    } catch (error) {
      this.remove(slot);
      throw error;
    }
    slot.bank.setLastBarTime(slot.bankSlot, exported.lastBarTime ?? Number.NEGATIVE_INFINITY);
    slot.refusedBars = exported.refusedBars;
    this.totalRefusedBars += exported.refusedBars;
  }

  /** Keys registered for `symbol`, sorted. */
  keys(symbol: string): string[] {
    const entry = this.bySymbol.get(normalizeSymbol(symbol));
    return entry ? [...entry.byKey.keys()].sort() : [];
  }

  /** Symbols with at least one indicator, sorted. */
  symbols(): string[] {
    return [...this.bySymbol.keys()].sort();
  }

  private reading(slot: IndicatorSlot): IndicatorReading {
    const indicator = slot.indicator;
    return {
      key: slot.key,
      value: copyValue(indicator.value),
      ready: indicator.ready,
      updatedAt: this.updatedAt(slot),
    };
  }

  /** End of the last completed bar fed (see the file header), `null` before the first; cached per bar. */
  private updatedAt(slot: IndicatorSlot): number | null {
    const lastBarTime = slot.lastBarTime;
    if (!Number.isFinite(lastBarTime)) return null;
    if (slot.endFor !== lastBarTime) {
      slot.endAt = this.barEndTime(slot.interval, lastBarTime);
      slot.endFor = lastBarTime;
    }
    return slot.endAt;
  }

  /** The registration of `key` for `symbol`, if any; a multi-output one throws (see `numberValues`). */
  private numberIndicator(symbol: string, key: string): IndicatorSlot | undefined {
    // As in `numberValue`: a symbol already in normal form skips the normalization.
    const slot = (this.bySymbol.get(symbol) ?? this.bySymbol.get(normalizeSymbol(symbol)))?.byKey.get(key);
    if (slot === undefined) return undefined;
    if (slot.definition.outputs !== undefined) throw severalOutputsError(slot.symbol, key);
    return slot;
  }

  private findSlot(symbol: string, key: string): IndicatorSlot | undefined {
    return this.bySymbol.get(normalizeSymbol(symbol))?.byKey.get(key);
  }

  private requireSlot(symbol: string, key: string): IndicatorSlot {
    const slot = this.findSlot(symbol, key);
    if (slot) return slot;
    throw new IndicatorError(`No indicator "${key}" is registered for "${normalizeSymbol(symbol)}"`);
  }
}

/** A bulk read's registrations as one bank and their slots there (−1: none), when they share one. */
interface BankRead {
  /** `undefined` when the registrations are in several banks (then read one by one). */
  readonly bank: IndicatorBank | undefined;
  readonly slots: Int32Array;
}

function bankReadOf(registrations: readonly (IndicatorSlot | undefined)[]): BankRead {
  let bank: IndicatorBank | undefined;
  const slots = new Int32Array(registrations.length).fill(-1);
  for (let index = 0; index < registrations.length; index++) {
    const registration = registrations[index];
    if (registration === undefined) continue;
    if (bank !== undefined && registration.bank !== bank) return { bank: undefined, slots };
    bank = registration.bank;
    slots[index] = registration.bankSlot;
  }
  return { bank, slots };
}

function copyValue(value: IndicatorOutput | null): IndicatorOutput | null {
  return value === null || typeof value === "number" ? value : { ...value };
}

function assertRequester(requester: string): void {
  if (typeof requester !== "string" || requester.trim().length === 0) {
    throw new IndicatorError(
      `Indicator requester must be a non-empty string, got ${JSON.stringify(requester) ?? String(requester)}`,
    );
  }
}

/** Intraday: start + duration. Day/week: 16:00 New York of the bar's start date (no early closes). */
export function defaultBarEndTime(interval: Interval, barTime: number): number {
  if (interval.durationMs !== undefined) return barTime + interval.durationMs;
  return newYorkWallTime(newYorkDateKey(barTime), 16, 0);
}
