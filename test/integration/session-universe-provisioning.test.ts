// A day start provisions the configured universe in one pass (config-plan.ts, one undo log for the
// batch): a symbol that fails in the middle of its provisioning, after its stream, history and two
// of its indicators, leaves nothing behind and does not take the symbols before or after it down;
// they end up exactly as in a session that never held the failing symbol.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarFeed } from "../../src/data/bar-feed.js";
import { BarStore } from "../../src/data/bar-store.js";
import { ReplayFeed } from "../../src/data/replay-feed.js";
import type { RegularHours } from "../../src/data/session-hours.js";
import type { IndicatorDefinition } from "../../src/indicators/definition.js";
import { defaultIndicatorRegistry } from "../../src/indicators/registry.js";
import { buildDemoStore, type DemoStore, openDemoSession } from "../helpers/demo-session.js";

const at = (iso: string): number => Date.parse(iso);
const DAY = "2024-12-03";
const PRE_MARKET = at("2024-12-03T04:00:00-05:00");

/**
 * The demo session over `feed`, with a `trap` indicator (an SMA whose creation throws while
 * `trap.armed`) configured last: the universe's provisioning of a symbol fails at its third indicator.
 */
function openTrappedSession(
  demo: DemoStore,
  symbols: readonly string[],
  store: BarStore,
  feed: BarFeed,
  trap: { armed: boolean },
) {
  const sma = defaultIndicatorRegistry().get("sma");
  const trapDefinition: IndicatorDefinition = {
    ...sma,
    name: "trap",
    create: (params) => {
      if (trap.armed) throw new Error("trap: refused for this symbol");
      return sma.create(params);
    },
  };
  return openDemoSession(
    demo,
    PRE_MARKET,
    {
      session_data: {
        symbols: [...symbols],
        streams: ["1m", "5m"],
        indicators: [
          { type: "sma", period: 20, interval: "1d" },
          { type: "rsi", period: 14, interval: "5m" },
          { type: "trap", period: 5, interval: "1d" },
        ],
      },
    },
    { store, feed, registry: defaultIndicatorRegistry().with(trapDefinition) },
  );
}

/** A replay feed that arms the trap when a day's provisioning subscribes `failing` (and disarms it for any other symbol). */
function armingFeed(store: BarStore, failing: string | undefined, trap: { armed: boolean }): BarFeed {
  const replay = new ReplayFeed(store);
  return {
    interval: replay.interval,
    startSession: (hours: RegularHours) => replay.startSession(hours),
    subscribe: (symbol, tag, landing) => {
      trap.armed = symbol === failing;
      replay.subscribe(symbol, tag, landing);
    },
    unsubscribe: (symbol) => replay.unsubscribe(symbol),
    isSubscribed: (symbol) => replay.isSubscribed(symbol),
    drain: (upTo, sink) => replay.drain(upTo, sink),
    backfill: (symbol, upTo) => replay.backfill(symbol, upTo),
    endSession: () => replay.endSession(),
  };
}

describe("provisioning the configured universe at a day's start", () => {
  let demo: DemoStore;
  beforeAll(() => {
    // 1m bars on 12-02 and 12-03 and the three sessions before; 60 daily bars before them.
    demo = buildDemoStore({ symbols: 5, days: 5, historyDays: 60, seed: 11, lastDay: DAY });
  });
  afterAll(() => demo.dispose());

  it("a symbol failing half-way in the middle of the universe leaves no trace and the others are whole", () => {
    const [a, b, c, d, e] = demo.symbols;
    const store = BarStore.open(demo.path);
    const trap = { armed: false };
    const feed = armingFeed(store, c, trap);
    const session = openTrappedSession(demo, [a, b, c, d, e], store, feed, trap);
    // The same universe without the failing symbol, in a session of its own.
    const referenceStore = BarStore.open(demo.path);
    const referenceTrap = { armed: false };
    const reference = openTrappedSession(
      demo,
      [a, b, d, e],
      referenceStore,
      armingFeed(referenceStore, undefined, referenceTrap),
      referenceTrap,
    );
    try {
      const start = session.coordinator.startDay(DAY);
      expect(start.symbols).toEqual([a, b, d, e]);
      expect(start.failed).toEqual([{ symbol: c, reason: "trap: refused for this symbol" }]);
      expect(reference.coordinator.startDay(DAY)).toEqual({ date: DAY, symbols: [a, b, d, e], failed: [] });

      // Nothing of the failed symbol stays: no state, stream, indicator or configured symbol.
      expect(session.sessionData.getActiveSymbols()).toEqual([a, b, d, e].sort());
      expect(session.feed.isSubscribed(c)).toBe(false);
      expect(session.indicators.symbols()).toEqual([a, b, d, e].sort());
      expect(session.sessionData.getConfigSymbols()).toEqual(new Set([a, b, d, e]));

      // SMA(20) of each symbol is the mean of its 20 stored daily closes before the day.
      const calendar = demo.calendar;
      const lastDate = calendar.previousTradingDay(DAY);
      const firstDate = calendar.previousTradingDay(lastDate, 19);
      for (const symbol of [a, b, d, e]) {
        const daily = store.readBars(
          symbol,
          "1d",
          calendar.requireSession(firstDate).openAt,
          calendar.requireSession(lastDate).closeAt,
        );
        expect(daily.length).toBe(20);
        const mean = Array.from(daily.close).reduce((sum, close) => sum + close, 0) / 20;
        expect(session.sessionData.getIndicator(symbol, "sma_20_1d")?.value).toBeCloseTo(mean, 9);
      }

      // Through the day, every indicator of the others equals the session that never held the failed symbol.
      const readings = (s: typeof session) =>
        [a, b, d, e].map((symbol) =>
          ["sma_20_1d", "rsi_14_5m", "trap_5_1d"].map((key) => s.sessionData.getIndicator(symbol, key)),
        );
      for (const time of ["2024-12-03T10:00:00-05:00", "2024-12-03T16:00:00-05:00"]) {
        session.clock.advanceTo(at(time));
        reference.clock.advanceTo(at(time));
        session.coordinator.advance();
        reference.coordinator.advance();
        expect(readings(session)).toEqual(readings(reference));
      }
      expect(readings(session)[3][1]?.ready).toBe(true);
    } finally {
      session.close();
      reference.close();
      store.close();
      referenceStore.close();
    }
  });
});
