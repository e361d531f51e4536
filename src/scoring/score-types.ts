// The shapes of a run's scores: what the scorer computes (score-run.ts), what the journal stores and
// reads back (score-table.ts), and what the reports aggregate (score-report.ts). Hits are columnar
// (one typed array per measure, `hit * horizons + horizon`), NaN meaning null: a run can hold
// hundreds of thousands of hits. Every measure is already signed for the scanner's direction.

import type { EntryRule } from "./entry-rules.js";
import type { Horizon } from "./horizons.js";

export const DIRECTIONS = ["long", "short"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A scanner as scoring sees it: whose hits, judged against which universe, on which side. */
export interface ScoredScanner {
  readonly name: string;
  /** The symbols it could have picked (normalized). */
  readonly universe: readonly string[];
  readonly direction: Direction;
}

/** One journaled scan: the scanner's result symbols at a slot. */
export interface ScanHits {
  readonly scanner: string;
  readonly scheduledAt: number;
  readonly sessionDate: string;
  readonly symbols: readonly string[];
}

export interface HitScores {
  readonly count: number;
  /** Index into RunScores.scanners. */
  readonly scanner: Int32Array;
  readonly scheduledAt: Float64Array;
  readonly sessionDate: readonly string[];
  readonly symbol: readonly string[];
  /** NaN when there is no entry (no bar to enter on): every horizon is then null. */
  readonly entryPrice: Float64Array;
  readonly entryAt: Float64Array;
  readonly returns: Float64Array;
  readonly mfe: Float64Array;
  readonly mae: Float64Array;
  /** The universe's mean return at the hit's slot and horizon, and its share of positive returns. */
  readonly baselineReturn: Float64Array;
  readonly baselinePositive: Float64Array;
}

/** The universe's measures at the slots where a scanner had hits (one entry per such slot). */
export interface SlotBaselines {
  readonly scanner: string;
  readonly scheduledAt: Float64Array;
  /** `slot * horizons + horizon`. */
  readonly meanReturn: Float64Array;
  readonly positiveShare: Float64Array;
  readonly meanMfe: Float64Array;
  readonly meanMae: Float64Array;
  /** Universe symbols with a value, and without one (null: no data or no entry). */
  readonly counted: Float64Array;
  readonly nulls: Float64Array;
}

export interface RunScores {
  readonly run: number;
  readonly entryRule: EntryRule;
  readonly horizons: readonly Horizon[];
  readonly scanners: ReadonlyArray<{
    readonly name: string;
    readonly direction: Direction;
    readonly universeSize: number;
  }>;
  readonly hits: HitScores;
  readonly baselines: readonly SlotBaselines[];
}

/** The value at `index`, NaN read as null. */
export function valueOrNull(values: Float64Array, index: number): number | null {
  const value = values[index];
  return Number.isNaN(value) ? null : value;
}
