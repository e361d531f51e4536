// The invalid-CSV corpus: bar files broken in every way the import policy names (NaN, high < low,
// negative volume, out of order, duplicate timestamps, a DST gap, wrong column count, empty file,
// a huge line, binary, bad headers, …), written here into a temp folder and imported through
// `scanwright import` into a store that already holds bars. Each is refused with exit 2 and the
// exact message listing every bad line, and the store is unchanged (every series and every bar
// compared before and after). With --skip-bad the good rows go in and the bad ones are listed with
// their line numbers.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { BarStore } from "../../src/data/bar-store.js";
import { runCaptured } from "../helpers/cli-capture.js";

/** A 1m row at 09:MM on 2013-10-07 (New York, EDT). */
const m = (minute: number, rest = "100.5,101,100,100.75,1000") =>
  `2013-10-07T09:${String(minute).padStart(2, "0")}:00-04:00,${rest}`;
/** A daily row. */
const d = (date: string, rest = "100.5,101,100,100.75,1000") => `${date},${rest}`;
const MINUTE_HEADER = "timestamp,open,high,low,close,volume";
const DAILY_HEADER = "date,open,high,low,close,volume";
const minuteFile = (...rows: string[]) => `${[MINUTE_HEADER, ...rows].join("\n")}\n`;
const dailyFile = (...rows: string[]) => `${[DAILY_HEADER, ...rows].join("\n")}\n`;

interface Case {
  readonly file: string;
  readonly interval: "1m" | "1d";
  readonly text: string | Buffer;
  /** The exact stderr of the refused import. */
  readonly refused: readonly string[];
  /** With --skip-bad: [rows, inserted, skipped lines]; absent when the file cannot be read as bars at all. */
  readonly skip?: readonly [number, number, readonly string[]];
}

