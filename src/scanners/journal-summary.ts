// Per-scanner figures of a run's rows (all of them, or those a `results` filter keeps), for the
// summary tables of `run`, `daemon` and `results`: the one definition of each figure, in SQL.
// Counts by status and kind in one grouped query, symbol frequencies from the JSON symbol arrays
// in another, the top symbols picked here (count descending, ties by symbol in code-unit order).

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
  readonly hits: number;
  readonly promotions: number;
}

interface SymbolRow {
  readonly scanner: string;
  readonly symbol: string;
  readonly count: number;
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
  CAST(sum(${sql.jsonLength("symbols")}) AS INTEGER) AS hits,
  CAST(sum(${sql.jsonLength("promoted")}) AS INTEGER) AS promotions
FROM scans`;
}

/** The summary of the rows `rows` selects (a WHERE clause on `scans`), one entry per scanner with rows, by scanner name. */
export function summarizeRows(sql: JournalSql, rows: QuerySql): ScannerSummary[] {
  const counts = sql.all<CountsRow>(`${countsSql(sql)}${rows.sql} GROUP BY scanner`, rows.params);
  const symbolsSql = `SELECT picked.scanner AS scanner, json_each.value AS symbol, CAST(count(*) AS INTEGER) AS count
FROM (SELECT scanner, symbols FROM scans${rows.sql}) AS picked, ${sql.jsonEach("picked.symbols")}
GROUP BY picked.scanner, json_each.value`;
  const symbolsByScanner = new Map<string, SymbolCount[]>();
  for (const row of sql.all<SymbolRow>(symbolsSql, rows.params)) {
    let list = symbolsByScanner.get(row.scanner);
    if (!list) {
      list = [];
      symbolsByScanner.set(row.scanner, list);
    }
    list.push({ symbol: row.symbol, count: row.count });
  }
  return counts
    .map((row): ScannerSummary => {
      const symbols = (symbolsByScanner.get(row.scanner) ?? []).sort(bySymbolFrequency);
      return {
        scanner: row.scanner,
        days: row.days,
        scans: row.scans,
        errors: row.errors,
        timeouts: row.timeouts,
        skipped: row.skipped,
        disabled: row.disabled,
        missed: row.missed,
        hits: row.hits,
        distinctSymbols: symbols.length,
        topSymbols: symbols.slice(0, TOP_SYMBOLS),
        promotions: row.promotions,
      };
    })
    .sort((a, b) => compareText(a.scanner, b.scanner));
}

function bySymbolFrequency(a: SymbolCount, b: SymbolCount): number {
  return b.count - a.count || compareText(a.symbol, b.symbol);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
