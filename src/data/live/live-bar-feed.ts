// The live edge shared by every vendor: a BarFeed over a vendor's minute-bar stream and its REST
// history. The socket pushes, the session pulls (BarFeed.drain), and between the two sits one
// async step the daemon awaits before it moves the session clock to an instant T:
// `prepare(T)` makes every minute that ended by T complete in the buffer:
//   - minutes the stream could not have delivered (before a symbol's subscription was confirmed,
//     while disconnected: a hole) are fetched from REST (one request per span, symbols together);
//   - the last minute is waited for from a connected stream up to `barWaitMs` after T, then asked
//     of REST for the symbols still without it; a minute neither brought had no trade: a gap, never
//     a zero bar;
//   - a connection silent past `staleAfterMs` in the session is replaced (its silence is a hole);
//   - the bars that ended by T are written to the store (a day received live is a stored day);
//   - minutes REST could not give are reported (log, and `staleSince` for the journal's marks).
// `drain` is then synchronous, as the port wants: it hands out what the buffer holds. Two more
// async steps serve provisioning: `prepareSymbol` (today's bars of a symbol about to join) and
// `prepareHistory` (the history windows the store lacks, downloaded into it).
//
// Policy for frames (documented in the README): a bar is applied once, after its minute ended, in
// time order per symbol. A repeat of a bar not yet handed out replaces it (an `updated` bar wins
// over the first); a bar for a minute already handed out (late, or an update after the fact) is
// not applied: scans keep what they saw at their slot, as a backtest of that instant would, and the
// store is corrected with it (logged, counted in `lateBars`). Out-of-order frames are sorted here.
// Bars outside the regular session are not delivered (the replay of a stored day delivers none).
//
// Clock skew: the vendor stamps and sends bars on its own clock, the feed decides on the timeline.
// Within `clockSkewMs` either way nothing is lost or doubled: a vendor AHEAD may have streamed
// minutes the timeline has not reached before our subscription took effect, so the REST hole a
// confirmation closes runs to the minute after `now + clockSkewMs`; a vendor BEHIND sends each bar
// and has it in its REST history later than the timeline expects, so a minute is waited for up to
// `barWaitMs + clockSkewMs` and asked of REST only once it has ended on the vendor's clock too
// (`now − clockSkewMs`); an empty answer before that would pass a minute with trades for a gap.
// Bars from both sides meet in the buffer, where a repeat of a minute is dropped.
//
// Faults: a dropped connection is reopened after an exponential backoff with jitter, re-
// authenticated and re-subscribed; the minutes missed meanwhile are a hole the next `prepare`
// fills from REST. Refused credentials are fatal: `connect` or the next `prepare` throws them,
// coded. The account's connection limit (one stream) is fatal at `connect` (another daemon holds
// the stream); on a reconnect it is retried with backoff (the vendor may not have seen our old
// connection go yet).

import { barProblem } from "../../core/bar.js";
import { allocateBarColumns, type BarColumns } from "../../core/bar-columns.js";
import { FeedError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Clock, TimerHandle } from "../../time/clock.js";
import type { BarFeed, FeedRangeSink } from "../bar-feed.js";
import type { BarStorePort } from "../bar-store-port.js";
import type { ExchangeDays, RegularHours } from "../session-hours.js";
import { type HistoryWindow, warmUpHistory } from "./history-warm-up.js";
import type { ReconnectBackoff } from "./reconnect-backoff.js";
import type { BarHistorySource, MinuteBarStream, StreamHandlers, VendorBar } from "./vendor-source.js";

const MINUTE_MS = 60_000;

export interface LiveBarFeedOptions {
  /** For log lines (`alpaca`). */
  readonly vendor: string;
  /** Makes a new connection (one at a time: the vendors allow one stream per account). */
  readonly openStream: (handlers: StreamHandlers) => MinuteBarStream;
  readonly history: BarHistorySource;
  /** The live timeline (WallClock, or a ScaledClock in accelerated runs): waits and reconnect timers. */
  readonly timeline: Clock;
  readonly logger: Logger;
  /** Where received bars are written (the session's store); none: kept in memory only. */
  readonly store?: BarStorePort;
  /** The exchange's days: history downloads (`prepareHistory`) ask for trading days and validate with them. */
  readonly days?: ExchangeDays;
  readonly barWaitMs: number;
  readonly staleAfterMs: number;
  /**
   * How far the vendor's clock may be from the timeline's, either way (see "Clock skew" above);
   * default 0: the clocks agree.
   */
  readonly clockSkewMs?: number;
  readonly backoff: ReconnectBackoff;
}

