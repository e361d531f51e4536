// The bar store on SQLite and on PostgreSQL side by side, in one run on one machine: the same
// generated minute CSV (store.ts) imported into a fresh store of each backend, a full range read
// and 1,000 one-day reads; plus the cost of one round trip through the PostgreSQL store's
// connection thread (a trivial statement), which every store call pays once or more; and the scan
// journal on both: JOURNAL_ROWS rows recorded in batches of the default size (1,000 rows per
// flush, each flush one transaction), rows/s from the first record to the last flush.
// The PostgreSQL server is the local one (127.0.0.1:5432, trust auth); the database is created
// with a random name and dropped afterwards.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { BarStorePort } from "../../src/data/bar-store-port.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { openBarStore } from "../../src/data/open-bar-store.js";
import { PgConnection } from "../../src/data/pg/pg-connection.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { type BenchResult, type BenchWorkload, bestOfMs } from "../bench-result.js";
import { BARS_PER_DAY, generateMinuteCsv, ROWS } from "./store.js";

const DAY_MS = 86_400_000;
const DAY_READS = 1_000;
const ROUND_TRIPS = 5_000;
const PG_ADMIN = { host: "127.0.0.1", port: 5432, database: "postgres" };
const JOURNAL_ROWS = 50_000;
const JOURNAL_SCANNERS = 10;
/** 2024-03-04T14:30Z: the journal's rows are minute slots from here, one per scanner each. */
const JOURNAL_OPEN = Date.UTC(2024, 2, 4, 14, 30);

/** Journal rows/s recorded in default batches into a fresh journal at `location`; and the rows it then holds. */
function measureJournal(location: string): { rowsPerSecond: number; rows: number } {
  const journal = ScanJournal.open(location);
  try {
    const run = journal.startRun({ name: "bench", mode: "backtest", configHash: "bench", startedAt: 0 });
    const started = performance.now();
    for (let i = 0; i < JOURNAL_ROWS; i++) {
      const scheduledAt = JOURNAL_OPEN + Math.floor(i / JOURNAL_SCANNERS) * 60_000;
      journal.record(run, {
        scanner: `scanner-${i % JOURNAL_SCANNERS}`,
        kind: "regular",
        sessionDate: new Date(scheduledAt).toISOString().slice(0, 10),
        scheduledAt,
        startedAt: scheduledAt,
        durationMs: 0.5,
        status: "ok",
        error: null,
        universeSize: 500,
        symbols: ["AAPL", "MSFT", "SPY"],
        metadata: { score: i % 97 },
        promoted: [],
      });
    }
    journal.flush();
    const elapsedMs = performance.now() - started;
    const rows = journal.runs()[0]?.rows ?? 0;
    return { rowsPerSecond: Math.round(JOURNAL_ROWS / (elapsedMs / 1000)), rows };
  } finally {
    journal.close();
  }
}

interface BackendFigures {
  readonly importRowsPerSecond: number;
  readonly rangeReadBarsPerSecond: number;
  readonly dayReadBarsPerSecond: number;
  readonly inserted: number;
  readonly readCount: number;
  readonly dayBars: number;
}

function measure(
  open: () => BarStorePort,
  csvPath: string,
  calendar: ExchangeCalendar,
  dayStarts: readonly number[],
): BackendFigures {
  const store = open();
  try {
    const started = performance.now();
    const inserted = importCsvFile(store, csvPath, { days: calendar }).inserted;
    const importMs = performance.now() - started;
    let readCount = 0;
    const fullReadMs = bestOfMs(5, () => {
      readCount = store.readBars("BENCH", "1m", Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).length;
    });
    let dayBars = 0;
    const dayReadsMs = bestOfMs(3, () => {
      dayBars = 0;
      for (let i = 0; i < DAY_READS; i++) {
        const dayStart = dayStarts[(i * 7919) % (dayStarts.length - 1)];
        dayBars += store.readBars("BENCH", "1m", dayStart, dayStart + DAY_MS).length;
      }
    });
    return {
      importRowsPerSecond: Math.round(ROWS / (importMs / 1000)),
      rangeReadBarsPerSecond: Math.round(readCount / (fullReadMs / 1000)),
      dayReadBarsPerSecond: Math.round(dayBars / (dayReadsMs / 1000)),
      inserted,
      readCount,
      dayBars,
    };
  } finally {
    store.close();
  }
}

