// The independent answer the backtest benchmarks are checked against: for every symbol, the bench
// scanners' criteria (bench/plugins/) recomputed straight from the store with fresh indicators from
// `createIndicator`, at every slot, without the session, its feed, its aggregators or the
// IndicatorManager. A slot at instant t sees the 1m bars that ended by t and the 5m bars built from
// them (aggregateBars, the batch path); the RSI starts where the session's warm-up starts (the
// sessions before the first backtest day that hold its stable bars) and runs on through every day,
// as the session's does; the VWAP restarts every session by its own rule.

import { aggregateBars } from "../../src/data/aggregate.js";
import { BarStore } from "../../src/data/bar-store.js";
import { createIndicator } from "../../src/indicators/create-indicator.js";
import type { IndicatorInput } from "../../src/indicators/indicator.js";
import type { ExchangeCalendar } from "../../src/time/exchange-calendar.js";

const MINUTE = 60_000;
const FIVE_MINUTES = 300_000;
/** The session's warm-up multiplier (session config default). */
const WARMUP_MULTIPLIER = 2;

export interface ExpectedSlot {
  readonly scanner: "rsi-below" | "above-vwap";
  readonly scheduledAt: number;
  hits: number;
}

/** Slots every 5 minutes from 09:35 to the close of each day, both included. */
export function slotTimes(calendar: ExchangeCalendar, days: readonly string[]): number[] {
  const times: number[] = [];
  for (const day of days) {
    const session = calendar.requireSession(day);
    for (let at = session.openAt + FIVE_MINUTES; at <= session.closeAt; at += FIVE_MINUTES) times.push(at);
  }
  return times;
}

/** Regular sessions of 5m bars holding the RSI(14) warm-up (the session analyzer's rule, no early closes). */
export function rsiWarmupSessions(): number {
  const rsi = createIndicator("rsi", { period: 14 });
  const bars = Math.max(Math.ceil(rsi.requiredBars * WARMUP_MULTIPLIER), rsi.stableBars, 1);
  return Math.ceil(bars / 78);
}

export function expectedHits(
  storePath: string,
  calendar: ExchangeCalendar,
  symbols: readonly string[],
  days: readonly string[],
  maxRsi: number,
): ExpectedSlot[] {
  const slots = slotTimes(calendar, days);
  const rsiSlots: ExpectedSlot[] = slots.map((at) => ({ scanner: "rsi-below", scheduledAt: at, hits: 0 }));
  const vwapSlots: ExpectedSlot[] = slots.map((at) => ({ scanner: "above-vwap", scheduledAt: at, hits: 0 }));
  const warmupFrom = calendar.previousTradingDay(days[0], rsiWarmupSessions());
  const fromTime = calendar.requireSession(warmupFrom).openAt;
  const toTime = calendar.requireSession(days[days.length - 1]).closeAt;
  const store = BarStore.open(storePath);
  try {
    for (const symbol of symbols) {
      const minutes = store.readBars(symbol, "1m", fromTime, toTime);
      const fives = aggregateBars(minutes, "1m", "5m", calendar);
      const rsi = createIndicator("rsi", { period: 14 });
      const vwap = createIndicator("vwap", {});
      let minute = 0;
      let five = 0;
      let close: number | undefined;
      for (let s = 0; s < slots.length; s++) {
        const at = slots[s];
        for (; minute < minutes.length && minutes.time[minute] + MINUTE <= at; minute++) {
          vwap.update(barOf(minutes, minute));
          close = minutes.close[minute];
        }
        for (; five < fives.length && fives.time[five] + FIVE_MINUTES <= at; five++)
          rsi.update(barOf(fives, five));
        const rsiValue = rsi.ready ? rsi.value : null;
        if (typeof rsiValue === "number" && rsiValue < maxRsi) rsiSlots[s].hits++;
        const vwapValue = vwap.ready ? vwap.value : null;
        if (typeof vwapValue === "number" && close !== undefined && close > vwapValue) vwapSlots[s].hits++;
      }
    }
  } finally {
    store.close();
  }
  // The journal's order: by slot, then scanner name.
  const all: ExpectedSlot[] = [];
  for (let s = 0; s < slots.length; s++) all.push(vwapSlots[s], rsiSlots[s]);
  return all;
}

function barOf(
  columns: {
    time: Float64Array;
    open: Float64Array;
    high: Float64Array;
    low: Float64Array;
    close: Float64Array;
    volume: Float64Array;
  },
  i: number,
): IndicatorInput {
  return {
    time: columns.time[i],
    open: columns.open[i],
    high: columns.high[i],
    low: columns.low[i],
    close: columns.close[i],
    volume: columns.volume[i],
  };
}
