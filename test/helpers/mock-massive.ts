// A local stand-in for Massive (formerly Polygon.io) stocks data on 127.0.0.1 (port 0), written from
// Massive's documentation ("WebSocket › Stocks › Aggregates (Per Minute)", "REST › Stocks ›
// Aggregates (Bars)", massive.com/docs, read December 2026). It never talks to anything but the test.
//   stream: `ws://127.0.0.1:PORT/stocks`: `[{"ev":"status","status":"connected",…}]` on connect;
//     `{"action":"auth","params":KEY}` → `auth_success`, or `auth_failed` and a close; one
//     authenticated connection per key (a second gets `max_connections`); `subscribe` /
//     `unsubscribe` with `"params":"AM.SPY,AM.AIG"` → `success` "subscribed to: AM.SPY,AM.AIG";
//     each minute aggregate `{"ev":"AM","sym","v","av","op","vw","o","c","h","l","a","z","s","e"}`
//     once the mock's clock passes the minute's end (minus `leadMs`, for accelerated tests).
//   REST: `GET /v2/aggs/ticker/{T}/range/1/{minute|day}/{from}/{to}?adjusted&sort&limit&apiKey`
//     (from/to epoch ms, both included) → `{"ticker","status":"OK","results":[…],"next_url"}`, only
//     bars that have ended by the mock's now, day bars stamped at midnight New York; a page of
//     `limit` bars has a `next_url` (without the key, as Massive's); 401 on a wrong key; the first
//     `rest429` requests get 429 with `Retry-After: 1`.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { Clock, TimerHandle } from "../../src/time/clock.js";
import type { CsvBar } from "./shared-data.js";

const MINUTE_MS = 60_000;

export interface MockMassiveOptions {
  readonly clock: Clock;
  readonly minuteBars: ReadonlyMap<string, readonly CsvBar[]>;
  /** Daily bars (stamped at 09:30 New York, as the test helpers read them). */
  readonly dailyBars?: ReadonlyMap<string, readonly CsvBar[]>;
  readonly key: string;
  readonly leadMs?: number;
  readonly rest429?: number;
}

interface Client {
  readonly socket: WebSocket;
  authenticated: boolean;
  readonly symbols: Set<string>;
}

export class MockMassive {
  readonly actions: Array<Record<string, unknown>> = [];
  readonly restRequests: Array<{ readonly path: string; readonly status: number }> = [];
  private readonly clients: Client[] = [];
  private readonly wss: WebSocketServer;
  private readonly http: Server;
  private readonly minutes: number[];
  private readonly barAt = new Map<string, Map<number, CsvBar>>();
  private nextMinute = 0;
  private timer: TimerHandle | undefined;
  private rest429Left: number;

  private constructor(private readonly options: MockMassiveOptions) {
    const minutes = new Set<number>();
    for (const [symbol, bars] of options.minuteBars) {
      this.barAt.set(symbol, new Map(bars.map((bar) => [bar.time, bar])));
      for (const bar of bars) minutes.add(bar.time);
    }
    this.minutes = [...minutes].sort((a, b) => a - b);
    this.rest429Left = options.rest429 ?? 0;
    this.wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.wss.on("connection", (socket, request) => this.onConnection(socket, request));
    this.http = createServer((request, response) => this.onRest(request, response));
  }

  static async start(options: MockMassiveOptions): Promise<MockMassive> {
    const mock = new MockMassive(options);
    await new Promise<void>((resolve) =>
      mock.wss.address() ? resolve() : mock.wss.once("listening", () => resolve()),
    );
    await new Promise<void>((resolve) => mock.http.listen(0, "127.0.0.1", resolve));
    const lead = options.leadMs ?? 0;
    const now = options.clock.now();
    while (mock.nextMinute < mock.minutes.length && mock.minutes[mock.nextMinute] + MINUTE_MS - lead <= now) {
      mock.nextMinute++;
    }
    mock.armMinute();
    return mock;
  }

