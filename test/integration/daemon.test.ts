// The live daemon over replayed days at a high speed factor (a session takes about a second of real
// time): the same journal rows as a backtest of those days, a clean stop on abort, a restart that
// resumes the day (no slot twice, the slots passed meanwhile `missed`), a crashed run resumed in
// place, the nights, weekend and a holiday jumped over, and a real-time wait that sleeps.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionConfigInput } from "../../src/config/session-config.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { BarStore } from "../../src/data/bar-store.js";
import { PacedReplayFeed } from "../../src/data/paced-replay-feed.js";
import { hashConfig, runBacktest } from "../../src/runtime/backtest-runner.js";
import { createSession, type Session } from "../../src/runtime/create-session.js";
import { type DaemonOptions, runDaemon } from "../../src/runtime/live-daemon.js";
import type { RunEvent } from "../../src/runtime/run-events.js";
import type { ScanContext, ScannerDefinition } from "../../src/scanners/define-scanner.js";
import type { ExportedRow } from "../../src/scanners/journal-types.js";
import type { LoadedScanner } from "../../src/scanners/plugin-loader.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import type { ScannerSpec } from "../../src/scanners/scanner-spec.js";
import { scanSlots } from "../../src/scanners/scheduler.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { ScaledClock } from "../../src/time/scaled-clock.js";
import { parseSessionTime } from "../../src/time/session-time.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";
import { WallClock } from "../../src/time/wall-clock.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";
import { buildRealStore, type RealStore } from "../helpers/real-session.js";
import { scannerSpec } from "../helpers/scanner-spec.js";

const calendar = new ExchangeCalendar();
const at = (iso: string): number => Date.parse(iso);
const DAY = "2013-10-08";
const PRE_MARKET = calendar.requireSession(DAY).preMarketAt;
const SPEED = 30_000;

const spec = (name: string, overrides: Partial<ScannerSpec>): ScannerSpec =>
  scannerSpec(name, { timeout_ms: 2_000, ...overrides });

/** How often each scanner's hooks ran, across every session of a test. */
type HookCounts = Record<string, { setup: number; scan: number; teardown: number }>;

/**
 * `vwap`: every 30m from 10:00, the universe symbols closing above their session VWAP (promoted).
 * `pulse`: a pre-session slot and every 5m from the open+5m to the close, the symbols whose last
 * minute closed up; its metadata has the end of the latest minute bar it saw (the look-ahead check).
 */
function scanners(universe: readonly string[], counts: HookCounts): LoadedScanner[] {
  const hooks = (name: string, scan: ScannerDefinition["scan"]): ScannerDefinition => {
    counts[name] ??= { setup: 0, scan: 0, teardown: 0 };
    return {
      name,
      setup: () => {
        counts[name].setup += 1;
      },
      scan: (context) => {
        counts[name].scan += 1;
        return scan(context);
      },
      teardown: () => {
        counts[name].teardown += 1;
      },
    };
  };
  const vwap = spec("vwap", {
    universe,
    indicators: [{ type: "vwap", interval: "1m" }],
    regular_session: [{ start: parseSessionTime("10:00"), end: parseSessionTime("15:30"), interval: "30m" }],
    promote: true,
  });
  const pulse = spec("pulse", {
    universe,
    pre_session: parseSessionTime("09:00"),
    regular_session: [{ start: parseSessionTime("open+5m"), end: parseSessionTime("close"), interval: "5m" }],
  });
  return [
    {
      spec: vwap,
      config: {},
      definition: hooks("vwap", (context: ScanContext) => ({
        symbols: context.universe.filter((symbol) => {
          const bar = context.sessionData.getLatestBar(symbol, "1m");
          const value = context.sessionData.getIndicator(symbol, "vwap_1m");
          return bar !== undefined && value?.ready === true && bar.close > (value.value as number);
        }),
      })),
    },
    {
      spec: pulse,
      config: {},
      definition: hooks("pulse", (context: ScanContext) => {
        const latest = context.universe.map((symbol) => context.sessionData.getLatestBar(symbol, "1m"));
        return {
          symbols: context.universe.filter((_, index) => {
            const bar = latest[index];
            return bar !== undefined && bar.close > bar.open;
          }),
          metadata: { lastBarEnd: Math.max(0, ...latest.map((bar) => (bar ? bar.time + 60_000 : 0))) },
        };
      }),
    },
  ];
}

type SessionDataInput = SessionConfigInput["session_data"];

