// Fault injection through the built `scanwright run` in a child process (the supervised worker
// thread, as a user runs it: a hook that never settles must not end the process): scanners whose plugin throws, hangs or returns garbage
// in each hook, calls the adhoc APIs with bad arguments, or hammers removeSymbolAdhoc on a locked
// symbol, run over a small demo store next to a healthy scanner. For each fault: the exact status
// and error of every journal row, teardown exactly once per scanner per day (in the journal and in
// the plugin's own trace of the calls it received), the healthy scanner's rows identical to a run
// without the faulty scanners, and exit code 0 (the process keeps going).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { FAULTS } from "../fixtures/plugins/faulty/faulty.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const FAULTY = fileURLToPath(new URL("../fixtures/plugins/faulty/faulty.ts", import.meta.url));
const HEALTHY = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const DAYS = ["2024-12-30", "2024-12-31"];
const SLOT_TIMES = ["10:00", "10:30", "11:00"];

let demo: DemoStore;
let dir: string;

function writeConfig(file: string, faults: readonly string[], trace: string): string {
  const [first, second] = demo.symbols;
  const lines = [
    "name: faults",
    `backtest: { start: ${DAYS[0]}, end: ${DAYS[1]} }`,
    `store: ${demo.path}`,
    `journal: ${join(dir, `${file}.journal.db`)}`,
    "session_data:",
    "  scanners:",
    "    - name: healthy",
    `      plugin: ${HEALTHY}`,
    `      universe: [${demo.symbols.join(", ")}]`,
    "      indicators: [{ type: vwap, interval: 1m }]",
    "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
  ];
  for (const fault of faults) {
    lines.push(
      `    - name: ${fault}`,
      `      plugin: ${FAULTY}`,
      `      universe: [${second}]`,
      "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
      // A hanging hook never settles, so a short limit times it out on any machine; the others
      // get a generous one, so that a loaded machine cannot turn their slow work into timeouts.
      `      timeout_seconds: ${fault.startsWith("hang-") ? 0.05 : 60}`,
      "      max_consecutive_failures: 10",
      ...(fault === "unknown-symbols" ? ["      promote: true"] : []),
      `      config: { fault: ${fault}, trace: ${JSON.stringify(trace)}, symbol: ${first} }`,
    );
  }
  const path = join(dir, `${file}.yaml`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

async function run(file: string, faults: readonly string[]) {
  const trace = join(dir, `${file}.trace`);
  writeFileSync(trace, "");
  const config = writeConfig(file, faults, trace);
  const result = await runBuiltCli(["run", config], dir);
  const journal = ScanJournal.open(join(dir, `${file}.journal.db`));
  try {
    const [info] = journal.runs();
    return {
      result,
      rows: journal.exportRun(info.id),
      status: info.status,
      trace: readFileSync(trace, "utf8"),
    };
  } finally {
    journal.close();
  }
}

describe("faulty plugins next to a healthy scanner", () => {
  let faulty: Awaited<ReturnType<typeof run>>;
  let clean: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    demo = buildDemoStore({ symbols: 4, days: 3, historyDays: 30 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-faults-"));
    clean = await run("clean", []);
    faulty = await run("faulty", FAULTS);
    // Two backtests with hanging hooks: about 10 s on a loaded 2-core machine, past the 10 s default.
  }, 120_000);
  afterAll(() => {
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 and journals every row of every scanner, each with its exact status and error", () => {
    expect(faulty.result.exitCode).toBe(0);
    expect(faulty.result.stderr).toBe("");
    expect(faulty.status).toBe("completed");
    for (const fault of FAULTS) {
      const actual = faulty.rows
        .filter((row) => row.scanner === fault)
        .map(({ kind, sessionDate, scheduledAt, status, error, symbols, metadata, promoted }) => ({
          kind,
          sessionDate,
          scheduledAt,
          status,
          error,
          symbols,
          metadata,
          promoted,
        }));
      expect({ fault, rows: actual }).toEqual({
        fault,
        rows: DAYS.flatMap((date) => expectedDay(fault, date)),
      });
    }
  });

  it("runs teardown exactly once per scanner per day, in the journal and in the plugin's own trace", () => {
    const scanners = ["healthy", ...FAULTS];
    for (const date of DAYS) {
      for (const scanner of scanners) {
        const teardowns = faulty.rows.filter(
          (row) => row.scanner === scanner && row.sessionDate === date && row.kind === "teardown",
        );
        expect({ scanner, date, teardowns: teardowns.length }).toEqual({ scanner, date, teardowns: 1 });
      }
    }
    const calls = new Map<string, number>();
    for (const line of faulty.trace.trim().split("\n")) calls.set(line, (calls.get(line) ?? 0) + 1);
    const expected = new Map<string, number>();
    for (const date of DAYS) {
      for (const fault of FAULTS) {
        expected.set(`${fault} setup ${date}`, 1);
        const scans = fault === "throw-setup" || fault === "hang-setup" ? 0 : fault === "hang-scan" ? 1 : 3;
        if (scans > 0) expected.set(`${fault} regular ${date}`, scans);
        expected.set(`${fault} teardown ${date}`, 1);
      }
    }
    expect(Object.fromEntries(calls)).toEqual(Object.fromEntries(expected));
  });

  it("leaves the healthy scanner's rows identical to a run without the faulty scanners", () => {
    expect(clean.result.exitCode).toBe(0);
    const healthy = faulty.rows.filter((row) => row.scanner === "healthy");
    expect(healthy).toEqual(clean.rows);
    expect(healthy).toHaveLength(DAYS.length * (SLOT_TIMES.length + 2));
    expect(healthy.every((row) => row.status === "ok")).toBe(true);
  });

  it("summarizes the faults per scanner", () => {
    const lines = faulty.result.stdout.split("\n");
    expect(lines[0]).toBe(
      `Backtest "faults": 2 trading days 2024-12-30 → 2024-12-31, 84 scan slots, run 1 in ${join(dir, "faulty.journal.db")}`,
    );
    expect(lines.slice(1, 16)).toEqual([
      "scanner             days  scans  errors  timeouts  skipped  hits  symbols  top symbols",
      "adhoc-bad-caught       2      6       0         0        0     0        0  -",
      "adhoc-bad-uncaught     2      6       6         0        0     0        0  -",
      "bad-symbols            2      6       6         0        0     0        0  -",
      "hang-scan              2      2       0         2        4     0        0  -",
      "hang-setup             2      0       0         2        0     0        0  -",
      "hang-teardown          2      6       0         2        0     0        0  -",
      `healthy                2      6       0         0        0    19        4  PUDU×6 NYWO×5 PABO×5 XIG×3`,
      "huge-list              2      6       6         0        0     0        0  -",
      "not-object             2      6       6         0        0     0        0  -",
      "remove-locked          2      6       0         0        0     0        0  -",
      "throw-scan             2      6       6         0        0     0        0  -",
      "throw-setup            2      0       2         0        0     0        0  -",
      "throw-teardown         2      6       2         0        0     0        0  -",
      "unknown-symbols        2      6       0         0        0    12        2  QQQQZ×6 ZZZZQ×6",
    ]);
    // The edge at the close, for the scanners with hits: the unknown symbols have no bars, so
    // every one of their hits is null, never a zero return.
    expect(lines[16]).toMatch(/^Edge at close \(entry next_open: /);
    expect(lines.slice(17)).toEqual([
      "scanner          hits  null    mean  baseline    edge           95 % CI",
      expect.stringMatching(
        /^healthy +19 +0 +[+-]\d+\.\d{3} +[+-]\d+\.\d{3} +[+-]\d+\.\d{3} +\[[+-]\d+\.\d{3}, [+-]\d+\.\d{3}\]$/,
      ),
      "unknown-symbols     0    12       -         -       -                 -",
      "",
    ]);
  });
});

const at = (date: string, time: string) => Date.parse(`${date}T${time}:00-05:00`);
const INTERVAL_5X =
  '"5x" is not an interval (expected a whole number followed by s, m, h, d or w, e.g. "5m", "1h", "1d")';
const TIMEOUT = "did not finish within 50 ms";

/** What the adhoc APIs answer to the bad calls of the `adhoc-bad-caught` fault: a coded error each. */
function adhocOutcomes(): Record<string, string> {
  const symbol = demo.symbols[0];
  return {
    "addIndicator bad symbol":
      'SCN_ERR_SYMBOL: Symbol "$SPY" has characters outside A-Z, 0-9, "." and "-" (or does not start with a letter or digit)',
    "addIndicator unknown type": ADHOC_UNKNOWN_TYPE,
    "addIndicator bad period":
      'SCN_ERR_INDICATOR: sma: parameter "period" must be a whole number from 1 to 100000, got -1',
    "addHistoricalBars bad interval": `SCN_ERR_INTERVAL: ${INTERVAL_5X}`,
    "addHistoricalBars zero days": `SCN_ERR_SESSION: addHistoricalBars("${symbol}", "1d", 0): days must be a whole number ≥ 1`,
    "addSessionBars bad interval":
      'SCN_ERR_INTERVAL: "0m" is not an interval (expected a whole number followed by s, m, h, d or w, e.g. "5m", "1h", "1d")',
    "addSessionBars not a string": "SCN_ERR_SYMBOL: Symbol must be a string, got number",
    "addSymbol bad symbol":
      'SCN_ERR_SYMBOL: Symbol "BRK B" has characters outside A-Z, 0-9, "." and "-" (or does not start with a letter or digit)',
    "addSymbol unknown symbol": 'SCN_ERR_SESSION: No bars for "ZZZZQ" in the bar store',
    "removeSymbolAdhoc undefined": "SCN_ERR_SYMBOL: Symbol must be a string, got undefined",
  };
}
const ADHOC_UNKNOWN_TYPE =
  'SCN_ERR_INDICATOR: Unknown indicator "nope"; known indicators: adx, atr, avg_volume, bbands, ema, gap, high_low, macd, obv, rel_volume, roc, rsi, sma, stoch, vwap, wma';

/** The rows one fault's scanner journals on one day: setup, the three slots, teardown. */
function expectedDay(fault: (typeof FAULTS)[number], date: string) {
  const base = { sessionDate: date, symbols: [], metadata: {}, promoted: [], error: null };
  const setupStatus =
    fault === "throw-setup"
      ? { status: "error", error: "setup exploded" }
      : fault === "hang-setup"
        ? { status: "timeout", error: TIMEOUT }
        : { status: "ok", error: null };
  const rows: unknown[] = [
    {
      ...base,
      kind: "setup",
      scheduledAt: at(date, "04:00"),
      metadata: { universe: 1, dropped: [] },
      ...setupStatus,
    },
  ];
  SLOT_TIMES.forEach((time, index) => {
    const slot = { ...base, kind: "regular", scheduledAt: at(date, time) };
    switch (fault) {
      case "throw-setup":
      case "hang-setup":
        rows.push({ ...slot, status: "disabled", error: "scanner is disabled for the day" });
        break;
      case "throw-scan":
        rows.push({ ...slot, status: "error", error: `scan exploded at ${date}T${time}:00-05:00` });
        break;
      case "hang-scan":
        rows.push(
          index === 0
            ? { ...slot, status: "timeout", error: TIMEOUT }
            : { ...slot, status: "skipped", error: "the previous hook is still running" },
        );
        break;
      case "not-object":
        rows.push({
          ...slot,
          status: "error",
          error: "invalid result: scan must return { symbols, metadata? }, got number",
        });
        break;
      case "bad-symbols":
        rows.push({
          ...slot,
          status: "error",
          error: "invalid result: scan result.symbols[1] is not a valid symbol: 7",
        });
        break;
      case "unknown-symbols":
        // Valid symbols the store does not hold: an ok result; promotion fails quietly (logged).
        rows.push({ ...slot, status: "ok", symbols: ["ZZZZQ", "QQQQZ"] });
        break;
      case "huge-list":
        rows.push({
          ...slot,
          status: "error",
          error: "invalid result: scan result.symbols has 100001 entries (at most 100000)",
        });
        break;
      case "adhoc-bad-uncaught":
        rows.push({ ...slot, status: "error", error: INTERVAL_5X });
        break;
      case "adhoc-bad-caught":
        rows.push({ ...slot, status: "ok", metadata: { outcomes: adhocOutcomes() } });
        break;
      case "remove-locked":
        // 200 removals of a locked adhoc symbol per scan: every one refused, the symbol intact.
        rows.push({
          ...slot,
          status: "ok",
          metadata: { removed: 0, locked: true, active: true, bars: true },
        });
        break;
      default:
        rows.push({ ...slot, status: "ok" });
    }
  });
  const teardownStatus =
    fault === "throw-teardown"
      ? { status: "error", error: "teardown exploded" }
      : fault === "hang-teardown"
        ? { status: "timeout", error: TIMEOUT }
        : { status: "ok", error: null };
  rows.push({ ...base, kind: "teardown", scheduledAt: at(date, "11:00"), ...teardownStatus });
  return rows;
}
