// Scan journal throughput: recording a long backtest's rows with batched writes (flushed per
// session day, as a backtest does), recording with a flush after every row (as the live daemon
// does), and reading the run back (query of every row, per-scanner summary). The rows are
// generated deterministically beforehand; the journal files live in a temp folder removed after.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type JournalRecord, ScanJournal } from "../../src/scanners/scan-journal.js";
import { type BenchResult, type BenchWorkload, bestOfMs } from "../bench-result.js";

const ROWS = 200_000;
const SCANNERS = 8;
/** 09:35–15:55 every 5 minutes. */
const SLOTS_PER_DAY = 77;
const DAEMON_ROWS = 5_000;
const FIRST_DAY = Date.parse("2015-01-05T00:00:00Z");
const DAY_MS = 86_400_000;
const FIRST_SLOT_OFFSET_MS = (14 * 60 + 35) * 60_000; // 09:35 at -05:00
const SLOT_MS = 300_000;
const SYMBOL_POOL = Array.from({ length: 60 }, (_, i) => `SYM${i}`);

interface GeneratedDay {
  readonly rows: JournalRecord[];
}

/** `ROWS` rows: every scanner at every slot of consecutive days, seeded random results. */
function generateDays(): { days: GeneratedDay[]; hits: number } {
  let seed = 20_241_129;
  const random = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const days: GeneratedDay[] = [];
  let hits = 0;
  for (let i = 0; i < ROWS; i++) {
    const slotOfRun = Math.floor(i / SCANNERS);
    const day = Math.floor(slotOfRun / SLOTS_PER_DAY);
    const slot = slotOfRun % SLOTS_PER_DAY;
    if (days.length === day) days.push({ rows: [] });
    const dayStart = FIRST_DAY + day * DAY_MS;
    const scheduledAt = dayStart + FIRST_SLOT_OFFSET_MS + slot * SLOT_MS;
    const count = Math.floor(random() * 5);
    const symbols = Array.from(
      { length: count },
      () => SYMBOL_POOL[Math.floor(random() * SYMBOL_POOL.length)],
    );
    hits += count;
    days[day].rows.push({
      scanner: `scanner-${i % SCANNERS}`,
      kind: "regular",
      sessionDate: new Date(dayStart).toISOString().slice(0, 10),
      scheduledAt,
      startedAt: scheduledAt,
      durationMs: Math.round(random() * 1000) / 100,
      status: random() < 0.01 ? "error" : "ok",
      universeSize: 500,
      symbols,
      metadata: { scanned: 500, scores: symbols.map(() => Math.round(random() * 1e4) / 100), day },
      promoted: symbols.slice(0, 1),
    });
  }
  return { days, hits };
}

export const journalWorkload: BenchWorkload = {
  name: "journal",
  async run(): Promise<BenchResult> {
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-journal-"));
    try {
      const { days, hits } = generateDays();
      const run = { name: "bench", mode: "backtest", configHash: "bench", startedAt: 0 } as const;

      // Each repeat records into a fresh file, as a first backtest would.
      let attempt = 0;
      let accepted = 0;
      let duplicateRefused = false;
      const recordMs = bestOfMs(3, () => {
        const journal = ScanJournal.open(join(folder, `backtest-${attempt++}.db`));
        const ref = journal.startRun(run);
        accepted = 0;
        for (const day of days) {
          for (const row of day.rows) if (journal.record(ref, row)) accepted++;
          journal.flush();
        }
        duplicateRefused = !journal.record(ref, days[0].rows[0]);
        journal.finishRun(ref, { finishedAt: 1, status: "completed" });
        journal.close();
      });

      const journal = ScanJournal.open(join(folder, `backtest-${attempt - 1}.db`));
      const [stored] = journal.runs();
      let readRows = 0;
      const queryMs = bestOfMs(3, () => {
        readRows = journal.query({ run: stored }).length;
      });
      let summaryScans = 0;
      let summaryHits = 0;
      const summaryMs = bestOfMs(3, () => {
        const summary = journal.summary(stored);
        summaryScans = summary.reduce((sum, scanner) => sum + scanner.scans, 0);
        summaryHits = summary.reduce((sum, scanner) => sum + scanner.hits, 0);
      });
      journal.close();

      // The daemon: one flush (one transaction) after every slot's row.
      const daemon = ScanJournal.open(join(folder, "daemon.db"));
      const live = daemon.startRun({ ...run, mode: "live" });
      const daemonRows = days.flatMap((day) => day.rows).slice(0, DAEMON_ROWS);
      const daemonStarted = performance.now();
      for (const row of daemonRows) {
        daemon.record(live, row);
        daemon.flush();
      }
      const daemonMs = performance.now() - daemonStarted;
      const daemonStored = daemon.query({ run: live }).length;
      daemon.close();

      return {
        name: "journal",
        params: { rows: ROWS, scanners: SCANNERS, days: days.length, daemonRows: DAEMON_ROWS },
        metrics: {
          recordRowsPerSecond: Math.round(ROWS / (recordMs / 1000)),
          flushEveryRowRowsPerSecond: Math.round(DAEMON_ROWS / (daemonMs / 1000)),
          queryRowsPerSecond: Math.round(readRows / (queryMs / 1000)),
          summaryMs: Math.round(summaryMs * 10) / 10,
        },
        targets: [
          { metric: "recordRowsPerSecond", kind: "min", value: 50_000 },
          { metric: "flushEveryRowRowsPerSecond", kind: "min", value: 2_000 },
        ],
        checks: {
          "every row is accepted": accepted === ROWS,
          "the run lists every row": stored.rows === ROWS,
          "a query reads every row back": readRows === ROWS,
          "the summary counts every scan": summaryScans === ROWS,
          "the summary counts every hit": summaryHits === hits,
          "a recorded slot is refused": duplicateRefused,
          "the daemon stores every row": daemonStored === DAEMON_ROWS,
        },
      };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
