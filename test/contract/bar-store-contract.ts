// The bar store contract, one suite run against every backend (SQLite file, PostgreSQL database):
// bulk import in one transaction, range and latest reads, coverage and listings, atomic rejection
// of a bad file, idempotent re-import, two processes writing one store, readers during writes.

import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  allocateBarColumns,
  type BarColumns,
  barsToColumns,
  columnsToBars,
  sliceColumns,
} from "../../src/core/bar-columns.js";
import { DataError, ImportError } from "../../src/core/errors.js";
import type { BarStorePort } from "../../src/data/bar-store-port.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { openBarStore } from "../../src/data/open-bar-store.js";
import type { WriterJob } from "./store-writer-child.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const WRITER = fileURLToPath(new URL("./store-writer-child.ts", import.meta.url));

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** 2024-03-04T14:30Z, a Monday's open in New York. */
const OPEN = Date.UTC(2024, 2, 4, 14, 30);

export interface StoreBackend {
  readonly name: string;
  /** Where a new, empty store can be opened (a file path or a database URL). */
  freshLocation(): Promise<string>;
  /** A folder for scratch files (CSV files to import). */
  scratchDir(): string;
  /** Removes what `freshLocation` made. */
  cleanup(): Promise<void>;
}

/** `count` bars `stepMs` apart from `firstTime`, values derived from the index. */
export function makeBars(firstTime: number, count: number, stepMs = MINUTE_MS, shift = 0): BarColumns {
  return barsToColumns(
    Array.from({ length: count }, (_, i) => ({
      time: firstTime + i * stepMs,
      open: 100 + i * 0.25 + shift,
      high: 101 + i * 0.25 + shift,
      low: 99 + i * 0.25 + shift,
      close: 100.5 + i * 0.25 + shift,
      volume: 1000 + i,
    })),
  );
}

function plain(bars: BarColumns) {
  return columnsToBars(bars, "x").map(({ interval: _interval, ...rest }) => rest);
}

async function runWriter(job: WriterJob): Promise<{ inserted: number; unchanged: number }> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", WRITER, JSON.stringify(job)], {
    cwd: REPO,
    timeout: 300_000,
  });
  return JSON.parse(stdout);
}

