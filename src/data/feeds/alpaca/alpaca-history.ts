// Alpaca's historical bars endpoint (/v2/stocks/bars) as a BarHistorySource: symbols in one
// request, pages followed by `page_token`, the data feed and the adjustment asked for, 429s waited
// out (http-json.ts). Daily bars come stamped at midnight New York and are moved to the session's
// open, the store's daily key.

import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import type { Clock } from "../../../time/clock.js";
import { getPage } from "../../live/http-json.js";
import type { BarHistorySource, HistoryInterval, VendorBar } from "../../live/vendor-source.js";
import type { ExchangeDays } from "../../session-hours.js";
import { barsPageSchema } from "./alpaca-messages.js";

const HALF_DAY_MS = 12 * 3_600_000;

export interface AlpacaHistoryOptions {
  readonly baseUrl: string;
  /** `delayed_sip` streams are SIP data: history is asked for from `sip`. */
  readonly dataFeed: "iex" | "sip" | "delayed_sip";
  readonly adjustment: "raw" | "split";
  readonly key: string;
  readonly secret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly days: Pick<ExchangeDays, "session" | "dateOf">;
  /** Bars per page (Alpaca's maximum is 10,000). */
  readonly pageLimit?: number;
}

export class AlpacaHistory implements BarHistorySource {
  constructor(private readonly options: AlpacaHistoryOptions) {}

  async fetchBars(
    symbols: readonly string[],
    interval: HistoryInterval,
    fromTime: number,
    toTime: number,
  ): Promise<Map<string, VendorBar[]>> {
    const result = new Map<string, VendorBar[]>();
    if (symbols.length === 0 || toTime <= fromTime) return result;
    let pageToken: string | undefined;
    const seenTokens = new Set<string>();
    do {
      const url = new URL("/v2/stocks/bars", this.options.baseUrl);
      url.searchParams.set("symbols", symbols.join(","));
      url.searchParams.set("timeframe", interval === "1m" ? "1Min" : "1Day");
      // Daily bars are stamped at midnight, before the open a daily `fromTime` names: start at the date.
      url.searchParams.set(
        "start",
        new Date(interval === "1m" ? fromTime : fromTime - HALF_DAY_MS).toISOString(),
      );
      // Alpaca's `end` includes a bar starting at it: one ms earlier keeps [from, to).
      url.searchParams.set("end", new Date(toTime - 1).toISOString());
      url.searchParams.set("limit", String(this.options.pageLimit ?? 10_000));
      url.searchParams.set("adjustment", this.options.adjustment);
      url.searchParams.set("feed", this.options.dataFeed === "iex" ? "iex" : "sip");
      url.searchParams.set("sort", "asc");
      if (pageToken !== undefined) url.searchParams.set("page_token", pageToken);
      const page = await getPage(url, barsPageSchema, {
        headers: { "APCA-API-KEY-ID": this.options.key, "APCA-API-SECRET-KEY": this.options.secret },
        clock: this.options.clock,
        logger: this.options.logger,
        vendor: "alpaca",
      });
      for (const [symbol, bars] of Object.entries(page.bars ?? {})) {
        const list = result.get(symbol) ?? [];
        for (const bar of bars) {
          const time = interval === "1m" ? Date.parse(bar.t) : this.dailyTime(Date.parse(bar.t));
          if (time === undefined || time < fromTime || time >= toTime) continue;
          list.push({ symbol, time, open: bar.o, high: bar.h, low: bar.l, close: bar.c, volume: bar.v });
        }
        result.set(symbol, list);
      }
      pageToken = page.next_page_token ?? undefined;
      if (pageToken !== undefined) {
        if (seenTokens.has(pageToken))
          throw new FeedError("protocol", "alpaca: a page token came back twice");
        seenTokens.add(pageToken);
      }
    } while (pageToken !== undefined);
    return result;
  }

  /** A daily bar's stamp (midnight New York) → its session's open; undefined on a day without one. */
  private dailyTime(stamp: number): number | undefined {
    return this.options.days.session(this.options.days.dateOf(stamp))?.openAt;
  }
}
