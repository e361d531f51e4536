// `scanwright fetch` for a CRYPTO session against the local Binance klines mock: the store then
// equals a CSV import of the same bars on the 24/7 calendar, and a second run asks for nothing.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerFetchCommand } from "../../../../src/cli/commands/fetch.js";
import { BarStore } from "../../../../src/data/bar-store.js";
import { importCsvFile } from "../../../../src/data/csv-import.js";
import { calendarOf } from "../../../../src/time/markets/index.js";
import { SimulatedClock } from "../../../../src/time/simulated-clock.js";
import { runCaptured } from "../../../helpers/cli-capture.js";
import { MockBinanceRest } from "../../../helpers/mock-binance-rest.js";
import { readMinuteCsv, sharedDataPath } from "../../../helpers/shared-data.js";

// Real minute bars served as the pair's klines (Binance's public klines need no credential).
const DATES = ["20131008", "20131009", "20131010"];
const MINUTES = DATES.flatMap((date) => readMinuteCsv(`minute/SPY-${date}.csv`));

let dir: string;
let mock: MockBinanceRest;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "scanwright-fetch-binance-"));
  mock = await MockBinanceRest.start({
    clock: new SimulatedClock(Date.parse("2014-01-01T00:00:00Z")),
    klines: new Map([["BTCUSDT", new Map([["1m", MINUTES]])]]),
  });
  writeFileSync(
    join(dir, "crypto.yaml"),
    `name: crypto\nmode: live\nexchange: CRYPTO\nstore: bars.db\nfeed:\n  vendor: binance\n  rest_url: ${mock.restUrl}\n`,
  );
});

afterEach(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});

function dump(path: string): string[] {
  const store = BarStore.open(path, { readOnly: true });
  try {
    const bars = store.readBars(
      "BTC-USDT",
      "1m",
      Date.parse("2013-10-01T00:00:00Z"),
      Date.parse("2013-11-01T00:00:00Z"),
    );
    return Array.from(bars.time, (time, i) =>
      [time, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(" "),
    );
  } finally {
    store.close();
  }
}

const args = ["fetch", "crypto.yaml", "--symbols", "BTC-USDT", "--from", "2013-10-08", "--to", "2013-10-10"];

describe("scanwright fetch from Binance", () => {
  it("fills the store with what a CSV import of the same bars gives, then asks for nothing more", async () => {
    const first = await runCaptured([...args, "--interval", "1m"], [registerFetchCommand], {
      cwd: dir,
      env: {},
    });
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(first.stdout.split("\n")[0]).toBe(
      `BTC-USDT 1m: 3 day(s) fetched, 0 already stored; ${MINUTES.length} inserted, 0 unchanged, 0 replaced, 0 refused`,
    );
    const csvPath = join(dir, "csv.db");
    const csv = BarStore.open(csvPath);
    for (const date of DATES) {
      importCsvFile(csv, sharedDataPath(`minute/SPY-${date}.csv`), {
        symbol: "BTC-USDT",
        days: calendarOf("CRYPTO"),
      });
    }
    csv.close();
    expect(dump(join(dir, "bars.db"))).toEqual(dump(csvPath));
    expect(dump(csvPath)).toHaveLength(MINUTES.length);
    const requests = mock.requests.length;
    expect(requests).toBe(Math.floor(MINUTES.length / 1_000) + 1);

    const again = await runCaptured([...args, "--interval", "1m"], [registerFetchCommand], {
      cwd: dir,
      env: {},
    });
    expect(again.stdout.split("\n")[0]).toBe(
      "BTC-USDT 1m: 0 day(s) fetched, 3 already stored; 0 inserted, 0 unchanged, 0 replaced, 0 refused",
    );
    expect(mock.requests).toHaveLength(requests);
  });
});
