import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Bar } from "../../../src/core/bar.js";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { DataError } from "../../../src/core/errors.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { parseBarsCsv } from "../../../src/data/csv-parse.js";
import { IntervalAggregator } from "../../../src/data/interval-aggregator.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { tokyoMinuteBars } from "../../helpers/tokyo-minutes.js";

const DATA = fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const calendar = new ExchangeCalendar();
const MINUTE_MS = 60_000;

function minuteFile(name: string): Bar[] {
  const text = readFileSync(join(DATA, "minute", name), "utf8");
  return columnsToBars(parseBarsCsv(text, { interval: "1m", source: name }).bars, "1m");
}

const spyWeek = ["07", "08", "09", "10", "11"].flatMap((day) => minuteFile(`SPY-201310${day}.csv`));
const at = (iso: string) => Date.parse(iso);

function stream(bars: readonly Bar[], to: string): Bar[] {
  const aggregator = new IntervalAggregator("1m", to, calendar);
  const out: Bar[] = [];
  for (const bar of bars) out.push(...aggregator.push(bar));
  out.push(...aggregator.flush());
  return out;
}

function bar(time: number, price: number, volume: number): Omit<Bar, "interval"> {
  return { time, open: price, high: price + 1, low: price - 1, close: price + 0.5, volume };
}

