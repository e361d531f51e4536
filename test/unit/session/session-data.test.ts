// The contract of every SessionData adhoc API: what it provisions, every `false` case, every coded
// error, and that a failed call leaves nothing behind.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BarColumns } from "../../../src/core/bar-columns.js";
import type { ScanwrightError } from "../../../src/core/errors.js";
import type { BarFeed } from "../../../src/data/bar-feed.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ReplayFeed } from "../../../src/data/replay-feed.js";
import type { RegularHours } from "../../../src/data/session-hours.js";
import type { WiredSession as Session } from "../../../src/runtime/create-session.js";
import { SessionData } from "../../../src/session/session-data.js";
import { SessionSymbols } from "../../../src/session/session-symbols.js";
import type { SimulatedClock } from "../../../src/time/simulated-clock.js";
import { buildDemoStore, type DemoStore, openDemoSession } from "../../helpers/demo-session.js";

const at = (iso: string): number => Date.parse(iso);
const PRE_MARKET = at("2024-12-03T04:00:00-05:00");

async function rejection(promise: Promise<unknown>): Promise<ScanwrightError> {
  try {
    await promise;
  } catch (error) {
    return error as ScanwrightError;
  }
  throw new Error("expected the call to fail");
}

describe("SessionData adhoc APIs", () => {
  let demo: DemoStore;
  let session: Session & { clock: SimulatedClock };
  let a: string;
  let b: string;
  let c: string;

  beforeAll(() => {
    // Minute bars on 2024-11-29 (early close), 12-02 and 12-03; 60 daily bars before them.
    demo = buildDemoStore({ symbols: 4, days: 3, historyDays: 60, seed: 3, lastDay: "2024-12-03" });
    [a, b, c] = demo.symbols;
  });
  afterAll(() => demo.dispose());

  beforeEach(() => {
    session = openDemoSession(demo, PRE_MARKET, { session_data: { symbols: [a], streams: ["1m", "5m"] } });
    session.coordinator.startDay("2024-12-03");
  });
  afterEach(() => session.close());

  describe("addIndicator", () => {
    it("provisions once: true, then false for the same key, and the second requester shares it", async () => {
      const data = session.sessionData;
      expect(await data.addIndicator(b, "sma", { period: 20, interval: "1d" })).toBe(true);
      expect(await data.addIndicator(b, "sma", { period: 20, interval: "1d" })).toBe(false);
      expect(await data.addIndicator(b, "sma", { period: 20, interval: "1d" }, "momentum")).toBe(false);
      expect(session.indicators.status(b, "sma_20_1d")?.requesters).toEqual(["adhoc", "momentum"]);
      const reading = data.getIndicator(b, "sma_20_1d")!;
      expect(reading.ready).toBe(true);
      expect(reading.missingBars).toBe(0);
      // 40 daily bars of history end at the last completed session (12-02).
      expect(data.getBars(b, "1d").length).toBe(40);
      expect(data.getLatestBar(b, "1d")?.time).toBe(at("2024-12-02T09:30:00-05:00"));
      const info = data.getSymbolInfo(b)!;
      expect(info).toEqual({
        symbol: b,
        addedBy: "adhoc",
        addedAt: PRE_MARKET,
        autoProvisioned: true,
        upgradedFromAdhoc: false,
        meetsSessionConfigRequirements: false,
        isConfigSymbol: false,
        locks: [],
        streams: ["1m", "1d"],
        bars: { "1m": 0, "1d": 40 },
        indicators: ["sma_20_1d"],
      });
    });

    it.each([
      [
        "an unknown indicator",
        () => ["smaa", { interval: "1d" }],
        "SCN_ERR_INDICATOR",
        'Unknown indicator "smaa"',
      ],
      [
        "a bad interval",
        () => ["sma", { period: 20, interval: "5x" }],
        "SCN_ERR_INTERVAL",
        '"5x" is not an interval',
      ],
      [
        "a bad period",
        () => ["sma", { period: 0, interval: "1d" }],
        "SCN_ERR_INDICATOR",
        'sma: parameter "period"',
      ],
      [
        "a missing interval",
        () => ["sma", { period: 20 }],
        "SCN_ERR_SESSION",
        "options.interval is required",
      ],
    ] as const)("refuses %s with a coded error and changes nothing", async (_name, args, code, message) => {
      const [type, options] = args() as unknown as [string, never];
      const error = await rejection(session.sessionData.addIndicator(b, type, options));
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
      expect(session.sessionData.getActiveSymbols()).toEqual([a]);
    });

    it("refuses a symbol the store has no data for", async () => {
      const error = await rejection(
        session.sessionData.addIndicator("NODATA", "sma", { period: 5, interval: "1d" }),
      );
      expect([error.code, error.message]).toEqual([
        "SCN_ERR_SESSION",
        'No bars for "NODATA" in the bar store',
      ]);
      expect(session.sessionData.getActiveSymbols()).toEqual([a]);
    });

    it("refuses a malformed symbol", async () => {
      const error = await rejection(
        session.sessionData.addIndicator("$$$", "sma", { period: 5, interval: "1d" }),
      );
      expect(error.code).toBe("SCN_ERR_SYMBOL");
    });

    it("rolls back everything when a step fails half-way", async () => {
      // A 30s interval needs a 1s stream, which a 1m feed cannot deliver: the symbol it created is gone.
      const error = await rejection(
        session.sessionData.addIndicator(b, "sma", { period: 5, interval: "30s" }),
      );
      expect(error.message).toBe(
        "Cannot stream 1s bars: the feed delivers 1m bars, and 1s is not a multiple of it",
      );
      expect(session.sessionData.getActiveSymbols()).toEqual([a]);
      expect(session.feed.isSubscribed(b)).toBe(false);
    });
  });

  describe("addHistoricalBars", () => {
    it("loads N trading days ending at the last completed session, and extends only by what is missing", async () => {
      const data = session.sessionData;
      expect(await data.addHistoricalBars(b, "1d", 10)).toBe(true);
      expect(data.getBars(b, "1d").map((bar) => bar.time)).toEqual(
        demo.calendar
          .tradingDays("2024-11-18", "2024-12-02")
          .map((date) => demo.calendar.requireSession(date).openAt),
      );
      expect(await data.addHistoricalBars(b, "1d", 10)).toBe(false);
      expect(await data.addHistoricalBars(b, "1d", 5)).toBe(false);
      expect(await data.addHistoricalBars(b, "1d", 12)).toBe(true);
      expect(data.getBars(b, "1d").length).toBe(12);
      expect(data.getBars(b, "1d")[0].time).toBe(demo.calendar.requireSession("2024-11-14").openAt);
      // Intraday history: 2 sessions of 5m bars = 11-29 (early close, 42) + 12-02 (78).
      expect(await data.addHistoricalBars(b, "5m", 2)).toBe(true);
      expect(data.getBars(b, "5m").length).toBe(120);
    });

    it("refuses zero days and bad intervals", async () => {
      expect((await rejection(session.sessionData.addHistoricalBars(b, "1d", 0))).message).toBe(
        `addHistoricalBars("${b}", "1d", 0): days must be a whole number ≥ 1`,
      );
      expect((await rejection(session.sessionData.addHistoricalBars(b, "m5", 3))).code).toBe(
        "SCN_ERR_INTERVAL",
      );
      expect(session.sessionData.getActiveSymbols()).toEqual([a]);
    });
  });

  describe("addSessionBars", () => {
    it("subscribes the stream and its base once", async () => {
      const data = session.sessionData;
      expect(await data.addSessionBars(b, "15m")).toBe(true);
      expect(await data.addSessionBars(b, "15m")).toBe(false);
      expect(await data.addSessionBars(b, "1m")).toBe(false);
      expect(data.getSymbolInfo(b)?.streams).toEqual(["1m", "15m"]);
      session.clock.advanceTo(at("2024-12-03T10:00:00-05:00"));
      session.coordinator.advance();
      expect(data.getBars(b, "1m").length).toBe(30);
      expect(data.getBars(b, "15m").map((bar) => bar.time)).toEqual([
        at("2024-12-03T09:30:00-05:00"),
        at("2024-12-03T09:45:00-05:00"),
      ]);
    });

    it("joins mid-session with today's bars so far and no gap", async () => {
      session.clock.advanceTo(at("2024-12-03T09:42:00-05:00"));
      session.coordinator.advance();
      expect(await session.sessionData.addSessionBars(b, "5m")).toBe(true);
      expect(session.sessionData.getBars(b, "1m").length).toBe(12);
      expect(session.sessionData.getBars(b, "5m").length).toBe(2);
      session.clock.advanceTo(at("2024-12-03T09:45:00-05:00"));
      session.coordinator.advance();
      expect(session.sessionData.getBars(b, "1m").map((bar) => bar.time)).toEqual(
        Array.from({ length: 15 }, (_, i) => at("2024-12-03T09:30:00-05:00") + i * 60_000),
      );
      expect(session.sessionData.getBars(b, "5m").length).toBe(3);
    });
  });

  describe("addSymbol", () => {
    it("promotes an adhoc symbol to a full session symbol, idempotently, and registers it afterwards", async () => {
      const data = session.sessionData;
      await data.addIndicator(b, "rsi", { period: 14, interval: "5m" });
      expect(data.getConfigSymbols().has(b)).toBe(false);
      expect(await data.addSymbol(b)).toBe(true);
      expect(await data.addSymbol(b)).toBe(false);
      expect(data.getConfigSymbols().has(b)).toBe(true);
      expect(data.getSymbolInfo(b)).toMatchObject({
        addedBy: "scanner",
        upgradedFromAdhoc: true,
        meetsSessionConfigRequirements: true,
        isConfigSymbol: true,
        streams: ["1m", "5m"],
      });
      expect(await data.addSymbol(c)).toBe(true);
      expect(data.getSymbolInfo(c)).toMatchObject({
        addedBy: "scanner",
        upgradedFromAdhoc: false,
        autoProvisioned: true,
      });
    });

    it("returns false for a configured symbol and registers nothing when promotion fails", async () => {
      expect(await session.sessionData.addSymbol(a)).toBe(false);
      const error = await rejection(session.sessionData.addSymbol("NODATA"));
      expect(error.code).toBe("SCN_ERR_SESSION");
      expect(session.sessionData.getConfigSymbols()).toEqual(new Set([a]));
    });
  });

  describe("removeSymbolAdhoc and locks", () => {
    it("refuses locked, configured and unknown symbols, removes an adhoc one completely", async () => {
      const data = session.sessionData;
      await data.addIndicator(b, "sma", { period: 20, interval: "1d" });
      await data.addIndicator(c, "sma", { period: 20, interval: "1d" });
      expect(data.lockSymbol(b, "open_position")).toBe(true);
      expect(await data.removeSymbolAdhoc(b)).toBe(false);
      expect(await data.removeSymbolAdhoc(a)).toBe(false);
      expect(await data.removeSymbolAdhoc("NOTLOADED")).toBe(false);
      expect(await data.removeSymbolAdhoc(c)).toBe(true);
      expect(await data.removeSymbolAdhoc(c)).toBe(false);
      expect(data.getActiveSymbols()).toEqual([a, b].sort());
      expect(data.getIndicator(c, "sma_20_1d")).toBeUndefined();
      expect(session.indicators.keys(c)).toEqual([]);
      expect(session.feed.isSubscribed(c)).toBe(false);
      // The lock never blocked anything but removal.
      expect(data.getIndicator(b, "sma_20_1d")?.ready).toBe(true);
    });

    it("holds several reasons and stays locked until every one is released", () => {
      const data = session.sessionData;
      expect(data.lockSymbol(b, "open_position")).toBe(true);
      expect(data.lockSymbol(b, "pending_order")).toBe(true);
      expect(data.lockSymbol(b, "pending_order")).toBe(false);
      expect(data.unlockSymbol(b, "open_position")).toBe(true);
      expect(data.isSymbolLocked(b)).toBe(true);
      expect(data.unlockSymbol(b, "open_position")).toBe(false);
      expect(data.lockSymbol(b, "again")).toBe(true);
      expect(data.unlockSymbol(b)).toBe(true);
      expect(data.isSymbolLocked(b)).toBe(false);
      expect(data.unlockSymbol(b)).toBe(false);
      expect(() => data.lockSymbol(b, " ")).toThrow(
        `lockSymbol("${b}"): reason must be a non-empty string, got " "`,
      );
    });
  });

  describe("reads and wiring", () => {
    it("answers prices and symbols from completed bars only", async () => {
      const data = session.sessionData;
      expect(data.getLatestPrice(a)).toBeUndefined();
      session.clock.advanceTo(at("2024-12-03T09:31:30-05:00"));
      session.coordinator.advance();
      const minute = data.getLatestBar(a, "1m")!;
      expect(minute.time).toBe(at("2024-12-03T09:30:00-05:00"));
      expect(data.getLatestPrice(a)).toBe(minute.close);
      expect(data.getLatestPrice("NOTLOADED")).toBeUndefined();
      expect(data.getBars("NOTLOADED", "1m")).toEqual([]);
    });

    it("hands out a copy of the config symbols", () => {
      const copy = session.sessionData.getConfigSymbols() as Set<string>;
      copy.add("HACK");
      expect(session.sessionData.getConfigSymbols()).toEqual(new Set([a]));
    });

    it("runs mutations one at a time in call order", async () => {
      const data = session.sessionData;
      const order: string[] = [];
      const first = data
        .addIndicator(b, "sma", { period: 20, interval: "1d" })
        .then((added) => order.push(`first ${added}`));
      const second = data
        .addIndicator(b, "sma", { period: 20, interval: "1d" })
        .then((added) => order.push(`second ${added}`));
      const removal = data.removeSymbolAdhoc(b).then((removed) => order.push(`remove ${removed}`));
      await Promise.all([first, second, removal]);
      expect(order).toEqual(["first true", "second false", "remove true"]);
    });

    it("says so when it is not wired to a coordinator", async () => {
      const loose = new SessionData(new SessionSymbols());
      expect((await rejection(loose.addSymbol("SPY"))).message).toBe(
        "SessionData is not wired to a SessionCoordinator (use createSession or the container)",
      );
    });
  });
});

