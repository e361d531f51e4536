// HistoryReader: which stored interval a window of history comes from, the regular-session filter
// of intraday bars (early closes included), and the per-symbol store lookup it answers hasData with.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { allocateBarColumns, type BarColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { HistoryReader } from "../../../src/session/history-reader.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const MINUTE_MS = 60_000;
const calendar = new ExchangeCalendar();
const MONDAY = calendar.requireSession("2024-12-02");
const EARLY_CLOSE = calendar.requireSession("2024-11-29");

/** One bar a minute over [fromTime, toTime), values from the index. */
function minutes(fromTime: number, toTime: number): BarColumns {
  const count = (toTime - fromTime) / MINUTE_MS;
  const bars = allocateBarColumns(count);
  for (let i = 0; i < count; i++) {
    bars.time[i] = fromTime + i * MINUTE_MS;
    bars.open[i] = 50 + (i % 17);
    bars.close[i] = 50 + ((i * 7) % 13);
    bars.high[i] = Math.max(bars.open[i], bars.close[i]) + 1;
    bars.low[i] = Math.min(bars.open[i], bars.close[i]) - 1;
    bars.volume[i] = 100 + i;
  }
  return bars;
}

/** `minutes` with every price raised by `shift`: a symbol's bars told apart from another's. */
function shiftedMinutes(fromTime: number, toTime: number, shift: number): BarColumns {
  const bars = minutes(fromTime, toTime);
  for (let i = 0; i < bars.length; i++) {
    bars.open[i] += shift;
    bars.high[i] += shift;
    bars.low[i] += shift;
    bars.close[i] += shift;
  }
  return bars;
}

function times(bars: BarColumns): number[] {
  return Array.from(bars.time);
}

