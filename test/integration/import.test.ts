// Imports the real files of ../shared/data and checks them against the file text, read here with a
// plain split/Date.parse so the importer's own parsing is not its own oracle.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BarColumns, columnsToBars } from "../../src/core/bar-columns.js";
import { ImportError } from "../../src/core/errors.js";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";

const DATA = fileURLToPath(new URL("../../../shared/data", import.meta.url));
const SPY_MINUTES = join(DATA, "minute", "SPY-20131007.csv");
const SPY_DAILY = join(DATA, "daily", "SPY.csv");

interface FileBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The data rows of a shared CSV, read independently of the importer. */
function readFileBars(path: string, timeOf: (field: string) => number): FileBar[] {
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [time, open, high, low, close, volume] = line.split(",");
    return {
      time: timeOf(time),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
  });
}

function plain(bars: BarColumns): FileBar[] {
  return columnsToBars(bars, "-").map(({ interval: _interval, ...bar }) => bar);
}

const ALL_TIME: [number, number] = [Date.UTC(1990, 0, 1), Date.UTC(2036, 0, 1)];

describe("importCsvFile with the shared data", () => {
  let folder: string;
  let store: BarStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "scanwright-import-"));
    store = BarStore.open(join(folder, "bars.db"));
  });
  afterEach(() => {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("round-trips SPY-20131007.csv: every row, as written in the file", () => {
    const progress: Array<[number, number]> = [];
    const report = importCsvFile(store, SPY_MINUTES, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report).toEqual({
      file: SPY_MINUTES,
      symbol: "SPY",
      interval: "1m",
      rows: 828,
      inserted: 828,
      unchanged: 0,
      replaced: 0,
      skipped: [],
      skippedCount: 0,
      repairedChunks: 0,
    });
    // Progress in bytes read: the file fits one piece.
    const size = statSync(SPY_MINUTES).size;
    expect(progress).toEqual([[size, size]]);
    const expected = readFileBars(SPY_MINUTES, Date.parse);
    const stored = plain(store.readBars("SPY", "1m", ...ALL_TIME));
    expect(stored).toEqual(expected);
    expect(stored[0]).toEqual({
      time: Date.parse("2013-10-07T04:00:00-04:00"),
      open: 167.41,
      high: 167.41,
      low: 167.25,
      close: 167.27,
      volume: 3197,
    });
    expect(stored.at(-1)).toEqual({
      time: Date.parse("2013-10-07T19:59:00-04:00"),
      open: 167.26,
      high: 167.3,
      low: 167.26,
      close: 167.3,
      volume: 800,
    });
  });

  it("round-trips daily/SPY.csv with each bar keyed at its session's 09:30 open", () => {
    const report = importCsvFile(store, SPY_DAILY);
    expect([report.symbol, report.interval, report.rows, report.inserted]).toEqual(["SPY", "1d", 5849, 5849]);
    const stored = plain(store.readBars("SPY", "1d", ...ALL_TIME));
    expect(stored.length).toBe(5849);
    expect(stored[0]).toEqual({
      time: Date.parse("1998-01-02T09:30:00-05:00"),
      open: 97.31,
      high: 97.53,
      low: 96.53,
      close: 97.36,
      volume: 2_150_000,
    });
    expect(stored.at(-1)).toEqual({
      time: Date.parse("2021-03-31T09:30:00-04:00"),
      open: 395.35,
      high: 398,
      low: 395.33,
      close: 396.33,
      volume: 90_673_494,
    });
    const fileRows = readFileBars(SPY_DAILY, () => 0);
    expect(stored.map((bar) => [bar.open, bar.high, bar.low, bar.close, bar.volume])).toEqual(
      fileRows.map((bar) => [bar.open, bar.high, bar.low, bar.close, bar.volume]),
    );
    expect(store.coverage("SPY", "1d")).toMatchObject({
      count: 5849,
      firstTime: Date.parse("1998-01-02T09:30:00-05:00"),
      lastTime: Date.parse("2021-03-31T09:30:00-04:00"),
    });
  });

  it("imports every shared file without a problem", () => {
    for (const kind of ["daily", "minute"]) {
      for (const name of readdirSync(join(DATA, kind))) {
        const path = join(DATA, kind, name);
        const dataRows = readFileSync(path, "utf8").trim().split("\n").length - 1;
        const report = importCsvFile(store, path);
        expect([name, report.rows, report.inserted, report.skipped.length]).toEqual([
          name,
          dataRows,
          dataRows,
          0,
        ]);
      }
    }
    expect(store.symbols("1d")).toEqual([
      "AAPL",
      "AIG",
      "EEM",
      "FB",
      "GOOG",
      "IWM",
      "QQQ",
      "SPY",
      "USO",
      "WM",
    ]);
    expect(store.symbols("1m")).toEqual(["AAPL", "AIG", "RIVN", "SPY"]);
    expect(store.coverage("SPY", "1m")?.count).toBe(828 + 828 + 813 + 883 + 776);
  });

  it("re-importing a file changes nothing", () => {
    importCsvFile(store, SPY_MINUTES);
    const again = importCsvFile(store, SPY_MINUTES);
    expect([again.inserted, again.unchanged, again.replaced]).toEqual([0, 828, 0]);
    expect(store.coverage("SPY", "1m")?.count).toBe(828);
  });

  it("takes the symbol and interval given over the file name", () => {
    const report = importCsvFile(store, SPY_MINUTES, { symbol: "spy.test", interval: "1m" });
    expect([report.symbol, report.interval]).toEqual(["SPY.TEST", "1m"]);
    expect(store.symbols()).toEqual(["SPY.TEST"]);
  });

  describe("a file with bad rows", () => {
    let badPath: string;
    beforeEach(() => {
      const lines = readFileSync(SPY_MINUTES, "utf8").split("\n");
      // Line 5 (index 4): high below low. Line 300: an offset beyond ±18:00.
      lines[4] = "2013-10-07T04:04:00-04:00,167.25,167.2,167.3,167.25,100";
      lines[299] = lines[299].replace("-04:00", "-24:00");
      badPath = join(folder, "SPY-20131007.csv");
      writeFileSync(badPath, lines.join("\n"));
      importCsvFile(store, join(DATA, "minute", "AIG-20131007.csv"));
    });

    it("is refused whole, naming each bad line, and leaves the store as it was", () => {
      let error: unknown;
      try {
        importCsvFile(store, badPath);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ImportError);
      const importError = error as ImportError;
      expect(importError.code).toBe("SCN_ERR_IMPORT");
      expect(importError.problems.map((problem) => problem.line)).toEqual([5, 300]);
      expect(importError.problems[0].reason).toBe("high 167.2 is below low 167.3");
      expect(importError.problems[1].reason).toMatch(/is not an ISO-8601 date-time or epoch time/);
      expect(importError.location).toEqual({ file: badPath, line: 5 });
      expect(importError.message).toMatch(/2 bad row\(s\) of 828, nothing imported/);
      expect(
        store.listSeries().map((series) => `${series.symbol} ${series.interval} ${series.count}`),
      ).toEqual(["AIG 1m 433"]);
    });

    it("with skipBad imports exactly the good rows and reports the rest", () => {
      const report = importCsvFile(store, badPath, { skipBad: true });
      expect([report.rows, report.inserted, report.skipped.map((problem) => problem.line)]).toEqual([
        828,
        826,
        [5, 300],
      ]);
      const fileBars = readFileBars(SPY_MINUTES, Date.parse);
      const expected = fileBars.filter((_, index) => index !== 3 && index !== 298);
      expect(plain(store.readBars("SPY", "1m", ...ALL_TIME))).toEqual(expected);
    });
  });

  it("names a missing file, and a file whose symbol cannot be inferred", () => {
    expect(() => importCsvFile(store, join(folder, "NOPE-20131007.csv"))).toThrow(
      `CSV file ${join(folder, "NOPE-20131007.csv")} does not exist`,
    );
    const nameless = join(folder, "my bars.csv");
    writeFileSync(nameless, "timestamp,open,high,low,close,volume\n");
    expect(() => importCsvFile(store, nameless)).toThrow(/Cannot tell the symbol of .*my bars\.csv/);
    const empty = join(folder, "EMPTY-20131007.csv");
    writeFileSync(empty, "timestamp,open,high,low,close,volume\n");
    expect(() => importCsvFile(store, empty)).toThrow(`${empty} holds no bars`);
  });

  it("adjusts AAPL for its 7:1 split on 2014-06-09 into a continuous series", () => {
    const aapl = join(DATA, "daily", "AAPL.csv");
    const raw = BarStore.open(":memory:");
    importCsvFile(raw, aapl);
    const report = importCsvFile(store, aapl, { factorsDir: join(DATA, "factors") });
    expect(report.factorFile).toBe(join(DATA, "factors", "AAPL.csv"));
    const june6 = Date.parse("2014-06-06T09:30:00-04:00");
    const june9 = Date.parse("2014-06-09T09:30:00-04:00");
    const rawBars = raw.readBars("AAPL", "1d", june6, june9 + 1);
    const adjustedBars = store.readBars("AAPL", "1d", june6, june9 + 1);
    raw.close();

    expect(Array.from(rawBars.close)).toEqual([645.57, 93.7]);
    expect(rawBars.close[1] / rawBars.close[0] - 1).toBeCloseTo(-0.8549, 4);
    // Factor rows: 2014-06-06 → (0.9011818, 0.0357143); 2014-06-09 → the 2014-08-06 row (0.9011818, 0.25).
    expect(Array.from(adjustedBars.close)).toEqual([645.57 * 0.9011818 * 0.0357143, 93.7 * 0.9011818 * 0.25]);
    const change = adjustedBars.close[1] / adjustedBars.close[0] - 1;
    expect(change).toBeCloseTo(0.016, 4); // +1.6 %: an ordinary day
    expect(Array.from(adjustedBars.volume)).toEqual([
      Math.round(12_116_671 / 0.0357143),
      Math.round(72_875_948 / 0.25),
    ]);
  });

  it("refuses --factors without a factor file for the symbol", () => {
    expect(() => importCsvFile(store, SPY_MINUTES, { factorsDir: folder })).toThrow(
      `No factor file for SPY in ${folder} (looked for SPY.csv)`,
    );
    expect(store.isEmpty()).toBe(true);
  });
});