/** A configured session symbol with a daily indicator, so the coordinator's day is exercised too. */
const sessionData = (symbol: string): SessionDataInput => ({
  symbols: [symbol],
  indicators: [{ type: "sma", period: 20, interval: "1d" }],
});

interface Daemon {
  readonly session: Session;
  readonly timeline: ScaledClock;
  close(): void;
}

/** A live session whose clock starts at `originAt` on a replay timeline at `speed`. */
function openDaemon(
  storePath: string,
  originAt: number,
  speed = SPEED,
  name = "daemon-it",
  data: SessionDataInput = sessionData("SPY"),
): Daemon {
  const wall = new WallClock({ unref: true });
  const timeline = new ScaledClock(wall, { originAt, speed });
  const store = BarStore.open(storePath);
  const session = createSession(
    { name, mode: "live", store: storePath, session_data: data },
    {
      clock: new SimulatedClock(originAt),
      store,
      feed: PacedReplayFeed.fromStore(store, timeline),
    },
  );
  return {
    session,
    timeline,
    close: () => {
      session.close();
      store.close();
      wall.cancelAll();
    },
  };
}

async function backtestRows(
  storePath: string,
  journal: ScanJournal,
  from: string,
  to: string,
  universe: readonly string[],
  data: SessionDataInput = sessionData("SPY"),
): Promise<ExportedRow[]> {
  const store = BarStore.open(storePath);
  const session = createSession(
    { name: "backtest-it", backtest: { start: from, end: to }, store: storePath, session_data: data },
    { store },
  );
  try {
    const report = await runBacktest(session, scanners(universe, {}), journal);
    return journal.exportRun(report.run);
  } finally {
    session.close();
    store.close();
  }
}

function replayOptions(daemon: Daemon, date: string, extra: Partial<DaemonOptions> = {}): DaemonOptions {
  return { timeline: daemon.timeline, replay: { date, speed: daemon.timeline.speed }, ...extra };
}

/** `scanner kind HH:MM status` in New York time, for compact exact assertions. */
function brief(rows: readonly ExportedRow[]): string[] {
  return rows.map(
    (row) =>
      `${row.scanner} ${row.kind} ${calendar.formatInstant(row.scheduledAt).slice(11, 16)} ${row.status}`,
  );
}

const scanKey = (row: { scanner: string; kind: string; scheduledAt: number }) =>
  `${row.scanner} ${row.kind} ${row.scheduledAt}`;

