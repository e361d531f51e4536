// One `evaluate` of the scoring benchmark, in a process of its own: loads the config the backtest
// ran, then times scoring every hit of its run (journal read, bars read, forward measures, baseline),
// writing the scores to the journal, and aggregating the report; prints a ScoringRunResult as JSON.

import "reflect-metadata";
import { loadSessionConfig } from "../../src/config/load-session-config.js";
import { BarStore } from "../../src/data/bar-store.js";
import { scoreBacktestRun } from "../../src/runtime/score-backtest-run.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { DEFAULT_ENTRY_RULE } from "../../src/scoring/entry-rules.js";
import { DEFAULT_HORIZON_TEXT, parseHorizons } from "../../src/scoring/horizons.js";
import { buildReport } from "../../src/scoring/score-report.js";
import { ScoreTable } from "../../src/scoring/score-table.js";
import { calendarOf } from "../../src/time/markets/index.js";

export interface ScoringRunRequest {
  readonly configPath: string;
  readonly storePath: string;
  readonly journalPath: string;
  readonly run: number;
}

export interface ScoringRunResult {
  readonly hits: number;
  readonly horizons: number;
  /** Null returns per horizon (label → hits without a return there). */
  readonly nullsByHorizon: Record<string, number>;
  readonly scoreSeconds: number;
  readonly writeSeconds: number;
  readonly reportSeconds: number;
  readonly reportRows: number;
  readonly rssBytes: number;
}

export function scoreOnce(request: ScoringRunRequest): ScoringRunResult {
  const loaded = loadSessionConfig(request.configPath);
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const store = BarStore.open(request.storePath);
  const journal = ScanJournal.open(request.journalPath);
  try {
    const horizons = parseHorizons(DEFAULT_HORIZON_TEXT);
    let started = performance.now();
    const scores = scoreBacktestRun({
      loaded,
      journal,
      run: request.run,
      store,
      calendar,
      entryRule: DEFAULT_ENTRY_RULE,
      horizons,
    });
    const scoreSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const table = ScoreTable.open(request.journalPath);
    try {
      table.write(scores);
    } finally {
      table.close();
    }
    const writeSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const report = buildReport(scores, { calendar });
    const reportSeconds = (performance.now() - started) / 1000;
    const nullsByHorizon: Record<string, number> = {};
    horizons.forEach((horizon, h) => {
      let nulls = 0;
      for (let hit = 0; hit < scores.hits.count; hit++) {
        if (Number.isNaN(scores.hits.returns[hit * horizons.length + h])) nulls++;
      }
      nullsByHorizon[horizon.label] = nulls;
    });
    return {
      hits: scores.hits.count,
      horizons: horizons.length,
      nullsByHorizon,
      scoreSeconds,
      writeSeconds,
      reportSeconds,
      reportRows: report.rows.length,
      rssBytes: process.memoryUsage().rss,
    };
  } finally {
    journal.close();
    store.close();
  }
}

const requestText = process.argv[2];
if (requestText !== undefined && process.argv[1]?.endsWith("scoring-child.js")) {
  process.stdout.write(`${JSON.stringify(scoreOnce(JSON.parse(requestText) as ScoringRunRequest))}\n`);
}
