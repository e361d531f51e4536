// Stores, journals and inputs under faults, through the built CLI in a child process as a user runs
// it: another application's SQLite file is refused before anything is written to it (not even the
// journal mode); read commands create and change nothing; symbols are validated before case folding;
// paths that are not regular files (a FIFO, /dev/zero) and oversized configs are refused at once;
// prices and volumes are bounded; a damaged chunk is reported and repaired by re-importing; a CSV
// larger than one read is streamed; an error quotes at most a line of its input.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../src/data/bar-store.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { sharedDataPath } from "../helpers/shared-data.js";

const TIMEOUT_MS = 90_000;
const SPY_MINUTES = sharedDataPath("minute/SPY-20131007.csv");

const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Every series of a store as `SYMBOL interval count`. */
function seriesOf(path: string): string[] {
  const store = BarStore.open(path, { readOnly: true });
  try {
    return store.listSeries().map((info) => `${info.symbol} ${info.interval} ${info.count}`);
  } finally {
    store.close();
  }
}

describe("SQLite files that are not scanwright's, and read commands", () => {
  let dir: string;
  let foreign: string;
  let foreignHash: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-foreign-"));
    foreign = join(dir, "app.db");
    const db = new Database(foreign);
    db.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada');",
    );
    db.close();
    foreignHash = sha256(foreign);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The foreign file is byte for byte as it was, still in rollback-journal mode, with no WAL files. */
  function expectUntouched(): void {
    expect(sha256(foreign)).toBe(foreignHash);
    expect(readdirSync(dir).filter((name) => name.startsWith("app.db"))).toEqual(["app.db"]);
    const db = new Database(foreign, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
    } finally {
      db.close();
    }
  }

  it(
    "refuses another application's database as a store or a journal, and leaves it byte for byte as it was",
    async () => {
      const asStore = await runBuiltCli(["import", SPY_MINUTES, "--store", "app.db"], dir);
      expect(asStore.exitCode).toBe(1);
      expect(asStore.stderr).toBe(
        `error SCN_ERR_STORE: Bar store "${foreign}" is a SQLite database of another application, not a bar store\n`,
      );
      expectUntouched();

      const asReadStore = await runBuiltCli(
        ["bars", "SPY", "--store", "app.db", "--from", "2013-10-07", "--to", "2013-10-07"],
        dir,
      );
      expect(asReadStore.exitCode).toBe(1);
      expect(asReadStore.stderr).toBe(
        `error SCN_ERR_STORE: Bar store "${foreign}" is a SQLite database of another application, not a bar store\n`,
      );
      expectUntouched();

      const asJournal = await runBuiltCli(["results", "--journal", "app.db"], dir);
      expect(asJournal.exitCode).toBe(1);
      expect(asJournal.stderr).toBe(
        `error SCN_ERR_STORE: Scan journal "${foreign}" is a SQLite database of another application, not a scan journal\n`,
      );
      expectUntouched();
    },
    TIMEOUT_MS,
  );

  it(
    "bars and results neither create a missing file nor change an existing one (no -wal/-shm left behind)",
    async () => {
      const missingStore = await runBuiltCli(
        ["bars", "SPY", "--store", "missing.db", "--from", "2013-10-07", "--to", "2013-10-07"],
        dir,
      );
      expect(missingStore.exitCode).toBe(2);
      expect(existsSync(join(dir, "missing.db"))).toBe(false);
      const missingJournal = await runBuiltCli(["results", "--journal", "missing-journal.db"], dir);
      expect(missingJournal.exitCode).toBe(2);
      expect(existsSync(join(dir, "missing-journal.db"))).toBe(false);

      const storePath = join(dir, "bars.db");
      const imported = await runBuiltCli(["import", SPY_MINUTES, "--store", "bars.db"], dir);
      expect(imported.exitCode).toBe(0);
      const journalPath = join(dir, "journal.db");
      ScanJournal.open(journalPath).close();
      const before = [sha256(storePath), sha256(journalPath)];
      const files = readdirSync(dir).sort();

      const bars = await runBuiltCli(
        [
          "bars",
          "SPY",
          "--store",
          "bars.db",
          "--from",
          "2013-10-07",
          "--to",
          "2013-10-07",
          "--interval",
          "1d",
        ],
        dir,
      );
      expect(bars.exitCode).toBe(0);
      expect(bars.stdout).toBe(
        "time (America/New_York)      open    high     low   close    volume\n" +
          "2013-10-07T09:30:00-04:00  167.43  168.45  167.25  167.42  81489219\n",
      );
      const results = await runBuiltCli(["results", "--journal", "journal.db"], dir);
      expect(results.exitCode).toBe(0);
      expect(results.stdout).toBe(`The journal ${journalPath} has no runs yet.\n`);

      expect([sha256(storePath), sha256(journalPath)]).toEqual(before);
      expect(readdirSync(dir).sort()).toEqual(files);
    },
    TIMEOUT_MS,
  );
});

