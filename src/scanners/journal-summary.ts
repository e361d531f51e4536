// Per-scanner figures of a run's rows (all of them, or those a `results` filter keeps), for the
// summary tables of `run`, `daemon` and `results`: the one definition of each figure, in SQL.
// Counts by status and kind in one grouped query, symbol frequencies from the JSON symbol arrays
// in another, the top symbols picked here (count descending, ties by symbol in code-unit order).

import type Database from "better-sqlite3";
import type { QuerySql } from "./journal-query.js";
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

const COUNTS_SQL = `SELECT scanner,
  count(DISTINCT session_date) AS days,
  sum(kind IN (${scanKindList}) AND status IN ('ok', 'error', 'timeout')) AS scans,
  sum(status = 'error') AS errors,
  sum(status = 'timeout') AS timeouts,
  sum(status = 'skipped') AS skipped,
  sum(status = 'disabled') AS disabled,
  sum(status = 'missed') AS missed,
  sum(json_array_length(symbols)) AS hits,
  sum(json_array_length(promoted)) AS promotions
FROM scans`;

/** The summary of the rows `rows` selects (a WHERE clause on `scans`), one entry per scanner with rows, by scanner name. */
export function summarizeRows(db: Database.Database, rows: QuerySql): ScannerSummary[] {
  const counts = db
    .prepare<unknown[], CountsRow>(`${COUNTS_SQL}${rows.sql} GROUP BY scanner`)
    .all(...rows.params);
  const symbolsSql = `SELECT picked.scanner AS scanner, json_each.value AS symbol, count(*) AS count
FROM (SELECT scanner, symbols FROM scans${rows.sql}) AS picked, json_each(picked.symbols)
GROUP BY picked.scanner, json_each.value`;
  const symbolsByScanner = new Map<string, SymbolCount[]>();
  for (const row of db.prepare<unknown[], SymbolRow>(symbolsSql).iterate(...rows.params)) {
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
