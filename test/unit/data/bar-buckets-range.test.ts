// Range-wise aggregation (BucketBuilder.pushRange / IntervalAggregator.pushRange, the session's
// per-step path): a run of bars folded in one call must give the same completed bars, at the same
// moments, and the same forming bucket after every run, as pushing the bars one by one; checked on
// real NYSE minutes (with gaps), Tokyo's lunch break and weeks, and against buckets summed by hand.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Bar } from "../../../src/core/bar.js";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { DataError } from "../../../src/core/errors.js";
import { parseBarsCsv } from "../../../src/data/csv-parse.js";
import { IntervalAggregator } from "../../../src/data/interval-aggregator.js";
import type { SessionHours } from "../../../src/data/session-hours.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { tokyoMinuteBars } from "../../helpers/tokyo-minutes.js";

const DATA = fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const MINUTE_MS = 60_000;
const nyse = new ExchangeCalendar();

function minuteFile(name: string): BarColumns {
  const text = readFileSync(join(DATA, "minute", name), "utf8");
  return parseBarsCsv(text, { interval: "1m", source: name }).bars;
}

/** Every `keep`-th bar of `bars` dropped out of each run of `of` (gaps inside buckets and across them). */
function thinned(bars: BarColumns, skip: (index: number) => boolean): BarColumns {
  return barsToColumns(columnsToBars(bars, "1m").filter((_, index) => !skip(index)));
}

/** Tokyo minutes 09:00–15:30 JST of 2025-06-02 (the lunch break's minutes included): price = index. */
function tokyoMinutes(): BarColumns {
  return barsToColumns(tokyoMinuteBars());
}

type Emitted = [number, number, number, number, number, number];

/**
 * Streams `bars` twice into aggregators to `to`: one bar at a time (pushValues) and in runs of the
 * sizes `runs` cycles through (pushRange). After every run, both must have emitted the same bars and
 * show the same forming bar.
 */
function expectRangesEqualBarByBar(
  bars: BarColumns,
  to: string,
  hours: SessionHours,
  runs: readonly number[],
) {
  const single: Emitted[] = [];
  const ranged: Emitted[] = [];
  const one = new IntervalAggregator("1m", to, hours, (...bar) => single.push(bar));
  const many = new IntervalAggregator("1m", to, hours, (...bar) => ranged.push(bar));
  let from = 0;
  let run = 0;
  let checks = 0;
  while (from < bars.length) {
    const end = Math.min(bars.length, from + runs[run++ % runs.length]);
    for (let index = from; index < end; index++) {
      one.pushValues(
        bars.time[index],
        bars.open[index],
        bars.high[index],
        bars.low[index],
        bars.close[index],
        bars.volume[index],
      );
    }
    many.pushRange(bars, from, end);
    expect(ranged).toEqual(single);
    expect(many.forming()).toEqual(one.forming());
    expect(many.isForming()).toBe(one.isForming());
    checks++;
    from = end;
  }
  one.flushTo(undefined);
  many.flushTo(undefined);
  expect(ranged).toEqual(single);
  return { emitted: ranged, checks };
}