describe("symbols, bounds and damaged chunks", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-input-values-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "validates a symbol before case folding: ß, ﬃ and ſpy are refused, never stored as SS, FFI or SPY",
    async () => {
      const store = join(dir, "symbols.db");
      for (const symbol of ["ß", "ﬃ", "ſpy"]) {
        const result = await runBuiltCli(["import", SPY_MINUTES, "--symbol", symbol, "--store", store], dir);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toBe(
          `error SCN_ERR_SYMBOL: Symbol "${symbol}" has characters outside A-Z, 0-9, "." and "-" (or does not start with a letter or digit)\n`,
        );
      }
      expect(seriesOf(store)).toEqual([]);
      const imported = await runBuiltCli(["import", SPY_MINUTES, "--store", store], dir);
      expect(imported.exitCode).toBe(0);
      const bars = await runBuiltCli(
        ["bars", "ſpy", "--store", store, "--from", "2013-10-07", "--to", "2013-10-07"],
        dir,
      );
      expect(bars.exitCode).toBe(2);
      expect(bars.stdout).toBe("");
      expect(bars.stderr).toContain('error SCN_ERR_SYMBOL: Symbol "ſpy" has characters outside A-Z');
    },
    TIMEOUT_MS,
  );

  it(
    "bounds prices (±1e12) and volumes (1e15) at import: values near 1e308 are bad rows",
    async () => {
      const store = join(dir, "bounds.db");
      writeFileSync(
        join(dir, "HUGE-1m.csv"),
        [
          "timestamp,open,high,low,close,volume",
          "2013-10-07T09:30:00-04:00,1e308,1.5e308,1e308,1e308,100",
          "2013-10-07T09:31:00-04:00,10,11,9,10.5,1e300",
          "2013-10-07T09:32:00-04:00,1e12,1e12,1e12,1e12,1e15",
          "",
        ].join("\n"),
      );
      const result = await runBuiltCli(["import", "HUGE-1m.csv", "--store", store, "--skip-bad"], dir);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(
        "HUGE-1m.csv: HUGE 1m, 3 rows: 1 inserted, 0 unchanged, 0 replaced, 2 skipped\n",
      );
      expect(result.stderr).toBe(
        "  HUGE-1m.csv:2: skipped: open 1e+308 is beyond the price limit ±1000000000000\n" +
          "  HUGE-1m.csv:3: skipped: volume 1e+300 is above the limit 1000000000000000\n",
      );
      // The bars at the limits read back.
      const bars = await runBuiltCli(
        [
          "bars",
          "HUGE",
          "--store",
          store,
          "--from",
          "2013-10-07",
          "--to",
          "2013-10-07",
          "--interval",
          "1m",
          "--json",
        ],
        dir,
      );
      expect(bars.exitCode).toBe(0);
      expect(
        bars.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line)),
      ).toEqual([
        { t: "2013-10-07T09:32:00-04:00", open: 1e12, high: 1e12, low: 1e12, close: 1e12, volume: 1e15 },
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    "reports a damaged chunk (values near 1e308, or garbage) and repairs it when the series is imported again",
    async () => {
      const store = join(dir, "damaged.db");
      expect((await runBuiltCli(["import", SPY_MINUTES, "--store", store], dir)).exitCode).toBe(0);
      const db = new Database(store);
      try {
        // An older scanwright stored values that are finite one by one but overflow when summed.
        const overflowing = new Float64Array(6 * 2);
        overflowing.set(
          [Date.parse("2013-10-07T09:30:00-04:00"), Date.parse("2013-10-07T09:31:00-04:00")],
          0,
        );
        overflowing.fill(1.5e308, 2, 10);
        db.prepare("UPDATE chunks SET data = ?").run(Buffer.from(overflowing.buffer));
      } finally {
        db.close();
      }
      const read = [
        "bars",
        "SPY",
        "--store",
        store,
        "--from",
        "2013-10-07",
        "--to",
        "2013-10-07",
        "--interval",
        "1m",
      ];
      const refused = await runBuiltCli(read, dir);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toBe(
        `error SCN_ERR_STORE: Bar store "${store}": the stored SPY 1m bars are corrupt (bar 0 (time ${Date.parse("2013-10-07T09:30:00-04:00")}): open 1.5e+308 is beyond the price limit ±1000000000000); restore the file from a backup or re-import the series\n`,
      );

      const repaired = await runBuiltCli(["import", SPY_MINUTES, "--store", store], dir);
      expect(repaired.exitCode).toBe(0);
      expect(repaired.stdout).toBe(
        `${SPY_MINUTES}: SPY 1m, 828 rows: 828 inserted, 0 unchanged, 0 replaced, 0 skipped\n`,
      );
      expect(repaired.stderr).toBe(
        `warning: ${SPY_MINUTES}: 1 damaged chunk(s) of SPY 1m in the store were replaced by this file's bars\n`,
      );
      expect(seriesOf(store)).toEqual(["SPY 1m 828"]);
      const readBack = await runBuiltCli([...read, "--json"], dir);
      expect(readBack.exitCode).toBe(0);
      expect(readBack.stdout.trim().split("\n")).toHaveLength(828);

      // Garbage of a length that is not a whole number of bars: repaired the same way.
      const garbage = new Database(store);
      try {
        garbage.prepare("UPDATE chunks SET data = ?").run(Buffer.from("not bars at all"));
      } finally {
        garbage.close();
      }
      const again = await runBuiltCli(["import", SPY_MINUTES, "--store", store], dir);
      expect(again.exitCode).toBe(0);
      expect(again.stderr).toBe(
        `warning: ${SPY_MINUTES}: 1 damaged chunk(s) of SPY 1m in the store were replaced by this file's bars\n`,
      );
      expect(seriesOf(store)).toEqual(["SPY 1m 828"]);
    },
    TIMEOUT_MS,
  );
});

