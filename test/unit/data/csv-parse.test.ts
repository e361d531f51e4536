import { describe, expect, it } from "vitest";
import { columnsToBars } from "../../../src/core/bar-columns.js";
import { ImportError } from "../../../src/core/errors.js";
import { BarCsvParser, parseBarsCsv } from "../../../src/data/csv-parse.js";
import { calendarOf } from "../../../src/time/markets/index.js";

const MINUTE_MS = 60_000;
/** 09:30 New York on 2013-10-07 (EDT, UTC-4) and on 2013-12-02 (EST, UTC-5). */
const OPEN_2013_10_07 = Date.UTC(2013, 9, 7, 13, 30);
const OPEN_2013_12_02 = Date.UTC(2013, 11, 2, 14, 30);

function times(text: string, interval: string): number[] {
  return Array.from(parseBarsCsv(text, { interval, source: "test.csv" }).bars.time);
}

describe("parseBarsCsv: daily", () => {
  it("keys each daily bar at 09:30 New York of its date, across DST", () => {
    const text = "date,open,high,low,close,volume\n2013-10-07,1,2,0.5,1.5,100\n2013-12-02,2,3,1.5,2.5,200\n";
    const parsed = parseBarsCsv(text, { interval: "1d", source: "daily.csv" });
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toBe(2);
    expect(columnsToBars(parsed.bars, "1d")).toEqual([
      { time: OPEN_2013_10_07, interval: "1d", open: 1, high: 2, low: 0.5, close: 1.5, volume: 100 },
      { time: OPEN_2013_12_02, interval: "1d", open: 2, high: 3, low: 1.5, close: 2.5, volume: 200 },
    ]);
  });

  it("handles a BOM, CRLF, blank lines, no header and no final newline", () => {
    const text = "\uFEFF2013-10-07,1,2,0.5,1.5,100\r\n\r\n  \r\n2013-12-02,2,3,1.5,2.5,200";
    const parsed = parseBarsCsv(text, { interval: "1d", source: "x.csv" });
    expect(parsed.problems).toEqual([]);
    expect(Array.from(parsed.bars.time)).toEqual([OPEN_2013_10_07, OPEN_2013_12_02]);
    expect(parsed.bars.volume[1]).toBe(200);
  });

  it("names invalid dates by line", () => {
    const text = "date,open,high,low,close,volume\n2013-02-30,1,2,0.5,1.5,100\n2013-10-07,1,2,0.5,1.5,100\n";
    expect(parseBarsCsv(text, { interval: "1d", source: "x.csv" }).problems).toEqual([
      { line: 2, reason: 'date "2013-02-30" is not a valid date (expected YYYY-MM-DD)' },
    ]);
  });
});

describe("parseBarsCsv: daily rows of other exchanges", () => {
  const rows = (...dates: string[]) =>
    `date,open,high,low,close,volume\n${dates.map((date) => `${date},1,2,0.5,1.5,100`).join("\n")}\n`;
  const keys = (text: string, exchange: string) => {
    const parsed = parseBarsCsv(text, { interval: "1d", source: "d.csv", days: calendarOf(exchange) });
    expect(parsed.problems).toEqual([]);
    return Array.from(parsed.bars.time).map((time) => new Date(time).toISOString());
  };

  it("keys a row at its trading date's regular open on the exchange, in the exchange's zone", () => {
    // The NYSE keeps 09:30 New York (EDT then EST).
    expect(keys(rows("2013-10-07", "2013-12-02"), "XNYS")).toEqual([
      "2013-10-07T13:30:00.000Z",
      "2013-12-02T14:30:00.000Z",
    ]);
    // London opens at 08:00 local: BST in October (UTC+1), GMT in December.
    expect(keys(rows("2024-10-07", "2024-12-02"), "XLON")).toEqual([
      "2024-10-07T07:00:00.000Z",
      "2024-12-02T08:00:00.000Z",
    ]);
    // Tokyo opens at 09:00 JST (UTC+9, no DST).
    expect(keys(rows("2024-12-02"), "XTKS")).toEqual(["2024-12-02T00:00:00.000Z"]);
    // CME equity futures: Monday's session opens Sunday 17:00 Chicago (CST, UTC-6).
    expect(keys(rows("2024-12-02"), "CMES")).toEqual(["2024-12-01T23:00:00.000Z"]);
    // 24/7: the day starts at the 00:00 UTC cut, Saturdays included.
    expect(keys(rows("2024-12-07"), "CRYPTO")).toEqual(["2024-12-07T00:00:00.000Z"]);
  });

  it("refuses a row on the exchange's holiday, naming it", () => {
    // 2024-12-26 is Boxing Day in London and a trading day in New York.
    const text = rows("2024-12-24", "2024-12-26", "2024-12-27");
    const london = parseBarsCsv(text, { interval: "1d", source: "d.csv", days: calendarOf("XLON") });
    expect(london.problems).toEqual([
      { line: 3, reason: 'date "2024-12-26" is not a trading day (Boxing Day)' },
    ]);
    expect(london.bars.length).toBe(2);
    expect(
      parseBarsCsv(text, { interval: "1d", source: "d.csv", days: calendarOf("XNYS") }).problems,
    ).toEqual([]);
  });

  it("reads timestamps without an offset in the exchange's zone unless a zone is given", () => {
    const text = "timestamp,open,high,low,close,volume\n2024-12-02 08:00,1,2,0.5,1.5,100\n";
    const london = parseBarsCsv(text, { interval: "1m", source: "m.csv", days: calendarOf("XLON") });
    expect(london.problems).toEqual([]);
    expect(new Date(london.bars.time[0]).toISOString()).toBe("2024-12-02T08:00:00.000Z");
    const utc = parseBarsCsv(text, {
      interval: "1m",
      source: "m.csv",
      days: calendarOf("XLON"),
      timeZone: "Asia/Tokyo",
    });
    expect(utc.problems).toEqual([
      {
        line: 2,
        reason: 'timestamp "2024-12-02 08:00" falls on 2024-12-01, not a trading day (Sunday)',
      },
    ]);
  });
});

