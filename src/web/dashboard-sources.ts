// What `scanwright serve` and `scanwright report` read, opened read-only: the scan journal, the bar
// store (optional: without one there are no charts) and, when given, the session config (for the
// scanners' declared indicators and the day's schedule). Nothing here can write to either file.

import { existsSync } from "node:fs";
import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { RequestError } from "../core/errors.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import { openBarStore } from "../data/open-bar-store.js";
import { isPostgresUrl } from "../data/pg/pg-url.js";
import { type RunInfo, ScanJournal } from "../scanners/scan-journal.js";
import type { ScannerSpec } from "../scanners/scanner-spec.js";
import { ExchangeCalendar } from "../time/exchange-calendar.js";
import { marketDefinition } from "../time/markets/index.js";

export interface DashboardSourcePaths {
  readonly journalPath: string;
  /** `undefined`, or a path that does not exist: no charts. */
  readonly storePath?: string;
  readonly loaded?: LoadedSessionConfig;
}

export class DashboardSources {
  readonly journal: ScanJournal;
  readonly store: BarStorePort | undefined;
  readonly calendar: ExchangeCalendar;
  readonly loaded: LoadedSessionConfig | undefined;

  private constructor(
    journal: ScanJournal,
    store: BarStorePort | undefined,
    loaded: LoadedSessionConfig | undefined,
  ) {
    this.journal = journal;
    this.store = store;
    this.loaded = loaded;
    // The session's own exchange (the NYSE without a config): its zone, days and sessions.
    this.calendar = loaded
      ? new ExchangeCalendar(loaded.calendarOverrides, marketDefinition(loaded.config.exchange))
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
      return new DashboardSources(journal, store, paths.loaded);
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
