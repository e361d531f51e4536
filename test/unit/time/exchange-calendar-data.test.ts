// Cross-checks of the calendar against independent sources: real NYSE daily bars, and luxon's
// IANA zone data for every session instant of the range.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const dailyDir = join(repoRoot, "..", "shared", "data", "daily");
const calendar = new ExchangeCalendar();

function barDates(symbol: string): string[] {
  const lines = readFileSync(join(dailyDir, `${symbol}.csv`), "utf8")
    .trim()
    .split("\n");
  return lines.slice(1).map((line) => line.slice(0, line.indexOf(",")));
}

describe("ExchangeCalendar against real NYSE daily bars", () => {
  it("trades on exactly the days SPY has a bar, 1998-01-02 through 2021-03-31", () => {
    const dates = barDates("SPY");
    expect([dates[0], dates.at(-1), dates.length]).toEqual(["1998-01-02", "2021-03-31", 5849]);
    expect(dates.filter((date) => !calendar.isTradingDay(date))).toEqual([]);
    expect(calendar.tradingDays("1998-01-01", "2021-03-31")).toEqual(dates);
  });

  it("trades on exactly the days AAPL and AIG have bars over the same span", () => {
    const sessions = calendar.tradingDays("1998-01-01", "2021-03-31");
    expect(barDates("AAPL")).toEqual(sessions);
    expect(barDates("AIG")).toEqual(sessions);
  });
});

describe("ExchangeCalendar zone math against luxon", () => {
  it("puts every session of 1990–2035 at 04:00 / 09:30 / close / close+4h New York time", () => {
    const mismatches: string[] = [];
    const sessions = calendar
      .tradingDays("1990-01-01", "2035-12-31")
      .map((date) => calendar.requireSession(date));
    for (const session of sessions) {
      const at = (time: string) =>
        DateTime.fromISO(`${session.date}T${time}`, { zone: "America/New_York" }).toMillis();
      const closeTime = session.earlyClose
        ? DateTime.fromMillis(session.closeAt, { zone: "America/New_York" }).toFormat("HH:mm")
        : "16:00";
      const postTime = `${Number(closeTime.slice(0, 2)) + 4}:${closeTime.slice(3)}`;
      const expected = [at("04:00"), at("09:30"), at(closeTime), at(postTime)];
      const actual = [session.preMarketAt, session.openAt, session.closeAt, session.postMarketAt];
      if (expected.join() !== actual.join()) mismatches.push(session.date);
      if (
        calendar.formatInstant(session.openAt) !==
        DateTime.fromMillis(session.openAt, { zone: "America/New_York" }).toISO({
          suppressMilliseconds: true,
        })
      ) {
        mismatches.push(`${session.date} format`);
      }
    }
    expect([sessions[0].date, sessions.at(-1)?.date]).toEqual(["1990-01-02", "2035-12-31"]);
    expect(mismatches).toEqual([]);
  });
});
