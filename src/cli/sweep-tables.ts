// The tables comparing a sweep's runs, best first: `results --sweep` by hits, `evaluate --sweep` by
// the mean forward return at the first horizon. Ties (and runs without the measure: failed ones,
// or no scored hit) keep combination order, the latter after every run that has it.

import { describeCombination } from "../config/sweep-variants.js";
import { share, signed } from "./evaluation-output.js";
import type { SweepRun } from "./sweep-runs.js";
import { formatTable } from "./text-table.js";

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

export function formatSweepHits(title: string, lines: readonly SweepHitsLine[]): string {
  const ranked = rankByMeasure(lines, (line) => line.hits);
  const table = formatTable(
    [
      { title: "rank", align: "right" },
      { title: "run", align: "right" },
      { title: "status" },
      { title: "combination" },
      { title: "hits", align: "right" },
      { title: "scans", align: "right" },
      { title: "errors", align: "right" },
      { title: "symbols", align: "right" },
    ],
    ranked.map((line, rank) => [
      String(rank + 1),
      String(line.sweep.run.id),
      line.sweep.run.status,
      describeCombination(line.sweep.values),
      line.hits === null ? "-" : String(line.hits),
      String(line.scans),
      String(line.errors),
      String(line.distinctSymbols),
    ]),
  );
  return `${title}\n${table.join("\n")}\n`;
}

export function formatSweepEdges(title: string, lines: readonly SweepEdgeLine[]): string {
  const ranked = rankByMeasure(lines, (line) => line.meanReturn);
  const table = formatTable(
    [
      { title: "rank", align: "right" },
      { title: "run", align: "right" },
      { title: "status" },
      { title: "combination" },
      { title: "hits", align: "right" },
      { title: "mean %", align: "right" },
      { title: "hit rate", align: "right" },
      { title: "edge %", align: "right" },
    ],
    ranked.map((line, rank) => [
      String(rank + 1),
      String(line.sweep.run.id),
      line.sweep.run.status,
      describeCombination(line.sweep.values),
      String(line.hits),
      signed(line.meanReturn),
      share(line.hitRate),
      signed(line.edge),
    ]),
  );
  return `${title}\n${table.join("\n")}\n`;
}
