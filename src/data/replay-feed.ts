// A BarFeed that replays the regular-session bars of the store, for backtests: it reads each
// subscribed symbol's bars of the current session once, then hands them out as simulated time
// passes. Reads are batched: the symbols subscribed since the last drain (a whole universe at a
// session's start) are read at the next drain in one store statement (readBarsOfSymbols), not one
// per symbol; a symbol's bars that ended by the drain before it subscribed are still history.
//
// With a StoreReadAhead (a worker thread on its own connection), those reads are posted as soon as
// the feed knows them (a session's start for the symbols carried over, every READ_AHEAD_BATCH new
// subscriptions during the day's provisioning and, at a session's first drain, the next session's
// days of every subscription), so the worker reads while the main thread provisions or replays;
// the drain then takes the decoded days, copies each into its subscriber's landing, and reads
// itself whatever the worker did not deliver (not begun yet, failed, worker gone): the same bars,
// or the same typed error, as without a worker.

import type { BarColumns } from "../core/bar-columns.js";
import { BarColumnsSlab } from "../core/bar-columns-slab.js";
import { DataError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { normalizeSymbol } from "../core/symbol.js";
import type { BarFeed, BarLanding, FeedRangeSink } from "./bar-feed.js";
import type { BarStorePort } from "./bar-store-port.js";
import type { RegularHours } from "./session-hours.js";
import type { StoreReadAhead } from "./store-read-ahead.js";

/** Subscriptions per read posted to the read-ahead worker (a drain waits at most for one of them). */
export const READ_AHEAD_BATCH = 250;

/** A read posted to the read-ahead worker: its ticket and the subscriptions it reads, in order. */
interface PostedRead {
  readonly ticket: number;
  readonly subscriptions: readonly Subscription[];
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
  /** The same subscriptions in the same order, as an array: `drain` walks it once. */
  private active: readonly Subscription[] = [];
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
  /** Reads posted to the read-ahead worker for the pending subscriptions, in the order posted. */
  private posted: PostedRead[] = [];
  /** Pending subscriptions made during the session and not posted yet (posted by READ_AHEAD_BATCH). */
  private unposted: Subscription[] = [];
  /** The next session's reads, posted at this session's first drain (taken at its start). */
  private ahead:
    | { readonly openAt: number; readonly closeAt: number; readonly posted: PostedRead[] }
    | undefined;

  /**
   * `readAhead`: a worker that reads the pending days ahead of the drain (store-read-ahead.ts);
   * with `nextSession` (the session after a given one, undefined past the last one to replay) it
   * also reads the next session's days of the subscribed symbols while this one is replayed.
   */
  constructor(
    private readonly store: BarStorePort,
    interval = "1m",
    private readonly readAhead?: StoreReadAhead,
    private readonly nextSession?: (session: RegularHours) => RegularHours | undefined,
  ) {
    const parsed = parseInterval(interval);
    if (parsed.durationMs === undefined) {
      throw new DataError(`A replay feed streams an intraday interval, got "${interval}"`);
    }
    this.interval = parsed.text;
    this.durationMs = parsed.durationMs;
  }

  startSession(session: RegularHours): void {
    this.dropReadAhead();
    this.session = session;
    this.drainedUpTo = session.openAt;
    this.pending = [...this.active];
    for (const subscription of this.pending) subscription.streamsAfter = session.openAt;
    // The day read ahead during the previous session, if it is this one; the rest posted now.
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead !== undefined && ahead.openAt === session.openAt && ahead.closeAt === session.closeAt) {
      this.posted = ahead.posted;
      const covered = new Set(ahead.posted.flatMap((read) => read.subscriptions));
      this.postReadAhead(this.pending.filter((subscription) => !covered.has(subscription)));
    } else {
      this.readAhead?.dropAll();
      this.postReadAhead(this.pending);
    }
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
    this.active = [...this.active, subscription];
    if (this.session) {
      this.pending.push(subscription);
      // Not once the next session's reads are posted: tickets are taken in the order posted.
      if (this.readAhead !== undefined && this.ahead === undefined) {
        this.unposted.push(subscription);
        if (this.unposted.length >= READ_AHEAD_BATCH) {
          this.postReadAhead(this.unposted);
          this.unposted = [];
        }
      }
    }
  }

  unsubscribe(symbol: string): void {
    const subscription = this.subscriptions.get(normalizeSymbol(symbol));
    if (subscription === undefined) return;
    this.subscriptions.delete(subscription.symbol);
    this.active = this.active.filter((other) => other !== subscription);
  }

  isSubscribed(symbol: string): boolean {
    return this.subscriptions.has(normalizeSymbol(symbol));
  }

  drain(upTo: number, sink: FeedRangeSink): number {
    if (!this.session || upTo <= this.drainedUpTo) return 0;
    if (this.pending.length > 0) {
      this.loadPending();
      if (this.ahead === undefined) this.readNextSessionAhead(this.session);
    }
    this.days.release(); // see `days`
    // Bars sit on the interval's grid from the open: those ending by the last grid step at or
    // before `upTo` are due. Steps stay on that grid even when a drain fell between two bar ends
    // (e.g. at 09:31:30): stepping from the drain time instead would skip the bar ending at the
    // next grid point (09:32), and at the close drop the last bar for good.
    const openAt = this.session.openAt;
    const durationMs = this.durationMs;
    const lastEnd = Math.min(upTo, this.session.closeAt);
    const firstEnd = openAt + (Math.floor((this.drainedUpTo - openAt) / durationMs) + 1) * durationMs;
    let delivered = 0;
    if (firstEnd <= lastEnd) {
      const lastStep = firstEnd + Math.floor((lastEnd - firstEnd) / durationMs) * durationMs;
      const active = this.active;
      for (let s = 0; s < active.length; s++) {
        const subscription = active[s];
        const bars = subscription.bars;
        const from = subscription.cursor;
        let cursor = from;
        while (cursor < bars.length && bars.time[cursor] + durationMs <= lastStep) cursor++;
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
          sink(subscription.symbol, bars, from, cursor, subscription.tag);
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
    return this.store.readBars(symbol, this.interval, this.session.openAt, end - this.durationMs + 1);
  }

  endSession(): void {
    this.dropReadAhead();
    this.session = undefined;
    this.pending = [];
    this.days.release();
    for (const subscription of this.subscriptions.values()) {
      subscription.bars = EMPTY;
      subscription.cursor = 0;
    }
  }

  /** Ends the read-ahead worker, if any (the session's close). */
  close(): void {
    this.dropReadAhead();
    this.ahead = undefined;
    this.readAhead?.close();
  }

  /**
   * Reads the session's bars of every pending subscription still subscribed: those the read-ahead
   * worker delivered are copied into their landings, the rest are read here in one store read.
   */
  private loadPending(): void {
    const pending = this.pending.filter(
      (subscription) => this.subscriptions.get(subscription.symbol) === subscription,
    );
    this.pending = [];
    const delivered = this.takeReadAhead(pending);
    const rest =
      delivered.size === 0 ? pending : pending.filter((subscription) => !delivered.has(subscription));
    const session = this.session!;
    const days =
      rest.length === 0
        ? []
        : this.store.readBarsOfSymbols(
            rest.map((subscription) => subscription.symbol),
            this.interval,
            session.openAt,
            session.closeAt,
            (length, i) => rest[i].landing?.(length) ?? this.days.allocate(length),
          );
    // Placed only once every read succeeded: a failed drain leaves the subscriptions as they were.
    for (const [subscription, bars] of delivered) this.place(subscription, bars);
    for (let i = 0; i < rest.length; i++) this.place(rest[i], days[i]);
  }

  /** Starts streaming a subscription's day from its columns. */
  private place(subscription: Subscription, bars: BarColumns): void {
    // Bars that ended before this subscription are history, not stream.
    let cursor = 0;
    while (cursor < bars.length && bars.time[cursor] + this.durationMs <= subscription.streamsAfter) cursor++;
    subscription.bars = bars;
    subscription.cursor = cursor;
  }

  /** Posts the session's reads of `subscriptions` to the read-ahead worker, READ_AHEAD_BATCH at a time. */
  private postReadAhead(subscriptions: readonly Subscription[]): void {
    if (this.session !== undefined) this.posted.push(...this.post(subscriptions, this.session));
  }

  /** Posts the next session's reads of every subscription (the subscriptions carry over). */
  private readNextSessionAhead(session: RegularHours): void {
    const next = this.readAhead === undefined ? undefined : this.nextSession?.(session);
    if (next === undefined) return;
    this.ahead = { openAt: next.openAt, closeAt: next.closeAt, posted: this.post(this.active, next) };
  }

  private post(subscriptions: readonly Subscription[], session: RegularHours): PostedRead[] {
    const posted: PostedRead[] = [];
    if (this.readAhead === undefined) return posted;
    for (let start = 0; start < subscriptions.length; start += READ_AHEAD_BATCH) {
      const batch = subscriptions.slice(start, start + READ_AHEAD_BATCH);
      const symbols = batch.map((subscription) => subscription.symbol);
      const ticket = this.readAhead.request(symbols, this.interval, session.openAt, session.closeAt);
      if (ticket === undefined) break;
      posted.push({ ticket, subscriptions: batch });
    }
    return posted;
  }

  /**
   * The days the read-ahead worker delivered for `pending` subscriptions, each copied from the
   * worker's pool into its landing (or, without one, into the feed's slabs).
   */
  private takeReadAhead(pending: readonly Subscription[]): Map<Subscription, BarColumns> {
    const delivered = new Map<Subscription, BarColumns>();
    const readAhead = this.readAhead;
    const posted = this.posted;
    this.posted = [];
    // Subscriptions after the last full batch were never posted: they are read here with the rest.
    this.unposted = [];
    if (readAhead === undefined || posted.length === 0) return delivered;
    const wanted = new Set(pending);
    for (const { ticket, subscriptions } of posted) {
      readAhead.take(ticket, (days) => {
        for (let i = 0; i < subscriptions.length; i++) {
          const subscription = subscriptions[i];
          if (!wanted.has(subscription) || delivered.has(subscription)) continue;
          delivered.set(subscription, this.land(subscription, days[i]));
        }
      });
    }
    return delivered;
  }

  /** A day read ahead, copied into its subscriber's landing, or into the feed's slabs without one. */
  private land(subscription: Subscription, bars: BarColumns): BarColumns {
    if (bars.length === 0) return bars;
    const target = subscription.landing?.(bars.length) ?? this.days.allocate(bars.length);
    target.time.set(bars.time);
    target.open.set(bars.open);
    target.high.set(bars.high);
    target.low.set(bars.low);
    target.close.set(bars.close);
    target.volume.set(bars.volume);
    return target;
  }

  /**
   * Forgets this session's reads posted and not taken (the worker skips those it has not begun).
   * The next session's, posted after all of them, are kept.
   */
  private dropReadAhead(): void {
    if (this.posted.length > 0) this.readAhead?.dropThrough(this.posted[this.posted.length - 1].ticket);
    this.posted = [];
    this.unposted = [];
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
