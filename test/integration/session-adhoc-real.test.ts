// The adhoc APIs end to end on real bars: indicators added mid-session on 2013-10-09 at 11:02 give
// the same values as a from-scratch computation (TA-Lib, or a plain mean) over the same bars.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRealStore, openRealSession, type RealStore } from "../helpers/real-session.js";
import { type CsvBar, readDailyCsv, readMinuteCsv, regularMinutes } from "../helpers/shared-data.js";
import { runTalib } from "../helpers/talib-oracle.js";

const at = (iso: string): number => Date.parse(iso);
const FIVE_MINUTES = 300_000;

/** 5m bars (start, close) from regular 1m rows of one date, ending at or before `upTo`. */
function fiveMinuteCloses(
  rows: readonly CsvBar[],
  openAt: number,
  upTo: number,
): Array<{ time: number; close: number }> {
  const buckets = new Map<number, number>();
  for (const row of rows) {
    const start = openAt + Math.floor((row.time - openAt) / FIVE_MINUTES) * FIVE_MINUTES;
    if (start + FIVE_MINUTES <= upTo) buckets.set(start, row.close);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([time, close]) => ({ time, close }));
}

function expectRelativelyEqual(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

describe("adhoc indicators added mid-session on real bars (AIG, 2013-10-09)", () => {
  let store: RealStore;
  const aigMinutes = readMinuteCsv("minute/AIG-20131007.csv")
    .concat(readMinuteCsv("minute/AIG-20131008.csv"))
    .concat(readMinuteCsv("minute/AIG-20131009.csv"));
  const aigDaily = readDailyCsv("daily/AIG.csv");

  beforeAll(() => {
    store = buildRealStore();
  });
  afterAll(() => store.dispose());

  function expectedRsiAt(upTo: number): number {
    const closes = ["2013-10-07", "2013-10-08", "2013-10-09"].flatMap((date) =>
      fiveMinuteCloses(regularMinutes(aigMinutes, date), at(`${date}T09:30:00-04:00`), upTo).map(
        (bar) => bar.close,
      ),
    );
    const rsi = runTalib("RSI", { inReal: closes }, { optInTimePeriod: 14 }).outputs.outReal;
    return rsi[rsi.length - 1]!;
  }

  it("provisions history and live bars, then tracks TA-Lib and the daily mean through the close", async () => {
    const session = openRealSession(store.path, at("2013-10-09T04:00:00-04:00"), {
      session_data: { symbols: ["SPY"] },
    });
    try {
      const { coordinator, sessionData, clock } = session;
      expect(coordinator.startDay("2013-10-09").symbols).toEqual(["SPY"]);
      clock.advanceTo(at("2013-10-09T11:02:00-04:00"));
      coordinator.advance();

      expect(await sessionData.addIndicator("AIG", "rsi", { period: 14, interval: "5m" })).toBe(true);
      expect(await sessionData.addIndicator("aig", "sma", { period: 20, interval: "1d" })).toBe(true);
      // The same key again: nothing provisioned twice.
      expect(await sessionData.addIndicator("AIG", "rsi", { period: 14, interval: "5m" })).toBe(false);

      // No look-ahead: at 11:02 the newest 1m bar is the one that ended at 11:02, the newest 5m bar
      // the one that ended at 11:00.
      expect(sessionData.getLatestBar("AIG", "1m")?.time).toBe(at("2013-10-09T11:01:00-04:00"));
      expect(sessionData.getLatestBar("AIG", "5m")?.time).toBe(at("2013-10-09T10:55:00-04:00"));

      clock.advanceTo(at("2013-10-09T11:05:00-04:00"));
      coordinator.advance();
      const rsiAt1105 = sessionData.getIndicator("AIG", "rsi_14_5m")!;
      expect(rsiAt1105.ready).toBe(true);
      expect(rsiAt1105.updatedAt).toBe(at("2013-10-09T11:05:00-04:00"));
      expectRelativelyEqual(rsiAt1105.value as number, expectedRsiAt(at("2013-10-09T11:05:00-04:00")));

      const closesThrough1008 = aigDaily.filter((bar) => bar.date <= "2013-10-08").map((bar) => bar.close);
      const smaAt1105 = sessionData.getIndicator("AIG", "sma_20_1d")!;
      expect(smaAt1105.updatedAt).toBe(at("2013-10-08T16:00:00-04:00"));
      expectRelativelyEqual(
        smaAt1105.value as number,
        closesThrough1008.slice(-20).reduce((a, b) => a + b, 0) / 20,
        1e-12,
      );

      clock.advanceTo(at("2013-10-09T16:00:00-04:00"));
      coordinator.advance();
      const todayRegular = regularMinutes(aigMinutes, "2013-10-09");
      const todayClose = todayRegular[todayRegular.length - 1].close;
      const smaAtClose = sessionData.getIndicator("AIG", "sma_20_1d")!;
      expect(smaAtClose.updatedAt).toBe(at("2013-10-09T16:00:00-04:00"));
      expectRelativelyEqual(
        smaAtClose.value as number,
        [...closesThrough1008.slice(-19), todayClose].reduce((a, b) => a + b, 0) / 20,
        1e-12,
      );
      expectRelativelyEqual(
        sessionData.getIndicator("AIG", "rsi_14_5m")!.value as number,
        expectedRsiAt(at("2013-10-09T16:00:00-04:00")),
      );
      // The daily bar formed from the regular minutes closed at the close.
      const daily = sessionData.getLatestBar("AIG", "1d")!;
      expect(daily.time).toBe(at("2013-10-09T09:30:00-04:00"));
      expect([daily.open, daily.close, daily.volume]).toEqual([
        todayRegular[0].open,
        todayClose,
        todayRegular.reduce((sum, row) => sum + row.volume, 0),
      ]);
      expect(daily.high).toBe(Math.max(...todayRegular.map((row) => row.high)));
      expect(daily.low).toBe(Math.min(...todayRegular.map((row) => row.low)));
    } finally {
      session.close();
    }
  });

  it("says how many bars an indicator still lacks when the store holds too little history", async () => {
    const session = openRealSession(store.path, at("2013-10-09T04:00:00-04:00"));
    try {
      session.coordinator.startDay("2013-10-09");
      session.clock.advanceTo(at("2013-10-09T11:02:00-04:00"));
      session.coordinator.advance();
      // SMA(50) on 60m: the store has minutes only from 10-07: 7 + 7 hourly bars of history and the
      // 09:30–10:29 bar of today = 15 of 50.
      expect(await session.sessionData.addIndicator("SPY", "sma", { period: 50, interval: "1h" })).toBe(true);
      const reading = session.sessionData.getIndicator("SPY", "sma_50_60m")!;
      expect([reading.ready, reading.value, reading.missingBars]).toEqual([false, null, 35]);
      expect(session.sessionData.getBars("SPY", "60m").map((bar) => bar.time)).toEqual([
        ...["2013-10-07", "2013-10-08"].flatMap((date) =>
          [0, 1, 2, 3, 4, 5, 6].map((hour) => at(`${date}T09:30:00-04:00`) + hour * 3_600_000),
        ),
        at("2013-10-09T09:30:00-04:00"),
      ]);
    } finally {
      session.close();
    }
  });
});