interface LiveSymbol {
  readonly symbol: string;
  readonly tag: unknown;
  /** Received bars not handed out yet, by start time. */
  readonly pending: Map<number, VendorBar>;
  /** Bars ending at or before this were handed out (or passed over as gaps). */
  drainedTo: number;
  /** Timeline instant since which the stream has delivered this symbol without a break. */
  coveredFrom: number | undefined;
  /** Minute starts [holeFrom, holeTo) the stream missed: the next `prepare` fetches them. */
  holeFrom: number | undefined;
  holeTo: number;
  /** End of the newest bar received. */
  lastBarEnd: number;
  /** Minutes before this were asked of REST: what it did not return had no trade. */
  checkedTo: number;
}

export interface LiveFeedCounts {
  readonly streamBars: number;
  readonly restBars: number;
  readonly duplicateBars: number;
  readonly lateBars: number;
  readonly invalidBars: number;
  readonly reconnects: number;
}

export class LiveBarFeed implements BarFeed {
  readonly interval = "1m";
  private readonly subscriptions = new Map<string, LiveSymbol>();
  private stream: MinuteBarStream | undefined;
  private connected = false;
  private closed = false;
  private fatal: FeedError | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private session: RegularHours | undefined;
  /** Last instant the stream said anything (a bar, a confirmation); REST answers do not count. */
  private heardAt: number;
  private staleFrom: number | undefined;
  /** Bars that ended by the last `prepare` and are not in the store yet. */
  private unwritten: VendorBar[] = [];
  private wake: (() => void) | undefined;
  /** Today's bars fetched for a symbol about to be subscribed (see `prepareSymbol`). */
  private readonly prefetched = new Map<string, { bars: VendorBar[]; fetchedTo: number }>();
  private readonly counts = {
    streamBars: 0,
    restBars: 0,
    duplicateBars: 0,
    lateBars: 0,
    invalidBars: 0,
    reconnects: 0,
  };

  constructor(private readonly options: LiveBarFeedOptions) {
    this.heardAt = options.timeline.now();
  }

  /** Opens the stream; resolves once it is ready, rejects with a FeedError when it cannot be. */
  async connect(): Promise<void> {
    this.closed = false;
    await this.openOnce();
  }

