// The Binance kline feed against a local websocket server on 127.0.0.1 speaking Binance's
// documented protocol: subscriptions, closed bars only, drain by end time, backfill, bad messages
// skipped and reported, a dropped connection reopened with every subscription sent again, and the
// minutes it missed fetched from the klines REST history (test/helpers/mock-binance-rest.ts).

import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import type { LogFields, Logger } from "../../../../src/core/logger.js";
import { BarStore } from "../../../../src/data/bar-store.js";
import { BinanceHistory } from "../../../../src/data/feeds/binance/binance-history.js";
import { BinanceKlineFeed } from "../../../../src/data/feeds/binance/binance-kline-feed.js";
import { calendarOf } from "../../../../src/time/markets/index.js";
import { SimulatedClock } from "../../../../src/time/simulated-clock.js";
import { MockBinanceRest, type MockKline } from "../../../helpers/mock-binance-rest.js";

const MINUTE_MS = 60_000;
const START = Date.parse("2025-03-08T23:58:00Z");

/** A local server that records what clients send and lets the test push messages. */
class MockBinance {
  readonly server: WebSocketServer;
  readonly requests: unknown[] = [];
  readonly connections: WebSocket[] = [];
  private waiters: (() => void)[] = [];

  constructor() {
    this.server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server.on("connection", (socket) => {
      this.connections.push(socket);
      socket.on("message", (data) => {
        const request = JSON.parse(String(data)) as { id: number };
        this.requests.push(request);
        socket.send(JSON.stringify({ result: null, id: request.id }));
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  async url(): Promise<string> {
    await new Promise<void>((resolve) =>
      this.server.address() ? resolve() : this.server.once("listening", resolve),
    );
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` requests have arrived. */
  async requestsReach(count: number): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  send(message: unknown): void {
    const text = typeof message === "string" ? message : JSON.stringify(message);
    for (const socket of this.connections) if (socket.readyState === WebSocket.OPEN) socket.send(text);
  }

  close(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function kline(symbol: string, minute: number, closed: boolean, close = 100 + minute) {
  return klineAt(symbol, START + minute * MINUTE_MS, closed, close);
}

function klineAt(symbol: string, t: number, closed: boolean, close: number) {
  return {
    e: "kline",
    E: t + 59_000,
    s: symbol,
    k: {
      t,
      T: t + 59_999,
      s: symbol,
      i: "1m",
      o: String(close - 1),
      c: String(close),
      h: String(close + 0.5),
      l: String(close - 1.5),
      v: "2.5",
      x: closed,
    },
  };
}

/** The gap tests' minutes: 10:00 UTC on a crypto day, `minute` minutes on. */
const at = (minute: number): number => Date.parse("2025-03-08T10:00:00Z") + minute * MINUTE_MS;

/**
 * A feed on its own clock at 10:00 with BTC-USDT subscribed, connected and in the day's session,
 * reconnecting after 5 minutes, its missed minutes fetched from a REST mock that serves 30 minutes
 * with closes of 200 + minute (the stream's are 100 + minute: each bar says where it came from);
 * `restDown`: that mock's port closed before the feed starts.
 */
async function openGapFeed(options: { restDown?: boolean } = {}) {
  const timeline = new SimulatedClock(at(0));
  const klines: MockKline[] = Array.from({ length: 30 }, (_, minute) => ({
    time: at(minute),
    open: 199 + minute,
    high: 200.5 + minute,
    low: 198.5 + minute,
    close: 200 + minute,
    volume: 4,
  }));
  const rest = await MockBinanceRest.start({
    clock: timeline,
    klines: new Map([["BTCUSDT", new Map([["1m", klines]])]]),
  });
  const restUrl = rest.restUrl;
  if (options.restDown) await rest.close();
  const store = BarStore.open(":memory:");
  const days = calendarOf("CRYPTO");
  const gapFeed = new BinanceKlineFeed({
    url: await mock.url(),
    timers: timeline,
    logger,
    reconnectDelayMs: 5 * MINUTE_MS,
    warmUp: {
      vendor: "binance",
      history: new BinanceHistory({ baseUrl: restUrl, clock: timeline, logger, days }),
      store,
      days,
      logger,
    },
  });
  gapFeed.subscribe("BTC-USDT");
  await gapFeed.connect();
  gapFeed.startSession({
    openAt: Date.parse("2025-03-08T00:00:00Z"),
    closeAt: Date.parse("2025-03-09T00:00:00Z"),
  });
  await mock.requestsReach(1);
  return {
    timeline,
    rest,
    feed: gapFeed,
    held: () => gapFeed.backfill("BTC-USDT", Number.POSITIVE_INFINITY).length,
    /** Cuts the connection at `time`; resolves once the reconnect is scheduled. */
    dropAt: async (time: number) => {
      timeline.set(time);
      mock.connections[0].terminate();
      await until(() => timeline.pendingTimers().length === 1);
    },
    dispose: async () => {
      gapFeed.close();
      store.close();
      if (!options.restDown) await rest.close();
    },
  };
}

/** Waits until the feed has taken `predicate` true (messages arrive asynchronously). */
async function until(predicate: () => boolean): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error("timed out waiting for the feed");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  debug(): void {}
  info(): void {}
  warn(message: string, _fields?: LogFields): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string, _fields?: LogFields): void {
    this.lines.push(`error ${message}`);
  }
}

let mock: MockBinance;
let feed: BinanceKlineFeed;
let clock: SimulatedClock;
let logger: RecordingLogger;

beforeEach(async () => {
  mock = new MockBinance();
  clock = new SimulatedClock(START);
  logger = new RecordingLogger();
  feed = new BinanceKlineFeed({ url: await mock.url(), timers: clock, logger, reconnectDelayMs: 1_000 });
});

afterEach(async () => {
  feed.close();
  await mock.close();
});

function drained(upTo: number, of: BinanceKlineFeed = feed): string[] {
  const seen: string[] = [];
  of.drain(upTo, (symbol, bars, from, to) => {
    for (let index = from; index < to; index++) {
      seen.push(`${symbol} ${new Date(bars.time[index]).toISOString().slice(11, 16)} ${bars.close[index]}`);
    }
  });
  return seen;
}

describe("BinanceKlineFeed", () => {
  it("subscribes with Binance stream names and delivers closed bars by end time", async () => {
    feed.subscribe("BTC-USDT");
    await feed.connect();
    feed.subscribe("ETH-USDT");
    feed.startSession({
      openAt: Date.parse("2025-03-08T00:00:00Z"),
      closeAt: Date.parse("2025-03-09T00:00:00Z"),
    });
    await mock.requestsReach(2);
    expect(mock.requests).toEqual([
      { method: "SUBSCRIBE", params: ["btcusdt@kline_1m"], id: 1 },
      { method: "SUBSCRIBE", params: ["ethusdt@kline_1m"], id: 2 },
    ]);
    mock.send(kline("BTCUSDT", 0, false)); // forming: not a bar
    mock.send(kline("BTCUSDT", 0, true));
    mock.send(kline("ETHUSDT", 0, true, 50));
    mock.send(kline("BTCUSDT", 1, true));
    await until(() => feed.backfill("BTC-USDT", Number.POSITIVE_INFINITY).length === 2);
    // Nothing is seen before it ends: at 23:59 only the 23:58 bars have ended.
    expect(drained(START + MINUTE_MS)).toEqual(["BTC-USDT 23:58 100", "ETH-USDT 23:58 50"]);
    expect(drained(START + 2 * MINUTE_MS)).toEqual(["BTC-USDT 23:59 101"]);
    expect(drained(START + 2 * MINUTE_MS)).toEqual([]);
    expect(Array.from(feed.backfill("BTC-USDT", START + 2 * MINUTE_MS).close)).toEqual([100, 101]);
  });

  it("skips and reports messages that are not klines, repeats and bars after an unsubscribe", async () => {
    feed.subscribe("BTC-USDT");
    await feed.connect();
    await mock.requestsReach(1);
    mock.send("not json");
    mock.send({ e: "kline", s: "BTCUSDT", k: { t: "soon" } });
    mock.send(kline("BTCUSDT", 0, true));
    mock.send(kline("BTCUSDT", 0, true));
    mock.send({ error: { code: 2, msg: "Invalid request" }, id: 9 });
    await until(() => logger.lines.length >= 4);
    expect(logger.lines).toEqual([
      "warn binance feed: a message that is not JSON was skipped",
      "warn binance feed: a message that is not a kline was skipped",
      "warn binance feed: a late or repeated bar was skipped",
      "error binance feed: request refused",
    ]);
    feed.unsubscribe("BTC-USDT");
    await mock.requestsReach(2);
    expect(mock.requests[1]).toEqual({ method: "UNSUBSCRIBE", params: ["btcusdt@kline_1m"], id: 2 });
    expect(feed.isSubscribed("BTC-USDT")).toBe(false);
    expect(drained(START + 10 * MINUTE_MS)).toEqual([]);
  });

  it("reopens a dropped connection after the delay on its clock and subscribes again", async () => {
    feed.subscribe("BTC-USDT");
    feed.subscribe("SOL-USD");
    await feed.connect();
    await mock.requestsReach(1);
    expect(mock.requests[0]).toEqual({
      method: "SUBSCRIBE",
      params: ["btcusdt@kline_1m", "solusd@kline_1m"],
      id: 1,
    });
    mock.connections[0].terminate();
    await until(() => clock.pendingTimers().length === 1);
    expect(feed.isConnected()).toBe(false);
    expect(clock.nextTimerAt()).toBe(START + 1_000);
    clock.advance(1_000);
    await mock.requestsReach(2);
    expect(mock.requests[1]).toEqual({
      method: "SUBSCRIBE",
      params: ["btcusdt@kline_1m", "solusd@kline_1m"],
      id: 2,
    });
    mock.send(kline("SOLUSD", 3, true, 20));
    await until(() => feed.backfill("SOL-USD", Number.POSITIVE_INFINITY).length === 1);
    expect(drained(START + 4 * MINUTE_MS)).toEqual(["SOL-USD 00:01 20"]);
  });

  it("fetches the minutes a dropped connection missed from REST before the drain, none twice", async () => {
    const gap = await openGapFeed();
    const { timeline, rest, feed: gapFeed } = gap;
    try {
      mock.send(klineAt("BTCUSDT", at(0), true, 100));
      mock.send(klineAt("BTCUSDT", at(1), true, 101));
      await until(() => gap.held() === 2);
      await gap.dropAt(at(2) + 30_000);
      expect(gapFeed.staleSince()).toBeUndefined();

      // Still down at 10:05: 10:02–10:04 come from REST (10:01, in the hole, is held already).
      timeline.set(at(5));
      await gapFeed.prepare(at(5));
      expect(drained(at(5), gapFeed)).toEqual([
        "BTC-USDT 10:00 100",
        "BTC-USDT 10:01 101",
        "BTC-USDT 10:02 202",
        "BTC-USDT 10:03 203",
        "BTC-USDT 10:04 204",
      ]);

      // Back at 10:07:30; the stream's closed 10:07 arrives before the next prepare, which fetches
      // 10:05 and 10:06 and leaves the stream's 10:07 as it is. Then the hole is closed.
      timeline.advance(at(7) + 30_000 - timeline.now());
      await mock.requestsReach(2);
      timeline.set(at(8));
      mock.send(klineAt("BTCUSDT", at(7), true, 107));
      await until(() => gap.held() === 6);
      await gapFeed.prepare(at(8));
      expect(drained(at(8), gapFeed)).toEqual([
        "BTC-USDT 10:05 205",
        "BTC-USDT 10:06 206",
        "BTC-USDT 10:07 107",
      ]);
      const klineRequests = rest.requests.length;
      mock.send(klineAt("BTCUSDT", at(8), true, 108));
      await until(() => gap.held() === 9);
      timeline.set(at(9));
      await gapFeed.prepare(at(9));
      expect(rest.requests.length).toBe(klineRequests);
      expect(drained(at(9), gapFeed)).toEqual(["BTC-USDT 10:08 108"]);
      expect(gapFeed.staleSince()).toBeUndefined();
    } finally {
      await gap.dispose();
    }
  });

  it("reports the feed stale since the hole's first minute while REST cannot give it", async () => {
    const gap = await openGapFeed({ restDown: true });
    const { timeline, feed: gapFeed } = gap;
    try {
      await gap.dropAt(at(2) + 30_000);
      timeline.set(at(4));
      // The history retries a refused connection after waits on the timeline (1, 2, 4, 8, 16 s):
      // the test moves the timeline through them (the reconnect, at 10:07:30, is the other timer).
      let settled = false;
      const prepared = gapFeed.prepare(at(4)).finally(() => {
        settled = true;
      });
      while (!settled) {
        await until(() => settled || timeline.pendingTimers().length === 2);
        if (!settled) timeline.advance(timeline.nextTimerAt()! - timeline.now());
      }
      await prepared;
      expect(timeline.now()).toBe(at(4) + 31_000);
      expect(gapFeed.staleSince()).toBe(at(1));
      expect(logger.lines.filter((line) => line.startsWith("error"))).toEqual([
        expect.stringMatching(/^error binance feed: fetching the missed minutes failed: /),
      ]);
    } finally {
      await gap.dispose();
    }
  });

  it("fails to connect with a coded error when nothing listens", async () => {
    const port = (mock.server.address() as AddressInfo).port;
    await mock.close();
    const lonely = new BinanceKlineFeed({ url: `ws://127.0.0.1:${port}`, timers: clock, logger });
    await expect(lonely.connect()).rejects.toMatchObject({ code: "SCN_ERR_DATA" });
    mock = new MockBinance(); // afterEach closes a server
  });
});
