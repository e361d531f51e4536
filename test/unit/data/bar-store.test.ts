import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { DataError, StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** 2013-10-07T09:30:00-04:00 */
const OPEN_2013_10_07 = Date.UTC(2013, 9, 7, 13, 30);

/** `count` valid bars `stepMs` apart from `firstTime`; values derived from the index. */
function makeBars(firstTime: number, count: number, stepMs = MINUTE_MS, priceShift = 0): BarColumns {
  return barsToColumns(
    Array.from({ length: count }, (_, i) => ({
      time: firstTime + i * stepMs,
      open: 100 + i * 0.25 + priceShift,
      high: 101 + i * 0.25 + priceShift,
      low: 99 + i * 0.25 + priceShift,
      close: 100.5 + i * 0.25 + priceShift,
      volume: 1000 + i,
    })),
  );
}

function plain(bars: BarColumns) {
  return columnsToBars(bars, "x").map(({ interval: _interval, ...rest }) => rest);
}

describe("BarStore in memory", () => {
  let store: BarStore;
  beforeEach(() => {
    store = BarStore.open(":memory:");
  });
  afterEach(() => store.close());

  it("starts empty", () => {
    expect(store.isEmpty()).toBe(true);
    expect(store.listSeries()).toEqual([]);
    expect(store.symbols()).toEqual([]);
    expect(store.coverage("SPY", "1m")).toBeUndefined();
    expect(store.readBars("SPY", "1m", 0, 1e15).length).toBe(0);
  });

  it("stores bars and reads them back exactly, with coverage and listings", () => {
    const bars = makeBars(OPEN_2013_10_07, 390);
    expect(store.insertBars("SPY", "1m", bars)).toEqual({ inserted: 390, unchanged: 0, replaced: 0 });
    const read = store.readBars("SPY", "1m", OPEN_2013_10_07, OPEN_2013_10_07 + 390 * MINUTE_MS);
    expect(plain(read)).toEqual(plain(bars));
    expect(store.coverage("SPY", "1m")).toEqual({
      symbol: "SPY",
      interval: "1m",
      count: 390,
      firstTime: OPEN_2013_10_07,
      lastTime: OPEN_2013_10_07 + 389 * MINUTE_MS,
    });
    expect(store.isEmpty()).toBe(false);
  });

  it("normalizes symbols and intervals on entry", () => {
    store.insertBars(" spy ", "1h", makeBars(OPEN_2013_10_07, 3, 60 * MINUTE_MS));
    expect(store.symbols()).toEqual(["SPY"]);
    expect(store.listSeries().map((series) => [series.symbol, series.interval, series.count])).toEqual([
      ["SPY", "60m", 3],
    ]);
    expect(store.readBars("Spy", "60m", 0, 1e15).length).toBe(3);
  });

  it("lists series by symbol, then shortest interval first, and filters symbols by interval", () => {
    store.insertBars("QQQ", "1d", makeBars(OPEN_2013_10_07, 2, DAY_MS));
    store.insertBars("AAPL", "1d", makeBars(OPEN_2013_10_07, 5, DAY_MS));
    store.insertBars("AAPL", "1m", makeBars(OPEN_2013_10_07, 4));
    store.insertBars("AAPL", "5m", makeBars(OPEN_2013_10_07, 1, 5 * MINUTE_MS));
    expect(store.listSeries().map((series) => `${series.symbol} ${series.interval} ${series.count}`)).toEqual(
      ["AAPL 1m 4", "AAPL 5m 1", "AAPL 1d 5", "QQQ 1d 2"],
    );
    expect(store.symbols()).toEqual(["AAPL", "QQQ"]);
    expect(store.symbols("1d")).toEqual(["AAPL", "QQQ"]);
    expect(store.symbols("1m")).toEqual(["AAPL"]);
    expect(store.symbols("15m")).toEqual([]);
  });

  it("is idempotent: the same bars again are unchanged, different values are replaced", () => {
    const bars = makeBars(OPEN_2013_10_07, 10);
    store.insertBars("SPY", "1m", bars);
    expect(store.insertBars("SPY", "1m", bars)).toEqual({ inserted: 0, unchanged: 10, replaced: 0 });

    // Bars 5..14 of the same pattern: 5..9 are stored (6 and 8 now with another volume), 10..14 are new.
    const expected = makeBars(OPEN_2013_10_07, 15);
    const incoming = makeBars(OPEN_2013_10_07 + 5 * MINUTE_MS, 10);
    for (let i = 0; i < 10; i++) {
      incoming.open[i] = expected.open[i + 5];
      incoming.high[i] = expected.high[i + 5];
      incoming.low[i] = expected.low[i + 5];
      incoming.close[i] = expected.close[i + 5];
      incoming.volume[i] = expected.volume[i + 5];
    }
    incoming.volume[1] = 7; // bar 6
    incoming.volume[3] = 9; // bar 8
    expect(store.insertBars("SPY", "1m", incoming)).toEqual({ inserted: 5, unchanged: 3, replaced: 2 });
    const read = store.readBars("SPY", "1m", 0, 1e15);
    expect(read.length).toBe(15);
    expect(Array.from(read.volume)).toEqual([
      1000, 1001, 1002, 1003, 1004, 1005, 7, 1007, 9, 1009, 1010, 1011, 1012, 1013, 1014,
    ]);
    expect(store.coverage("SPY", "1m")?.count).toBe(15);
  });

  it("rejects invalid or unordered bars whole, storing nothing", () => {
    const bars = makeBars(OPEN_2013_10_07, 5);
    bars.high[3] = bars.low[3] - 1;
    expect(() => store.insertBars("SPY", "1m", bars)).toThrow(DataError);
    expect(() => store.insertBars("SPY", "1m", bars)).toThrow(/bar 3 .*high 98\.75 is below low 99\.75/);
    const unordered = makeBars(OPEN_2013_10_07, 3);
    unordered.time[2] = unordered.time[1];
    expect(() => store.insertBars("SPY", "1m", unordered)).toThrow(/strictly ascending/);
    const fractional = makeBars(OPEN_2013_10_07 + 0.5, 1);
    expect(() => store.insertBars("SPY", "1m", fractional)).toThrow(/whole number of ms/);
    expect(store.isEmpty()).toBe(true);
  });

  it("rolls back every insert of a failed transaction, and the store stays usable", () => {
    expect(() =>
      store.transaction(() => {
        store.insertBars("SPY", "1m", makeBars(OPEN_2013_10_07, 3));
        store.insertBars("QQQ", "1m", makeBars(OPEN_2013_10_07, 3));
        throw new Error("caller failed midway");
      }),
    ).toThrow("caller failed midway");
    expect(store.isEmpty()).toBe(true);
    expect(store.insertBars("SPY", "1m", makeBars(OPEN_2013_10_07, 2)).inserted).toBe(2);
    expect(store.listSeries().map((series) => [series.symbol, series.count])).toEqual([["SPY", 2]]);
    expect(store.readBars("SPY", "1m", 0, 1e15).length).toBe(2);
  });

  it("commits a batch of inserts together", () => {
    const reports = store.transaction(() => [
      store.insertBars("SPY", "1m", makeBars(OPEN_2013_10_07, 3)),
      store.insertBars("SPY", "1m", makeBars(OPEN_2013_10_07 + 3 * MINUTE_MS, 3)),
    ]);
    expect(reports.map((report) => report.inserted)).toEqual([3, 3]);
    expect(store.coverage("SPY", "1m")?.count).toBe(6);
  });

  it("reads half-open ranges across several days of minutes", () => {
    // 5 days of 960 minutes each (04:00–20:00), 24 h apart: several storage chunks.
    const days: BarColumns[] = [];
    const preMarket = OPEN_2013_10_07 - 330 * MINUTE_MS;
    for (let day = 0; day < 5; day++) days.push(makeBars(preMarket + day * DAY_MS, 960, MINUTE_MS, day * 10));
    for (const bars of days) store.insertBars("SPY", "1m", bars);
    expect(store.coverage("SPY", "1m")?.count).toBe(4800);

    const all = store.readBars("SPY", "1m", 0, 1e15);
    expect(all.length).toBe(4800);
    for (let i = 1; i < all.length; i++) expect(all.time[i]).toBeGreaterThan(all.time[i - 1]);

    // From the open of day 1 (inclusive) to 10:00 of day 3 (exclusive).
    const from = OPEN_2013_10_07 + DAY_MS;
    const to = OPEN_2013_10_07 + 2 * DAY_MS + 30 * MINUTE_MS;
    const read = store.readBars("SPY", "1m", from, to);
    // day 1: 09:30..19:59 = 630 bars; day 2: 04:00..09:59 = 360 bars.
    expect(read.length).toBe(630 + 360);
    expect(read.time[0]).toBe(from);
    expect(read.time[read.length - 1]).toBe(to - MINUTE_MS);
    expect(read.open[0]).toBe(days[1].open[330]);
    expect(read.volume[read.length - 1]).toBe(days[2].volume[359]);

    expect(store.readBars("SPY", "1m", from, from).length).toBe(0);
    expect(store.readBars("SPY", "1m", to, from).length).toBe(0);
    expect(store.readBars("SPY", "1m", from, from + 1).length).toBe(1);
    expect(store.readBars("SPY", "1m", Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).length).toBe(4800);
    expect(() => store.readBars("SPY", "1m", Number.NaN, 1)).toThrow(DataError);
  });

  it("reads the last N bars before an instant, across chunks", () => {
    const preMarket = OPEN_2013_10_07 - 330 * MINUTE_MS;
    for (let day = 0; day < 3; day++) store.insertBars("SPY", "1m", makeBars(preMarket + day * DAY_MS, 960));
    // Before 04:05 of day 2: all 960 of day 1 are before it, plus 5 of day 2.
    const before = preMarket + 2 * DAY_MS + 5 * MINUTE_MS;
    const last = store.readLastBars("SPY", "1m", before, 1000);
    expect(last.length).toBe(1000);
    expect(last.time[last.length - 1]).toBe(before - MINUTE_MS);
    // Day 0 contributes its last 35 bars (1000 - 960 - 5).
    expect(last.time[0]).toBe(preMarket + 925 * MINUTE_MS);
    expect(last.time[35]).toBe(preMarket + DAY_MS);
    expect(store.readLastBars("SPY", "1m", before, 3).time[0]).toBe(before - 3 * MINUTE_MS);
    expect(store.readLastBars("SPY", "1m", before, 10_000).length).toBe(960 * 2 + 5);
    expect(store.readLastBars("SPY", "1m", preMarket, 10).length).toBe(0);
    expect(store.readLastBars("SPY", "1m", before, 0).length).toBe(0);
    expect(store.readLastBars("QQQ", "1m", before, 10).length).toBe(0);
    expect(() => store.readLastBars("SPY", "1m", before, -1)).toThrow(DataError);
  });

  it("keeps 30 years of daily bars in order", () => {
    const bars = makeBars(Date.UTC(1995, 0, 3, 14, 30), 30 * 365, DAY_MS);
    expect(store.insertBars("SPY", "1d", bars).inserted).toBe(10_950);
    const read = store.readBars("SPY", "1d", bars.time[100], bars.time[200]);
    expect(read.length).toBe(100);
    expect(read.close[0]).toBe(bars.close[100]);
    expect(store.readLastBars("SPY", "1d", bars.time[5000], 250).time[0]).toBe(bars.time[4750]);
  });
});

describe("BarStore files", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "scanwright-store-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("creates parent folders, uses WAL, and keeps bars across reopen", () => {
    const path = join(folder, "nested", "deeper", "bars.db");
    const store = BarStore.open(path);
    store.insertBars("SPY", "1m", makeBars(OPEN_2013_10_07, 7));
    store.close();
    store.close(); // closing twice is harmless

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();

    const reopened = BarStore.open(path);
    expect(plain(reopened.readBars("SPY", "1m", 0, 1e15))).toEqual(plain(makeBars(OPEN_2013_10_07, 7)));
    expect(reopened.insertBars("SPY", "1m", makeBars(OPEN_2013_10_07, 7)).unchanged).toBe(7);
    reopened.close();
  });

  it("refuses a folder", () => {
    expect(() => BarStore.open(folder)).toThrow(StoreError);
    expect(() => BarStore.open(folder)).toThrow(`Bar store "${folder}" is a folder`);
  });

  it("refuses a file that is not a SQLite database", () => {
    const path = join(folder, "notes.db");
    writeFileSync(path, "date,open,high,low,close,volume\n".repeat(200));
    expect(() => BarStore.open(path)).toThrow(StoreError);
    expect(() => BarStore.open(path)).toThrow(`Bar store "${path}" is not a SQLite database`);
  });

  it("refuses another application's SQLite database", () => {
    const path = join(folder, "other.db");
    const other = new Database(path);
    other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
    other.close();
    expect(() => BarStore.open(path)).toThrow(
      `Bar store "${path}" is a SQLite database of another application`,
    );
  });

  it("refuses a path whose parent is a file", () => {
    const file = join(folder, "plain-file");
    writeFileSync(file, "x");
    const path = join(file, "bars.db");
    expect(() => BarStore.open(path)).toThrow(StoreError);
    expect(() => BarStore.open(path)).toThrow(`Bar store "${path}": cannot create its folder "${file}"`);
  });

  it("refuses a store locked by another connection, naming it", () => {
    const path = join(folder, "bars.db");
    BarStore.open(path).close();
    const holder = new Database(path);
    holder.pragma("locking_mode = EXCLUSIVE");
    holder.exec("BEGIN EXCLUSIVE");
    try {
      expect(() => BarStore.open(path, { busyTimeoutMs: 20 })).toThrow(
        new RegExp(
          `^Bar store "${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is locked by another connection`,
        ),
      );
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    BarStore.open(path).close();
  });

  it("refuses an empty path", () => {
    expect(() => BarStore.open("")).toThrow(StoreError);
    expect(() => BarStore.open("")).toThrow("Bar store path is empty");
  });
});
