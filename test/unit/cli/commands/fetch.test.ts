// `scanwright fetch` against the local Alpaca mock's REST API: the store then equals a CSV import
// of the same files; a second run asks for nothing it holds; a bad bar from the vendor is refused
// and listed, as import refuses it; rate limits are waited out; a missing credential is coded.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerFetchCommand } from "../../../../src/cli/commands/fetch.js";
import { BarStore } from "../../../../src/data/bar-store.js";
import { importCsvFile } from "../../../../src/data/csv-import.js";
import { ExchangeCalendar } from "../../../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../../../src/time/simulated-clock.js";
import { runCaptured } from "../../../helpers/cli-capture.js";
import { MockAlpaca } from "../../../helpers/mock-alpaca.js";
import { type CsvBar, readDailyCsv, readMinuteCsv, sharedDataPath } from "../../../helpers/shared-data.js";

const DATES = ["20131007", "20131008", "20131009", "20131010", "20131011"];
const SYMBOLS = ["SPY", "AIG"];
const MINUTES = new Map(
  SYMBOLS.map((symbol) => [symbol, DATES.flatMap((date) => readMinuteCsv(`minute/${symbol}-${date}.csv`))]),
);
const DAILY = new Map(
  SYMBOLS.map((symbol) => [
    symbol,
    readDailyCsv(`daily/${symbol}.csv`).filter((bar) => bar.date >= "2013-09-01" && bar.date <= "2013-10-31"),
  ]),
);
const KEY = "fetch-key";
const SECRET = "fetch-secret";
const ENV = { APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET };

let dir: string;
let mock: MockAlpaca;

async function startMock(minutes = MINUTES, restFailures = 0): Promise<void> {
  mock = await MockAlpaca.start({
    // Long after the week: every bar of it has ended.
    clock: new SimulatedClock(Date.parse("2014-01-01T00:00:00Z")),
    minuteBars: minutes,
    dailyBars: DAILY,
    key: KEY,
    secret: SECRET,
    chaos: { restFailures },
  });
  writeFileSync(
    join(dir, "live.yaml"),
    `name: live\nmode: live\nstore: bars.db\nfeed:\n  vendor: alpaca\n  rest_url: ${mock.restUrl}\n  stream_url: ${mock.streamUrl}\n`,
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scanwright-fetch-"));
});

afterEach(async () => {
  await mock?.close();
  rmSync(dir, { recursive: true, force: true });
});

const fetchArgs = (...extra: string[]) => [
  "fetch",
  "live.yaml",
  "--symbols",
  "SPY,AIG",
  "--from",
  "2013-10-07",
  "--to",
  "2013-10-11",
  ...extra,
];

/** Every stored bar of a series as `time open high low close volume` lines. */
function dump(path: string, symbol: string, interval: string): string[] {
  const store = BarStore.open(path, { readOnly: true });
  try {
    const bars = store.readBars(
      symbol,
      interval,
      Date.parse("2013-09-01T00:00:00Z"),
      Date.parse("2013-11-01T00:00:00Z"),
    );
    return Array.from(bars.time, (time, i) =>
      [time, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(" "),
    );
  } finally {
    store.close();
  }
}

describe("scanwright fetch", () => {
  it("fills the store with what a CSV import of the same bars gives, then asks for nothing more", async () => {
    await startMock();
    const first = await runCaptured(fetchArgs("--interval", "1m"), [registerFetchCommand], {
      cwd: dir,
      env: ENV,
    });
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(first.stdout.split("\n")[0]).toBe(
      `SPY 1m: 5 day(s) fetched, 0 already stored; ${MINUTES.get("SPY")!.length} inserted, 0 unchanged, 0 replaced, 0 refused`,
    );

    const csvPath = join(dir, "csv.db");
    const csv = BarStore.open(csvPath);
    for (const symbol of SYMBOLS) {
      for (const date of DATES)
        importCsvFile(csv, sharedDataPath(`minute/${symbol}-${date}.csv`), { days: new ExchangeCalendar() });
    }
    csv.close();
    for (const symbol of SYMBOLS)
      expect(dump(join(dir, "bars.db"), symbol, "1m")).toEqual(dump(csvPath, symbol, "1m"));
    expect(mock.restRequests).toHaveLength(2); // one request per symbol: five days fit in one

    const again = await runCaptured(fetchArgs("--interval", "1m"), [registerFetchCommand], {
      cwd: dir,
      env: ENV,
    });
    expect(again.stdout.split("\n")[0]).toBe(
      "SPY 1m: 0 day(s) fetched, 5 already stored; 0 inserted, 0 unchanged, 0 replaced, 0 refused",
    );
    expect(mock.restRequests).toHaveLength(2);
  });

  it("fetches daily bars at the session's open, as a daily CSV import keys them", async () => {
    await startMock();
    const result = await runCaptured(
      fetchArgs("--interval", "1d", "--symbols", "SPY"),
      [registerFetchCommand],
      {
        cwd: dir,
        env: ENV,
      },
    );
    expect(result.exitCode).toBe(0);
    const csvPath = join(dir, "csv.db");
    const csv = BarStore.open(csvPath);
    writeFileSync(
      join(dir, "SPY.csv"),
      `date,open,high,low,close,volume\n${DAILY.get("SPY")!
        .filter((bar) => bar.date >= "2013-10-07" && bar.date <= "2013-10-11")
        .map((bar) => `${bar.date},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`)
        .join("\n")}\n`,
    );
    importCsvFile(csv, join(dir, "SPY.csv"), { interval: "1d" });
    csv.close();
    expect(dump(join(dir, "bars.db"), "SPY", "1d")).toEqual(dump(csvPath, "SPY", "1d"));
    expect(dump(join(dir, "bars.db"), "SPY", "1d")).toHaveLength(5);
  });

  it("refuses and lists a bad bar from the vendor, stores the good ones, and waits out 429s", async () => {
    const spy = MINUTES.get("SPY")!;
    const broken: CsvBar[] = spy.map((bar, index) => (index === 10 ? { ...bar, high: bar.low - 1 } : bar));
    await startMock(new Map([["SPY", broken]]), 2);
    const result = await runCaptured(
      fetchArgs("--interval", "1m", "--symbols", "SPY"),
      [registerFetchCommand],
      {
        cwd: dir,
        env: ENV,
      },
    );
    expect(result.exitCode).toBe(0);
    const bad = spy[10];
    expect(result.stderr).toContain(
      `  refused: SPY 1m ${new Date(bad.time).toISOString()}: high ${bad.low - 1} is below low ${bad.low}`,
    );
    expect(dump(join(dir, "bars.db"), "SPY", "1m")).toHaveLength(spy.length - 1);
    expect(mock.restRequests.map((request) => request.status)).toEqual([429, 503, 200]);
  }, 30_000);

  it("names the missing credential variable, coded, and writes nothing", async () => {
    await startMock();
    const result = await runCaptured(fetchArgs(), [registerFetchCommand], {
      cwd: dir,
      env: { APCA_API_KEY_ID: KEY },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "error SCN_ERR_FEED: The alpaca feed reads its API secret from the environment variable APCA_API_SECRET_KEY, which is not set (feed.secret_env)\n",
    );
    expect(mock.restRequests).toHaveLength(0);
  });
});
