// The per-scanner figures of a set of journal rows, for `scanwright results` with filters: the same
// definitions as the journal's own run summary (src/scanners/journal-summary.ts), computed over
// the rows the filters kept instead of a whole run.

import {
  type JournalRow,
  SCAN_KINDS,
  type ScannerSummary,
  type SymbolCount,
} from "../scanners/journal-types.js";

const TOP_SYMBOLS = 5;
const RAN: ReadonlySet<string> = new Set(["ok", "error", "timeout"]);

interface Tally {
  readonly dates: Set<string>;
  scans: number;
  errors: number;
  timeouts: number;
  skipped: number;
  disabled: number;
  missed: number;
  hits: number;
  promotions: number;
  readonly symbols: Map<string, number>;
}

/** One summary per scanner with rows, by scanner name (code-unit order). */
export function summarizeRows(rows: readonly JournalRow[]): ScannerSummary[] {
  const tallies = new Map<string, Tally>();
  for (const row of rows) {
    let tally = tallies.get(row.scanner);
    if (!tally) {
      tally = {
        dates: new Set(),
        scans: 0,
        errors: 0,
        timeouts: 0,
        skipped: 0,
        disabled: 0,
        missed: 0,
        hits: 0,
        promotions: 0,
        symbols: new Map(),
      };
      tallies.set(row.scanner, tally);
    }
    tally.dates.add(row.sessionDate);
    if (SCAN_KINDS.includes(row.kind) && RAN.has(row.status)) tally.scans++;
    if (row.status === "error") tally.errors++;
    else if (row.status === "timeout") tally.timeouts++;
    else if (row.status === "skipped") tally.skipped++;
    else if (row.status === "disabled") tally.disabled++;
    else if (row.status === "missed") tally.missed++;
    tally.hits += row.symbols.length;
    tally.promotions += row.promoted.length;
    for (const symbol of row.symbols) tally.symbols.set(symbol, (tally.symbols.get(symbol) ?? 0) + 1);
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([scanner, tally]): ScannerSummary => {
      const symbols: SymbolCount[] = [...tally.symbols.entries()]
        .map(([symbol, count]) => ({ symbol, count }))
        .sort((a, b) => b.count - a.count || compareText(a.symbol, b.symbol));
      return {
        scanner,
        days: tally.dates.size,
        scans: tally.scans,
        errors: tally.errors,
        timeouts: tally.timeouts,
        skipped: tally.skipped,
        disabled: tally.disabled,
        missed: tally.missed,
        hits: tally.hits,
        distinctSymbols: symbols.length,
        topSymbols: symbols.slice(0, TOP_SYMBOLS),
        promotions: tally.promotions,
      };
    });
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
