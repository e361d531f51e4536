// Aggregation checked against values computed here straight from the CSV text (string times, a
// plain loop), and against the exchange's own daily bar where the data agrees.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { IntervalError } from "../../../src/core/errors.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { parseBarsCsv } from "../../../src/data/csv-parse.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const DATA = fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const calendar = new ExchangeCalendar();
const MINUTE_MS = 60_000;

interface Row {
  /** Minutes after New York midnight, from the timestamp text. */
  minute: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

interface ExpectedBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function csvText(relative: string): string {
  return readFileSync(join(DATA, relative), "utf8");
}

function minuteBars(relative: string): BarColumns {
  return parseBarsCsv(csvText(relative), { interval: "1m", source: relative }).bars;
}

/** Rows of a minute file whose wall time is in [fromMinute, toMinute), read from the text. */
function rowsBetween(text: string, fromMinute: number, toMinute: number): Row[] {
  const rows: Row[] = [];
  for (const line of text.trim().split("\n").slice(1)) {
    const fields = line.split(",");
    const minute = Number(fields[0].slice(11, 13)) * 60 + Number(fields[0].slice(14, 16));
    if (minute < fromMinute || minute >= toMinute) continue;
    rows.push({
      minute,
      open: Number(fields[1]),
      high: Number(fields[2]),
      low: Number(fields[3]),
      close: Number(fields[4]),
      volume: Number(fields[5]),
    });
  }
  return rows;
}

/** Buckets of `size` minutes from 09:30 (minute 570), as bars keyed at their wall-clock start. */
function bucketRows(rows: Row[], size: number, date: string, offset: string): ExpectedBar[] {
  const buckets = new Map<number, ExpectedBar>();
  for (const row of rows) {
    const start = 570 + Math.floor((row.minute - 570) / size) * size;
    const bucket = buckets.get(start);
    if (!bucket) {
      const hh = String(Math.floor(start / 60)).padStart(2, "0");
      const mm = String(start % 60).padStart(2, "0");
      buckets.set(start, {
        time: Date.parse(`${date}T${hh}:${mm}:00${offset}`),
        open: row.open,
        high: row.high,
        low: row.low,
        close: row.close,
        volume: row.volume,
      });
    } else {
      bucket.high = Math.max(bucket.high, row.high);
      bucket.low = Math.min(bucket.low, row.low);
      bucket.close = row.close;
      bucket.volume += row.volume;
    }
  }
  return [...buckets.values()];
}

function plain(bars: BarColumns): ExpectedBar[] {
  return columnsToBars(bars, "-").map(({ interval: _interval, ...bar }) => bar);
}

describe("aggregateBars on SPY 2013-10-07", () => {
  const text = csvText("minute/SPY-20131007.csv");
  const minutes = minuteBars("minute/SPY-20131007.csv");
  const regular = rowsBetween(text, 570, 960);

  it("has exactly 390 regular-session minutes among 828", () => {
    expect(minutes.length).toBe(828);
    expect(regular.length).toBe(390);
  });

  it("makes 78 five-minute bars equal to the independent buckets", () => {
    const fiveMinute = plain(aggregateBars(minutes, "1m", "5m", calendar));
    expect(fiveMinute.length).toBe(78);
    expect(fiveMinute).toEqual(bucketRows(regular, 5, "2013-10-07", "-04:00"));
    expect(fiveMinute[0].time).toBe(Date.parse("2013-10-07T09:30:00-04:00"));
    expect(fiveMinute[77].time).toBe(Date.parse("2013-10-07T15:55:00-04:00"));
  });

  it("makes 15m and 30m bars the same way", () => {
    expect(plain(aggregateBars(minutes, "1m", "15m", calendar))).toEqual(
      bucketRows(regular, 15, "2013-10-07", "-04:00"),
    );
    expect(plain(aggregateBars(minutes, "1m", "30m", calendar)).length).toBe(13);
  });

  it("starts hour bars at the open (09:30–10:29) and ends with a short 15:30–15:59 bar", () => {
    const hourly = plain(aggregateBars(minutes, "1m", "1h", calendar));
    expect(hourly).toEqual(bucketRows(regular, 60, "2013-10-07", "-04:00"));
    expect(hourly.length).toBe(7);
    expect(hourly[0].time).toBe(Date.parse("2013-10-07T09:30:00-04:00"));
    const firstHour = regular.filter((row) => row.minute >= 570 && row.minute < 630);
    expect(firstHour.length).toBe(60);
    expect(hourly[0].volume).toBe(firstHour.reduce((sum, row) => sum + row.volume, 0));
    expect(hourly[6].time).toBe(Date.parse("2013-10-07T15:30:00-04:00"));
    expect(hourly[6].volume).toBe(
      regular.filter((row) => row.minute >= 930).reduce((sum, row) => sum + row.volume, 0),
    );
  });

  it("makes the daily bar from the regular session only, equal to the exchange's daily bar", () => {
    const daily = plain(aggregateBars(minutes, "1m", "1d", calendar));
    const expected = {
      time: Date.parse("2013-10-07T09:30:00-04:00"),
      open: regular[0].open,
      high: Math.max(...regular.map((row) => row.high)),
      low: Math.min(...regular.map((row) => row.low)),
      close: regular[389].close,
      volume: regular.reduce((sum, row) => sum + row.volume, 0),
    };
    expect(daily).toEqual([expected]);
    // daily/SPY.csv: 2013-10-07,167.43,168.45,167.25,167.42,81489219
    expect(daily[0]).toEqual({
      time: expected.time,
      open: 167.43,
      high: 168.45,
      low: 167.25,
      close: 167.42,
      volume: 81_489_219,
    });
    // Extended hours hold volume too, but none of it is in the daily bar.
    const allVolume = minutes.volume.reduce((sum, volume) => sum + volume, 0);
    expect(allVolume - daily[0].volume).toBe(
      rowsBetween(text, 0, 570).reduce((sum, row) => sum + row.volume, 0) +
        rowsBetween(text, 960, 1440).reduce((sum, row) => sum + row.volume, 0),
    );
  });

  it("makes 5m bars from 5 sessions, each day starting at its own open", () => {
    const days = ["07", "08", "09", "10", "11"];
    const week = concat(days.map((day) => minuteBars(`minute/SPY-201310${day}.csv`)));
    const fiveMinute = plain(aggregateBars(week, "1m", "5m", calendar));
    const expected = days.flatMap((day) =>
      bucketRows(
        rowsBetween(csvText(`minute/SPY-201310${day}.csv`), 570, 960),
        5,
        `2013-10-${day}`,
        "-04:00",
      ),
    );
    expect(fiveMinute.length).toBe(5 * 78);
    expect(fiveMinute).toEqual(expected);
  });
});

describe("aggregateBars on an early-close day (2024-11-29, close 13:00)", () => {
  // Synthetic minutes 04:00–16:59 New York (EST): the post-market of an early close runs to 17:00.
  const first = Date.parse("2024-11-29T04:00:00-05:00");
  const minutes = barsToColumns(
    Array.from({ length: 13 * 60 }, (_, i) => ({
      time: first + i * MINUTE_MS,
      open: 100 + i,
      high: 101 + i,
      low: 99 + i,
      close: 100.5 + i,
      volume: i + 1,
    })),
  );
  // Minute index of 09:30 is 330; of 13:00 is 540.
  const volumeOf = (fromIndex: number, toIndex: number) => {
    let sum = 0;
    for (let i = fromIndex; i < toIndex; i++) sum += i + 1;
    return sum;
  };

  it("has a 210-minute session: 42 five-minute bars, the last at 12:55", () => {
    const fiveMinute = plain(aggregateBars(minutes, "1m", "5m", calendar));
    expect(fiveMinute.length).toBe(42);
    expect(fiveMinute[41]).toEqual({
      time: Date.parse("2024-11-29T12:55:00-05:00"),
      open: 100 + 535,
      high: 101 + 539,
      low: 99 + 535,
      close: 100.5 + 539,
      volume: volumeOf(535, 540),
    });
  });

  it("has 4 hour bars, the last one 12:30–12:59", () => {
    const hourly = plain(aggregateBars(minutes, "1m", "60m", calendar));
    expect(hourly.map((bar) => bar.time)).toEqual(
      ["09:30", "10:30", "11:30", "12:30"].map((time) => Date.parse(`2024-11-29T${time}:00-05:00`)),
    );
    expect(hourly[3].volume).toBe(volumeOf(510, 540));
    expect(hourly[3].close).toBe(100.5 + 539);
  });

  it("has a daily bar of the 210 regular minutes", () => {
    expect(plain(aggregateBars(minutes, "1m", "1d", calendar))).toEqual([
      {
        time: Date.parse("2024-11-29T09:30:00-05:00"),
        open: 100 + 330,
        high: 101 + 539,
        low: 99 + 330,
        close: 100.5 + 539,
        volume: volumeOf(330, 540),
      },
    ]);
  });
});

describe("aggregateBars with gaps", () => {
  it("keeps every bucket that has a minute: AIG 2013-10-07 misses one, RIVN thinned to every 7th", () => {
    const aigText = csvText("minute/AIG-20131007.csv");
    const aig = plain(aggregateBars(minuteBars("minute/AIG-20131007.csv"), "1m", "5m", calendar));
    expect(rowsBetween(aigText, 570, 960).length).toBe(389);
    expect(aig.length).toBe(78);
    expect(aig).toEqual(bucketRows(rowsBetween(aigText, 570, 960), 5, "2013-10-07", "-04:00"));

    const rivnText = csvText("minute/RIVN-20250702.csv");
    const rivn = minuteBars("minute/RIVN-20250702.csv");
    const kept = columnsToBars(rivn, "1m").filter((_, index) => index % 7 === 0);
    const keptMinutes = new Set(kept.map((bar) => bar.time));
    const keptRows = rowsBetween(rivnText, 570, 960).filter((row) => {
      const time = Date.parse(
        `2025-07-02T${String(Math.floor(row.minute / 60)).padStart(2, "0")}:${String(row.minute % 60).padStart(2, "0")}:00-04:00`,
      );
      return keptMinutes.has(time);
    });
    const expected = bucketRows(keptRows, 15, "2025-07-02", "-04:00");
    const fifteen = plain(aggregateBars(barsToColumns(kept), "1m", "15m", calendar));
    expect(fifteen).toEqual(expected);
    expect(fifteen.length).toBe(26); // every 15-minute bucket holds at least two of the kept minutes
    const fiveMinute = plain(aggregateBars(barsToColumns(kept), "1m", "5m", calendar));
    expect(fiveMinute).toEqual(bucketRows(keptRows, 5, "2025-07-02", "-04:00"));
    expect(fiveMinute.length).toBe(new Set(keptRows.map((row) => Math.floor((row.minute - 570) / 5))).size);
  });
});

describe("aggregateBars 1d → 1w", () => {
  const daily = parseBarsCsv(csvText("daily/SPY.csv"), { interval: "1d", source: "SPY.csv" }).bars;
  const rows = csvText("daily/SPY.csv")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));

