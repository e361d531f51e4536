import { afterEach, describe, expect, it } from "vitest";
import { barProblem } from "../../../src/core/bar.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { demoSymbols, generateDemoMarket } from "../../../src/data/demo-market.js";
import { SeededRandom } from "../../../src/data/seeded-random.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";

const calendar = new ExchangeCalendar();
const MINUTE_MS = 60_000;
// 2024-11-25 … 2024-12-03 (six trading days): Thanksgiving (11-28) closed, 11-29 closes at 13:00.
const window = { symbols: 4, days: 6, historyDays: 30, seed: 11, lastDay: "2024-12-03" };

describe("generateDemoMarket", () => {
  const stores: BarStore[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });
  function openStore(): BarStore {
    const store = BarStore.open(":memory:");
    stores.push(store);
    return store;
  }

  it("follows the calendar: no bars on the holiday, a 210-minute session on the early close", () => {
    const store = openStore();
    const report = generateDemoMarket(store, calendar, window);
    expect(report.firstDay).toBe("2024-11-25");
    expect(report.lastDay).toBe("2024-12-03");
    expect(report.earlyCloses).toEqual(["2024-11-29"]);
    // Five full sessions and one early close per symbol.
    expect(report.minuteBars).toBe(4 * (5 * 390 + 210));
    expect(report.dailyBars).toBe(4 * (30 + 6));
    expect(report.historyFirstDay).toBe(calendar.previousTradingDay("2024-11-25", 30));

    const symbol = report.symbols[0];
    const all = store.readBars(symbol, "1m", 0, Date.parse("2025-01-01T00:00:00Z"));
    const minutesPerDay = new Map<string, number>();
    for (let i = 0; i < all.length; i++) {
      const session = calendar.sessionAt(all.time[i]);
      expect(session).toBeDefined();
      expect(all.time[i]).toBeGreaterThanOrEqual(session!.openAt);
      expect(all.time[i] + MINUTE_MS).toBeLessThanOrEqual(session!.closeAt);
      minutesPerDay.set(session!.date, (minutesPerDay.get(session!.date) ?? 0) + 1);
    }
    expect(Object.fromEntries(minutesPerDay)).toEqual({
      "2024-11-25": 390,
      "2024-11-26": 390,
      "2024-11-27": 390,
      "2024-11-29": 210,
      "2024-12-02": 390,
      "2024-12-03": 390,
    });
  });

  it("follows another exchange: Tokyo sessions without bars in the lunch break, Golden Week closed", () => {
    const tokyo = calendarOf("XTKS");
    const store = openStore();
    // 2025-05-01 … 2025-05-08: May 5 and 6 are closed; five sessions of 330 traded minutes.
    const report = generateDemoMarket(store, tokyo, {
      symbols: 1,
      days: 5,
      historyDays: 0,
      seed: 11,
      lastDay: "2025-05-09",
    });
    expect([report.firstDay, report.lastDay]).toEqual(["2025-05-01", "2025-05-09"]);
    expect(report.minuteBars).toBe(5 * 330);
    const minutes = store.readBars(report.symbols[0], "1m", 0, Date.parse("2026-01-01T00:00:00Z"));
    for (let i = 0; i < minutes.length; i++) {
      const session = tokyo.sessionAt(minutes.time[i])!;
      const pause = session.breaks[0];
      expect(minutes.time[i] >= pause.startAt && minutes.time[i] < pause.endAt).toBe(false);
      expect(minutes.time[i] + MINUTE_MS).toBeLessThanOrEqual(session.closeAt);
    }
    // The first afternoon minute follows the last morning one: 11:29 → 12:30 JST.
    expect(new Date(minutes.time[149]).toISOString()).toBe("2025-05-01T02:29:00.000Z");
    expect(new Date(minutes.time[150]).toISOString()).toBe("2025-05-01T03:30:00.000Z");
  });

  it("writes valid bars whose daily bar is exactly the aggregate of the day's minutes", () => {
    const store = openStore();
    const report = generateDemoMarket(store, calendar, window);
    for (const symbol of report.symbols) {
      const daily = store.readBars(symbol, "1d", 0, Date.parse("2025-01-01T00:00:00Z"));
      expect(daily.length).toBe(36);
      for (let d = 0; d < daily.length; d++) {
        expect(
          barProblem(daily.open[d], daily.high[d], daily.low[d], daily.close[d], daily.volume[d]),
        ).toBeUndefined();
        expect(calendar.sessionAt(daily.time[d])?.openAt).toBe(daily.time[d]);
      }
      for (const date of calendar.tradingDays(report.firstDay, report.lastDay)) {
        const session = calendar.requireSession(date);
        const minutes = store.readBars(symbol, "1m", session.openAt, session.closeAt);
        const day = store.readBars(symbol, "1d", session.openAt, session.openAt + 1);
        let high = Number.NEGATIVE_INFINITY;
        let low = Number.POSITIVE_INFINITY;
        let volume = 0;
        for (let i = 0; i < minutes.length; i++) {
          expect(
            barProblem(minutes.open[i], minutes.high[i], minutes.low[i], minutes.close[i], minutes.volume[i]),
          ).toBeUndefined();
          high = Math.max(high, minutes.high[i]);
          low = Math.min(low, minutes.low[i]);
          volume += minutes.volume[i];
        }
        expect([day.open[0], day.high[0], day.low[0], day.close[0], day.volume[0]]).toEqual([
          minutes.open[0],
          high,
          low,
          minutes.close[minutes.length - 1],
          volume,
        ]);
      }
    }
  });

  it("is deterministic, and symbol i does not depend on how many symbols are generated", () => {
    const a = openStore();
    const b = openStore();
    const reportA = generateDemoMarket(a, calendar, window);
    const reportB = generateDemoMarket(b, calendar, { ...window, symbols: 2 });
    expect(reportB.symbols).toEqual(reportA.symbols.slice(0, 2));
    const end = Date.parse("2025-01-01T00:00:00Z");
    for (const symbol of reportB.symbols) {
      const barsA = a.readBars(symbol, "1m", 0, end);
      const barsB = b.readBars(symbol, "1m", 0, end);
      expect(Array.from(barsB.close)).toEqual(Array.from(barsA.close));
      expect(Array.from(barsB.volume)).toEqual(Array.from(barsA.volume));
    }
    const otherSeed = openStore();
    generateDemoMarket(otherSeed, calendar, { ...window, seed: 12 });
    expect(otherSeed.symbols("1m")).not.toEqual(a.symbols("1m"));
  });

  it("refuses nonsense sizes with a coded error", () => {
    const store = openStore();
    expect(() => generateDemoMarket(store, calendar, { symbols: 0 })).toThrow(
      'Demo market option "symbols" must be a whole number from 1 to 20000, got 0',
    );
    expect(store.isEmpty()).toBe(true);
  });
});

describe("demo building blocks", () => {
  it("gives distinct, valid, pronounceable tickers", () => {
    const symbols = demoSymbols(7, 500);
    expect(new Set(symbols).size).toBe(500);
    for (const symbol of symbols)
      expect(symbol).toMatch(/^[BCDFGHJKLMNPRSTVWXZ][AEIOUY][BCDFGHJKLMNPRSTVWXZ][AEIOUY]?$/);
    expect(demoSymbols(7, 3)).toEqual(symbols.slice(0, 3));
  });

  it("repeats the same random sequence for the same seeds", () => {
    const first = new SeededRandom(42, 3);
    const second = new SeededRandom(42, 3);
    const other = new SeededRandom(42, 4);
    const a = Array.from({ length: 5 }, () => first.nextUint32());
    expect(Array.from({ length: 5 }, () => second.nextUint32())).toEqual(a);
    expect(Array.from({ length: 5 }, () => other.nextUint32())).not.toEqual(a);
  });

  it("draws normals with mean near 0 and variance near 1 over many samples", () => {
    const random = new SeededRandom(1);
    let sum = 0;
    let squares = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = random.normal();
      sum += x;
      squares += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.01);
  });
});
