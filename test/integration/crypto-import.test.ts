// The crypto data path: UTC one-minute bars of 24/7 symbols imported from CSV (across a weekend
// and midnight), symbols written as pairs normalized, and the bars aggregated with the 24/7
// calendar into daily bars cut at 00:00 UTC.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { columnsToBars } from "../../src/core/bar-columns.js";
import { aggregateBars } from "../../src/data/aggregate.js";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { calendarOf } from "../../src/time/markets/index.js";

let dir: string;
let store: BarStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scanwright-crypto-"));
  store = BarStore.open(":memory:");
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` UTC minute rows from `fromIso`; close = 100 + index, volume = 1 + index. */
function minuteCsv(fromIso: string, count: number): string {
  const start = Date.parse(fromIso);
  const rows = ["timestamp,open,high,low,close,volume"];
  for (let index = 0; index < count; index++) {
    const price = 100 + index;
    rows.push(
      `${new Date(start + index * 60_000).toISOString()},${price},${price + 0.5},${price - 0.5},${price},${1 + index}`,
    );
  }
  return `${rows.join("\n")}\n`;
}

describe("crypto CSV import", () => {
  it("keeps every UTC minute of a weekend night and aggregates it into 00:00 UTC days", () => {
    const path = join(dir, "btc-usd-1m.csv");
    // Saturday 2025-03-08 23:57 → Sunday 00:02 UTC: six minutes on two 24/7 days.
    writeFileSync(path, minuteCsv("2025-03-08T23:57:00Z", 6));
    const report = importCsvFile(store, path);
    expect([report.symbol, report.interval]).toEqual(["BTC-USD", "1m"]);
    const minutes = store.readBars(
      "BTC-USD",
      "1m",
      Date.parse("2025-03-08T00:00:00Z"),
      Date.parse("2025-03-10T00:00:00Z"),
    );
    expect(minutes.length).toBe(6);
    const daily = columnsToBars(aggregateBars(minutes, "1m", "1d", calendarOf("CRYPTO")), "1d");
    expect(daily.map((bar) => [new Date(bar.time).toISOString(), bar.open, bar.close, bar.volume])).toEqual([
      ["2025-03-08T00:00:00.000Z", 100, 102, 1 + 2 + 3],
      ["2025-03-09T00:00:00.000Z", 103, 105, 4 + 5 + 6],
    ]);
  });

  it("stores a pair written ETH/USDT under ETH-USDT", () => {
    const path = join(dir, "pair.csv");
    writeFileSync(path, minuteCsv("2025-03-09T12:00:00Z", 3));
    expect(importCsvFile(store, path, { symbol: "eth/usdt", interval: "1m" }).symbol).toBe("ETH-USDT");
    expect(store.readBars("ETH-USDT", "1m", 0, Date.parse("2030-01-01T00:00:00Z")).length).toBe(3);
  });
});
