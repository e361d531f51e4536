// The ScannerManager's day: setup before the first slot (always), scans at the slots, teardown
// exactly once after the last one, and isolation of every kind of plugin failure.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingLogger } from "../../../src/core/logger.js";
import type { Session } from "../../../src/runtime/create-session.js";
import type { ScanContext, ScannerDefinition } from "../../../src/scanners/define-scanner.js";
import type { HookWatch, WatchedHook } from "../../../src/scanners/hook-watch.js";
import { PluginAttribution } from "../../../src/scanners/plugin-attribution.js";
import type { LoadedScanner } from "../../../src/scanners/plugin-loader.js";
import type { ScanRecord } from "../../../src/scanners/scan-record.js";
import {
  type ScanEvent,
  ScannerManager,
  type ScannerManagerDeps,
} from "../../../src/scanners/scanner-manager.js";
import type { ScannerSpec } from "../../../src/scanners/scanner-spec.js";
import { parseSessionTime } from "../../../src/time/session-time.js";
import type { SimulatedClock } from "../../../src/time/simulated-clock.js";
import { WallClock, wallStopwatch } from "../../../src/time/wall-clock.js";
import { buildDemoStore, type DemoStore, openDemoSession } from "../../helpers/demo-session.js";
import { scannerSpec } from "../../helpers/scanner-spec.js";

const at = (iso: string): number => Date.parse(iso);

const spec = (name: string, overrides: Partial<ScannerSpec> = {}): ScannerSpec =>
  scannerSpec(name, { timeout_ms: 1_000, ...overrides });

function scanner(
  specification: ScannerSpec,
  definition: Partial<ScannerDefinition> & Pick<ScannerDefinition, "scan">,
): LoadedScanner {
  return {
    spec: specification,
    definition: { name: specification.name, ...definition },
    config: specification.config,
  };
}

const window0935to1030 = [
  { start: parseSessionTime("09:35"), end: parseSessionTime("10:30"), interval: "5m" },
];

/** Runs one trading day the way the BacktestRunner does, collecting the journal rows. */
async function runDay(
  session: Session & { clock: SimulatedClock },
  manager: ScannerManager,
  date: string,
): Promise<void> {
  const tradingSession = session.calendar.requireSession(date);
  if (session.clock.now() < tradingSession.preMarketAt) session.clock.advanceTo(tradingSession.preMarketAt);
  session.coordinator.startDay(date);
  for (const slot of await manager.startDay(tradingSession)) {
    if (slot.at > session.clock.now()) session.clock.advanceTo(slot.at);
    session.coordinator.advance();
    await manager.runSlot(slot);
  }
  session.clock.advanceTo(tradingSession.closeAt);
  session.coordinator.advance();
  await manager.endDay();
  session.coordinator.endDay();
}

