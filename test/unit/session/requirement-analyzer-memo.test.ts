// The RequirementAnalyzer remembers the windows it worked out for the latest session date: repeated
// and interleaved questions must get exactly what a fresh analyzer answers.

import { describe, expect, it } from "vitest";
import { parseInterval } from "../../../src/core/interval.js";
import { RequirementAnalyzer } from "../../../src/session/requirement-analyzer.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const calendar = new ExchangeCalendar();
const rsi14FiveMinutes = {
  type: "rsi",
  key: "rsi_14_5m",
  interval: "5m",
  requiredBars: 15,
  stableBars: 202,
  label: "RSI(14)",
};

describe("RequirementAnalyzer answers stay the same when repeated", () => {
  it("gives a fresh analyzer's answers in any order of dates, intervals and sizes", () => {
    const remembering = new RequirementAnalyzer(calendar);
    const questions: Array<() => [unknown, unknown]> = [];
    for (const date of ["2024-12-02", "2024-11-29", "2024-12-02", "2025-07-03", "2024-12-02"]) {
      questions.push(() => [
        remembering.forIndicator(rsi14FiveMinutes, date),
        new RequirementAnalyzer(calendar).forIndicator(rsi14FiveMinutes, date),
      ]);
      for (const [interval, count] of [
        ["1m", 3],
        ["5m", 1],
        ["1d", 40],
        ["1w", 4],
      ] as const) {
        questions.push(() => [
          remembering.forBars(interval, count, date),
          new RequirementAnalyzer(calendar).forBars(interval, count, date),
        ]);
        questions.push(() => [
          remembering.historyForBars(parseInterval(interval), count * 10, date),
          new RequirementAnalyzer(calendar).historyForBars(parseInterval(interval), count * 10, date),
        ]);
      }
    }
    for (const question of [...questions, ...questions.reverse()]) {
      const [answer, fresh] = question();
      expect(answer).toEqual(fresh);
    }
  });

  it("keeps the warm-up multiplier of its own instance", () => {
    const doubled = new RequirementAnalyzer(calendar);
    const tripled = new RequirementAnalyzer(calendar, 3);
    const sma = { ...rsi14FiveMinutes, key: "sma_100_5m", requiredBars: 100, stableBars: 100 };
    expect(doubled.forIndicator(sma, "2024-12-02").history!.bars).toBe(200);
    expect(tripled.forIndicator(sma, "2024-12-02").history!.bars).toBe(300);
    expect(doubled.forIndicator(sma, "2024-12-02").history!.bars).toBe(200);
  });
});
