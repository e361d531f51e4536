// store-universe-read: the bar store read in the backtest's own access pattern. The backtest's
// replay feed reads, at each day's start, that day's 1m bars of every symbol of the universe
// (BarStore.readBarsOfSymbols, one statement) into memory kept from the day before (the session's
// series rooms, BarSeries.landing). Here: the backtest-throughput store, 2,000 symbols × its 5 days,
// each symbol's day decoded into columns allocated once and reused every day. Bars/s = bars read /
// wall seconds, best of REPEAT. For comparison the same days read symbol by symbol (`readBars`,
// what the contender loops and the session did before) into fresh memory.
// Checked: every day of every symbol read whole (390 bars), and the same volume sum both ways.

import { allocateBarColumns, type BarColumns } from "../../src/core/bar-columns.js";
import { BarStore } from "../../src/data/bar-store.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { type BenchResult, type BenchWorkload, bestOfMs } from "../bench-result.js";
import { BACKTEST_DAYS, BACKTEST_STORE, THROUGHPUT_SYMBOLS } from "./backtest-throughput.js";
import { cachedDemoStore } from "./demo-store-cache.js";

const REPEAT = 5;
const TARGET_BARS_PER_SECOND = 20_000_000;

export const storeUniverseReadWorkload: BenchWorkload = {
  name: "store-universe-read",
  async run(): Promise<BenchResult> {
    const cached = cachedDemoStore(BACKTEST_STORE);
    const calendar = new ExchangeCalendar();
    const symbols = cached.report.symbols.slice(0, THROUGHPUT_SYMBOLS);
    const sessions = calendar
      .tradingDays(
        calendar.previousTradingDay(cached.report.lastDay, BACKTEST_DAYS - 1),
        cached.report.lastDay,
      )
      .map((day) => calendar.requireSession(day));
    const store = BarStore.open(cached.path);
    try {
      // Each symbol's room, as a series keeps it: allocated at the first day, reused after.
      const rooms: Array<BarColumns | undefined> = symbols.map(() => undefined);
      const roomOf = (length: number, i: number): BarColumns => {
        const room = rooms[i];
        if (room !== undefined && room.length === length) return room;
        const fresh = allocateBarColumns(length);
        rooms[i] = fresh;
        return fresh;
      };
      let batchedBars = 0;
      let batchedVolume = 0;
      const batchedMs = bestOfMs(REPEAT, () => {
        batchedBars = 0;
        batchedVolume = 0;
        for (const session of sessions) {
          const days = store.readBarsOfSymbols(symbols, "1m", session.openAt, session.closeAt, roomOf);
          for (const bars of days) {
            batchedBars += bars.length;
            batchedVolume += bars.volume[bars.length - 1];
          }
        }
      });
      let singleBars = 0;
      let singleVolume = 0;
      const singleMs = bestOfMs(REPEAT, () => {
        singleBars = 0;
        singleVolume = 0;
        for (const session of sessions) {
          for (const symbol of symbols) {
            const bars = store.readBars(symbol, "1m", session.openAt, session.closeAt);
            singleBars += bars.length;
            singleVolume += bars.volume[bars.length - 1];
          }
        }
      });
      const expectedBars = symbols.length * sessions.length * 390;
      return {
        name: "store-universe-read",
        params: {
          symbols: symbols.length,
          days: sessions.length,
          store: cached.path,
          pattern:
            "per day, every symbol's 1m bars in one readBarsOfSymbols into per-symbol columns reused across days",
          comparison:
            "singleReadBarsPerSecond: the same days by readBars, symbol by symbol, into fresh columns",
          timing: `best of ${REPEAT}`,
        },
        metrics: {
          barsPerSecond: Math.round(batchedBars / (batchedMs / 1000)),
          singleReadBarsPerSecond: Math.round(singleBars / (singleMs / 1000)),
          seconds: Number((batchedMs / 1000).toFixed(3)),
        },
        targets: [{ metric: "barsPerSecond", kind: "min", value: TARGET_BARS_PER_SECOND }],
        checks: {
          [`every symbol's day read whole (${expectedBars} bars), both ways`]:
            batchedBars === expectedBars && singleBars === expectedBars,
          "the same bars both ways (sum of each day's last volume)": batchedVolume === singleVolume,
        },
      };
    } finally {
      store.close();
    }
  },
};
