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
});