  /** Closes the stream for good (no reconnect). */
  close(): void {
    this.closed = true;
    if (this.reconnectTimer) this.options.timeline.cancelTimer(this.reconnectTimer);
    this.stream?.close();
    this.stream = undefined;
    this.connected = false;
    this.poke();
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** What came in and how it was handled. */
  stats(): LiveFeedCounts {
    return { ...this.counts };
  }

  /** Since when minutes are missing that REST could not give (scans run without them), if any are. */
  staleSince(): number | undefined {
    return this.staleFrom;
  }

  // ---- BarFeed ---------------------------------------------------------------------------------

  startSession(session: RegularHours): void {
    this.session = session;
    this.staleFrom = undefined;
    for (const entry of this.subscriptions.values()) {
      entry.pending.clear();
      entry.drainedTo = Number.NEGATIVE_INFINITY;
      entry.holeFrom = undefined;
      entry.holeTo = Number.POSITIVE_INFINITY;
      if (entry.coveredFrom === undefined) this.openHole(entry, session.openAt);
    }
  }

  subscribe(symbol: string, tag?: unknown): void {
    if (this.subscriptions.has(symbol)) return;
    const entry: LiveSymbol = {
      symbol,
      tag,
      pending: new Map(),
      drainedTo: Number.NEGATIVE_INFINITY,
      coveredFrom: undefined,
      holeFrom: undefined,
      holeTo: Number.POSITIVE_INFINITY,
      lastBarEnd: Number.NEGATIVE_INFINITY,
      checkedTo: Number.NEGATIVE_INFINITY,
    };
    this.subscriptions.set(symbol, entry);
    // Until the vendor confirms, the stream covers nothing: today's minutes so far come from REST
    // (already fetched by `prepareSymbol`, or by the next `prepare`).
    const early = this.prefetched.get(symbol);
    this.prefetched.delete(symbol);
    for (const bar of early?.bars ?? []) this.take(entry, bar, false);
    this.openHole(
      entry,
      early?.fetchedTo ?? this.session?.openAt ?? minuteStart(this.options.timeline.now()),
    );
    if (this.connected) this.stream?.subscribe([symbol]);
  }

  unsubscribe(symbol: string): void {
    if (!this.subscriptions.delete(symbol)) return;
    if (this.connected) this.stream?.unsubscribe([symbol]);
  }

  isSubscribed(symbol: string): boolean {
    return this.subscriptions.has(symbol);
  }

  drain(upTo: number, sink: FeedRangeSink): number {
    let delivered = 0;
    for (const entry of this.subscriptions.values()) {
      const ready: VendorBar[] = [];
      const limit = deliverableTo(entry, upTo);
      for (const bar of entry.pending.values()) if (bar.time + MINUTE_MS <= limit) ready.push(bar);
      settle(entry, upTo);
      if (ready.length === 0) continue;
      ready.sort((a, b) => a.time - b.time);
      for (const bar of ready) entry.pending.delete(bar.time);
      const columns = toColumns(ready);
      sink(entry.symbol, columns, 0, columns.length, entry.tag);
      delivered += columns.length;
    }
    return delivered;
  }

  /**
   * Today's bars of a symbol that ended by `upTo`, handed out now (a symbol joining mid-session).
   * The REST part of today arrives with the next `prepare`, and through `drain`.
   */
  backfill(symbol: string, upTo: number): BarColumns {
    const entry = this.subscriptions.get(symbol);
    if (!entry) return allocateBarColumns(0);
    const limit = deliverableTo(entry, upTo);
    const ready = [...entry.pending.values()].filter((bar) => bar.time + MINUTE_MS <= limit);
    ready.sort((a, b) => a.time - b.time);
    for (const bar of ready) entry.pending.delete(bar.time);
    settle(entry, upTo);
    return toColumns(ready);
  }

  endSession(): void {
    this.session = undefined;
    for (const entry of this.subscriptions.values()) entry.pending.clear();
  }

  // ---- the async step before a drain -------------------------------------------------------------

  /**
   * Makes every subscribed minute that ended by `upTo` present (or known to be a gap), and stores
   * what arrived. The daemon awaits it before moving its session clock to `upTo`.
   */
  async prepare(upTo: number): Promise<void> {
    if (this.fatal) throw this.fatal;
    const session = this.session;
    if (session === undefined) return;
    const endedBy = Math.min(minuteStart(upTo), session.closeAt);
    const skew = this.options.clockSkewMs ?? 0;
    const waitUntil = upTo + this.options.barWaitMs + skew;
    for (;;) {
      // Minutes REST can vouch for now: those that ended on the vendor's clock, however far behind.
      const restEndedBy =
        skew === 0 ? endedBy : Math.min(endedBy, minuteStart(this.options.timeline.now() - skew));
      const filled = await this.fillHoles(restEndedBy, session);
      if (this.fatal) throw this.fatal;
      if (this.closed) return;
      if (this.restartIfSilent(session)) continue;
      const lacking = endedBy > session.openAt ? this.lackingStreamBars(endedBy) : [];
      const holesLeft = restEndedBy < endedBy && this.holeBefore(endedBy, session);
      if (lacking.length === 0 && !holesLeft) break;
      if (this.options.timeline.now() < waitUntil) {
        // A bar, a disconnect (a hole to fill) or the deadline: look again. A hole alone waits
        // only until its minutes have ended on the vendor's clock.
        await this.nextEvent(lacking.length > 0 ? waitUntil : Math.min(waitUntil, endedBy + skew));
        continue;
      }
      // Past the deadline, holes REST could not fill are reported stale (checkStale); but a hole
      // REST answered only up to an earlier bound (the answer carried us past the deadline) is
      // asked the rest, up to `endedBy`, first.
      if (lacking.length === 0) {
        if (filled && restEndedBy < endedBy) continue;
        break;
      }
      // The stream did not bring them in time: REST says whether those minutes had trades, so a
      // slow or stalled connection never passes for a minute without trades.
      for (const entry of lacking) {
        entry.holeFrom = Math.max(entry.lastBarEnd, entry.checkedTo, session.openAt);
        entry.holeTo = endedBy;
      }
    }
    this.checkStale(endedBy, session);
    this.writeReceived(upTo);
  }

  /**
   * Fetches today's bars so far of a symbol about to join mid-session, so that `backfill` hands
   * them out at once, as a replay does: a scan that adds a symbol sees the same bars live and in a
   * backtest. SessionData awaits it before provisioning.
   */
  async prepareSymbol(symbol: string, upTo: number): Promise<void> {
    if (this.fatal) throw this.fatal;
    const session = this.session;
    if (session === undefined || this.subscriptions.has(symbol)) return;
    const to = Math.min(minuteStart(upTo), session.closeAt);
    if (to <= session.openAt) return;
    const bars = await this.options.history.fetchBars([symbol], "1m", session.openAt, to);
    this.prefetched.set(symbol, { bars: bars.get(symbol) ?? [], fetchedTo: to });
  }

  /**
   * Warm-up history: the trading days of each window the store has no bars of are fetched from the
   * vendor (1d bars for day and week windows, 1m for the others), validated as `fetch` does, and
   * stored, so the provisioning that follows reads them from the store like any history.
   */
  async prepareHistory(symbol: string, windows: readonly HistoryWindow[]): Promise<void> {
    if (this.fatal) throw this.fatal;
    const { store, days, history, logger, vendor } = this.options;
    if (store === undefined || days === undefined) return;
    await warmUpHistory({ vendor, history, store, days, logger }, symbol, windows);
  }

  /**
   * Fetches each hole's minutes that ended by `endedBy`, symbols sharing a span in one request;
   * `false` when a request failed (its hole stays for a later prepare).
   */
  private async fillHoles(endedBy: number, session: RegularHours): Promise<boolean> {
    let filled = true;
    const spans = new Map<string, { from: number; to: number; entries: LiveSymbol[] }>();
    for (const entry of this.subscriptions.values()) {
      if (entry.holeFrom === undefined) continue;
      const from = Math.max(entry.holeFrom, session.openAt);
      const to = Math.min(entry.holeTo, endedBy);
      if (from >= to) {
        if (entry.holeTo <= endedBy || entry.holeTo <= session.openAt) {
          entry.holeFrom = undefined;
          entry.checkedTo = Math.max(entry.checkedTo, Math.min(entry.holeTo, endedBy));
        }
        continue;
      }
      const key = `${from}-${to}`;
      const span = spans.get(key) ?? { from, to, entries: [] };
      span.entries.push(entry);
      spans.set(key, span);
    }
    for (const span of spans.values()) {
      if (this.closed) return filled;
      const symbols = span.entries.map((entry) => entry.symbol);
      this.options.logger.info(`${this.options.vendor} feed: backfilling missed minutes from REST`, {
        symbols: symbols.length,
        from: new Date(span.from).toISOString(),
        to: new Date(span.to).toISOString(),
      });
      let bars: Map<string, VendorBar[]>;
      try {
        bars = await this.options.history.fetchBars(symbols, "1m", span.from, span.to);
      } catch (error) {
        // Scans go on without those minutes (the feed is reported stale); the hole stays for the next try.
        if (!(error instanceof FeedError) || error.reason === "auth") throw error;
        this.options.logger.error(`${this.options.vendor} feed: backfill failed: ${error.message}`, {
          reason: error.reason,
        });
        filled = false;
        continue;
      }
      for (const entry of span.entries) {
        for (const bar of bars.get(entry.symbol) ?? []) {
          if (this.take(entry, bar, false)) this.counts.restBars += 1;
        }
        // What is left of the hole: nothing once the stream covers the rest.
        entry.holeFrom = span.to >= entry.holeTo ? undefined : span.to;
        if (span.to > entry.checkedTo) entry.checkedTo = span.to;
      }
    }
    return filled;
  }

  /**
   * A connection that is open but has said nothing for `staleAfterMs` in the session (a stalled
   * socket) is dropped: what it missed since it last spoke becomes a hole, and it is reopened.
   */
  private restartIfSilent(session: RegularHours): boolean {
    const now = this.options.timeline.now();
    if (!this.connected || now <= session.openAt || now > session.closeAt) return false;
    const silentFor = now - Math.max(this.heardAt, session.openAt);
    if (silentFor <= this.options.staleAfterMs) return false;
    this.options.logger.warn(`${this.options.vendor} feed: the stream is silent, reconnecting`, {
      since: new Date(Math.max(this.heardAt, session.openAt)).toISOString(),
      silentSeconds: Math.round(silentFor / 1000),
    });
    const stream = this.stream;
    this.dropConnection(minuteStart(this.heardAt), undefined);
    stream?.close();
    return true;
  }

  /** Whether a symbol's hole still holds a minute that ended by `endedBy`. */
  private holeBefore(endedBy: number, session: RegularHours): boolean {
    for (const entry of this.subscriptions.values()) {
      if (
        entry.holeFrom !== undefined &&
        Math.max(entry.holeFrom, session.openAt) < Math.min(entry.holeTo, endedBy)
      )
        return true;
    }
    return false;
  }

  /** The streamed symbols still without the minute that ended at `endedBy` (neither received nor checked). */
  private lackingStreamBars(endedBy: number): LiveSymbol[] {
    const lacking: LiveSymbol[] = [];
    if (!this.connected) return lacking;
    for (const entry of this.subscriptions.values()) {
      if (entry.coveredFrom === undefined || entry.coveredFrom > endedBy - MINUTE_MS) continue;
      if (entry.holeFrom !== undefined) continue;
      if (Math.max(entry.lastBarEnd, entry.checkedTo) < endedBy) lacking.push(entry);
    }
    return lacking;
  }

  /** Resolves at the next bar, connection change, or `until` on the timeline. */
  private nextEvent(until: number): Promise<void> {
    return new Promise((resolve) => {
      // At the deadline, frames already on the socket are read first (setImmediate runs after the
      // event loop's I/O phase): a busy process must not take a bar sent in time for a gap.
      const timer = this.options.timeline.setTimer(until, () => setImmediate(finish), "bar wait");
      const finish = (): void => {
        this.options.timeline.cancelTimer(timer);
        if (this.wake === finish) this.wake = undefined;
        resolve();
      };
      this.wake = finish;
    });
  }

  private poke(): void {
    this.wake?.();
  }

  /**
   * After a prepare: the feed is stale while minutes that ended by `endedBy` are still missing (a
   * hole REST could not fill: scans then run without them, and the daemon marks their slots);
   * recovered once none is.
   */
  private checkStale(endedBy: number, session: RegularHours): void {
    let missingFrom = Number.POSITIVE_INFINITY;
    for (const entry of this.subscriptions.values()) {
      if (entry.holeFrom === undefined) continue;
      const from = Math.max(entry.holeFrom, session.openAt);
      if (from < Math.min(entry.holeTo, endedBy)) missingFrom = Math.min(missingFrom, from);
    }
    if (Number.isFinite(missingFrom)) {
      if (this.staleFrom === undefined) {
        this.staleFrom = missingFrom;
        this.options.logger.warn(`${this.options.vendor} feed: stale, scans run without the minutes since`, {
          since: new Date(missingFrom).toISOString(),
          connected: this.connected,
        });
      }
    } else if (this.staleFrom !== undefined) {
      this.options.logger.info(`${this.options.vendor} feed: complete again`, {
        since: new Date(this.staleFrom).toISOString(),
      });
      this.staleFrom = undefined;
    }
  }

  /** Writes the bars that ended by `upTo` to the store, one transaction per symbol. */
  private writeReceived(upTo: number): void {
    const store = this.options.store;
    if (store === undefined || this.unwritten.length === 0) return;
    const due = this.unwritten.filter((bar) => bar.time + MINUTE_MS <= upTo);
    if (due.length === 0) return;
    this.unwritten = this.unwritten.filter((bar) => bar.time + MINUTE_MS > upTo);
    const bySymbol = new Map<string, Map<number, VendorBar>>();
    for (const bar of due) {
      const bars = bySymbol.get(bar.symbol) ?? new Map<number, VendorBar>();
      bars.set(bar.time, bar); // the last version of a minute wins (an update)
      bySymbol.set(bar.symbol, bars);
    }
    for (const [symbol, bars] of bySymbol) {
      const sorted = [...bars.values()].sort((a, b) => a.time - b.time);
      store.insertBars(symbol, this.interval, toColumns(sorted));
    }
  }

  // ---- the connection --------------------------------------------------------------------------

  private async openOnce(): Promise<void> {
    const stream = this.options.openStream(this.handlers());
    this.stream = stream;
    await stream.open();
    if (this.stream !== stream) return;
    this.connected = true;
    this.heardAt = this.options.timeline.now();
    this.poke();
    const symbols = [...this.subscriptions.keys()];
    if (symbols.length > 0) stream.subscribe(symbols);
  }

  private handlers(): StreamHandlers {
    return {
      onBar: (bar, updated) => {
        this.heardAt = this.options.timeline.now();
        const entry = this.subscriptions.get(bar.symbol);
        if (entry === undefined) return; // unsubscribed meanwhile
        if (this.take(entry, bar, updated)) this.counts.streamBars += 1;
        this.poke();
      },
      onSubscribed: (symbols) => {
        const now = this.options.timeline.now();
        this.heardAt = now;
        this.options.backoff.reset();
        for (const symbol of symbols) {
          const entry = this.subscriptions.get(symbol);
          if (entry === undefined || entry.coveredFrom !== undefined) continue;
          entry.coveredFrom = now;
          // The minute the confirmation came in may be partly missed: REST fetches it too, and
          // every minute a vendor clock ahead of ours may have streamed before the confirmation.
          if (entry.holeFrom !== undefined)
            entry.holeTo = minuteStart(now + (this.options.clockSkewMs ?? 0)) + MINUTE_MS;
        }
        this.poke();
      },
      onError: (error) => {
        this.options.logger.error(`${this.options.vendor} feed: ${error.message}`, {
          reason: error.reason,
          ...(error.vendorCode === undefined ? {} : { vendorCode: error.vendorCode }),
        });
        if (error.reason === "auth") {
          this.fatal = error;
          this.poke();
        }
      },
      onClosed: (error) => this.onDisconnect(error),
    };
  }

  private onDisconnect(error: FeedError | undefined): void {
    if (!this.connected && this.stream === undefined) return;
    this.dropConnection(minuteStart(this.options.timeline.now()), error);
  }

  /** The stream is gone: what it covered from `missedFrom` on is a hole; reconnect unless told not to. */
  private dropConnection(missedFrom: number, error: FeedError | undefined): void {
    this.connected = false;
    this.stream = undefined;
    for (const entry of this.subscriptions.values()) {
      if (entry.coveredFrom === undefined) continue;
      // The connection may have died before we noticed: the hole starts after the last minute
      // known for sure (received, or checked with REST), never later than the drop.
      const known = Math.max(entry.lastBarEnd, entry.checkedTo, minuteStart(entry.coveredFrom));
      entry.coveredFrom = undefined;
      this.openHole(entry, Math.min(missedFrom, known));
    }
    this.poke();
    if (this.closed) return;
    if (error?.reason === "auth") {
      this.fatal = error;
      return;
    }
    this.scheduleReconnect(error);
  }

  private scheduleReconnect(error: FeedError | undefined): void {
    const delay =
      error?.retryAfterMs !== undefined
        ? this.options.backoff.nextDelayAtLeastMs(error.retryAfterMs)
        : this.options.backoff.nextDelayMs();
    this.options.logger.warn(`${this.options.vendor} feed: connection lost, reconnecting`, {
      inMs: delay,
      ...(error ? { reason: error.reason } : {}),
    });
    const timeline = this.options.timeline;
    this.reconnectTimer = timeline.setTimer(
      timeline.now() + delay,
      () => {
        this.reconnectTimer = undefined;
        if (this.closed) return;
        this.counts.reconnects += 1;
        this.openOnce().catch((failure: unknown) => {
          this.stream = undefined;
          const feedError = failure instanceof FeedError ? failure : undefined;
          // A connection limit right after a drop is usually our own old connection, not yet gone
          // on the vendor's side: tried again with backoff. Refused credentials are final.
          if (feedError?.reason === "auth") {
            this.fatal = feedError;
            this.poke();
            return;
          }
          this.scheduleReconnect(feedError);
        });
      },
      `${this.options.vendor} reconnect`,
    );
  }

  // ---- bars ------------------------------------------------------------------------------------

  /** Applies the frame policy (top of the file); `true` when the bar is new to the feed. */
  private take(entry: LiveSymbol, bar: VendorBar, updated: boolean): boolean {
    const problem = barProblem(bar.open, bar.high, bar.low, bar.close, bar.volume);
    if (problem !== undefined || bar.time % MINUTE_MS !== 0) {
      this.counts.invalidBars += 1;
      this.options.logger.warn(`${this.options.vendor} feed: an invalid bar was skipped`, {
        symbol: bar.symbol,
        time: new Date(bar.time).toISOString(),
        problem: problem ?? "not on a minute",
      });
      return false;
    }
    const session = this.session;
    if (session === undefined || bar.time < session.openAt || bar.time >= session.closeAt) return false;
    const end = bar.time + MINUTE_MS;
    if (end > entry.lastBarEnd) entry.lastBarEnd = end;
    if (end <= entry.drainedTo) {
      // Too late to apply: scans saw that minute without it. The store gets the correction.
      this.counts.lateBars += 1;
      this.unwritten.push(bar);
      this.options.logger.warn(`${this.options.vendor} feed: a bar came after its minute was applied`, {
        symbol: bar.symbol,
        time: new Date(bar.time).toISOString(),
        updated,
      });
      return false;
    }
    const previous = entry.pending.get(bar.time);
    if (previous !== undefined && !updated) {
      this.counts.duplicateBars += 1;
      return false;
    }
    entry.pending.set(bar.time, bar);
    this.unwritten.push(bar);
    return previous === undefined;
  }

  private openHole(entry: LiveSymbol, from: number): void {
    entry.holeFrom = entry.holeFrom === undefined ? from : Math.min(entry.holeFrom, from);
    entry.holeTo = Number.POSITIVE_INFINITY;
  }
}

/**
 * Marks a symbol's minutes up to `upTo` as handed out, except those of a hole not yet fetched:
 * they are delivered by a later drain, not taken as late.
 */
function settle(entry: LiveSymbol, upTo: number): void {
  const settled = deliverableTo(entry, upTo);
  if (settled > entry.drainedTo) entry.drainedTo = settled;
}

/**
 * Bars ending by this may be handed out: `upTo`, or the start of a hole not fetched yet (bars after
 * it wait for it, so each symbol's bars still reach the session oldest first).
 */
function deliverableTo(entry: LiveSymbol, upTo: number): number {
  return entry.holeFrom === undefined ? upTo : Math.min(upTo, entry.holeFrom);
}

function minuteStart(at: number): number {
  return Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

function toColumns(bars: readonly VendorBar[]): BarColumns {
  const columns = allocateBarColumns(bars.length);
  bars.forEach((bar, index) => {
    columns.time[index] = bar.time;
    columns.open[index] = bar.open;
    columns.high[index] = bar.high;
    columns.low[index] = bar.low;
    columns.close[index] = bar.close;
    columns.volume[index] = bar.volume;
  });
  return columns;
}
