// `scanwright store copy`: bars from a SQLite file into PostgreSQL and back, verified by counts
// and checksums; the password only through env:NAME, never on the command line nor in output.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerStoreCommand } from "../../../src/cli/commands/store.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { PgBarStore } from "../../../src/data/pg-bar-store.js";
import { makeBars } from "../../contract/bar-store-contract.js";
import { runCaptured } from "../../helpers/cli-capture.js";
import { createTestDatabase, probePostgres, type TestDatabase } from "../../helpers/postgres.js";

const server = await probePostgres();
const OPEN = Date.UTC(2024, 2, 4, 14, 30);
const DAY_MS = 86_400_000;

describe.runIf(server)("scanwright store copy", () => {
  let database: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
    folder = mkdtempSync(join(tmpdir(), "scanwright-store-copy-"));
    const source = BarStore.open(join(folder, "bars.db"));
    // 200 days of 1m bars: more than one copy window (64 chunk spans) per series.
    source.insertBars("SPY", "1m", makeBars(OPEN, 200 * 390, 221_538));
    source.insertBars("SPY", "1d", makeBars(OPEN, 300, DAY_MS));
    source.insertBars("AIG", "1d", makeBars(OPEN, 10, DAY_MS, 3));
    source.close();
  });
  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("copies SQLite into PostgreSQL and back, every series verified", async () => {
    const toPg = await runCaptured(
      ["store", "copy", "bars.db", database.url, "--json"],
      [registerStoreCommand],
      {
        cwd: folder,
      },
    );
    expect(toPg.stderr).toBe("");
    expect(toPg.exitCode).toBe(0);
    const report = JSON.parse(toPg.stdout);
    expect(
      report.series.map(({ symbol, interval, bars }: { symbol: string; interval: string; bars: number }) => [
        symbol,
        interval,
        bars,
      ]),
    ).toEqual([
      ["AIG", "1d", 10],
      ["SPY", "1m", 78_000],
      ["SPY", "1d", 300],
    ]);
    expect([report.bars, report.inserted, report.unchanged, report.replaced]).toEqual([78_310, 78_310, 0, 0]);

    const pg = PgBarStore.open(database.url, { readOnly: true });
    const sqlite = BarStore.open(join(folder, "bars.db"), { readOnly: true });
    try {
      expect(pg.listSeries()).toEqual(sqlite.listSeries());
      const range = [OPEN, OPEN + 400 * DAY_MS] as const;
      expect(pg.readBars("SPY", "1m", ...range)).toEqual(sqlite.readBars("SPY", "1m", ...range));
    } finally {
      pg.close();
      sqlite.close();
    }

    const back = await runCaptured(["store", "copy", "env:BARS_URL", "copy.db"], [registerStoreCommand], {
      cwd: folder,
      env: { BARS_URL: database.url.replace("postgres@", "postgres:not-needed-with-trust@") },
    });
    expect(back.exitCode).toBe(0);
    expect(back.stdout).toBe(
      `Copied 3 series, 78310 bars from ${database.url.replace("postgres@", "postgres:***@")} to ${join(folder, "copy.db")} ` +
        "(78310 inserted, 0 unchanged, 0 replaced); verified: every series has the same bar count and SHA-256 in both stores.\n",
    );
    expect(back.stdout + back.stderr).not.toContain("not-needed-with-trust");
    // Copying again changes nothing and verifies again.
    const again = await runCaptured(
      ["store", "copy", "bars.db", database.url, "--json"],
      [registerStoreCommand],
      {
        cwd: folder,
      },
    );
    expect(JSON.parse(again.stdout).unchanged).toBe(78_310);
  });

  it("refuses a password on the command line without echoing it", async () => {
    const url = database.url.replace("postgres@", "postgres:hunter2@");
    const result = await runCaptured(["store", "copy", "bars.db", url], [registerStoreCommand], {
      cwd: folder,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "error SCN_ERR_USAGE: TO: a password on the command line shows in the process list and the shell history; set PGPASSWORD, or pass env:NAME for a URL held in an environment variable\n",
    );
  });
});