describe("the live daemon on the real SPY and AIG minutes", () => {
  let store: RealStore;
  let dir: string;
  let backtest: ExportedRow[];
  const universe = ["SPY", "AIG"];
  const daySlots = scanSlots(
    calendar,
    scanners(universe, {}).map((scanner) => scanner.spec),
    DAY,
  ).map((slot) => ({ scanner: slot.scanner, kind: slot.kind, scheduledAt: slot.at }));

  beforeAll(async () => {
    store = buildRealStore();
    dir = mkdtempSync(join(tmpdir(), "scanwright-daemon-"));
    const journal = ScanJournal.open(":memory:");
    try {
      backtest = await backtestRows(store.path, journal, DAY, DAY, universe);
    } finally {
      journal.close();
    }
  });
  afterAll(() => {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals the rows a backtest of the day journals, row for row, at 30,000x", async () => {
    const journal = ScanJournal.open(join(dir, "same-rows.db"));
    const daemon = openDaemon(store.path, PRE_MARKET);
    try {
      const report = await runDaemon(
        daemon.session,
        scanners(universe, {}),
        journal,
        replayOptions(daemon, DAY, { lastDay: DAY }),
      );
      expect(report).toMatchObject({
        origin: "new",
        status: "completed",
        startedAt: PRE_MARKET,
        days: [DAY],
        slots: 91,
        missed: 0,
      });
      const rows = journal.exportRun(report.run);
      expect(rows).toEqual(backtest);
      expect(rows.length).toBe(2 + 91 + 2);
      // Both scanners hit some slots and miss others: equal rows are a real comparison.
      for (const scanner of ["vwap", "pulse"]) {
        const scans = rows.filter(
          (row) => row.scanner === scanner && row.kind !== "setup" && row.kind !== "teardown",
        );
        expect(scans.some((row) => row.symbols.length > 0)).toBe(true);
        expect(scans.some((row) => row.symbols.length < universe.length)).toBe(true);
      }
      // No look-ahead however late a slot ran: a regular scan at T saw the minute ending at T, none after.
      for (const row of rows.filter((row) => row.scanner === "pulse" && row.kind === "regular")) {
        expect((row.metadata as { lastBarEnd: number }).lastBarEnd).toBe(row.scheduledAt);
      }
      const [run] = journal.runs();
      expect(run).toMatchObject({
        mode: "live",
        status: "completed",
        configHash: hashConfig(daemon.session.config),
        params: { replay: { date: DAY, speed: SPEED }, lastDay: DAY, resumes: null },
      });
    } finally {
      daemon.close();
      journal.close();
    }
  });

  it("stops on abort: the running scan finishes, teardown runs once, the journal is flushed, the run interrupted", async () => {
    const path = join(dir, "abort.db");
    const journal = ScanJournal.open(path);
    const daemon = openDaemon(store.path, PRE_MARKET);
    const counts: HookCounts = {};
    const controller = new AbortController();
    const stopAfter = at(`${DAY}T11:00:00-04:00`);
    const onEvent = (event: RunEvent) => {
      if (event.event === "scan" && event.scanner === "vwap" && event.scheduledAt === stopAfter)
        controller.abort();
    };
    try {
      const report = await runDaemon(
        daemon.session,
        scanners(universe, counts),
        journal,
        replayOptions(daemon, DAY, { lastDay: DAY, signal: controller.signal, onEvent }),
      );
      expect(report.status).toBe("interrupted");
      expect(report.days).toEqual([DAY]);
      // vwap 10:00…11:00 (3), pulse 09:00 and 09:35…10:55 (1 + 17); pulse's 11:00 was not taken.
      expect(report.slots).toBe(21);
      expect(counts).toEqual({
        vwap: { setup: 1, scan: 3, teardown: 1 },
        pulse: { setup: 1, scan: 18, teardown: 1 },
      });
      // Flushed: a second connection sees every row while the daemon's journal is still open.
      const reader = ScanJournal.open(path);
      try {
        const [run] = reader.runs();
        expect(run.status).toBe("interrupted");
        const rows = reader.exportRun(run.id);
        expect(rows.length).toBe(2 + 21 + 2);
        // Up to the stop, the rows of the backtest (pulse's 11:00 slot was not taken).
        expect(rows.filter((row) => row.kind !== "teardown")).toEqual(
          backtest.filter(
            (row) =>
              row.kind !== "teardown" &&
              row.scheduledAt <= stopAfter &&
              !(row.scanner === "pulse" && row.scheduledAt === stopAfter),
          ),
        );
        // Torn down at the stop instant, which is when the run finished.
        const teardowns = rows.filter((row) => row.kind === "teardown");
        expect(teardowns.map((row) => `${row.scanner} ${row.status} ${row.scheduledAt}`)).toEqual([
          `pulse ok ${run.finishedAt}`,
          `vwap ok ${run.finishedAt}`,
        ]);
        expect(run.finishedAt).toBe(report.finishedAt);
        expect(report.finishedAt).toBeGreaterThanOrEqual(stopAfter);
      } finally {
        reader.close();
      }
    } finally {
      daemon.close();
      journal.close();
    }
  });

  it("resumes the day after an abort: no slot twice, the slots passed meanwhile missed, the rest run", async () => {
    const journal = ScanJournal.open(join(dir, "restart.db"));
    const counts: HookCounts = {};
    const controller = new AbortController();
    const stopAfter = at(`${DAY}T11:00:00-04:00`);
    const first = openDaemon(store.path, PRE_MARKET);
    try {
      await runDaemon(
        first.session,
        scanners(universe, counts),
        journal,
        replayOptions(first, DAY, {
          lastDay: DAY,
          signal: controller.signal,
          onEvent: (event) => {
            // Stopped after the last scanner's slot at 11:00, so no slot of that instant is left:
            // whether the stop lands exactly on 11:00 or a replayed moment later changes nothing.
            if (event.event === "scan" && event.scanner === "pulse" && event.scheduledAt === stopAfter)
              controller.abort();
          },
        }),
      );
    } finally {
      first.close();
    }
    // Started again; the replay is told to come back at 12:00 (as if it had been down for an hour).
    const restartAt = at(`${DAY}T12:00:00-04:00`);
    const second = openDaemon(store.path, restartAt);
    const logger = new RecordingLogger();
    try {
      const report = await runDaemon(
        second.session,
        scanners(universe, counts),
        journal,
        replayOptions(second, DAY, { lastDay: DAY, logger }),
      );
      const [interrupted, resumed] = journal.runs();
      expect(report).toMatchObject({
        origin: "continued",
        continues: interrupted.id,
        status: "completed",
        startedAt: restartAt,
        days: [DAY],
        // vwap 12:00…15:30 (8), pulse 12:00…16:00 (49).
        slots: 57,
        // vwap 11:30; pulse 11:05…11:55 (11).
        missed: 12,
      });
      expect(resumed).toMatchObject({ status: "completed", params: { resumes: interrupted.id } });
      const rows = journal.exportRun(resumed.id);
      const missed = rows.filter((row) => row.status === "missed");
      expect(brief(missed)).toEqual([
        "pulse regular 11:05 missed",
        "pulse regular 11:10 missed",
        "pulse regular 11:15 missed",
        "pulse regular 11:20 missed",
        "pulse regular 11:25 missed",
        "pulse regular 11:30 missed",
        "vwap regular 11:30 missed",
        "pulse regular 11:35 missed",
        "pulse regular 11:40 missed",
        "pulse regular 11:45 missed",
        "pulse regular 11:50 missed",
        "pulse regular 11:55 missed",
      ]);
      expect(
        missed.every(
          (row) => row.startedAt === null && row.error === "the slot passed while no daemon was running",
        ),
      ).toBe(true);
      // Setup again at the restart instant (state is in memory); teardown at the close, once each.
      expect(brief(rows.filter((row) => row.kind === "setup" || row.kind === "teardown"))).toEqual([
        "pulse setup 12:00 ok",
        "vwap setup 12:00 ok",
        "pulse teardown 16:00 ok",
        "vwap teardown 16:00 ok",
      ]);
      expect(counts).toEqual({
        vwap: { setup: 2, scan: 3 + 8, teardown: 2 },
        pulse: { setup: 2, scan: 19 + 49, teardown: 2 },
      });
      // Over both runs every slot of the day is journaled exactly once.
      const scanRows = [...journal.exportRun(interrupted.id), ...rows].filter(
        (row) => row.kind !== "setup" && row.kind !== "teardown",
      );
      expect(scanRows.map(scanKey).sort()).toEqual(daySlots.map(scanKey).sort());
      // What ran after the restart found what the backtest found: the day's bars caught up at 12:00.
      const ranAfter = rows.filter((row) => row.status === "ok" && row.kind === "regular");
      const expected = new Map(backtest.map((row) => [scanKey(row), row.symbols]));
      expect(ranAfter.map((row) => row.symbols)).toEqual(ranAfter.map((row) => expected.get(scanKey(row))));
      expect(
        logger.records.find((record) => record.message === "slots missed while no daemon was running")
          ?.fields,
      ).toEqual({
        date: DAY,
        missed: 12,
        first: `${DAY}T11:05:00-04:00`,
        last: `${DAY}T11:55:00-04:00`,
      });
    } finally {
      second.close();
      journal.close();
    }
  });

  it("resumes a run left running by a dead process in place, going on after its last row", async () => {
    const journal = ScanJournal.open(join(dir, "crash.db"));
    const daemon = openDaemon(store.path, PRE_MARKET);
    try {
      // What a daemon killed at about 10:07 leaves behind: a running run and the rows it flushed.
      const lastRowAt = at(`${DAY}T10:05:00-04:00`);
      const crashed = journal.startRun({
        name: "daemon-it",
        mode: "live",
        configHash: hashConfig(daemon.session.config),
        startedAt: PRE_MARKET,
        params: { replay: { date: DAY, speed: SPEED }, lastDay: DAY, resumes: null },
      });
      const flushed = backtest.filter((row) => row.kind !== "teardown" && row.scheduledAt <= lastRowAt);
      for (const row of flushed) journal.record(crashed, { ...row, durationMs: 0 });
      journal.flush();

      const counts: HookCounts = {};
      const report = await runDaemon(
        daemon.session,
        scanners(universe, counts),
        journal,
        replayOptions(daemon, DAY, { lastDay: DAY }),
      );
      expect(report).toMatchObject({
        origin: "resumed",
        status: "completed",
        startedAt: lastRowAt + 1,
        missed: 0,
      });
      expect(report.run.id).toBe(crashed.id);
      expect(journal.runs().map((run) => run.status)).toEqual(["completed"]);
      const rows = journal.exportRun(crashed.id);
      // Every slot exactly once; the re-setup at the restart instant is a row of its own.
      const scanRows = rows.filter((row) => row.kind !== "setup" && row.kind !== "teardown");
      expect(scanRows.map(scanKey).sort()).toEqual(daySlots.map(scanKey).sort());
      expect(brief(rows.filter((row) => row.kind === "setup"))).toEqual([
        "pulse setup 04:00 ok",
        "vwap setup 04:00 ok",
        "pulse setup 10:05 ok",
        "vwap setup 10:05 ok",
      ]);
      expect(rows.filter((row) => row.kind === "setup").map((row) => row.scheduledAt)).toEqual([
        PRE_MARKET,
        PRE_MARKET,
        lastRowAt + 1,
        lastRowAt + 1,
      ]);
      expect(counts.vwap.scan + counts.pulse.scan).toBe(daySlots.length - flushed.length + 2);
    } finally {
      daemon.close();
      journal.close();
    }
  });

  it("sleeps between sessions on a real-time timeline, with one timer pending, and wakes on abort", async () => {
    const journal = ScanJournal.open(join(dir, "sleep.db"));
    // 18:00 on the day: the next session's pre-market is ten hours away at speed 1.
    const daemon = openDaemon(store.path, at(`${DAY}T18:00:00-04:00`), 1);
    const controller = new AbortController();
    const logger = new RecordingLogger();
    try {
      const running = runDaemon(daemon.session, scanners(universe, {}), journal, {
        timeline: daemon.timeline,
        signal: controller.signal,
        logger,
      });
      await daemon.timeline.sleepUntil(daemon.timeline.now() + 30);
      expect(daemon.timeline.pendingTimerCount).toBe(1);
      controller.abort();
      const report = await running;
      expect(report).toMatchObject({ status: "interrupted", days: [], slots: 0, missed: 0 });
      expect(
        logger.records.find((record) => record.message === "waiting for the next session")?.fields,
      ).toEqual({
        date: "2013-10-09",
        at: "2013-10-09T04:00:00-04:00",
      });
      expect(journal.exportRun(report.run)).toEqual([]);
      expect(daemon.timeline.pendingTimerCount).toBe(0);
    } finally {
      daemon.close();
      journal.close();
    }
  });
});

