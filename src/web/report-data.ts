// The figures of `scanwright report`: a run's config and hash, per-scanner summary (the same query
// as `scanwright results`), its alerts per scanner, its stored forward-return scores (when it was
// evaluated), hits per day, top symbols, a hit-time histogram (exchange time) and the charts of a
// sample of hits. Large runs are sampled: at most `maxCharts` hits are charted, evenly spaced in
// slot order, and the report says so.

import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { hashConfig } from "../runtime/backtest-runner.js";
import type { AlertCounts } from "../scanners/alert-types.js";
import { journalRowJson, runInfoJson } from "../scanners/journal-json-view.js";
import { SCAN_KINDS, type ScannerSummary, type SymbolCount } from "../scanners/journal-types.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import { buildChartData, type ChartData, type ChartInterval } from "./chart-data.js";
import type { DashboardSources } from "./dashboard-sources.js";
import { scoresJson } from "./json-api.js";

export const DEFAULT_REPORT_CHARTS = 24;
export const REPORT_TOP_SYMBOLS = 20;
/** Width of a bar of the hit-time histogram, minutes. */
export const HIT_TIME_BUCKET_MINUTES = 30;

export interface ReportOptions {
  readonly runId: number;
  readonly maxCharts: number;
  /** The chart interval of every sampled hit; by default 1d for scanners whose indicators are all daily, else 5m. */
  readonly interval?: ChartInterval;
  /** The text of the config file given (`sources.loaded`), shown in the report. */
  readonly configText?: string;
}

export interface ReportData {
  readonly run: ReturnType<typeof runInfoJson>;
  readonly config: {
    readonly file: string | null;
    readonly text: string | null;
    /** The run's config hash, and whether the given config still hashes to it (`null`: no config given). */
    readonly hash: string;
    readonly matches: boolean | null;
  };
  readonly summary: ScannerSummary[];
  readonly alerts: AlertCounts[];
  readonly scores: ReturnType<typeof scoresJson>;
  readonly hitsPerDay: {
    readonly dates: string[];
    readonly scanners: Array<{ scanner: string; hits: number[] }>;
  };
  readonly topSymbols: SymbolCount[];
  readonly hitTimes: {
    readonly bucketMinutes: number;
    readonly buckets: Array<{ time: string; hits: number }>;
  };
  /** `hits` scan hits; `groups` distinct (scanner, symbol, day) of them, `charted` of which have a chart. */
  readonly sampling: {
    readonly hits: number;
    readonly groups: number;
    readonly charted: number;
    readonly rule: string;
  };
  readonly charts: Array<{
    readonly hit: ReturnType<typeof journalRowJson>;
    readonly symbol: string;
    readonly chart: ChartData;
  }>;
}

