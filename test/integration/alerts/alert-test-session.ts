// Shared setup of the alert tests: a session config (YAML text, validated by the real loader)
// with one scanner whose `notify` block the test gives, a journal with a live run, and rows to
// record into it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LoadedSessionConfig, parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { RecordingLogger } from "../../../src/core/logger.js";
import {
  type AlertDelivery,
  alertJournalOptions,
  startAlertDelivery,
} from "../../../src/runtime/alert-delivery.js";
import { type JournalRecord, type RunRef, ScanJournal } from "../../../src/scanners/scan-journal.js";
import type { Clock } from "../../../src/time/clock.js";

export const PLUGIN = fileURLToPath(new URL("../../fixtures/plugins/above-vwap.ts", import.meta.url));
export const DATE = "2024-12-02";
export const at = (time: string): number => Date.parse(`${DATE}T${time}:00-05:00`);

/** The `session_data:` block of the CLI alert tests: above-vwap on SPY and AIG every 30 minutes. */
export const ABOVE_VWAP_SESSION_LINES: readonly string[] = [
  "session_data:",
  "  scanners:",
  "    - name: above-vwap",
  `      plugin: ${PLUGIN}`,
  "      universe: [SPY, AIG]",
  "      indicators: [{ type: vwap, interval: 1m }]",
  "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
];

/** A config whose scanner `gaps` has the given `notify:` lines (indented under the scanner). */
export function configWithNotify(notifyLines: readonly string[], file = "alerts.yaml"): LoadedSessionConfig {
  const text = [
    "name: live",
    "mode: live",
    "session_data:",
    "  scanners:",
    "    - name: gaps",
    `      plugin: ${PLUGIN}`,
    "      universe: [AAPL, MSFT, IBM]",
    '      cron: "35 9 * * 1-5"',
    "      notify:",
    ...notifyLines.map((line) => `        ${line}`),
    "",
  ].join("\n");
  return parseSessionConfigText(text, file, tmpdir());
}

export function scanRow(time: string, symbols: string[], metadata: unknown = {}): JournalRecord {
  return {
    scanner: "gaps",
    kind: "regular",
    sessionDate: DATE,
    scheduledAt: at(time),
    startedAt: at(time),
    durationMs: 1,
    status: "ok",
    universeSize: 3,
    symbols,
    metadata,
    promoted: [],
  };
}

export interface AlertTestSession {
  readonly journal: ScanJournal;
  readonly run: RunRef;
  readonly delivery: AlertDelivery;
  readonly logger: RecordingLogger;
  /** Records the row and commits it (as the daemon does after every slot). */
  record(row: JournalRecord): void;
  dispose(): Promise<void>;
}

export function openAlertSession(
  loaded: LoadedSessionConfig,
  env: Record<string, string>,
  clock: Clock,
): AlertTestSession {
  const dir = mkdtempSync(join(tmpdir(), "scanwright-alerts-"));
  const journal = ScanJournal.open(join(dir, "journal.db"), { alerts: alertJournalOptions(loaded.notify) });
  const run = journal.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
  const logger = new RecordingLogger();
  const delivery = startAlertDelivery(journal, {
    notify: loaded.notify,
    env,
    scope: { session: "live", mode: "live" },
    clock,
    logger,
  });
  if (!delivery) throw new Error("the config has no alerts");
  return {
    journal,
    run,
    delivery,
    logger,
    record: (row) => {
      journal.record(run, row);
      journal.flush();
    },
    dispose: async () => {
      await delivery.stop();
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
