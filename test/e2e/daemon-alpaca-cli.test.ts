// `scanwright daemon` (the built CLI, in a child process) with `feed: { vendor: alpaca }` pointed
// at the local Alpaca mock, over the full session of real SPY and AIG minutes of 2013-10-10 in
// accelerated time (--start-at, --speed): its journal equals `scanwright run` over the same bars
// imported from CSV, the day it received is in its store, and no credential appears in its output.
// The mock's clock starts before the child's, so the mock is ahead of the daemon: bars arrive
// early and wait in the feed until their minute has ended on the daemon's timeline. Both start at
// midnight, 9.5 market hours before the open (8.5 s of wall time at this speed), so a child that
// is slow to start on a loaded machine has still subscribed before the mock streams the session.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { ScaledClock } from "../../src/time/scaled-clock.js";
import { WallClock } from "../../src/time/wall-clock.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { MockAlpaca } from "../helpers/mock-alpaca.js";
import { readMinuteCsv, sharedDataPath } from "../helpers/shared-data.js";

const calendar = new ExchangeCalendar();
const LIVE_DAY = "2013-10-10";
const SYMBOLS = ["SPY", "AIG"];
const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const KEY = "e2e-key-id";
const SECRET = "e2e-secret-value";
const SPEED = 4_000;

function buildStore(path: string, dates: readonly string[]): void {
  const store = BarStore.open(path);
  try {
    for (const symbol of SYMBOLS) {
      for (const date of dates)
        importCsvFile(store, sharedDataPath(`minute/${symbol}-${date.replaceAll("-", "")}.csv`));
      importCsvFile(store, sharedDataPath(`daily/${symbol}.csv`));
    }
  } finally {
    store.close();
  }
}

function config(head: string): string {
  return `${head}
session_data:
  symbols: [SPY]
  indicators:
    - { type: sma, period: 20, interval: 1d }
  scanners:
    - name: above-vwap
      plugin: ${PLUGIN}
      universe: [SPY, AIG]
      indicators:
        - { type: vwap, interval: 1m }
      pre_session: true
      regular_session:
        - { start: "09:45", end: close, interval: 15m }
`;
}

describe("scanwright daemon on an Alpaca feed (built CLI, local mock)", () => {
  let dir: string;
  let mock: MockAlpaca;
  let wall: WallClock;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-daemon-alpaca-"));
  });
  afterAll(async () => {
    await mock?.close();
    wall?.cancelAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals what a backtest of the same bars journals, stores the day, and never prints the secret", async () => {
    // The backtest over the CSV files, the live day included.
    buildStore(join(dir, "csv.db"), ["2013-10-08", "2013-10-09", LIVE_DAY]);
    writeFileSync(
      join(dir, "backtest.yaml"),
      config(
        `name: alpaca-e2e\nbacktest: { start: ${LIVE_DAY}, end: ${LIVE_DAY} }\nstore: csv.db\njournal: backtest-journal.db`,
      ),
    );
    const backtest = await runBuiltCli(["run", "backtest.yaml", "--log-level", "warn"], dir);
    expect(backtest.exitCode).toBe(0);

    // The live store lacks the day; the daemon receives it from the mock.
    buildStore(join(dir, "live.db"), ["2013-10-08", "2013-10-09"]);
    const minuteBars = new Map(
      SYMBOLS.map((symbol) => [symbol, readMinuteCsv(`minute/${symbol}-20131010.csv`)]),
    );
    wall = new WallClock({ unref: true });
    const timeline = new ScaledClock(wall, {
      originAt: calendar.wallTime(LIVE_DAY, 0),
      speed: SPEED,
    });
    mock = await MockAlpaca.start({ clock: timeline, minuteBars, key: KEY, secret: SECRET, leadMs: 45_000 });
    writeFileSync(
      join(dir, "live.yaml"),
      config(
        [
          "name: alpaca-e2e",
          "mode: live",
          "store: live.db",
          "journal: live-journal.db",
          "feed:",
          "  vendor: alpaca",
          `  stream_url: ${mock.streamUrl}`,
          `  rest_url: ${mock.restUrl}`,
          "  key_env: E2E_ALPACA_KEY",
          "  secret_env: E2E_ALPACA_SECRET",
          "  stale_after_seconds: 600",
        ].join("\n"),
      ),
    );
    const live = await runBuiltCli(
      [
        "daemon",
        "live.yaml",
        "--start-at",
        `${LIVE_DAY}T00:00`,
        "--speed",
        String(SPEED),
        "--days",
        "1",
        "--verbose",
      ],
      dir,
      () => {},
      { E2E_ALPACA_KEY: KEY, E2E_ALPACA_SECRET: SECRET },
    );
    expect(live.stderr.split("\n").filter((line) => line.includes('"level":50'))).toEqual([]);
    expect(live.exitCode).toBe(0);
    expect(live.stdout).toMatch(
      /^Daemon "alpaca-e2e" completed: run 1, 1 session 2013-10-10, 27 scan slots, 0 missed/,
    );
    expect(`${live.stdout}${live.stderr}`).not.toContain(SECRET);
    expect(mock.actions[0]).toEqual({ action: "auth", key: "…", secret: "…" });

    const rows = (path: string) => {
      const journal = ScanJournal.open(join(dir, path));
      try {
        return journal.exportRun(1);
      } finally {
        journal.close();
      }
    };
    const expected = rows("backtest-journal.db");
    expect(expected).toHaveLength(27 + 2); // 26 regular slots and the pre-session one, setup, teardown
    expect(rows("live-journal.db")).toEqual(expected);

    const store = BarStore.open(join(dir, "live.db"), { readOnly: true });
    try {
      const session = calendar.requireSession(LIVE_DAY);
      expect(store.readBars("AIG", "1m", session.openAt, session.closeAt).length).toBe(
        minuteBars.get("AIG")!.filter((bar) => bar.time >= session.openAt && bar.time < session.closeAt)
          .length,
      );
    } finally {
      store.close();
    }
  }, 180_000);
});