  get streamUrl(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (this.timer) this.options.clock.cancelTimer(this.timer);
    for (const client of this.clients) client.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private status(client: Client, status: string, message: string): void {
    client.socket.send(JSON.stringify([{ ev: "status", status, message }]));
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const client: Client = { socket, authenticated: false, symbols: new Set() };
    if (request.url !== "/stocks") {
      this.status(client, "error", "unknown cluster");
      socket.close();
      return;
    }
    this.clients.push(client);
    socket.on("close", () => this.clients.splice(this.clients.indexOf(client), 1));
    socket.on("message", (data) => this.onAction(client, String(data)));
    this.status(client, "connected", "Connected Successfully");
  }

  private onAction(client: Client, text: string): void {
    const action = JSON.parse(text) as { action?: string; params?: string };
    this.actions.push(action.action === "auth" ? { action: "auth", params: "…" } : action);
    if (action.action === "auth") {
      if (action.params !== this.options.key) {
        this.status(client, "auth_failed", "authentication failed");
        client.socket.close();
        return;
      }
      if (this.clients.some((other) => other !== client && other.authenticated)) {
        this.status(client, "max_connections", "Maximum number of websocket connections exceeded.");
        client.socket.close();
        return;
      }
      client.authenticated = true;
      this.status(client, "auth_success", "authenticated");
      return;
    }
    if (!client.authenticated) {
      this.status(client, "error", "not authorized");
      return;
    }
    const channels = (action.params ?? "").split(",").filter((channel) => channel.startsWith("AM."));
    for (const channel of channels) {
      if (action.action === "subscribe") client.symbols.add(channel.slice(3));
      if (action.action === "unsubscribe") client.symbols.delete(channel.slice(3));
    }
    const verb = action.action === "subscribe" ? "subscribed to" : "unsubscribed to";
    this.status(client, "success", `${verb}: ${channels.join(",")}`);
  }

  private armMinute(): void {
    if (this.nextMinute >= this.minutes.length) return;
    const minute = this.minutes[this.nextMinute];
    this.timer = this.options.clock.setTimer(
      minute + MINUTE_MS - (this.options.leadMs ?? 0),
      () => {
        this.nextMinute++;
        for (const client of this.clients) {
          if (!client.authenticated) continue;
          const events: object[] = [];
          for (const symbol of client.symbols) {
            const bar = this.barAt.get(symbol)?.get(minute);
            if (bar)
              events.push({ ev: "AM", sym: symbol, ...aggregate(bar), s: bar.time, e: bar.time + MINUTE_MS });
          }
          if (events.length > 0) client.socket.send(JSON.stringify(events));
        }
        this.armMinute();
      },
      "mock minute",
    );
  }

  private onRest(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const shown = new URL(url);
      shown.searchParams.delete("apiKey");
      this.restRequests.push({ path: `${shown.pathname}${shown.search}`, status });
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    if (url.searchParams.get("apiKey") !== this.options.key) {
      answer(401, { status: "ERROR", request_id: "1", error: "Unknown API Key" });
      return;
    }
    if (this.rest429Left > 0) {
      this.rest429Left -= 1;
      answer(
        429,
        { status: "ERROR", error: "You've exceeded the maximum requests per minute." },
        { "retry-after": "1" },
      );
      return;
    }
    const match = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/1\/(minute|day)\/(\d+)\/(\d+)$/.exec(url.pathname);
    if (!match) {
      answer(404, { status: "NOT_FOUND", error: "not found" });
      return;
    }
    const [, ticker, timespan, fromText, toText] = match;
    const from = Number(fromText);
    const to = Number(toText);
    const now = this.options.clock.now();
    const bars =
      timespan === "minute"
        ? (this.options.minuteBars.get(ticker) ?? [])
            .filter((bar) => bar.time >= from && bar.time <= to && bar.time + MINUTE_MS <= now)
            .map((bar) => ({ t: bar.time, ...aggregate(bar) }))
        : (this.options.dailyBars?.get(ticker) ?? [])
            .map((bar) => ({ stamp: bar.time - 9.5 * 3_600_000, bar }))
            .filter(({ stamp, bar }) => stamp >= from && stamp <= to && bar.time + 6.5 * 3_600_000 <= now)
            .map(({ stamp, bar }) => ({ t: stamp, ...aggregate(bar) }));
    const limit = Number(url.searchParams.get("limit") ?? "5000");
    const offset = Number(url.searchParams.get("cursor") ?? "0");
    const page = bars.slice(offset, offset + limit);
    const body: Record<string, unknown> = { ticker, status: "OK", resultsCount: page.length, results: page };
    if (offset + limit < bars.length) {
      const next = new URL(url.pathname, this.restUrl);
      next.searchParams.set("cursor", String(offset + limit));
      next.searchParams.set("limit", String(limit));
      body.next_url = next.toString();
    }
    answer(200, body);
  }
}

function aggregate(bar: CsvBar): object {
  return {
    o: bar.open,
    h: bar.high,
    l: bar.low,
    c: bar.close,
    v: bar.volume,
    vw: (bar.high + bar.low + bar.close) / 3,
    n: 100,
  };
}
