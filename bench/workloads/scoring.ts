// Scoring every hit of the backtest-throughput workload (2,000 demo symbols × 5 days, two scanners
// over the whole universe every 5 minutes) against that backtest itself: the backtest runs in a
// fresh process (backtest-child.ts), then `evaluate`'s work in another (scoring-child.ts): every hit
// at the 7 default horizons with MFE/MAE and the universe baseline at each slot. Target: scoring
// (computing the scores) takes less time than the backtest; writing them to the journal and the
// report's aggregation are timed apart. Best of REPEAT for both. Checked: every hit of the journal
// is scored, and the nulls are where the store's data ends (5d always, 1d on the last day).

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import type { BacktestRunRequest, BacktestRunResult } from "./backtest-child.js";
import { writeBacktestConfig } from "./backtest-config.js";
import { cachedDemoStore, lastTradingDays } from "./demo-store-cache.js";
import type { ScoringRunRequest, ScoringRunResult } from "./scoring-child.js";

const BACKTEST_DAYS = 5;
const STORE = { symbols: 4_000, days: 8, historyDays: 60, seed: 7, lastDay: "2024-10-31" } as const;
const SYMBOLS = 2_000;
const REPEAT = 2;
const TARGET_RATIO = 1;

const runFile = promisify(execFile);

async function child<T>(name: string, request: unknown): Promise<T> {
  const path = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const { stdout } = await runFile(process.execPath, ["--expose-gc", path, JSON.stringify(request)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

export const scoringWorkload: BenchWorkload = {
  name: "scoring",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore(STORE);
    const calendar = new ExchangeCalendar();
    const days = lastTradingDays(store, BACKTEST_DAYS, calendar);
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-scoring-"));
    try {
      const backtests: BacktestRunResult[] = [];
      const scorings: ScoringRunResult[] = [];
      let journalHits = 0;
      for (let repeat = 0; repeat < REPEAT; repeat++) {
        const name = `score-${repeat}`;
        const configPath = writeBacktestConfig({
          folder,
          name,
          storePath: store.path,
          symbols: store.report.symbols.slice(0, SYMBOLS),
          start: days[0],
          end: days[days.length - 1],
        });
        const journalPath = join(folder, `${name}-journal.db`);
        const backtest = await child<BacktestRunResult>("backtest-child", {
          configPath,
          journalPath,
        } satisfies BacktestRunRequest);
        backtests.push(backtest);
        journalHits = backtest.scans.reduce((sum, scan) => sum + scan.hits, 0);
        scorings.push(
          await child<ScoringRunResult>("scoring-child", {
            configPath,
            storePath: store.path,
            journalPath,
            run: 1,
          } satisfies ScoringRunRequest),
        );
      }
      const backtestSeconds = Math.min(...backtests.map((run) => run.seconds));
      const best = scorings.reduce((fastest, run) =>
        run.scoreSeconds < fastest.scoreSeconds ? run : fastest,
      );
      const lastDay = days[days.length - 1];
      return {
        name: "scoring",
        params: {
          symbols: SYMBOLS,
          days: BACKTEST_DAYS,
          backtest:
            "the backtest-throughput workload's config (rsi-below and above-vwap every 5m over the universe)",
          horizons:
            "5m,15m,30m,60m,close,1d,5d; entry next_open; baseline: the 2,000-symbol universe at each slot with hits",
          timing: `best of ${REPEAT}, each backtest and each scoring in a fresh node --expose-gc process`,
          backtestRunsSeconds: backtests.map((run) => round(run.seconds, 3)),
          scoringRunsSeconds: scorings.map((run) => round(run.scoreSeconds, 3)),
          storeLastDay: lastDay,
          nullsByHorizon: best.nullsByHorizon,
        },
        metrics: {
          hits: best.hits,
          backtestSeconds: round(backtestSeconds, 3),
          scoreSeconds: round(best.scoreSeconds, 3),
          hitsPerSecond: Math.round(best.hits / best.scoreSeconds),
          scoreToBacktestRatio: round(best.scoreSeconds / backtestSeconds, 3),
          writeSeconds: round(best.writeSeconds, 3),
          writeRowsPerSecond: Math.round((best.hits * best.horizons) / best.writeSeconds),
          reportSeconds: round(best.reportSeconds, 3),
          scoreWriteReportToBacktestRatio: round(
            (best.scoreSeconds + best.writeSeconds + best.reportSeconds) / backtestSeconds,
            3,
          ),
          rssMegabytes: Math.round(best.rssBytes / 2 ** 20),
        },
        targets: [{ metric: "scoreToBacktestRatio", kind: "max", value: TARGET_RATIO }],
        checks: {
          "every hit of the journal is scored, every run": scorings.every((run) => run.hits === journalHits),
          "the backtests ran every slot": backtests.every((run) =>
            run.scans.every((scan) => scan.status === "ok"),
          ),
          // 5d always runs past the store's last day; the intraday horizons share one null count
          // (hits without an entry), and 1d adds the last day's hits to it.
          "5d null for every hit": best.nullsByHorizon["5d"] === best.hits,
          "5m..close null alike (no entry)": ["15m", "30m", "60m", "close"].every(
            (label) => best.nullsByHorizon[label] === best.nullsByHorizon["5m"],
          ),
          "1d null for more hits than close (the last day)":
            best.nullsByHorizon["1d"] > best.nullsByHorizon.close,
        },
      };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
