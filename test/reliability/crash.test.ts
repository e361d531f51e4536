// Crash safety under SIGKILL, with the built CLI as child processes (dist/cli/main.js):
//   - a backtest (`scanwright run --json`) killed at 24 points (after the k-th event it printed, k
//     spread over the whole run): the journal and the bar store open cleanly and pass SQLite's
//     integrity check, the killed run holds whole days only (every row equal to the same row of an
//     uninterrupted run, no day half-written), the store is unchanged, and a fresh run in the same
//     journal completes with rows equal to the reference;
//   - a daemon (`scanwright daemon --replay-from … --speed …`) killed at 22 points (at its start, at
//     the session, after the k-th scan it logged) and started again with the same command: every
//     slot of the day is journaled exactly once across the chain of runs, none is `missed` (a
//     replay restarts 1 ms after where the dead process stopped: nothing passes while no daemon
//     runs; a slot at that very instant, left by a process killed between two scanners' slots of
//     one instant, runs 1 ms late), and every row left by the dead process equals the reference.
// Kills run in parallel batches to keep the file well under a minute.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../src/data/bar-store.js";
import type { ExportedRow } from "../../src/scanners/journal-types.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { BUILT_CLI } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

// A .mjs plugin loads through Node's own import (no tsx compile): each child starts faster.
const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/plain-scan.mjs", import.meta.url));
const BATCH = 4;
/**
 * A replayed day in about 4 s: paced slowly enough that a kill sent after the k-th logged scan lands
 * before the day is over even when a loaded machine delivers it late (the last kill point leaves an
 * hour of replayed time, 360 ms).
 */
const DAEMON_SPEED = "10000";
/**
 * Kill points (of 24) that must land while the run is going. On a loaded machine a kill near the end
 * can come after the child finished (a backtest is not paced at all); those are checked as
 * completed runs, not counted. Two thirds still exercise every part of the run.
 */
const MIN_REAL_KILLS = 16;

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI; `killWhen(stdout lines so far, the stderr line just read)` is asked after each
 * line (and every 20 ms with no stderr line), and the child is SIGKILLed when it answers true.
 */