describe("ScannerManager", () => {
  let demo: DemoStore;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 3, days: 2, historyDays: 30, seed: 5, lastDay: "2024-12-03" });
  });
  afterAll(() => demo.dispose());

  function harness(scanners: LoadedScanner[], supervision: Partial<ScannerManagerDeps> = {}) {
    const session = openDemoSession(demo, at("2024-12-02T04:00:00-05:00"));
    const rows: ScanRecord[] = [];
    const events: ScanEvent[] = [];
    const logger = new RecordingLogger();
    const watchdog = new WallClock({ unref: true });
    const manager = new ScannerManager(scanners, {
      sessionData: session.sessionData,
      calendar: session.calendar,
      clock: session.clock,
      watchdog,
      stopwatch: wallStopwatch,
      mode: "backtest",
      journal: { record: (row) => rows.push(row) },
      logger,
      onEvent: (event) => events.push(event),
      ...supervision,
    });
    const close = () => {
      watchdog.cancelAll();
      session.close();
    };
    return { session, manager, rows, events, logger, close };
  }

  /** `scanner kind HH:MM(UTC) status` per row. */
  const summary = (rows: readonly ScanRecord[]) =>
    rows.map(
      (row) =>
        `${row.scanner} ${row.kind} ${new Date(row.scheduledAt).toISOString().slice(11, 16)} ${row.status}`,
    );

  it("journals a hook its supervisor abandoned as timeout without calling it; the scanner sits out the day", async () => {
    const calls: string[] = [];
    const watched: string[] = [];
    const watch: HookWatch = {
      begin: (hook: WatchedHook) => watched.push(`begin ${hook.scanner} ${hook.kind} ${hook.limitMs}`),
      end: () => watched.push("end"),
    };
    const attribution = new PluginAttribution();
    const slot1000 = at("2024-12-02T10:00:00-05:00");
    const h = harness(
      [
        scanner(spec("stuck", { regular_session: window0935to1030 }), {
          scan: (context) => {
            calls.push(`scan ${context.timeManager.format(context.currentTime)} as ${attribution.current()}`);
            return { symbols: [] };
          },
          teardown: () => {
            calls.push(`teardown as ${attribution.current()}`);
          },
        }),
      ],
      {
        watch,
        attribution,
        abandoned: [
          {
            scanner: "stuck",
            kind: "regular",
            sessionDate: "2024-12-02",
            scheduledAt: slot1000,
            limitMs: 1_000,
            universeSize: 0,
            durationMs: 3_210,
          },
        ],
      },
    );
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      // 09:35 … 09:55 ran (5 scans); 10:00 was abandoned; 10:05 … 10:30 disabled; teardown ran.
      expect(calls).toEqual([
        ...["09:35", "09:40", "09:45", "09:50", "09:55"].map(
          (time) => `scan 2024-12-02T${time}:00-05:00 as stuck`,
        ),
        "teardown as stuck",
      ]);
      const abandoned = h.rows.find((row) => row.scheduledAt === slot1000);
      expect(abandoned).toMatchObject({
        status: "timeout",
        durationMs: 3_210,
        error:
          "did not finish within 1000 ms: it blocked its thread (a synchronous loop) and was terminated after 3210 ms; the scanner sits out the rest of the day",
      });
      expect(
        h.rows.filter((row) => row.scheduledAt > slot1000 && row.kind === "regular").map((row) => row.status),
      ).toEqual(Array(6).fill("disabled"));
      expect(watched).toEqual([
        ...Array(5).fill(["begin stuck regular 1000", "end"]).flat(),
        "begin stuck teardown 1000",
        "end",
      ]);
    } finally {
      h.close();
    }
  });

  it("runs setup for a regular-only scanner, 12 scans from 09:35 to 10:30 every 5m, then teardown once", async () => {
    const calls: string[] = [];
    const h = harness([
      scanner(spec("momentum", { regular_session: window0935to1030 }), {
        setup: (context) => {
          calls.push(`setup ${context.hook} ${context.timeManager.format(context.currentTime)}`);
          return { seen: 0 };
        },
        scan: (context: ScanContext<unknown, { seen: number }>) => {
          context.state.seen += 1;
          calls.push(`scan ${context.timeManager.format(context.currentTime)}`);
          return { symbols: [] };
        },
        teardown: (context: ScanContext<unknown, { seen: number }>) => {
          calls.push(
            `teardown after ${context.state.seen} scans at ${context.timeManager.format(context.currentTime)}`,
          );
        },
      }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      const scans = Array.from({ length: 12 }, (_, i) => {
        const minute = 35 + 5 * i;
        const hour = String(9 + Math.floor(minute / 60)).padStart(2, "0");
        const time = `${hour}:${String(minute % 60).padStart(2, "0")}`;
        return `scan 2024-12-02T${time}:00-05:00`;
      });
      expect(calls).toEqual([
        "setup setup 2024-12-02T04:00:00-05:00",
        ...scans,
        "teardown after 12 scans at 2024-12-02T10:30:00-05:00",
      ]);
      expect(h.rows.map((row) => row.status)).toEqual(Array(14).fill("ok"));
    } finally {
      h.close();
    }
  });

  it("orders a pre-session scanner and a regular one, and re-runs both every trading day", async () => {
    const h = harness([
      scanner(spec("gap", { pre_session: parseSessionTime("09:00") }), { scan: () => ({ symbols: [] }) }),
      scanner(
        spec("momentum", {
          regular_session: [
            { start: parseSessionTime("09:35"), end: parseSessionTime("09:45"), interval: "5m" },
          ],
        }),
        {
          scan: () => ({ symbols: [] }),
        },
      ),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      await runDay(h.session, h.manager, "2024-12-03");
      const oneDay = [
        "gap setup 09:00 ok",
        "momentum setup 09:00 ok",
        "gap pre_session 14:00 ok",
        "gap teardown 14:00 ok",
        "momentum regular 14:35 ok",
        "momentum regular 14:40 ok",
        "momentum regular 14:45 ok",
        "momentum teardown 14:45 ok",
      ];
      expect(summary(h.rows)).toEqual([...oneDay, ...oneDay]);
      expect(h.rows.map((row) => row.sessionDate)).toEqual([
        ...Array(8).fill("2024-12-02"),
        ...Array(8).fill("2024-12-03"),
      ]);
    } finally {
      h.close();
    }
  });

  it("records a throwing scan, keeps going, and disables the scanner after N failures in a row", async () => {
    let calls = 0;
    const h = harness([
      scanner(spec("flaky", { regular_session: window0935to1030, max_consecutive_failures: 3 }), {
        scan: () => {
          calls += 1;
          if (calls === 1 || calls >= 3) throw new Error(`boom ${calls}`);
          return { symbols: [] };
        },
        teardown: () => {},
      }),
      scanner(spec("steady", { regular_session: window0935to1030 }), { scan: () => ({ symbols: [] }) }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      const flaky = h.rows.filter((row) => row.scanner === "flaky");
      expect(flaky.map((row) => row.status)).toEqual([
        "ok", // setup
        "error",
        "ok",
        "error",
        "error",
        "error",
        ...Array(7).fill("disabled"),
        "ok", // teardown, exactly once
      ]);
      expect(flaky[1].error).toBe("boom 1");
      expect(flaky[5].error).toBe("boom 5; disabled for the rest of the day after 3 consecutive failures");
      expect(flaky[6].error).toBe("scanner is disabled for the day");
      expect(calls).toBe(5);
      expect(h.rows.filter((row) => row.scanner === "steady").map((row) => row.status)).toEqual(
        Array(14).fill("ok"),
      );
    } finally {
      h.close();
    }
  });

  it("sits out the day when setup returns false or throws, and still tears down once", async () => {
    let scans = 0;
    let teardowns = 0;
    const window = [{ start: parseSessionTime("09:35"), end: parseSessionTime("09:40"), interval: "5m" }];
    const h = harness([
      scanner(spec("declines", { regular_session: window }), {
        setup: () => false,
        scan: () => {
          scans += 1;
          return { symbols: [] };
        },
        teardown: () => {
          teardowns += 1;
        },
      }),
      scanner(spec("crashes", { regular_session: window }), {
        setup: () => {
          throw new TypeError("cannot read universe");
        },
        scan: () => {
          scans += 1;
          return { symbols: [] };
        },
        teardown: () => {
          teardowns += 1;
        },
      }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      expect(summary(h.rows)).toEqual([
        "declines setup 09:00 disabled",
        "crashes setup 09:00 error",
        "declines regular 14:35 disabled",
        "crashes regular 14:35 disabled",
        "declines regular 14:40 disabled",
        "declines teardown 14:40 ok",
        "crashes regular 14:40 disabled",
        "crashes teardown 14:40 ok",
      ]);
      expect(h.rows[1].error).toBe("cannot read universe");
      expect([scans, teardowns]).toEqual([0, 2]);
    } finally {
      h.close();
    }
  });

  it("times out a hanging scan, skips the next slot while it still runs, and reports bad results", async () => {
    let hangs = 0;
    const window = [{ start: parseSessionTime("09:35"), end: parseSessionTime("09:45"), interval: "5m" }];
    const h = harness([
      scanner(spec("hangs", { regular_session: window, timeout_ms: 30 }), {
        scan: () => {
          hangs += 1;
          return new Promise(() => {});
        },
      }),
      scanner(spec("garbage", { regular_session: window }), {
        scan: () => ({ symbols: ["AAPL", 42] }) as never,
      }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      const hanging = h.rows
        .filter((row) => row.scanner === "hangs")
        .map((row) => `${row.kind} ${row.status}`);
      expect(hanging).toEqual([
        "setup ok",
        "regular timeout",
        "regular skipped",
        "regular skipped",
        "teardown ok",
      ]);
      expect(hangs).toBe(1);
      const garbage = h.rows.filter((row) => row.scanner === "garbage" && row.kind === "regular");
      const invalid = "invalid result: scan result.symbols[1] is not a valid symbol: 42";
      expect(garbage.map((row) => row.error)).toEqual([
        invalid,
        invalid,
        `${invalid}; disabled for the rest of the day after 3 consecutive failures`,
      ]);
    } finally {
      h.close();
    }
  });

  it("in a backtest, waits one more limit for a late scan instead of skipping the next slot", async () => {
    const window = [{ start: parseSessionTime("09:35"), end: parseSessionTime("09:40"), interval: "5m" }];
    let calls = 0;
    const h = harness([
      scanner(spec("late", { regular_session: window, timeout_ms: 40 }), {
        scan: async () => {
          calls += 1;
          if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 60));
          return { symbols: [] };
        },
      }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      expect(h.rows.map((row) => `${row.kind} ${row.status}`)).toEqual([
        "setup ok",
        "regular timeout",
        "regular ok",
        "teardown ok",
      ]);
      expect(calls).toBe(2);
    } finally {
      h.close();
    }
  });

  it("refuses metadata the journal could not store as JSON", async () => {
    const window = [{ start: parseSessionTime("09:35"), end: parseSessionTime("09:35"), interval: "5m" }];
    const h = harness([
      scanner(spec("dates", { regular_session: window }), {
        scan: () => ({ symbols: ["SPY"], metadata: { when: new Date(0) } }),
      }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      // As the README's result contract says: the whole result is refused, nothing of it journaled.
      expect([h.rows[1].status, h.rows[1].symbols, h.rows[1].metadata, h.rows[1].error]).toEqual([
        "error",
        [],
        {},
        "invalid result: scan result metadata.when is a Date, not plain JSON data",
      ]);
      expect(h.events.find((event) => event.event === "scan")).toMatchObject({ status: "error" });
    } finally {
      h.close();
    }
  });

  it("hands every hook one frozen plugin API of the session and the day's universe, frozen", async () => {
    const [first, second] = demo.symbols;
    const contexts: ScanContext[] = [];
    const h = harness([
      scanner(spec("watcher", { regular_session: window0935to1030, universe: [first, second] }), {
        setup: (context) => {
          contexts.push(context as ScanContext);
          return undefined;
        },
        scan: (context) => {
          contexts.push(context as ScanContext);
          // A JavaScript plugin trying the wiring or the config registry finds nothing there.
          const reach = context.sessionData as unknown as Record<string, unknown>;
          return {
            symbols: [],
            metadata: {
              wiring: ["setSessionCoordinator", "registerConfigSymbol"].filter((name) => name in reach),
            },
          };
        },
      }),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      expect(contexts.length).toBe(13);
      const [setup, ...scans] = contexts;
      expect(setup.sessionData).not.toBe(h.session.sessionData);
      expect(Object.isFrozen(setup.sessionData)).toBe(true);
      expect(scans.every((context) => context.sessionData === setup.sessionData)).toBe(true);
      expect(Object.isFrozen(setup.universe)).toBe(true);
      expect(setup.universe).toEqual([first, second]);
      expect(() => (setup.universe as string[]).pop()).toThrow(TypeError);
      expect(h.rows.filter((row) => row.kind === "regular").map((row) => row.metadata)).toEqual(
        Array.from({ length: 12 }, () => ({ wiring: [] })),
      );
    } finally {
      h.close();
    }
  });

  it("provisions the universe's indicators, drops symbols without data, and promotes results idempotently", async () => {
    const [first, second] = demo.symbols;
    const window = [{ start: parseSessionTime("09:35"), end: parseSessionTime("09:40"), interval: "5m" }];
    const seen: string[][] = [];
    const h = harness([
      scanner(
        spec("promoter", {
          regular_session: window,
          universe: [first, "NODATA", second],
          indicators: [{ type: "sma", period: 5, interval: "1d" }],
          promote: true,
        }),
        {
          scan: (context) => {
            seen.push([...context.universe]);
            const ready = context.universe.filter(
              (symbol) => context.sessionData.getIndicator(symbol, "sma_5_1d")?.ready,
            );
            return { symbols: ready.slice(0, 1), metadata: { ready: ready.length } };
          },
        },
      ),
    ]);
    try {
      await runDay(h.session, h.manager, "2024-12-02");
      expect(seen).toEqual([
        [first, second],
        [first, second],
      ]);
      const [setup, scan1, scan2] = h.rows;
      expect(setup.metadata).toEqual({
        universe: 2,
        dropped: [{ symbol: "NODATA", reason: 'No bars for "NODATA" in the bar store' }],
      });
      expect([scan1.symbols, scan1.promoted, scan1.metadata]).toEqual([[first], [first], { ready: 2 }]);
      expect([scan2.symbols, scan2.promoted]).toEqual([[first], []]);
      expect(h.events.filter((event) => event.event === "promoted")).toEqual([
        { event: "promoted", scanner: "promoter", at: at("2024-12-02T09:35:00-05:00"), symbol: first },
      ]);
      expect(h.session.sessionData.getSymbolInfo(first)?.meetsSessionConfigRequirements).toBe(true);
      expect(h.session.sessionData.getConfigSymbols().has(first)).toBe(true);
      // The unpromoted universe symbol was released at the close; the promoted one stays.
      expect(h.session.sessionData.getActiveSymbols()).toEqual([first]);
    } finally {
      h.close();
    }
  });
});
