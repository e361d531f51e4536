// A local stand-in for Alpaca market data v2 on 127.0.0.1 (port 0), written from Alpaca's
// documentation ("Real-time stock data" and "Historical bars", docs.alpaca.markets, read December
// 2026). It never talks to anything but the test.
//   stream: `ws://127.0.0.1:PORT/v2/{iex|sip|delayed_sip}`: `[{"T":"success","msg":"connected"}]` on connect;
//     `{"action":"auth","key","secret"}` → `authenticated`, or error 402 `auth failed` and a close;
//     one authenticated connection per key (a second gets error 406 `connection limit exceeded`);
//     `subscribe`/`unsubscribe` with `bars`/`updatedBars` → a `subscription` frame listing the lists;
//     each minute bar sent as `{"T":"b","S","o","h","l","c","v","t","n","vw"}` once the mock's clock
//     passes the minute's end (several symbols' bars of a minute in one message, as Alpaca batches).
//   REST: `GET /v2/stocks/bars?symbols&timeframe=1Min|1Day&start&end&limit&page_token&…` with the
//     APCA-API-KEY-ID / APCA-API-SECRET-KEY headers → `{"bars":{SYM:[{t,o,h,l,c,v,n,vw}]},
//     "next_page_token"}`, bars sorted by symbol then time, `end` inclusive, only bars that have
//     ended by the mock's now; daily bars stamped at midnight New York; 401 on bad keys, 400 on a
//     malformed symbol, 429 with `Retry-After` when scripted.
// Chaos (per option): drop every connection at given instants, duplicate frames, re-send older
// bars after newer ones, send some minutes late (within a few seconds), stall a connection (open but
// silent for good), and answer 429 or 503 to the first REST requests.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { Clock, TimerHandle } from "../../src/time/clock.js";
import type { CsvBar } from "./shared-data.js";

const MINUTE_MS = 60_000;

export interface MockAlpacaChaos {
  /** Timeline instants at which every open connection is dropped. */
  readonly dropAt?: readonly number[];
  /** Every bar message is sent twice. */
  readonly duplicate?: boolean;
  /** With each minute's bars, the bars of three minutes before are sent again (older after newer). */
  readonly resendOlder?: boolean;
  /** Every third minute's bars go out this many timeline ms after the minute's end instead of at it. */
  readonly lateMs?: number;
  /** From this instant, the connections open then stay open but receive nothing more. */
  readonly stallAt?: number;
  /** The first N REST requests are refused: 429 with `Retry-After: 1`, then 503, alternately. */
  readonly restFailures?: number;
  /** The first `times` REST requests for a range holding the minute starting at `minute` get 503. */
  readonly restRefuse?: { readonly minute: number; readonly times: number };
}

export interface MockAlpacaOptions {
  /** The timeline the mock's market runs on (the daemon's own in-process; ahead of it across processes). */
  readonly clock: Clock;
  /** Minute bars by symbol (their start times), the whole stream the mock will send. */
  readonly minuteBars: ReadonlyMap<string, readonly CsvBar[]>;
  /**
   * How long before a minute's end its bars go out (default 0: at the end, as Alpaca sends them).
   * Accelerated tests give some: on a timeline running thousands of times real time, a loopback
   * hop is minutes long. The feed hands no bar out before its minute ends, whenever it arrives.
   */
  readonly leadMs?: number;
  /** Daily bars by symbol (stamped at 09:30 New York, as the test helpers read them). */
  readonly dailyBars?: ReadonlyMap<string, readonly CsvBar[]>;
  readonly key: string;
  readonly secret: string;
  readonly chaos?: MockAlpacaChaos;
}

interface Client {
  readonly socket: WebSocket;
  authenticated: boolean;
  stalled: boolean;
  readonly bars: Set<string>;
}

export class MockAlpaca {
  readonly clients: Client[] = [];
  /** Every client action received, in order (auth frames with their secrets replaced). */
  readonly actions: Array<Record<string, unknown>> = [];
  /** Every REST request's path and query, and the status it got. */
  readonly restRequests: Array<{ readonly url: string; readonly status: number }> = [];
  private readonly wss: WebSocketServer;
  private readonly http: Server;
  private readonly minutes: number[];
  private readonly barAt = new Map<string, Map<number, CsvBar>>();
  private nextMinute = 0;
  private timer: TimerHandle | undefined;
  private readonly chaosTimers: TimerHandle[] = [];
  private restFailuresLeft: number;
  private refusedLeft: number;
  private connections = 0;

