// The scan journal on PostgreSQL beyond the shared contract: its versioned migration (applied once,
// a newer schema refused, a read-only open of a database without a journal refused), a password
// never shown, and the daemon lock held across processes by a server-side advisory lock that goes
// with its holder when that process dies.

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { acquireDaemonLock } from "../../../src/runtime/daemon-lock.js";
import { PG_JOURNAL_MIGRATIONS } from "../../../src/scanners/journal-sql/pg-journal-schema.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { createTestDatabase, probePostgres, sqlOn, type TestDatabase } from "../../helpers/postgres.js";
import { thrown } from "../../helpers/thrown.js";

const server = await probePostgres();
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const HOLDER = fileURLToPath(new URL("./lock-holder-child.ts", import.meta.url));

describe.runIf(server)("the scan journal on PostgreSQL", () => {
  let database: TestDatabase;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
  }, 60_000);
  afterEach(async () => {
    child?.kill("SIGKILL");
    child = undefined;
    await database.drop();
  }, 60_000);

  it("migrates a new database once, refuses a newer schema and a read-only open of a database without a journal", async () => {
    expect(thrown(() => ScanJournal.open(database.url, { readOnly: true }))).toMatchObject({
      message: expect.stringContaining("holds no scanwright schema"),
    });
    ScanJournal.open(database.url).close();
    ScanJournal.open(database.url).close();
    expect(await sqlOn(database.url, "SELECT component, version FROM scanwright_schema")).toEqual([
      { component: "journal", version: PG_JOURNAL_MIGRATIONS.length },
    ]);
    await sqlOn(database.url, "UPDATE scanwright_schema SET version = 99 WHERE component = 'journal'");
    const newer = thrown(() => ScanJournal.open(database.url));
    expect(newer).toBeInstanceOf(StoreError);
    expect((newer as Error).message).toBe(
      `Scan journal ${database.url} has schema version 99; this scanwright knows up to version ${PG_JOURNAL_MIGRATIONS.length}: upgrade scanwright`,
    );
  });

  it("never shows the URL's password", () => {
    const secret = "s3cret-pw";
    const withPassword = database.url.replace("@", `:${secret}@`);
    const journal = ScanJournal.open(withPassword);
    try {
      expect(journal.path).toBe(database.url.replace("@", ":***@"));
      const error = thrown(() => journal.record(42, { scanner: "x" } as never));
      expect(String((error as Error).message)).not.toContain(secret);
    } finally {
      journal.close();
    }
  });

  it("holds the daemon lock across processes, and frees it when the holder is killed", async () => {
    ScanJournal.open(database.url).close();
    const holder = spawn(process.execPath, ["--import", "tsx", HOLDER, database.url, "desk"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = holder;
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.on("data", (data: Buffer) => {
        if (data.toString().includes("held")) resolve();
      });
      holder.on("exit", (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
    });
    const refused = thrown(() => acquireDaemonLock(database.url, "desk"));
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as Error).message).toContain(`is in use by the daemon with pid ${holder.pid} on `);
    // Another session on the same journal is not locked out.
    acquireDaemonLock(database.url, "other").release();

    const exited = new Promise((resolve) => holder.on("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    // The server ends the dead connection's session, and its advisory lock, on its own: wait for it.
    let lock: ReturnType<typeof acquireDaemonLock> | undefined;
    for (const deadline = Date.now() + 60_000; lock === undefined; ) {
      try {
        lock = acquireDaemonLock(database.url, "desk");
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(lock.path).toBe(`advisory lock "scanwright-daemon:desk" on ${database.url}`);
    lock.release();
  }, 120_000);
});
