// The score tables in a scan journal: added to an existing journal without changing its layout
// version, a run's scores replaced whole, refused for a run the journal does not have.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JOURNAL_SCHEMA_VERSION } from "../../../src/scanners/journal-schema.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { parseHorizons } from "../../../src/scoring/horizons.js";
import { ScoreTable } from "../../../src/scoring/score-table.js";
import type { RunScores } from "../../../src/scoring/score-types.js";
import { thrown } from "../../helpers/thrown.js";

function scores(run: number, returns: readonly number[]): RunScores {
  const count = returns.length;
  return {
    run,
    entryRule: "close_at_T",
    horizons: parseHorizons("close"),
    scanners: [{ name: "pick", direction: "long", universeSize: 4 }],
    hits: {
      count,
      scanner: new Int32Array(count),
      scheduledAt: Float64Array.from(returns, (_, i) => 1_000_000 + i * 60_000),
      sessionDate: returns.map(() => "2013-10-08"),
      symbol: returns.map((_, i) => `S${i}`),
      entryPrice: new Float64Array(count).fill(50),
      entryAt: Float64Array.from(returns, (_, i) => 1_000_000 + i * 60_000),
      returns: Float64Array.from(returns),
      mfe: Float64Array.from(returns, (value) => Math.max(0, value)),
      mae: Float64Array.from(returns, (value) => Math.min(0, value)),
      baselineReturn: new Float64Array(count).fill(Number.NaN),
      baselinePositive: new Float64Array(count).fill(Number.NaN),
    },
    baselines: [
      {
        scanner: "pick",
        scheduledAt: Float64Array.from(returns, (_, i) => 1_000_000 + i * 60_000),
        meanReturn: new Float64Array(count).fill(Number.NaN),
        positiveShare: new Float64Array(count).fill(Number.NaN),
        meanMfe: new Float64Array(count).fill(Number.NaN),
        meanMae: new Float64Array(count).fill(Number.NaN),
        counted: new Float64Array(count),
        nulls: new Float64Array(count).fill(4),
      },
    ],
  };
}

describe("ScoreTable", () => {
  let dir: string;
  let path: string;
  let run: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-scores-"));
    path = join(dir, "journal.db");
    const journal = ScanJournal.open(path);
    run = journal.startRun({ name: "r", mode: "backtest", configHash: "h", startedAt: 0 }).id;
    journal.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("adds its tables to a journal that keeps opening as a journal of the same layout", () => {
    const table = ScoreTable.open(path);
    table.close();
    const db = new Database(path, { readonly: true });
    const names = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    const version = db.pragma("user_version", { simple: true });
    db.close();
    expect(names).toEqual([
      "alerts",
      "run_fences",
      "runs",
      "scans",
      "score_baselines",
      "score_runs",
      "scores",
    ]);
    expect(version).toBe(JOURNAL_SCHEMA_VERSION);
    const journal = ScanJournal.open(path);
    expect(journal.runs().map((info) => info.id)).toEqual([run]);
    journal.close();
  });

  it("replaces a run's scores whole and reads back nulls as NaN", () => {
    const table = ScoreTable.open(path);
    try {
      table.write(scores(run, [1, -2, 0.5]));
      table.write(scores(run, [3, Number.NaN]));
      const stored = table.read(run);
      expect(stored?.entryRule).toBe("close_at_T");
      expect(stored?.hits.count).toBe(2);
      expect(Array.from(stored?.hits.returns ?? [])).toEqual([3, Number.NaN]);
      expect(stored?.hits.symbol).toEqual(["S0", "S1"]);
      expect(Array.from(stored?.baselines[0].nulls ?? [])).toEqual([4, 4]);
    } finally {
      table.close();
    }
  });

  it("refuses scores of a run the journal does not have, leaving it unchanged", () => {
    const table = ScoreTable.open(path);
    try {
      const error = thrown(() => table.write(scores(run + 1, [1])));
      expect(error.code).toBe("SCN_ERR_STORE");
      expect(error.message).toBe(`Scan journal "${path}" has no run ${run + 1}`);
      expect(table.read(run + 1)).toBeUndefined();
    } finally {
      table.close();
    }
  });
});