describe("parseBarsCsv: minute", () => {
  it("reads timestamps with offsets as bar starts", () => {
    const text =
      "timestamp,open,high,low,close,volume\n" +
      "2013-10-07T09:30:00-04:00,167.41,167.5,167.25,167.27,3197\n" +
      "2013-10-07T09:31:00-04:00,167.25,167.25,167.25,167.25,1150\n";
    const parsed = parseBarsCsv(text, { interval: "1m", source: "m.csv" });
    expect(columnsToBars(parsed.bars, "1m")).toEqual([
      {
        time: OPEN_2013_10_07,
        interval: "1m",
        open: 167.41,
        high: 167.5,
        low: 167.25,
        close: 167.27,
        volume: 3197,
      },
      {
        time: OPEN_2013_10_07 + MINUTE_MS,
        interval: "1m",
        open: 167.25,
        high: 167.25,
        low: 167.25,
        close: 167.25,
        volume: 1150,
      },
    ]);
  });

  it("lists every bad row with its line number and reason, keeping the good ones", () => {
    const lines = [
      "timestamp,open,high,low,close,volume", // 1
      "2013-10-07T09:30:00-04:00,10,11,9,10.5,100", // 2 good
      "2013-10-07T09:31:00-04:00,10,11,9,10.5", // 3 five columns
      "2013-10-07T09:32:00-04:00,10,11,9,10.5,100,7", // 4 seven columns
      "2013-10-07T09:33:00+19:00,10,11,9,10.5,100", // 5 offset beyond ±18:00
      "2013-10-07T09:34:00-04:00,10,abc,9,10.5,100", // 6 not a number
      "2013-10-07T09:35:00-04:00,10,9.5,9,10.5,100", // 7 high below close
      "2013-10-07T09:36:00-04:00,10,11,10.25,10.5,100", // 8 low above open
      "2013-10-07T09:37:00-04:00,10,11,9,10.5,-1", // 9 negative volume
      "2013-10-07T09:38:00-04:00,10,11,9,10.5,100", // 10 good
      "2013-10-07T09:38:00-04:00,10,11,9,10.5,100", // 11 duplicate of 10
      "2013-10-07T09:37:30-04:00,10,11,9,10.5,100", // 12 not on a minute
      "2013-10-07T09:36:00-04:00,10,11,9,10.5,100", // 13 earlier than 10
      "", // 14 blank: skipped
      "2013-10-07T09:39:00-04:00,10,11,9,10.5,1e3", // 15 good
    ];
    const parsed = parseBarsCsv(lines.join("\n"), { interval: "1m", source: "m.csv" });
    expect(parsed.rows).toBe(13);
    expect(parsed.problems).toEqual([
      { line: 3, reason: "expected 6 columns (timestamp,open,high,low,close,volume), found 5" },
      { line: 4, reason: "expected 6 columns (timestamp,open,high,low,close,volume), found more than 6" },
      {
        line: 5,
        reason:
          'timestamp "2013-10-07T09:33:00+19:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)',
      },
      { line: 6, reason: 'high "abc" is not a number' },
      { line: 7, reason: "high 9.5 is below max(open 10, close 10.5)" },
      { line: 8, reason: "low 10.25 is above min(open 10, close 10.5)" },
      { line: 9, reason: "volume -1 is negative" },
      { line: 11, reason: 'duplicate timestamp "2013-10-07T09:38:00-04:00" (also on line 10)' },
      { line: 12, reason: 'timestamp "2013-10-07T09:37:30-04:00" is not on a whole minute' },
      {
        line: 13,
        reason: `timestamp "2013-10-07T09:36:00-04:00" is earlier than line 10's; rows must be in ascending time order`,
      },
    ]);
    expect(Array.from(parsed.bars.time)).toEqual([
      OPEN_2013_10_07,
      OPEN_2013_10_07 + 8 * MINUTE_MS,
      OPEN_2013_10_07 + 9 * MINUTE_MS,
    ]);
    expect(parsed.bars.volume[2]).toBe(1000);
  });

  it("refuses a header that does not match the interval or the columns", () => {
    const dailyAsMinutes = "date,open,high,low,close,volume\n2013-10-07,1,2,0.5,1.5,100\n";
    expect(() => parseBarsCsv(dailyAsMinutes, { interval: "1m", source: "d.csv" })).toThrow(ImportError);
    expect(() => parseBarsCsv(dailyAsMinutes, { interval: "1m", source: "d.csv" })).toThrow(
      'd.csv:1: the time column "date" holds dates, but interval 1m needs timestamps ("timestamp,open,high,low,close,volume")',
    );
    const noVolume = "timestamp,open,low,high,close,adj close\n";
    expect(() => parseBarsCsv(noVolume, { interval: "1m", source: "s.csv" })).toThrow(
      's.csv:1: header "timestamp,open,low,high,close,adj close" has no volume column (expected "timestamp,open,high,low,close,volume" in any order, other columns ignored; or name them with --columns)',
    );
    expect(() =>
      parseBarsCsv("timestamp,open,high,low,close,volume\n", { interval: "1d", source: "t.csv" }),
    ).toThrow(/holds timestamps, but interval 1d needs dates/);
  });

  it("refuses binary content", () => {
    expect(() => parseBarsCsv("SQLite format 3\u0000\u0001", { interval: "1m", source: "b.db" })).toThrow(
      "b.db is a binary file, not a CSV of bars",
    );
  });

  it("accepts the header case-insensitively and an empty text as no rows", () => {
    expect(
      times("Timestamp,Open,High,Low,Close,Volume\r\n2013-10-07T09:30:00-04:00,1,1,1,1,0\r\n", "1m"),
    ).toEqual([OPEN_2013_10_07]);
    const empty = parseBarsCsv("", { interval: "1m", source: "e.csv" });
    expect([empty.rows, empty.bars.length, empty.problems.length]).toEqual([0, 0, 0]);
  });
});

