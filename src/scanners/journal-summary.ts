// Per-scanner figures of a run's rows (all of them, or those a `results` filter keeps), for the
// summary tables of `run`, `daemon` and `results`: the one definition of each figure.
// Counts by status and kind in one grouped query, symbol frequencies counted from the rows' JSON
// symbol arrays, the top symbols picked here (count descending, ties by symbol in code-unit order).

import type { QuerySql } from "./journal-query.js";
import type { JournalSql } from "./journal-sql/journal-sql.js";
import { SCAN_KINDS, type ScannerSummary, type SymbolCount } from "./journal-types.js";

export const TOP_SYMBOLS = 5;

interface CountsRow {
  readonly scanner: string;
  readonly days: number;
  readonly scans: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly skipped: number;
  readonly disabled: number;
  readonly missed: number;
  readonly promotions: number;
}

interface SymbolsRow {
  readonly scanner: string;
  /** The row's JSON array of symbols. */
  readonly symbols: string;
}

const scanKindList = SCAN_KINDS.map((kind) => `'${kind}'`).join(", ");

/** `sum(condition)` as a whole number on both backends (PostgreSQL does not add booleans). */
function countWhere(condition: string): string {
  return `CAST(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS INTEGER)`;
}

function countsSql(sql: JournalSql): string {
  return `SELECT scanner,
  CAST(count(DISTINCT session_date) AS INTEGER) AS days,
  ${countWhere(`kind IN (${scanKindList}) AND status IN ('ok', 'error', 'timeout')`)} AS scans,
  ${countWhere("status = 'error'")} AS errors,
  ${countWhere("status = 'timeout'")} AS timeouts,
  ${countWhere("status = 'skipped'")} AS skipped,
  ${countWhere("status = 'disabled'")} AS disabled,
  ${countWhere("status = 'missed'")} AS missed,
  CAST(sum(${sql.jsonLength("promoted")}) AS INTEGER) AS promotions
FROM scans`;
}

/** The summary of the rows `rows` selects (a WHERE clause on `scans`), one entry per scanner with rows, by scanner name. */
export function summarizeRows(sql: JournalSql, rows: QuerySql): ScannerSummary[] {
  const counts = sql.all<CountsRow>(`${countsSql(sql)}${rows.sql} GROUP BY scanner`, rows.params);
  const symbolsByScanner = symbolCounts(
    sql.all<SymbolsRow>(`SELECT scanner, symbols FROM scans${rows.sql}`, rows.params),
  );
  const noHits: SymbolTally = { hits: 0, symbols: [] };
  return counts
    .map((row): ScannerSummary => {
      const tally = symbolsByScanner.get(row.scanner) ?? noHits;
      const symbols = tally.symbols.sort(bySymbolFrequency);
      return {
        scanner: row.scanner,
        days: row.days,
        scans: row.scans,
        errors: row.errors,
        timeouts: row.timeouts,
        skipped: row.skipped,
        disabled: row.disabled,
        missed: row.missed,
        hits: tally.hits,
        distinctSymbols: symbols.length,
        topSymbols: symbols.slice(0, TOP_SYMBOLS),
        promotions: row.promotions,
      };
    })
    .sort((a, b) => compareText(a.scanner, b.scanner));
}

/** A scanner's hits (symbols listed, repeats included) and how often each symbol was listed. */
interface SymbolTally {
  readonly hits: number;
  readonly symbols: SymbolCount[];
}

/**
 * Each scanner's hits and symbol frequencies, counted here from each row's JSON array: one pass
 * over the arrays, where expanding them in SQL (json_each, json_array_length) took about a second
 * for 400,000 hits.
 */
function symbolCounts(rows: readonly SymbolsRow[]): Map<string, SymbolTally> {
  const counters = new Map<string, { hits: number; bySymbol: Map<string, number> }>();
  for (const row of rows) {
    let counter = counters.get(row.scanner);
    if (counter === undefined) {
      counter = { hits: 0, bySymbol: new Map() };
      counters.set(row.scanner, counter);
    }
    const symbols = JSON.parse(row.symbols) as string[];
    counter.hits += symbols.length;
    for (const symbol of symbols) counter.bySymbol.set(symbol, (counter.bySymbol.get(symbol) ?? 0) + 1);
  }
  const tallies = new Map<string, SymbolTally>();
  for (const [scanner, counter] of counters) {
    tallies.set(scanner, {
      hits: counter.hits,
      symbols: Array.from(counter.bySymbol, ([symbol, count]) => ({ symbol, count })),
    });
  }
  return tallies;
}

function bySymbolFrequency(a: SymbolCount, b: SymbolCount): number {
  return b.count - a.count || compareText(a.symbol, b.symbol);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
