// A sweep's combinations as complete session configs: each is the loaded config without its
// `sweep:` block, the swept scanner's `config:` keys replaced by the combination's values. The
// variant of a combination is exactly the config a user would write for that single run, so a
// sweep's run and the separate run of those values replay the same session.

import type { ScannerSpec } from "../scanners/scanner-spec.js";
import type { LoadedSessionConfig } from "./load-session-config.js";
import type { SessionConfig } from "./session-config.js";
import { type SweepCombination, sweepCombinations } from "./sweep-config.js";

export interface SweepVariant {
  readonly combination: SweepCombination;
  /** Of all combinations. */
  readonly of: number;
  /** The swept scanner's name. */
  readonly scanner: string;
  readonly config: SessionConfig;
  readonly scanners: readonly ScannerSpec[];
}

/** The variants of the config's sweep, in run order; none when the config has no sweep. */
export function sweepVariants(loaded: LoadedSessionConfig): SweepVariant[] {
  const { sweep, ...base } = loaded.config;
  if (sweep === undefined) return [];
  const combinations = sweepCombinations(sweep);
  const merged = (config: unknown, values: Readonly<Record<string, unknown>>) =>
    typeof config === "object" && config !== null && !Array.isArray(config)
      ? { ...config, ...values }
      : { ...values };
  return combinations.map((combination) => ({
    combination,
    of: combinations.length,
    scanner: sweep.scanner,
    config: {
      ...base,
      session_data: {
        ...base.session_data,
        scanners: base.session_data.scanners.map((entry) =>
          entry.name === sweep.scanner
            ? { ...entry, config: merged(entry.config, combination.values) }
            : entry,
        ),
      },
    },
    scanners: loaded.scanners.map((spec) =>
      spec.name === sweep.scanner ? { ...spec, config: merged(spec.config, combination.values) } : spec,
    ),
  }));
}

/** `min_gap=0.02 universe_size=50`: a combination as one line of text. */
export function describeCombination(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
}
