// `scanwright daemon` as a user runs it: a paced replay of a real day through the CLI, every kind of
// bad input (exit 2, one clear line), and the built command stopped with SIGTERM halfway through the
// day and started again: exit 0 both times, and the journal holds every slot of the day once.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { runBuiltCli, type Terminate } from "../helpers/built-cli.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { buildRealStore, type RealStore } from "../helpers/real-session.js";

const PLUGIN = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const LOGGING_PLUGIN = fileURLToPath(new URL("../fixtures/plugins/logging-scan.ts", import.meta.url));
const SLOTS_PER_DAY = 12; // 10:00 … 15:30 every 30m

function writeConfig(
  dir: string,
  file: string,
  mode: "backtest" | "live",
  store: string,
  scanner: { name: string; plugin: string } = { name: "above-vwap", plugin: PLUGIN },
): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    [
      "name: real-day",
      `mode: ${mode}`,
      ...(mode === "backtest" ? ["backtest: { start: 2013-10-07, end: 2013-10-11 }"] : []),
      `store: ${store}`,
      "journal: journal.db",
      "session_data:",
      "  scanners:",
      `    - name: ${scanner.name}`,
      `      plugin: ${scanner.plugin}`,
      "      universe: [SPY, AIG]",
      "      indicators: [{ type: vwap, interval: 1m }]",
      "      regular_session: [{ start: '10:00', end: '15:30', interval: 30m }]",
      "",
    ].join("\n"),
  );
  return path;
}

