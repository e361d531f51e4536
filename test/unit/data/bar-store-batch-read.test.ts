import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { BarColumnsSlab } from "../../../src/core/bar-columns-slab.js";
import { StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { thrown } from "../../helpers/thrown.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** 2013-10-07T09:30:00-04:00 */
const OPEN = Date.UTC(2013, 9, 7, 13, 30);

/** `count` 1m bars from `firstTime`, each symbol's prices shifted by `shift` so series differ. */
function minuteBars(firstTime: number, count: number, shift: number): BarColumns {
  return barsToColumns(
    Array.from({ length: count }, (_, i) => ({
      time: firstTime + i * MINUTE_MS,
      open: 100 + shift + i * 0.25,
      high: 101 + shift + i * 0.25,
      low: 99 + shift + i * 0.25,
      close: 100.5 + shift + i * 0.25,
      volume: 1000 + shift + i,
    })),
  );
}

function plain(bars: BarColumns) {
  return columnsToBars(bars, "1m").map(({ interval: _interval, ...rest }) => rest);
}

/** BBB's stored chunk of its second day, and a way to write another blob in its place. */
function secondDayOfBBB(store: BarStore): { blob: Buffer; write: (data: Buffer) => void } {
  const raw = (store as unknown as { db: import("better-sqlite3").Database }).db;
  const where =
    "series_id = (SELECT id FROM series WHERE symbol = 'BBB') AND start_time = " +
    Math.floor((OPEN + DAY_MS) / DAY_MS) * DAY_MS;
  const blob = raw.prepare(`SELECT data FROM chunks WHERE ${where}`).pluck().get() as Buffer;
  return { blob, write: (data) => raw.prepare(`UPDATE chunks SET data = ? WHERE ${where}`).run(data) };
}

describe("BarStore.readBarsOfSymbols (one statement for many symbols)", () => {
  let store: BarStore;
  beforeEach(() => {
    store = BarStore.open(":memory:");
    // Three days of 390 bars each for AAA and BBB (one chunk per day), one day for CCC.
    for (const [symbol, shift] of [
      ["AAA", 0],
      ["BBB", 50],
    ] as const) {
      for (let day = 0; day < 3; day++)
        store.insertBars(symbol, "1m", minuteBars(OPEN + day * DAY_MS, 390, shift + day));
    }
    store.insertBars("CCC", "1m", minuteBars(OPEN + DAY_MS, 390, 7));
  });
  afterEach(() => store.close());

  it("gives each symbol exactly what readBars gives it: whole days, part days, across chunks, none", () => {
    const symbols = ["BBB", "nope", "aaa", "CCC", "AAA"];
    const ranges: Array<[number, number]> = [
      [OPEN + DAY_MS, OPEN + DAY_MS + 390 * MINUTE_MS], // one whole chunk: the one-copy path
      [OPEN + 17 * MINUTE_MS, OPEN + DAY_MS + 100 * MINUTE_MS], // the end of one chunk, the start of the next
      [OPEN + 2 * DAY_MS + 389 * MINUTE_MS, OPEN + 5 * DAY_MS], // the last bar only
      [OPEN + 10 * DAY_MS, OPEN + 11 * DAY_MS], // nothing
      [OPEN + DAY_MS, OPEN + DAY_MS], // an empty range
    ];
    for (const [from, to] of ranges) {
      const batch = store.readBarsOfSymbols(symbols, "1m", from, to);
      expect(batch).toHaveLength(symbols.length);
      for (let i = 0; i < symbols.length; i++) {
        expect(plain(batch[i]), `${symbols[i]} ${from}..${to}`).toEqual(
          plain(store.readBars(symbols[i], "1m", from, to)),
        );
      }
    }
    const day = store.readBarsOfSymbols(["AAA", "CCC"], "1m", OPEN + DAY_MS, OPEN + 2 * DAY_MS);
    expect(day.map((bars) => bars.length)).toEqual([390, 390]);
    expect([day[0].close[0], day[1].close[389]]).toEqual([101.5, 107.5 + 389 * 0.25]);
    expect(store.readBarsOfSymbols(["AAA"], "5m", OPEN, OPEN + DAY_MS)[0].length).toBe(0);
  });

  it("decodes into the columns its allocator gives (a slab) with the same values", () => {
    const slab = new BarColumnsSlab(1 << 20);
    const fromSlab = store.readBarsOfSymbols(["AAA", "BBB"], "1m", OPEN, OPEN + 3 * DAY_MS, slab.allocate);
    expect(fromSlab[0].time.buffer).toBe(fromSlab[1].time.buffer);
    expect(plain(fromSlab[0])).toEqual(plain(store.readBars("AAA", "1m", OPEN, OPEN + 3 * DAY_MS)));
    expect(plain(fromSlab[1])).toEqual(plain(store.readBars("BBB", "1m", OPEN, OPEN + 3 * DAY_MS)));
    expect(fromSlab[1].length).toBe(3 * 390);
  });

  it("reads more series than one call fetches (groups of 64) with each series' exact bars", () => {
    // 600 series of two days (two chunks each, the first starting k % 7 minutes late), asked for in
    // reverse order with one asked twice: the groups' boundaries fall inside the list, and every
    // series must come out whole and its own.
    const many = Array.from({ length: 600 }, (_, k) => `S${k}`);
    store.transaction(() => {
      many.forEach((symbol, k) => {
        store.insertBars(symbol, "1m", minuteBars(OPEN + (k % 7) * MINUTE_MS, 390, k));
        store.insertBars(symbol, "1m", minuteBars(OPEN + DAY_MS, 390, k + 0.5));
      });
    });
    const asked = [...many].reverse();
    asked.push("S300");
    const from = OPEN + 100 * MINUTE_MS;
    const to = OPEN + DAY_MS + 20 * MINUTE_MS;
    const batch = store.readBarsOfSymbols(asked, "1m", from, to);
    for (let i = 0; i < asked.length; i++) {
      const k = Number(asked[i].slice(1));
      expect(batch[i].length, asked[i]).toBe(290 + (k % 7) + 20);
      expect(batch[i].close[0], asked[i]).toBe(100.5 + k + (100 - (k % 7)) * 0.25);
      expect(batch[i].volume[batch[i].length - 1], asked[i]).toBe(1000 + k + 0.5 + 19);
    }
    expect(batch[asked.length - 1]).toBe(batch[299]);
    expect(plain(batch[0])).toEqual(plain(store.readBars("S599", "1m", from, to)));
  });

  it("sees a series written after its first call", () => {
    expect(store.readBarsOfSymbols(["DDD"], "1m", OPEN, OPEN + DAY_MS)[0].length).toBe(0);
    store.insertBars("DDD", "1m", minuteBars(OPEN, 3, 9));
    expect(plain(store.readBarsOfSymbols(["DDD"], "1m", OPEN, OPEN + DAY_MS)[0])).toEqual(
      plain(minuteBars(OPEN, 3, 9)),
    );
  });

  it("refuses a chunk whose times are garbage or that is not whole bars, in every read, rather than pass its bars over", () => {
    // BBB's second day. NaN times compare false both ways: the range lookups would find no bar of
    // any range in it, and a read would come back a day short without a word.
    const { blob, write } = secondDayOfBBB(store);
    const reads = {
      readBars: () => store.readBars("BBB", "1m", OPEN, OPEN + 3 * DAY_MS),
      readBarsOfSymbols: () => store.readBarsOfSymbols(["AAA", "BBB"], "1m", OPEN, OPEN + 3 * DAY_MS),
      readLastBars: () => store.readLastBars("BBB", "1m", OPEN + 3 * DAY_MS, 1000),
      hasBars: () => store.hasBars("BBB", "1m", OPEN + DAY_MS, OPEN + DAY_MS + 60 * MINUTE_MS),
    };
    const messages = (): Record<string, string> =>
      Object.fromEntries(
        Object.entries(reads).map(([name, read]) => {
          const error = thrown(read);
          expect(error).toBeInstanceOf(StoreError);
          return [name, error.message];
        }),
      );
    const corrupt = (problem: string) =>
      `Bar store ":memory:": the stored BBB 1m bars are corrupt (${problem}); restore the file from a backup or re-import the series`;

    const garbage = Buffer.from(blob);
    for (let i = 0; i < 390; i++) garbage.writeDoubleLE(Number.NaN, i * 8);
    write(garbage);
    const nan = corrupt("a chunk's bars run from time NaN to time NaN");
    expect(messages()).toEqual({ readBars: nan, readBarsOfSymbols: nan, readLastBars: nan, hasBars: nan });

    write(blob.subarray(0, blob.byteLength - 8));
    const torn = corrupt(`a chunk of ${390 * 48 - 8} bytes is not a whole number of bars`);
    expect(messages()).toEqual({
      readBars: torn,
      readBarsOfSymbols: torn,
      readLastBars: torn,
      hasBars: torn,
    });

    // The other series read back whole; BBB's first day, before the damaged chunk, too.
    expect(store.readBarsOfSymbols(["AAA"], "1m", OPEN, OPEN + 3 * DAY_MS)[0].length).toBe(3 * 390);
    expect(store.readBars("BBB", "1m", OPEN, OPEN + 390 * MINUTE_MS).length).toBe(390);
  });

  it("refuses a damaged chunk with a StoreError naming the series, as readBars does", () => {
    // BBB's second day: bar 5's high written below its low, as a damaged page would leave it.
    const { blob, write } = secondDayOfBBB(store);
    const damaged = Buffer.from(blob);
    damaged.writeDoubleLE(-1, (2 * 390 + 5) * 8);
    write(damaged);
    expect(() => store.readBarsOfSymbols(["AAA", "BBB"], "1m", OPEN, OPEN + 3 * DAY_MS)).toThrow(StoreError);
    expect(() => store.readBarsOfSymbols(["AAA", "BBB"], "1m", OPEN, OPEN + 3 * DAY_MS)).toThrow(
      /BBB 1m bars are corrupt/,
    );
    expect(store.readBarsOfSymbols(["AAA"], "1m", OPEN, OPEN + 3 * DAY_MS)[0].length).toBe(3 * 390);
  });
});