describe("IntervalAggregator", () => {
  it("with an output sink hands it, during pushValues/flushTo, the bars push/flush return", () => {
    for (const to of ["1m", "5m", "1d", "1w"]) {
      const received: Bar[] = [];
      const aggregator = new IntervalAggregator("1m", to, calendar, (time, open, high, low, close, volume) =>
        received.push({ time, interval: to, open, high, low, close, volume }),
      );
      for (const b of spyWeek) aggregator.pushValues(b.time, b.open, b.high, b.low, b.close, b.volume);
      aggregator.flushTo(undefined);
      expect(received, to).toEqual(stream(spyWeek, to));
      expect(aggregator.isForming(), to).toBe(false);
      // The object API of an aggregator with an output returns nothing: its bars went to the sink.
      expect(aggregator.push(bar(at("2013-10-14T09:30:00-04:00"), 100, 10)), to).toEqual([]);
      expect(received.length, to).toBe(stream(spyWeek, to).length + (to === "1m" ? 1 : 0));
    }
  });

  it("takes parsed intervals as they are (shared, not parsed again) and builds the bars their texts build", () => {
    // 1w from 1m: two stages (1m → 1d → 1w), held first stage first.
    for (const to of ["5m", "1d", "1w"]) {
      const from = parseInterval("1m");
      const parsed = parseInterval(to);
      const received: Bar[] = [];
      const aggregator = new IntervalAggregator(
        from,
        parsed,
        calendar,
        (time, open, high, low, close, volume) =>
          received.push({ time, interval: to, open, high, low, close, volume }),
      );
      expect(aggregator.from, to).toBe(from);
      expect(aggregator.to, to).toBe(parsed);
      for (const b of spyWeek) aggregator.pushValues(b.time, b.open, b.high, b.low, b.close, b.volume);
      aggregator.flushTo(undefined);
      expect(received, to).toEqual(stream(spyWeek, to));
    }
  });

  it("with an output sink completes a bucket left open by a gap on flushTo at its end, not before", () => {
    const received: number[] = [];
    const aggregator = new IntervalAggregator("1m", "5m", calendar, (time) => received.push(time));
    const open = at("2013-10-07T09:30:00-04:00");
    for (let minute = 0; minute < 3; minute++) {
      aggregator.pushValues(open + minute * MINUTE_MS, 100, 101, 99, 100.5, 10);
    }
    expect(aggregator.isForming()).toBe(true);
    aggregator.flushTo(open + 5 * MINUTE_MS - 1);
    expect(received).toEqual([]);
    aggregator.flushTo(open + 5 * MINUTE_MS);
    expect(received).toEqual([open]);
    expect(aggregator.isForming()).toBe(false);
  });

  it("agrees with aggregateBars on a week of SPY minutes for every interval", () => {
    const columns: BarColumns = barsToColumns(spyWeek);
    for (const to of ["5m", "15m", "30m", "60m", "1d", "1w"]) {
      expect(stream(spyWeek, to)).toEqual(columnsToBars(aggregateBars(columns, "1m", to, calendar), to));
    }
    expect(stream(spyWeek, "5m").length).toBe(390);
    expect(stream(spyWeek, "1d").length).toBe(5);
  });

  it("agrees on gappy minutes too (RIVN thinned to every 7th bar)", () => {
    const thinned = minuteFile("RIVN-20250702.csv").filter((_, index) => index % 7 === 0);
    for (const to of ["5m", "60m", "1d"]) {
      expect(stream(thinned, to)).toEqual(
        columnsToBars(aggregateBars(barsToColumns(thinned), "1m", to, calendar), to),
      );
    }
  });

  it("starts the bucket after a completed one on the stretch's grid: next slot, past gaps, short last bucket, lunch break", () => {
    // Runs of 4 minutes out of every 13: buckets complete by time, by their last minute, or are
    // skipped whole, so each next bucket starts right after the last, one or more buckets later, in
    // the short last bucket of the session (25m: 390 = 15 × 25 + 15), or after Tokyo's break.
    const nyse = minuteFile("RIVN-20250702.csv").filter((_, index) => index % 13 < 4);
    for (const to of ["5m", "15m", "25m", "60m"]) {
      expect(stream(nyse, to), to).toEqual(
        columnsToBars(aggregateBars(barsToColumns(nyse), "1m", to, calendar), to),
      );
    }
    const tokyo = calendarOf("XTKS");
    const tokyoBars = tokyoMinuteBars().filter((_, index) => index % 13 < 4 || (index >= 140 && index < 160));
    for (const to of ["5m", "25m", "60m"]) {
      const aggregator = new IntervalAggregator("1m", to, tokyo);
      const out: Bar[] = [];
      for (const one of tokyoBars) out.push(...aggregator.push(one));
      out.push(...aggregator.flush());
      expect(out, `Tokyo ${to}`).toEqual(
        columnsToBars(aggregateBars(barsToColumns(tokyoBars), "1m", to, tokyo), to),
      );
    }
    // By hand, 25m buckets: the first bucket after a gap skipping two whole ones, and the session's
    // short last bucket (15:45–16:00: 375 = 15 × 25), started after a gap of many.
    const day = at("2025-07-02T09:30:00-04:00");
    const aggregator = new IntervalAggregator("1m", "25m", calendar);
    expect(aggregator.push(bar(day, 10, 1))).toEqual([]);
    expect(aggregator.push(bar(day + 24 * MINUTE_MS, 11, 2))).toEqual([
      { time: day, interval: "25m", open: 10, high: 12, low: 9, close: 11.5, volume: 3 },
    ]);
    // 10:45 (75 minutes in): the 4th bucket, 10:45–11:10, after two skipped.
    expect(aggregator.push(bar(day + 75 * MINUTE_MS, 20, 4))).toEqual([]);
    expect(aggregator.forming()).toEqual({
      time: day + 75 * MINUTE_MS,
      interval: "25m",
      open: 20,
      high: 21,
      low: 19,
      close: 20.5,
      volume: 4,
    });
    // 15:50: the last bucket is 15:45–16:00 (short: 375 = 15 × 25), complete with its 15:59 minute.
    expect(aggregator.push(bar(day + 380 * MINUTE_MS, 30, 5))).toEqual([
      { time: day + 75 * MINUTE_MS, interval: "25m", open: 20, high: 21, low: 19, close: 20.5, volume: 4 },
    ]);
    expect(aggregator.push(bar(day + 389 * MINUTE_MS, 31, 6))).toEqual([
      { time: day + 375 * MINUTE_MS, interval: "25m", open: 30, high: 32, low: 29, close: 31.5, volume: 11 },
    ]);
  });

  it("completes a bucket with the bar that fills its last minute", () => {
    const aggregator = new IntervalAggregator("1m", "5m", calendar);
    const open = at("2013-10-07T09:30:00-04:00");
    expect(aggregator.push(bar(open - MINUTE_MS, 10, 5))).toEqual([]); // 09:29: pre-market, ignored
    for (let i = 0; i < 4; i++) expect(aggregator.push(bar(open + i * MINUTE_MS, 10 + i, 100))).toEqual([]);
    expect(aggregator.forming()).toEqual({
      time: open,
      interval: "5m",
      open: 10,
      high: 14,
      low: 9,
      close: 13.5,
      volume: 400,
    });
    expect(aggregator.push(bar(open + 4 * MINUTE_MS, 14, 100))).toEqual([
      { time: open, interval: "5m", open: 10, high: 15, low: 9, close: 14.5, volume: 500 },
    ]);
    expect(aggregator.forming()).toBeUndefined();
  });

  it("closes a bucket left open by a gap when a later bar arrives or on flush at its end", () => {
    const aggregator = new IntervalAggregator("1m", "5m", calendar);
    const open = at("2013-10-07T09:30:00-04:00");
    aggregator.push(bar(open + MINUTE_MS, 10, 1)); // 09:31 only
    expect(aggregator.flush(open + 4 * MINUTE_MS)).toEqual([]); // 09:34: the bucket is not over
    // 09:44 arrives: it closes 09:30 and, filling 09:40's last minute, 09:40 too.
    expect(aggregator.push(bar(open + 14 * MINUTE_MS, 20, 2))).toEqual([
      { time: open, interval: "5m", open: 10, high: 11, low: 9, close: 10.5, volume: 1 },
      { time: open + 10 * MINUTE_MS, interval: "5m", open: 20, high: 21, low: 19, close: 20.5, volume: 2 },
    ]);
    aggregator.push(bar(open + 16 * MINUTE_MS, 30, 3)); // 09:46
    expect(aggregator.flush(open + 20 * MINUTE_MS)).toEqual([
      { time: open + 15 * MINUTE_MS, interval: "5m", open: 30, high: 31, low: 29, close: 30.5, volume: 3 },
    ]);
  });

  it("ends an early-close session at 13:00: the 1d bar with the 12:59 minute, a short hour on flush", () => {
    const daily = new IntervalAggregator("1m", "1d", calendar);
    const hourly = new IntervalAggregator("1m", "60m", calendar);
    const open = at("2024-11-29T09:30:00-05:00");
    const completedDaily: Bar[] = [];
    const completedHourly: Bar[] = [];
    for (let i = 0; i < 209; i++) {
      const minute = bar(open + i * MINUTE_MS, 100, 1);
      completedDaily.push(...daily.push(minute));
      completedHourly.push(...hourly.push(minute));
    }
    expect(completedDaily).toEqual([]);
    expect(completedHourly.map((b) => b.time)).toEqual([open, open + 60 * MINUTE_MS, open + 120 * MINUTE_MS]);
    expect(daily.push(bar(open + 209 * MINUTE_MS, 100, 1))).toEqual([
      { time: open, interval: "1d", open: 100, high: 101, low: 99, close: 100.5, volume: 210 },
    ]);
    // The hour aggregator did not see 12:59; the close completes its 12:30–12:59 bar.
    const close = at("2024-11-29T13:00:00-05:00");
    expect(hourly.flush(close - 1)).toEqual([]);
    expect(hourly.flush(close)).toEqual([
      {
        time: open + 180 * MINUTE_MS,
        interval: "60m",
        open: 100,
        high: 101,
        low: 99,
        close: 100.5,
        volume: 29,
      },
    ]);
  });

  it("completes the last bucket when a post-market bar arrives", () => {
    const aggregator = new IntervalAggregator("1m", "5m", calendar);
    aggregator.push(bar(at("2013-10-07T15:56:00-04:00"), 10, 1));
    expect(aggregator.push(bar(at("2013-10-07T16:00:00-04:00"), 11, 1))).toEqual([
      {
        time: at("2013-10-07T15:55:00-04:00"),
        interval: "5m",
        open: 10,
        high: 11,
        low: 9,
        close: 10.5,
        volume: 1,
      },
    ]);
  });

  it("builds a forming week from finished days and the forming day", () => {
    const aggregator = new IntervalAggregator("1m", "1w", calendar);
    const monday = minuteFile("SPY-20131007.csv");
    const tuesday = minuteFile("SPY-20131008.csv");
    for (const minute of monday) aggregator.push(minute);
    const noon = at("2013-10-08T12:00:00-04:00");
    const tuesdayMorning = tuesday.filter((minute) => minute.time < noon);
    for (const minute of tuesdayMorning) aggregator.push(minute);
    const regular = [...monday, ...tuesdayMorning].filter((minute) => {
      const wall = new Date(minute.time - 4 * 3_600_000).toISOString().slice(11, 16);
      return wall >= "09:30" && wall < "16:00";
    });
    expect(aggregator.forming()).toEqual({
      time: at("2013-10-07T09:30:00-04:00"),
      interval: "1w",
      open: regular[0].open,
      high: Math.max(...regular.map((minute) => minute.high)),
      low: Math.min(...regular.map((minute) => minute.low)),
      close: regular.at(-1)?.close,
      volume: regular.reduce((sum, minute) => sum + minute.volume, 0),
    });
  });

  it("passes bars through for equal intervals and refuses bars out of order", () => {
    const same = new IntervalAggregator("5m", "5m");
    expect(same.push(bar(1000, 1, 1))).toEqual([{ ...bar(1000, 1, 1), interval: "5m" }]);
    const aggregator = new IntervalAggregator("1m", "5m", calendar);
    const time = at("2013-10-07T10:00:00-04:00");
    aggregator.push(bar(time, 1, 1));
    expect(() => aggregator.push(bar(time, 1, 1))).toThrow(DataError);
    aggregator.reset();
    expect(aggregator.push(bar(time - 3 * MINUTE_MS, 1, 1))).toEqual([]);
    expect(aggregator.forming()?.time).toBe(time - 5 * MINUTE_MS);
  });
});