describe("BarCsvParser: text given in pieces", () => {
  it("gives the same bars and the same located problems however the text is cut, taking bars between pieces", () => {
    const lines = ["\uFEFFtimestamp,open,high,low,close,volume"];
    for (let minute = 0; minute < 200; minute++) {
      const stamp = `2013-10-07T${String(10 + Math.floor(minute / 60))}:${String(minute % 60).padStart(2, "0")}:00-04:00`;
      // Every 17th row is bad (high below low), every 23rd has CRLF, every 31st is followed by a blank line.
      lines.push(
        `${stamp},10,${minute % 17 === 5 ? 8 : 11},9,10.5,${minute}${minute % 23 === 0 ? "\r" : ""}`,
      );
      if (minute % 31 === 0) lines.push("");
    }
    const text = lines.join("\n");
    const whole = parseBarsCsv(text, { interval: "1m", source: "p.csv" });
    expect(whole.rows).toBe(200);
    expect(whole.problems.map((problem) => problem.line)).toEqual(
      whole.problems.map((problem) => problem.line).sort((a, b) => a - b),
    );
    expect(whole.problemCount).toBe(12);
    expect(whole.bars.length).toBe(188);

    let seed = 7;
    const random = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 20; trial++) {
      const parser = new BarCsvParser({ interval: "1m", source: "p.csv" });
      const times: number[] = [];
      let position = 0;
      while (position < text.length) {
        const length = 1 + Math.floor(random() * (trial < 10 ? 8 : 400));
        parser.push(text.slice(position, position + length));
        position += length;
        if (random() < 0.3) times.push(...parser.takeBars().time);
      }
      parser.end();
      times.push(...parser.takeBars().time);
      expect(times).toEqual(Array.from(whole.bars.time));
      expect(parser.problems).toEqual(whole.problems);
      expect(parser.rows).toBe(200);
    }
  });
});