  function weekOf(from: string, to: string, firstDay: string, offset: string): ExpectedBar {
    const days = rows.filter((fields) => fields[0] >= from && fields[0] <= to);
    return {
      time: Date.parse(`${firstDay}T09:30:00${offset}`),
      open: Number(days[0][1]),
      high: Math.max(...days.map((fields) => Number(fields[2]))),
      low: Math.min(...days.map((fields) => Number(fields[3]))),
      close: Number(days.at(-1)?.[4]),
      volume: days.reduce((sum, fields) => sum + Number(fields[5]), 0),
    };
  }

  it("gathers Monday–Friday weeks keyed at their first session's open", () => {
    const weekly = plain(aggregateBars(daily, "1d", "1w"));
    const find = (time: number) => weekly.find((bar) => bar.time === time);
    const october = weekOf("2013-10-07", "2013-10-11", "2013-10-07", "-04:00");
    expect(find(october.time)).toEqual(october);
    // MLK day 2014-01-20: the week starts on Tuesday.
    const mlk = weekOf("2014-01-20", "2014-01-24", "2014-01-21", "-05:00");
    expect(find(mlk.time)).toEqual(mlk);
    // Good Friday 2014-04-18: the week ends on Thursday.
    const easter = weekOf("2014-04-14", "2014-04-18", "2014-04-14", "-04:00");
    expect(find(easter.time)).toEqual(easter);
    expect(weekly[0].time).toBe(Date.parse("1998-01-02T09:30:00-05:00"));
    // 5849 sessions from Fri 1998-01-02 to Wed 2021-03-31 span 1214 Monday-based weeks.
    expect(weekly.length).toBe(1214);
    expect(weekly.reduce((sum, bar) => sum + bar.volume, 0)).toBe(
      daily.volume.reduce((sum, v) => sum + v, 0),
    );
  });

