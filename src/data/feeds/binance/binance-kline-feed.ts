// A live BarFeed over Binance's public kline websocket streams (24/7 crypto pairs, 1m bars). The
// socket pushes; the session pulls: closed klines are kept per symbol, and `drain` hands over those
// that ended by the time it is asked for, so no bar is seen before it ends. A dropped connection
// is reopened after a delay on the injected clock and every subscription is sent again; a message
// that is not valid JSON or not a valid kline is reported to the logger and skipped. Only public
// market data is used: no key, no credential. Given a `warmUp` (the klines REST history and the
// store), the daemon's warm-up downloads the history windows the store lacks (prepareHistory).
//
// Minutes missed while the connection was down are a hole: from the minute before the drop (its
// closed kline may have been in flight) to the minute after the connection is back (the stream
// then covers the rest). `prepare(upTo)`, awaited by the daemon before each drain, fetches the
// hole's minutes that ended by `upTo` from the klines REST history, even while still disconnected,
// so scans go on with complete minutes; a minute already held is not taken twice, one that ended
// by an earlier drain is not taken at all (it would be seen late). A fetch that fails leaves the
// hole for the next `prepare` and the feed stale (`staleSince`) until it is filled.

import type WebSocket from "ws";
import { allocateBarColumns, type BarColumns } from "../../../core/bar-columns.js";
import { DataError, FeedError } from "../../../core/errors.js";
import { parseInterval } from "../../../core/interval.js";
import type { Logger } from "../../../core/logger.js";
import type { BarFeed, FeedRangeSink } from "../../bar-feed.js";
import { type HistoryWindow, type WarmUpSource, warmUpHistory } from "../../live/history-warm-up.js";
import type { VendorBar } from "../../live/vendor-source.js";
import type { RegularHours } from "../../session-hours.js";
import {
  binanceSymbolOf,
  type KlineEvent,
  klineEventSchema,
  klineStreamOf,
  replySchema,
  subscribeRequest,
} from "./binance-kline-message.js";

/** Binance's public spot market-data endpoint. */
export const BINANCE_STREAM_URL = "wss://stream.binance.com:9443/ws";

/** What the feed needs of a clock: timers for reconnecting (never the system's own). */
export interface FeedTimers {
  setTimer(at: number, callback: () => void, label?: string): unknown;
  now(): number;
}

export interface BinanceKlineFeedOptions {
  /** Websocket URL (default: Binance's public endpoint; tests give a local server). */
  readonly url?: string;
  readonly interval?: string;
  readonly timers: FeedTimers;
  readonly logger: Logger;
  /** Delay before reopening a dropped connection (default 5 s). */
  readonly reconnectDelayMs?: number;
  /**
   * Where warm-up history comes from and goes to, and where the minutes a dropped connection
   * missed are fetched from; none: the store's history only, and missed minutes stay missing.
   */
  readonly warmUp?: WarmUpSource;
}

type KlineBar = SymbolBars["bars"][number];

interface SymbolBars {
  readonly symbol: string;
  readonly order: number;
  /** What the subscriber asked to get back with each range (`drain`). */
  readonly tag: unknown;
  /** Closed bars, start times ascending. */
  readonly bars: { time: number; open: number; high: number; low: number; close: number; volume: number }[];
  /** Index of the first bar not yet delivered. */
  delivered: number;
}

export class BinanceKlineFeed implements BarFeed {
  readonly interval: string;
  private readonly durationMs: number;
  private readonly url: string;
  private readonly subscriptions = new Map<string, SymbolBars>();
  /** Binance symbol (`BTCUSDT`) → our symbol. */
  private readonly byBinanceSymbol = new Map<string, string>();
  private socket: WebSocket | undefined;
  private requestId = 0;
  private nextOrder = 0;
  private sessionOpenAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private drainedUpTo = Number.NEGATIVE_INFINITY;
  /** Minute starts [from, to) the stream missed; `to` undefined while still disconnected. */
  private hole: { from: number; to: number | undefined } | undefined;
  /** The hole's first minute that a `prepare` could not fetch, while it could not. */
  private staleFrom: number | undefined;

  constructor(private readonly options: BinanceKlineFeedOptions) {
    const interval = parseInterval(options.interval ?? "1m");
    if (interval.durationMs === undefined || interval.unit !== "m") {
      throw new DataError(`The Binance kline feed streams minute bars, got "${interval.text}"`);
    }
    this.interval = interval.text;
    this.durationMs = interval.durationMs;
    this.url = options.url ?? BINANCE_STREAM_URL;
  }