export function describeBarStoreContract(backend: StoreBackend): void {
  describe(`bar store contract: ${backend.name}`, () => {
    let location: string;
    let store: BarStorePort;
    beforeEach(async () => {
      location = await backend.freshLocation();
      store = openBarStore(location);
    });
    afterEach(async () => {
      store.close();
      await backend.cleanup();
    });

    it("starts empty", () => {
      expect(store.isEmpty()).toBe(true);
      expect(store.listSeries()).toEqual([]);
      expect(store.coverage("SPY", "1m")).toBeUndefined();
      expect(store.readBars("SPY", "1m", 0, OPEN * 2).length).toBe(0);
    });

    it("reads many symbols' bars over one range at once, each equal to its own readBars", () => {
      const symbols = ["AAA", "BBB", "CCC", "DDD"];
      store.transaction(() => {
        symbols.forEach((symbol, k) => {
          store.insertBars(symbol, "1m", makeBars(OPEN + k * MINUTE_MS, 2 * 390, MINUTE_MS, k));
        });
      });
      const from = OPEN + 200 * MINUTE_MS;
      const to = OPEN + 600 * MINUTE_MS;
      const asked = ["ccc", "AAA", "NONE", "CCC", "DDD", "BBB"];
      const allocated: number[] = [];
      const batch = store.readBarsOfSymbols(asked, "1m", from, to, (length, index) => {
        allocated.push(index);
        return allocateBarColumns(length);
      });
      expect(batch.map((bars) => bars.length)).toEqual([400, 400, 0, 400, 400, 400]);
      asked.forEach((symbol, index) => {
        expect(plain(batch[index])).toEqual(plain(store.readBars(symbol, "1m", from, to)));
      });
      expect(batch[0]).toBe(batch[3]);
      expect(allocated.sort()).toEqual([0, 1, 4, 5]);
      expect(store.readBarsOfSymbols(["AAA"], "1m", to, from).map((bars) => bars.length)).toEqual([0]);
    });

    it("hands each series' bars to `keep` as soon as they are decoded, and keeps what it returns", () => {
      const symbols = ["AAA", "BBB", "CCC"];
      store.transaction(() => {
        symbols.forEach((symbol, k) => {
          store.insertBars(symbol, "1m", makeBars(OPEN + k * MINUTE_MS, 2 * 390, MINUTE_MS, k));
        });
      });
      const from = OPEN + 200 * MINUTE_MS;
      const to = OPEN + 600 * MINUTE_MS;
      const asked = ["BBB", "NONE", "AAA", "bbb", "CCC"];
      // One reused room, as the history reader's scratch: each series must be kept before the next lands.
      const room = allocateBarColumns(400);
      const events: string[] = [];
      const kept = store.readBarsOfSymbols(
        asked,
        "1m",
        from,
        to,
        (length, index) => {
          events.push(`allocate ${index}`);
          return sliceColumns(room, 0, length);
        },
        (bars, index) => {
          events.push(`keep ${index}`);
          expect(plain(bars)).toEqual(plain(store.readBars(asked[index], "1m", from, to)));
          return allocateBarColumns(1);
        },
      );
      expect(kept.map((bars) => bars.length)).toEqual([1, 0, 1, 1, 1]);
      expect(kept[0]).toBe(kept[3]);
      expect(events.length).toBe(6);
      for (let i = 0; i < events.length; i += 2)
        expect(events[i + 1]).toBe(events[i].replace("allocate", "keep"));
      expect(new Set(events.filter((event) => event.startsWith("keep")))).toEqual(
        new Set(["keep 0", "keep 2", "keep 4"]),
      );
    });

    it("imports several series in one transaction and reads exactly those bars back", () => {
      // Three sessions of 390 bars each (three chunks), plus daily bars of two symbols.
      const minutes = makeBars(OPEN, 3 * 390, MINUTE_MS);
      const reports = store.transaction(() => [
        store.insertBars("spy", "1m", minutes),
        store.insertBars("SPY", "1d", makeBars(OPEN, 20, DAY_MS)),
        store.insertBars("AIG", "1d", makeBars(OPEN, 5, DAY_MS, 7)),
      ]);
      expect(reports).toEqual([
        { inserted: 1170, unchanged: 0, replaced: 0 },
        { inserted: 20, unchanged: 0, replaced: 0 },
        { inserted: 5, unchanged: 0, replaced: 0 },
      ]);
      expect(plain(store.readBars("SPY", "1m", OPEN, OPEN + 1170 * MINUTE_MS))).toEqual(plain(minutes));
      expect(store.listSeries()).toEqual([
        { symbol: "AIG", interval: "1d", count: 5, firstTime: OPEN, lastTime: OPEN + 4 * DAY_MS },
        { symbol: "SPY", interval: "1m", count: 1170, firstTime: OPEN, lastTime: OPEN + 1169 * MINUTE_MS },
        { symbol: "SPY", interval: "1d", count: 20, firstTime: OPEN, lastTime: OPEN + 19 * DAY_MS },
      ]);
      expect(store.listSeriesOf(["spy", "IBM", "SPY"])).toEqual([
        { symbol: "SPY", interval: "1m", count: 1170, firstTime: OPEN, lastTime: OPEN + 1169 * MINUTE_MS },
        { symbol: "SPY", interval: "1d", count: 20, firstTime: OPEN, lastTime: OPEN + 19 * DAY_MS },
      ]);
      expect(store.listSeriesOf(["aig", "SPY"])).toEqual(store.listSeries());
      expect(store.listSeriesOf([])).toEqual([]);
      expect(store.symbols()).toEqual(["AIG", "SPY"]);
      expect(store.symbols("1m")).toEqual(["SPY"]);
      expect(store.hasSymbol("aig")).toBe(true);
      expect(store.hasSymbol("IBM")).toBe(false);
      expect(store.symbolSeries("SPY").map((series) => series.interval)).toEqual(["1m", "1d"]);
    });

    it("reads ranges as [from, to) across chunk boundaries, and the latest bars before a time", () => {
      store.insertBars("SPY", "1m", makeBars(OPEN, 3 * 1440, MINUTE_MS));
      const from = OPEN + 1000 * MINUTE_MS;
      const to = OPEN + 2500 * MINUTE_MS;
      const range = store.readBars("SPY", "1m", from, to);
      expect(range.length).toBe(1500);
      expect(range.time[0]).toBe(from);
      expect(range.time[1499]).toBe(to - MINUTE_MS);
      expect(range.close[0]).toBe(100.5 + 1000 * 0.25);
      expect(store.readBars("SPY", "1m", to, from).length).toBe(0);

      const last = store.readLastBars("SPY", "1m", to, 2000);
      expect(last.length).toBe(2000);
      expect(last.time[0]).toBe(OPEN + 500 * MINUTE_MS);
      expect(last.time[1999]).toBe(to - MINUTE_MS);
      expect(store.readLastBars("SPY", "1m", OPEN + 10 * MINUTE_MS, 50).length).toBe(10);
      expect(store.readLastBars("SPY", "1m", OPEN, 5).length).toBe(0);

      expect(store.hasBars("SPY", "1m", to - MINUTE_MS, to)).toBe(true);
      expect(store.hasBars("SPY", "1m", OPEN - DAY_MS, OPEN)).toBe(false);
      expect(store.hasBars("SPY", "1m", OPEN + 3 * 1440 * MINUTE_MS, OPEN + 9 * DAY_MS)).toBe(false);
    });

    it("re-imports as unchanged, overwrites a corrected bar as replaced, and keeps coverage exact", () => {
      store.insertBars("SPY", "1m", makeBars(OPEN, 100));
      expect(store.insertBars("SPY", "1m", makeBars(OPEN, 100))).toEqual({
        inserted: 0,
        unchanged: 100,
        replaced: 0,
      });
      const corrected = makeBars(OPEN + 50 * MINUTE_MS, 100, MINUTE_MS, 1);
      expect(store.insertBars("SPY", "1m", corrected)).toEqual({ inserted: 50, unchanged: 0, replaced: 50 });
      expect(store.coverage("spy", "1m")).toMatchObject({
        count: 150,
        firstTime: OPEN,
        lastTime: OPEN + 149 * MINUTE_MS,
      });
      expect(store.readBars("SPY", "1m", OPEN + 50 * MINUTE_MS, OPEN + 51 * MINUTE_MS).open[0]).toBe(101);
    });

    it("rejects a bad file whole: nothing of it, nor of its transaction, is stored", () => {
      const good = Array.from({ length: 5 }, (_, i) => {
        const time = new Date(OPEN + i * MINUTE_MS).toISOString();
        return `${time},10,11,9,10.5,100`;
      });
      const csv = join(backend.scratchDir(), "SPY_1m.csv");
      // The fourth bar's high is below its low.
      good.splice(3, 0, `${new Date(OPEN + 3 * MINUTE_MS - 30_000).toISOString()},10,8,9,10,100`);
      writeFileSync(csv, `time,open,high,low,close,volume\n${good.join("\n")}\n`);
      expect(() => importCsvFile(store, csv, { symbol: "SPY", interval: "1m" })).toThrow(ImportError);
      expect(store.isEmpty()).toBe(true);

      expect(() =>
        store.transaction(() => {
          store.insertBars("AIG", "1m", makeBars(OPEN, 10));
          store.insertBars(
            "AIG",
            "1d",
            barsToColumns([{ time: OPEN, open: 1, high: 0.5, low: 1, close: 1, volume: 1 }]),
          );
        }),
      ).toThrow(DataError);
      expect(store.isEmpty()).toBe(true);
      expect(store.coverage("AIG", "1m")).toBeUndefined();
      // The store takes writes after the rollback.
      expect(store.insertBars("AIG", "1m", makeBars(OPEN, 10)).inserted).toBe(10);
    });

    it("two processes writing overlapping bars of one series: every bar once, none lost", async () => {
      const base = { location, symbol: "SPY", stepMs: MINUTE_MS, batch: 97, originTime: OPEN };
      // [0, 3000) and [1500, 4500): the middle 1500 bars are written by both, with equal values.
      const [first, second] = await Promise.all([
        runWriter({ ...base, firstTime: OPEN, count: 3000 }),
        runWriter({ ...base, firstTime: OPEN + 1500 * MINUTE_MS, count: 3000 }),
      ]);
      expect(first.inserted + second.inserted).toBe(4500);
      expect(first.unchanged + second.unchanged).toBe(1500);
      expect(store.coverage("SPY", "1m")).toMatchObject({
        count: 4500,
        firstTime: OPEN,
        lastTime: OPEN + 4499 * MINUTE_MS,
      });
      const all = store.readBars("SPY", "1m", OPEN, OPEN + 4500 * MINUTE_MS);
      const wrong: number[] = [];
      for (let i = 0; i < all.length; i++) {
        if (all.time[i] !== OPEN + i * MINUTE_MS || all.open[i] !== 10 + i) wrong.push(i);
      }
      expect({ length: all.length, wrong }).toEqual({ length: 4500, wrong: [] });
    });

    it("readers during a write see whole committed batches only", async () => {
      const job: WriterJob = {
        location,
        symbol: "QQQ",
        firstTime: OPEN,
        originTime: OPEN,
        count: 6000,
        batch: 200,
        stepMs: MINUTE_MS,
      };
      const writing = runWriter(job);
      const seen: number[] = [];
      let done = false;
      writing.finally(() => {
        done = true;
      });
      while (!done) {
        const bars = store.readBars("QQQ", "1m", OPEN, OPEN + 6000 * MINUTE_MS);
        const coverage = store.coverage("QQQ", "1m");
        seen.push(bars.length);
        // Whole transactions of 200 bars: never a part of one.
        expect(bars.length % 200).toBe(0);
        if (bars.length > 0) expect(bars.time[bars.length - 1]).toBe(OPEN + (bars.length - 1) * MINUTE_MS);
        expect((coverage?.count ?? 0) % 200).toBe(0);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writing;
      expect(store.readBars("QQQ", "1m", OPEN, OPEN + 6000 * MINUTE_MS).length).toBe(6000);
      expect(seen.length).toBeGreaterThan(0);
    });
  });
}
