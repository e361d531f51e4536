// The arithmetic of `npm run bench:compare` (compare.ts): which variant runs when in a round, and
// what is reported of the runs. Each round runs every variant once, starting one later than the
// round before (rotated), so a variant is not always the one run right after another or first
// after a pause; a figure is reported as its median over the rounds, and as the median of the
// per-round ratios to the first variant's figure of the same round (a machine that slows down for
// a while slows down both sides of a round).

/** The figures one run of a variant reports (whole process up to the end of its backtest). */
export interface RunFigures {
  readonly wallSeconds: number;
  readonly backtestSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMegabytes: number;
  /** CPU seconds of the process's main thread (Linux: /proc/thread-self/schedstat), else NaN. */
  readonly mainThreadRunSeconds: number;
  /** Seconds the main thread waited runnable for a CPU (Linux), else NaN. */
  readonly mainThreadWaitSeconds: number;
}

export const FIGURES: ReadonlyArray<keyof RunFigures> = [
  "wallSeconds",
  "backtestSeconds",
  "cpuSeconds",
  "peakRssMegabytes",
  "mainThreadRunSeconds",
  "mainThreadWaitSeconds",
];

/** The order in which round `round` (from 0) runs `count` variants: by index, rotated by `round`. */
export function roundOrder(count: number, round: number): number[] {
  return Array.from({ length: count }, (_, k) => (k + round) % count);
}

/** The median of `values` (NaN for none, or when one is NaN: a figure the platform does not give). */
export function median(values: readonly number[]): number {
  if (values.length === 0 || values.some(Number.isNaN)) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface VariantSummary {
  /** Each figure's median over the rounds. */
  readonly medians: Record<keyof RunFigures, number>;
  /** Each figure's median over the rounds of (this variant's ÷ the baseline's, same round); none for the baseline. */
  readonly ratios?: Record<keyof RunFigures, number>;
}

/**
 * Medians and median ratios of each variant's runs; `runs[v][r]` is variant v's run of round r, and
 * variant 0 is the baseline. Every variant must have run every round.
 */
export function summarize(runs: ReadonlyArray<readonly RunFigures[]>): VariantSummary[] {
  const rounds = runs[0]?.length ?? 0;
  if (runs.some((variant) => variant.length !== rounds)) {
    throw new Error("every variant must have run every round");
  }
  const baseline = runs[0] ?? [];
  return runs.map((variant, v) => {
    const medians = {} as Record<keyof RunFigures, number>;
    const ratios = {} as Record<keyof RunFigures, number>;
    for (const figure of FIGURES) {
      medians[figure] = median(variant.map((run) => run[figure]));
      ratios[figure] = median(variant.map((run, r) => run[figure] / baseline[r][figure]));
    }
    return v === 0 ? { medians } : { medians, ratios };
  });
}

/** One scan row as a run reports it (backtest-child.ts `SlotHits`). */
export interface ScanRow {
  readonly scanner: string;
  readonly scheduledAt: number;
  readonly status: string;
  readonly hits: number;
  readonly hash: number;
}

/**
 * Where two runs' scan rows first differ, as a sentence, or `undefined` when they are the same slot
 * by slot (scanner, time, status, number of hits and the hash of the hit symbols).
 */
export function firstDifference(
  expected: readonly ScanRow[],
  actual: readonly ScanRow[],
): string | undefined {
  const length = Math.min(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    const a = expected[i];
    const b = actual[i];
    if (
      a.scanner !== b.scanner ||
      a.scheduledAt !== b.scheduledAt ||
      a.status !== b.status ||
      a.hits !== b.hits ||
      a.hash !== b.hash
    ) {
      return `row ${i + 1} differs: ${describeRow(a)} against ${describeRow(b)}`;
    }
  }
  if (expected.length !== actual.length) {
    return `${actual.length} scan rows against ${expected.length}`;
  }
  return undefined;
}

function describeRow(row: ScanRow): string {
  return `${row.scanner} at ${new Date(row.scheduledAt).toISOString()} ${row.status} with ${row.hits} hits (hash ${row.hash})`;
}
