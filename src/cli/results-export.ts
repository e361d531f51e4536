// The export formats of `scanwright results`: CSV (RFC 4180: a header line, fields quoted when they
// hold a comma, a quote or a line break) of scan rows or of alerts, and a TradingView-style
// watchlist: the distinct result symbols of the rows, in the order they first qualified, one
// `EXCHANGE:SYMBOL` per line.

import type { AlertRow } from "../scanners/alert-types.js";
import type { JournalRow } from "../scanners/journal-types.js";

export type FormatInstant = (time: number) => string;

export const ROW_CSV_HEADER = [
  "run",
  "session_date",
  "scheduled_at",
  "scanner",
  "kind",
  "status",
  "symbols",
  "promoted",
  "error",
  "universe_size",
  "metadata",
] as const;

export const ALERT_CSV_HEADER = [
  "id",
  "run",
  "session_date",
  "scheduled_at",
  "scanner",
  "kind",
  "channel",
  "status",
  "attempts",
  "idempotency_key",
  "sent_at",
  "last_error",
  "symbols",
  "left",
  "text",
] as const;

/** One CSV field. */
export function csvField(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: ReadonlyArray<string | number | null>): string {
  return fields.map(csvField).join(",");
}

/** Scan rows as CSV (symbol lists space-separated, metadata as JSON), with the header line. */
export function rowsToCsv(rows: readonly JournalRow[], formatInstant: FormatInstant): string {
  const lines = [csvLine(ROW_CSV_HEADER)];
  for (const row of rows) {
    lines.push(
      csvLine([
        row.run,
        row.sessionDate,
        formatInstant(row.scheduledAt),
        row.scanner,
        row.kind,
        row.status,
        row.symbols.join(" "),
        row.promoted.join(" "),
        row.error,
        row.universeSize,
        JSON.stringify(row.metadata),
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Alerts as CSV, with the header line. */
export function alertsToCsv(alerts: readonly AlertRow[], formatInstant: FormatInstant): string {
  const lines = [csvLine(ALERT_CSV_HEADER)];
  for (const alert of alerts) {
    lines.push(
      csvLine([
        alert.id,
        alert.run,
        alert.sessionDate,
        formatInstant(alert.scheduledAt),
        alert.scanner,
        alert.kind,
        alert.channel,
        alert.status,
        alert.attempts,
        alert.key,
        alert.sentAt === null ? null : formatInstant(alert.sentAt),
        alert.lastError,
        alert.payload.symbols.map((entry) => entry.symbol).join(" "),
        alert.payload.left.join(" "),
        alert.payload.text,
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `EXCHANGE:SYMBOL` lines of the distinct result symbols, in first-hit order. */
export function rowsToWatchlist(rows: readonly JournalRow[], exchange: string): string {
  const symbols = new Set<string>();
  for (const row of rows) for (const symbol of row.symbols) symbols.add(symbol);
  return [...symbols].map((symbol) => `${exchange}:${symbol}\n`).join("");
}
