// Binance's klines endpoint (GET /api/v3/klines) as a BarHistorySource, so `scanwright fetch` and
// the daemon's warm-up work for crypto pairs. One symbol per request (the endpoint takes one);
// Binance has no page token: a page of `limit` klines is followed by asking again from the minute
// after its last kline, until a shorter page. `startTime` and `endTime` are both inclusive, so
// [from, to) is asked as [from, to − 1]; the kline still forming is left out. Klines are public market data: no key is sent. 429 (rate
// limit) and 418 (the IP banned for ignoring 429s) are waited out per `Retry-After`
// (http-json.ts). Binance's daily klines are UTC days, the CRYPTO calendar's default cut: a
// calendar cutting its days elsewhere gets a coded error rather than bars under the wrong date.
// Crypto has no splits: prices are what traded, whatever `adjustment` asks.

import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import type { Clock } from "../../../time/clock.js";
import { getPage } from "../../live/http-json.js";
import type { BarHistorySource, HistoryInterval, VendorBar } from "../../live/vendor-source.js";
import type { ExchangeDays } from "../../session-hours.js";
import { binanceSymbolOf, KLINES_MAX_LIMIT, klinesPageSchema } from "./binance-kline-message.js";

const DURATION_MS: Readonly<Record<HistoryInterval, number>> = { "1m": 60_000, "1d": 86_400_000 };

export interface BinanceHistoryOptions {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly days: Pick<ExchangeDays, "session" | "dateOf">;
  /** Klines per page (at most Binance's 1,000). */
  readonly pageLimit?: number;
}

export class BinanceHistory implements BarHistorySource {
  private readonly pageLimit: number;

  constructor(private readonly options: BinanceHistoryOptions) {
    this.pageLimit = Math.min(options.pageLimit ?? KLINES_MAX_LIMIT, KLINES_MAX_LIMIT);
  }

  async fetchBars(
    symbols: readonly string[],
    interval: HistoryInterval,
    fromTime: number,
    toTime: number,
  ): Promise<Map<string, VendorBar[]>> {
    const result = new Map<string, VendorBar[]>();
    for (const symbol of symbols) {
      const bars = await this.fetchSymbol(symbol, interval, fromTime, toTime);
      if (bars.length > 0) result.set(symbol, bars);
    }
    return result;
  }

  private async fetchSymbol(
    symbol: string,
    interval: HistoryInterval,
    fromTime: number,
    toTime: number,
  ): Promise<VendorBar[]> {
    const bars: VendorBar[] = [];
    const duration = DURATION_MS[interval];
    // A daily `fromTime` is a session's open: the UTC day's kline opens at it (checked below).
    for (let start = fromTime; start < toTime; ) {
      const url = new URL("/api/v3/klines", this.options.baseUrl);
      url.searchParams.set("symbol", binanceSymbolOf(symbol));
      url.searchParams.set("interval", interval);
      url.searchParams.set("startTime", String(start));
      url.searchParams.set("endTime", String(toTime - 1));
      url.searchParams.set("limit", String(this.pageLimit));
      const page = await getPage(url, klinesPageSchema, {
        clock: this.options.clock,
        logger: this.options.logger,
        vendor: "binance",
      });
      const now = this.options.clock.now();
      for (const [openTime, open, high, low, close, volume, closeTime] of page) {
        // Binance answers the kline still forming too: it is not a bar until it closes.
        if (openTime < start || openTime >= toTime || closeTime >= now) continue;
        if (interval === "1d") this.checkDailyCut(openTime);
        bars.push({ symbol, time: openTime, open, high, low, close, volume });
      }
      if (page.length < this.pageLimit) break;
      const next = page[page.length - 1][0] + duration;
      // Binance answers oldest first: a page that does not move forward would loop for ever.
      if (next <= start)
        throw new FeedError("protocol", "binance: a klines page did not move past its start");
      start = next;
    }
    return bars;
  }

  /** A daily kline opens at 00:00 UTC: it must be the calendar's session open of that date. */
  private checkDailyCut(openTime: number): void {
    const openAt = this.options.days.session(this.options.days.dateOf(openTime))?.openAt;
    if (openAt !== openTime) {
      throw new FeedError(
        "unavailable",
        `binance: daily klines are UTC days, but the calendar's session of ${new Date(openTime).toISOString().slice(0, 10)} does not open at 00:00 UTC (fetch 1m bars, or cut the days at 00:00 UTC)`,
      );
    }
  }
}
