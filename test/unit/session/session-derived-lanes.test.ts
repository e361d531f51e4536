// The coordinator's derived lanes over a week of real NYSE minutes (SPY, AIG, 2013-10-07..11): a
// symbol removed mid-session frees its slot, a symbol added later the same session takes it (its
// derived series rebuilt from the day's bars so far), the removed one comes back the next day in
// another slot. At every step each held symbol's 5m, 15m and 1d bars of the day are exactly what
// `aggregateBars` gives for its 1m bars that have ended, its week bar at Friday's close is the
// aggregation of the week since it joined, and no derived bar reached an indicator twice.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { parseBarsCsv } from "../../../src/data/csv-parse.js";
import { type WiredSession, wireSession } from "../../../src/runtime/create-session.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";

const DATA = fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const DAYS = ["2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10", "2013-10-11"];
const MINUTE = 60_000;
const calendar = new ExchangeCalendar();

/** The week's 1m bars of a symbol's files. */
function week(file: string): BarColumns {
  const bars = DAYS.flatMap((day) => {
    const name = `${file}-${day.replaceAll("-", "")}.csv`;
    const text = readFileSync(join(DATA, "minute", name), "utf8");
    return columnsToBars(parseBarsCsv(text, { interval: "1m", source: name }).bars, "1m");
  });
  return barsToColumns(bars);
}

/** LATE trades SPY's minutes. */
const BARS: Record<string, BarColumns> = { SPY: week("SPY"), AIG: week("AIG"), LATE: week("SPY") };

/** The `interval` bars aggregated from the symbol's 1m bars in [from, now) that have ended by `now`. */
function expected(symbol: string, interval: string, from: number, now: number) {
  const ended = columnsToBars(BARS[symbol], "1m").filter(
    (bar) => bar.time >= from && bar.time + MINUTE <= now,
  );
  const target = parseInterval(interval);
  const bars = columnsToBars(aggregateBars(barsToColumns(ended), "1m", target, calendar), interval);
  return bars.filter((bar) => {
    const session = calendar.requireSession(calendar.dateOf(bar.time));
    const end = target.durationMs === undefined ? session.closeAt : bar.time + target.durationMs;
    return Math.min(end, session.closeAt) <= now;
  });
}

describe("SessionCoordinator derived lanes", () => {
  let store: BarStore;
  let session: WiredSession;
  let clock: SimulatedClock;

  beforeEach(() => {
    store = BarStore.open(":memory:");
    for (const [symbol, bars] of Object.entries(BARS)) store.insertBars(symbol, "1m", bars);
    clock = new SimulatedClock(calendar.requireSession(DAYS[0]).preMarketAt);
    session = wireSession(
      {
        name: "lanes",
        backtest: { start: DAYS[0], end: DAYS[DAYS.length - 1] },
        store: ":memory:",
        session_data: {
          symbols: ["SPY", "AIG"],
          streams: ["1m", "5m", "15m", "1d", "1w"],
          indicators: [{ type: "sma", period: 3, interval: "5m" }],
        },
      },
      { clock, calendar, store },
    );
  });
  afterEach(() => {
    session.close();
    store.close();
  });

  it("gives each symbol the batch aggregation, through a removal and a re-use of its slot", async () => {
    const { coordinator, sessionData } = session;
    /** When each held symbol's derived bars started: the open of the day it joined. */
    const joined = new Map<string, number>();
    for (const [day, date] of DAYS.entries()) {
      const hours = calendar.requireSession(date);
      clock.advanceTo(hours.preMarketAt);
      coordinator.startDay(date);
      for (const symbol of ["SPY", "AIG"]) if (!joined.has(symbol)) joined.set(symbol, hours.openAt);
      for (let minutes = 5; minutes <= 390; minutes += 5) {
        clock.advanceTo(hours.openAt + minutes * MINUTE);
        if (day === 1 && minutes === 90) {
          expect(coordinator.removeSymbol("AIG")).toBe(true);
          joined.delete("AIG");
        }
        if (day === 1 && minutes === 185) {
          expect(await sessionData.addSymbol("LATE")).toBe(true);
          joined.set("LATE", hours.openAt);
        }
        coordinator.advance();
        const now = clock.now();
        for (const [symbol] of joined) {
          for (const interval of ["5m", "15m", "1d"]) {
            const todays = sessionData.getBars(symbol, interval).filter((bar) => bar.time >= hours.openAt);
            expect(todays, `${symbol} ${interval} ${date} +${minutes}m`).toEqual(
              expected(symbol, interval, hours.openAt, now),
            );
          }
        }
      }
      if (day === DAYS.length - 1) {
        // Friday's close completed the week: from Monday for SPY, Tuesday for LATE, Wednesday for AIG.
        expect([...joined.keys()].sort()).toEqual(["AIG", "LATE", "SPY"]);
        for (const [symbol, from] of joined) {
          expect(sessionData.getLatestBar(symbol, "1w"), symbol).toEqual(
            expected(symbol, "1w", from, clock.now())[0],
          );
        }
      }
      coordinator.endDay();
    }
    // Each 5m bar reached the SMA once: nothing refused, and the value is the last three closes'.
    expect(session.indicators.refusedBars).toBe(0);
    for (const symbol of ["SPY", "LATE"]) {
      const closes = expected(symbol, "5m", calendar.requireSession(DAYS[4]).openAt, clock.now())
        .slice(-3)
        .map((bar) => bar.close);
      expect(sessionData.getIndicatorValue(symbol, "sma_3_5m")).toBeCloseTo(
        (closes[0] + closes[1] + closes[2]) / 3,
        12,
      );
    }
  });
});