  private constructor(private readonly options: MockAlpacaOptions) {
    const minutes = new Set<number>();
    for (const [symbol, bars] of options.minuteBars) {
      const bySymbol = new Map<number, CsvBar>();
      for (const bar of bars) {
        bySymbol.set(bar.time, bar);
        minutes.add(bar.time);
      }
      this.barAt.set(symbol, bySymbol);
    }
    this.minutes = [...minutes].sort((a, b) => a - b);
    this.restFailuresLeft = options.chaos?.restFailures ?? 0;
    this.refusedLeft = options.chaos?.restRefuse?.times ?? 0;
    this.wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.wss.on("connection", (socket, request) => this.onConnection(socket, request));
    this.http = createServer((request, response) => this.onRest(request, response));
  }

  static async start(options: MockAlpacaOptions): Promise<MockAlpaca> {
    const mock = new MockAlpaca(options);
    await new Promise<void>((resolve) =>
      mock.wss.address() ? resolve() : mock.wss.once("listening", () => resolve()),
    );
    await new Promise<void>((resolve) => mock.http.listen(0, "127.0.0.1", resolve));
    const now = options.clock.now();
    const lead = options.leadMs ?? 0;
    while (mock.nextMinute < mock.minutes.length && mock.minutes[mock.nextMinute] + MINUTE_MS - lead <= now) {
      mock.nextMinute++;
    }
    mock.armMinute();
    for (const at of options.chaos?.dropAt ?? []) {
      mock.chaosTimers.push(options.clock.setTimer(at, () => mock.dropAll(), "mock drop"));
    }
    if (options.chaos?.stallAt !== undefined) {
      mock.chaosTimers.push(
        options.clock.setTimer(
          options.chaos.stallAt,
          () => {
            for (const client of mock.clients) client.stalled = true;
          },
          "mock stall",
        ),
      );
    }
    return mock;
  }

