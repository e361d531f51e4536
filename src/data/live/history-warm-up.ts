// The daemon's warm-up from a vendor's REST history (BarFeed.prepareHistory), shared by every live
// feed that has one (LiveBarFeed for the stock vendors, BinanceKlineFeed for crypto): the trading
// days of each window the store has no bars of are fetched (1d bars for day and week windows, 1m
// for the others), validated as `fetch` does, and stored, so the provisioning that follows reads
// them from the store like any history.

import { parseInterval } from "../../core/interval.js";
import type { Logger } from "../../core/logger.js";
import type { BarStorePort } from "../bar-store-port.js";
import type { ExchangeDays } from "../session-hours.js";
import { downloadHistory } from "./history-download.js";
import type { BarHistorySource, HistoryInterval } from "./vendor-source.js";

export interface HistoryWindow {
  readonly interval: string;
  readonly firstDate: string;
  readonly lastDate: string;
}

export interface WarmUpSource {
  /** For log lines (`binance`). */
  readonly vendor: string;
  readonly history: BarHistorySource;
  readonly store: BarStorePort;
  readonly days: ExchangeDays;
  readonly logger: Logger;
}

export async function warmUpHistory(
  source: WarmUpSource,
  symbol: string,
  windows: readonly HistoryWindow[],
): Promise<void> {
  for (const window of windows) {
    const unit = parseInterval(window.interval).unit;
    const interval: HistoryInterval = unit === "d" || unit === "w" ? "1d" : "1m";
    const [report] = await downloadHistory(source.store, source.history, {
      symbols: [symbol],
      intervals: [interval],
      from: window.firstDate,
      to: window.lastDate,
      days: source.days,
    });
    if (report.daysFetched > 0) {
      source.logger.info(`${source.vendor} feed: history fetched into the store`, {
        symbol,
        interval,
        days: report.daysFetched,
        bars: report.inserted,
      });
    }
    for (const refused of report.refused) source.logger.warn(`${source.vendor} feed: refused ${refused}`);
  }
}
