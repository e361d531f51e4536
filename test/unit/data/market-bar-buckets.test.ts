// Bar alignment on other markets: buckets aligned to each session's open, a lunch break ending a
// bucket (the afternoon aligned to the break's end), daily bars spanning the whole session (breaks
// included, across midnight for futures), and weeks grouped by trading date.

import { describe, expect, it } from "vitest";
import type { Bar } from "../../../src/core/bar.js";
import { barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { IntervalAggregator } from "../../../src/data/interval-aggregator.js";
import { calendarBarEndTime } from "../../../src/runtime/calendar-bar-end.js";
import { calendarOf } from "../../../src/time/markets/index.js";

const MINUTE_MS = 60_000;

/** One-minute bars from `fromIso` for `count` minutes: open = close = minute index, volume 1. */
function minuteBars(fromIso: string, count: number) {
  const start = Date.parse(fromIso);
  return barsToColumns(
    Array.from({ length: count }, (_, index) => ({
      symbol: "X",
      time: start + index * MINUTE_MS,
      open: index,
      high: index,
      low: index,
      close: index,
      volume: 1,
    })),
  );
}

function summary(columns: ReturnType<typeof aggregateBars>, interval: string) {
  return columnsToBars(columns, interval).map(
    (bar) => `${new Date(bar.time).toISOString().slice(5, 16)} v${bar.volume}`,
  );
}

describe("Tokyo 60m bars: the lunch break ends a bucket", () => {
  it("aligns the morning to 09:00 and the afternoon to 12:30 JST; break minutes are not aggregated", () => {
    const tokyo = calendarOf("XTKS");
    // 2025-06-02, 09:00–15:30 JST = 00:00–06:30 UTC, every minute including the break.
    const bars = minuteBars("2025-06-02T00:00:00Z", 390);
    expect(summary(aggregateBars(bars, "1m", "60m", tokyo), "60m")).toEqual([
      "06-02T00:00 v60",
      "06-02T01:00 v60",
      "06-02T02:00 v30", // 11:00–11:30: the break ends it
      "06-02T03:30 v60", // 12:30–13:30
      "06-02T04:30 v60",
      "06-02T05:30 v60",
    ]);
    // The daily bar spans the session, break included, but holds only the 330 traded minutes.
    expect(summary(aggregateBars(bars, "1m", "1d", tokyo), "1d")).toEqual(["06-02T00:00 v330"]);
  });

  it("streaming gives the batch's bars, a bar in the break arriving while a bucket forms included", () => {
    // A daily bucket spans the break: the break's minutes must be left out of it while it forms,
    // streamed as in the batch.
    const tokyo = calendarOf("XTKS");
    const bars = minuteBars("2025-06-02T00:00:00Z", 390);
    for (const to of ["5m", "60m", "1d"]) {
      const streamed: Bar[] = [];
      const aggregator = new IntervalAggregator("1m", to, tokyo);
      for (const bar of columnsToBars(bars, "1m")) streamed.push(...aggregator.push(bar));
      streamed.push(...aggregator.flush());
      expect(streamed, to).toEqual(columnsToBars(aggregateBars(bars, "1m", to, tokyo), to));
    }
    const daily = new IntervalAggregator("1m", "1d", tokyo);
    const days = columnsToBars(bars, "1m").flatMap((bar) => daily.push(bar));
    expect(days).toMatchObject([{ volume: 330, close: 389, high: 389, low: 0 }]);
  });
});

describe("CME daily bars across midnight", () => {
  it("a session from Sunday 17:00 to Monday 16:00 Chicago is one daily bar of Monday, timed at its open", () => {
    const cme = calendarOf("CMES");
    // 2025-03-09 22:00 UTC (Sunday 17:00 CDT) to 2025-03-10 21:00 UTC (Monday 16:00 CDT), then the maintenance hour.
    const bars = minuteBars("2025-03-09T22:00:00Z", 23 * 60 + 60);
    const daily = columnsToBars(aggregateBars(bars, "1m", "1d", cme), "1d");
    expect(daily.map((bar) => [new Date(bar.time).toISOString(), bar.volume])).toEqual([
      ["2025-03-09T22:00:00.000Z", 1380],
    ]);
    // 4h buckets from the 17:00 open: 17:00, 21:00, 01:00, 05:00, 09:00, 13:00 (the last 3 hours long).
    expect(summary(aggregateBars(bars, "1m", "240m", cme), "240m")).toEqual([
      "03-09T22:00 v240",
      "03-10T02:00 v240",
      "03-10T06:00 v240",
      "03-10T10:00 v240",
      "03-10T14:00 v240",
      "03-10T18:00 v180",
    ]);
  });

  it("weeks group sessions by trading date: Sunday evening's session is Monday's week", () => {
    const cme = calendarOf("CMES");
    const dates = ["2025-03-06", "2025-03-07", "2025-03-10", "2025-03-11"];
    const daily = barsToColumns(
      dates.map((date, index) => ({
        symbol: "ES",
        time: cme.requireSession(date).openAt,
        open: index,
        high: index,
        low: index,
        close: index,
        volume: 10,
      })),
    );
    const weekly = columnsToBars(aggregateBars(daily, "1d", "1w", cme), "1w");
    expect(weekly.map((bar) => [new Date(bar.time).toISOString(), bar.volume])).toEqual([
      ["2025-03-05T23:00:00.000Z", 20],
      ["2025-03-09T22:00:00.000Z", 20],
    ]);
  });
});

describe("24/7 weeks run Monday to Sunday", () => {
  it("Saturday and Sunday sessions fall in the week of the Monday before", () => {
    const crypto = calendarOf("CRYPTO");
    const dates = ["2025-03-08", "2025-03-09", "2025-03-10"];
    const daily = barsToColumns(
      dates.map((date, index) => ({
        symbol: "BTC-USD",
        time: crypto.requireSession(date).openAt,
        open: index,
        high: index,
        low: index,
        close: index,
        volume: 1,
      })),
    );
    const weekly = columnsToBars(aggregateBars(daily, "1d", "1w", crypto), "1w");
    expect(weekly.map((bar) => [new Date(bar.time).toISOString().slice(0, 10), bar.volume])).toEqual([
      ["2025-03-08", 2],
      ["2025-03-10", 1],
    ]);
  });
});

describe("when daily and weekly bars become known on other markets", () => {
  it("a CME daily bar starting Sunday evening ends at Monday's close; weeks end with the last session", () => {
    const cme = calendarOf("CMES");
    const barEnd = calendarBarEndTime(cme);
    const monday = cme.requireSession("2025-03-10");
    expect(barEnd(parseInterval("1d"), monday.openAt)).toBe(monday.closeAt);
    expect(barEnd(parseInterval("1w"), monday.openAt)).toBe(cme.requireSession("2025-03-14").closeAt);
    // Good Friday week: the week ends with Thursday's session.
    expect(barEnd(parseInterval("1w"), cme.requireSession("2025-04-14").openAt)).toBe(
      cme.requireSession("2025-04-17").closeAt,
    );
  });

  it("a 24/7 week ends on Sunday at 24:00 UTC", () => {
    const crypto = calendarOf("CRYPTO");
    const barEnd = calendarBarEndTime(crypto);
    expect(barEnd(parseInterval("1w"), Date.parse("2025-03-10T00:00:00Z"))).toBe(
      Date.parse("2025-03-17T00:00:00Z"),
    );
    expect(barEnd(parseInterval("1d"), Date.parse("2025-03-08T00:00:00Z"))).toBe(
      Date.parse("2025-03-09T00:00:00Z"),
    );
  });
});
