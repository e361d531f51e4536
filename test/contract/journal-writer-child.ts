// A second process recording into a scan journal, for the journal contract's concurrency cases:
// argv[2] is a JSON JournalWriterJob. Records `slots` regular slots of one scanner (a flush every
// `flushEvery` rows) and prints how many `record` accepted and how many the flushes dropped.

import { ScanJournal } from "../../src/scanners/scan-journal.js";

export interface JournalWriterJob {
  readonly location: string;
  /** The run to record into; when absent, the child starts a run of its own named `runName`. */
  readonly run?: number;
  readonly runName: string;
  readonly scanner: string;
  readonly firstSlot: number;
  readonly slots: number;
  readonly flushEvery: number;
}

export interface JournalWriterReport {
  readonly run: number;
  readonly accepted: number;
  readonly dropped: number;
}

const MINUTE_MS = 60_000;
const job = JSON.parse(process.argv[2]) as JournalWriterJob;
const journal = ScanJournal.open(job.location, { busyTimeoutMs: 60_000, batchSize: 100_000 });
const run =
  job.run ?? journal.startRun({ name: job.runName, mode: "backtest", configHash: "child", startedAt: 0 }).id;
let accepted = 0;
for (let i = 0; i < job.slots; i++) {
  const scheduledAt = job.firstSlot + i * MINUTE_MS;
  const ok = journal.record(run, {
    scanner: job.scanner,
    kind: "regular",
    sessionDate: new Date(scheduledAt).toISOString().slice(0, 10),
    scheduledAt,
    startedAt: scheduledAt,
    durationMs: 1,
    status: "ok",
    universeSize: 3,
    symbols: [`S${i % 7}`],
    metadata: { writer: process.pid, i },
    promoted: [],
  });
  if (ok) accepted++;
  if ((i + 1) % job.flushEvery === 0) journal.flush();
}
journal.close();
const report: JournalWriterReport = { run, accepted, dropped: journal.droppedRows };
process.stdout.write(`${JSON.stringify(report)}\n`);
