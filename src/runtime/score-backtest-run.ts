// Scores a journaled run with the scanners of the session config it ran (their universes and
// directions): the scans are read from the journal, the bars from the store. The scoring itself
// (src/scoring/) knows nothing of configs; this is where the two meet, for `evaluate` and for the
// edge line of `scanwright run`.

import type { LoadedSessionConfig } from "../config/load-session-config.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import { startReadThreadWhereUseful } from "../data/store-read-thread-start.js";
import { SCAN_KINDS } from "../scanners/journal-types.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import type { EntryRule } from "../scoring/entry-rules.js";
import type { Horizon } from "../scoring/horizons.js";
import { scoreRun } from "../scoring/score-run.js";
import type { RunScores, ScanHits, ScoredScanner } from "../scoring/score-types.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

export interface ScoreBacktestRunInput {
  readonly loaded: LoadedSessionConfig;
  readonly journal: ScanJournal;
  readonly run: number;
  readonly store: BarStorePort;
  readonly calendar: ExchangeCalendar;
  readonly entryRule: EntryRule;
  readonly horizons: readonly Horizon[];
}

/**
 * Scores the run. The store gets a read thread for the scoring where it pays
 * (startReadThreadWhereUseful: the bars of the next group of symbols are read there while the
 * current one is measured), stopped before returning; the scores are the same either way.
 */
export function scoreBacktestRun(input: ScoreBacktestRunInput): RunScores {
  const scans: ScanHits[] = [];
  for (const row of input.journal.query({ run: input.run })) {
    if (SCAN_KINDS.includes(row.kind) && row.symbols.length > 0) scans.push(row);
  }
  const stopReadThread = startReadThreadWhereUseful(input.store);
  try {
    return scoreRun({
      run: input.run,
      store: input.store,
      calendar: input.calendar,
      scanners: scoredScanners(input.loaded),
      scans,
      entryRule: input.entryRule,
      horizons: input.horizons,
    });
  } finally {
    stopReadThread?.();
  }
}

/** The enabled scanners of a loaded config, with their resolved universes and directions. */
export function scoredScanners(loaded: LoadedSessionConfig): ScoredScanner[] {
  const directions = new Map(
    loaded.config.session_data.scanners.map((entry) => [entry.name, entry.direction]),
  );
  return loaded.scanners
    .filter((spec) => spec.enabled)
    .map((spec) => ({
      name: spec.name,
      universe: spec.universe,
      direction: directions.get(spec.name) ?? "long",
    }));
}
