// The data of one symbol chart (the symbol view and the report): the symbol's bars on 1m, 5m or 1d
// around an instant, the scanners' indicators on that interval computed over them (those the config
// declares and those their setup added, as its journal row records), and a marker per journal hit of the symbol inside the window. Bars come from the bar store (5m is
// aggregated from 1m when the store has no 5m series); indicators are warmed on the bars before the
// window, so their first drawn value is the one a session would have had.
//
// Chart times are the exchange's wall time written as UTC seconds (`chartTime`), because the chart
// library draws its axis in UTC: a bar at 09:30 New York shows as 09:30.

import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { RequestError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { aggregateBars } from "../data/aggregate.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import type { Indicator } from "../indicators/indicator.js";
import { resolveIndicatorSpec } from "../indicators/indicator-spec.js";
import { defaultIndicatorRegistry } from "../indicators/registry.js";
import type { JournalRow } from "../scanners/journal-types.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import type { IndicatorRequest } from "../session/session-spec.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

export const CHART_INTERVALS = ["1m", "5m", "1d"] as const;
export type ChartInterval = (typeof CHART_INTERVALS)[number];

/** Sessions of daily bars shown before and after the hit's day. */
export const DAILY_SESSIONS_BEFORE = 120;
export const DAILY_SESSIONS_AFTER = 20;
/** At most this many bars before the window feed an indicator's warm-up. */
const MAX_WARMUP_BARS = 2_000;
/** Indicators drawn over the candles; the others get a pane of their own. */
const PRICE_OVERLAYS: ReadonlySet<string> = new Set(["sma", "ema", "wma", "bbands", "vwap", "high_low"]);

/** `[chartTime, open, high, low, close, volume]`. */
export type ChartBar = [number, number, number, number, number, number];

export interface ChartLine {
  /** `sma_20_5m`, or `bbands_20_2_5m.upper` for one output of a multi-output indicator. */
  readonly name: string;
  /** `price` (over the candles) or `own` (a pane below). */
  readonly pane: "price" | "own";
  /** `[chartTime, value]` for every window bar with a value. */
  readonly points: Array<[number, number]>;
}

export interface ChartMarker {
  /** The bar the marker sits on. */
  readonly chartTime: number;
  readonly scanner: string;
  readonly kind: string;
  /** The slot, ISO with the exchange's offset. */
  readonly at: string;
}

export interface ChartData {
  readonly symbol: string;
  readonly interval: ChartInterval;
  /** The session day the window is built around. */
  readonly date: string;
  readonly bars: ChartBar[];
  readonly lines: ChartLine[];
  readonly markers: ChartMarker[];
  /** Declared indicators not drawn because they are on another interval (`rsi_14_1d`). */
  readonly otherIntervals: string[];
}

export interface ChartRequest {
  readonly symbol: string;
  readonly interval: ChartInterval;
  /** The instant the window is built around (a hit's slot). */
  readonly at: number;
  /** The scanners whose declared indicators are drawn. */
  readonly scanners: readonly ScannerSpec[];
  /** Indicators the scanners' setups added themselves (adhoc), drawn as well. */
  readonly adhocIndicators?: readonly IndicatorRequest[];
  /** Rows that may hold hits of the symbol; those inside the window become markers. */
  readonly rows: readonly JournalRow[];
}

/** Whether `text` is one of the chart intervals. */
export function isChartInterval(text: string): text is ChartInterval {
  return (CHART_INTERVALS as readonly string[]).includes(text);
}

/** Builds the chart of `request.symbol` from the store. */
export function buildChartData(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  request: ChartRequest,
): ChartData {
  const { symbol, interval } = request;
  const date = sessionDateAround(calendar, request.at);
  const { from, to } = chartWindow(calendar, interval, date);
  const indicators = drawableIndicators([
    ...request.scanners.flatMap((scanner) => scanner.indicators),
    ...(request.adhocIndicators ?? []),
  ]);
  const drawn = indicators.filter((spec) => spec.interval === interval);
  const warmup = Math.min(MAX_WARMUP_BARS, Math.max(0, ...drawn.map((spec) => spec.stableBars)));
  const history = readChartBars(store, calendar, symbol, interval, from, to, warmup);
  const firstShown = history.length - countFrom(history, from);
  const bars: ChartBar[] = [];
  for (let i = firstShown; i < history.length; i++) {
    bars.push([
      chartTime(calendar, history.time[i]),
      history.open[i],
      history.high[i],
      history.low[i],
      history.close[i],
      history.volume[i],
    ]);
  }
  const lines = drawn.flatMap((spec) => indicatorLines(calendar, spec, history, firstShown));
  const durationMs = parseInterval(interval).durationMs ?? 0;
  const markers = hitMarkers(
    calendar,
    request.rows,
    symbol,
    interval,
    durationMs,
    history,
    firstShown,
    from,
    to,
  );
  const otherIntervals = [
    ...new Set(indicators.filter((spec) => spec.interval !== interval).map((s) => s.key)),
  ];
  return { symbol, interval, date, bars, lines, markers, otherIntervals };
}

/** The exchange's wall time of `time` as UTC seconds, the chart's time axis. */
export function chartTime(calendar: ExchangeCalendar, time: number): number {
  return Math.round((time + calendar.offsetAt(time)) / 1000);
}

/** The trading day an instant belongs to: its own, else the last one that closed before it. */
function sessionDateAround(calendar: ExchangeCalendar, at: number): string {
  const date = calendar.dateOf(at);
  if (calendar.isTradingDay(date)) return date;
  return calendar.lastCompletedSessionBefore(at).date;
}

/** [from, to) of the bars shown: the day's extended session intraday, sessions around it daily. */
function chartWindow(calendar: ExchangeCalendar, interval: ChartInterval, date: string) {
  const session = calendar.requireSession(date);
  if (interval !== "1d") return { from: session.preMarketAt, to: session.postMarketAt };
  const first = calendar.requireSession(calendar.previousTradingDay(date, DAILY_SESSIONS_BEFORE));
  const last = calendar.requireSession(calendar.nextTradingDay(date, DAILY_SESSIONS_AFTER));
  return { from: first.preMarketAt, to: last.postMarketAt };
}

interface DrawnSpec {
  readonly key: string;
  readonly type: string;
  readonly interval: string;
  readonly stableBars: number;
  readonly create: () => Indicator;
}

/** The requested indicators, once per key; a request the default registry cannot resolve (a plugin's own indicator) is left out. */
function drawableIndicators(requests: readonly IndicatorRequest[]): DrawnSpec[] {
  const registry = defaultIndicatorRegistry();
  const byKey = new Map<string, DrawnSpec>();
  for (const request of requests) {
    if (!registry.has(request.type)) continue;
    const resolved = resolveIndicatorSpec(registry, request.type, request);
    if (byKey.has(resolved.key)) continue;
    const create = () => resolved.definition.create(resolved.params);
    byKey.set(resolved.key, {
      key: resolved.key,
      type: resolved.definition.name,
      interval: resolved.interval,
      stableBars: create().stableBars,
      create,
    });
  }
  return [...byKey.values()];
}

/** The window's bars of `interval` with up to `warmup` bars before it. */
function readChartBars(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  symbol: string,
  interval: ChartInterval,
  from: number,
  to: number,
  warmup: number,
): BarColumns {
  if (!store.hasSymbol(symbol)) throw new RequestError(404, `The bar store has no bars of "${symbol}"`);
  if (interval === "5m" && store.coverage(symbol, "5m") === undefined) {
    const before = store.readLastBars(symbol, "1m", from, warmup * 5);
    const window = store.readBars(symbol, "1m", from, to);
    return aggregateBars(concatBars(before, window), "1m", "5m", calendar);
  }
  const before = store.readLastBars(symbol, interval, from, warmup);
  return concatBars(before, store.readBars(symbol, interval, from, to));
}

function concatBars(a: BarColumns, b: BarColumns): BarColumns {
  const all = allocateBarColumns(a.length + b.length);
  for (const column of ["time", "open", "high", "low", "close", "volume"] as const) {
    all[column].set(a[column].subarray(0, a.length), 0);
    all[column].set(b[column].subarray(0, b.length), a.length);
  }
  return all;
}

/** Bars at or after `from`. */
function countFrom(bars: BarColumns, from: number): number {
  let count = 0;
  for (let i = bars.length - 1; i >= 0 && bars.time[i] >= from; i--) count++;
  return count;
}

function indicatorLines(
  calendar: ExchangeCalendar,
  spec: DrawnSpec,
  bars: BarColumns,
  firstShown: number,
): ChartLine[] {
  const indicator = spec.create();
  const pane = PRICE_OVERLAYS.has(spec.type) ? "price" : "own";
  const byName = new Map<string, Array<[number, number]>>();
  for (let i = 0; i < bars.length; i++) {
    const value = indicator.update({
      time: bars.time[i],
      open: bars.open[i],
      high: bars.high[i],
      low: bars.low[i],
      close: bars.close[i],
      volume: bars.volume[i],
    });
    if (i < firstShown || value === null) continue;
    const at = chartTime(calendar, bars.time[i]);
    const outputs =
      typeof value === "number"
        ? [[spec.key, value] as const]
        : Object.entries(value).map(([field, v]) => [`${spec.key}.${field}`, v] as const);
    for (const [name, v] of outputs) {
      if (!Number.isFinite(v)) continue;
      let points = byName.get(name);
      if (!points) {
        points = [];
        byName.set(name, points);
      }
      points.push([at, v]);
    }
  }
  return [...byName].map(([name, points]) => ({ name, pane, points }));
}

/**
 * One marker per row that has the symbol among its hits and whose slot lies in the window: on the
 * last bar that had ended by the slot (what the scan saw), or for daily bars on the slot's day.
 */
function hitMarkers(
  calendar: ExchangeCalendar,
  rows: readonly JournalRow[],
  symbol: string,
  interval: ChartInterval,
  durationMs: number,
  bars: BarColumns,
  firstShown: number,
  from: number,
  to: number,
): ChartMarker[] {
  const markers: ChartMarker[] = [];
  if (bars.length === firstShown) return markers;
  for (const row of rows) {
    if (row.scheduledAt < from || row.scheduledAt >= to || !row.symbols.includes(symbol)) continue;
    let index: number;
    if (interval === "1d") {
      const open = calendar.requireSession(row.sessionDate).openAt;
      index = lastIndexAtOrBefore(bars, open, firstShown);
    } else {
      index = lastIndexAtOrBefore(bars, row.scheduledAt - durationMs, firstShown);
    }
    markers.push({
      chartTime: chartTime(calendar, bars.time[index]),
      scanner: row.scanner,
      kind: row.kind,
      at: calendar.formatInstant(row.scheduledAt),
    });
  }
  return markers;
}

/** The last shown bar starting at or before `time`, else the first shown bar. */
function lastIndexAtOrBefore(bars: BarColumns, time: number, firstShown: number): number {
  let index = firstShown;
  for (let i = firstShown; i < bars.length && bars.time[i] <= time; i++) index = i;
  return index;
}