describe("rollback when the feed fails during provisioning", () => {
  let demo: DemoStore;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 2, days: 2, historyDays: 30, seed: 9, lastDay: "2024-12-03" });
  });
  afterAll(() => demo.dispose());

  it("undoes history, streams and registration and rethrows", async () => {
    const store = BarStore.open(demo.path);
    const replay = new ReplayFeed(store);
    const failing: BarFeed = {
      interval: replay.interval,
      startSession: (hours: RegularHours) => replay.startSession(hours),
      subscribe: (symbol) => replay.subscribe(symbol),
      unsubscribe: (symbol) => replay.unsubscribe(symbol),
      isSubscribed: (symbol) => replay.isSubscribed(symbol),
      drain: (upTo, sink) => replay.drain(upTo, sink),
      backfill: (): BarColumns => {
        throw new Error("vendor history unavailable");
      },
      endSession: () => replay.endSession(),
    };
    const session = openDemoSession(demo, at("2024-12-03T10:00:00-05:00"), {}, { store, feed: failing });
    try {
      session.coordinator.startDay("2024-12-03");
      const [symbol] = demo.symbols;
      await expect(
        session.sessionData.addIndicator(symbol, "rsi", { period: 14, interval: "5m" }),
      ).rejects.toThrow("vendor history unavailable");
      expect(session.sessionData.getActiveSymbols()).toEqual([]);
      expect(session.indicators.symbols()).toEqual([]);
      expect(replay.isSubscribed(symbol)).toBe(false);
    } finally {
      session.close();
      store.close();
    }
  });
});
