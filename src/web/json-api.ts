// The dashboard's JSON API (GET only, read-only), the one the page uses and other tools may read:
//   /api/runs                      every run, oldest first
//   /api/runs/ID                   a run, its per-scanner summary and alert counts, its days and scanners
//   /api/runs/ID/rows?…            its rows; filters scanner, kind, status, symbol, from, to, hits=1, limit
//   /api/runs/ID/alerts?…          its alerts (the outbox); filters scanner, status, from, to
//   /api/runs/ID/scores            its stored forward-return scores (`evaluate`), or evaluated: false
//   /api/chart?symbol&interval&at  a symbol chart (bars, indicators, hit markers); run, scanner optional
// The live feed (/api/live, server-sent events) is in live-feed.ts. Bad parameters are a
// RequestError (400), unknown runs or symbols a 404.

import { RequestError } from "../core/errors.js";
import { parseDateKey } from "../core/new-york-time.js";
import { normalizeSymbol } from "../core/symbol.js";
import { ALERT_STATUSES, type AlertStatus } from "../scanners/alert-types.js";
import { alertRowJson, journalRowJson, runInfoJson } from "../scanners/journal-json-view.js";
import {
  JOURNAL_KINDS,
  JOURNAL_STATUSES,
  type JournalKind,
  type JournalQuery,
  type JournalRow,
  type JournalStatus,
} from "../scanners/journal-types.js";
import type { IndicatorRequest } from "../session/session-spec.js";
import { buildChartData, CHART_INTERVALS, type ChartData, isChartInterval } from "./chart-data.js";
import type { DashboardSources } from "./dashboard-sources.js";

/** Most rows one `/rows` answer holds unless `limit` says fewer. */
export const MAX_ROWS_PER_ANSWER = 5_000;

/** The JSON answer to `path` (without the `/api` prefix), or `undefined` for an unknown path. */
export function answerApi(sources: DashboardSources, path: string, query: URLSearchParams): unknown {
  if (path === "/runs")
    return { runs: sources.journal.runs().map((run) => runInfoJson(sources.calendar, run)) };
  if (path === "/chart") return chartAnswer(sources, query);
  const match = /^\/runs\/([^/]+)(?:\/(rows|alerts|scores))?$/.exec(path);
  if (!match) return undefined;
  const run = sources.requireRun(wholeNumber("run id", match[1]));
  if (match[2] === "rows") return rowsAnswer(sources, run.id, query);
  if (match[2] === "alerts") return alertsAnswer(sources, run.id, query);
  if (match[2] === "scores") return scoresJson(sources, run.id);
  return runAnswer(sources, run.id);
}

function runAnswer(sources: DashboardSources, runId: number) {
  const run = sources.requireRun(runId);
  const rows = sources.journal.query({ run: runId });
  const days = new Map<string, { date: string; rows: number; hits: number }>();
  for (const row of rows) {
    let day = days.get(row.sessionDate);
    if (!day) {
      day = { date: row.sessionDate, rows: 0, hits: 0 };
      days.set(row.sessionDate, day);
    }
    day.rows++;
    day.hits += row.symbols.length;
  }
  const summary = sources.journal.summary(runId);
  return {
    run: runInfoJson(sources.calendar, run),
    summary,
    days: [...days.values()],
    scanners: summary.map((entry) => entry.scanner),
    alerts: sources.journal.outbox.counts(runId),
  };
}

function alertsAnswer(sources: DashboardSources, runId: number, query: URLSearchParams) {
  // The rows' scanner and date filters; `status` is an alert's here, not a scan's.
  const rowQuery = new URLSearchParams(query);
  rowQuery.delete("status");
  const { scanner, from, to } = rowFilter(rowQuery);
  const status = query.get("status");
  if (status && !(ALERT_STATUSES as readonly string[]).includes(status)) {
    throw new RequestError(400, `status must be one of ${ALERT_STATUSES.join(", ")}, got "${status}"`);
  }
  const alerts = sources.journal.outbox.list({
    run: runId,
    ...(scanner === undefined ? {} : { scanner }),
    ...(status ? { status: status as AlertStatus } : {}),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  });
  return {
    total: alerts.length,
    alerts: alerts.slice(0, MAX_ROWS_PER_ANSWER).map((alert) => alertRowJson(sources.calendar, alert)),
  };
}