  it("goes from minutes to a week through the daily bars", () => {
    const days = ["07", "08", "09", "10", "11"];
    const minutes = concat(days.map((day) => minuteBars(`minute/SPY-201310${day}.csv`)));
    const viaDaily = aggregateBars(aggregateBars(minutes, "1m", "1d", calendar), "1d", "1w");
    expect(plain(aggregateBars(minutes, "1m", "1w", calendar))).toEqual(plain(viaDaily));
    expect(viaDaily.length).toBe(1);
    expect(viaDaily.open[0]).toBe(167.43);
    expect(viaDaily.close[0]).toBe(170.3);
  });
});

describe("aggregateBars rules", () => {
  const minutes = minuteBars("minute/SPY-20131007.csv");

  it("returns the input for equal intervals", () => {
    expect(aggregateBars(minutes, "1m", "1m", calendar)).toBe(minutes);
  });

  it("refuses conversions it cannot do", () => {
    expect(() => aggregateBars(minutes, "5m", "7m", calendar)).toThrow(IntervalError);
    expect(() => aggregateBars(minutes, "5m", "1m", calendar)).toThrow("Cannot aggregate 5m bars into 1m");
    expect(() => aggregateBars(minutes, "1d", "5d", calendar)).toThrow("Cannot aggregate 1d bars into 5d");
    expect(() => aggregateBars(minutes, "1m", "5m")).toThrow(/needs the session hours/);
  });

  it("refuses bars out of order", () => {
    const reversed = barsToColumns(columnsToBars(minutes, "1m").reverse());
    expect(() => aggregateBars(reversed, "1m", "5m", calendar)).toThrow(/ascending time order/);
  });
});

function concat(parts: BarColumns[]): BarColumns {
  return barsToColumns(parts.flatMap((part) => columnsToBars(part, "1m")));
}