describe("HistoryReader", () => {
  let store: BarStore;
  let reader: HistoryReader;
  beforeEach(() => {
    store = BarStore.open(":memory:");
    reader = new HistoryReader(store, calendar);
    // Extended hours (04:00–20:00) on both days: the reader keeps only the regular session.
    store.insertBars("SPY", "1m", minutes(EARLY_CLOSE.preMarketAt, EARLY_CLOSE.postMarketAt));
    store.insertBars("SPY", "1m", minutes(MONDAY.preMarketAt, MONDAY.postMarketAt));
  });
  afterEach(() => store.close());

  it("hasData: whether the store holds the symbol at all", () => {
    expect(reader.hasData("SPY")).toBe(true);
    expect(reader.hasData("AIG")).toBe(false);
  });

  it("1m history: only the regular session's bars, the early close cut at 13:00", () => {
    const monday = reader.read("SPY", parseInterval("1m"), MONDAY.preMarketAt, MONDAY.postMarketAt);
    expect(monday.length).toBe(390);
    expect(monday.time[0]).toBe(MONDAY.openAt);
    expect(monday.time[389]).toBe(MONDAY.closeAt - MINUTE_MS);
    const stored = store.readBars("SPY", "1m", MONDAY.openAt, MONDAY.closeAt);
    expect(columnsToBars(monday, "1m")).toEqual(columnsToBars(stored, "1m"));

    const friday = reader.read("SPY", parseInterval("1m"), EARLY_CLOSE.preMarketAt, MONDAY.closeAt);
    expect(friday.length).toBe(210 + 390);
    expect(friday.time[209]).toBe(EARLY_CLOSE.closeAt - MINUTE_MS);
    expect(friday.time[210]).toBe(MONDAY.openAt);
  });

  it("1m history inside the session is returned as stored", () => {
    const from = MONDAY.openAt + 30 * MINUTE_MS;
    const bars = reader.read("SPY", parseInterval("1m"), from, from + 60 * MINUTE_MS);
    expect(columnsToBars(bars, "1m")).toEqual(
      columnsToBars(store.readBars("SPY", "1m", from, from + 60 * MINUTE_MS), "1m"),
    );
  });

  it("5m history is aggregated from 1m when no 5m bars are stored", () => {
    const bars = reader.read("SPY", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt);
    expect(bars.length).toBe(78);
    const expected = aggregateBars(
      store.readBars("SPY", "1m", MONDAY.openAt, MONDAY.closeAt),
      "1m",
      "5m",
      calendar,
    );
    expect(columnsToBars(bars, "5m")).toEqual(columnsToBars(expected, "5m"));
  });

  it("aggregated reads one after another each keep their own bars (the 1m read buffer is reused)", () => {
    // A second symbol with other values: a result still sharing the reused 1m memory would change.
    const other = minutes(MONDAY.openAt, MONDAY.closeAt);
    for (let i = 0; i < other.length; i++) {
      other.open[i] += 100;
      other.high[i] += 100;
      other.low[i] += 100;
      other.close[i] += 100;
    }
    store.insertBars("QQQ", "1m", other);
    const expectedOf = (symbol: string, from: number, to: number) =>
      columnsToBars(aggregateBars(store.readBars(symbol, "1m", from, to), "1m", "5m", calendar), "5m");
    const spy = reader.read("SPY", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt);
    const qqq = reader.read("QQQ", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt);
    const spyMorning = reader.read("SPY", parseInterval("5m"), MONDAY.openAt, MONDAY.openAt + 3_600_000);
    expect(columnsToBars(spy, "5m")).toEqual(expectedOf("SPY", MONDAY.openAt, MONDAY.closeAt));
    expect(columnsToBars(qqq, "5m")).toEqual(expectedOf("QQQ", MONDAY.openAt, MONDAY.closeAt));
    expect(columnsToBars(spyMorning, "5m")).toEqual(
      expectedOf("SPY", MONDAY.openAt, MONDAY.openAt + 3_600_000),
    );
    expect(qqq.close[0]).not.toBe(spy.close[0]);
  });

  it("stored 5m bars win over aggregating 1m when they cover the window", () => {
    const fiveMinutes = aggregateBars(minutes(MONDAY.openAt, MONDAY.closeAt), "1m", "5m", calendar);
    const shifted = allocateBarColumns(fiveMinutes.length);
    for (let i = 0; i < fiveMinutes.length; i++) {
      shifted.time[i] = fiveMinutes.time[i];
      shifted.open[i] = fiveMinutes.open[i] + 1000;
      shifted.high[i] = fiveMinutes.high[i] + 1000;
      shifted.low[i] = fiveMinutes.low[i] + 1000;
      shifted.close[i] = fiveMinutes.close[i] + 1000;
      shifted.volume[i] = fiveMinutes.volume[i];
    }
    store.insertBars("SPY", "5m", shifted);
    const bars = reader.read("SPY", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt);
    expect(bars.length).toBe(78);
    expect(bars.open[0]).toBeGreaterThan(1000);
    // A window the stored 5m bars do not reach comes from 1m.
    const friday = reader.read("SPY", parseInterval("5m"), EARLY_CLOSE.openAt, EARLY_CLOSE.closeAt);
    expect(friday.length).toBe(42);
    expect(friday.open[0]).toBeLessThan(1000);
  });

  it("daily history: stored 1d bars where they cover the window, else aggregated from 1m", () => {
    const fromMinutes = reader.read("SPY", parseInterval("1d"), EARLY_CLOSE.openAt, MONDAY.closeAt);
    expect(times(fromMinutes)).toEqual([EARLY_CLOSE.openAt, MONDAY.openAt]);
    const daily = allocateBarColumns(1);
    daily.time[0] = MONDAY.openAt;
    daily.open[0] = 1;
    daily.high[0] = 2;
    daily.low[0] = 1;
    daily.close[0] = 2;
    daily.volume[0] = 5;
    store.insertBars("SPY", "1d", daily);
    const stored = reader.read("SPY", parseInterval("1d"), MONDAY.openAt, MONDAY.closeAt);
    expect(columnsToBars(stored, "1d")).toEqual(columnsToBars(daily, "1d"));
  });

  it("nothing stored for the window or the symbol: no bars", () => {
    expect(reader.read("AIG", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt).length).toBe(0);
    const later = calendar.requireSession("2024-12-10");
    expect(reader.read("SPY", parseInterval("1m"), later.openAt, later.closeAt).length).toBe(0);
  });
});