/** The run's scores over all its hits, per scanner and horizon; `evaluated: false` before `evaluate`. */
export function scoresJson(sources: DashboardSources, runId: number) {
  const report = sources.scores(runId);
  if (report === undefined) return { evaluated: false };
  return {
    evaluated: true,
    entryRule: report.entryRule,
    entryDescription: report.entryDescription,
    horizons: report.horizons,
    confidence: report.confidence,
    scanners: report.scanners,
    rows: report.rows,
  };
}

function rowsAnswer(sources: DashboardSources, runId: number, query: URLSearchParams) {
  const filter = rowFilter(query);
  const limit = query.has("limit") ? wholeNumber("limit", query.get("limit") ?? "") : MAX_ROWS_PER_ANSWER;
  const matching = sources.journal.query({ ...filter, run: runId });
  const all = query.get("hits") === "1" ? matching.filter((row) => row.symbols.length > 0) : matching;
  const rows = all.slice(0, Math.min(limit, MAX_ROWS_PER_ANSWER));
  return { total: all.length, rows: rows.map((row) => journalRowJson(sources.calendar, row)) };
}

function chartAnswer(sources: DashboardSources, query: URLSearchParams): ChartData {
  const store = sources.requireStore();
  const symbol = normalizeSymbol(required(query, "symbol"));
  const interval = query.get("interval") ?? "5m";
  if (!isChartInterval(interval)) {
    throw new RequestError(400, `interval must be one of ${CHART_INTERVALS.join(", ")}, got "${interval}"`);
  }
  const at = instant(required(query, "at"));
  const scanner = query.get("scanner") ?? undefined;
  let rows: JournalRow[] = [];
  const names = scanner === undefined ? [] : [scanner];
  let adhocIndicators: IndicatorRequest[] = [];
  if (query.has("run")) {
    const run = sources.requireRun(wholeNumber("run", query.get("run") ?? ""));
    rows = sources.journal.query({ run: run.id, symbol, ...(scanner === undefined ? {} : { scanner }) });
    adhocIndicators = sources.adhocIndicators(run.id, names);
  }
  const scanners = sources.scannerSpecs(names);
  return buildChartData(store, sources.calendar, { symbol, interval, at, scanners, adhocIndicators, rows });
}

/** The row filters of a query string, checked. */
export function rowFilter(query: URLSearchParams): Omit<JournalQuery, "run" | "limit"> {
  const filter: { -readonly [K in keyof JournalQuery]?: JournalQuery[K] } = {};
  const scanner = query.get("scanner");
  if (scanner) filter.scanner = scanner;
  const kind = query.get("kind");
  if (kind) {
    if (!(JOURNAL_KINDS as readonly string[]).includes(kind)) {
      throw new RequestError(400, `kind must be one of ${JOURNAL_KINDS.join(", ")}, got "${kind}"`);
    }
    filter.kind = kind as JournalKind;
  }
  const status = query.get("status");
  if (status) {
    if (!(JOURNAL_STATUSES as readonly string[]).includes(status)) {
      throw new RequestError(400, `status must be one of ${JOURNAL_STATUSES.join(", ")}, got "${status}"`);
    }
    filter.status = status as JournalStatus;
  }
  const symbol = query.get("symbol");
  if (symbol) filter.symbol = normalizeSymbol(symbol);
  for (const bound of ["from", "to"] as const) {
    const date = query.get(bound);
    if (!date) continue;
    if (parseDateKey(date) === undefined)
      throw new RequestError(400, `${bound} must be a date YYYY-MM-DD, got "${date}"`);
    filter[bound] = date;
  }
  return filter;
}

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value.trim() === "")
    throw new RequestError(400, `The parameter "${name}" is missing`);
  return value.trim();
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new RequestError(400, `${name} must be a whole number >= 1, got "${text}"`);
  }
  return value;
}

/** An ISO instant with an offset (`2024-12-30T10:00:00-05:00`) or epoch ms. */
function instant(text: string): number {
  const value = /^\d+$/.test(text)
    ? Number(text)
    : /[zZ]|[+-]\d\d:\d\d$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new RequestError(400, `at must be an ISO time with an offset or epoch ms, got "${text}"`);
  }
  return value;
}
