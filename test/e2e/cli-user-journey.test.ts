// The built CLI as a user runs it, start to finish, in a fresh folder: `demo` writes a 20-symbol
// demo market, a config of our own uses a plugin of the repository's plugins/ over the demo
// universe, `validate` says ok, `run` backtests it, `results --json` holds exactly the slots
// `schedule --json` lists plus a setup and a teardown per day, and `daemon` replays the same days
// at a high speed factor: stopped with SIGTERM halfway and started again, it exits 0 both times
// and the journal holds every slot exactly once across the two runs, with the backtest's hits.
// Each command is `node dist/cli/main.js` in a child process (`npm test` builds before vitest).
// The steps are one journey: they run in order and share the folder (and `schedule`'s slots).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { BUILT_CLI, type CliOutput, runBuiltCli } from "../helpers/built-cli.js";

const PLUGIN = fileURLToPath(new URL("../../plugins/volume-spike.ts", import.meta.url));
const DAYS = ["2024-12-27", "2024-12-30", "2024-12-31"];
const SLOTS = 33; // 10:00 … 15:00 every 30m: 11 a day
/**
 * The daemon is stopped once it has logged this many scans: at the second day's first slot, so a
 * signal that a loaded machine delivers late still stops it that day (10 more slots and the close,
 * 2 s of real time at the speed below).
 */
const STOP_AFTER_SCANS = 12;
/** Replayed ms per real ms: a trading day from pre-market to close in about 4 s. */
const DAEMON_SPEED = "10000";

