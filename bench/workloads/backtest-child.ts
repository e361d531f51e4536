// One backtest of the end-to-end benchmarks, in a process of its own (started with --expose-gc, so
// resident memory is this run's alone): loads a session config exactly as `scanwright run` does
// (loadSessionConfig, createSession, loadScanner, ScanJournal, runBacktest), times the backtest
// from the first provisioning to the journal's final flush, and prints a BacktestRunResult as JSON.
// Also usable directly for profiling:
//   node --expose-gc --cpu-prof .bench-build/bench/workloads/backtest-child.js '<request JSON>'

// The engine is imported as an embedder imports it, through the package's entry "scanwright":
// Node resolves the package's own name to its build (dist/index.js, bundled by
// scripts/bundle-dist.mjs), so `npm run build` must have run; the type check reads src/ (the
// `paths` of tsconfig.json). The plugins' "scanwright" is then that same entry.
import { dirname } from "node:path";
import Database from "better-sqlite3";
import {
  createSession,
  ExchangeCalendar,
  type LoadedScanner,
  loadScanner,
  loadSessionConfig,
  runBacktest,
  ScanJournal,
} from "scanwright";
import { hitSetHash } from "./contenders/hit-set.js";
import { type ProcessFigures, processFigures } from "./process-figures.js";

export interface BacktestRunRequest {
  readonly configPath: string;
  readonly journalPath: string;
}

/** Hits of one scan slot, as the journal recorded them. */
export interface SlotHits {
  readonly scanner: string;
  readonly scheduledAt: number;
  readonly status: string;
  readonly hits: number;
  /** `hitSetHash` of the hit symbols. */
  readonly hash: number;
}

export interface BacktestRunResult {
  /** Wall seconds of runBacktest (provisioning, replay, scans, journal), store generation excluded. */
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** The whole process up to the end of the backtest (start-up, config and plugin loading included). */
  readonly process: ProcessFigures;
  /** Resident set size at the end of the backtest. */
  readonly rssBytes: number;
  readonly peakRssBytes: number;
  readonly heapUsedBytes: number;
  readonly days: readonly string[];
  readonly slots: number;
  readonly failedSymbols: number;
  /** Every scan row read back from the journal file, in slot order. */
  readonly scans: readonly SlotHits[];
}

export async function runBacktestOnce(request: BacktestRunRequest): Promise<BacktestRunResult> {
  const loaded = loadSessionConfig(request.configPath);
  const calendar = new ExchangeCalendar(loaded.calendarOverrides);
  const session = createSession(loaded.config, { calendar, baseDir: dirname(request.configPath) });
  const scanners: LoadedScanner[] = [];
  for (const spec of loaded.scanners) scanners.push(await loadScanner(spec));
  const journal = ScanJournal.open(request.journalPath);
  try {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await runBacktest(session, scanners, journal);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const wholeProcess = processFigures();
    const memory = process.memoryUsage();
    journal.close();
    const db = new Database(request.journalPath, { readonly: true });
    const rows = db
      .prepare<[number], { scanner: string; scheduledAt: number; status: string; symbols: string }>(
        `SELECT scanner, scheduled_at AS scheduledAt, status, symbols FROM scans
         WHERE run_id = ? AND kind = 'regular' ORDER BY scheduled_at, scanner`,
      )
      .all(report.run.id);
    db.close();
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      process: wholeProcess,
      rssBytes: memory.rss,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      heapUsedBytes: memory.heapUsed,
      days: report.days,
      slots: report.slots,
      failedSymbols: report.failedSymbols.length,
      scans: rows.map((row) => {
        const symbols = JSON.parse(row.symbols) as string[];
        return {
          scanner: row.scanner,
          scheduledAt: row.scheduledAt,
          status: row.status,
          hits: symbols.length,
          hash: hitSetHash(symbols),
        };
      }),
    };
  } finally {
    journal.close();
    session.close();
  }
}

const requestText = process.argv[2];
if (requestText !== undefined && process.argv[1]?.endsWith("backtest-child.js")) {
  const result = await runBacktestOnce(JSON.parse(requestText) as BacktestRunRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
