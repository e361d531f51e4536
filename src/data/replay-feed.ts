// A BarFeed that replays the regular-session bars of the store, for backtests: it reads each
// subscribed symbol's bars of the current session once, then hands them out as simulated time
// passes. Reads are batched: the symbols subscribed since the last drain (a whole universe at a
// session's start) are read at the next drain in one store statement (readBarsOfSymbols), not one
// per symbol; a symbol's bars that ended by the drain before it subscribed are still history.
// Each day is also copied drain by drain across the symbols as it is read (step-block.ts), and
// drains that cover one of its segments hand out that copy.

import type { BarColumns } from "../core/bar-columns.js";
import { BarColumnsSlab } from "../core/bar-columns-slab.js";
import { DataError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { normalizeSymbol } from "../core/symbol.js";
import type { BarFeed, BarLanding, FeedRangeSink } from "./bar-feed.js";
import type { BarStorePort, ExpectedRead } from "./bar-store-port.js";
import type { RegularHours } from "./session-hours.js";
import { DEFAULT_STEP_BLOCK_BYTES, StepBlock } from "./step-block.js";

export interface ReplayFeedOptions {
  /**
   * The session the replay goes on to after `session`, if any: its day is expected from the store
   * (BarStorePort.expectRead) as soon as this one's is read, so that a store with a read thread
   * reads it while this one is replayed.
   */
  readonly nextSession?: (session: RegularHours) => RegularHours | undefined;
  /**
   * The step block (step-block.ts), which lays each day out segment by segment at the previous
   * day's drain times; `false`: none (every drain reads the landed days). Default: on, 64 MiB.
   */
  readonly stepBlock?: false | StepBlockOptions;
}

export interface StepBlockOptions {
  /** The ceiling of its memory (default 64 MiB). */
  readonly maxBytes?: number;
  /** Where its memory comes from (default: the heap). */
  readonly float64?: (length: number) => Float64Array;
  /**
   * The days to make it for at once (`symbols` subscriptions of `bars` bars) rather than at the
   * first day's read: a backtest makes it at the session's creation, on memory whose pages the
   * prefault thread touches before the first day's copy writes them.
   */
  readonly reserve?: { readonly symbols: number; readonly bars: number };
}

interface Subscription {
  readonly symbol: string;
  /** What the subscriber asked to get back with each range (`drain`). */
  readonly tag: unknown;
  /** Where the subscriber wants its day decoded; undefined: into the feed's slabs. */
  readonly landing: BarLanding | undefined;
  bars: BarColumns;
  /** Index of the next bar to deliver. */
  cursor: number;
  /** Bars ending at or before this time are history (the last drain when it subscribed). */
  streamsAfter: number;
}

export class ReplayFeed implements BarFeed {
  readonly interval: string;
  private readonly durationMs: number;
  private readonly subscriptions = new Map<string, Subscription>();
  /**
   * The same subscriptions in the same order, as an array (`drain` walks it once), made when first
   * asked for after a change: a universe subscribing at a session's start is one copy, not one per
   * symbol (quadratic at thousands). A walk that (un)subscribes keeps the array it walks.
   */
  private activeList: readonly Subscription[] | undefined = [];
  private session: RegularHours | undefined;
  /** End time up to which bars have been delivered. */
  private drainedUpTo = Number.NEGATIVE_INFINITY;
  /** Subscriptions whose session bars are still to be read (at the next drain, all in one read). */
  private pending: Subscription[] = [];
  /**
   * Where loaded days live: they die by the session's end at the latest, so they share large
   * buffers that go back to the system with them (bar-columns-slab.ts) instead of setting the C
   * heap's peak beside the series the session fills from them. Each drain lets go of the slab being
   * filled (loads come in bursts before a drain: the session's start, a join), so that a slab is
   * held only by its days, and freed once they are all delivered.
   */
  private readonly days = new BarColumnsSlab();
  /** `drain`'s scratch: where each active subscription's due bars end (grown, never shrunk). */
  private dueEnds = new Int32Array(0);
  /** The next session's day, expected from the store (`nextSession`) and not read yet. */
  private expectedNext: ExpectedRead | undefined;
  /** Whether this session's day was read (its first drain): the next one is expected then. */
  private sessionRead = false;
  /** This day's drains: where each one's due bars ended, from the open (the next day's segments). */
  private drainEnds: number[] = [];
  /** The same of the day before (this day's step block is cut there). */
  private lastDrainEnds: number[] = [];
  /** This day's bars segment by segment, when laid out (see step-block.ts). */
  private readonly block: StepBlock | undefined = undefined;

  constructor(
    private readonly store: BarStorePort,
    interval = "1m",
    private readonly options: ReplayFeedOptions = {},
  ) {
    const parsed = parseInterval(interval);
    if (parsed.durationMs === undefined) {
      throw new DataError(`A replay feed streams an intraday interval, got "${interval}"`);
    }
    this.interval = parsed.text;
    this.durationMs = parsed.durationMs;
    const block = options.stepBlock ?? {};
    if (block !== false) {
      this.block = new StepBlock(block.maxBytes ?? DEFAULT_STEP_BLOCK_BYTES, block.float64);
      if (block.reserve !== undefined) this.block.reserve(block.reserve.symbols, block.reserve.bars);
    }
  }

  private get active(): readonly Subscription[] {
    if (this.activeList === undefined) this.activeList = [...this.subscriptions.values()];
    return this.activeList;
  }

  startSession(session: RegularHours): void {
    this.session = session;
    this.sessionRead = false;
    if (this.drainEnds.length > 0) this.lastDrainEnds = this.drainEnds;
    this.drainEnds = [];
    this.block?.clear();
    this.drainedUpTo = session.openAt;
    this.pending = [...this.active];
    for (const subscription of this.pending) subscription.streamsAfter = session.openAt;
  }

  subscribe(symbol: string, tag?: unknown, landing?: BarLanding): void {
    const normalized = normalizeSymbol(symbol);
    if (this.subscriptions.has(normalized)) return;
    const subscription: Subscription = {
      symbol: normalized,
      tag,
      landing,
      bars: EMPTY,
      cursor: 0,
      streamsAfter: this.drainedUpTo,
    };
    this.subscriptions.set(normalized, subscription);
    this.activeList = undefined;
    if (this.session) this.pending.push(subscription);
  }

  unsubscribe(symbol: string): void {
    const subscription = this.subscriptions.get(normalizeSymbol(symbol));
    if (subscription === undefined) return;
    this.subscriptions.delete(subscription.symbol);
    this.activeList = undefined;
  }

  isSubscribed(symbol: string): boolean {
    return this.subscriptions.has(normalizeSymbol(symbol));
  }

  drain(upTo: number, sink: FeedRangeSink): number {
    if (!this.session || upTo <= this.drainedUpTo) return 0;
    // Bars sit on the interval's grid from the open: those ending by the last grid step at or
    // before `upTo` are due. Steps stay on that grid even when a drain fell between two bar ends
    // (e.g. at 09:31:30): stepping from the drain time instead would skip the bar ending at the
    // next grid point (09:32), and at the close drop the last bar for good.
    const openAt = this.session.openAt;
    const durationMs = this.durationMs;
    const lastEnd = Math.min(upTo, this.session.closeAt);
    const firstEnd = openAt + (Math.floor((this.drainedUpTo - openAt) / durationMs) + 1) * durationMs;
    const lastStep =
      firstEnd <= lastEnd ? firstEnd + Math.floor((lastEnd - firstEnd) / durationMs) * durationMs : undefined;
    this.loadPending(lastStep);
    this.days.release(); // see `days`
    let delivered = 0;
    if (lastStep !== undefined) {
      this.drainEnds.push(lastStep - openAt);
      const active = this.active;
      // A drain covering one segment of the day's step block hands each symbol whose next bar is
      // the segment's first its bars there (one run of memory for all symbols), with where they
      // lie in its landed day; any other drain or symbol reads the landed day.
      const block = this.block;
      const segment = block === undefined ? -1 : block.segmentEndingAt(active, lastStep);
      // Two passes: where each subscription's due bars end, then the deliveries. The first pass
      // walks thousands of subscriptions and their days with no dependency between one and the next,
      // so their memory is fetched side by side rather than one after the other between deliveries
      // (each delivery's own work is far from the next subscription's memory).
      if (this.dueEnds.length < active.length) this.dueEnds = new Int32Array(active.length);
      const dueEnds = this.dueEnds;
      for (let s = 0; s < active.length; s++) {
        const subscription = active[s];
        let cursor = subscription.cursor;
        if (segment >= 0 && block!.startOf(segment, s) === cursor) {
          dueEnds[s] = cursor + block!.countOf(segment, s);
          continue;
        }
        const bars = subscription.bars;
        const time = bars.time;
        const length = bars.length;
        while (cursor < length && time[cursor] + durationMs <= lastStep) cursor++;
        dueEnds[s] = cursor;
      }
      for (let s = 0; s < active.length; s++) {
        const subscription = active[s];
        const bars = subscription.bars;
        const from = subscription.cursor;
        // Only a sink could have moved this subscription on since (it must not): never past its day.
        const cursor = Math.min(dueEnds[s], bars.length);
        // Moved on before the sink runs: a sink that unsubscribes this symbol leaves it consistent.
        if (cursor === bars.length) {
          // Every bar of the day was delivered (the array is never reloaded before the next
          // session): let it go, so a universe's replayed day is not held twice until endSession.
          subscription.bars = EMPTY;
          subscription.cursor = 0;
        } else {
          subscription.cursor = cursor;
        }
        if (cursor > from) {
          if (segment >= 0 && block!.startOf(segment, s) === from) {
            const slot = block!.slotOf(segment, s);
            const columns = block!.columnsOf(segment);
            sink(subscription.symbol, columns, slot, slot + cursor - from, subscription.tag, bars, from);
          } else {
            sink(subscription.symbol, bars, from, cursor, subscription.tag);
          }
          delivered += cursor - from;
        }
      }
    }
    this.drainedUpTo = Math.max(this.drainedUpTo, Math.min(upTo, this.session.closeAt));
    return delivered;
  }

  backfill(symbol: string, upTo: number): BarColumns {
    if (!this.session) return EMPTY;
    const end = Math.min(upTo, this.session.closeAt);
    const from = this.session.openAt;
    const to = end - this.durationMs + 1;
    // Before the first bar of the day has ended (a day's start, the whole universe subscribing) the
    // range is empty: no store lookup, no columns made.
    if (to <= from) return EMPTY;
    return this.store.readBars(symbol, this.interval, from, to);
  }

  endSession(): void {
    this.session = undefined;
    this.pending = [];
    this.days.release();
    this.block?.clear();
    for (const subscription of this.subscriptions.values()) {
      subscription.bars = EMPTY;
      subscription.cursor = 0;
    }
  }

  /** Reads the session's bars of every pending subscription still subscribed, in one store read. */
  private loadPending(drainEnd: number | undefined): void {
    const pending = this.pending.filter(
      (subscription) => this.subscriptions.get(subscription.symbol) === subscription,
    );
    this.pending = [];
    if (pending.length === 0) return;
    const session = this.session!;
    const block = this.prepareBlock(session, pending, drainEnd) ? this.block : undefined;
    const days = this.store.readBarsOfSymbols(
      pending.map((subscription) => subscription.symbol),
      this.interval,
      session.openAt,
      session.closeAt,
      (length, i) => pending[i].landing?.(length) ?? this.days.allocate(length),
      block === undefined
        ? undefined
        : (bars, i) => {
            block.add(i, bars);
            return bars;
          },
    );
    block?.finish();
    for (let i = 0; i < pending.length; i++) {
      const subscription = pending[i];
      const bars = days[i];
      // Bars that ended before this subscription are history, not stream.
      let cursor = 0;
      while (cursor < bars.length && bars.time[cursor] + this.durationMs <= subscription.streamsAfter)
        cursor++;
      subscription.bars = bars;
      subscription.cursor = cursor;
    }
    if (!this.sessionRead) {
      this.sessionRead = true;
      this.expectNextSession(session);
    }
  }

  /**
   * Lays the step block out for the day's read of `pending` when it is the day's first, of every
   * subscription in order. The segments end where the day before's drains did, or, on a replay's
   * first day, every time as long as this first drain (`drainEnd`) covers from the open; the last
   * ends with the day's last bar. The segments then index the subscriptions as `drain` walks them.
   */
  private prepareBlock(session: RegularHours, pending: readonly Subscription[], drainEnd?: number): boolean {
    const block = this.block;
    if (block === undefined || this.sessionRead) return false;
    const active = this.active;
    if (pending.length !== active.length || pending.some((subscription, i) => subscription !== active[i])) {
      return false;
    }
    const openAt = session.openAt;
    const lastEnd = openAt + Math.floor((session.closeAt - openAt) / this.durationMs) * this.durationMs;
    let ends: number[];
    if (this.lastDrainEnds.length > 0) {
      ends = this.lastDrainEnds.map((end) => openAt + end).filter((end) => end < lastEnd);
    } else if (drainEnd !== undefined) {
      ends = [];
      for (let end = drainEnd; end < lastEnd; end += drainEnd - openAt) ends.push(end);
    } else {
      return false;
    }
    ends.push(lastEnd);
    return block.prepare(active, active.length, openAt, this.durationMs, ends);
  }

  /**
   * Asks the store to read the next session's day of the symbols subscribed now, ahead. What the
   * read of this session's day did not use of the last expectation (symbols gone) is dropped.
   */
  private expectNextSession(session: RegularHours): void {
    this.expectedNext?.cancel();
    this.expectedNext = undefined;
    const next = this.options.nextSession?.(session);
    if (next === undefined || this.store.expectRead === undefined) return;
    this.expectedNext = this.store.expectRead(
      this.active.map((subscription) => subscription.symbol),
      this.interval,
      next.openAt,
      next.closeAt,
      { sessionAhead: true },
    );
  }
}

const EMPTY: BarColumns = Object.freeze({
  length: 0,
  time: new Float64Array(0),
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
  close: new Float64Array(0),
  volume: new Float64Array(0),
});