  /** Opens the connection; resolves once it is open (rejects with a DataError when it cannot be). */
  async connect(): Promise<void> {
    this.closed = false;
    // ws (and with it Node's http, tls and zlib) is loaded by the first connection, not by every
    // process that imports the package: a backtest never opens a socket.
    const { default: WebSocketClass } = await import("ws");
    if (this.closed)
      throw new DataError(`Cannot connect to ${this.url}: the feed was closed while connecting`);
    return new Promise((resolve, reject) => {
      const socket = new WebSocketClass(this.url);
      this.socket = socket;
      let opened = false;
      socket.on("open", () => {
        opened = true;
        if (this.hole !== undefined && this.hole.to === undefined) {
          this.hole.to = this.minuteStart(this.options.timers.now()) + this.durationMs;
        }
        this.sendSubscriptions([...this.subscriptions.keys()], "SUBSCRIBE");
        resolve();
      });
      socket.on("message", (data) => this.onMessage(String(data)));
      socket.on("error", (error) => {
        this.options.logger.warn("binance feed: socket error", { error: error.message });
        if (!opened)
          reject(new DataError(`Cannot connect to ${this.url}: ${error.message}`, { cause: error }));
      });
      socket.on("close", () => {
        if (this.socket === socket) this.socket = undefined;
        if (opened && !this.closed) {
          this.openHole();
          this.scheduleReconnect();
        }
      });
    });
  }

