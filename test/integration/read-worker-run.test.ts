// The backtest's helper threads through the built `scanwright run` (as a user runs it, on by
// default on a machine with a second CPU): the store's read thread and the thread that touches the
// series' memory ahead. The journal of a six-day backtest over more symbols than three read groups,
// with history warm-ups (1d and 5m from 1m, read ahead window by window) and the replay's days,
// equals row by row the journal of the same backtest with `backtest.read_worker: false` and
// `backtest.prefault_thread: false`.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const ABOVE_VWAP = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const DAYS = ["2024-12-23", "2024-12-31"];

let demo: DemoStore;
let dir: string;

async function run(file: string, threads: boolean | undefined) {
  const journalPath = join(dir, `${file}.journal.db`);
  const flag = threads === undefined ? "" : `, read_worker: ${threads}, prefault_thread: ${threads}`;
  const lines = [
    "name: read-worker",
    `backtest: { start: ${DAYS[0]}, end: ${DAYS[1]}${flag} }`,
    `store: ${demo.path}`,
    `journal: ${journalPath}`,
    "session_data:",
    `  symbols: [${demo.symbols.join(", ")}]`,
    "  streams: [1m, 5m]",
    "  indicators:",
    "    - { type: sma, period: 20, interval: 1d }",
    "    - { type: rsi, period: 14, interval: 5m }",
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

describe("scanwright run with the backtest's helper threads", () => {
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 3 * 64 + 30, days: 6, historyDays: 30 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-read-worker-run-"));
  });
  afterAll(() => {
    demo?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals exactly what the run without it journals", async () => {
    // (The threads run only with a second CPU: on one, both runs are the same single-threaded run.)
    const plain = await run("plain", false);
    const threaded = await run("threaded", undefined);
    expect(plain.result.exitCode, plain.result.stderr).toBe(0);
    expect(threaded.result.exitCode, threaded.result.stderr).toBe(0);
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
    expect(threaded.rows).toEqual(plain.rows);
  });
});