describe("the live daemon over Thanksgiving 2024 in the demo market", () => {
  let demo: DemoStore;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 4, days: 6, historyDays: 40, seed: 11, lastDay: "2024-12-02" });
  });
  afterAll(() => demo.dispose());

  it("jumps the nights, the holiday and the weekend, clips the early close, and matches the backtest", async () => {
    const journal = ScanJournal.open(":memory:");
    const universe = demo.symbols.slice(0, 3);
    const data = sessionData(universe[0]);
    const expected = await backtestRows(demo.path, journal, "2024-11-27", "2024-12-02", universe, data);
    const start = calendar.requireSession("2024-11-27").preMarketAt;
    const daemon = openDaemon(demo.path, start, 100_000, "thanksgiving", data);
    const logger = new RecordingLogger();
    try {
      const report = await runDaemon(
        daemon.session,
        scanners(universe, {}),
        journal,
        replayOptions(daemon, "2024-11-27", { lastDay: "2024-12-02", logger }),
      );
      expect(report.days).toEqual(["2024-11-27", "2024-11-29", "2024-12-02"]);
      const rows = journal.exportRun(report.run);
      expect(rows).toEqual(expected);
      expect([...new Set(rows.map((row) => row.sessionDate))]).toEqual([
        "2024-11-27",
        "2024-11-29",
        "2024-12-02",
      ]);
      // The day after Thanksgiving closes at 13:00: pulse's last slot and both teardowns are there.
      const friday = rows.filter((row) => row.sessionDate === "2024-11-29");
      expect(brief(friday.slice(-4))).toEqual([
        "pulse regular 13:00 ok",
        "pulse teardown 13:00 ok",
        "vwap regular 13:00 ok",
        "vwap teardown 13:00 ok",
      ]);
      expect(
        logger.records.filter((record) => record.message === "session").map((record) => record.fields),
      ).toEqual([
        { date: "2024-11-27", close: "2024-11-27T16:00:00-05:00" },
        { date: "2024-11-29", close: "2024-11-29T13:00:00-05:00", earlyClose: "Day after Thanksgiving" },
        { date: "2024-12-02", close: "2024-12-02T16:00:00-05:00" },
      ]);
      // Replays never wait for a session: the timeline jumps instead.
      expect(logger.messages().includes("waiting for the next session")).toBe(false);
    } finally {
      daemon.close();
      journal.close();
    }
  });
});
