// The plugin test helpers (src/testing): createTestSession holds exactly the bars it was given and
// has applied those that ended by `at`; advanceTo applies the next ones; runHook hands a plugin the
// same ScanContext a ScannerManager run does (compared field by field over the same bars and
// instants), parses the config through the plugin's schema, provisions declared indicators before
// setup and checks a scan's result as the engine does (returning it as the journal records it). The
// package exports them on the subpath `scanwright/testing` only.

import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import {
  CalendarError,
  ClockError,
  ConfigError,
  PluginHookError,
  UsageError,
} from "../../../src/core/errors.js";
import { RecordingLogger } from "../../../src/core/logger.js";
import * as mainEntry from "../../../src/index.js";
import { defineScanner, type ScanContext } from "../../../src/scanners/define-scanner.js";
import type { ScanRecord } from "../../../src/scanners/scan-record.js";
import { ScannerManager } from "../../../src/scanners/scanner-manager.js";
import { createTestSession, runHook, type TestBar, type TestSession } from "../../../src/testing/index.js";
import { parseSessionTime } from "../../../src/time/session-time.js";
import { WallClock, wallStopwatch } from "../../../src/time/wall-clock.js";

const DATE = "2024-12-02"; // a Monday, New York winter time (UTC−5)
const est = (time: string, date = DATE): string => `${date}T${time}:00-05:00`;
const MINUTE = 60_000;

/** `count` 1m bars from 09:30 on `date`; the close of minute i is 100 + i. */
function minutes(count: number, date = DATE): TestBar[] {
  return Array.from({ length: count }, (_, i) => ({
    time: Date.parse(est("09:30", date)) + i * MINUTE,
    open: 100 + i,
    high: 101 + i,
    low: 99 + i,
    close: 100 + i,
    volume: 1_000 + i,
  }));
}

/** One daily bar (starting 09:30) for each of the sessions before DATE given; close 50 + index. */
function days(dates: readonly string[]): TestBar[] {
  return dates.map((date, i) => ({
    time: Date.parse(est("09:30", date)),
    open: 50 + i,
    high: 51 + i,
    low: 49 + i,
    close: 50 + i,
    volume: 100_000,
  }));
}

const BARS = {
  AAA: { "1m": minutes(390), "1d": days(["2024-11-25", "2024-11-26", "2024-11-27", "2024-11-29"]) },
  BBB: { "1m": minutes(390) },
};

const sessions: TestSession[] = [];
function open(options: Parameters<typeof createTestSession>[0]): TestSession {
  const session = createTestSession(options);
  sessions.push(session);
  return session;
}
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});

