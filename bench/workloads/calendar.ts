// Calendar lookups on the hot paths: building the calendar, finding the session of an instant
// (once per bar in aggregation and replay), and stepping by trading days (warm-up planning).

import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { type BenchResult, type BenchWorkload, bestOfMs } from "../bench-result.js";

const MINUTE_MS = 60_000;

export const calendarWorkload: BenchWorkload = {
  name: "calendar",
  async run(): Promise<BenchResult> {
    const constructionMs = bestOfMs(5, () => new ExchangeCalendar());
    const calendar = new ExchangeCalendar();

    // Every minute of 2024 in New York time (the year starts at 05:00 UTC).
    const fromTime = Date.parse("2024-01-01T05:00:00Z");
    const toTime = Date.parse("2025-01-01T05:00:00Z");
    const minutes = (toTime - fromTime) / MINUTE_MS;
    let minutesInSessions = 0;
    const sessionAtMs = bestOfMs(3, () => {
      minutesInSessions = 0;
      for (let time = fromTime; time < toTime; time += MINUTE_MS)
        if (calendar.sessionAt(time)) minutesInSessions++;
    });

    const steps = 100_000;
    let landedOn = "";
    const stepMs = bestOfMs(3, () => {
      for (let i = 0; i < steps; i++) landedOn = calendar.previousTradingDay("2024-12-31", 1 + (i % 250));
    });

    // 2024: 249 full sessions of 16 h (04:00–20:00) and 3 early closes of 13 h (04:00–17:00).
    const expectedMinutes = 249 * 960 + 3 * 780;
    return {
      name: "calendar",
      params: { sessionAtLookups: minutes, tradingDaySteps: steps },
      metrics: {
        constructionMs,
        sessionAtPerSecond: Math.round(minutes / (sessionAtMs / 1000)),
        previousTradingDayPerSecond: Math.round(steps / (stepMs / 1000)),
      },
      targets: [
        { metric: "constructionMs", kind: "max", value: 50 },
        { metric: "sessionAtPerSecond", kind: "min", value: 2_000_000 },
      ],
      checks: {
        "2024 has 252 trading days": calendar.countTradingDays("2024-01-01", "2024-12-31") === 252,
        [`sessionAt covers ${expectedMinutes} minutes of 2024`]: minutesInSessions === expectedMinutes,
        "250 trading days before 2024-12-31 is 2024-01-03": landedOn === "2024-01-03",
      },
    };
  },
};
