// Supervision through the built CLI in child processes, as a user runs it: hostile plugins
// (test/fixtures/plugins/faulty/hostile.ts: synchronous loops in every hook, process.exit, faults
// from the plugin's own timers and promises, leaked handles, stdout noise, thrown values that throw
// when inspected; and two modules that never finish loading) next to a healthy scanner, through
// `run` and `daemon`, and signals sent to a daemon whose hook is stuck. For each: the exit code,
// the output (stdout stays JSON lines), and the journal's rows and run status.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STOP_GRACE_MS } from "../../src/cli/supervisor.js";
import { daemonLockPath } from "../../src/runtime/daemon-lock.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { HOSTILE_FAULTS } from "../fixtures/plugins/faulty/hostile.js";
import { type CliOutput, runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const HOSTILE = fileURLToPath(new URL("../fixtures/plugins/faulty/hostile.ts", import.meta.url));
const HEALTHY = fileURLToPath(new URL("../fixtures/plugins/above-vwap.ts", import.meta.url));
const HANG_ON_LOAD = fileURLToPath(new URL("../fixtures/plugins/faulty/hang-on-load.mjs", import.meta.url));
const SPIN_ON_LOAD = fileURLToPath(new URL("../fixtures/plugins/faulty/spin-on-load.mjs", import.meta.url));
const DAYS = ["2024-12-30", "2024-12-31"];
const SLOT_TIMES = ["10:00", "10:30", "11:00"];
/** Faults that need a short limit (the others get a long one a loaded machine cannot reach). */
const SHORT_LIMIT = new Set(["spin-setup", "spin-scan", "spin-teardown", "reject-late", "timer-spin"]);
const TIMEOUT_MS = 240_000;

let demo: DemoStore;
let dir: string;

interface Scanner {
  readonly name: string;
  readonly plugin: string;
  readonly timeoutSeconds: number;
  readonly config?: string;
}

const healthy: Scanner = { name: "healthy", plugin: HEALTHY, timeoutSeconds: 60 };
const hostile = (
  fault: string,
  timeoutSeconds = SHORT_LIMIT.has(fault) ? 0.05 : 60,
  trace = "trace.txt",
): Scanner => ({
  name: fault,
  plugin: HOSTILE,
  timeoutSeconds,
  config: `{ fault: ${fault}, trace: ${JSON.stringify(join(dir, trace))} }`,
});

/** A config `name` over DAYS journaling into `name.journal.db`; returns its path. */
function writeConfig(name: string, scanners: readonly Scanner[]): string {
  const lines = [
    `name: ${name}`,
    `backtest: { start: ${DAYS[0]}, end: ${DAYS[1]} }`,
    `store: ${demo.path}`,
    `journal: ${join(dir, `${name}.journal.db`)}`,
    "session_data:",
    "  scanners:",
  ];
  for (const scanner of scanners) {
    lines.push(
      `    - name: ${scanner.name}`,
      `      plugin: ${scanner.plugin}`,
      `      universe: [${scanner === healthy ? demo.symbols.join(", ") : demo.symbols[1]}]`,
      ...(scanner === healthy ? ["      indicators: [{ type: vwap, interval: 1m }]"] : []),
      "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
      `      timeout_seconds: ${scanner.timeoutSeconds}`,
      "      max_consecutive_failures: 10",
      ...(scanner.config ? [`      config: ${scanner.config}`] : []),
    );
  }
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

interface Journaled {
  readonly runs: Array<{ id: number; status: string }>;
  readonly rows: ReturnType<ScanJournal["exportRun"]>;
}

function readJournal(name: string): Journaled {
  const journal = ScanJournal.open(join(dir, `${name}.journal.db`));
  try {
    const runs = journal.runs().map(({ id, status }) => ({ id, status }));
    return { runs, rows: runs.length === 0 ? [] : journal.exportRun(runs[runs.length - 1].id) };
  } finally {
    journal.close();
  }
}

const at = (date: string, time: string) => Date.parse(`${date}T${time}:00-05:00`);
const rowsOf = (journaled: Journaled, scanner: string) =>
  journaled.rows
    .filter((row) => row.scanner === scanner)
    .map(({ kind, sessionDate, scheduledAt, status, error, metadata }) => ({
      kind,
      sessionDate,
      scheduledAt,
      status,
      error,
      metadata,
    }));
const parseLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const ABANDONED =
  /^did not finish within 50 ms: it blocked its thread \(a synchronous loop\) and was terminated after \d+ ms; the scanner sits out the rest of the day$/;

/** The rows of one hostile scanner on one day. */
function expectedDay(fault: (typeof HOSTILE_FAULTS)[number], date: string) {
  const base = { sessionDate: date, error: null, metadata: {} };
  const rows: unknown[] = [
    {
      ...base,
      kind: "setup",
      scheduledAt: at(date, "04:00"),
      metadata: { universe: 1, dropped: [] },
      ...(fault === "spin-setup"
        ? { status: "timeout", error: expect.stringMatching(ABANDONED) }
        : { status: "ok" }),
    },
  ];
  SLOT_TIMES.forEach((time, index) => {
    const slot = { ...base, kind: "regular", scheduledAt: at(date, time) };
    const disabled = { ...slot, status: "disabled", error: "scanner is disabled for the day" };
    switch (fault) {
      case "spin-setup":
        rows.push(disabled);
        break;
      case "spin-scan":
        rows.push(
          index === 0 ? { ...slot, status: "timeout", error: expect.stringMatching(ABANDONED) } : disabled,
        );
        break;
      case "reject-late":
        rows.push(
          index === 0
            ? { ...slot, status: "timeout", error: "did not finish within 50 ms" }
            : { ...slot, status: "skipped", error: "the previous hook is still running" },
        );
        break;
      case "exit-in-scan":
        rows.push({
          ...slot,
          status: "error",
          error:
            "process.exit(0) was refused: a plugin cannot end the engine (return from the hook, or throw)",
        });
        break;
      case "toxic-throw":
        rows.push({ ...slot, status: "error", error: "a thrown value that throws when inspected (object)" });
        break;
      case "abort-in-scan":
        rows.push({
          ...slot,
          status: "error",
          error:
            "process.abort() was refused: a plugin cannot end the engine (return from the hook, or throw)",
        });
        break;
      case "kill-in-scan":
        rows.push({
          ...slot,
          status: "error",
          error: expect.stringMatching(
            /^process\.kill\(\d+, "SIGKILL"\) of the engine's own process was refused: a plugin cannot end the engine \(return from the hook, or throw\)$/,
          ),
        });
        break;
      case "universe-copy":
        rows.push({
          ...slot,
          status: "ok",
          metadata: { sameArrayAsSetup: false, mutated: "TypeError", size: 1 },
        });
        break;
      default:
        rows.push({ ...slot, status: "ok" });
    }
  });
  rows.push({
    ...base,
    kind: "teardown",
    scheduledAt: at(date, "11:00"),
    ...(fault === "spin-teardown"
      ? { status: "timeout", error: expect.stringMatching(ABANDONED) }
      : { status: "ok" }),
  });
  return rows;
}

beforeAll(() => {
  demo = buildDemoStore({ symbols: 4, days: 3, historyDays: 30 });
  dir = mkdtempSync(join(tmpdir(), "scanwright-supervision-"));
  writeFileSync(join(dir, "trace.txt"), "");
});
afterAll(() => {
  demo?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("scanwright run with hostile plugins", () => {
  let faulty: CliOutput;
  let clean: CliOutput;
  let loads: CliOutput[];
  beforeAll(async () => {
    [clean, faulty, ...loads] = await Promise.all([
      runBuiltCli(["run", writeConfig("clean", [healthy]), "--json"], dir),
      runBuiltCli(
        ["run", writeConfig("hostile", [healthy, ...HOSTILE_FAULTS.map((f) => hostile(f))]), "--json"],
        dir,
      ),
      runBuiltCli(
        [
          "run",
          writeConfig("hang-load", [
            healthy,
            { name: "hang-on-load", plugin: HANG_ON_LOAD, timeoutSeconds: 0.05 },
          ]),
        ],
        dir,
      ),
      runBuiltCli(
        [
          "run",
          writeConfig("spin-load", [
            healthy,
            { name: "spin-on-load", plugin: SPIN_ON_LOAD, timeoutSeconds: 0.05 },
          ]),
        ],
        dir,
      ),
    ]);
  }, TIMEOUT_MS);

  it("exits 0 with a completed run, every hostile scanner's rows exact", () => {
    expect(faulty.exitCode).toBe(0);
    const journaled = readJournal("hostile");
    expect(journaled.runs).toEqual([{ id: 1, status: "completed" }]);
    for (const fault of HOSTILE_FAULTS) {
      expect({ fault, rows: rowsOf(journaled, fault) }).toEqual({
        fault,
        rows: DAYS.flatMap((date) => expectedDay(fault, date)),
      });
    }
  });

  it("leaves the healthy scanner's rows identical to a run without the hostile scanners", () => {
    expect(clean.exitCode).toBe(0);
    const reference = readJournal("clean").rows;
    expect(reference).toHaveLength(DAYS.length * (SLOT_TIMES.length + 2));
    expect(readJournal("hostile").rows.filter((row) => row.scanner === "healthy")).toEqual(reference);
  });

  it("keeps stdout to JSON event lines, printed once each across the restarts; plugin output goes to stderr", () => {
    const events = parseLines(faulty.stdout);
    const hooks = events.filter((event) => ["setup", "scan", "teardown"].includes(event.event as string));
    // One line per journal row: the restarts replayed the days without printing them again.
    const printed = hooks.map((event) => `${event.scanner} ${event.kind} ${event.at}`);
    expect(new Set(printed).size).toBe(printed.length);
    expect(printed.sort()).toEqual(
      readJournal("hostile")
        .rows.map((row) => `${row.scanner} ${row.kind} ${demo.calendar.formatInstant(row.scheduledAt)}`)
        .sort(),
    );
    expect(events.filter((event) => event.event === "day_start")).toHaveLength(2);
    expect(faulty.stdout).not.toContain("noise from");
    expect(faulty.stderr).toContain("noise from console.log\n");
    expect(faulty.stderr).toContain("noise from process.stdout\n");
    for (const hook of ["setup", "regular", "teardown"]) {
      expect(faulty.stderr).toMatch(
        new RegExp(
          `scanwright: scanner "spin-${hook === "regular" ? "scan" : hook}" ${hook} blocked the session for \\d+ ms \\(limit 50 ms\\): terminated, the session restarts without it\\n`,
        ),
      );
    }
  });

  it("reports faults from a plugin's own timers and promises, attributed, without ending the run", () => {
    const faults = parseLines(faulty.stdout).filter((event) => event.event === "plugin_fault");
    const refusedExit =
      "process.exit(3) was refused: a plugin cannot end the engine (return from the hook, or throw)";
    // Each slot's timer fires before the next slot; the last slot's may fire after the output ended.
    for (const [date, time] of [
      [DAYS[0], "10:00"],
      [DAYS[0], "10:30"],
      [DAYS[0], "11:00"],
      [DAYS[1], "10:00"],
      [DAYS[1], "10:30"],
    ]) {
      expect(faults).toContainEqual({
        event: "plugin_fault",
        fault: "uncaught_exception",
        scanner: "timer-throw",
        error: `timer exploded at ${date}T${time}:00-05:00`,
      });
    }
    const counted = (scanner: string, fault: string, error: string) =>
      faults.filter((event) => event.scanner === scanner && event.fault === fault && event.error === error)
        .length;
    expect(counted("stray-reject", "unhandled_rejection", "nobody handles this")).toBeGreaterThanOrEqual(5);
    expect(counted("exit-in-timer", "uncaught_exception", refusedExit)).toBeGreaterThanOrEqual(5);
    const refusedKills = faults.filter(
      (event) =>
        event.scanner === "kill-in-timer" &&
        event.fault === "uncaught_exception" &&
        /^process\.kill\(\d+, "SIGTERM"\) of the engine's own process was refused: a plugin cannot end the engine \(return from the hook, or throw\)$/.test(
          event.error as string,
        ),
    );
    expect(refusedKills.length).toBeGreaterThanOrEqual(5);
    // The last day's teardown timer fires after the run's last event (the command returns in the
    // same turn): reported all the same, once, as the first day's is.
    for (const date of DAYS) {
      expect(
        faults.filter(
          (event) =>
            event.scanner === "teardown-timer-throw" &&
            event.fault === "uncaught_exception" &&
            event.error === `teardown timer exploded on ${date}`,
        ),
      ).toHaveLength(1);
    }
    expect(
      faults.every((event) =>
        ["timer-throw", "stray-reject", "exit-in-timer", "kill-in-timer", "teardown-timer-throw"].includes(
          event.scanner as string,
        ),
      ),
    ).toBe(true);
    expect(faulty.stderr).toContain(
      'warning: an unhandled rejection from scanner "stray-reject" (not fatal): nobody handles this\n',
    );
    expect(faulty.stderr).toContain(
      `warning: an uncaught exception from scanner "exit-in-timer" (not fatal): ${refusedExit}\n`,
    );
  });

  it("cuts a plugin module that never finishes loading, or blocks its thread loading, and runs the others", () => {
    const [hang, spin] = loads;
    const cases = [
      [hang, "hang-load", "hang-on-load", "loading the plugin did not finish within 10000 ms"],
      [
        spin,
        "spin-load",
        "spin-on-load",
        "loading the plugin did not finish within 10000 ms: it blocked its thread and was terminated",
      ],
    ] as const;
    for (const [output, name, scanner, failure] of cases) {
      expect(output.exitCode).toBe(0);
      const journaled = readJournal(name);
      expect(journaled.runs).toEqual([{ id: 1, status: "completed" }]);
      expect(rowsOf(journaled, scanner)).toEqual(
        DAYS.flatMap((date) => [
          {
            kind: "setup",
            sessionDate: date,
            scheduledAt: at(date, "04:00"),
            status: "timeout",
            error: failure,
            metadata: { universe: 1, dropped: [] },
          },
          ...SLOT_TIMES.map((time) => ({
            kind: "regular",
            sessionDate: date,
            scheduledAt: at(date, time),
            status: "disabled",
            error: "scanner is disabled for the day",
            metadata: {},
          })),
          {
            kind: "teardown",
            sessionDate: date,
            scheduledAt: at(date, "11:00"),
            status: "disabled",
            error: "the plugin did not load",
            metadata: {},
          },
        ]),
      );
      expect(readJournal(name).rows.filter((row) => row.scanner === "healthy")).toEqual(
        readJournal("clean").rows,
      );
    }
    expect(hang.stderr).toContain(
      `warning: scanner "hang-on-load" (${HANG_ON_LOAD}): loading the plugin did not finish within 10000 ms; it sits out the run\n`,
    );
    expect(spin.stderr).toMatch(
      /scanwright: scanner "spin-on-load" load blocked the session for \d+ ms \(limit 10000 ms\): terminated, the session restarts without it\n/,
    );
  });
});

describe("scanwright run with a plugin timer stuck between hooks, and a resumed backtest", () => {
  let timerSpin: CliOutput;
  let resumed: CliOutput;
  /** The healthy scanner alone: what its rows are in every run. */
  let reference: Journaled["rows"];
  beforeAll(async () => {
    const alone = runBuiltCli(["run", writeConfig("healthy-alone", [healthy])], dir);
    [timerSpin, resumed] = await Promise.all([
      runBuiltCli(
        [
          "run",
          writeConfig("timer-spin", [healthy, hostile("timer-spin", 0.05, "timer-spin.trace")]),
          "--json",
        ],
        dir,
      ),
      runBuiltCli(
        [
          "run",
          writeConfig("resume", [
            healthy,
            hostile("spin-scan", 0.05, "resume.trace"),
            hostile("console-noise", 60, "resume.trace"),
          ]),
          "--json",
        ],
        dir,
      ),
    ]);
    expect((await alone).exitCode).toBe(0);
    reference = readJournal("healthy-alone").rows;
  }, TIMEOUT_MS);

  it("cuts a plugin's own timer looping synchronously after its hook, put down to the scanner and hook", () => {
    expect(timerSpin.exitCode).toBe(0);
    const journaled = readJournal("timer-spin");
    expect(journaled.runs).toEqual([{ id: 1, status: "completed" }]);
    // The timer the setup started blocked the first scan's wait (the day's rows were still in the
    // journal's batch, lost with the thread): the restarted session journals the setup `timeout`
    // for its timer, the rest of the day disabled, as after a stuck setup.
    expect(rowsOf(journaled, "timer-spin")).toEqual(
      DAYS.flatMap((date) => [
        {
          kind: "setup",
          sessionDate: date,
          scheduledAt: at(date, "04:00"),
          status: "timeout",
          error: expect.stringMatching(
            /^a timer it started blocked its thread \(a synchronous loop\) for \d+ ms \(limit 50 ms\) and was terminated; the scanner sits out the rest of the day$/,
          ),
          metadata: { universe: 1, dropped: [] },
        },
        ...SLOT_TIMES.map((time) => ({
          kind: "regular",
          sessionDate: date,
          scheduledAt: at(date, time),
          status: "disabled",
          error: "scanner is disabled for the day",
          metadata: {},
        })),
        {
          kind: "teardown",
          sessionDate: date,
          scheduledAt: at(date, "11:00"),
          status: "ok",
          error: null,
          metadata: {},
        },
      ]),
    );
    expect(journaled.rows.filter((row) => row.scanner === "healthy")).toEqual(reference);
    const blocked = (date: string) =>
      new RegExp(
        `scanwright: scanner "timer-spin": a timer started by its setup of ${date} blocked the session for \\d+ ms \\(limit 50 ms\\): terminated, the session restarts without it\\n`,
      );
    for (const date of DAYS) expect(timerSpin.stderr).toMatch(blocked(date));
    const faults = parseLines(timerSpin.stdout).filter((event) => event.event === "plugin_fault");
    expect(
      faults.map((event) => ({ ...event, error: String(event.error).replace(/\d+ ms \(/, "N ms (") })),
    ).toEqual(
      DAYS.map((date) => ({
        event: "plugin_fault",
        fault: "blocked_thread",
        scanner: "timer-spin",
        error: `a timer started by its setup of ${date} blocked the session for N ms (limit 50 ms)`,
      })),
    );
    // Each hook's event printed once across the restart.
    const hooks = parseLines(timerSpin.stdout).filter((event) =>
      ["setup", "scan", "teardown"].includes(event.event as string),
    );
    expect(hooks).toHaveLength(journaled.rows.length);
    expect(parseLines(timerSpin.stdout).filter((event) => event.event === "day_start")).toHaveLength(2);
  });

  it("resumes a restarted backtest after its last completed day, and prints each line once", () => {
    expect(resumed.exitCode).toBe(0);
    const journaled = readJournal("resume");
    expect(journaled.runs).toEqual([{ id: 1, status: "completed" }]);
    expect(rowsOf(journaled, "spin-scan")).toEqual(DAYS.flatMap((date) => expectedDay("spin-scan", date)));
    expect(rowsOf(journaled, "console-noise")).toEqual(
      DAYS.flatMap((date) => expectedDay("console-noise", date)),
    );
    expect(journaled.rows.filter((row) => row.scanner === "healthy")).toEqual(reference);
    // Three sessions: the first stuck at day 1 10:00, the second (day 1 replayed) at day 2 10:00,
    // the third replays day 2 only. Within a slot the scanners run in config order, so a session
    // stuck in spin-scan's 10:00 scan had not reached console-noise's.
    const calls = readFileSync(join(dir, "resume.trace"), "utf8")
      .trim()
      .split("\n")
      .filter((line) => line.startsWith("console-noise "));
    const counts: Record<string, number> = {};
    for (const line of calls) counts[line] = (counts[line] ?? 0) + 1;
    expect(counts).toEqual(
      Object.fromEntries(
        DAYS.flatMap((date) => [
          [`console-noise setup ${date}`, 2],
          [`console-noise regular ${date}`, 3],
          [`console-noise teardown ${date}`, 1],
        ]),
      ),
    );
    // The plugin's noise, one line per scan it ran, not repeated by the replays.
    expect(resumed.stderr.split("\n").filter((line) => line === "noise from console.log")).toHaveLength(6);
    const events = parseLines(resumed.stdout);
    const hooks = events.filter((event) => ["setup", "scan", "teardown"].includes(event.event as string));
    expect(hooks).toHaveLength(journaled.rows.length);
    expect(events.filter((event) => event.event === "day_start").map((event) => event.date)).toEqual(DAYS);
    expect(events.filter((event) => event.event === "day_end").map((event) => event.date)).toEqual(DAYS);
  });
});

describe("scanwright validate with a plugin that blocks its thread loading", () => {
  it(
    "reports it as a plugin error (exit 2) instead of hanging",
    async () => {
      const output = await runBuiltCli(
        [
          "validate",
          writeConfig("validate-spin", [
            healthy,
            { name: "spin-on-load", plugin: SPIN_ON_LOAD, timeoutSeconds: 0.05 },
          ]),
        ],
        dir,
      );
      expect(output.exitCode).toBe(2);
      expect(output.stdout).toBe("");
      expect(output.stderr).toContain(
        `error SCN_ERR_PLUGIN: Plugin ${SPIN_ON_LOAD} (${join(dir, "validate-spin.yaml")}:14:7 session_data.scanners[1]): loading the plugin did not finish within 10000 ms: it blocked its thread and was terminated\n`,
      );
    },
    TIMEOUT_MS,
  );
});

describe("scanwright daemon with hostile plugins", () => {
  const replay = ["--replay-from", DAYS[0], "--days", "1", "--json", "--log-level", "warn"];

  it(
    "cuts a scan stuck in a synchronous loop, resumes, and completes the day; leaked handles do not keep it alive",
    async () => {
      const config = writeConfig("daemon-spin", [
        healthy,
        hostile("spin-scan"),
        hostile("leak-handles"),
        hostile("console-noise"),
      ]);
      const output = await runBuiltCli(["daemon", config, "--speed", "100000", ...replay], dir);
      expect(output.exitCode).toBe(0);
      const journaled = readJournal("daemon-spin");
      expect(journaled.runs).toEqual([{ id: 1, status: "completed" }]);
      const scans = rowsOf(journaled, "spin-scan").filter((row) => row.kind === "regular");
      expect(scans).toEqual([
        {
          kind: "regular",
          sessionDate: DAYS[0],
          scheduledAt: at(DAYS[0], "10:00"),
          status: "timeout",
          error: expect.stringMatching(ABANDONED),
          metadata: {},
        },
        ...["10:30", "11:00"].map((time) => ({
          kind: "regular",
          sessionDate: DAYS[0],
          scheduledAt: at(DAYS[0], time),
          status: "disabled",
          error: "scanner is disabled for the day",
          metadata: {},
        })),
      ]);
      expect(
        rowsOf(journaled, "spin-scan")
          .filter((row) => row.kind === "teardown")
          .map((row) => row.status),
      ).toEqual(["ok"]);
      // The healthy scanner's scans are the backtest's.
      const backtest = readJournal("clean").rows.filter(
        (row) => row.sessionDate === DAYS[0] && row.kind === "regular",
      );
      expect(journaled.rows.filter((row) => row.scanner === "healthy" && row.kind === "regular")).toEqual(
        backtest,
      );
      const events = parseLines(output.stdout);
      expect(events.at(-1)).toMatchObject({ event: "daemon_stopped", status: "completed", run: 1 });
      expect(output.stderr).toContain("noise from console.log\n");
      expect(existsSync(daemonLockPath(join(dir, "daemon-spin.journal.db"), "daemon-spin"))).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    "stops on SIGTERM with a hook stuck in a synchronous loop: abandoned after the grace period, the run interrupted",
    async () => {
      const config = writeConfig("daemon-stuck", [healthy, hostile("spin-scan", 600)]);
      let signalledAt = 0;
      let stoppedAt = 0;
      const output = await runBuiltCli(
        ["daemon", config, "--speed", "5000", ...replay],
        dir,
        undefined,
        {},
        (line, terminate) => {
          const event = JSON.parse(line) as Record<string, unknown>;
          // The healthy scanner's 10:00 row comes just before spin-scan starts its endless 10:00 scan.
          if (event.event === "scan" && event.scanner === "healthy" && signalledAt === 0) {
            signalledAt = -1;
            setTimeout(() => {
              signalledAt = performance.now();
              terminate("SIGTERM");
            }, 1_000);
          }
        },
      ).then((result) => {
        stoppedAt = performance.now();
        return result;
      });
      expect(output.exitCode).toBe(0);
      expect(stoppedAt - signalledAt).toBeGreaterThanOrEqual(STOP_GRACE_MS - 500);
      expect(output.stderr).toContain(
        'scanwright: SIGTERM: the session was terminated with scanner "spin-scan" regular still running; run 1 finished as interrupted\n',
      );
      const journaled = readJournal("daemon-stuck");
      expect(journaled.runs).toEqual([{ id: 1, status: "interrupted" }]);
      expect(rowsOf(journaled, "spin-scan").filter((row) => row.kind === "regular")).toEqual([
        {
          kind: "regular",
          sessionDate: DAYS[0],
          scheduledAt: at(DAYS[0], "10:00"),
          status: "timeout",
          error: expect.stringMatching(
            /^abandoned at the SIGTERM stop: still running after \d+ ms \(limit 600000 ms\)$/,
          ),
          metadata: {},
        },
      ]);
      expect(existsSync(daemonLockPath(join(dir, "daemon-stuck.journal.db"), "daemon-stuck"))).toBe(false);
    },
    TIMEOUT_MS,
  );

  it(
    "stops cleanly on SIGHUP: teardown, the run interrupted, a last daemon_stopped line",
    async () => {
      const config = writeConfig("daemon-hup", [healthy]);
      const output = await runBuiltCli(
        ["daemon", config, "--speed", "5000", ...replay],
        dir,
        undefined,
        {},
        (line, terminate) => {
          const event = JSON.parse(line) as Record<string, unknown>;
          if (event.event === "scan") terminate("SIGHUP");
        },
      );
      expect(output.exitCode).toBe(0);
      const events = parseLines(output.stdout);
      expect(events.at(-1)).toMatchObject({ event: "daemon_stopped", status: "interrupted", run: 1 });
      const journaled = readJournal("daemon-hup");
      expect(journaled.runs).toEqual([{ id: 1, status: "interrupted" }]);
      expect(journaled.rows.filter((row) => row.kind === "teardown").map((row) => row.status)).toEqual([
        "ok",
      ]);
    },
    TIMEOUT_MS,
  );
});

describe("scanwright run stopped by a signal", () => {
  it(
    "ends at once on SIGINT with a stuck hook: exit 130, the hook journaled, the run interrupted",
    async () => {
      const config = writeConfig("run-stuck", [healthy, hostile("spin-scan", 600)]);
      const output = await runBuiltCli(["run", config, "--json"], dir, undefined, {}, (line, terminate) => {
        const event = JSON.parse(line) as Record<string, unknown>;
        if (event.event === "scan" && event.scanner === "healthy")
          setTimeout(() => terminate("SIGINT"), 1_000);
      });
      expect(output.exitCode).toBe(130);
      const journaled = readJournal("run-stuck");
      expect(journaled.runs).toEqual([{ id: 1, status: "interrupted" }]);
      expect(rowsOf(journaled, "spin-scan").filter((row) => row.kind === "regular")).toEqual([
        {
          kind: "regular",
          sessionDate: DAYS[0],
          scheduledAt: at(DAYS[0], "10:00"),
          status: "timeout",
          error: expect.stringMatching(
            /^abandoned at the SIGINT stop: still running after \d+ ms \(limit 600000 ms\)$/,
          ),
          metadata: {},
        },
      ]);
    },
    TIMEOUT_MS,
  );
});
