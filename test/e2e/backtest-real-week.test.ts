// A whole backtest through `scanwright run` over the real SPY and AIG minutes of 2013-10-07..11,
// with a test plugin (close above session VWAP) whose hits are computed here from the CSV text.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { buildRealStore, type RealStore, WEEK_DATES } from "../helpers/real-session.js";
import { type CsvBar, readMinuteCsv, regularMinutes } from "../helpers/shared-data.js";

const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const SLOT_TIMES = [
  "10:00",
  "10:30",
  "11:00",
  "11:30",
  "12:00",
  "12:30",
  "13:00",
  "13:30",
  "14:00",
  "14:30",
  "15:00",
  "15:30",
];

/** Symbols whose last regular 1m close that ended by `slot` is above the VWAP of the day's regular bars so far. */
function expectedHits(minutes: Record<string, CsvBar[]>, date: string, slot: number): string[] {
  return ["SPY", "AIG"].filter((symbol) => {
    const bars = regularMinutes(minutes[symbol], date).filter((bar) => bar.time + 60_000 <= slot);
    if (bars.length === 0) return false;
    let priceVolume = 0;
    let volume = 0;
    for (const bar of bars) {
      priceVolume += ((bar.high + bar.low + bar.close) / 3) * bar.volume;
      volume += bar.volume;
    }
    return bars[bars.length - 1].close > priceVolume / volume;
  });
}

describe("scanwright run on the real week of 2013-10-07", () => {
  let store: RealStore;
  let dir: string;
  let configPath: string;
  beforeAll(() => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-e2e-"));
    configPath = join(dir, "week.yaml");
    writeFileSync(
      configPath,
      [
        "name: real-week",
        "mode: backtest",
        "backtest: { start: 2013-10-07, end: 2013-10-11 }",
        `store: ${store.path}`,
        "journal: journal.db",
        "session_data:",
        "  scanners:",
        "    - name: above-vwap",
        `      plugin: ${PLUGIN}`,
        "      universe: [SPY, AIG]",
        "      indicators: [{ type: vwap, interval: 1m }]",
        "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
        "      promote: true",
        "      config: { minVolume: 0 }",
        "",
      ].join("\n"),
    );
  });
  afterAll(() => {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("hits exactly the symbols above VWAP at every slot, prints events, and journals every slot", async () => {
    const result = await runCaptured(["run", configPath, "--json"], commandRegistrars, { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const scans = events.filter((event) => event.event === "scan");
    expect(scans.length).toBe(60);

    const minutes: Record<string, CsvBar[]> = {};
    for (const symbol of ["SPY", "AIG"]) {
      minutes[symbol] = WEEK_DATES.flatMap((date) =>
        readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`),
      );
    }
    const expected = WEEK_DATES.flatMap((date) =>
      SLOT_TIMES.map((time) => {
        const at = `${date}T${time}:00-04:00`;
        return { at, symbols: expectedHits(minutes, date, Date.parse(at)) };
      }),
    );
    expect(scans.map((event) => ({ at: event.at, symbols: event.symbols }))).toEqual(expected);
    expect(scans.every((event) => event.status === "ok")).toBe(true);
    // Both symbols qualify at some slot and miss at others: the test can tell a wrong answer.
    const hitCounts = ["SPY", "AIG"].map(
      (symbol) => expected.filter((slot) => slot.symbols.includes(symbol)).length,
    );
    expect(hitCounts.every((count) => count > 0 && count < 60)).toBe(true);

    const setups = events.filter((event) => event.event === "setup");
    const teardowns = events.filter((event) => event.event === "teardown");
    expect(setups.map((event) => event.at)).toEqual(WEEK_DATES.map((date) => `${date}T04:00:00-04:00`));
    expect(teardowns.map((event) => event.at)).toEqual(WEEK_DATES.map((date) => `${date}T15:30:00-04:00`));
    // A promoted symbol stays a session symbol: promoted at most once over the whole week.
    const promoted = events.filter((event) => event.event === "promoted").map((event) => event.symbol);
    expect([...promoted].sort()).toEqual([...new Set(promoted)].sort());

    const journal = ScanJournal.open(join(dir, "journal.db"));
    try {
      const [run] = journal.runs();
      expect(run.status).toBe("completed");
      expect(run.rows).toBe(70);
      const [summary] = journal.summary(run.id);
      expect(summary).toMatchObject({
        scanner: "above-vwap",
        days: 5,
        scans: 60,
        errors: 0,
        hits: hitCounts[0] + hitCounts[1],
      });
    } finally {
      journal.close();
    }
  });

  it("gives the same journal, row for row, when run again", async () => {
    const again = await runCaptured(["run", configPath], commandRegistrars, { cwd: dir });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(
      'Backtest "real-week": 5 trading days 2013-10-07 → 2013-10-11, 60 scan slots',
    );
    expect(again.stdout).toMatch(
      /^scanner\s+days\s+scans\s+errors\s+timeouts\s+skipped\s+hits\s+symbols\s+top symbols$/m,
    );
    const journal = ScanJournal.open(join(dir, "journal.db"));
    try {
      const runs = journal.runs();
      expect(runs.length).toBe(2);
      expect(journal.exportRun(runs[1].id)).toEqual(journal.exportRun(runs[0].id));
    } finally {
      journal.close();
    }
  });
});