describe("scanwright daemon", () => {
  let store: RealStore;
  let dir: string;
  let backtestConfig: string;
  beforeAll(() => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-daemon-cli-"));
    backtestConfig = writeConfig(dir, "day.yaml", "backtest", store.path);
    writeConfig(dir, "live.yaml", "live", store.path);
  });
  afterAll(() => {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("replays a backtest config's day live at a speed factor, logs JSON to stderr, and summarizes", async () => {
    const listeners = process.listenerCount("SIGTERM");
    const journal = join(dir, "replay-journal.db");
    const result = await runCaptured(
      [
        "daemon",
        backtestConfig,
        "--replay-from",
        "2013-10-07",
        "--speed",
        "50000",
        "--days",
        "1",
        "--journal",
        journal,
      ],
      commandRegistrars,
      { cwd: dir },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual([
      `Daemon "real-day" completed: run 1, 1 session 2013-10-07, 12 scan slots, 0 missed, journal ${journal}`,
      "scanner     days  scans  errors  timeouts  skipped  hits  symbols  top symbols",
    ]);
    const lines = result.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      level: "info",
      cmd: "daemon",
      session: "real-day",
      run: 1,
      origin: "new",
      timeline: "replay of 2013-10-07 at 50000x",
      at: "2013-10-07T04:00:00-04:00",
      lastDay: "2013-10-07",
      msg: "daemon started",
    });
    expect(typeof lines[0].time).toBe("string");
    const scans = lines.filter((line) => line.msg === "scan");
    expect(scans.map((line) => line.at)).toEqual(
      [
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
        "15:30",
      ].map((time) => `2013-10-07T${time}:00-04:00`),
    );
    expect(lines.at(-1)).toMatchObject({
      msg: "daemon stopped",
      status: "completed",
      days: 1,
      slots: 12,
      missed: 0,
    });
    // The signal handlers are gone with the command.
    expect(process.listenerCount("SIGTERM")).toBe(listeners);
  });

  it("writes only what --log-level lets through", async () => {
    const result = await runCaptured(
      [
        "daemon",
        backtestConfig,
        "--replay-from",
        "2013-10-08",
        "--speed",
        "50000",
        "--days",
        "1",
        "--journal",
        join(dir, "quiet.db"),
        "--log-level",
        "warn",
      ],
      commandRegistrars,
      { cwd: dir },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
  });

  it.each([
    [
      "a backtest config without --replay-from",
      (config: { backtest: string; live: string }) => ["daemon", config.backtest],
      "error SCN_ERR_USAGE: day.yaml is a backtest config: a daemon runs it only as a paced replay, give --replay-from DATE (e.g. --replay-from 2013-10-07)\n",
    ],
    [
      "--speed without --replay-from",
      (config: { backtest: string; live: string }) => ["daemon", config.live, "--speed", "60"],
      "error SCN_ERR_USAGE: --speed paces a replay or a --start-at run: give --replay-from DATE or --start-at TIME with it\n",
    ],
    [
      "--start-at with a backtest config",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.backtest,
        "--start-at",
        "2013-10-07T09:00",
      ],
      "error SCN_ERR_USAGE: --start-at runs a live config's feed: day.yaml is a backtest config\n",
    ],
    [
      "--start-at with --replay-from",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--start-at",
        "2013-10-07T09:00",
        "--replay-from",
        "2013-10-07",
      ],
      "error SCN_ERR_USAGE: --replay-from and --start-at exclude each other: a replay starts at its date\n",
    ],
    [
      "a replay date that is no date",
      (config: { backtest: string; live: string }) => ["daemon", config.live, "--replay-from", "2013-02-30"],
      'error SCN_ERR_USAGE: --replay-from must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, got "2013-02-30"\n',
    ],
    [
      "a replay time that is no time",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--replay-from",
        "2013-10-07T25:00",
      ],
      'error SCN_ERR_USAGE: --replay-from has no such time of day: "2013-10-07T25:00"\n',
    ],
    [
      "a speed of 0",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--replay-from",
        "2013-10-07",
        "--speed",
        "0",
      ],
      'error SCN_ERR_USAGE: --speed must be a number above 0 and at most 1000000, got "0"\n',
    ],
    [
      "--days 0",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--replay-from",
        "2013-10-07",
        "--days",
        "0",
      ],
      'error SCN_ERR_USAGE: --days must be a whole number from 1 to 10000, got "0"\n',
    ],
    [
      "a replay after the stored days",
      (config: { backtest: string; live: string }) => ["daemon", config.live, "--replay-from", "2013-10-14"],
      "error SCN_ERR_USAGE: Nothing to replay from 2013-10-14: the store's 1m bars end on 2013-10-11\n",
    ],
    [
      "--ha without a URL or $SCANWRIGHT_REDIS",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--replay-from",
        "2013-10-07",
        "--ha",
      ],
      "error SCN_ERR_USAGE: --ha needs a Redis URL: --ha redis://host:port, or $SCANWRIGHT_REDIS\n",
    ],
    [
      "--ha with a location that is not a Redis URL",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--replay-from",
        "2013-10-07",
        "--ha",
        "127.0.0.1:6379",
      ],
      "error SCN_ERR_USAGE: --ha must be a redis:// or rediss:// URL (redis://host:port)\n",
    ],
    [
      "--ha-lease-seconds without --ha",
      (config: { backtest: string; live: string }) => [
        "daemon",
        config.live,
        "--replay-from",
        "2013-10-07",
        "--ha-lease-seconds",
        "5",
      ],
      "error SCN_ERR_USAGE: --ha-group and --ha-lease-seconds set up an HA group: give --ha with them\n",
    ],
  ])("refuses %s with exit 2 and one line", async (_what, args, message) => {
    const result = await runCaptured(args({ backtest: "day.yaml", live: "live.yaml" }), commandRegistrars, {
      cwd: dir,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(message);
  });

  it("says in --help that a replay without --speed runs in real time", async () => {
    const result = await runCaptured(["daemon", "--help"], commandRegistrars, { cwd: dir });
    expect(result.exitCode).toBe(0);
    // Commander wraps option descriptions to the terminal's width.
    const text = result.stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "--speed <factor> replay speed, replayed ms per real ms: 1 is real time (the default)",
    );
    expect(text).toContain("A replay without --speed runs in real time (--speed 1).");
  });

  it("refuses an unknown --log-level with exit 2", async () => {
    const result = await runCaptured(
      ["daemon", "live.yaml", "--replay-from", "2013-10-07", "--log-level", "loud"],
      commandRegistrars,
      { cwd: dir },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "error: option '--log-level <level>' argument 'loud' is invalid. Allowed choices are debug, info, warn, error, silent.",
    );
  });

  it("stops on SIGTERM halfway (exit 0) and, started again, journals every slot of the day exactly once", async () => {
    // From 09:50 at 4000x the slots are 0.45 s of real time apart and the day's rest takes 4 s after
    // the 4th: a signal that a loaded machine delivers late still stops the day halfway.
    const args = [
      "daemon",
      "live.yaml",
      "--replay-from",
      "2013-10-07T09:50",
      "--speed",
      "4000",
      "--days",
      "1",
    ];
    let scansSeen = 0;
    const stopped = await runBuiltCli(args, dir, (line, kill) => {
      if (line.includes('"msg":"scan"') && ++scansSeen === 4) kill();
    });
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stdout).toMatch(
      /^Daemon "real-day" interrupted: run 1, 1 session 2013-10-07, \d+ scan slots, 0 missed/,
    );
    expect(stopped.stderr).toContain(
      '"signal":"SIGTERM","msg":"SIGTERM received: stopping after the running scan (again to kill)"',
    );

    const resumed = await runBuiltCli(args, dir);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toMatch(
      /^Daemon "real-day" completed: run 2, continuing run 1, 1 session 2013-10-07, \d+ scan slots, 0 missed/,
    );

    const journal = ScanJournal.open(join(dir, "journal.db"));
    try {
      const runs = journal.runs();
      expect(runs.map((run) => run.status)).toEqual(["interrupted", "completed"]);
      const scans = runs.flatMap((run) =>
        journal.query({ run: run.id, kind: "regular" }).map((row) => `${row.scheduledAt} ${row.status}`),
      );
      const ranFirst = journal.query({ run: runs[0].id, kind: "regular" }).length;
      expect(ranFirst).toBeGreaterThanOrEqual(4);
      expect(ranFirst).toBeLessThan(SLOTS_PER_DAY);
      expect(scans.length).toBe(SLOTS_PER_DAY);
      expect(new Set(scans.map((scan) => scan.split(" ")[0])).size).toBe(SLOTS_PER_DAY);
      expect(scans.every((scan) => scan.endsWith(" ok"))).toBe(true);
    } finally {
      journal.close();
    }
  });

  it("daemon --json prints the day's start, each slot's result with its hits, the day's end, and how it stopped", async () => {
    const journalPath = join(dir, "json-events.db");
    const args = ["daemon", "day.yaml", "--replay-from", "2013-10-07", "--speed", "50000", "--days", "1"];
    const result = await runBuiltCli(
      [...args, "--journal", journalPath, "--json", "--log-level", "warn"],
      dir,
    );
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((event) => event.event)).toEqual([
      "day_start",
      "setup",
      ...Array.from({ length: SLOTS_PER_DAY }, () => "scan"),
      "teardown",
      "day_end",
      "daemon_stopped",
    ]);
    expect(events[0]).toEqual({
      event: "day_start",
      date: "2013-10-07",
      open: "2013-10-07T09:30:00-04:00",
      close: "2013-10-07T16:00:00-04:00",
      symbols: [],
    });
    const journal = ScanJournal.open(journalPath);
    try {
      const rows = journal.query({ run: 1, kind: "regular" });
      const scans = events.filter((event) => event.event === "scan");
      expect(scans.map((event) => ({ at: event.at, status: event.status, symbols: event.symbols }))).toEqual(
        rows.map((row) => ({
          at: new ExchangeCalendar().formatInstant(row.scheduledAt),
          status: "ok",
          symbols: row.symbols,
        })),
      );
      // The hits are there: some slots find symbols above VWAP, others none.
      expect(scans.some((event) => event.symbols.length > 0)).toBe(true);
      expect(scans.some((event) => event.symbols.length === 0)).toBe(true);
    } finally {
      journal.close();
    }
    expect(events.at(-2)).toEqual({
      event: "day_end",
      date: "2013-10-07",
      close: "2013-10-07T16:00:00-04:00",
      slots: SLOTS_PER_DAY,
      released: ["SPY", "AIG"],
    });
    expect(events.at(-1)).toEqual({
      event: "daemon_stopped",
      status: "completed",
      run: 1,
      origin: "new",
      days: ["2013-10-07"],
      slots: SLOTS_PER_DAY,
      missed: 0,
    });
  });

  it("results --follow prints each row as it is journaled, across a daemon stopped and started again, until SIGINT", async () => {
    const journalPath = join(dir, "followed.db");
    ScanJournal.open(journalPath).close(); // the follower reads a journal that exists
    let followed = 0;
    let stopFollower: Terminate | undefined;
    let following = false;
    const follower = runBuiltCli(
      ["results", "--follow", "--journal", journalPath, "--json"],
      dir,
      (line, terminate) => {
        stopFollower = terminate;
        if (line.startsWith("Following ")) following = true;
      },
      {},
      () => {
        followed++;
      },
    );
    expect(await waitUntil(() => following, 60_000)).toBe(true);

    // The first daemon stops (SIGTERM) after its first scan; the second starts at 13:00 (a gap)
    // and journals the slots in between as missed: --json prints them first.
    const day = ["daemon", "live.yaml", "--days", "1", "--journal", journalPath];
    const first = await runBuiltCli(
      [...day, "--replay-from", "2013-10-07T09:50", "--speed", "2000"],
      dir,
      (line, kill) => {
        if (line.includes('"msg":"scan"')) kill();
      },
    );
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^Daemon "real-day" interrupted: run 1, /);
    const second = await runBuiltCli(
      [...day, "--replay-from", "2013-10-07T13:00", "--speed", "50000", "--json", "--log-level", "warn"],
      dir,
    );
    expect(second.exitCode).toBe(0);

    const journal = ScanJournal.open(journalPath);
    const calendar = new ExchangeCalendar();
    try {
      const journaled = [...journal.query({ run: 1 }), ...journal.query({ run: 2 })];
      const missed = journal.query({ run: 2, status: "missed" });
      expect(missed.length).toBeGreaterThan(0);
      expect(calendar.formatInstant(missed.at(-1)!.scheduledAt)).toBe("2013-10-07T12:30:00-04:00");
      const secondEvents = second.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(secondEvents.slice(0, missed.length + 1)).toEqual([
        ...missed.map((row) => ({
          event: "missed",
          scanner: "above-vwap",
          kind: "regular",
          at: calendar.formatInstant(row.scheduledAt),
          status: "missed",
        })),
        expect.objectContaining({ event: "day_start", date: "2013-10-07" }),
      ]);
      expect(secondEvents.at(-1)).toMatchObject({
        event: "daemon_stopped",
        origin: "continued",
        missed: missed.length,
      });

      // The follower has printed (or is about to print, at its next poll) every row of both runs.
      await waitUntil(() => followed >= journaled.length, 60_000);
      stopFollower?.("SIGINT");
      const result = await follower;
      expect(result.exitCode).toBe(0);
      const rows = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(
        rows.map((row) => [row.run, row.scheduledAt, row.scanner, row.kind, row.status, row.symbols]),
      ).toEqual(
        journaled.map((row) => [
          row.run,
          calendar.formatInstant(row.scheduledAt),
          row.scanner,
          row.kind,
          row.status,
          row.symbols,
        ]),
      );
    } finally {
      journal.close();
    }
  });

  it("run --log-level info shows the plugins' context.log lines on stderr, stamped with the simulated time", async () => {
    writeConfig(dir, "logging.yaml", "backtest", store.path, {
      name: "logging-scan",
      plugin: LOGGING_PLUGIN,
    });
    const result = await runBuiltCli(
      ["run", "logging.yaml", "--journal", join(dir, "logging.db"), "--json", "--log-level", "info"],
      dir,
    );
    expect(result.exitCode).toBe(0);
    const scans = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((event) => event.event === "scan");
    expect(scans.length).toBe(5 * SLOTS_PER_DAY);
    const logged = result.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === "scanned");
    // One line per scan, at the slot's simulated instant, with what the scan found.
    expect(logged.map((line) => ({ time: line.time, hits: line.hits }))).toEqual(
      scans.map((event) => ({ time: new Date(event.at).toISOString(), hits: event.symbols })),
    );
    expect(logged[0]).toMatchObject({
      level: "info",
      cmd: "run",
      session: "real-day",
      scanner: "logging-scan",
      checked: 2,
    });
    // setup's debug line is below the level.
    expect(result.stderr).not.toContain("setting up");

    const quiet = await runBuiltCli(["run", "logging.yaml", "--journal", join(dir, "logging-quiet.db")], dir);
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe("");
  });

  it("results --follow in plain text: a run line before each new run's rows, the filters applied, the rows before it left out", async () => {
    const journalPath = join(dir, "followed-plain.db");
    const journal = ScanJournal.open(journalPath);
    const slot = (time: string, status: "ok" | "error", symbols: string[], error?: string) => {
      const at = Date.parse(`2013-10-07T${time}:00-04:00`);
      return {
        scanner: "gaps",
        kind: "regular" as const,
        sessionDate: "2013-10-07",
        scheduledAt: at,
        startedAt: at,
        durationMs: 1,
        status,
        ...(error ? { error } : {}),
        universeSize: 2,
        symbols,
        metadata: {},
        promoted: [],
      };
    };
    try {
      const first = journal.startRun({ name: "watched", mode: "live", configHash: "h", startedAt: 0 });
      journal.record(first, slot("10:00", "ok", ["SPY"])); // before the follower: not shown
      journal.flush();
      let lines = 0;
      let following = false;
      let stop: Terminate | undefined;
      const follower = runBuiltCli(
        ["results", "--follow", "--journal", journalPath, "--status", "ok"],
        dir,
        (line, terminate) => {
          stop = terminate;
          if (line.startsWith("Following ")) following = true;
        },
        {},
        () => {
          lines++;
        },
      );
      expect(await waitUntil(() => following, 60_000)).toBe(true);
      journal.record(first, slot("10:30", "ok", ["SPY", "AIG"]));
      journal.record(first, slot("11:00", "error", [], "boom")); // filtered out
      journal.flush();
      const second = journal.startRun({ name: "watched", mode: "live", configHash: "h", startedAt: 1 });
      journal.record(second, slot("11:30", "ok", []));
      journal.flush();
      await waitUntil(() => lines >= 4, 60_000);
      stop?.("SIGINT");
      const result = await follower;
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(
        [
          'Run 1 "watched" (live), times in America/New_York (XNYS):',
          "2013-10-07  10:30  gaps  regular  ok  SPY AIG",
          'Run 2 "watched" (live), times in America/New_York (XNYS):',
          "2013-10-07  11:30  gaps  regular  ok  -",
          "",
        ].join("\n"),
      );
      expect(result.stderr).toBe(
        `Following ${journalPath}: each new row as it is journaled (Ctrl-C to stop)\n`,
      );
    } finally {
      journal.close();
    }
  });

  it("results --follow refuses --run, --runs and --limit, and a journal that does not exist, with exit 2", async () => {
    const refused = await runCaptured(
      ["results", "--follow", "--run", "1", "--limit", "3"],
      commandRegistrars,
      {
        cwd: dir,
      },
    );
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe(
      "error SCN_ERR_USAGE: --follow prints the rows of any run as they are journaled and takes no --run, --limit\n",
    );
    const missing = await runCaptured(["results", "--follow", "--journal", "nowhere.db"], commandRegistrars, {
      cwd: dir,
    });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(
      /^error SCN_ERR_USAGE: No scan journal at ".*nowhere\.db" \(from --journal\)/,
    );
  });
});

/** Polls `done` every 50 ms until it holds or `ms` have passed; answers whether it holds. */
async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return done();
}