/** Runs the built CLI to the end. */
function cli(cwd: string, ...args: string[]): CliOutput {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000, // generous: a loaded machine runs a command several times slower
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (text: string): Array<Record<string, unknown>> =>
  text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("a user's journey through the built CLI", () => {
  let dir: string;
  let store: string;
  let journalPath: string;
  /** `schedule --json`'s slots: `2024-12-27T10:00:00-05:00`, … */
  let scheduled: string[];

  beforeAll(() => {
    if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
    dir = realpathSync(mkdtempSync(join(tmpdir(), "scanwright-journey-")));
    store = join(dir, ".scanwright", "bars.db");
    journalPath = join(dir, ".scanwright", "journal.db");
    mkdirSync(join(dir, "configs"));
    writeFileSync(
      join(dir, "configs", "x.yaml"),
      [
        "name: journey",
        "mode: backtest",
        `backtest: { start: ${DAYS[0]}, end: ${DAYS[2]} }`,
        "store: ../.scanwright/bars.db",
        "journal: ../.scanwright/journal.db",
        "session_data:",
        "  scanners:",
        "    - name: spikes",
        `      plugin: ${PLUGIN}`,
        "      universe: ../.scanwright/demo-universe.txt",
        "      indicators: [{ type: rel_volume, period: 20, interval: 5m }]",
        "      regular_session: [{ start: '10:00', end: '15:00', interval: 30m }]",
        "",
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("demo writes the market and the universe file", () => {
    const demo = cli(dir, "demo", "--symbols", "20", "--days", "3", "--store", store);
    expect(demo).toEqual({
      exitCode: 0,
      stdout: [
        "Demo market (seed 7): 20 symbols, 1m bars on 3 trading days 2024-12-27 → 2024-12-31, daily history from 2023-12-14.",
        `Wrote 23,400 1m and 5,260 1d bars to ${store}; universe file ${join(dir, ".scanwright", "demo-universe.txt")}.`,
        `Store ${store}, trading dates of XNYS (America/New_York):`,
        "  1d       20 symbols        5,260 bars  2023-12-14 → 2024-12-31",
        "  1m       20 symbols       23,400 bars  2024-12-27 → 2024-12-31",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("validate says the config is ok", () => {
    expect(cli(dir, "validate", "configs/x.yaml")).toEqual({
      exitCode: 0,
      stdout: "configs/x.yaml: ok (1 scanner, 20 symbols)\n",
      stderr: "",
    });
  });

  it("schedule lists the slots of the window", () => {
    const schedule = cli(dir, "schedule", "configs/x.yaml", "--from", DAYS[0], "--to", DAYS[2], "--json");
    expect(schedule.exitCode).toBe(0);
    const slots = jsonLines(schedule.stdout);
    expect(new Set(slots.map((slot) => `${slot.scanner} ${slot.kind}`))).toEqual(new Set(["spikes regular"]));
    scheduled = slots.map((slot) => String(slot.at));
    const times = [
      "10:00",
      "10:30",
      "11:00",
      "11:30",
      "12:00",
      "12:30",
      "13:00",
      "13:30",
      "14:00",
      "14:30",
      "15:00",
    ];
    expect(scheduled).toEqual(DAYS.flatMap((day) => times.map((time) => `${day}T${time}:00-05:00`)));
  });

  it("run backtests the window and prints the summary", () => {
    const run = cli(dir, "run", "configs/x.yaml");
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      `Backtest "journey": 3 trading days 2024-12-27 → 2024-12-31, ${SLOTS} scan slots, run 1 in ${journalPath}`,
      "scanner  days  scans  errors  timeouts  skipped  hits  symbols  top symbols",
      "spikes      3     33       0         0        0     1        1  GOBI×1",
    ]);
    // The edge at the close (figures checked in test/e2e/evaluate-real-week.test.ts): one hit, no interval.
    expect(lines[3]).toMatch(/^Edge at close \(entry next_open: /);
    expect(lines[4]).toMatch(/^scanner +hits +null +mean +baseline +edge +95 % CI$/);
    expect(lines[5]).toMatch(/^spikes +1 +0 +[+-]\d+\.\d{3} +[+-]?\d+\.\d{3} +[+-]?\d+\.\d{3} +-$/);
    expect(lines.slice(6)).toEqual([""]);
  });

  it("results --json holds exactly the scheduled slots plus a setup and a teardown a day", () => {
    const results = cli(dir, "results", "--config", "configs/x.yaml", "--json");
    expect(results.exitCode).toBe(0);
    expect(results.stderr).toBe("");
    const rows = jsonLines(results.stdout);
    const expected = DAYS.flatMap((day) => {
      const slots = scheduled.filter((at) => at.startsWith(day));
      return [
        `setup ${day}T04:00:00-05:00`,
        ...slots.map((at) => `regular ${at}`),
        `teardown ${slots[slots.length - 1]}`,
      ];
    });
    expect(rows.map((row) => `${row.kind} ${row.scheduledAt}`)).toEqual(expected);
    expect(new Set(rows.map((row) => `${row.run} ${row.scanner} ${row.status}`))).toEqual(
      new Set(["1 spikes ok"]),
    );
    expect(rows.filter((row) => (row.symbols as string[]).length > 0).map((row) => row.symbols)).toEqual([
      ["GOBI"],
    ]);
  });

  it("daemon stopped with SIGTERM halfway and started again journals every slot exactly once", async () => {
    const args = [
      "daemon",
      "configs/x.yaml",
      "--replay-from",
      DAYS[0],
      "--speed",
      DAEMON_SPEED,
      "--days",
      "3",
    ];
    let scansSeen = 0;
    const stopped = await runBuiltCli(args, dir, (line, terminate) => {
      if (line.includes('"msg":"scan"') && ++scansSeen === STOP_AFTER_SCANS) terminate();
    });
    expect(stopped.exitCode).toBe(0);
    const first =
      /^Daemon "journey" interrupted: run 2, 2 sessions 2024-12-27 → 2024-12-30, (\d+) scan slots, 0 missed, journal (.+)\n/.exec(
        stopped.stdout,
      );
    expect(first?.[2]).toBe(journalPath);
    expect(stopped.stderr).toContain(
      '"signal":"SIGTERM","msg":"SIGTERM received: stopping after the running scan (again to kill)"',
    );

    const resumed = await runBuiltCli(args, dir);
    expect(resumed.exitCode).toBe(0);
    const second =
      /^Daemon "journey" completed: run 3, continuing run 2, 2 sessions 2024-12-30 → 2024-12-31, (\d+) scan slots, 0 missed, journal (.+)\n/.exec(
        resumed.stdout,
      );
    expect(second?.[2]).toBe(journalPath);
    const ranFirst = Number(first?.[1]);
    const ranSecond = Number(second?.[1]);
    expect(ranFirst).toBeGreaterThanOrEqual(STOP_AFTER_SCANS);
    expect(ranFirst).toBeLessThan(22); // it stopped before the end of the second day
    expect(ranFirst + ranSecond).toBe(SLOTS);

    const journal = ScanJournal.open(journalPath);
    try {
      const runs = journal.runs();
      expect(runs.map((run) => `${run.id} ${run.mode} ${run.status}`)).toEqual([
        "1 backtest completed",
        "2 live interrupted",
        "3 live completed",
      ]);
      const daemonScans = [2, 3].flatMap((run) => journal.query({ run, kind: "regular" }));
      expect(daemonScans.length).toBe(SLOTS);
      expect(journal.query({ run: 2, kind: "regular" }).length).toBe(ranFirst);
      // Every scheduled slot once, in order, all ok: none run twice, none missed.
      const backtestScans = journal.query({ run: 1, kind: "regular" });
      expect(daemonScans.map((row) => row.scheduledAt)).toEqual(backtestScans.map((row) => row.scheduledAt));
      expect(backtestScans.map((row) => row.scheduledAt)).toEqual(scheduled.map((at) => Date.parse(at)));
      expect(new Set(daemonScans.map((row) => row.status))).toEqual(new Set(["ok"]));
      // The replay saw the same bars at each slot as the backtest: the same hits.
      expect(daemonScans.map((row) => row.symbols)).toEqual(backtestScans.map((row) => row.symbols));
      // Each process set up and tore down each day it traded, once.
      for (const run of [2, 3]) {
        const rows = journal.query({ run });
        const days = [...new Set(rows.map((row) => row.sessionDate))];
        const setups = rows.filter((row) => row.kind === "setup").map((row) => row.sessionDate);
        const teardowns = rows.filter((row) => row.kind === "teardown").map((row) => row.sessionDate);
        expect(setups).toEqual(days);
        expect(teardowns).toEqual(days);
        expect(rows.every((row) => row.status === "ok")).toBe(true);
      }
    } finally {
      journal.close();
    }
  });
});