/** The regular minutes of `day` summed by hand into buckets of 5 minutes from `open`. */
function fiveMinuteBucketsByHand(day: BarColumns, open: number, close: number): Emitted[] {
  const expected: Emitted[] = [];
  for (let index = 0; index < day.length; index++) {
    const time = day.time[index];
    if (time < open || time >= close) continue;
    const bucket = open + Math.floor((time - open) / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
    const last = expected[expected.length - 1];
    if (last === undefined || last[0] !== bucket) {
      expected.push([
        bucket,
        day.open[index],
        day.high[index],
        day.low[index],
        day.close[index],
        day.volume[index],
      ]);
    } else {
      last[2] = Math.max(last[2], day.high[index]);
      last[3] = Math.min(last[3], day.low[index]);
      last[4] = day.close[index];
      last[5] += day.volume[index];
    }
  }
  return expected;
}

/** The NYSE 5m bars an IntervalAggregator emits for `day` pushed in runs of 5 bars. */
function fiveMinuteBarsInRunsOfFive(day: BarColumns): Emitted[] {
  const emitted: Emitted[] = [];
  const aggregator = new IntervalAggregator("1m", "5m", nyse, (...bar) => emitted.push(bar));
  for (let from = 0; from < day.length; from += 5)
    aggregator.pushRange(day, from, Math.min(day.length, from + 5));
  aggregator.flushTo(undefined);
  return emitted;
}

describe("pushRange: runs of bars give what pushing them one by one gives", () => {
  const spyWeek = ["07", "08", "09", "10", "11"].map((day) => minuteFile(`SPY-201310${day}.csv`));
  const week = barsToColumns(spyWeek.flatMap((day) => columnsToBars(day, "1m")));

  it("on a week of SPY minutes (pre- and post-market included) for 5m, 15m, 60m, 1d and 1w", () => {
    for (const to of ["5m", "15m", "60m", "1d", "1w"]) {
      const { emitted, checks } = expectRangesEqualBarByBar(week, to, nyse, [5, 1, 7, 3, 60, 2, 13]);
      expect(checks).toBeGreaterThan(100);
      expect(emitted.length).toBeGreaterThan(0);
    }
  });

  it("on gappy minutes (runs straddling missing bars, buckets with no last minute)", () => {
    const gappy = thinned(
      week,
      (index) => index % 7 === 3 || index % 13 === 0 || (index % 390 > 200 && index % 390 < 223),
    );
    for (const to of ["5m", "60m", "1d", "1w"]) expectRangesEqualBarByBar(gappy, to, nyse, [5, 4, 9, 1, 30]);
  });

  it("on Tokyo's day with its lunch break, for 5m, 60m and 1d", () => {
    const tokyo = calendarOf("XTKS");
    for (const to of ["5m", "60m", "1d"])
      expectRangesEqualBarByBar(tokyoMinutes(), to, tokyo, [5, 17, 2, 150]);
  });

  it("5m bars of a SPY day equal buckets of 5 minutes from the open summed by hand", () => {
    const day = minuteFile("SPY-20131008.csv");
    const open = Date.parse("2013-10-08T09:30:00-04:00");
    const close = Date.parse("2013-10-08T16:00:00-04:00");
    const expected = fiveMinuteBucketsByHand(day, open, close);
    const emitted = fiveMinuteBarsInRunsOfFive(day);
    expect(expected).toHaveLength(78);
    expect(emitted).toEqual(expected);
  });

  it("5m bars of gappy SPY minutes (the day's first regular minutes missing) equal buckets from the open summed by hand", () => {
    // The day's first bar (09:32) and later ones after gaps start their buckets off the grid: each
    // bucket must still start on the 5-minute grid from the open, found from the session at the
    // day's first bar and from the last bucket's end after it (one path for both, BucketLane.pushAt).
    const open = Date.parse("2013-10-08T09:30:00-04:00");
    const close = Date.parse("2013-10-08T16:00:00-04:00");
    const full = minuteFile("SPY-20131008.csv");
    const day = thinned(full, (index) => {
      const minute = (full.time[index] - open) / MINUTE_MS;
      return minute === 0 || minute === 1 || (minute >= 13 && minute <= 21) || minute % 11 === 7;
    });
    const expected = fiveMinuteBucketsByHand(day, open, close);
    const emitted = fiveMinuteBarsInRunsOfFive(day);
    expect(expected[0][0]).toBe(open);
    expect(expected[0][1]).toBe(full.open[full.time.indexOf(open + 2 * MINUTE_MS)]);
    expect(expected.some((bar) => bar[0] === open + 15 * MINUTE_MS)).toBe(false);
    expect(emitted).toEqual(expected);
  });

  it("Tokyo's daily bar, fed in runs across the break, holds the 330 traded minutes only", () => {
    const tokyo = calendarOf("XTKS");
    const bars = tokyoMinutes();
    const emitted: Emitted[] = [];
    const aggregator = new IntervalAggregator("1m", "1d", tokyo, (...bar) => emitted.push(bar));
    for (let from = 0; from < bars.length; from += 5)
      aggregator.pushRange(bars, from, Math.min(bars.length, from + 5));
    // 09:00–11:30 and 12:30–15:30 JST: indices 0–149 and 210–389; the break's 60 minutes left out.
    const traded = [...Array(390).keys()].filter((index) => index < 150 || index >= 210);
    expect(emitted).toEqual([
      [
        bars.time[0],
        0,
        Math.max(...traded.map((index) => bars.high[index])),
        Math.min(...traded.map((index) => bars.low[index])),
        389.125,
        traded.reduce((sum, index) => sum + bars.volume[index], 0),
      ],
    ]);
  });

  it("refuses a bar out of order inside a run, as push does", () => {
    const bars = barsToColumns([
      { time: Date.parse("2013-10-08T09:30:00-04:00"), open: 1, high: 1, low: 1, close: 1, volume: 1 },
      { time: Date.parse("2013-10-08T09:31:00-04:00"), open: 1, high: 1, low: 1, close: 1, volume: 1 },
      { time: Date.parse("2013-10-08T09:31:00-04:00"), open: 1, high: 1, low: 1, close: 1, volume: 1 },
    ] as Bar[]);
    const aggregator = new IntervalAggregator("1m", "5m", nyse, () => {});
    expect(() => aggregator.pushRange(bars, 0, 3)).toThrow(DataError);
  });
});
