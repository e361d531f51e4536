// Finding a sweep's runs in a journal: the runs a `scanwright run` of a `sweep:` config started,
// one per combination, their params naming the combination (see sweep-backtest.ts).

import { UsageError } from "../core/errors.js";
import type { RunInfo } from "../scanners/journal-types.js";

/** A run of a sweep with the combination it ran. */
export interface SweepRun {
  readonly run: RunInfo;
  readonly scanner: string;
  readonly index: number;
  readonly of: number;
  readonly values: Readonly<Record<string, unknown>>;
}

/** The sweep combination a run's params record, if it is a sweep's run. */
export function sweepOf(run: RunInfo): Omit<SweepRun, "run"> | undefined {
  const sweep = (run.params as { sweep?: unknown } | null)?.sweep;
  if (typeof sweep !== "object" || sweep === null) return undefined;
  const { scanner, index, of, values } = sweep as Record<string, unknown>;
  if (typeof scanner !== "string" || typeof index !== "number" || typeof of !== "number") return undefined;
  if (typeof values !== "object" || values === null) return undefined;
  return { scanner, index, of, values: values as Record<string, unknown> };
}

/**
 * The runs of the latest sweep (of session `name` when given): from its latest run of combination 1,
 * the first run of each combination that follows, in combination order. A UsageError when the
 * journal holds no sweep.
 */
export function latestSweepRuns(
  runs: readonly RunInfo[],
  name: string | undefined,
  journal: string,
): SweepRun[] {
  const sweepRuns = runs
    .filter((run) => name === undefined || run.name === name)
    .flatMap((run) => {
      const sweep = sweepOf(run);
      return sweep === undefined ? [] : [{ run, ...sweep }];
    });
  const first = sweepRuns.findLastIndex((candidate) => candidate.index === 1);
  if (first < 0) {
    throw new UsageError(
      `The journal "${journal}" has no sweep${name === undefined ? "" : ` of "${name}"`}; run a config with a sweep: block first`,
    );
  }
  const start = sweepRuns[first];
  const found = new Map<number, SweepRun>();
  for (const candidate of sweepRuns.slice(first)) {
    if (
      candidate.run.name !== start.run.name ||
      candidate.of !== start.of ||
      candidate.scanner !== start.scanner
    )
      continue;
    if (!found.has(candidate.index)) found.set(candidate.index, candidate);
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}
