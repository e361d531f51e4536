// `scanwright import` through the built CLI in a child process, as a user runs it, with the CSV
// shapes users have: Yahoo's daily export (`Date,Open,High,Low,Close,Adj Close,Volume`), timestamps
// without an offset (New York by default, or --tz), epoch seconds and milliseconds, a --columns
// mapping by name and by position; all with the same validation. And the calendar: rows on days
// the exchange does not trade, or outside a day's extended hours, are bad rows with their line
// numbers, unless a calendar overrides file makes the day a session. Every case asserts the exit
// code, the output and what the store holds afterwards.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../src/data/bar-store.js";
import { runBuiltCli } from "../helpers/built-cli.js";

const TIMEOUT_MS = 60_000;
/** 2013-10-07 09:30 and 09:31 New York (EDT). */
const T0930 = Date.parse("2013-10-07T09:30:00-04:00");
const T0931 = Date.parse("2013-10-07T09:31:00-04:00");

interface StoredBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

describe("scanwright import: the CSV shapes users have", () => {
  let dir: string;
  let run = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-import-shapes-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `text` as `name` and imports it into a fresh store with `args`. */
  async function importInto(name: string, text: string, args: readonly string[] = []) {
    const store = join(dir, `store-${run++}.db`);
    writeFileSync(join(dir, name), text);
    const result = await runBuiltCli(["import", name, "--store", store, ...args], dir);
    return { ...result, store };
  }

  /** Every stored series as `SYMBOL interval count`, and the bars of one. */
  function stored(
    storePath: string,
    symbol: string,
    interval: string,
  ): { series: string[]; bars: StoredBar[] } {
    const store = BarStore.open(storePath, { readOnly: true });
    try {
      const series = store.listSeries().map((info) => `${info.symbol} ${info.interval} ${info.count}`);
      const columns = store.readBars(symbol, interval, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
      const bars = Array.from({ length: columns.length }, (_, i) => ({
        time: columns.time[i],
        open: columns.open[i],
        high: columns.high[i],
        low: columns.low[i],
        close: columns.close[i],
        volume: columns.volume[i],
      }));
      return { series, bars };
    } finally {
      store.close();
    }
  }

  it(
    "imports Yahoo's daily export (Adj Close ignored), keyed at each session's 09:30 open",
    async () => {
      const result = await importInto(
        "AAPL.csv",
        [
          "Date,Open,High,Low,Close,Adj Close,Volume",
          "2013-10-07,69.51,70.36,69.34,69.87,61.03,78073100",
          "2013-10-08,70.00,70.10,68.60,68.68,60.00,72729300",
        ].join("\n"),
        ["--interval", "1d"],
      );
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(
        "AAPL.csv: AAPL 1d, 2 rows: 2 inserted, 0 unchanged, 0 replaced, 0 skipped\n",
      );
      expect(stored(result.store, "AAPL", "1d")).toEqual({
        series: ["AAPL 1d 2"],
        bars: [
          { time: T0930, open: 69.51, high: 70.36, low: 69.34, close: 69.87, volume: 78073100 },
          {
            time: Date.parse("2013-10-08T09:30:00-04:00"),
            open: 70,
            high: 70.1,
            low: 68.6,
            close: 68.68,
            volume: 72729300,
          },
        ],
      });
    },
    TIMEOUT_MS,
  );

  it(
    "tells the interval of a Yahoo file from its Date header, and refuses its `null` rows by line",
    async () => {
      const result = await importInto(
        "MSFT.csv",
        [
          "Date,Open,High,Low,Close,Adj Close,Volume",
          "2013-10-07,33.6,33.71,33.2,33.3,28.1,35069300",
          "2013-10-08,null,null,null,null,null,null",
        ].join("\n"),
      );
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        'error SCN_ERR_IMPORT: MSFT.csv: 1 bad row(s) of 2, nothing imported (first: line 3: open "null" is not a number); fix them or import the good rows with --skip-bad\n' +
          '  line 3: open "null" is not a number\n',
      );
      expect(stored(result.store, "MSFT", "1d").series).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "reads timestamps without an offset in New York by default, and in the --tz zone",
    async () => {
      const rows = (first: string, second: string) =>
        `timestamp,open,high,low,close,volume\n${first},10,11,9,10.5,100\n${second},10.5,11,10,10.25,200\n`;
      const newYork = await importInto("NY-1m.csv", rows("2013-10-07 09:30:00", "2013-10-07T09:31"));
      expect(newYork.exitCode).toBe(0);
      expect(newYork.stdout).toBe(
        "NY-1m.csv: NY 1m, 2 rows: 2 inserted, 0 unchanged, 0 replaced, 0 skipped\n",
      );
      expect(stored(newYork.store, "NY", "1m").bars.map((bar) => bar.time)).toEqual([T0930, T0931]);

      const utc = await importInto("UTC-1m.csv", rows("2013-10-07 13:30:00", "2013-10-07 13:31:00"), [
        "--tz",
        "UTC",
      ]);
      expect(utc.exitCode).toBe(0);
      expect(stored(utc.store, "UTC", "1m").bars.map((bar) => bar.time)).toEqual([T0930, T0931]);

      const london = await importInto("LDN-1m.csv", rows("2013-10-07 14:30", "2013-10-07 14:31"), [
        "--tz",
        "Europe/London",
      ]);
      expect(london.exitCode).toBe(0);
      expect(stored(london.store, "LDN", "1m").bars.map((bar) => bar.time)).toEqual([T0930, T0931]);

      const unknown = await importInto("BAD-1m.csv", rows("2013-10-07 09:30", "2013-10-07 09:31"), [
        "--tz",
        "Mars/Olympus",
      ]);
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toBe(
        'error SCN_ERR_IMPORT: --tz "Mars/Olympus" is not a time zone (expected an IANA name like America/New_York or UTC)\n',
      );
    },
    TIMEOUT_MS,
  );

  it(
    "reads epoch seconds and epoch milliseconds",
    async () => {
      const seconds = T0930 / 1000;
      const secondsFile = await importInto(
        "SEC-1m.csv",
        `time,open,high,low,close,volume\n${seconds},10,11,9,10.5,100\n${seconds + 60},10.5,11,10,10.25,200\n`,
      );
      expect(secondsFile.exitCode).toBe(0);
      expect(stored(secondsFile.store, "SEC", "1m").bars.map((bar) => bar.time)).toEqual([T0930, T0931]);

      const millisecondsFile = await importInto(
        "MS-1m.csv",
        `${T0930},10,11,9,10.5,100\n${T0931},10.5,11,10,10.25,200\n`,
      );
      expect(millisecondsFile.exitCode).toBe(0);
      expect(stored(millisecondsFile.store, "MS", "1m").bars).toEqual([
        { time: T0930, open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
        { time: T0931, open: 10.5, high: 11, low: 10, close: 10.25, volume: 200 },
      ]);

      const tooLong = await importInto("LONG-1m.csv", `${T0930}00,10,11,9,10.5,100\n`);
      expect(tooLong.exitCode).toBe(2);
      expect(tooLong.stderr).toContain(
        `  line 1: timestamp "${T0930}00" is not epoch seconds (up to 11 digits) or milliseconds (12 or 13 digits)\n`,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "maps columns by header name or by position with --columns, other columns ignored",
    async () => {
      const byName = await importInto(
        "bars.csv",
        `symbol,ts,qty,c,h,l,o\nSPY,2013-10-07T09:30:00-04:00,100,10.5,11,9,10\nSPY,2013-10-07T09:31:00-04:00,200,10.25,11,10,10.5\n`,
        ["--symbol", "SPY", "--interval", "1m", "--columns", "time=ts,volume=qty"],
      );
      expect(byName.exitCode).toBe(0);
      expect(byName.stdout).toBe(
        "bars.csv: SPY 1m, 2 rows: 2 inserted, 0 unchanged, 0 replaced, 0 skipped\n",
      );
      const expected = [
        { time: T0930, open: 10, high: 11, low: 9, close: 10.5, volume: 100 },
        { time: T0931, open: 10.5, high: 11, low: 10, close: 10.25, volume: 200 },
      ];
      expect(stored(byName.store, "SPY", "1m").bars).toEqual(expected);

      const byPosition = await importInto(
        "headerless.csv",
        `x,100,2013-10-07T09:30:00-04:00,10,11,9,10.5\nx,200,2013-10-07T09:31:00-04:00,10.5,11,10,10.25\n`,
        ["--symbol", "SPY", "--interval", "1m", "--columns", "time=3,open=4,high=5,low=6,close=7,volume=2"],
      );
      expect(byPosition.exitCode).toBe(0);
      expect(stored(byPosition.store, "SPY", "1m").bars).toEqual(expected);

      const unknownColumn = await importInto(
        "bars2.csv",
        "ts,open,high,low,close,volume\n2013-10-07T09:30:00-04:00,10,11,9,10.5,100\n",
        ["--symbol", "SPY", "--interval", "1m", "--columns", "time=stamp"],
      );
      expect(unknownColumn.exitCode).toBe(2);
      expect(unknownColumn.stderr).toBe(
        'error SCN_ERR_IMPORT: bars2.csv:1: --columns time=stamp: the header "ts,open,high,low,close,volume" has no such column\n' +
          '  line 1: --columns time=stamp: the header "ts,open,high,low,close,volume" has no such column\n',
      );
      const badMapping = await importInto("bars3.csv", "x\n", ["--symbol", "SPY", "--columns", "price=2"]);
      expect(badMapping.exitCode).toBe(2);
      expect(badMapping.stderr).toBe(
        'error SCN_ERR_IMPORT: --columns "price=2": expected FIELD=COLUMN with FIELD one of time, open, high, low, close, volume (e.g. "time=Datetime,volume=Vol")\n',
      );
      expect(stored(unknownColumn.store, "SPY", "1m").series).toEqual([]);
      // A bad flag is refused before the store is even opened.
      expect(existsSync(badMapping.store)).toBe(false);
    },
    TIMEOUT_MS,
  );
});

describe("scanwright import: the exchange calendar", () => {
  let dir: string;
  let run = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-import-calendar-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function importInto(name: string, text: string, args: readonly string[] = []) {
    const store = join(dir, `store-${run++}.db`);
    writeFileSync(join(dir, name), text);
    const result = await runBuiltCli(["import", name, "--store", store, ...args], dir);
    if (!existsSync(store)) return { ...result, series: "no store file" };
    const opened = BarStore.open(store, { readOnly: true });
    try {
      const series = opened.listSeries().map((info) => `${info.symbol} ${info.interval} ${info.count}`);
      return { ...result, series };
    } finally {
      opened.close();
    }
  }

  const daily = (...dates: string[]) =>
    `date,open,high,low,close,volume\n${dates.map((date) => `${date},10,11,9,10.5,100`).join("\n")}\n`;
  const minutes = (...stamps: string[]) =>
    `timestamp,open,high,low,close,volume\n${stamps.map((stamp) => `${stamp},10,11,9,10.5,100`).join("\n")}\n`;

  it(
    "refuses a daily bar on a Saturday or a holiday as a bad row, by line; --skip-bad keeps the sessions",
    async () => {
      const text = daily("2013-10-11", "2013-10-12", "2013-10-14", "2013-12-25");
      const refused = await importInto("SPY-1d.csv", text);
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toBe(
        'error SCN_ERR_IMPORT: SPY-1d.csv: 2 bad row(s) of 4, nothing imported (first: line 3: date "2013-10-12" is not a trading day (Saturday)); fix them or import the good rows with --skip-bad\n' +
          '  line 3: date "2013-10-12" is not a trading day (Saturday)\n' +
          '  line 5: date "2013-12-25" is not a trading day (Christmas Day)\n',
      );
      expect(refused.series).toEqual([]);

      const skipped = await importInto("SPY-1d.csv", text, ["--skip-bad"]);
      expect(skipped.exitCode).toBe(0);
      expect(skipped.stdout).toBe(
        "SPY-1d.csv: SPY 1d, 4 rows: 2 inserted, 0 unchanged, 0 replaced, 2 skipped\n",
      );
      expect(skipped.stderr).toBe(
        '  SPY-1d.csv:3: skipped: date "2013-10-12" is not a trading day (Saturday)\n' +
          '  SPY-1d.csv:5: skipped: date "2013-12-25" is not a trading day (Christmas Day)\n',
      );
      expect(skipped.series).toEqual(["SPY 1d 2"]);
    },
    TIMEOUT_MS,
  );

  it(
    "refuses minute bars on a Saturday and outside the day's extended hours (04:00–20:00, 17:00 after an early close)",
    async () => {
      const result = await importInto(
        "SPY-1m.csv",
        minutes(
          "2013-10-07T03:59:00-04:00",
          "2013-10-07T04:00:00-04:00",
          "2013-10-07T19:59:00-04:00",
          "2013-10-07T20:00:00-04:00",
          "2013-10-12T10:00:00-04:00",
          "2013-11-29T16:59:00-05:00",
          "2013-11-29T17:00:00-05:00",
        ),
      );
      expect(result.exitCode).toBe(2);
      expect(result.stderr.split("\n").slice(1)).toEqual([
        '  line 2: timestamp "2013-10-07T03:59:00-04:00" is outside the trading hours of 2013-10-07 (04:00–20:00 local time, pre- and post-market included)',
        '  line 5: timestamp "2013-10-07T20:00:00-04:00" is outside the trading hours of 2013-10-07 (04:00–20:00 local time, pre- and post-market included)',
        '  line 6: timestamp "2013-10-12T10:00:00-04:00" falls on 2013-10-12, not a trading day (Saturday)',
        '  line 8: timestamp "2013-11-29T17:00:00-05:00" is outside the trading hours of 2013-11-29 (04:00–17:00 local time, pre- and post-market included)',
        "",
      ]);
      expect(result.stderr.split("\n")[0]).toMatch(
        /^error SCN_ERR_IMPORT: SPY-1m\.csv: 4 bad row\(s\) of 7, nothing imported/,
      );
      expect(result.series).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "checks against the --exchange given: a 24/7 market takes Saturday bars the NYSE refuses",
    async () => {
      const saturday = minutes("2025-03-08T23:58:00Z", "2025-03-08T23:59:00Z");
      const nyse = await importInto("BTC-USD-1m.csv", saturday);
      expect(nyse.exitCode).toBe(2);
      expect(nyse.stderr).toContain(
        '  line 2: timestamp "2025-03-08T23:58:00Z" falls on 2025-03-08, not a trading day (Saturday)\n',
      );
      const crypto = await importInto("BTC-USD-1m.csv", saturday, ["--exchange", "CRYPTO"]);
      expect(crypto.exitCode).toBe(0);
      expect(crypto.series).toEqual(["BTC-USD 1m 2"]);
    },
    TIMEOUT_MS,
  );

  it(
    "follows --calendar-overrides: a cancelled holiday takes bars, an added closure refuses them",
    async () => {
      writeFileSync(
        join(dir, "overrides.yaml"),
        [
          "cancelClosures: [2013-12-25]",
          "closures:",
          "  - { date: 2013-10-08, reason: Exchange outage }",
          "",
        ].join("\n"),
      );
      const open = await importInto("SPY-1d.csv", daily("2013-12-24", "2013-12-25", "2013-12-26"), [
        "--calendar-overrides",
        "overrides.yaml",
      ]);
      expect(open.exitCode).toBe(0);
      expect(open.stdout).toBe(
        "SPY-1d.csv: SPY 1d, 3 rows: 3 inserted, 0 unchanged, 0 replaced, 0 skipped\n",
      );
      expect(open.series).toEqual(["SPY 1d 3"]);

      const closed = await importInto("SPY-1m.csv", minutes("2013-10-08T10:00:00-04:00"), [
        "--calendar-overrides",
        "overrides.yaml",
      ]);
      expect(closed.exitCode).toBe(2);
      expect(closed.stderr).toContain(
        '  line 2: timestamp "2013-10-08T10:00:00-04:00" falls on 2013-10-08, not a trading day (Exchange outage)\n',
      );
      expect(closed.series).toEqual([]);

      const missing = await importInto("SPY-1m.csv", minutes("2013-10-08T10:00:00-04:00"), [
        "--calendar-overrides",
        "nope.yaml",
      ]);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toBe(
        'error SCN_ERR_CALENDAR: calendar overrides file "nope.yaml" does not exist\n',
      );
      expect(missing.series).toBe("no store file");
    },
    TIMEOUT_MS,
  );
});
