// Downloads a vendor's history into the store (`scanwright fetch`): 1m and 1d bars of symbols over
// a range of dates. Resumable: a trading day the store already holds bars of is not asked for
// again (coverage by index probes, `BarStorePort.hasBars`), so a second run fetches only what is
// missing. Each request covers a few consecutive missing days of one symbol and is written in one
// transaction, so an interrupted run leaves whole days. Validation is the CSV import's own: the
// vendor's bars go through the same parser (`parseBarsCsv`, with the exchange's days), and a bad
// bar is reported with its time and not stored.

import type { ImportProblem } from "../../core/errors.js";
import type { BarStorePort } from "../bar-store-port.js";
import { parseBarsCsv } from "../csv-parse.js";
import type { ExchangeDays } from "../session-hours.js";
import type { BarHistorySource, HistoryInterval, VendorBar } from "./vendor-source.js";

export interface DownloadRequest {
  readonly symbols: readonly string[];
  readonly intervals: readonly HistoryInterval[];
  /** First and last date (`YYYY-MM-DD`, both included). */
  readonly from: string;
  readonly to: string;
  /** Trading days and hours: what is asked for, and what validation accepts. */
  readonly days: ExchangeDays;
  /** Called after each request: requests done, requests in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DownloadReport {
  readonly symbol: string;
  readonly interval: HistoryInterval;
  /** Trading days asked of the vendor (the store lacked them). */
  readonly daysFetched: number;
  /** Trading days the store held already (not asked for). */
  readonly daysStored: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
  /** Bars the vendor sent that validation refused, by time. */
  readonly refused: readonly string[];
}

/** Consecutive trading days asked for in one request, per interval. */
const DAYS_PER_REQUEST: Readonly<Record<HistoryInterval, number>> = { "1m": 10, "1d": 2_000 };

export async function downloadHistory(
  store: BarStorePort,
  source: BarHistorySource,
  request: DownloadRequest,
): Promise<DownloadReport[]> {
  const tradingDays = tradingDaysBetween(request.days, request.from, request.to);
  const plans: Array<{ symbol: string; interval: HistoryInterval; spans: string[][]; stored: number }> = [];
  for (const symbol of request.symbols) {
    for (const interval of request.intervals) {
      const missing = tradingDays.filter((date) => !holdsDay(store, request.days, symbol, interval, date));
      plans.push({
        symbol,
        interval,
        spans: chunk(missing, tradingDays, DAYS_PER_REQUEST[interval]),
        stored: tradingDays.length - missing.length,
      });
    }
  }
  const total = plans.reduce((sum, plan) => sum + plan.spans.length, 0);
  let done = 0;
  request.onProgress?.(done, total);
  const reports: DownloadReport[] = [];
  for (const plan of plans) {
    const totals = { inserted: 0, unchanged: 0, replaced: 0 };
    const refused: string[] = [];
    for (const span of plan.spans) {
      const [fromTime, toTime] = spanTimes(request.days, plan.interval, span);
      const bars =
        (await source.fetchBars([plan.symbol], plan.interval, fromTime, toTime)).get(plan.symbol) ?? [];
      const checked = validate(bars, plan, request.days);
      refused.push(...checked.refused);
      const written = store.insertBars(plan.symbol, plan.interval, checked.bars);
      totals.inserted += written.inserted;
      totals.unchanged += written.unchanged;
      totals.replaced += written.replaced;
      request.onProgress?.(++done, total);
    }
    reports.push({
      symbol: plan.symbol,
      interval: plan.interval,
      daysFetched: plan.spans.reduce((sum, span) => sum + span.length, 0),
      daysStored: plan.stored,
      ...totals,
      refused,
    });
  }
  return reports;
}

/** Whether the store holds a bar of the day: in its extended hours (1m), at its open (1d). */
function holdsDay(
  store: BarStorePort,
  days: ExchangeDays,
  symbol: string,
  interval: HistoryInterval,
  date: string,
): boolean {
  const session = days.session(date)!;
  return interval === "1m"
    ? store.hasBars(symbol, interval, session.preMarketAt, session.postMarketAt)
    : store.hasBars(symbol, interval, session.openAt, session.openAt + 1);
}

/** [from, to) of a run of trading days: their extended hours (1m), their opens (1d). */
function spanTimes(days: ExchangeDays, interval: HistoryInterval, span: readonly string[]): [number, number] {
  const first = days.session(span[0])!;
  const last = days.session(span[span.length - 1])!;
  return interval === "1m" ? [first.preMarketAt, last.postMarketAt] : [first.openAt, last.openAt + 1];
}

/** The vendor's bars through the CSV import's parser: the good ones as columns, the bad by time. */
function validate(
  bars: readonly VendorBar[],
  plan: { readonly symbol: string; readonly interval: HistoryInterval },
  days: ExchangeDays,
) {
  const lines = [
    plan.interval === "1m" ? "timestamp,open,high,low,close,volume" : "date,open,high,low,close,volume",
  ];
  for (const bar of bars) {
    const time = plan.interval === "1m" ? new Date(bar.time).toISOString() : days.dateOf(bar.time);
    lines.push(`${time},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`);
  }
  const parsed = parseBarsCsv(`${lines.join("\n")}\n`, {
    interval: plan.interval,
    source: `${plan.symbol} ${plan.interval} from the vendor`,
    days,
  });
  const refused = parsed.problems.map((problem: ImportProblem) => {
    const bar = bars[problem.line - 2];
    const when = bar === undefined ? `row ${problem.line - 1}` : new Date(bar.time).toISOString();
    return `${plan.symbol} ${plan.interval} ${when}: ${problem.reason}`;
  });
  return { bars: parsed.bars, refused };
}

function tradingDaysBetween(days: ExchangeDays, from: string, to: string): string[] {
  const dates: string[] = [];
  for (let time = Date.parse(`${from}T12:00:00Z`); ; time += 86_400_000) {
    const date = new Date(time).toISOString().slice(0, 10);
    if (date > to) break;
    if (days.isTradingDay(date)) dates.push(date);
  }
  return dates;
}

/** Splits the missing days into runs of at most `size` consecutive trading days (a stored day breaks a run). */
function chunk(missing: readonly string[], tradingDays: readonly string[], size: number): string[][] {
  const spans: string[][] = [];
  let previous = -2;
  for (const date of missing) {
    const index = tradingDays.indexOf(date);
    const last = spans[spans.length - 1];
    if (last !== undefined && last.length < size && index === previous + 1) last.push(date);
    else spans.push([date]);
    previous = index;
  }
  return spans;
}
