// The tables comparing a sweep's runs, best first: `results --sweep` by hits, `evaluate --sweep` by
// the mean forward return at the first horizon. Ties (and runs without the measure: failed ones,
// or no scored hit) keep combination order, the latter after every run that has it.

import { describeCombination } from "../config/sweep-variants.js";
import { share, signed } from "./evaluation-output.js";
import type { SweepRun } from "./sweep-runs.js";
import { formatTable, type TableColumn } from "./text-table.js";

/** What `results --sweep` shows of one run: the journal's summary of the swept scanner. */
export interface SweepHitsLine {
  readonly sweep: SweepRun;
  readonly hits: number | null;
  readonly scans: number;
  readonly errors: number;
  readonly distinctSymbols: number;
}

/** What `evaluate --sweep` shows of one run: the swept scanner at the first horizon. */
export interface SweepEdgeLine {
  readonly sweep: SweepRun;
  readonly horizon: string;
  readonly hits: number;
  readonly meanReturn: number | null;
  readonly hitRate: number | null;
  readonly edge: number | null;
}

/** Best first by `measure` (greater is better), null measures last, ties in combination order. */
export function rankByMeasure<T extends { readonly sweep: SweepRun }>(
  lines: readonly T[],
  measure: (line: T) => number | null,
): T[] {
  return [...lines].sort((a, b) => {
    const left = measure(a);
    const right = measure(b);
    if (left !== right) {
      if (left === null) return 1;
      if (right === null) return -1;
      return right - left;
    }
    return a.sweep.index - b.sweep.index;
  });
}

/** Columns after the ones every sweep table starts with (rank, run, status, combination). */
type SweepColumns<T> = readonly { readonly column: TableColumn; readonly cell: (line: T) => string }[];

function formatRanked<T extends { readonly sweep: SweepRun }>(
  title: string,
  lines: readonly T[],
  measure: (line: T) => number | null,
  columns: SweepColumns<T>,
): string {
  const table = formatTable(
    [
      { title: "rank", align: "right" },
      { title: "run", align: "right" },
      { title: "status" },
      { title: "combination" },
      ...columns.map(({ column }) => column),
    ],
    rankByMeasure(lines, measure).map((line, rank) => [
      String(rank + 1),
      String(line.sweep.run.id),
      line.sweep.run.status,
      describeCombination(line.sweep.values),
      ...columns.map(({ cell }) => cell(line)),
    ]),
  );
  return `${title}\n${table.join("\n")}\n`;
}

export function formatSweepHits(title: string, lines: readonly SweepHitsLine[]): string {
  return formatRanked(title, lines, (line) => line.hits, [
    {
      column: { title: "hits", align: "right" },
      cell: (line) => (line.hits === null ? "-" : String(line.hits)),
    },
    { column: { title: "scans", align: "right" }, cell: (line) => String(line.scans) },
    { column: { title: "errors", align: "right" }, cell: (line) => String(line.errors) },
    { column: { title: "symbols", align: "right" }, cell: (line) => String(line.distinctSymbols) },
  ]);
}

export function formatSweepEdges(title: string, lines: readonly SweepEdgeLine[]): string {
  return formatRanked(title, lines, (line) => line.meanReturn, [
    { column: { title: "hits", align: "right" }, cell: (line) => String(line.hits) },
    { column: { title: "mean %", align: "right" }, cell: (line) => signed(line.meanReturn) },
    { column: { title: "hit rate", align: "right" }, cell: (line) => share(line.hitRate) },
    { column: { title: "edge %", align: "right" }, cell: (line) => signed(line.edge) },
  ]);
}
