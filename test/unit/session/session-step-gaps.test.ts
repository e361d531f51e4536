// The coordinator's per-step path with gaps: at every step, each derived series holds exactly the
// bars the batch aggregation (aggregateBars) gives for the base bars that ended by then, when a
// symbol misses the last minute of a bucket, gets no bar at all in a step while a bucket of it is
// forming (completed by the step's flush alone), joins mid-session, or stops early; and two advances
// at the same instant (scanners sharing a slot) apply nothing the second time.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { createSession, type Session } from "../../../src/runtime/create-session.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";

const DAY = "2024-03-05";
const calendar = new ExchangeCalendar();
const hours = calendar.requireSession(DAY);
const MINUTE = 60_000;

/** Minutes after the open with a 1m bar, per symbol. */
const MINUTES: Record<string, readonly number[]> = {
  // Every minute: its buckets complete with their last bar.
  FULL: Array.from({ length: 390 }, (_, minute) => minute),
  // Misses 09:34 (the first 5m bucket's last slot), then nothing from 09:37 to 09:59, then a
  // bar every minute to 10:30, and nothing after: the close has to complete its last buckets.
  GAPS: [0, 1, 2, 3, 5, 6, ...Array.from({ length: 31 }, (_, i) => 30 + i)],
  // First bar at 11:02; added to the session at 11:00.
  LATE: Array.from({ length: 60 }, (_, i) => 92 + i),
};

function barsOf(symbol: string, minutes: readonly number[]) {
  const offset = symbol.length * 10;
  return minutes.map((minute) => {
    const price = offset + Math.sin(minute) * 2 + minute / 100;
    return {
      time: hours.openAt + minute * MINUTE,
      open: price,
      high: price + 0.5 + (minute % 3) / 10,
      low: price - 0.5,
      close: price + 0.1,
      volume: 100 + minute,
    };
  });
}

/** What the session must hold for (symbol, interval) at `now`: batch-aggregated bars ended by then. */
function expected(symbol: string, interval: string, now: number) {
  const ended = barsOf(symbol, MINUTES[symbol]).filter((bar) => bar.time + MINUTE <= now);
  const target = parseInterval(interval);
  const columns = aggregateBars(barsToColumns(ended), parseInterval("1m"), target, calendar);
  // A bar is known once it has ended (the close ends a short last bucket).
  return columnsToBars(columns, interval).filter(
    (bar) => Math.min(bar.time + (target.durationMs ?? 0), hours.closeAt) <= now,
  );
}

describe("SessionCoordinator steps with gaps", () => {
  let store: BarStore;
  let session: Session;
  let clock: SimulatedClock;

  beforeEach(() => {
    store = BarStore.open(":memory:");
    for (const [symbol, minutes] of Object.entries(MINUTES)) {
      store.insertBars(symbol, "1m", barsToColumns(barsOf(symbol, minutes)));
    }
    clock = new SimulatedClock(hours.preMarketAt);
    session = createSession(
      {
        name: "gaps",
        backtest: { start: DAY, end: DAY },
        store: ":memory:",
        session_data: {
          symbols: ["FULL", "GAPS"],
          streams: ["1m", "5m", "15m"],
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

  it("holds at every step exactly the derived bars that have ended, gaps or not", async () => {
    const { coordinator, sessionData } = session;
    coordinator.startDay(DAY);
    // Steps on and off the 5m grid, a long jump over the gap, repeated instants, the close.
    const steps = [1, 3, 5, 5, 6, 10, 15, 35, 37, 60, 61, 65, 90, 93, 95, 200, 389, 390];
    let lateAdded = false;
    for (const minutes of steps) {
      clock.advanceTo(hours.openAt + minutes * MINUTE);
      if (!lateAdded && minutes >= 90) {
        expect(await sessionData.addSymbol("LATE")).toBe(true);
        lateAdded = true;
      }
      coordinator.advance();
      const now = clock.now();
      for (const symbol of lateAdded ? ["FULL", "GAPS", "LATE"] : ["FULL", "GAPS"]) {
        for (const interval of ["5m", "15m"]) {
          const todays = sessionData.getBars(symbol, interval).filter((bar) => bar.time >= hours.openAt);
          expect(todays, `${symbol} ${interval} at +${minutes}m`).toEqual(expected(symbol, interval, now));
        }
      }
    }
    // GAPS' last 5m bar (10:30) was completed by a step that delivered it no bar.
    expect(sessionData.getLatestBar("GAPS", "5m")?.time).toBe(hours.openAt + 60 * MINUTE);
    expect(sessionData.getLatestBar("GAPS", "5m")?.close).toBe(barsOf("GAPS", [60])[0].close);
    // The SMA of GAPS took each of its 5m bars once: the mean of the last three closes.
    const closes = expected("GAPS", "5m", hours.closeAt).map((bar) => bar.close);
    const last3 = closes.slice(-3);
    expect(sessionData.getIndicatorValue("GAPS", "sma_3_5m")).toBeCloseTo(
      (last3[0] + last3[1] + last3[2]) / 3,
      12,
    );
  });

  it("applies nothing on a second advance at the same instant", () => {
    const { coordinator, sessionData } = session;
    coordinator.startDay(DAY);
    clock.advanceTo(hours.openAt + 17 * MINUTE);
    // 17 FULL bars and GAPS' 6 (minutes 0–3, 5, 6).
    expect(coordinator.advance()).toBe(23);
    expect(coordinator.advance()).toBe(0);
    expect(sessionData.getBars("FULL", "1m")).toHaveLength(17);
    expect(sessionData.getBars("FULL", "5m")).toHaveLength(3);
    expect(sessionData.getBars("GAPS", "5m")).toHaveLength(2);
  });
});