  get streamUrl(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Connections accepted so far (the first and every reconnect). */
  get connectionCount(): number {
    return this.connections;
  }

  dropAll(): void {
    for (const client of this.clients) client.socket.terminate();
  }

  async close(): Promise<void> {
    if (this.timer) this.options.clock.cancelTimer(this.timer);
    for (const timer of this.chaosTimers) this.options.clock.cancelTimer(timer);
    for (const client of this.clients) client.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- stream -------------------------------------------------------------------------------------

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    if (!/^\/v2\/(iex|sip|delayed_sip)$/.test(request.url ?? "")) {
      socket.send(JSON.stringify([{ T: "error", code: 400, msg: "invalid syntax" }]));
      socket.close();
      return;
    }
    this.connections += 1;
    const client: Client = { socket, authenticated: false, stalled: false, bars: new Set() };
    this.clients.push(client);
    socket.on("close", () => {
      const index = this.clients.indexOf(client);
      if (index >= 0) this.clients.splice(index, 1);
    });
    socket.on("message", (data) => this.onAction(client, String(data)));
    socket.send(JSON.stringify([{ T: "success", msg: "connected" }]));
  }

  private onAction(client: Client, text: string): void {
    let action: Record<string, unknown>;
    try {
      action = JSON.parse(text) as Record<string, unknown>;
    } catch {
      client.socket.send(JSON.stringify([{ T: "error", code: 400, msg: "invalid syntax" }]));
      return;
    }
    this.actions.push(action.action === "auth" ? { action: "auth", key: "…", secret: "…" } : action);
    if (client.stalled) return;
    if (action.action === "auth") {
      if (action.key !== this.options.key || action.secret !== this.options.secret) {
        client.socket.send(JSON.stringify([{ T: "error", code: 402, msg: "auth failed" }]));
        client.socket.close();
        return;
      }
      if (this.clients.some((other) => other !== client && other.authenticated)) {
        client.socket.send(JSON.stringify([{ T: "error", code: 406, msg: "connection limit exceeded" }]));
        client.socket.close();
        return;
      }
      client.authenticated = true;
      client.socket.send(JSON.stringify([{ T: "success", msg: "authenticated" }]));
      return;
    }
    if (!client.authenticated) {
      client.socket.send(JSON.stringify([{ T: "error", code: 401, msg: "not authenticated" }]));
      return;
    }
    if (action.action === "subscribe" || action.action === "unsubscribe") {
      const symbols = Array.isArray(action.bars) ? action.bars.map(String) : [];
      for (const symbol of symbols) {
        if (action.action === "subscribe") client.bars.add(symbol);
        else client.bars.delete(symbol);
      }
      const bars = [...client.bars];
      client.socket.send(
        JSON.stringify([
          { T: "subscription", trades: [], quotes: [], bars, updatedBars: bars, dailyBars: [] },
        ]),
      );
      return;
    }
    client.socket.send(JSON.stringify([{ T: "error", code: 400, msg: "invalid syntax" }]));
  }

  private armMinute(): void {
    if (this.nextMinute >= this.minutes.length) return;
    const minute = this.minutes[this.nextMinute];
    const lateMs = this.options.chaos?.lateMs;
    const isLate = lateMs !== undefined && this.nextMinute % 3 === 1;
    this.timer = this.options.clock.setTimer(
      minute + MINUTE_MS - (this.options.leadMs ?? 0) + (isLate ? lateMs : 0),
      () => {
        this.nextMinute++;
        this.sendMinute(minute);
        if (this.options.chaos?.resendOlder) this.sendMinute(minute - 3 * MINUTE_MS);
        this.armMinute();
      },
      "mock minute",
    );
  }

  private sendMinute(minute: number): void {
    for (const client of this.clients) {
      if (!client.authenticated || client.stalled) continue;
      const frames: object[] = [];
      for (const symbol of client.bars) {
        const bar = this.barAt.get(symbol)?.get(minute);
        if (bar) frames.push({ T: "b", S: symbol, ...restBar(bar, bar.time) });
      }
      if (frames.length === 0) continue;
      if (this.options.chaos?.resendOlder) frames.reverse();
      const message = JSON.stringify(frames);
      client.socket.send(message);
      if (this.options.chaos?.duplicate) client.socket.send(message);
    }
  }

  // ---- REST ---------------------------------------------------------------------------------------

  private onRest(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.restRequests.push({ url: `${url.pathname}${url.search}`, status });
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    if (
      request.headers["apca-api-key-id"] !== this.options.key ||
      request.headers["apca-api-secret-key"] !== this.options.secret
    ) {
      answer(401, { message: "unauthorized." });
      return;
    }
    if (url.pathname !== "/v2/stocks/bars") {
      answer(404, { message: "Not Found" });
      return;
    }
    const refuse = this.options.chaos?.restRefuse;
    const rangeStart = Date.parse(url.searchParams.get("start") ?? "");
    const rangeEnd = Date.parse(url.searchParams.get("end") ?? "");
    if (refuse && this.refusedLeft > 0 && rangeStart <= refuse.minute && refuse.minute <= rangeEnd) {
      this.refusedLeft -= 1;
      answer(503, { message: "service unavailable" });
      return;
    }
    if (this.restFailuresLeft > 0) {
      const failures = this.options.chaos?.restFailures ?? 0;
      const nth = failures - this.restFailuresLeft;
      this.restFailuresLeft -= 1;
      if (nth % 2 === 0) answer(429, { message: "too many requests." }, { "retry-after": "1" });
      else answer(503, { message: "service unavailable" });
      return;
    }
    const symbols = (url.searchParams.get("symbols") ?? "").split(",").filter((s) => s !== "");
    const bad = symbols.find((symbol) => !/^[A-Z.]{1,10}$/.test(symbol));
    if (symbols.length === 0 || bad !== undefined) {
      answer(400, { code: 40010001, message: `invalid symbol: ${bad ?? ""}` });
      return;
    }
    const timeframe = url.searchParams.get("timeframe");
    const start = Date.parse(url.searchParams.get("start") ?? "");
    const end = Date.parse(url.searchParams.get("end") ?? "");
    const limit = Math.min(10_000, Number(url.searchParams.get("limit") ?? "1000"));
    if ((timeframe !== "1Min" && timeframe !== "1Day") || !Number.isFinite(start) || !Number.isFinite(end)) {
      answer(422, { message: "invalid timeframe, start or end" });
      return;
    }
    const now = this.options.clock.now();
    const rows: Array<{ symbol: string; bar: object }> = [];
    for (const symbol of [...symbols].sort()) {
      if (timeframe === "1Min") {
        for (const bar of this.options.minuteBars.get(symbol) ?? []) {
          if (bar.time >= start && bar.time <= end && bar.time + MINUTE_MS <= now) {
            rows.push({ symbol, bar: restBar(bar, bar.time) });
          }
        }
      } else {
        for (const bar of this.options.dailyBars?.get(symbol) ?? []) {
          const stamp = bar.time - 9.5 * 3_600_000; // 09:30 → midnight New York, as Alpaca stamps days
          if (stamp >= start && stamp <= end && bar.time + 6.5 * 3_600_000 <= now) {
            rows.push({ symbol, bar: restBar(bar, stamp) });
          }
        }
      }
    }
    const offset = Number(Buffer.from(url.searchParams.get("page_token") ?? "MA==", "base64").toString());
    const page = rows.slice(offset, offset + limit);
    const bars: Record<string, object[]> = {};
    for (const row of page) {
      const list = bars[row.symbol] ?? [];
      list.push(row.bar);
      bars[row.symbol] = list;
    }
    const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString("base64") : null;
    answer(200, { bars, next_page_token: next });
  }
}

function restBar(bar: CsvBar, stamp: number): object {
  return {
    o: bar.open,
    h: bar.high,
    l: bar.low,
    c: bar.close,
    v: bar.volume,
    t: new Date(stamp).toISOString().replace(".000Z", "Z"),
    n: 100,
    vw: (bar.high + bar.low + bar.close) / 3,
  };
}
