// Trading days end to end on a synthetic market: start of day, streaming, the close (daily bar,
// short last bucket on an early close), release of unpromoted adhoc symbols, and carry-over of
// configured and locked symbols into the next day without feeding any bar twice.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../src/data/bar-store.js";
import { buildDemoStore, type DemoStore, openDemoSession } from "../helpers/demo-session.js";

const at = (iso: string): number => Date.parse(iso);

describe("a session over several trading days", () => {
  let demo: DemoStore;
  let a: string;
  let b: string;
  let c: string;
  beforeAll(() => {
    // 1m bars on 2024-11-27, 11-29 (early close 13:00), 12-02, 12-03; 40 daily bars before.
    demo = buildDemoStore({ symbols: 3, days: 4, historyDays: 40, seed: 21, lastDay: "2024-12-03" });
    [a, b, c] = demo.symbols;
  });
  afterAll(() => demo.dispose());

  it("closes days, releases adhoc symbols, keeps locked ones and feeds each bar exactly once", async () => {
    const session = openDemoSession(demo, at("2024-11-29T04:00:00-05:00"), {
      session_data: {
        symbols: [a],
        streams: ["1m", "5m", "1d"],
        indicators: [
          { type: "sma", period: 5, interval: "1d" },
          { type: "rsi", period: 14, interval: "5m" },
        ],
      },
    });
    const store = BarStore.open(demo.path);
    try {
      const { coordinator, sessionData, clock, calendar } = session;
      expect(coordinator.startDay("2024-11-29")).toEqual({ date: "2024-11-29", symbols: [a], failed: [] });
      expect(sessionData.getConfigSymbols()).toEqual(new Set([a]));
      expect(() => coordinator.startDay("2024-11-29")).toThrow(
        "Cannot start 2024-11-29: the session of 2024-11-29 has not ended",
      );
      expect(await sessionData.addIndicator(b, "sma", { period: 3, interval: "1d" })).toBe(true);
      expect(await sessionData.addIndicator(c, "sma", { period: 3, interval: "1d" })).toBe(true);
      sessionData.lockSymbol(c, "open_position");

      clock.advanceTo(at("2024-11-29T12:59:00-05:00"));
      coordinator.advance();
      expect(() => coordinator.endDay()).toThrow(
        "Cannot end 2024-11-29 at 2024-11-29T12:59:00-05:00, before its close 2024-11-29T13:00:00-05:00",
      );
      clock.advanceTo(at("2024-11-29T13:00:00-05:00"));
      expect(coordinator.endDay()).toEqual({ date: "2024-11-29", released: [b] });
      expect(sessionData.getActiveSymbols()).toEqual([a, c].sort());

      // The early close: 210 minutes → 42 five-minute bars, the last at 12:55; the daily bar closes at 13:00.
      const open = calendar.requireSession("2024-11-29").openAt;
      const fiveMinute = sessionData.getBars(a, "5m").filter((bar) => bar.time >= open);
      expect(fiveMinute.length).toBe(42);
      expect(fiveMinute[41].time).toBe(at("2024-11-29T12:55:00-05:00"));
      const minutes = store.readBars(a, "1m", open, calendar.requireSession("2024-11-29").closeAt);
      expect(minutes.length).toBe(210);
      const daily = sessionData.getLatestBar(a, "1d")!;
      expect(daily).toEqual({
        time: open,
        interval: "1d",
        open: minutes.open[0],
        high: Math.max(...minutes.high),
        low: Math.min(...minutes.low),
        close: minutes.close[209],
        volume: minutes.volume.reduce((sum, volume) => sum + volume, 0),
      });
      expect(sessionData.getIndicator(a, "sma_5_1d")?.updatedAt).toBe(at("2024-11-29T13:00:00-05:00"));

      // Next day: configured and locked symbols carry over, history follows without a gap.
      clock.advanceTo(at("2024-12-02T04:00:00-05:00"));
      expect(coordinator.startDay()).toEqual({ date: "2024-12-02", symbols: [a], failed: [] });
      clock.advanceTo(at("2024-12-02T16:00:00-05:00"));
      coordinator.endDay();
      const storedDaily = store.readBars(a, "1d", 0, at("2024-12-03T00:00:00-05:00"));
      const lastFive = Array.from(storedDaily.close.slice(-5));
      const sma = sessionData.getIndicator(a, "sma_5_1d")!;
      expect(sma.updatedAt).toBe(at("2024-12-02T16:00:00-05:00"));
      expect(Math.abs((sma.value as number) - lastFive.reduce((x, y) => x + y, 0) / 5)).toBeLessThan(1e-9);
      const lockedSma = sessionData.getIndicator(c, "sma_3_1d")!;
      expect(lockedSma.updatedAt).toBe(at("2024-12-02T16:00:00-05:00"));
      expect(sessionData.isSymbolLocked(c)).toBe(true);
      expect(session.indicators.refusedBars).toBe(0);
    } finally {
      store.close();
      session.close();
    }
  });

  it("refuses to start a closed day", () => {
    const session = openDemoSession(demo, at("2024-11-28T04:00:00-05:00"));
    try {
      expect(() => session.coordinator.startDay("2024-11-28")).toThrow(
        '"2024-11-28" is not a trading day (Thanksgiving Day)',
      );
      // Without a date, the next session to trade is chosen.
      expect(session.coordinator.sessionDate()).toBe("2024-11-29");
    } finally {
      session.close();
    }
  });
});
