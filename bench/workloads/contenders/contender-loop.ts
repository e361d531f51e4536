// The loop a user would write by hand for the backtest-throughput workload, shared by the three
// contenders (they differ only in who computes the indicators, `ContenderIndicators`): read each
// symbol's day of 1m bars from the same bar store, walk the day in 5-minute slots from 09:35 to the
// close, feed every 1m bar that ended by the slot to VWAP, build the 5m bars by hand and feed them
// to RSI(14), feed each day's close to SMA(20) on 1d, and at each slot count the symbols of the two
// bench scanners (rsi-below: RSI < 30, above-vwap: latest 1m close > VWAP).
//
// Conventions aligned with the session's, so the answers can be equal slot by slot: a 5m bar is
// the 1m bars of its five minutes from the open, emitted once its last minute has ended; the RSI
// starts with the first bar of the sessions that hold its warm-up (as the session's analyzer
// picks them) and runs on through every day; the VWAP restarts at each day's open; the SMA starts
// from the 20 daily bars before the first day and takes each day's last 1m close.

import { BarStore } from "../../../src/data/bar-store.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { MAX_RSI } from "../backtest-config.js";
import { type SlotAnswer, symbolHash } from "./hit-set.js";

const MINUTE = 60_000;
const FIVE_MINUTES = 300_000;
const SMA_PERIOD = 20;

/** The indicators of every symbol, indexed by the symbol's position in the universe. */
export interface ContenderIndicators {
  /** A completed 1m bar of today (VWAP). */
  minute(symbol: number, high: number, low: number, close: number, volume: number): void;
  /** A completed 5m bar's close (RSI). */
  five(symbol: number, close: number): void;
  /** A completed day's close (SMA). */
  day(symbol: number, close: number): void;
  /** Today's session starts (VWAP restarts). */
  startDay(symbol: number): void;
  /** Latest values, NaN while not ready. */
  rsi(symbol: number): number;
  vwap(symbol: number): number;
  sma(symbol: number): number;
}

export interface ContenderRequest {
  readonly storePath: string;
  readonly symbols: readonly string[];
  /** Backtest days, oldest first. */
  readonly days: readonly string[];
  /** Sessions before the first day that hold the RSI's warm-up. */
  readonly rsiWarmupSessions: number;
}

export interface ContenderAnswer {
  readonly slots: SlotAnswer[];
  /** Sum of the last SMA values (NaN counted as 0): the three contenders must agree on it. */
  readonly smaSum: number;
}

export function runContenderLoop(
  request: ContenderRequest,
  indicators: ContenderIndicators,
): ContenderAnswer {
  const { symbols, days } = request;
  const count = symbols.length;
  const calendar = new ExchangeCalendar();
  const store = BarStore.open(request.storePath);
  const hashes = symbols.map(symbolHash);
  const lastClose = new Float64Array(count).fill(Number.NaN);
  // The forming 5m bar per symbol: its start and close (RSI reads closes only).
  const fiveStart = new Float64Array(count).fill(Number.NaN);
  const fiveClose = new Float64Array(count);
  const slots: SlotAnswer[] = [];
  try {
    const firstOpen = calendar.requireSession(days[0]).openAt;
    for (let s = 0; s < count; s++) {
      const daily = store.readLastBars(symbols[s], "1d", firstOpen, SMA_PERIOD);
      for (let i = 0; i < daily.length; i++) indicators.day(s, daily.close[i]);
    }
    const warmupFrom = calendar.previousTradingDay(days[0], request.rsiWarmupSessions);
    for (const day of calendar.tradingDays(warmupFrom, calendar.previousTradingDay(days[0]))) {
      const session = calendar.requireSession(day);
      for (let s = 0; s < count; s++) {
        const bars = store.readBars(symbols[s], "1m", session.openAt, session.closeAt);
        for (let i = 0; i < bars.length; i++) {
          const start =
            session.openAt + Math.floor((bars.time[i] - session.openAt) / FIVE_MINUTES) * FIVE_MINUTES;
          if (start !== fiveStart[s] && !Number.isNaN(fiveStart[s])) indicators.five(s, fiveClose[s]);
          fiveStart[s] = start;
          fiveClose[s] = bars.close[i];
        }
        if (!Number.isNaN(fiveStart[s])) indicators.five(s, fiveClose[s]);
        fiveStart[s] = Number.NaN;
      }
    }
    for (const day of days) {
      const session = calendar.requireSession(day);
      const open = session.openAt;
      const dayBars = symbols.map((symbol) => store.readBars(symbol, "1m", open, session.closeAt));
      const cursor = new Int32Array(count);
      for (let s = 0; s < count; s++) indicators.startDay(s);
      for (let at = open + FIVE_MINUTES; at <= session.closeAt; at += FIVE_MINUTES) {
        let vwapHits = 0;
        let vwapHash = 0;
        let rsiHits = 0;
        let rsiHash = 0;
        for (let s = 0; s < count; s++) {
          const bars = dayBars[s];
          let i = cursor[s];
          for (; i < bars.length && bars.time[i] + MINUTE <= at; i++) {
            const close = bars.close[i];
            indicators.minute(s, bars.high[i], bars.low[i], close, bars.volume[i]);
            lastClose[s] = close;
            const start = open + Math.floor((bars.time[i] - open) / FIVE_MINUTES) * FIVE_MINUTES;
            if (start !== fiveStart[s] && !Number.isNaN(fiveStart[s])) indicators.five(s, fiveClose[s]);
            fiveStart[s] = start;
            fiveClose[s] = close;
          }
          cursor[s] = i;
          if (fiveStart[s] + FIVE_MINUTES <= at) {
            indicators.five(s, fiveClose[s]);
            fiveStart[s] = Number.NaN;
          }
          if (indicators.rsi(s) < MAX_RSI) {
            rsiHits++;
            rsiHash = (rsiHash + hashes[s]) >>> 0;
          }
          if (lastClose[s] > indicators.vwap(s)) {
            vwapHits++;
            vwapHash = (vwapHash + hashes[s]) >>> 0;
          }
        }
        slots.push({ scanner: "above-vwap", scheduledAt: at, hits: vwapHits, hash: vwapHash });
        slots.push({ scanner: "rsi-below", scheduledAt: at, hits: rsiHits, hash: rsiHash });
      }
      for (let s = 0; s < count; s++) if (dayBars[s].length > 0) indicators.day(s, lastClose[s]);
    }
  } finally {
    store.close();
  }
  let smaSum = 0;
  for (let s = 0; s < count; s++) {
    const sma = indicators.sma(s);
    if (!Number.isNaN(sma)) smaSum += sma;
  }
  return { slots, smaSum };
}