describe("createTestSession", () => {
  it("starts the day of `at` on a simulated clock, with the bars that ended by `at` applied", async () => {
    const session = open({ bars: BARS, at: est("10:00") });
    expect(session.clock.now()).toBe(Date.parse(est("10:00")));
    expect(session.trading.date).toBe(DATE);
    expect(session.coordinator.currentSession).toEqual(session.trading);
    expect(await session.sessionData.addSessionBars("AAA", "1m")).toBe(true);
    const bars = session.sessionData.getBars("AAA", "1m");
    expect(bars.length).toBe(30); // 09:30 … 09:59 have ended; 10:00 is forming
    expect(bars.at(-1)).toEqual({ ...minutes(30)[29], interval: "1m" });
  });

  it("advanceTo moves the clock and applies every bar that ended by then", async () => {
    const session = open({ bars: BARS, at: est("10:00") });
    await session.sessionData.addSessionBars("AAA", "1m");
    expect(session.advanceTo(est("10:05"))).toBe(5);
    expect(session.sessionData.getLatestClose("AAA")).toBe(134);
    expect(session.advanceTo(Date.parse(est("10:05")) + 30_000)).toBe(0);
    expect(() => session.advanceTo(est("09:00"))).toThrow(ClockError);
  });

  it("takes bars as columns as well as objects, and daily history", async () => {
    const columns = open({
      bars: { AAA: { "1m": barsToColumns(minutes(390)), "1d": barsToColumns(BARS.AAA["1d"]) } },
      at: est("11:00"),
    });
    const objects = open({ bars: BARS, at: est("11:00") });
    for (const session of [columns, objects]) {
      await session.sessionData.addSessionBars("AAA", "1m");
      await session.sessionData.addHistoricalBars("AAA", "1d", 2);
    }
    expect(columns.sessionData.getBars("AAA", "1m")).toEqual(objects.sessionData.getBars("AAA", "1m"));
    expect(columns.sessionData.getBars("AAA", "1m").length).toBe(90);
    expect(columns.sessionData.getBars("AAA", "1d").map((bar) => bar.close)).toEqual([52, 53]);
    expect(objects.sessionData.getBars("AAA", "1d").map((bar) => bar.close)).toEqual([52, 53]);
  });

  it("provisions the configured session_data symbols at the start of the day", () => {
    const session = open({ bars: BARS, at: est("09:45"), session_data: { symbols: ["BBB"] } });
    expect(session.sessionData.getActiveSymbols()).toEqual(["BBB"]);
    expect(session.sessionData.getLatestClose("BBB")).toBe(114);
  });

  it("with startDay false only sets the clock at `at`", () => {
    const session = open({ bars: BARS, at: est("10:00"), startDay: false });
    expect(session.clock.now()).toBe(Date.parse(est("10:00")));
    expect(session.coordinator.currentSession).toBe(undefined);
  });

  it("refuses an instant without an offset, one that is no time, and a day the exchange is closed", () => {
    expect(() => createTestSession({ bars: BARS, at: "2024-12-02T10:00:00" })).toThrow(
      new UsageError('at needs an offset (Z or ±HH:MM) to name one instant, got "2024-12-02T10:00:00"'),
    );
    expect(() => createTestSession({ bars: BARS, at: "soon" })).toThrow(
      new UsageError(
        'at must be epoch ms or ISO text with an offset (2024-12-02T10:00:00-05:00), got "soon"',
      ),
    );
    expect(() => createTestSession({ bars: BARS, at: est("10:00", "2024-12-25") })).toThrow(CalendarError);
  });
});

/** Everything a hook sees that can be compared across two sessions. */
interface Seen {
  readonly scanner: string;
  readonly mode: string;
  readonly hook: string;
  readonly currentTime: string;
  readonly now: string;
  readonly date: string;
  readonly config: unknown;
  readonly universe: readonly string[];
  readonly state: unknown;
  readonly latestClose: number | undefined;
  readonly sessionParts: boolean;
}

/** A plugin that records what each hook was handed and logs one line per hook. */
function probe(seen: Seen[]) {
  const record = (context: ScanContext<{ threshold: number }, unknown>): void => {
    const { timeManager } = context;
    seen.push({
      scanner: context.scanner,
      mode: context.mode,
      hook: context.hook,
      currentTime: timeManager.format(context.currentTime),
      now: timeManager.format(timeManager.now()),
      date: timeManager.session.date,
      config: context.config,
      universe: [...context.universe],
      state: context.state,
      latestClose: context.sessionData.getLatestClose("AAA"),
      sessionParts: timeManager.clock.now() === timeManager.now(),
    });
    context.log.info(`${context.hook} ran`);
  };
  return defineScanner({
    name: "probe",
    configSchema: z.strictObject({ threshold: z.number().default(2) }),
    async setup(context) {
      record(context);
      await context.sessionData.addSessionBars("AAA", "1m");
      return { day: context.timeManager.session.date };
    },
    scan(context) {
      record(context);
      const close = context.sessionData.getLatestClose("AAA") ?? 0;
      // Lower case and a duplicate, as a plugin may write them: the journal has them normalized.
      return {
        symbols: close > 100 + context.config.threshold ? ["aaa", "AAA", "bbb"] : [],
        metadata: { close },
      };
    },
    teardown(context) {
      record(context);
    },
  });
}

