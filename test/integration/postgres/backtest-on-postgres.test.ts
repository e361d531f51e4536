// A backtest reading its bars from PostgreSQL journals exactly what the same backtest journals
// reading them from SQLite: configs/real-week.yaml over the real week of SPY and AIG, once with the
// config's SQLite store and once with `--store postgres://…` (the store copied there first).

import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../../src/cli/commands/index.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { importCsvFile } from "../../../src/data/csv-import.js";
import { PgBarStore } from "../../../src/data/pg-bar-store.js";
import { copyStore } from "../../../src/data/store-copy.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { runCaptured } from "../../helpers/cli-capture.js";
import { createTestDatabase, probePostgres, type TestDatabase } from "../../helpers/postgres.js";
import { SHARED_DATA_DIR } from "../../helpers/shared-data.js";

const server = await probePostgres();
const REPO = fileURLToPath(new URL("../../../", import.meta.url));

describe.runIf(server)("a backtest over the PostgreSQL store", () => {
  let database: TestDatabase;
  let root: string;
  beforeAll(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
    root = mkdtempSync(join(tmpdir(), "scanwright-pg-backtest-"));
    cpSync(join(REPO, "configs"), join(root, "configs"), { recursive: true });
    symlinkSync(join(REPO, "plugins"), join(root, "plugins"), "dir");
    mkdirSync(join(root, ".scanwright"));
    const sqlite = BarStore.open(join(root, ".scanwright", "real.db"));
    const pg = PgBarStore.open(database.url);
    try {
      for (const file of readdirSync(join(SHARED_DATA_DIR, "minute")).sort()) {
        importCsvFile(sqlite, join(SHARED_DATA_DIR, "minute", file));
      }
      for (const symbol of ["SPY", "AIG"])
        importCsvFile(sqlite, join(SHARED_DATA_DIR, "daily", `${symbol}.csv`));
      copyStore(sqlite, pg);
    } finally {
      pg.close();
      sqlite.close();
    }
  });
  afterAll(async () => {
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it("journals the same rows as over SQLite", async () => {
    const onSqlite = await runCaptured(["run", "configs/real-week.yaml"], commandRegistrars, { cwd: root });
    expect(onSqlite.stderr).toBe("");
    const onPostgres = await runCaptured(
      ["run", "configs/real-week.yaml", "--store", database.url],
      commandRegistrars,
      { cwd: root },
    );
    expect(onPostgres.stderr).toBe("");
    expect(onPostgres.exitCode).toBe(0);

    const journal = ScanJournal.open(join(root, ".scanwright", "real-journal.db"), { readOnly: true });
    try {
      const [first, second] = journal.runs();
      const sqliteRows = journal.exportRun(first.id);
      // momentum 60, volume-spike 390 and breakout-52w 60 regular slots in the week (test/integration/configs.test.ts).
      expect(sqliteRows.filter((row) => row.kind === "regular").length).toBe(510);
      expect(journal.exportRun(second.id)).toEqual(sqliteRows);
    } finally {
      journal.close();
    }
  });

  it("journals into PostgreSQL (--journal URL) the rows the SQLite journal holds; results and evaluate read them there", async () => {
    const sqliteJournal = join(root, ".scanwright", "real-journal.db");
    const onPostgres = await runCaptured(
      ["run", "configs/real-week.yaml", "--store", database.url, "--journal", database.url],
      commandRegistrars,
      { cwd: root },
    );
    expect(onPostgres.stderr).toBe("");
    expect(onPostgres.exitCode).toBe(0);
    expect(onPostgres.stdout).toContain(`run 1 in ${database.url}`);

    const fromFile = ScanJournal.open(sqliteJournal, { readOnly: true });
    const fromServer = ScanJournal.open(database.url, { readOnly: true });
    try {
      expect(fromServer.backend).toBe("postgres");
      const [run] = fromServer.runs();
      const rows = fromServer.exportRun(run.id);
      expect(rows.filter((row) => row.kind === "regular").length).toBe(510);
      expect(rows).toEqual(fromFile.exportRun(fromFile.runs()[0].id));
      expect(fromServer.summary(run.id)).toEqual(fromFile.summary(fromFile.runs()[0].id));
    } finally {
      fromFile.close();
      fromServer.close();
    }

    const results = await runCaptured(
      ["results", "--journal", database.url, "--run", "1"],
      commandRegistrars,
      {
        cwd: root,
      },
    );
    expect(results.exitCode).toBe(0);
    expect(results.stdout).toContain(`Run 1 "real-week" (backtest, completed) in ${database.url}`);
    const evaluated = await runCaptured(
      ["evaluate", "configs/real-week.yaml", "--store", database.url, "--journal", database.url],
      commandRegistrars,
      { cwd: root },
    );
    expect(evaluated.stderr).toBe("");
    expect(evaluated.exitCode).toBe(0);
    expect(evaluated.stdout).toContain(`stored in ${database.url}`);
  }, 300_000);
});
