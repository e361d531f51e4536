// The journal's rows and runs as JSON objects for readers (`scanwright results --json`, the web
// API of `scanwright serve`): times as ISO text with the offset of the calendar given (the run's
// exchange's), everything else as read.

import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { AlertRow } from "./alert-types.js";
import type { JournalRow, RunInfo } from "./journal-types.js";

/** One row in full, times as ISO text with the exchange's offset. */
export function journalRowJson(calendar: ExchangeCalendar, row: JournalRow) {
  return {
    run: row.run,
    sessionDate: row.sessionDate,
    scheduledAt: calendar.formatInstant(row.scheduledAt),
    scanner: row.scanner,
    kind: row.kind,
    status: row.status,
    symbols: row.symbols,
    promoted: row.promoted,
    error: row.error,
    universeSize: row.universeSize,
    startedAt: row.startedAt === null ? null : calendar.formatInstant(row.startedAt),
    durationMs: row.durationMs,
    metadata: row.metadata,
  };
}

/** One run, times as ISO text with the exchange's offset. */
export function runInfoJson(calendar: ExchangeCalendar, run: RunInfo) {
  return {
    id: run.id,
    name: run.name,
    mode: run.mode,
    status: run.status,
    startedAt: calendar.formatInstant(run.startedAt),
    finishedAt: run.finishedAt === null ? null : calendar.formatInstant(run.finishedAt),
    rows: run.rows,
    params: run.params,
    configHash: run.configHash,
  };
}

/** One outbox row (an alert) without its payload's repeated fields: what was alerted, where, and how it went. */
export function alertRowJson(calendar: ExchangeCalendar, alert: AlertRow) {
  return {
    id: alert.id,
    run: alert.run,
    scanner: alert.scanner,
    kind: alert.kind,
    sessionDate: alert.sessionDate,
    scheduledAt: calendar.formatInstant(alert.scheduledAt),
    channel: alert.channel,
    status: alert.status,
    attempts: alert.attempts,
    sentAt: alert.sentAt === null ? null : calendar.formatInstant(alert.sentAt),
    lastError: alert.lastError,
    symbols: alert.payload.symbols.map((entry) => entry.symbol),
    text: alert.payload.text,
  };
}
