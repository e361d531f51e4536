// The one-pass intraday aggregation (aggregateBars' path for intraday → intraday) against the
// bucketing rule as the streaming BucketBuilder applies it bar by bar, on generated minutes with
// gaps, extended hours, unaligned bar times, an early close, a session that is not a whole number of
// buckets, and Tokyo's lunch break.

import { describe, expect, it } from "vitest";
import { type BarColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { DataError } from "../../../src/core/errors.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { BucketBuilder } from "../../../src/data/bar-buckets.js";
import { BarColumnsBuilder } from "../../../src/data/bar-columns-builder.js";
import type { SessionHours } from "../../../src/data/session-hours.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { columnsOfRows } from "../../helpers/bar-rows.js";

const MINUTE_MS = 60_000;

/** A seeded generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Bars of `stepMs` over [fromTime, toTime) (extended hours, nights and breaks included), each kept
 * with probability `keep`, shifted by `shiftMs`, with random prices and volumes.
 */
function generated(
  fromTime: number,
  toTime: number,
  stepMs: number,
  shiftMs: number,
  keep: number,
  seed: number,
) {
  const next = random(seed);
  const rows: number[][] = [];
  for (let time = fromTime; time < toTime; time += stepMs) {
    if (next() >= keep) continue;
    const open = 100 + next() * 10;
    const close = 100 + next() * 10;
    rows.push([
      time + shiftMs,
      open,
      Math.max(open, close) + next(),
      Math.min(open, close) - next(),
      close,
      Math.round(next() * 1000) + next(),
    ]);
  }
  return columnsOfRows(rows);
}

/** The rule applied bar by bar, as the streaming aggregator does: a BucketBuilder, flushed at the end. */
function byBucketBuilder(
  bars: BarColumns,
  fromMs: number,
  bucketMs: number,
  hours: SessionHours,
): BarColumns {
  const output = new BarColumnsBuilder();
  const builder = new BucketBuilder({ kind: "intraday", bucketMs, fromMs }, hours, output.push.bind(output));
  for (let i = 0; i < bars.length; i++) {
    builder.push(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
  }
  builder.flush();
  return output.build();
}

describe("one-pass intraday aggregation", () => {
  const nyse = new ExchangeCalendar();
  const tokyo = calendarOf("XTKS");
  const cases: Array<[string, SessionHours, string, string]> = [
    // Thanksgiving week: a holiday and the 13:00 early close; extended hours every day.
    ["NYSE with an early close", nyse, "2024-11-25T00:00:00-05:00", "2024-12-03T00:00:00-05:00"],
    ["Tokyo with its lunch break", tokyo, "2025-06-02T00:00:00+09:00", "2025-06-05T00:00:00+09:00"],
  ];
  for (const [name, hours, fromIso, toIso] of cases) {
    it(`gives the BucketBuilder's bars on ${name}, gaps and unaligned times included`, () => {
      let seed = 1;
      for (const [from, to] of [
        ["1m", "5m"],
        ["1m", "15m"],
        ["1m", "60m"],
        ["1m", "7m"],
        ["5m", "30m"],
      ]) {
        const fromMs = parseInterval(from).durationMs!;
        const bucketMs = parseInterval(to).durationMs!;
        for (const keep of [1, 0.8, 0.15]) {
          for (const shiftMs of [0, 30_000]) {
            const bars = generated(Date.parse(fromIso), Date.parse(toIso), fromMs, shiftMs, keep, seed++);
            const expected = columnsToBars(byBucketBuilder(bars, fromMs, bucketMs, hours), to);
            expect(expected.length).toBeGreaterThan(0);
            expect(columnsToBars(aggregateBars(bars, from, to, hours), to)).toEqual(expected);
          }
        }
      }
      // Bars closer together than their length (not what a store holds, but the rule still
      // decides): the bar reaching a bucket's end completes it, a later one starts it again.
      const crowded = generated(Date.parse(fromIso), Date.parse(toIso), 40_000, 0, 0.9, seed);
      const expected = columnsToBars(byBucketBuilder(crowded, MINUTE_MS, 5 * MINUTE_MS, hours), "5m");
      expect(new Set(expected.map((bar) => bar.time)).size).toBeLessThan(expected.length);
      expect(columnsToBars(aggregateBars(crowded, "1m", "5m", hours), "5m")).toEqual(expected);
    });
  }

  it("leaves out the bars outside regular hours and makes the early close's last 60m bar short", () => {
    const friday = nyse.requireSession("2024-11-29");
    const bars = generated(friday.preMarketAt, friday.postMarketAt, MINUTE_MS, 0, 1, 7);
    const hourly = columnsToBars(aggregateBars(bars, "1m", "60m", nyse), "60m");
    expect(hourly.map((bar) => bar.time)).toEqual(
      [0, 1, 2, 3].map((hour) => friday.openAt + hour * 3_600_000),
    );
    const lastMinutes = columnsToBars(bars, "1m").filter(
      (bar) => bar.time >= friday.openAt + 3 * 3_600_000 && bar.time < friday.closeAt,
    );
    expect(lastMinutes.length).toBe(30);
    expect(hourly[3].volume).toBe(lastMinutes.reduce((sum, bar) => sum + bar.volume, 0));
    expect(hourly[3].close).toBe(lastMinutes[29].close);
  });

  it("refuses bars out of order with the streaming builder's error", () => {
    const bars = generated(
      Date.parse("2024-12-02T09:30:00-05:00"),
      Date.parse("2024-12-02T09:40:00-05:00"),
      MINUTE_MS,
      0,
      1,
      3,
    );
    bars.time[4] = bars.time[3];
    expect(() => aggregateBars(bars, "1m", "5m", nyse)).toThrow(DataError);
    expect(() => aggregateBars(bars, "1m", "5m", nyse)).toThrow(
      "Bars must come in ascending time order: 2024-12-02T14:33:00.000Z after 2024-12-02T14:33:00.000Z",
    );
  });
});