describe("HistoryReader.batch (a universe provisioned in one pass)", () => {
  let store: BarStore;
  let reader: HistoryReader;
  const symbols = ["AAA", "BBB", "CCC", "NOPE", "DDD"];
  beforeEach(() => {
    store = BarStore.open(":memory:");
    reader = new HistoryReader(store, calendar);
    // Every symbol's minutes shifted by its index, extended hours included; DDD also has daily bars.
    symbols.forEach((symbol, index) => {
      if (symbol === "NOPE") return;
      for (const session of [EARLY_CLOSE, MONDAY]) {
        store.insertBars(symbol, "1m", shiftedMinutes(session.preMarketAt, session.postMarketAt, index));
      }
    });
    store.insertBars(
      "DDD",
      "1d",
      aggregateBars(store.readBars("DDD", "1m", EARLY_CLOSE.openAt, MONDAY.closeAt), "1m", "1d", calendar),
    );
  });
  afterEach(() => store.close());

  it("answers every read as the unbatched reader does, with one store statement per source for many symbols", () => {
    const windows: Array<[string, number, number]> = [
      ["5m", EARLY_CLOSE.openAt, MONDAY.closeAt],
      ["1m", EARLY_CLOSE.openAt, MONDAY.closeAt],
      ["1d", EARLY_CLOSE.openAt, MONDAY.closeAt],
      ["5m", MONDAY.openAt, MONDAY.openAt + 3_600_000],
    ];
    const unbatched = new HistoryReader(store, calendar);
    const expected = windows.map(([interval, from, to]) =>
      symbols.map((symbol) =>
        columnsToBars(unbatched.read(symbol, parseInterval(interval), from, to), interval),
      ),
    );
    const batchReads = vi.spyOn(store, "readBarsOfSymbols");
    const singleReads = vi.spyOn(store, "readBars");
    const hasSymbol = vi.spyOn(store, "hasSymbol");
    const answers = reader.batch(symbols, () =>
      windows.map(([interval, from, to]) =>
        symbols.map((symbol) => {
          expect(reader.hasData(symbol)).toBe(symbol !== "NOPE");
          return columnsToBars(reader.read(symbol, parseInterval(interval), from, to), interval);
        }),
      ),
    );
    expect(answers).toEqual(expected);
    expect(answers[0][0].length).toBe(78 + 42);
    expect(answers[2].map((bars) => bars.length)).toEqual([2, 2, 2, 0, 2]);
    // 5m and 1m from 1m, 1d: from 1m for AAA–CCC and from the stored 1d for DDD; the last 5m window.
    expect(batchReads).toHaveBeenCalledTimes(5);
    expect(batchReads.mock.calls[0][0]).toEqual(["AAA", "BBB", "CCC", "DDD"]);
    expect(singleReads).not.toHaveBeenCalled();
    expect(hasSymbol).not.toHaveBeenCalled();
    // Outside the batch: the per-symbol path again.
    const bbb = columnsToBars(reader.read("BBB", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt), "5m");
    expect(singleReads).toHaveBeenCalledTimes(1);
    expect(bbb).toEqual(
      columnsToBars(unbatched.read("BBB", parseInterval("5m"), MONDAY.openAt, MONDAY.closeAt), "5m"),
    );
  });
  it("reuses the aggregated windows' memory only once every window of the read-ahead before was handed out", () => {
    // 70 symbols: two read-aheads of 5m windows (64 symbols, then 6).
    const many = Array.from({ length: 70 }, (_, k) => `S${String(k).padStart(2, "0")}`);
    many.forEach((symbol, k) => {
      store.insertBars(symbol, "1m", shiftedMinutes(MONDAY.openAt, MONDAY.closeAt, k));
    });
    const fiveMinutes = parseInterval("5m");
    const unbatched = new HistoryReader(store, calendar);
    const expected = new Map(
      many.map((symbol) => [
        symbol,
        columnsToBars(unbatched.read(symbol, fiveMinutes, MONDAY.openAt, MONDAY.closeAt), "5m"),
      ]),
    );
    const read = (symbol: string) => reader.read(symbol, fiveMinutes, MONDAY.openAt, MONDAY.closeAt);
    // S05 is not asked for until the second read-ahead was carved: its window must be intact.
    reader.batch(many, () => {
      for (const symbol of many.slice(0, 65)) {
        if (symbol !== "S05") expect(columnsToBars(read(symbol), "5m")).toEqual(expected.get(symbol));
      }
      expect(columnsToBars(read("S05"), "5m")).toEqual(expected.get("S05"));
      for (const symbol of many.slice(65))
        expect(columnsToBars(read(symbol), "5m")).toEqual(expected.get(symbol));
    });
    // Every window asked for in order: the second read-ahead's windows take the first one's memory.
    reader.batch(many, () => {
      const first = read("S00");
      expect(first.length).toBe(78);
      const memory = first.time.buffer;
      for (const symbol of many.slice(1, 64)) read(symbol);
      const next = read("S64");
      expect(next.time.buffer).toBe(memory);
      expect(next.time.byteOffset).toBe(first.time.byteOffset);
      expect(columnsToBars(next, "5m")).toEqual(expected.get("S64"));
    });
  });

  it("lists the batch's series only when a question needs them (a day start with nothing to provision lists none)", () => {
    const listSeries = vi.spyOn(store, "listSeriesOf");
    const everySeries = vi.spyOn(store, "listSeries");
    store.insertBars("OTHER", "1m", minutes(MONDAY.openAt, MONDAY.openAt + 5 * MINUTE_MS));
    expect(reader.batch(symbols, () => "nothing asked")).toBe("nothing asked");
    expect(listSeries).not.toHaveBeenCalled();
    reader.batch(symbols, () => {
      expect(reader.hasData("AAA")).toBe(true);
      expect(reader.hasData("NOPE")).toBe(false);
      expect(reader.read("BBB", parseInterval("1d"), EARLY_CLOSE.openAt, MONDAY.closeAt).length).toBe(2);
    });
    expect(listSeries).toHaveBeenCalledTimes(1);
    expect(listSeries.mock.calls[0][0]).toEqual(["AAA", "BBB", "CCC", "NOPE", "DDD"]);
    expect(everySeries).not.toHaveBeenCalled();
  });
});
