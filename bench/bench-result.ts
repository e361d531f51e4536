// The shape every benchmark workload reports: its parameters, what it measured, the targets it is
// held to, and the checks of its own output (a fast wrong answer fails the benchmark).

export interface BenchTarget {
  readonly metric: string;
  /** `min`: the metric must be at least `value`; `max`: at most. */
  readonly kind: "min" | "max";
  readonly value: number;
}

export interface BenchResult {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly targets: readonly BenchTarget[];
  /** Output checks: name → passed. */
  readonly checks: Readonly<Record<string, boolean>>;
}

export interface BenchWorkload {
  readonly name: string;
  run(): Promise<BenchResult>;
}

export function isTargetMet(result: BenchResult, target: BenchTarget): boolean {
  const measured = result.metrics[target.metric];
  if (measured === undefined) return false;
  return target.kind === "min" ? measured >= target.value : measured <= target.value;
}

/** Runs `fn` `repeat` times and returns the best (shortest) wall time in ms. */
export function bestOfMs(repeat: number, fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