async function adminUser(): Promise<string> {
  for (const user of ["postgres", "root"]) {
    const client = new pg.Client({ ...PG_ADMIN, user });
    try {
      await client.connect();
      await client.end();
      return user;
    } catch {
      // The other user name may be the one the server knows.
      await client.end().catch(() => undefined);
    }
  }
  throw new Error("store-backends: no PostgreSQL server answers on 127.0.0.1:5432 (user postgres or root)");
}

async function onAdmin(user: string, sql: string): Promise<void> {
  const client = new pg.Client({ ...PG_ADMIN, user });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const storeBackendsWorkload: BenchWorkload = {
  name: "store-backends",
  async run(): Promise<BenchResult> {
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-backends-"));
    const user = await adminUser();
    const database = `scanwright_bench_${randomBytes(6).toString("hex")}`;
    await onAdmin(user, `CREATE DATABASE ${database}`);
    try {
      const url = `postgres://${user}@127.0.0.1:5432/${database}`;
      const calendar = new ExchangeCalendar();
      const generated = generateMinuteCsv(calendar);
      const csvPath = join(folder, "BENCH-1m.csv");
      writeFileSync(csvPath, generated.text);

      const sqlite = measure(
        () => openBarStore(join(folder, "bars.db")),
        csvPath,
        calendar,
        generated.dayStarts,
      );
      const postgres = measure(() => openBarStore(url), csvPath, calendar, generated.dayStarts);

      const connection = PgConnection.open("Bench", url);
      const roundTripMs = bestOfMs(3, () => {
        for (let i = 0; i < ROUND_TRIPS; i++) connection.query("SELECT 1");
      });
      connection.close();

      const sqliteJournal = measureJournal(join(folder, "journal.db"));
      const postgresJournal = measureJournal(url);

      const expectedDayBars = DAY_READS * BARS_PER_DAY;
      return {
        name: "store-backends",
        params: {
          rows: ROWS,
          barsPerDay: BARS_PER_DAY,
          dayReads: DAY_READS,
          roundTrips: ROUND_TRIPS,
          journalRows: JOURNAL_ROWS,
        },
        metrics: {
          sqliteImportRowsPerSecond: sqlite.importRowsPerSecond,
          postgresImportRowsPerSecond: postgres.importRowsPerSecond,
          sqliteRangeReadBarsPerSecond: sqlite.rangeReadBarsPerSecond,
          postgresRangeReadBarsPerSecond: postgres.rangeReadBarsPerSecond,
          sqliteDayReadBarsPerSecond: sqlite.dayReadBarsPerSecond,
          postgresDayReadBarsPerSecond: postgres.dayReadBarsPerSecond,
          postgresRoundTripMicroseconds: Math.round((roundTripMs / ROUND_TRIPS) * 1000),
          sqliteJournalRowsPerSecond: sqliteJournal.rowsPerSecond,
          postgresJournalRowsPerSecond: postgresJournal.rowsPerSecond,
        },
        targets: [
          { metric: "postgresImportRowsPerSecond", kind: "min", value: 300_000 },
          { metric: "postgresRangeReadBarsPerSecond", kind: "min", value: 2_000_000 },
        ],
        checks: {
          "both import every row": sqlite.inserted === ROWS && postgres.inserted === ROWS,
          "both range reads return every bar": sqlite.readCount === ROWS && postgres.readCount === ROWS,
          "both day reads return full days":
            sqlite.dayBars === expectedDayBars && postgres.dayBars === expectedDayBars,
          "both journals hold every row":
            sqliteJournal.rows === JOURNAL_ROWS && postgresJournal.rows === JOURNAL_ROWS,
        },
      };
    } finally {
      await onAdmin(user, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