const CASES: Case[] = [
  {
    file: "nan-open.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, "NaN,101,100,100.75,1000"), m(32)),
    refused: [
      'error SCN_ERR_IMPORT: nan-open.csv: 1 bad row(s) of 3, nothing imported (first: line 3: open "NaN" is not a number); fix them or import the good rows with --skip-bad',
      '  line 3: open "NaN" is not a number',
    ],
    skip: [3, 2, ['3: skipped: open "NaN" is not a number']],
  },
  {
    file: "nan-volume.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, "100.5,101,100,100.75,nan")),
    refused: [
      'error SCN_ERR_IMPORT: nan-volume.csv: 1 bad row(s) of 2, nothing imported (first: line 3: volume "nan" is not a number); fix them or import the good rows with --skip-bad',
      '  line 3: volume "nan" is not a number',
    ],
    skip: [2, 1, ['3: skipped: volume "nan" is not a number']],
  },
  {
    file: "empty-field.csv",
    interval: "1m",
    text: minuteFile(m(30, "100.5,,100,100.75,1000"), m(31)),
    refused: [
      'error SCN_ERR_IMPORT: empty-field.csv: 1 bad row(s) of 2, nothing imported (first: line 2: high "" is not a number); fix them or import the good rows with --skip-bad',
      '  line 2: high "" is not a number',
    ],
    skip: [2, 1, ['2: skipped: high "" is not a number']],
  },
  {
    file: "infinity.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, "100.5,Infinity,100,100.75,1000")),
    refused: [
      'error SCN_ERR_IMPORT: infinity.csv: 1 bad row(s) of 2, nothing imported (first: line 3: high "Infinity" is not a number); fix them or import the good rows with --skip-bad',
      '  line 3: high "Infinity" is not a number',
    ],
    skip: [2, 1, ['3: skipped: high "Infinity" is not a number']],
  },
  {
    file: "overflow.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, "100.5,1e400,100,100.75,1000")),
    refused: [
      "error SCN_ERR_IMPORT: overflow.csv: 1 bad row(s) of 2, nothing imported (first: line 3: high Infinity is not a finite number); fix them or import the good rows with --skip-bad",
      "  line 3: high Infinity is not a finite number",
    ],
    skip: [2, 1, ["3: skipped: high Infinity is not a finite number"]],
  },
  {
    file: "high-below-low.csv",
    interval: "1m",
    text: minuteFile(m(30, "100.5,99,100,100.75,1000"), m(31)),
    refused: [
      "error SCN_ERR_IMPORT: high-below-low.csv: 1 bad row(s) of 2, nothing imported (first: line 2: high 99 is below low 100); fix them or import the good rows with --skip-bad",
      "  line 2: high 99 is below low 100",
    ],
    skip: [2, 1, ["2: skipped: high 99 is below low 100"]],
  },
  {
    file: "high-below-close.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, "100.5,101,100,102,1000")),
    refused: [
      "error SCN_ERR_IMPORT: high-below-close.csv: 1 bad row(s) of 2, nothing imported (first: line 3: high 101 is below max(open 100.5, close 102)); fix them or import the good rows with --skip-bad",
      "  line 3: high 101 is below max(open 100.5, close 102)",
    ],
    skip: [2, 1, ["3: skipped: high 101 is below max(open 100.5, close 102)"]],
  },
  {
    file: "low-above-open.csv",
    interval: "1m",
    text: minuteFile(m(30, "100.5,101,100.6,100.75,1000"), m(31)),
    refused: [
      "error SCN_ERR_IMPORT: low-above-open.csv: 1 bad row(s) of 2, nothing imported (first: line 2: low 100.6 is above min(open 100.5, close 100.75)); fix them or import the good rows with --skip-bad",
      "  line 2: low 100.6 is above min(open 100.5, close 100.75)",
    ],
    skip: [2, 1, ["2: skipped: low 100.6 is above min(open 100.5, close 100.75)"]],
  },
  {
    file: "negative-volume.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, "100.5,101,100,100.75,-5")),
    refused: [
      "error SCN_ERR_IMPORT: negative-volume.csv: 1 bad row(s) of 2, nothing imported (first: line 3: volume -5 is negative); fix them or import the good rows with --skip-bad",
      "  line 3: volume -5 is negative",
    ],
    skip: [2, 1, ["3: skipped: volume -5 is negative"]],
  },
  {
    file: "out-of-order.csv",
    interval: "1m",
    text: minuteFile(m(30), m(32), m(31), m(33)),
    refused: [
      'error SCN_ERR_IMPORT: out-of-order.csv: 1 bad row(s) of 4, nothing imported (first: line 4: timestamp "2013-10-07T09:31:00-04:00" is earlier than line 3\'s; rows must be in ascending time order); fix them or import the good rows with --skip-bad',
      '  line 4: timestamp "2013-10-07T09:31:00-04:00" is earlier than line 3\'s; rows must be in ascending time order',
    ],
    skip: [
      4,
      3,
      [
        '4: skipped: timestamp "2013-10-07T09:31:00-04:00" is earlier than line 3\'s; rows must be in ascending time order',
      ],
    ],
  },
  {
    file: "duplicate-timestamp.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31), m(31, "100.5,102,100,101,5")),
    refused: [
      'error SCN_ERR_IMPORT: duplicate-timestamp.csv: 1 bad row(s) of 3, nothing imported (first: line 4: duplicate timestamp "2013-10-07T09:31:00-04:00" (also on line 3)); fix them or import the good rows with --skip-bad',
      '  line 4: duplicate timestamp "2013-10-07T09:31:00-04:00" (also on line 3)',
    ],
    skip: [3, 2, ['4: skipped: duplicate timestamp "2013-10-07T09:31:00-04:00" (also on line 3)']],
  },
  {
    file: "dst-gap.csv",
    interval: "1m",
    text: minuteFile(m(30), "2013-03-10T02:30:00,100.5,101,100,100.75,1000"),
    refused: [
      'error SCN_ERR_IMPORT: dst-gap.csv: 1 bad row(s) of 2, nothing imported (first: line 3: timestamp "2013-03-10T02:30:00" does not exist in America/New_York (a daylight-saving gap) or is not a real time); fix them or import the good rows with --skip-bad',
      '  line 3: timestamp "2013-03-10T02:30:00" does not exist in America/New_York (a daylight-saving gap) or is not a real time',
    ],
    skip: [
      2,
      1,
      [
        '3: skipped: timestamp "2013-03-10T02:30:00" does not exist in America/New_York (a daylight-saving gap) or is not a real time',
      ],
    ],
  },
  {
    file: "bad-zone.csv",
    interval: "1m",
    text: minuteFile("2013-10-07T09:30:00+25:00,100.5,101,100,100.75,1000", m(31)),
    refused: [
      'error SCN_ERR_IMPORT: bad-zone.csv: 1 bad row(s) of 2, nothing imported (first: line 2: timestamp "2013-10-07T09:30:00+25:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)); fix them or import the good rows with --skip-bad',
      '  line 2: timestamp "2013-10-07T09:30:00+25:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)',
    ],
    skip: [
      2,
      1,
      [
        '2: skipped: timestamp "2013-10-07T09:30:00+25:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)',
      ],
    ],
  },
  {
    file: "not-whole-minute.csv",
    interval: "1m",
    text: minuteFile(m(30), "2013-10-07T09:31:30-04:00,100.5,101,100,100.75,1000"),
    refused: [
      'error SCN_ERR_IMPORT: not-whole-minute.csv: 1 bad row(s) of 2, nothing imported (first: line 3: timestamp "2013-10-07T09:31:30-04:00" is not on a whole minute); fix them or import the good rows with --skip-bad',
      '  line 3: timestamp "2013-10-07T09:31:30-04:00" is not on a whole minute',
    ],
    skip: [2, 1, ['3: skipped: timestamp "2013-10-07T09:31:30-04:00" is not on a whole minute']],
  },
  {
    file: "impossible-time.csv",
    interval: "1m",
    text: minuteFile("2013-10-07T25:61:00-04:00,100.5,101,100,100.75,1000", m(31)),
    refused: [
      'error SCN_ERR_IMPORT: impossible-time.csv: 1 bad row(s) of 2, nothing imported (first: line 2: timestamp "2013-10-07T25:61:00-04:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)); fix them or import the good rows with --skip-bad',
      '  line 2: timestamp "2013-10-07T25:61:00-04:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)',
    ],
    skip: [
      2,
      1,
      [
        '2: skipped: timestamp "2013-10-07T25:61:00-04:00" is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)',
      ],
    ],
  },
  {
    file: "seven-columns.csv",
    interval: "1m",
    text: minuteFile(m(30), `${m(31)},7`),
    refused: [
      "error SCN_ERR_IMPORT: seven-columns.csv: 1 bad row(s) of 2, nothing imported (first: line 3: expected 6 columns (timestamp,open,high,low,close,volume), found more than 6); fix them or import the good rows with --skip-bad",
      "  line 3: expected 6 columns (timestamp,open,high,low,close,volume), found more than 6",
    ],
    skip: [
      2,
      1,
      ["3: skipped: expected 6 columns (timestamp,open,high,low,close,volume), found more than 6"],
    ],
  },
  {
    file: "five-columns.csv",
    interval: "1m",
    text: minuteFile(m(30, "100.5,101,100,100.75"), m(31)),
    refused: [
      "error SCN_ERR_IMPORT: five-columns.csv: 1 bad row(s) of 2, nothing imported (first: line 2: expected 6 columns (timestamp,open,high,low,close,volume), found 5); fix them or import the good rows with --skip-bad",
      "  line 2: expected 6 columns (timestamp,open,high,low,close,volume), found 5",
    ],
    skip: [2, 1, ["2: skipped: expected 6 columns (timestamp,open,high,low,close,volume), found 5"]],
  },
  {
    file: "one-column.csv",
    interval: "1m",
    text: minuteFile(m(30), "2013-10-07T09:31:00-04:00"),
    refused: [
      "error SCN_ERR_IMPORT: one-column.csv: 1 bad row(s) of 2, nothing imported (first: line 3: expected 6 columns (timestamp,open,high,low,close,volume), found 1); fix them or import the good rows with --skip-bad",
      "  line 3: expected 6 columns (timestamp,open,high,low,close,volume), found 1",
    ],
    skip: [2, 1, ["3: skipped: expected 6 columns (timestamp,open,high,low,close,volume), found 1"]],
  },
  {
    file: "thousands-separator.csv",
    interval: "1m",
    text: minuteFile(m(30, "100.5,101,100,100.75,1,000"), m(31)),
    refused: [
      "error SCN_ERR_IMPORT: thousands-separator.csv: 1 bad row(s) of 2, nothing imported (first: line 2: expected 6 columns (timestamp,open,high,low,close,volume), found more than 6); fix them or import the good rows with --skip-bad",
      "  line 2: expected 6 columns (timestamp,open,high,low,close,volume), found more than 6",
    ],
    skip: [
      2,
      1,
      ["2: skipped: expected 6 columns (timestamp,open,high,low,close,volume), found more than 6"],
    ],
  },
  {
    file: "quoted-values.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, '"100.5","101","100","100.75","1000"')),
    refused: [
      'error SCN_ERR_IMPORT: quoted-values.csv: 1 bad row(s) of 2, nothing imported (first: line 3: open "\\"100.5\\"" is not a number); fix them or import the good rows with --skip-bad',
      '  line 3: open "\\"100.5\\"" is not a number',
    ],
    skip: [2, 1, ['3: skipped: open "\\"100.5\\"" is not a number']],
  },
  {
    file: "hex-number.csv",
    interval: "1m",
    text: minuteFile(m(30, "0x10,101,100,100.75,1000"), m(31)),
    refused: [
      'error SCN_ERR_IMPORT: hex-number.csv: 1 bad row(s) of 2, nothing imported (first: line 2: open "0x10" is not a number); fix them or import the good rows with --skip-bad',
      '  line 2: open "0x10" is not a number',
    ],
    skip: [2, 1, ['2: skipped: open "0x10" is not a number']],
  },
  {
    file: "huge-line.csv",
    interval: "1m",
    text: minuteFile(m(30), m(31, `100.5,101,100,100.75,${"9".repeat(1_000_000)}`), m(32)),
    refused: [
      "error SCN_ERR_IMPORT: huge-line.csv: 1 bad row(s) of 3, nothing imported (first: line 3: volume Infinity is not a finite number); fix them or import the good rows with --skip-bad",
      "  line 3: volume Infinity is not a finite number",
    ],
    skip: [3, 2, ["3: skipped: volume Infinity is not a finite number"]],
  },
  {
    file: "huge-garbage-line.csv",
    interval: "1m",
    text: minuteFile(m(30), "x".repeat(2_000_000), m(32)),
    refused: [
      "error SCN_ERR_IMPORT: huge-garbage-line.csv: 1 bad row(s) of 3, nothing imported (first: line 3: expected 6 columns (timestamp,open,high,low,close,volume), found 1); fix them or import the good rows with --skip-bad",
      "  line 3: expected 6 columns (timestamp,open,high,low,close,volume), found 1",
    ],
    skip: [3, 2, ["3: skipped: expected 6 columns (timestamp,open,high,low,close,volume), found 1"]],
  },
  {
    file: "crlf-bom.csv",
    interval: "1m",
    text: `\uFEFF${MINUTE_HEADER}\r\n${m(30)}\r\n${m(31, "100.5,101,100,100.75,-1")}\r\n`,
    refused: [
      "error SCN_ERR_IMPORT: crlf-bom.csv: 1 bad row(s) of 2, nothing imported (first: line 3: volume -1 is negative); fix them or import the good rows with --skip-bad",
      "  line 3: volume -1 is negative",
    ],
    skip: [2, 1, ["3: skipped: volume -1 is negative"]],
  },
  {
    file: "all-bad.csv",
    interval: "1m",
    text: minuteFile(m(30, "a,b,c,d,e"), m(31, "1,0,2,1,1")),
    refused: [
      'error SCN_ERR_IMPORT: all-bad.csv: 2 bad row(s) of 2, nothing imported (first: line 2: open "a" is not a number); fix them or import the good rows with --skip-bad',
      '  line 2: open "a" is not a number',
      "  line 3: high 0 is below low 2",
    ],
    skip: [2, 0, ['2: skipped: open "a" is not a number', "3: skipped: high 0 is below low 2"]],
  },
  { file: "empty.csv", interval: "1m", text: "", refused: ["error SCN_ERR_IMPORT: empty.csv holds no bars"] },
  {
    file: "header-only.csv",
    interval: "1m",
    text: `${MINUTE_HEADER}\n`,
    refused: ["error SCN_ERR_IMPORT: header-only.csv holds no bars"],
  },
  {
    file: "blank-lines.csv",
    interval: "1m",
    text: "\n   \n\t\n",
    refused: ["error SCN_ERR_IMPORT: blank-lines.csv holds no bars"],
  },
  {
    file: "binary.csv",
    interval: "1m",
    text: Buffer.from([0x74, 0x69, 0x6d, 0x00, 0xff, 0x01, 0x0a]),
    refused: ["error SCN_ERR_IMPORT: binary.csv is a binary file, not a CSV of bars"],
  },
  {
    file: "header-missing-volume.csv",
    interval: "1m",
    text: `timestamp,open,high,low,close\n${m(30)}\n`,
    refused: [
      'error SCN_ERR_IMPORT: header-missing-volume.csv:1: header "timestamp,open,high,low,close" has no volume column (expected "timestamp,open,high,low,close,volume" in any order, other columns ignored; or name them with --columns)',
      '  line 1: header "timestamp,open,high,low,close" has no volume column (expected "timestamp,open,high,low,close,volume" in any order, other columns ignored; or name them with --columns)',
    ],
  },
  {
    file: "header-daily-for-minutes.csv",
    interval: "1m",
    text: dailyFile(d("2013-10-07")),
    refused: [
      'error SCN_ERR_IMPORT: header-daily-for-minutes.csv:1: the time column "date" holds dates, but interval 1m needs timestamps ("timestamp,open,high,low,close,volume")',
      '  line 1: the time column "date" holds dates, but interval 1m needs timestamps ("timestamp,open,high,low,close,volume")',
    ],
  },
  {
    file: "header-minutes-for-daily.csv",
    interval: "1d",
    text: minuteFile(m(30)),
    refused: [
      'error SCN_ERR_IMPORT: header-minutes-for-daily.csv:1: the time column "timestamp" holds timestamps, but interval 1d needs dates ("date,open,high,low,close,volume")',
      '  line 1: the time column "timestamp" holds timestamps, but interval 1d needs dates ("date,open,high,low,close,volume")',
    ],
  },
  {
    file: "daily-impossible-date.csv",
    interval: "1d",
    text: dailyFile(d("2013-10-07"), d("2013-02-30")),
    refused: [
      'error SCN_ERR_IMPORT: daily-impossible-date.csv: 1 bad row(s) of 2, nothing imported (first: line 3: date "2013-02-30" is not a valid date (expected YYYY-MM-DD)); fix them or import the good rows with --skip-bad',
      '  line 3: date "2013-02-30" is not a valid date (expected YYYY-MM-DD)',
    ],
    skip: [2, 1, ['3: skipped: date "2013-02-30" is not a valid date (expected YYYY-MM-DD)']],
  },
  {
    file: "daily-slashes.csv",
    interval: "1d",
    text: dailyFile(d("2013/10/07"), d("2013-10-08")),
    refused: [
      'error SCN_ERR_IMPORT: daily-slashes.csv: 1 bad row(s) of 2, nothing imported (first: line 2: date "2013/10/07" is not a valid date (expected YYYY-MM-DD)); fix them or import the good rows with --skip-bad',
      '  line 2: date "2013/10/07" is not a valid date (expected YYYY-MM-DD)',
    ],
    skip: [2, 1, ['2: skipped: date "2013/10/07" is not a valid date (expected YYYY-MM-DD)']],
  },
  {
    file: "daily-out-of-order.csv",
    interval: "1d",
    text: dailyFile(d("2013-10-08"), d("2013-10-07")),
    refused: [
      'error SCN_ERR_IMPORT: daily-out-of-order.csv: 1 bad row(s) of 2, nothing imported (first: line 3: date "2013-10-07" is earlier than line 2\'s; rows must be in ascending time order); fix them or import the good rows with --skip-bad',
      '  line 3: date "2013-10-07" is earlier than line 2\'s; rows must be in ascending time order',
    ],
    skip: [
      2,
      1,
      ['3: skipped: date "2013-10-07" is earlier than line 2\'s; rows must be in ascending time order'],
    ],
  },
  {
    file: "daily-duplicate.csv",
    interval: "1d",
    text: dailyFile(d("2013-10-07"), d("2013-10-07", "1,2,0.5,1.5,10")),
    refused: [
      'error SCN_ERR_IMPORT: daily-duplicate.csv: 1 bad row(s) of 2, nothing imported (first: line 3: duplicate date "2013-10-07" (also on line 2)); fix them or import the good rows with --skip-bad',
      '  line 3: duplicate date "2013-10-07" (also on line 2)',
    ],
    skip: [2, 1, ['3: skipped: duplicate date "2013-10-07" (also on line 2)']],
  },
  {
    file: "daily-negative-volume.csv",
    interval: "1d",
    text: dailyFile(d("2013-10-07", "100.5,101,100,100.75,-1000")),
    refused: [
      "error SCN_ERR_IMPORT: daily-negative-volume.csv: 1 bad row(s) of 1, nothing imported (first: line 2: volume -1000 is negative); fix them or import the good rows with --skip-bad",
      "  line 2: volume -1000 is negative",
    ],
    skip: [1, 0, ["2: skipped: volume -1000 is negative"]],
  },
];

