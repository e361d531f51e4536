// What a session loads for indicators anchored to the regular session, on real bars (SPY,
// 2013-10-09): VWAP restarts at each open, so on 1m it gets no history (the previous session's 1m
// bars were loaded for it before, and could not change its value), while gap still gets the
// previous session, whose last close it needs. Expected values come from the CSV files directly.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRealStore, openRealSession, type RealStore } from "../helpers/real-session.js";
import { type CsvBar, readMinuteCsv, regularMinutes } from "../helpers/shared-data.js";

const at = (iso: string): number => Date.parse(iso);
const PRE_MARKET = at("2013-10-09T04:00:00-04:00");
const OPEN = at("2013-10-09T09:30:00-04:00");
const CLOSE = at("2013-10-09T16:00:00-04:00");

/** Σ(typical × volume) / Σ volume over the regular minutes of the day that ended by `upTo`. */
function vwapOf(minutes: readonly CsvBar[], upTo: number): number {
  let priceVolume = 0;
  let volume = 0;
  for (const minute of minutes) {
    if (minute.time + 60_000 > upTo) break;
    priceVolume += ((minute.high + minute.low + minute.close) / 3) * minute.volume;
    volume += minute.volume;
  }
  return priceVolume / volume;
}

function expectRelativelyEqual(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

describe("history for session-anchored indicators (SPY, 2013-10-09)", () => {
  let store: RealStore;
  const today = regularMinutes(readMinuteCsv("minute/SPY-20131009.csv"), "2013-10-09");
  const yesterday = regularMinutes(readMinuteCsv("minute/SPY-20131008.csv"), "2013-10-08");

  beforeAll(() => {
    store = buildRealStore(["SPY"]);
  });
  afterAll(() => store.dispose());

  it("loads no 1m bar before today's open for VWAP on 1m, and its value is today's from the first bar", () => {
    const session = openRealSession(store.path, PRE_MARKET, {
      session_data: { symbols: ["SPY"], indicators: [{ type: "vwap", interval: "1m" }] },
    });
    try {
      const { coordinator, sessionData, clock } = session;
      coordinator.startDay("2013-10-09");
      expect(sessionData.getBars("SPY", "1m")).toEqual([]);
      expect(sessionData.getIndicator("SPY", "vwap_1m")).toMatchObject({ value: null, ready: false });

      clock.advanceTo(at("2013-10-09T09:31:00-04:00"));
      coordinator.advance();
      const first = today[0];
      expect(sessionData.getIndicatorValue("SPY", "vwap_1m")).toBe(
        (first.high + first.low + first.close) / 3,
      );

      clock.advanceTo(CLOSE);
      coordinator.advance();
      const bars = sessionData.getBars("SPY", "1m");
      expect([bars.length, bars[0].time, bars[bars.length - 1].time]).toEqual([
        390,
        OPEN,
        at("2013-10-09T15:59:00-04:00"),
      ]);
      expectRelativelyEqual(sessionData.getIndicatorValue("SPY", "vwap_1m"), vwapOf(today, CLOSE));
    } finally {
      session.close();
    }
  });

  it("gives VWAP the same values as a session that also holds the previous session's 1m bars", () => {
    const lean = openRealSession(store.path, PRE_MARKET, {
      session_data: { symbols: ["SPY"], indicators: [{ type: "vwap", interval: "1m" }] },
    });
    const withHistory = openRealSession(store.path, PRE_MARKET, {
      session_data: {
        symbols: ["SPY"],
        historical: [{ interval: "1m", days: 1 }],
        indicators: [{ type: "vwap", interval: "1m" }],
      },
    });
    try {
      lean.coordinator.startDay("2013-10-09");
      withHistory.coordinator.startDay("2013-10-09");
      expect(withHistory.sessionData.getBars("SPY", "1m").length).toBe(390);
      for (const time of ["09:31", "10:00", "12:17", "15:59", "16:00"]) {
        const now = at(`2013-10-09T${time}:00-04:00`);
        for (const session of [lean, withHistory]) {
          session.clock.advanceTo(now);
          session.coordinator.advance();
        }
        const value = lean.sessionData.getIndicatorValue("SPY", "vwap_1m");
        expect(withHistory.sessionData.getIndicatorValue("SPY", "vwap_1m"), time).toBe(value);
        expectRelativelyEqual(value, vwapOf(today, now));
      }
    } finally {
      lean.close();
      withHistory.close();
    }
  });

  it("gives VWAP added mid-session today's bars from the backfill and today's value", async () => {
    const session = openRealSession(store.path, PRE_MARKET, { session_data: { symbols: ["SPY"] } });
    try {
      const { coordinator, sessionData, clock } = session;
      coordinator.startDay("2013-10-09");
      const now = at("2013-10-09T11:02:00-04:00");
      clock.advanceTo(now);
      coordinator.advance();
      expect(await sessionData.addIndicator("SPY", "vwap", { interval: "1m" })).toBe(true);
      expect(sessionData.getBars("SPY", "1m").length).toBe(92);
      expectRelativelyEqual(sessionData.getIndicatorValue("SPY", "vwap_1m"), vwapOf(today, now));
    } finally {
      session.close();
    }
  });

  it("still loads the previous session for gap on 1m: its value at 09:31 is from yesterday's last close", () => {
    const session = openRealSession(store.path, PRE_MARKET, {
      session_data: { symbols: ["SPY"], indicators: [{ type: "gap", interval: "1m" }] },
    });
    try {
      const { coordinator, sessionData, clock } = session;
      coordinator.startDay("2013-10-09");
      const held = sessionData.getBars("SPY", "1m");
      expect([held.length, held[0].time, held[389].time]).toEqual([
        390,
        at("2013-10-08T09:30:00-04:00"),
        at("2013-10-08T15:59:00-04:00"),
      ]);
      clock.advanceTo(at("2013-10-09T09:31:00-04:00"));
      coordinator.advance();
      const previousClose = yesterday[yesterday.length - 1].close;
      expect(sessionData.getIndicatorValue("SPY", "gap_1m")).toBe(
        (100 * (today[0].open - previousClose)) / previousClose,
      );
    } finally {
      session.close();
    }
  });
});
