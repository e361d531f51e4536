// What `scanwright serve` and `scanwright report` read, opened read-only: the scan journal (its
// rows, its alert outbox and the scores `evaluate` stored in it), the bar store (optional: without
// one there are no charts) and, when given, the session config (for the scanners' declared
// indicators and the day's schedule). Nothing here can write to either file.

import { existsSync } from "node:fs";
import { indicatorRequestSchema } from "../config/indicator-request-schema.js";
import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { RequestError } from "../core/errors.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import { openBarStore } from "../data/open-bar-store.js";
import { isPostgresUrl } from "../data/pg/pg-url.js";
import { runExchange } from "../scanners/run-exchange.js";
import { type RunInfo, ScanJournal } from "../scanners/scan-journal.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import { buildReport, type EvaluationReport } from "../scoring/score-report.js";
import { ScoreTable } from "../scoring/score-table.js";
import type { IndicatorRequest } from "../session/session-spec.js";
import { ExchangeCalendar } from "../time/exchange-calendar.js";
import { isMarketCode, marketDefinition } from "../time/markets/index.js";

export interface DashboardSourcePaths {
  readonly journalPath: string;
  /** `undefined`, or a path that does not exist: no charts. */
  readonly storePath?: string;
  readonly loaded?: LoadedSessionConfig;
}

/** The request fields of a recorded use (it also holds its symbol count). */
function requestPart(entry: unknown): unknown {
  if (typeof entry !== "object" || entry === null) return entry;
  const { symbols: _count, ...request } = entry as Record<string, unknown>;
  return request;
}

export class DashboardSources {
  readonly journal: ScanJournal;
  readonly store: BarStorePort | undefined;
  readonly calendar: ExchangeCalendar;
  readonly loaded: LoadedSessionConfig | undefined;

  private constructor(
    private readonly journalPath: string,
    journal: ScanJournal,
    store: BarStorePort | undefined,
    loaded: LoadedSessionConfig | undefined,
  ) {
    this.journal = journal;
    this.store = store;
    this.loaded = loaded;
    // The session's own exchange (without a config, the one the latest run recorded, else the
    // NYSE): its zone, days and sessions.
    const recorded = runExchange(journal.runs().at(-1));
    this.calendar = loaded
      ? new ExchangeCalendar(loaded.calendarOverrides, marketDefinition(loaded.config.exchange))
      : recorded !== undefined && isMarketCode(recorded)
        ? new ExchangeCalendar({}, marketDefinition(recorded))
        : new ExchangeCalendar();
  }

  /** Opens the journal and (if it exists) the store read-only; a bad file is a StoreError. */
  static open(paths: DashboardSourcePaths): DashboardSources {
    const journal = ScanJournal.open(paths.journalPath, { readOnly: true });
    try {
      const { storePath } = paths;
      const store =
        storePath !== undefined && (isPostgresUrl(storePath) || existsSync(storePath))
          ? openBarStore(storePath, { readOnly: true })
          : undefined;
      return new DashboardSources(paths.journalPath, journal, store, paths.loaded);
    } catch (error) {
      journal.close();
      throw error;
    }
  }

  close(): void {
    this.journal.close();
    this.store?.close();
  }

  /** The run with id `id`; a 404 RequestError when there is none. */
  requireRun(id: number): RunInfo {
    const run = this.journal.runs().find((candidate) => candidate.id === id);
    if (!run) throw new RequestError(404, `The journal has no run ${id}`);
    return run;
  }

  /**
   * The stored forward-return scores of run `id` over all its hits (per scanner and horizon, as
   * `evaluate` printed them); `undefined` when the run was never evaluated.
   */
  scores(id: number): EvaluationReport | undefined {
    const table = ScoreTable.open(this.journalPath, undefined, { readOnly: true });
    try {
      const scores = table.read(id);
      return scores === undefined
        ? undefined
        : buildReport(scores, { groups: ["all"], calendar: this.calendar });
    } finally {
      table.close();
    }
  }

  /**
   * The indicators the setups of run `runId` added themselves (their setup rows' `adhocIndicators`,
   * see src/scanners/adhoc-indicator-log.ts), of the scanners named `names` (all when empty).
   */
  adhocIndicators(runId: number, names: readonly string[] = []): IndicatorRequest[] {
    const found = new Map<string, IndicatorRequest>();
    for (const row of this.journal.query({ run: runId, kind: "setup" })) {
      if (names.length > 0 && !names.includes(row.scanner)) continue;
      const listed = (row.metadata as { adhocIndicators?: unknown } | null)?.adhocIndicators;
      if (!Array.isArray(listed)) continue;
      for (const entry of listed) {
        const parsed = indicatorRequestSchema.safeParse(requestPart(entry));
        if (parsed.success) found.set(JSON.stringify(parsed.data), parsed.data);
      }
    }
    return [...found.values()];
  }

  /** The configured scanners named `names` (all of them when `names` is empty); none without a config. */
  scannerSpecs(names: readonly string[] = []): ScannerSpec[] {
    const all = this.loaded?.scanners ?? [];
    return names.length === 0 ? [...all] : all.filter((spec) => names.includes(spec.name));
  }

  /** The store, or a 404 RequestError saying charts need one. */
  requireStore(): BarStorePort {
    if (!this.store)
      throw new RequestError(404, "No bar store is open: charts need one (--store or --config)");
    return this.store;
  }
}
