// The live run's journal through the built daemon in child processes, as a user runs it: a second
// daemon on the same journal and session is refused while the first runs (instead of running the
// live run's scans again), a lock left by a dead process does not block, and a journal deleted or
// replaced under a running daemon is reported as a failure, never as a completed run.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daemonLockPath } from "../../src/runtime/daemon-lock.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { type CliOutput, runBuiltCli } from "../helpers/built-cli.js";
import { buildRealStore, type RealStore } from "../helpers/real-session.js";

const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const TIMEOUT_MS = 120_000;
const SLOTS_PER_DAY = 12;

describe("the daemon's journal", () => {
  let store: RealStore;
  let dir: string;
  beforeAll(() => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-daemon-journal-"));
  });
  afterAll(() => {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A live config of its own folder, journaling into `journal.db` there; returns the folder. */
  function liveConfig(name: string): string {
    const folder = join(dir, name);
    execFileSync("mkdir", ["-p", folder]);
    writeFileSync(
      join(folder, "live.yaml"),
      [
        "name: real-day",
        "mode: live",
        `store: ${store.path}`,
        "journal: journal.db",
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
    return folder;
  }

  const daemonArgs = (speed: number) => [
    "daemon",
    "live.yaml",
    "--replay-from",
    "2013-10-07",
    "--speed",
    String(speed),
    "--days",
    "1",
  ];

  it(
    "refuses a second daemon on the same journal and session while the first runs; the first goes on",
    async () => {
      const folder = liveConfig("second");
      const lock = daemonLockPath(join(folder, "journal.db"), "real-day");
      let second: Promise<CliOutput> | undefined;
      let secondResult: CliOutput | undefined;
      // Slow enough that the second daemon (which loads the plugin too) starts while the first runs.
      const first = await runBuiltCli(daemonArgs(1_000), folder, (line, terminate) => {
        if (second === undefined && line.includes('"msg":"session"')) {
          second = runBuiltCli(daemonArgs(1_000), folder).then((result) => {
            secondResult = result;
            terminate();
            return result;
          });
        }
      });
      await second;
      expect(secondResult?.exitCode).toBe(1);
      expect(secondResult?.stdout).toBe("");
      expect(secondResult?.stderr).toMatch(
        new RegExp(
          `error SCN_ERR_STORE: Scan journal "${join(folder, "journal.db")}" is in use by the daemon with pid \\d+ on ${hostname()} for session "real-day": one daemon drives a live run at a time \\(lock ${lock.replaceAll(".", "\\.")}\\)\\n$`,
        ),
      );
      expect(first.exitCode).toBe(0);
      expect(first.stdout).toMatch(/^Daemon "real-day" interrupted: run 1, 1 session 2013-10-07/);
      expect(existsSync(lock)).toBe(false);
      const journal = ScanJournal.open(join(folder, "journal.db"), { readOnly: true });
      try {
        // One run only: the refused daemon started none.
        expect(journal.runs().map((run) => run.status)).toEqual(["interrupted"]);
      } finally {
        journal.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    "takes over the lock of a daemon that died, and refuses one held from another host",
    async () => {
      const folder = liveConfig("stale");
      const lock = daemonLockPath(join(folder, "journal.db"), "real-day");
      // A pid that ran and is gone: a child process that has exited.
      const deadPid = Number(
        execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]),
      );
      writeFileSync(
        lock,
        `${JSON.stringify({ pid: deadPid, host: hostname(), started: "1", session: "real-day" })}\n`,
      );
      const result = await runBuiltCli(daemonArgs(50_000), folder);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(
          `^Daemon "real-day" completed: run 1, 1 session 2013-10-07, ${SLOTS_PER_DAY} scan slots, 0 missed`,
        ),
      );
      expect(existsSync(lock)).toBe(false);

      writeFileSync(
        lock,
        `${JSON.stringify({ pid: 4242, host: "elsewhere.example", started: null, session: "real-day" })}\n`,
      );
      const refused = await runBuiltCli(daemonArgs(50_000), folder);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toBe(
        `error SCN_ERR_STORE: Scan journal "${join(folder, "journal.db")}" is in use by the daemon with pid 4242 on elsewhere.example (another host: if it is gone, delete the lock file) for session "real-day": one daemon drives a live run at a time (lock ${lock})\n`,
      );
      expect(existsSync(lock)).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "reports a journal deleted under the running daemon as a failure (exit 1), never as a completed run",
    async () => {
      const folder = liveConfig("deleted");
      const journalPath = join(folder, "journal.db");
      let scans = 0;
      const result = await runBuiltCli(daemonArgs(20_000), folder, (line) => {
        if (line.includes('"msg":"scan"') && ++scans === 2) {
          for (const suffix of ["", "-wal", "-shm"]) {
            if (existsSync(journalPath + suffix)) unlinkSync(journalPath + suffix);
          }
        }
      });
      expect(scans).toBeGreaterThanOrEqual(2);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).not.toContain("completed");
      expect(result.stderr).toContain(
        `error SCN_ERR_STORE: Scan journal "${journalPath}" was deleted while open: rows written since then are not in the file at that path (restore it, or start over with a new journal)\n`,
      );
      expect(readdirSync(folder).filter((name) => name.startsWith("journal.db"))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "reports a journal replaced by another file under the running daemon, and writes nothing into the new file",
    async () => {
      const folder = liveConfig("replaced");
      const journalPath = join(folder, "journal.db");
      const replacement = join(folder, "other.db");
      ScanJournal.open(replacement).close();
      let scans = 0;
      const result = await runBuiltCli(daemonArgs(20_000), folder, (line) => {
        if (line.includes('"msg":"scan"') && ++scans === 2) renameSync(replacement, journalPath);
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).not.toContain("completed");
      expect(result.stderr).toContain(
        `error SCN_ERR_STORE: Scan journal "${journalPath}" was replaced by another file while open: rows written since then are not in the file at that path (restore it, or start over with a new journal)\n`,
      );
      const journal = ScanJournal.open(journalPath, { readOnly: true });
      try {
        expect(journal.runs()).toEqual([]);
      } finally {
        journal.close();
      }
    },
    TIMEOUT_MS,
  );
});
