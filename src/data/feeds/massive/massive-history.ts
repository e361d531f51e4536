// Massive's aggregates endpoint (/v2/aggs/ticker/{t}/range/1/{minute|day}/{from}/{to}) as a
// BarHistorySource: one ticker per request, pages followed by `next_url` (the key added again:
// Massive's next_url carries no credential), adjusted or raw as asked, 429s waited out
// (http-json.ts, which keeps the key out of every message). Day bars come stamped at midnight New
// York and are moved to the session's open, the store's daily key.

import type { z } from "zod";
import { FeedError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";
import type { Clock } from "../../../time/clock.js";
import { getPage } from "../../live/http-json.js";
import type { BarHistorySource, HistoryInterval, VendorBar } from "../../live/vendor-source.js";
import type { ExchangeDays } from "../../session-hours.js";
import { aggregatesPageSchema } from "./massive-messages.js";

const HALF_DAY_MS = 12 * 3_600_000;
const MAX_PAGES = 10_000;

export interface MassiveHistoryOptions {
  readonly baseUrl: string;
  readonly adjustment: "raw" | "split";
  readonly key: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly days: Pick<ExchangeDays, "session" | "dateOf">;
  /** Bars per page (Massive's maximum is 50,000). */
  readonly pageLimit?: number;
}

export class MassiveHistory implements BarHistorySource {
  constructor(private readonly options: MassiveHistoryOptions) {}

  async fetchBars(
    symbols: readonly string[],
    interval: HistoryInterval,
    fromTime: number,
    toTime: number,
  ): Promise<Map<string, VendorBar[]>> {
    const result = new Map<string, VendorBar[]>();
    if (toTime <= fromTime) return result;
    for (const symbol of symbols) {
      const list: VendorBar[] = [];
      const from = interval === "1m" ? fromTime : fromTime - HALF_DAY_MS;
      let url: URL | undefined = new URL(
        `/v2/aggs/ticker/${encodeURIComponent(symbol)}/range/1/${interval === "1m" ? "minute" : "day"}/${from}/${toTime - 1}`,
        this.options.baseUrl,
      );
      url.searchParams.set("adjusted", this.options.adjustment === "split" ? "true" : "false");
      url.searchParams.set("sort", "asc");
      url.searchParams.set("limit", String(this.options.pageLimit ?? 50_000));
      for (let page = 0; url !== undefined; page++) {
        if (page >= MAX_PAGES) throw new FeedError("protocol", "massive: more pages than any range can have");
        url.searchParams.set("apiKey", this.options.key);
        const parsed: z.output<typeof aggregatesPageSchema> = await getPage(url, aggregatesPageSchema, {
          clock: this.options.clock,
          logger: this.options.logger,
          vendor: "massive",
          secretParams: ["apiKey"],
        });
        for (const bar of parsed.results) {
          const time =
            interval === "1m" ? bar.t : this.options.days.session(this.options.days.dateOf(bar.t))?.openAt;
          if (time === undefined || time < fromTime || time >= toTime) continue;
          list.push({ symbol, time, open: bar.o, high: bar.h, low: bar.l, close: bar.c, volume: bar.v });
        }
        url = parsed.next_url === undefined ? undefined : new URL(parsed.next_url);
      }
      if (list.length > 0) result.set(symbol, list);
    }
    return result;
  }
}
