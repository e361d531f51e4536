// The built daemon with its journal on PostgreSQL when the connection holding its daemon lock is
// ended (as a server restart ends it) and another session takes the lock at once: the daemon
// notices before its next slot, stops with one coded line and exit 1, and leaves the live run
// `running` for the holder (not finished `failed` under it).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../../helpers/built-cli.js";
import { createTestDatabase, probePostgres, sqlOn, type TestDatabase } from "../../helpers/postgres.js";
import { buildRealStore, type RealStore } from "../../helpers/real-session.js";

const server = await probePostgres();
const PLUGIN = fileURLToPath(new URL("../../fixtures/plugins/above-vwap.ts", import.meta.url));
const SLOTS_PER_DAY = 12;
const LOCK_KEY = "hashtextextended('scanwright-daemon:real-day', 0)";

describe.runIf(server)("the daemon whose PostgreSQL lock connection is lost", () => {
  let database: TestDatabase;
  let store: RealStore;
  let folder: string;
  beforeAll(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
    store = buildRealStore();
    folder = mkdtempSync(join(tmpdir(), "scanwright-lock-lost-"));
    writeFileSync(
      join(folder, "live.yaml"),
      [
        "name: real-day",
        "mode: live",
        `store: ${store.path}`,
        `journal: ${database.url}`,
        "session_data:",
        "  scanners:",
        "    - name: above-vwap",
        `      plugin: ${PLUGIN}`,
        "      universe: [SPY, AIG]",
        "      indicators: [{ type: vwap, interval: 1m }]",
        "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
        "",
      ].join("\n"),
    );
  }, 120_000);
  afterAll(async () => {
    store?.dispose();
    rmSync(folder, { recursive: true, force: true });
    await database?.drop();
  }, 60_000);

  it("stops before its next slot with a coded line, exit 1, the run left running", async () => {
    const taker = new pg.Client({ connectionString: database.url });
    await taker.connect();
    let cut: Promise<unknown> | undefined;
    try {
      let scans = 0;
      const result = await runBuiltCli(
        ["daemon", "live.yaml", "--replay-from", "2013-10-07", "--speed", "2000", "--days", "1"],
        folder,
        (line) => {
          if (!line.includes('"msg":"scan"') || ++scans !== 2) return;
          // The taker queues for the lock first, so it holds it the moment the daemon's session ends.
          cut = Promise.all([
            taker.query(`SELECT pg_advisory_lock(${LOCK_KEY})`),
            endLockSessionOnceQueued(database),
          ]);
        },
      );
      await cut;
      expect(scans).toBeGreaterThanOrEqual(2);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).not.toContain("completed");
      expect(result.stderr).toContain(
        `error SCN_ERR_STORE: Daemon lock (advisory lock "scanwright-daemon:real-day" on ${database.url}): its connection to 127.0.0.1:5432 was lost, and the lock with it; it could not be taken again, so this daemon stops (Scan journal ${database.url} is in use by another daemon for session "real-day": one daemon drives a live run at a time (advisory lock "scanwright-daemon:real-day" on ${database.url}))\n`,
      );
      const runs = await sqlOn<{ status: string; rows: number }>(
        database.url,
        "SELECT status, (SELECT count(*)::int FROM scans WHERE run_id = runs.id) AS rows FROM runs",
      );
      expect(runs.map((run) => run.status)).toEqual(["running"]);
      expect(runs[0].rows).toBeGreaterThanOrEqual(2);
      expect(runs[0].rows).toBeLessThan(SLOTS_PER_DAY);
    } finally {
      await taker.end();
    }
  }, 180_000);
});

/** Waits until the taker waits on the lock, then ends the daemon's lock session. */
async function endLockSessionOnceQueued(database: TestDatabase): Promise<void> {
  for (;;) {
    const waiting = await sqlOn(
      database.url,
      "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    if (waiting.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await sqlOn(
    database.url,
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'scanwright daemon %'",
  );
}
