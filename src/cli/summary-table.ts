// The per-scanner summary of a run as an aligned text table.

import type { ScannerSummary } from "../scanners/journal-types.js";

export function formatSummaryTable(summaries: readonly ScannerSummary[]): string {
  if (summaries.length === 0) return "No scanner ran.\n";
  const header = [
    "scanner",
    "days",
    "scans",
    "errors",
    "timeouts",
    "skipped",
    "hits",
    "symbols",
    "top symbols",
  ];
  const rows = summaries.map((summary) => [
    summary.scanner,
    String(summary.days),
    String(summary.scans),
    String(summary.errors),
    String(summary.timeouts),
    String(summary.skipped),
    String(summary.hits),
    String(summary.distinctSymbols),
    summary.topSymbols.map((top) => `${top.symbol}×${top.count}`).join(" ") || "-",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column])
          : cell.padStart(widths[column]),
      )
      .join("  ")
      .trimEnd();
  return `${[format(header), ...rows.map(format)].join("\n")}\n`;
}