  /** Closes the connection for good (no reconnect). */
  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = undefined;
  }

  /** Whether the socket is open. */
  isConnected(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Since when minutes are missing that REST could not give (scans run without them), if any are. */
  staleSince(): number | undefined {
    return this.staleFrom;
  }

  /** Fetches the minutes the stream missed that ended by `upTo` (see the file's comment). */
  async prepare(upTo: number): Promise<void> {
    const hole = this.hole;
    if (hole === undefined) return;
    const from = Math.max(hole.from, this.sessionOpenAt);
    const to = Math.min(hole.to ?? Number.POSITIVE_INFINITY, this.minuteStart(upTo));
    if (from < to && this.subscriptions.size > 0) {
      // The klines history is fetched by the minute: a feed of longer bars has nothing to fill from.
      const history = this.interval === "1m" ? this.options.warmUp?.history : undefined;
      if (history === undefined) {
        this.staleFrom ??= from;
        return;
      }
      const symbols = [...this.subscriptions.keys()];
      let fetched: Map<string, VendorBar[]>;
      try {
        fetched = await history.fetchBars(symbols, "1m", from, to);
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
        this.options.logger.error(`binance feed: fetching the missed minutes failed: ${error.message}`, {
          reason: error.reason,
        });
        this.staleFrom ??= from;
        return;
      }
      let taken = 0;
      for (const [symbol, bars] of fetched) {
        const entry = this.subscriptions.get(symbol);
        if (entry !== undefined) for (const bar of bars) if (this.insert(entry, bar)) taken++;
      }
      this.options.logger.info("binance feed: missed minutes fetched from REST", {
        symbols: symbols.length,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        bars: taken,
      });
    }
    if (this.hole !== hole) return; // the connection dropped again meanwhile: that hole goes on
    this.staleFrom = undefined;
    if (hole.to !== undefined && to >= hole.to) this.hole = undefined;
    else if (to > hole.from) hole.from = to;
  }

  startSession(session: RegularHours): void {
    this.sessionOpenAt = session.openAt;
    // Bars of earlier sessions are no longer needed.
    for (const entry of this.subscriptions.values()) {
      const keep = entry.bars.filter((bar) => bar.time >= session.openAt);
      entry.delivered -= entry.bars.length - keep.length;
      if (entry.delivered < 0) entry.delivered = 0;
      entry.bars.splice(0, entry.bars.length, ...keep);
    }
  }

  subscribe(symbol: string, tag?: unknown): void {
    if (this.subscriptions.has(symbol)) return;
    this.subscriptions.set(symbol, { symbol, order: this.nextOrder++, tag, bars: [], delivered: 0 });
    this.byBinanceSymbol.set(binanceSymbolOf(symbol), symbol);
    this.sendSubscriptions([symbol], "SUBSCRIBE");
  }

  unsubscribe(symbol: string): void {
    if (!this.subscriptions.delete(symbol)) return;
    this.byBinanceSymbol.delete(binanceSymbolOf(symbol));
    this.sendSubscriptions([symbol], "UNSUBSCRIBE");
  }

  isSubscribed(symbol: string): boolean {
    return this.subscriptions.has(symbol);
  }

  /** Each symbol's closed bars that ended by `upTo`, one range per symbol, in subscription order. */
  drain(upTo: number, sink: FeedRangeSink): number {
    let delivered = 0;
    for (const entry of this.subscriptions.values()) {
      const from = entry.delivered;
      let to = from;
      while (to < entry.bars.length && entry.bars[to].time + this.durationMs <= upTo) to++;
      if (to === from) continue;
      const columns = allocateBarColumns(to - from);
      for (let index = from; index < to; index++) {
        const bar = entry.bars[index];
        const at = index - from;
        columns.time[at] = bar.time;
        columns.open[at] = bar.open;
        columns.high[at] = bar.high;
        columns.low[at] = bar.low;
        columns.close[at] = bar.close;
        columns.volume[at] = bar.volume;
      }
      // Moved on before the sink runs: a sink that unsubscribes the symbol leaves it consistent.
      entry.delivered = to;
      sink(entry.symbol, columns, 0, to - from, entry.tag);
      delivered += to - from;
    }
    if (upTo > this.drainedUpTo) this.drainedUpTo = upTo;
    return delivered;
  }

  backfill(symbol: string, upTo: number): BarColumns {
    const entry = this.subscriptions.get(symbol);
    const bars = (entry?.bars ?? []).filter(
      (bar) => bar.time >= this.sessionOpenAt && bar.time + this.durationMs <= upTo,
    );
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

  endSession(): void {
    this.sessionOpenAt = Number.NEGATIVE_INFINITY;
  }

  /** The history windows the store lacks, downloaded from the klines endpoint into it. */
  async prepareHistory(symbol: string, windows: readonly HistoryWindow[]): Promise<void> {
    if (this.options.warmUp !== undefined) await warmUpHistory(this.options.warmUp, symbol, windows);
  }

  /** A dropped connection: its minutes are missing from the one before the drop on (or the hole goes on). */
  private openHole(): void {
    const from = this.minuteStart(this.options.timers.now()) - this.durationMs;
    if (this.hole === undefined) this.hole = { from, to: undefined };
    else this.hole.to = undefined; // dropped again before the hole was filled: it runs on from its start
  }

  /** Puts a fetched bar in time order; `false` when that minute is held already or was drained. */
  private insert(entry: SymbolBars, bar: VendorBar): boolean {
    if (bar.time + this.durationMs <= this.drainedUpTo || bar.time < this.sessionOpenAt) return false;
    const { bars } = entry;
    let index = bars.length;
    while (index > entry.delivered && bars[index - 1].time > bar.time) index--;
    if (index > 0 && bars[index - 1].time === bar.time) return false;
    const taken: KlineBar = {
      time: bar.time,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
    };
    bars.splice(index, 0, taken);
    return true;
  }

  private minuteStart(time: number): number {
    return Math.floor(time / this.durationMs) * this.durationMs;
  }

  private sendSubscriptions(symbols: readonly string[], method: "SUBSCRIBE" | "UNSUBSCRIBE"): void {
    if (symbols.length === 0 || this.socket === undefined || this.socket.readyState !== this.socket.OPEN)
      return;
    const streams = symbols.map((symbol) => klineStreamOf(symbol, this.interval));
    this.socket.send(subscribeRequest(method, streams, ++this.requestId));
  }

  private scheduleReconnect(): void {
    const delay = this.options.reconnectDelayMs ?? 5_000;
    this.options.logger.warn("binance feed: connection lost, reconnecting", { inMs: delay });
    this.options.timers.setTimer(
      this.options.timers.now() + delay,
      () => {
        if (this.closed) return;
        this.connect().catch((error: unknown) => {
          this.options.logger.warn("binance feed: reconnect failed", {
            error: error instanceof Error ? error.message : String(error),
          });
          this.scheduleReconnect();
        });
      },
      "binance reconnect",
    );
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.logger.warn("binance feed: a message that is not JSON was skipped", {
        message: text.slice(0, 200),
      });
      return;
    }
    if (typeof message === "object" && message !== null && "id" in message) {
      const reply = replySchema.safeParse(message);
      if (reply.success && reply.data.error) {
        this.options.logger.error("binance feed: request refused", {
          id: reply.data.id,
          error: reply.data.error.msg,
        });
      }
      return;
    }
    const event = klineEventSchema.safeParse(message);
    if (!event.success) {
      this.options.logger.warn("binance feed: a message that is not a kline was skipped", {
        message: text.slice(0, 200),
      });
      return;
    }
    this.onKline(event.data);
  }

  private onKline(event: KlineEvent): void {
    const kline = event.k;
    if (!kline.x) return; // still forming: only closed bars are bars
    const symbol = this.byBinanceSymbol.get(kline.s);
    if (symbol === undefined || kline.i !== this.interval) return; // unsubscribed, or another stream
    const entry = this.subscriptions.get(symbol)!;
    const last = entry.bars[entry.bars.length - 1];
    // A bar that ended before the last drain would be seen late; one we already have is a repeat.
    if ((last !== undefined && kline.t <= last.time) || kline.t + this.durationMs <= this.drainedUpTo) {
      this.options.logger.warn("binance feed: a late or repeated bar was skipped", {
        symbol,
        time: new Date(kline.t).toISOString(),
      });
      return;
    }
    if (kline.h < Math.max(kline.o, kline.c, kline.l) || kline.l > Math.min(kline.o, kline.c)) {
      this.options.logger.warn("binance feed: an inconsistent bar was skipped", {
        symbol,
        time: new Date(kline.t).toISOString(),
      });
      return;
    }
    entry.bars.push({
      time: kline.t,
      open: kline.o,
      high: kline.h,
      low: kline.l,
      close: kline.c,
      volume: kline.v,
    });
  }
}