describe("paths that are not regular files, size limits, streaming and long lines", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-input-files-"));
    execFileSync("mkfifo", [join(dir, "fifo.yaml")]);
    execFileSync("mkfifo", [join(dir, "fifo.csv")]);
    execFileSync("mkfifo", [join(dir, "universe.fifo")]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "refuses a FIFO or /dev/zero as a config, a universe or a CSV at once (exit 2), instead of hanging",
    async () => {
      const fifoConfig = await runBuiltCli(["validate", "fifo.yaml"], dir);
      expect(fifoConfig.exitCode).toBe(2);
      expect(fifoConfig.stderr).toContain(
        "fifo.yaml: config file is not a regular file (a device, FIFO or socket)",
      );
      const zeroConfig = await runBuiltCli(["validate", "/dev/zero"], dir);
      expect(zeroConfig.exitCode).toBe(2);
      expect(zeroConfig.stderr).toContain(
        "/dev/zero: config file is not a regular file (a device, FIFO or socket)",
      );

      writeFileSync(
        join(dir, "universe.yaml"),
        [
          "name: fifo-universe",
          "mode: backtest",
          "backtest: { start: 2013-10-07, end: 2013-10-07 }",
          "session_data:",
          "  scanners:",
          "    - name: s",
          "      plugin: ../plugin.ts",
          "      universe: universe.fifo",
          "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
          "",
        ].join("\n"),
      );
      const fifoUniverse = await runBuiltCli(["validate", "universe.yaml"], dir);
      expect(fifoUniverse.exitCode).toBe(2);
      expect(fifoUniverse.stderr).toContain(
        "Universe file universe.fifo is not a regular file (a device, FIFO or socket)",
      );

      for (const [file, shown] of [
        ["fifo.csv", "fifo.csv"],
        ["/dev/zero", "/dev/zero"],
      ]) {
        const result = await runBuiltCli(
          ["import", file, "--symbol", "SPY", "--interval", "1m", "--store", "s.db"],
          dir,
        );
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toBe(
          `error SCN_ERR_IMPORT: CSV file ${shown} is not a regular file (a device, FIFO or socket)\n`,
        );
      }
      expect(seriesOf(join(dir, "s.db"))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "refuses a config above 4 MiB with its size, before parsing it",
    async () => {
      const big = `# padding\n${"#".repeat(4 * 1024 * 1024)}\nname: big\n`;
      writeFileSync(join(dir, "big.yaml"), big);
      const result = await runBuiltCli(["validate", "big.yaml"], dir);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        `big.yaml: config file is ${Buffer.byteLength(big)} bytes, more than the limit of 4194304`,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "streams a CSV larger than one read (4 MiB) and one write batch (100,000 bars) into the store, every bar intact",
    async () => {
      const calendar = new ExchangeCalendar();
      const lines = ["timestamp,open,high,low,close,volume"];
      let volumeSum = 0;
      let date = "2013-10-07";
      while (lines.length <= 120_000) {
        const session = calendar.requireSession(date);
        for (let time = session.preMarketAt; time < session.postMarketAt; time += 60_000) {
          const volume = lines.length;
          volumeSum += volume;
          lines.push(`${time},100.25,101.5,99.75,100.5,${volume}`); // about 48 bytes a row
        }
        date = calendar.nextTradingDay(date);
      }
      const text = `${lines.join("\n")}\n`;
      expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
      writeFileSync(join(dir, "BIG-1m.csv"), text);
      const result = await runBuiltCli(["import", "BIG-1m.csv", "--store", "big.db"], dir);
      expect(result.exitCode).toBe(0);
      const rows = lines.length - 1;
      expect(result.stdout).toBe(
        `BIG-1m.csv: BIG 1m, ${rows} rows: ${rows} inserted, 0 unchanged, 0 replaced, 0 skipped\n`,
      );
      const store = BarStore.open(join(dir, "big.db"), { readOnly: true });
      try {
        const bars = store.readBars("BIG", "1m", Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
        expect(bars.length).toBe(rows);
        expect(bars.volume.reduce((sum, volume) => sum + volume, 0)).toBe(volumeSum);
        expect(bars.time[rows - 1]).toBe(Number(lines[rows].split(",")[0]));
      } finally {
        store.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    "quotes at most a line's worth of a huge field, and refuses a line longer than 16 MiB with the reason",
    async () => {
      const field = "9".repeat(500_000);
      writeFileSync(
        join(dir, "WIDE-1m.csv"),
        `timestamp,open,high,low,close,volume\n2013-10-07T09:30:00-04:00,10,11,9,10.5,100\nx${field},10,11,9,10.5,100\n`,
      );
      const wide = await runBuiltCli(["import", "WIDE-1m.csv", "--store", "w.db"], dir);
      expect(wide.exitCode).toBe(2);
      const quoted = `"x${"9".repeat(79)}"… (500001 characters)`;
      expect(wide.stderr).toBe(
        `error SCN_ERR_IMPORT: WIDE-1m.csv: 1 bad row(s) of 2, nothing imported (first: line 3: timestamp ${quoted} is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)); fix them or import the good rows with --skip-bad\n` +
          `  line 3: timestamp ${quoted} is not an ISO-8601 date-time or epoch time (expected e.g. "2013-10-07T09:30:00-04:00", "2013-10-07 09:30" or 1381152600)\n`,
      );

      writeFileSync(
        join(dir, "LONG-1m.csv"),
        `timestamp,open,high,low,close,volume\n${"x".repeat(17 * 1024 * 1024)}`,
      );
      const long = await runBuiltCli(["import", "LONG-1m.csv", "--store", "w.db"], dir);
      expect(long.exitCode).toBe(2);
      expect(long.stderr).toBe(
        "error SCN_ERR_IMPORT: LONG-1m.csv:2: line 2 is longer than 16777216 characters; not a CSV of bars\n",
      );
      expect(seriesOf(join(dir, "w.db"))).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
