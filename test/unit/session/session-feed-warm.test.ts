// The coordinator's warm-up pass ahead of a step's deliveries (BarFeed's FeedRangeWarmer,
// SessionCoordinator `warmFeedRange`) reads and changes nothing: two sessions over the same real
// NYSE minutes (SPY, AIG, 2013-10-07..09), one whose feed calls the warmer for every symbol due and
// one whose feed never does, hold the very same 1m, 5m and 1d bars and indicator values (VWAP on
// 1m, RSI and SMA on 5m) at every step, through a removal, a mid-session join taking the freed
// slot and a symbol back the next day.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import type { FeedRangeSink, FeedRangeWarmer } from "../../../src/data/bar-feed.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { parseBarsCsv } from "../../../src/data/csv-parse.js";
import { ReplayFeed } from "../../../src/data/replay-feed.js";
import { type WiredSession, wireSession } from "../../../src/runtime/create-session.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";

const DATA = fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const DAYS = ["2013-10-07", "2013-10-08", "2013-10-09"];
const MINUTE = 60_000;
const KEYS = ["vwap_1m", "rsi_14_5m", "sma_3_5m"];
const calendar = new ExchangeCalendar();

function days(file: string): BarColumns {
  const bars = DAYS.flatMap((day) => {
    const name = `${file}-${day.replaceAll("-", "")}.csv`;
    const text = readFileSync(join(DATA, "minute", name), "utf8");
    return columnsToBars(parseBarsCsv(text, { interval: "1m", source: name }).bars, "1m");
  });
  return barsToColumns(bars);
}

const BARS: Record<string, BarColumns> = { SPY: days("SPY"), AIG: days("AIG"), LATE: days("SPY") };

/** A replay feed that counts the warmer's calls (`warms`), or never calls it (`warming` false). */
class CountingFeed extends ReplayFeed {
  warms = 0;
  constructor(
    store: BarStore,
    private readonly warming: boolean,
  ) {
    super(store, "1m");
  }

  override drain(upTo: number, sink: FeedRangeSink, warm?: FeedRangeWarmer): number {
    if (!this.warming || warm === undefined) return super.drain(upTo, sink);
    return super.drain(upTo, sink, (tag) => {
      this.warms++;
      return warm(tag);
    });
  }
}

describe("SessionCoordinator warm-up pass", () => {
  let store: BarStore;
  const sessions: WiredSession[] = [];
  const feeds: CountingFeed[] = [];
  let clock: SimulatedClock;

  beforeEach(() => {
    store = BarStore.open(":memory:");
    for (const [symbol, bars] of Object.entries(BARS)) store.insertBars(symbol, "1m", bars);
    clock = new SimulatedClock(calendar.requireSession(DAYS[0]).preMarketAt);
    for (const warming of [true, false]) {
      const feed = new CountingFeed(store, warming);
      feeds.push(feed);
      sessions.push(
        wireSession(
          {
            name: "warm",
            backtest: { start: DAYS[0], end: DAYS[DAYS.length - 1] },
            store: ":memory:",
            session_data: {
              symbols: ["SPY", "AIG"],
              streams: ["1m", "5m", "1d"],
              indicators: [
                { type: "vwap", interval: "1m" },
                { type: "rsi", period: 14, interval: "5m" },
                { type: "sma", period: 3, interval: "5m" },
              ],
            },
          },
          { clock, calendar, store, feed },
        ),
      );
    }
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.close();
    feeds.length = 0;
    store.close();
  });

  it("leaves every bar and indicator value as a session without it has them", async () => {
    const held = new Set(["SPY", "AIG"]);
    let compared = 0;
    for (const [day, date] of DAYS.entries()) {
      const hours = calendar.requireSession(date);
      clock.advanceTo(hours.preMarketAt);
      for (const session of sessions) session.coordinator.startDay(date);
      if (day === 2) held.add("AIG"); // configured: back the next day, in another slot
      for (let minutes = 5; minutes <= 390; minutes += 5) {
        clock.advanceTo(hours.openAt + minutes * MINUTE);
        for (const session of sessions) {
          if (day === 1 && minutes === 90) expect(session.coordinator.removeSymbol("AIG")).toBe(true);
          if (day === 1 && minutes === 185) expect(await session.sessionData.addSymbol("LATE")).toBe(true);
          session.coordinator.advance();
        }
        if (day === 1 && minutes === 90) held.delete("AIG");
        if (day === 1 && minutes === 185) held.add("LATE");
        const [warmed, plain] = sessions.map((session) => session.sessionData);
        for (const symbol of held) {
          for (const interval of ["1m", "5m", "1d"]) {
            expect(warmed.getBars(symbol, interval), `${symbol} ${interval} ${date} +${minutes}m`).toEqual(
              plain.getBars(symbol, interval),
            );
          }
          for (const key of KEYS) {
            const value = warmed.getIndicatorValue(symbol, key);
            expect(value, `${symbol} ${key} ${date} +${minutes}m`).toBe(plain.getIndicatorValue(symbol, key));
            if (value !== null) compared++;
          }
        }
      }
      for (const session of sessions) session.coordinator.endDay();
    }
    // The warmer ran for every symbol due at each step (the plain feed never called it), and the
    // values compared were real ones.
    expect(feeds[0].warms).toBeGreaterThan(3 * 78 * 2);
    expect(feeds[1].warms).toBe(0);
    expect(compared).toBeGreaterThan(1000);
    for (const session of sessions) expect(session.indicators.refusedBars).toBe(0);
  });
});