function runCli(
  args: readonly string[],
  cwd: string,
  killWhen: (out: number, errLine: string | undefined) => boolean = () => false,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [BUILT_CLI, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let outLines = 0;
    let pendingErr = "";
    let killed = false;
    const kill = () => {
      if (!killed) {
        killed = true;
        child.kill("SIGKILL");
      }
    };
    if (killWhen(0, undefined)) kill();
    // Also asked every 20 ms, for conditions no output announces (a plugin that blocks the loop).
    const poll = setInterval(() => {
      if (killWhen(outLines, undefined)) kill();
    }, 20);
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      for (const char of text) {
        if (char !== "\n") continue;
        outLines++;
        if (killWhen(outLines, undefined)) kill();
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      pendingErr += chunk.toString();
      const lines = pendingErr.split("\n");
      pendingErr = lines.pop() ?? "";
      for (const line of lines) if (killWhen(outLines, line)) kill();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `tasks` BATCH at a time. */
async function inBatches<T>(tasks: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += BATCH) {
    results.push(...(await Promise.all(tasks.slice(i, i + BATCH).map((task) => task()))));
  }
  return results;
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return (db.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    db.close();
  }
}

function storeSnapshot(path: string) {
  const store = BarStore.open(path);
  try {
    return store.listSeries();
  } finally {
    store.close();
  }
}

const key = (row: ExportedRow) => `${row.scanner} ${row.kind} ${row.scheduledAt}`;
const SCAN_KINDS = new Set(["pre_session", "regular", "cron"]);

let demo: DemoStore;
let dir: string;
let storeBefore: ReturnType<typeof storeSnapshot>;

beforeAll(() => {
  demo = buildDemoStore({ symbols: 4, days: 4, historyDays: 30 });
  dir = mkdtempSync(join(tmpdir(), "scanwright-crash-"));
  storeBefore = storeSnapshot(demo.path);
});
afterAll(() => {
  demo?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeConfig(file: string, start: string, end: string): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    [
      "name: crash",
      `backtest: { start: ${start}, end: ${end} }`,
      `store: ${demo.path}`,
      "session_data:",
      "  scanners:",
      "    - name: fast",
      `      plugin: ${PLUGIN}`,
      `      universe: [${demo.symbols.join(", ")}]`,
      "      indicators: [{ type: vwap, interval: 1m }]",
      "      regular_session: [{ start: '09:35', end: close, interval: 5m }]",
      "    - name: slow",
      `      plugin: ${PLUGIN}`,
      `      universe: [${demo.symbols.slice(0, 2).join(", ")}]`,
      "      indicators: [{ type: vwap, interval: 1m }]",
      "      pre_session: true",
      "      regular_session: [{ start: '10:00', end: '15:00', interval: 30m }]",
      "",
    ].join("\n"),
  );
  return path;
}

function exportOnly(journalPath: string) {
  const journal = ScanJournal.open(journalPath);
  try {
    return journal.runs().map((info) => ({ info, rows: journal.exportRun(info.id) }));
  } finally {
    journal.close();
  }
}

describe("a backtest killed with SIGKILL", () => {
  const KILL_POINTS = 24;
  let config: string;
  let reference: ExportedRow[];
  let events: number;
  beforeAll(async () => {
    config = writeConfig("backtest.yaml", "2024-12-26", "2024-12-31");
    const journal = join(dir, "reference.db");
    const done = await runCli(["run", config, "--json", "--journal", journal], dir);
    expect(done.code).toBe(0);
    events = done.stdout.trim().split("\n").length;
    [{ rows: reference }] = exportOnly(journal);
  });

  it(`leaves whole days only, a clean journal and store, and a fresh run completes (${KILL_POINTS} kill points)`, async () => {
    const results = await inBatches(
      Array.from({ length: KILL_POINTS }, (_, k) => async () => {
        const journal = join(dir, `backtest-kill-${k}.db`);
        // Kill after the n-th event: from before the first one to 85% of the run.
        const after = Math.floor((k * events * 0.85) / (KILL_POINTS - 1));
        const killed = await runCli(
          ["run", config, "--json", "--journal", journal],
          dir,
          (out) => out >= after,
        );
        const state = exportOnly(journal);
        const integrityAfterKill = integrity(journal);
        const again = await runCli(["run", config, "--journal", journal], dir);
        return { k, after, killed, state, integrityAfterKill, again, final: exportOnly(journal) };
      }),
    );
    const byDate = new Map<string, ExportedRow[]>();
    for (const row of reference) byDate.set(row.sessionDate, [...(byDate.get(row.sessionDate) ?? []), row]);
    let realKills = 0;
    for (const { k, killed, state, integrityAfterKill, again, final } of results) {
      const label = `kill point ${k}`;
      expect({ label, integrityAfterKill }).toEqual({ label, integrityAfterKill: "ok" });
      // A kill that came in while the run was going (not after it finished, on the way out).
      if (killed.signal === "SIGKILL" && (state.length === 0 || state[0].info.status === "running"))
        realKills++;
      // The journal may not exist yet (killed while loading the plugin), or hold the killed run.
      expect(state.length).toBeLessThanOrEqual(1);
      if (state.length === 1) {
        const [{ info, rows }] = state;
        // A run that ended before the kill (or was not killed) is complete; one killed with rows
        // missing is still `running`; one killed after its last row but before it was marked
        // complete is `running` too (the restart below completes it), or complete if the mark
        // came first.
        const statuses =
          killed.signal !== "SIGKILL"
            ? ["completed"]
            : rows.length < reference.length
              ? ["running"]
              : ["running", "completed"];
        expect({ label, status: info.status, allowed: statuses.includes(info.status) }).toEqual({
          label,
          status: info.status,
          allowed: true,
        });
        const dates = [...new Set(rows.map((row) => row.sessionDate))];
        // Whole days only, each row equal to the uninterrupted run's.
        expect({ label, rows }).toEqual({ label, rows: dates.flatMap((date) => byDate.get(date) ?? []) });
      }
      expect({ label, code: again.code, stderr: again.stderr }).toEqual({ label, code: 0, stderr: "" });
      const last = final.at(-1)!;
      expect(last.info.status).toBe("completed");
      expect(last.rows).toEqual(reference);
    }
    expect(realKills).toBeGreaterThanOrEqual(MIN_REAL_KILLS);
    console.info(`backtest: ${realKills} kills survived`);
    expect(integrity(demo.path)).toBe("ok");
    expect(storeSnapshot(demo.path)).toEqual(storeBefore);
  });
});

describe("a daemon killed with SIGKILL and started again", () => {
  const DATE = "2024-12-30";
  const KILL_POINTS = 24;
  let config: string;
  let reference: ExportedRow[];
  let scans: number;
  const daemonArgs = (journal: string) => [
    "daemon",
    config,
    "--replay-from",
    DATE,
    "--speed",
    DAEMON_SPEED,
    "--days",
    "1",
    "--journal",
    journal,
  ];
  beforeAll(async () => {
    config = writeConfig("daemon.yaml", DATE, DATE);
    const journal = join(dir, "daemon-reference.db");
    const done = await runCli(daemonArgs(journal), dir);
    expect(done.code).toBe(0);
    [{ rows: reference }] = exportOnly(journal);
    scans = reference.filter((row) => SCAN_KINDS.has(row.kind)).length;
  });

  it(`runs every slot of the day exactly once across the restart, none missed (${KILL_POINTS} kill points)`, async () => {
    const results = await inBatches(
      Array.from({ length: KILL_POINTS }, (_, k) => async () => {
        const journal = join(dir, `daemon-kill-${k}.db`);
        // k = 0: at "daemon started"; k = 1: at "session"; then after the n-th logged scan.
        const afterScans = k < 2 ? 0 : Math.floor(((k - 1) * scans * 0.85) / (KILL_POINTS - 2));
        let seen = 0;
        const killed = await runCli(daemonArgs(journal), dir, (_out, line) => {
          if (line === undefined) return false;
          if (k === 0) return line.includes('"msg":"daemon started"');
          if (k === 1) return line.includes('"msg":"session"');
          if (line.includes('"msg":"scan"')) seen++;
          return seen >= afterScans;
        });
        const atKill = exportOnly(journal);
        const rowsAtKill = atKill.flatMap((run) => run.rows);
        const statusAtKill = atKill.map((run) => run.info.status);
        const integrityAfterKill = integrity(journal);
        const again = await runCli(daemonArgs(journal), dir);
        return { k, killed, rowsAtKill, statusAtKill, integrityAfterKill, again, runs: exportOnly(journal) };
      }),
    );
    const referenceScans = reference.filter((row) => SCAN_KINDS.has(row.kind));
    const referenceByKey = new Map(reference.map((row) => [key(row), row]));
    let realKills = 0;
    let lateSlots = 0;
    for (const { k, killed, rowsAtKill, statusAtKill, integrityAfterKill, again, runs } of results) {
      const label = `kill point ${k}`;
      expect({ label, integrityAfterKill }).toEqual({ label, integrityAfterKill: "ok" });
      if (statusAtKill[0] === "completed") {
        // On a loaded machine the kill can come after the day was done: a completed run is never
        // continued, so the second start replays the day into a new run. Not counted as a kill.
        expect(runs.map((run) => run.info.status)).toEqual(["completed", "completed"]);
        expect(runs[1].rows.filter((row) => SCAN_KINDS.has(row.kind))).toEqual(referenceScans);
        continue;
      }
      expect(killed.signal).toBe("SIGKILL");
      realKills++;
      // What the dead process left: scan rows equal to the reference rows of their slots.
      for (const row of rowsAtKill.filter((r) => SCAN_KINDS.has(r.kind))) {
        expect({ label, row }).toEqual({ label, row: referenceByKey.get(key(row)) });
      }
      expect({ label, code: again.code }).toEqual({ label, code: 0 });
      expect(again.stdout.split("\n")[0]).toMatch(/^Daemon "crash" completed: run 1, .* 0 missed, journal /);
      // The dead run was left `running` and resumed: one run holds the whole day.
      expect(runs.map((run) => run.info.status)).toEqual(["completed"]);
      const rows = runs[0].rows;
      const scanRows = rows.filter((row) => SCAN_KINDS.has(row.kind));
      // A slot at the very instant the dead process stopped at runs 1 ms late; otherwise equal rows.
      for (const row of scanRows) expect([0, 1]).toContain((row.startedAt ?? 0) - row.scheduledAt);
      lateSlots += scanRows.filter((row) => row.startedAt !== row.scheduledAt).length;
      const onTime = scanRows.map((row) => ({ ...row, startedAt: row.scheduledAt }));
      expect({ label, scanRows: onTime }).toEqual({ label, scanRows: referenceScans });
      expect(rows.filter((row) => row.status === "missed")).toEqual([]);
      // The restarted process set every scanner up again and tore it down once after that.
      const restartSetup = Math.max(
        ...rows.filter((row) => row.kind === "setup").map((row) => row.scheduledAt),
      );
      for (const scanner of ["fast", "slow"]) {
        const teardowns = rows.filter(
          (row) => row.scanner === scanner && row.kind === "teardown" && row.scheduledAt >= restartSetup,
        );
        expect({ label, scanner, teardowns: teardowns.length }).toEqual({ label, scanner, teardowns: 1 });
      }
    }
    expect(realKills).toBeGreaterThanOrEqual(MIN_REAL_KILLS);
    expect(storeSnapshot(demo.path)).toEqual(storeBefore);
    console.info(`daemon: ${realKills} kills survived, ${lateSlots} slot(s) run 1 ms late after a restart`);
  });
});

describe("a daemon killed between two scanners' slots of one instant", () => {
  it("runs the second scanner's slot after the restart (1 ms late), not `missed`", async () => {
    const DATE = "2024-12-30";
    const SPIN = fileURLToPath(new URL("../fixtures/plugins/faulty/spin-once.mjs", import.meta.url));
    const marker = join(dir, "spin.marker");
    const config = join(dir, "spin.yaml");
    writeFileSync(
      config,
      [
        "name: spin",
        `backtest: { start: ${DATE}, end: ${DATE} }`,
        `store: ${demo.path}`,
        "session_data:",
        "  scanners:",
        "    - name: first",
        `      plugin: ${PLUGIN}`,
        `      universe: [${demo.symbols[0]}]`,
        "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
        "    - name: second",
        `      plugin: ${SPIN}`,
        `      universe: [${demo.symbols[1]}]`,
        "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
        `      config: { spin_at: "10:30", marker: ${JSON.stringify(marker)} }`,
        "",
      ].join("\n"),
    );
    const journal = join(dir, "spin.db");
    const args = [
      "daemon",
      config,
      "--replay-from",
      DATE,
      "--speed",
      "40000",
      "--days",
      "1",
      "--journal",
      journal,
    ];
    // The second scanner spins at 10:30, after the first one's 10:30 row was flushed: kill it there.
    const killed = await runCli(args, dir, () => existsSync(marker));
    expect(killed.signal).toBe("SIGKILL");
    const at = (time: string) => Date.parse(`${DATE}T${time}:00-05:00`);
    const before = exportOnly(journal)[0].rows.filter((row) => row.kind === "regular");
    expect(before.map((row) => [row.scanner, row.scheduledAt])).toEqual([
      ["first", at("10:00")],
      ["second", at("10:00")],
      ["first", at("10:30")],
    ]);
    const again = await runCli(args, dir);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toMatch(/^Daemon "spin" completed: run 1, resumed, .* 0 missed, /);
    const rows = exportOnly(journal)[0].rows.filter((row) => row.kind === "regular");
    expect(rows.map((row) => [row.scanner, row.scheduledAt, row.startedAt, row.status])).toEqual([
      ["first", at("10:00"), at("10:00"), "ok"],
      ["second", at("10:00"), at("10:00"), "ok"],
      ["first", at("10:30"), at("10:30"), "ok"],
      ["second", at("10:30"), at("10:30") + 1, "ok"],
      ["first", at("11:00"), at("11:00"), "ok"],
      ["second", at("11:00"), at("11:00"), "ok"],
    ]);
  });
});