describe("runHook", () => {
  it("hands each hook the ScanContext a ScannerManager run hands it", async () => {
    // The manager: setup at 04:00, scans at 10:00 and 10:30, teardown after the last slot.
    const managerSeen: Seen[] = [];
    const managerLog = new RecordingLogger();
    const managed = open({ bars: BARS, at: est("04:00"), logger: managerLog });
    const rows: ScanRecord[] = [];
    const watchdog = new WallClock({ unref: true });
    const manager = new ScannerManager(
      [
        {
          spec: {
            name: "orb-morning",
            plugin: "/plugins/probe.ts",
            enabled: true,
            universe: ["AAA", "BBB"],
            indicators: [],
            pre_session: undefined,
            regular_session: [
              { start: parseSessionTime("10:00"), end: parseSessionTime("10:30"), interval: "30m" },
            ],
            cron: undefined,
            timeout_ms: 5_000,
            promote: false,
            max_consecutive_failures: 3,
            config: {},
            source: "test",
          },
          definition: probe(managerSeen),
          config: { threshold: 2 },
        },
      ],
      {
        sessionData: managed.sessionData,
        calendar: managed.calendar,
        clock: managed.clock,
        watchdog,
        stopwatch: wallStopwatch,
        mode: "backtest",
        journal: { record: (row) => rows.push(row) },
        logger: managerLog,
      },
    );
    try {
      for (const slot of await manager.startDay(managed.trading)) {
        managed.advanceTo(slot.at);
        await manager.runSlot(slot);
      }
      await manager.endDay();
    } finally {
      watchdog.cancelAll();
    }

    // The helper: the same hooks at the same instants over the same bars.
    const helperSeen: Seen[] = [];
    const helperLog = new RecordingLogger();
    const session = open({ bars: BARS, at: est("04:00"), logger: helperLog });
    const plugin = probe(helperSeen);
    const common = { session, universe: ["AAA", "BBB"], scanner: "orb-morning" };
    const state = await runHook(plugin, { ...common, hook: "setup" });
    expect(state).toEqual({ day: DATE });
    const results = [];
    for (const time of ["10:00", "10:30"]) {
      session.advanceTo(est(time));
      results.push(await runHook(plugin, { ...common, hook: "scan", state }));
    }
    await runHook(plugin, { ...common, hook: "teardown", state });

    expect(helperSeen).toEqual(managerSeen);
    expect(helperSeen.map((seen) => `${seen.hook} ${seen.currentTime} ${seen.latestClose}`)).toEqual([
      "setup 2024-12-02T04:00:00-05:00 undefined",
      "regular 2024-12-02T10:00:00-05:00 129",
      "regular 2024-12-02T10:30:00-05:00 159",
      "teardown 2024-12-02T10:30:00-05:00 159",
    ]);
    expect(helperSeen[1]).toMatchObject({
      scanner: "orb-morning",
      mode: "backtest",
      config: { threshold: 2 },
    });
    expect(results).toEqual(
      rows
        .filter((row) => row.kind === "regular")
        .map((row) => ({ symbols: row.symbols, metadata: row.metadata })),
    );
    expect(results.map((result) => result.symbols)).toEqual([
      ["AAA", "BBB"],
      ["AAA", "BBB"],
    ]);
    expect(helperLog.records).toEqual(managerLog.records.filter((record) => record.message.endsWith(" ran")));
    expect(helperLog.records[0]).toEqual({
      level: "info",
      message: "setup ran",
      fields: { scanner: "orb-morning" },
    });
  });

  it("parses the config through the plugin's schema and refuses one that does not fit", async () => {
    const seen: Seen[] = [];
    const session = open({ bars: BARS, at: est("10:00") });
    const plugin = probe(seen);
    const state = await runHook(plugin, {
      session,
      hook: "setup",
      universe: ["AAA"],
      config: { threshold: 40 },
    });
    expect(seen[0].config).toEqual({ threshold: 40 });
    expect(seen[0].scanner).toBe("probe");
    expect(
      await runHook(plugin, { session, hook: "scan", universe: ["AAA"], state, config: { threshold: 40 } }),
    ).toEqual({ symbols: [], metadata: { close: 129 } });
    await expect(
      runHook(plugin, { session, hook: "scan", universe: ["AAA"], state, config: { threshold: "high" } }),
    ).rejects.toThrow(
      new ConfigError(
        'config does not fit plugin "probe": threshold: Invalid input: expected number, received string',
      ),
    );
  });

  it("names a scan's slot kind by the clock unless told, and provisions declared indicators before setup", async () => {
    const kinds: string[] = [];
    const plugin = defineScanner({
      name: "kinds",
      setup(context) {
        return { sma: context.sessionData.getIndicatorValue("AAA", "sma_2_1d") };
      },
      scan(context) {
        kinds.push(context.hook);
        return { symbols: [] };
      },
    });
    const session = open({ bars: BARS, at: est("09:00") });
    const state = await runHook(plugin, {
      session,
      hook: "setup",
      universe: ["AAA"],
      indicators: [{ type: "sma", period: 2, interval: "1d" }],
    });
    expect(state).toEqual({ sma: 52.5 }); // the closes of 2024-11-27 and 2024-11-29: 52 and 53
    if (!state) throw new Error("setup declined");
    await runHook(plugin, { session, hook: "scan", universe: ["AAA"], state });
    session.advanceTo(est("09:30"));
    await runHook(plugin, { session, hook: "scan", universe: ["AAA"], state });
    await runHook(plugin, { session, hook: "scan", universe: ["AAA"], state, kind: "cron" });
    expect(kinds).toEqual(["pre_session", "regular", "cron"]);
  });

  it("gives a plugin the whole-universe reads, getIndicatorValues and getLatestCloses", async () => {
    const plugin = defineScanner({
      name: "bulk",
      async setup(context) {
        await context.sessionData.addIndicator("AAA", "sma", { period: 2, interval: "1d" });
        for (const symbol of context.universe) await context.sessionData.addSessionBars(symbol, "1m");
      },
      scan(context) {
        const { sessionData, universe } = context;
        const sma = sessionData.getIndicatorValues("sma_2_1d", universe);
        const close = sessionData.getLatestCloses(universe);
        const asJson = (values: Float64Array) => Array.from(values, (v) => (Number.isNaN(v) ? null : v));
        return {
          symbols: universe.filter((_, i) => close[i] > sma[i]),
          metadata: { sma: asJson(sma), close: asJson(close) },
        };
      },
    });
    const session = open({ bars: BARS, at: est("04:00") });
    const universe = ["AAA", "BBB"];
    await runHook(plugin, { session, hook: "setup", universe });
    session.advanceTo(est("10:00"));
    // BBB has no daily bars, so no SMA: NaN, which no comparison passes.
    expect(await runHook(plugin, { session, hook: "scan", universe, state: undefined })).toEqual({
      symbols: ["AAA"],
      metadata: { sma: [52.5, null], close: [129, 129] },
    });
  });

  it("returns a scan's result as a run journals it: symbols normalized, metadata {} when there was none", async () => {
    const plugin = defineScanner({
      name: "loose",
      scan: () => ({ symbols: ["spy", " aig", "SPY", "brk.b"] }),
    });
    const session = open({ bars: BARS, at: est("10:00") });
    expect(await runHook(plugin, { session, hook: "scan", universe: [], state: undefined })).toEqual({
      symbols: ["SPY", "AIG", "BRK.B"],
      metadata: {},
    });
  });

  it("hands a plugin the session's plugin API only, and a frozen copy of the universe", async () => {
    let seen: ScanContext | undefined;
    const plugin = defineScanner({
      name: "nosy",
      scan(context) {
        seen = context as ScanContext;
        return { symbols: [] };
      },
    });
    const session = open({ bars: BARS, at: est("10:00") });
    const universe = ["AAA", "BBB"];
    await runHook(plugin, { session, hook: "scan", universe, state: undefined });
    const api = seen!.sessionData as unknown as Record<string, unknown>;
    expect(api).not.toBe(session.sessionData);
    expect(Object.isFrozen(api)).toBe(true);
    for (const wiring of ["setIndicatorManager", "setSessionCoordinator", "registerConfigSymbol"]) {
      expect(api[wiring]).toBeUndefined();
    }
    expect(Object.keys(api).sort()).toEqual([
      "addHistoricalBars",
      "addIndicator",
      "addSessionBars",
      "addSymbol",
      "getActiveSymbols",
      "getBars",
      "getConfigSymbols",
      "getIndicator",
      "getIndicatorValue",
      "getIndicatorValues",
      "getLatestBar",
      "getLatestClose",
      "getLatestCloses",
      "getLatestPrice",
      "getSymbolInfo",
      "isSymbolLocked",
      "lockSymbol",
      "removeSymbolAdhoc",
      "settled",
      "unlockSymbol",
    ]);
    // The API reaches the session: what it reads is what the SessionData holds.
    expect(seen!.sessionData.getActiveSymbols()).toEqual(session.sessionData.getActiveSymbols());
    expect(seen!.universe).toEqual(["AAA", "BBB"]);
    expect(seen!.universe).not.toBe(universe);
    expect(Object.isFrozen(seen!.universe)).toBe(true);
    expect(() => (seen!.universe as string[]).push("CCC")).toThrow(TypeError);
    expect(universe).toEqual(["AAA", "BBB"]);
  });

  it("checks a scan's result as the engine does, and needs a started day", async () => {
    const plugin = defineScanner({ name: "bad", scan: () => ({ symbols: ["not a symbol!"] }) });
    const session = open({ bars: BARS, at: est("10:00") });
    await expect(runHook(plugin, { session, hook: "scan", universe: [], state: undefined })).rejects.toThrow(
      new PluginHookError('scan result.symbols[0] is not a valid symbol: "not a symbol!"'),
    );
    const idle = open({ bars: BARS, at: est("10:00"), startDay: false });
    await expect(
      runHook(plugin, { session: idle, hook: "scan", universe: [], state: undefined }),
    ).rejects.toMatchObject({
      code: "SCN_ERR_USAGE",
      message: "runHook needs a started trading day (coordinator.startDay)",
    });
  });
});

describe("the package's exports", () => {
  it("has the helpers on the subpath scanwright/testing only, the engine's own modules", async () => {
    const specifier: string = "scanwright/testing";
    const subpath: Record<string, unknown> = await import(specifier);
    expect(Object.keys(subpath).sort()).toEqual(["createTestSession", "runHook"]);
    // Tests resolve "scanwright…" to src/ (vitest.config.ts): the very modules imported here.
    expect(subpath.createTestSession).toBe(createTestSession);
    expect(subpath.runHook).toBe(runHook);
    expect(Object.keys(mainEntry)).not.toContain("createTestSession");
    expect(Object.keys(mainEntry)).not.toContain("runHook");
  });

  it("keeps the engine's wiring and the daemon's pieces out of the main entry", () => {
    const names = Object.keys(mainEntry);
    for (const internal of [
      "IndicatorManager",
      "RequirementAnalyzer",
      "SessionCoordinator",
      "SessionData",
      "runDaemon",
      "ScaledClock",
      "PacedReplayFeed",
    ]) {
      expect(names).not.toContain(internal);
    }
    for (const api of ["defineScanner", "createSession", "runBacktest", "loadScanner", "isScanwrightError"]) {
      expect(names).toContain(api);
    }
  });
});