export function buildReportData(sources: DashboardSources, options: ReportOptions): ReportData {
  const run = sources.requireRun(options.runId);
  const rows = sources.journal.query({ run: run.id });
  const summary = sources.journal.summary(run.id);
  const calendar = sources.calendar;

  const dates = [...new Set(rows.map((row) => row.sessionDate))];
  const scannerNames = summary.map((entry) => entry.scanner);
  const perDay = new Map(scannerNames.map((name) => [name, dates.map(() => 0)]));
  const symbolCounts = new Map<string, number>();
  const buckets = new Map<number, number>();
  // A chart shows every hit of its scanner and symbol that day, so one chart per (scanner, symbol, day).
  const hits: Array<{ rowIndex: number; symbol: string }> = [];
  const charted = new Set<string>();
  let hitCount = 0;
  rows.forEach((row, rowIndex) => {
    if (row.symbols.length === 0) return;
    const day = perDay.get(row.scanner);
    if (day) day[dates.indexOf(row.sessionDate)] += row.symbols.length;
    for (const symbol of row.symbols) {
      symbolCounts.set(symbol, (symbolCounts.get(symbol) ?? 0) + 1);
      if (!SCAN_KINDS.includes(row.kind)) continue;
      hitCount++;
      const key = `${row.scanner}|${symbol}|${row.sessionDate}`;
      if (charted.has(key)) continue;
      charted.add(key);
      hits.push({ rowIndex, symbol });
    }
    const minute = localMinuteOfDay(calendar, row.scheduledAt);
    const bucket = minute - (minute % HIT_TIME_BUCKET_MINUTES);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + row.symbols.length);
  });

  const sampled = sampleEvenly(hits.length, options.maxCharts);
  const charts: ReportData["charts"] = [];
  if (sources.store) {
    for (const index of sampled) {
      const { rowIndex, symbol } = hits[index];
      const row = rows[rowIndex];
      const scanners = sources.scannerSpecs([row.scanner]);
      const interval = options.interval ?? defaultInterval(scanners.flatMap((spec) => spec.indicators));
      const related = rows.filter((other) => other.scanner === row.scanner);
      const chart = buildChartData(sources.store, calendar, {
        symbol,
        interval,
        at: row.scheduledAt,
        scanners,
        adhocIndicators: sources.adhocIndicators(run.id, [row.scanner]),
        rows: related,
      });
      charts.push({ hit: journalRowJson(calendar, row), symbol, chart });
    }
  }

  return {
    run: runInfoJson(calendar, run),
    config: configOf(sources.loaded, options.configText, run.configHash),
    summary,
    alerts: sources.journal.outbox.counts(run.id),
    scores: scoresJson(sources, run.id),
    hitsPerDay: {
      dates,
      scanners: scannerNames.map((scanner) => ({ scanner, hits: perDay.get(scanner) ?? [] })),
    },
    topSymbols: [...symbolCounts]
      .map(([symbol, count]) => ({ symbol, count }))
      .sort((a, b) => b.count - a.count || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .slice(0, REPORT_TOP_SYMBOLS),
    hitTimes: {
      bucketMinutes: HIT_TIME_BUCKET_MINUTES,
      buckets: [...buckets]
        .sort(([a], [b]) => a - b)
        .map(([minute, count]) => ({ time: clockText(minute), hits: count })),
    },
    sampling: {
      hits: hitCount,
      groups: hits.length,
      charted: charts.length,
      rule: samplingRule(hitCount, hits.length, sampled, charts.length, sources.store !== undefined),
    },
    charts,
  };
}

/** `count` indices of `total`, evenly spaced from the first (all of them when `total <= count`). */
export function sampleEvenly(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
}

function samplingRule(
  hits: number,
  groups: number,
  sampled: readonly number[],
  charted: number,
  hasStore: boolean,
): string {
  const what = `${hits} hits on ${groups} distinct (scanner, symbol, day)`;
  if (!hasStore) return `${what}: none is charted, no bar store was open.`;
  if (charted === groups) return `${what}: each has a chart, with every hit of that day marked.`;
  const step = Math.round(groups / sampled.length);
  return (
    `${what}: ${charted} are charted (every hit of that day marked), evenly spaced in slot order ` +
    `(about one in ${step}, from the first); pass --charts N to chart more.`
  );
}

/** 1d for a scanner whose declared indicators are all daily, else 5m. */
function defaultInterval(indicators: ReadonlyArray<{ readonly interval: string }>): ChartInterval {
  return indicators.length > 0 && indicators.every((request) => request.interval === "1d") ? "1d" : "5m";
}

function configOf(
  loaded: LoadedSessionConfig | undefined,
  text: string | undefined,
  runHash: string,
): ReportData["config"] {
  if (!loaded) return { file: null, text: null, hash: runHash, matches: null };
  return {
    file: loaded.file,
    text: text ?? null,
    hash: runHash,
    matches: hashConfig(loaded.config) === runHash,
  };
}

/** Minutes after the exchange's local midnight. */
function localMinuteOfDay(calendar: ExchangeCalendar, time: number): number {
  const dayMs = 86_400_000;
  const local = time + calendar.offsetAt(time);
  return Math.floor((((local % dayMs) + dayMs) % dayMs) / 60_000);
}

function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
