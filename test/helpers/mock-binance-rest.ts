// A local stand-in for Binance's spot REST klines endpoint on 127.0.0.1 (port 0), written from
// Binance's REST API documentation ("Market Data endpoints › Kline/Candlestick data" and "LIMITS",
// github.com/binance/binance-spot-api-docs rest-api.md, read December 2026). No key: klines are
// public. It never talks to anything but the test.
//   GET /api/v3/klines?symbol=BTCUSDT&interval=1m|1d&startTime&endTime&limit
//     startTime/endTime epoch ms, both included; limit default 500, at most 1000 (more: 400
//     `{"code":-1130,…}`); oldest first; at most `limit` rows and no cursor (the client asks again
//     from after the last row). A row: `[openTime,"o","h","l","c","v",closeTime,"quoteVolume",
//     trades,"takerBase","takerQuote","0"]`, decimals as strings, closeTime = openTime + interval − 1.
//     The kline still forming at the mock's now is answered too, as Binance does.
//   Unknown symbol: 400 `{"code":-1121,"msg":"Invalid symbol."}`. Rate limits: each answer carries
//   `X-MBX-USED-WEIGHT-1M` (2 per request); the first `rateLimited` requests get 429 with
//   `Retry-After: 1`, then `banned` more get 418 (the IP ban for ignoring 429s) with `Retry-After: 2`.
//   Daily klines open at 00:00 UTC (Binance's default time zone).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { VendorBar } from "../../src/data/live/vendor-source.js";
import type { Clock } from "../../src/time/clock.js";

const DURATION_MS: Readonly<Record<string, number>> = { "1m": 60_000, "1d": 86_400_000 };

/** One kline as the mock keeps it: its open time and values. */
export type MockKline = Omit<VendorBar, "symbol">;

export interface MockBinanceRestOptions {
  readonly clock: Clock;
  /** Binance symbol (`BTCUSDT`) → interval (`1m`, `1d`) → klines. */
  readonly klines: ReadonlyMap<string, ReadonlyMap<string, readonly MockKline[]>>;
  readonly rateLimited?: number;
  readonly banned?: number;
}

export class MockBinanceRest {
  readonly requests: Array<{ readonly path: string; readonly status: number }> = [];
  private readonly http: Server;
  private rateLimitedLeft: number;
  private bannedLeft: number;
  private usedWeight = 0;

  private constructor(private readonly options: MockBinanceRestOptions) {
    this.rateLimitedLeft = options.rateLimited ?? 0;
    this.bannedLeft = options.banned ?? 0;
    this.http = createServer((request, response) => this.onRequest(request, response));
  }

  static async start(options: MockBinanceRestOptions): Promise<MockBinanceRest> {
    const mock = new MockBinanceRest(options);
    await new Promise<void>((resolve) => mock.http.listen(0, "127.0.0.1", resolve));
    return mock;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ path: `${url.pathname}${url.search}`, status });
      response.writeHead(status, {
        "content-type": "application/json;charset=UTF-8",
        "x-mbx-used-weight-1m": String(this.usedWeight),
        ...headers,
      });
      response.end(JSON.stringify(body));
    };
    if (url.pathname !== "/api/v3/klines") {
      answer(404, { code: -1000, msg: "Not found" });
      return;
    }
    if (this.rateLimitedLeft > 0) {
      this.rateLimitedLeft -= 1;
      answer(
        429,
        { code: -1003, msg: "Too many requests; current limit is 6000 request weight per 1 MINUTE." },
        {
          "retry-after": "1",
        },
      );
      return;
    }
    if (this.bannedLeft > 0) {
      this.bannedLeft -= 1;
      answer(418, { code: -1003, msg: "Way too many requests; IP banned." }, { "retry-after": "2" });
      return;
    }
    this.usedWeight += 2;
    const series = this.options.klines.get(url.searchParams.get("symbol") ?? "");
    if (series === undefined) {
      answer(400, { code: -1121, msg: "Invalid symbol." });
      return;
    }
    const interval = url.searchParams.get("interval") ?? "";
    const duration = DURATION_MS[interval];
    const limit = Number(url.searchParams.get("limit") ?? "500");
    if (duration === undefined || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
      answer(400, { code: -1130, msg: "Invalid data sent for a parameter." });
      return;
    }
    const start = Number(url.searchParams.get("startTime") ?? "0");
    const end = Number(url.searchParams.get("endTime") ?? String(Number.MAX_SAFE_INTEGER));
    const now = this.options.clock.now();
    const rows = (series.get(interval) ?? [])
      .filter((kline) => kline.time >= start && kline.time <= end && kline.time <= now)
      .slice(0, limit)
      .map((kline) => [
        kline.time,
        decimal(kline.open),
        decimal(kline.high),
        decimal(kline.low),
        decimal(kline.close),
        decimal(kline.volume),
        kline.time + duration - 1,
        decimal(kline.close * kline.volume),
        Math.max(1, Math.round(kline.volume / 100)),
        decimal(kline.volume / 2),
        decimal((kline.close * kline.volume) / 2),
        "0",
      ]);
    answer(200, rows);
  }
}

/** Binance's decimal strings: eight places. */
function decimal(value: number): string {
  return value.toFixed(8);
}
