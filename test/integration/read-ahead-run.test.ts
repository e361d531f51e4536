// `backtest.read_ahead: true` through the built `scanwright run` (the worker thread runs from
// dist/, as a user runs it): the journal of a four-day backtest over more symbols than one
// read-ahead batch equals, row by row, the journal of the same backtest read on the main thread.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READ_AHEAD_BATCH } from "../../src/data/replay-feed.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const ABOVE_VWAP = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const DAYS = ["2024-12-23", "2024-12-31"];

let demo: DemoStore;
let dir: string;

async function run(file: string, readAhead: boolean) {
  const journalPath = join(dir, `${file}.journal.db`);
  const lines = [
    "name: read-ahead",
    `backtest: { start: ${DAYS[0]}, end: ${DAYS[1]}${readAhead ? ", read_ahead: true" : ""} }`,
    `store: ${demo.path}`,
    `journal: ${journalPath}`,
    "session_data:",
    "  scanners:",
    "    - name: above-vwap",
    `      plugin: ${ABOVE_VWAP}`,
    `      universe: [${demo.symbols.join(", ")}]`,
    "      indicators: [{ type: vwap, interval: 1m }]",
    "      regular_session: [{ start: '09:45', end: '15:45', interval: 30m }]",
  ];
  const config = join(dir, `${file}.yaml`);
  writeFileSync(config, `${lines.join("\n")}\n`);
  const result = await runBuiltCli(["run", config], dir);
  const journal = ScanJournal.open(journalPath);
  try {
    const [info] = journal.runs();
    return { result, rows: journal.exportRun(info.id) };
  } finally {
    journal.close();
  }
}

describe("scanwright run with backtest.read_ahead", () => {
  beforeAll(() => {
    demo = buildDemoStore({ symbols: READ_AHEAD_BATCH + 30, days: 6, historyDays: 10 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-read-ahead-run-"));
  });
  afterAll(() => {
    demo?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals exactly what the run without a worker journals", async () => {
    const plain = await run("plain", false);
    const ahead = await run("ahead", true);
    expect(plain.result.exitCode, plain.result.stderr).toBe(0);
    expect(ahead.result.exitCode, ahead.result.stderr).toBe(0);
    // Six trading days (the 25th is a holiday, the 24th closes early), hits on every one of them.
    expect(plain.rows.every((row) => row.status === "ok")).toBe(true);
    const daysWithHits = new Set(
      plain.rows.filter((row) => row.symbols.length > 0).map((row) => row.sessionDate),
    );
    expect([...daysWithHits]).toEqual([
      "2024-12-23",
      "2024-12-24",
      "2024-12-26",
      "2024-12-27",
      "2024-12-30",
      "2024-12-31",
    ]);
    expect(ahead.rows).toEqual(plain.rows);
  });
});