function snapshot(path: string) {
  const store = BarStore.open(path);
  try {
    const series = store.listSeries();
    const bars = series.map((info) => {
      const columns = store.readBars(info.symbol, info.interval, 0, Number.MAX_SAFE_INTEGER);
      return {
        key: `${info.symbol} ${info.interval}`,
        columns: (["time", "open", "high", "low", "close", "volume"] as const).map((name) =>
          Array.from(columns[name]),
        ),
      };
    });
    return { series, bars };
  } finally {
    store.close();
  }
}

describe("invalid CSV files", () => {
  let dir: string;
  let store: string;
  let before: ReturnType<typeof snapshot>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-bad-csv-"));
    store = join(dir, "bars.db");
    writeFileSync(join(dir, "good-1m.csv"), minuteFile(...Array.from({ length: 10 }, (_, i) => m(30 + i))));
    writeFileSync(join(dir, "good-1d.csv"), dailyFile(d("2013-10-07"), d("2013-10-08"), d("2013-10-09")));
    for (const [file, interval] of [
      ["good-1m.csv", "1m"],
      ["good-1d.csv", "1d"],
    ]) {
      const result = await runCaptured(
        ["import", file, "--symbol", "SPY", "--interval", interval, "--store", store],
        commandRegistrars,
        { cwd: dir },
      );
      expect(result.exitCode).toBe(0);
    }
    for (const entry of CASES) writeFileSync(join(dir, entry.file), entry.text);
    before = snapshot(store);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("has at least 25 cases, the seeded store holds 10 minute and 3 daily bars", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(before.series.map((info) => [info.symbol, info.interval, info.count])).toEqual([
      ["SPY", "1m", 10],
      ["SPY", "1d", 3],
    ]);
  });

  it.each(CASES.map((entry) => [entry.file, entry] as const))(
    "%s is refused with every bad line, and the store is unchanged",
    async (_file, entry) => {
      const result = await runCaptured(
        ["import", entry.file, "--symbol", "SPY", "--interval", entry.interval, "--store", store],
        commandRegistrars,
        { cwd: dir },
      );
      expect(result).toEqual({ exitCode: 2, stdout: "", stderr: `${entry.refused.join("\n")}\n` });
      expect(snapshot(store)).toEqual(before);
    },
  );

  it.each(CASES.filter((entry) => entry.skip).map((entry) => [entry.file, entry] as const))(
    "%s with --skip-bad imports the good rows and lists the bad ones by line",
    async (file, entry) => {
      const fresh = join(dir, `skip-${file}.db`);
      const [rows, inserted, skipped] = entry.skip!;
      const result = await runCaptured(
        ["import", file, "--symbol", "SPY", "--interval", entry.interval, "--store", fresh, "--skip-bad"],
        commandRegistrars,
        { cwd: dir },
      );
      expect(result).toEqual({
        exitCode: 0,
        stdout: `${file}: SPY ${entry.interval}, ${rows} rows: ${inserted} inserted, 0 unchanged, 0 replaced, ${skipped.length} skipped\n`,
        stderr: skipped.map((line) => `  ${file}:${line}\n`).join(""),
      });
      const after = snapshot(fresh);
      expect(after.series.map((info) => info.count)).toEqual(inserted > 0 ? [inserted] : []);
    },
  );
});
