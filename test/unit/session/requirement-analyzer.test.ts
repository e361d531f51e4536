import { describe, expect, it } from "vitest";
import { parseInterval } from "../../../src/core/interval.js";
import { RequirementAnalyzer } from "../../../src/session/requirement-analyzer.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";

const calendar = new ExchangeCalendar();
const analyzer = new RequirementAnalyzer(calendar);
const sma20Daily = {
  type: "sma",
  key: "sma_20_1d",
  interval: "1d",
  requiredBars: 20,
  stableBars: 20,
  label: "SMA(20)",
};

describe("RequirementAnalyzer.forIndicator", () => {
  it("gives SMA(20) on 1d as of 2024-01-02 the seed's 40 trading days back to 2023-11-02, 61 calendar days", () => {
    const requirements = analyzer.forIndicator(sma20Daily, "2024-01-02");
    expect(requirements).toEqual({
      key: "sma_20_1d",
      interval: "1d",
      baseInterval: "1d",
      requiredIntervals: ["1d"],
      requiredBars: 20,
      stableBars: 20,
      history: {
        interval: "1d",
        bars: 40,
        tradingDays: 40,
        calendarDays: 61,
        firstDate: "2023-11-02",
        lastDate: "2023-12-29",
      },
      reason:
        "SMA(20) on 1d needs 20 bars for a first value; loading 40 bars (2× warm-up) = " +
        "40 trading days from 2023-11-02 to 2023-12-29 (61 calendar days)",
    });
  });

  it("gives SMA(20) on 1d as of 2025-07-02 58 calendar days (back to 2025-05-05)", () => {
    const history = analyzer.forIndicator(sma20Daily, "2025-07-02").history!;
    expect([history.firstDate, history.lastDate, history.calendarDays, history.tradingDays]).toEqual([
      "2025-05-05",
      "2025-07-01",
      58,
      40,
    ]);
  });

  it("loads until a recursive indicator is stable when that is longer than the multiplied warm-up", () => {
    const rsi = {
      type: "rsi",
      key: "rsi_14_1d",
      interval: "1d",
      requiredBars: 15,
      stableBars: 202,
      label: "RSI(14)",
    };
    const requirements = analyzer.forIndicator(rsi, "2024-01-02");
    expect(requirements.history!.bars).toBe(202);
    expect(requirements.history!.tradingDays).toBe(202);
    expect(requirements.reason).toBe(
      "RSI(14) on 1d needs 15 bars for a first value, 202 until stable; loading 202 bars (2× warm-up) = " +
        `202 trading days from ${requirements.history!.firstDate} to 2023-12-29 (${requirements.history!.calendarDays} calendar days)`,
    );
    expect(calendar.countTradingDays(requirements.history!.firstDate, "2023-12-29")).toBe(202);
  });

  it("streams the base of a derived interval and counts real bars per session", () => {
    // RSI(14) on 5m: 30 bars; a full session has 78 five-minute bars, so one trading day.
    const rsi5m = {
      type: "rsi",
      key: "rsi_14_5m",
      interval: "5m",
      requiredBars: 15,
      stableBars: 15,
      label: "RSI(14)",
    };
    const requirements = analyzer.forIndicator(rsi5m, "2013-10-09");
    expect(requirements.requiredIntervals).toEqual(["1m", "5m"]);
    expect(requirements.baseInterval).toBe("1m");
    expect(requirements.history).toEqual({
      interval: "5m",
      bars: 30,
      tradingDays: 1,
      calendarDays: 1,
      firstDate: "2013-10-08",
      lastDate: "2013-10-08",
    });
  });

  it("counts an early-close session's shorter bar count", () => {
    // 2024-12-02 (Monday): the previous sessions are 11-29 (early close, 210 minutes = 42 five-minute
    // bars) and 11-27 (78 bars). 100 bars need both.
    const sma50 = {
      type: "sma",
      key: "sma_50_5m",
      interval: "5m",
      requiredBars: 50,
      stableBars: 50,
      label: "SMA(50)",
    };
    const history = analyzer.forIndicator(sma50, "2024-12-02").history!;
    expect([history.firstDate, history.lastDate, history.tradingDays, history.calendarDays]).toEqual([
      "2024-11-27",
      "2024-11-29",
      2,
      5,
    ]);
    expect(analyzer.barsInSession(parseInterval("5m"), "2024-11-29")).toBe(42);
    expect(analyzer.barsInSession(parseInterval("60m"), "2024-11-29")).toBe(4);
    expect(analyzer.barsInSession(parseInterval("60m"), "2024-11-27")).toBe(7);
  });

  it("counts Tokyo's bars per stretch between breaks and walks back over Golden Week", () => {
    const tokyo = new RequirementAnalyzer(calendarOf("XTKS"));
    // 09:00–11:30 and 12:30–15:30: 3 + 3 hourly bars, 30 + 36 five-minute bars.
    expect(tokyo.barsInSession(parseInterval("60m"), "2025-05-07")).toBe(6);
    expect(tokyo.barsInSession(parseInterval("5m"), "2025-05-07")).toBe(66);
    // Before 2024-11-05 the afternoon ended at 15:00: 3 + 3 hourly bars still, 30 + 30 five-minute bars.
    expect(tokyo.barsInSession(parseInterval("5m"), "2024-11-01")).toBe(60);
    // 13 hourly bars before 2025-05-08: 05-07 (6), 05-02 (6) and one of 05-01; May 5–6 are closed.
    const history = tokyo.historyForBars(parseInterval("60m"), 13, "2025-05-08");
    expect([history.firstDate, history.lastDate, history.tradingDays]).toEqual([
      "2025-05-01",
      "2025-05-07",
      3,
    ]);
  });

  it("skips a holiday week's closed days", () => {
    // Ten daily bars before 2024-12-02 cross Thanksgiving (11-28 closed): 11-18 … 11-29 has 9 sessions,
    // so the window starts on 11-15.
    const sma5 = {
      type: "sma",
      key: "sma_5_1d",
      interval: "1d",
      requiredBars: 5,
      stableBars: 5,
      label: "SMA(5)",
    };
    const history = analyzer.forIndicator(sma5, "2024-12-02").history!;
    expect([history.firstDate, history.lastDate, history.tradingDays, history.calendarDays]).toEqual([
      "2024-11-15",
      "2024-11-29",
      10,
      17,
    ]);
  });

  it("counts weekly bars in calendar weeks", () => {
    const high52w = {
      type: "high_low",
      key: "high_low_52_1w",
      interval: "1w",
      requiredBars: 52,
      stableBars: 52,
      label: "HIGH_LOW(52)",
    };
    const requirements = analyzer.forIndicator(high52w, "2024-12-04");
    expect(requirements.requiredIntervals).toEqual(["1d", "1w"]);
    // 104 weeks before the week of 2024-12-02 starts on Monday 2022-12-05.
    expect(requirements.history!.firstDate).toBe("2022-12-05");
    expect(requirements.history!.lastDate).toBe("2024-12-03");
  });

  it("loads no history for a session-anchored indicator on an intraday interval (VWAP restarts at the open)", () => {
    const vwap = {
      type: "vwap",
      key: "vwap_1m",
      interval: "1m",
      requiredBars: 1,
      stableBars: 1,
      label: "VWAP()",
      sessionAnchored: true,
    };
    expect(analyzer.forIndicator(vwap, "2024-10-31")).toEqual({
      key: "vwap_1m",
      interval: "1m",
      baseInterval: "1m",
      requiredIntervals: ["1m"],
      requiredBars: 1,
      stableBars: 1,
      history: undefined,
      reason:
        "VWAP() on 1m restarts at each regular-session open; loading no history (today's bars come from the session stream)",
    });
    const on15m = analyzer.forIndicator({ ...vwap, key: "vwap_15m", interval: "15m" }, "2024-10-31");
    expect([on15m.requiredIntervals, on15m.history]).toEqual([["1m", "15m"], undefined]);
    // The same indicator without the flag: the previous session, as for any indicator.
    expect(analyzer.forIndicator({ ...vwap, sessionAnchored: false }, "2024-10-31").history).toEqual({
      interval: "1m",
      bars: 2,
      tradingDays: 1,
      calendarDays: 1,
      firstDate: "2024-10-30",
      lastDate: "2024-10-30",
    });
  });

  it("keeps the usual window for a session-anchored indicator on daily bars (each bar is a session)", () => {
    const vwapDaily = {
      type: "vwap",
      key: "vwap_1d",
      interval: "1d",
      requiredBars: 1,
      stableBars: 1,
      label: "VWAP()",
      sessionAnchored: true,
    };
    expect(analyzer.forIndicator(vwapDaily, "2024-10-31").history).toEqual({
      interval: "1d",
      bars: 2,
      tradingDays: 2,
      calendarDays: 2,
      firstDate: "2024-10-29",
      lastDate: "2024-10-30",
    });
  });

  it("honours another warm-up multiplier and refuses a nonsense one", () => {
    const tripled = new RequirementAnalyzer(calendar, 3);
    expect(tripled.forIndicator(sma20Daily, "2024-01-02").history!.bars).toBe(60);
    expect(() => new RequirementAnalyzer(calendar, 0.5)).toThrow(
      "Warm-up multiplier must be a number ≥ 1, got 0.5",
    );
  });
});

describe("RequirementAnalyzer.forBars", () => {
  it("loads N trading days ending at the last completed session", () => {
    const requirements = analyzer.forBars("1m", 3, "2013-10-10");
    expect(requirements.requiredIntervals).toEqual(["1m"]);
    expect(requirements.history).toEqual({
      interval: "1m",
      bars: 1170,
      tradingDays: 3,
      calendarDays: 3,
      firstDate: "2013-10-07",
      lastDate: "2013-10-09",
    });
  });

  it("streams only for zero days and refuses negative days", () => {
    expect(analyzer.forBars("15m", 0, "2013-10-10")).toEqual({
      interval: "15m",
      baseInterval: "1m",
      requiredIntervals: ["1m", "15m"],
      history: undefined,
      reason: "15m bars: session stream only",
    });
    expect(() => analyzer.forBars("1m", -1, "2013-10-10")).toThrow(
      "Historical days must be a whole number ≥ 0, got -1",
    );
    expect(() => analyzer.forBars("5x", 1, "2013-10-10")).toThrow('"5x" is not an interval');
  });
});
