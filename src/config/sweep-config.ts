// The `sweep:` block of a session config: one scanner's `config:` values varied over a grid (the
// cartesian product of every key's values) and/or an explicit list of value sets. Every combination
// is one backtest run; the order of combinations is deterministic (see `sweepCombinations`).

import { z } from "zod";

/** More runs than this in one sweep is almost certainly a mistake in the grid. */
export const MAX_SWEEP_COMBINATIONS = 10_000;

const configKey = z.string().min(1);

export const sweepConfigSchema = z
  .strictObject({
    scanner: z
      .string()
      .min(1)
      .describe("Name of the scanner (in `session_data.scanners`) whose `config:` values are varied."),
    grid: z
      .record(configKey, z.array(z.unknown()).min(1))
      .optional()
      .describe(
        "Values per `config:` key; every combination of them is one run (the first key varies slowest).",
      ),
    list: z
      .array(z.record(configKey, z.unknown()))
      .min(1)
      .optional()
      .describe("Explicit value sets, each one run, after the grid's runs."),
  })
  .superRefine(checkSweepShape, { when: () => true })
  .describe(
    "A parameter sweep (backtest only): each combination's values replace the same keys of the scanner's `config:`, one journal run per combination.",
  );

export type SweepConfig = z.output<typeof sweepConfigSchema>;

/** One combination of a sweep: its 1-based position and the `config:` values it sets. */
export interface SweepCombination {
  readonly index: number;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Every combination of a sweep in run order: the grid's cartesian product first (keys in the order
 * written, the last key varying fastest), then the list's value sets in order.
 */
export function sweepCombinations(sweep: SweepConfig): SweepCombination[] {
  let product: Array<Record<string, unknown>> = [];
  const grid = Object.entries(sweep.grid ?? {});
  if (grid.length > 0) {
    product = [{}];
    for (const [key, values] of grid) {
      product = product.flatMap((partial) => values.map((value) => ({ ...partial, [key]: value })));
    }
  }
  return [...product, ...(sweep.list ?? [])].map((values, index) => ({ index: index + 1, values }));
}

function checkSweepShape(sweep: unknown, ctx: z.RefinementCtx): void {
  if (typeof sweep !== "object" || sweep === null) return;
  const { grid, list } = sweep as { grid?: unknown; list?: unknown };
  if (grid === undefined && list === undefined) {
    ctx.addIssue({ code: "custom", path: [], message: "needs a grid, a list, or both" });
    return;
  }
  if (grid !== undefined && typeof grid === "object" && grid !== null && Object.keys(grid).length === 0) {
    ctx.addIssue({ code: "custom", path: ["grid"], message: "names no config key" });
  }
  if (Array.isArray(list)) {
    list.forEach((entry, index) => {
      if (typeof entry === "object" && entry !== null && Object.keys(entry).length === 0) {
        ctx.addIssue({ code: "custom", path: ["list", index], message: "sets no config key" });
      }
    });
  }
  const gridRuns =
    typeof grid === "object" && grid !== null && Object.keys(grid).length > 0
      ? Object.values(grid).reduce<number>(
          (runs, values) => runs * (Array.isArray(values) ? values.length : 1),
          1,
        )
      : 0;
  const runs = gridRuns + (Array.isArray(list) ? list.length : 0);
  if (runs > MAX_SWEEP_COMBINATIONS) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `has ${runs} combinations, more than the ${MAX_SWEEP_COMBINATIONS} a sweep may run`,
    });
  }
}

/** The sweep's scanner must be a scanner of the session, and a sweep is a backtest. */
export function checkSweepTarget(config: unknown, ctx: z.RefinementCtx): void {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return;
  const {
    sweep,
    mode,
    session_data: sessionData,
  } = config as {
    sweep?: unknown;
    mode?: unknown;
    session_data?: unknown;
  };
  if (typeof sweep !== "object" || sweep === null) return;
  if (mode === "live") {
    ctx.addIssue({ code: "custom", path: ["sweep"], message: "is a backtest setting: mode is live" });
  }
  const name = (sweep as { scanner?: unknown }).scanner;
  if (typeof name !== "string") return;
  const scanners = (sessionData as { scanners?: unknown } | undefined)?.scanners;
  const entries = Array.isArray(scanners) ? scanners : [];
  const entry = entries.find(
    (scanner) =>
      typeof scanner === "object" && scanner !== null && (scanner as { name?: unknown }).name === name,
  ) as { enabled?: unknown } | undefined;
  if (entry === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["sweep", "scanner"],
      message: `${JSON.stringify(name)} is not a scanner of session_data.scanners`,
    });
  } else if (entry.enabled === false) {
    ctx.addIssue({
      code: "custom",
      path: ["sweep", "scanner"],
      message: `${JSON.stringify(name)} is disabled (enabled: false): a sweep of it would run nothing`,
    });
  }
}
