// How to test a scanner plugin of your own with vitest: write the bars the test needs into an
// in-memory bar store, build a session over it on a SimulatedClock, move the clock to a slot and
// call the plugin's hooks with a ScanContext, exactly what the scanner manager hands them. Every
// expected hit follows from bars written here, so the test can say precisely what must qualify.
//
// In your own project `npx vitest` runs it. In this checkout vitest looks under test/ only, so
// test/unit/plugins/examples.test.ts imports this file and `npm test` runs it from there.

import {
  BarStore,
  barsToColumns,
  createSession,
  type ScanContext,
  type Session,
  SimulatedClock,
  type TimeManager,
} from "scanwright";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "./opening-range-breakout.js";

const DATE = "2024-03-15"; // a Friday, New York summer time (UTC−4)
const at = (time: string): number => Date.parse(`${DATE}T${time}:00-04:00`);
const MINUTE = 60_000;
const cents = (price: number): number => Math.round(price * 100) / 100;

/** One 1m bar a minute from 09:30 at the given closes; each opens at the close before it. */
function minuteBars(closes: readonly number[]) {
  return closes.map((close, index) => {
    const open = index === 0 ? close : closes[index - 1];
    return {
      time: at("09:30") + index * MINUTE,
      open,
      high: cents(Math.max(open, close) + 0.05),
      low: cents(Math.min(open, close) - 0.05),
      close,
      volume: 1_000,
    };
  });
}

// UP trades 100–101 in the opening range (high 101.05), then climbs 5 cents a minute to
// 102.75 at 10:34.
// FLAT trades 50–51 all morning and never leaves its range.
const BARS: Record<string, ReturnType<typeof minuteBars>> = {
  UP: minuteBars([
    ...Array.from({ length: 30 }, (_, i) => 100 + (i % 3) * 0.5),
    ...Array.from({ length: 35 }, (_, i) => cents(101 + (i + 1) * 0.05)),
  ]),
  FLAT: minuteBars(Array.from({ length: 65 }, (_, i) => 50 + (i % 2))),
};

/** A backtest session over BARS, started on DATE at 04:00. */
function openSession(): Session & { clock: SimulatedClock } {
  const store = BarStore.open(":memory:");
  for (const [symbol, bars] of Object.entries(BARS)) store.insertBars(symbol, "1m", barsToColumns(bars));
  const clock = new SimulatedClock(at("04:00"));
  const session = createSession({ name: "orb-test", backtest: { start: DATE, end: DATE } }, { store, clock });
  session.coordinator.startDay(DATE);
  // The session closes only what it opened: the store passed in is ours to close.
  const closeSession = session.close.bind(session);
  return Object.assign(session, {
    clock,
    close: () => {
      closeSession();
      store.close();
    },
  });
}

/** The ScanContext the scanner manager would hand a hook now. */
function contextFor<Config, State>(
  session: Session & { clock: SimulatedClock },
  config: Config,
  state: State,
  hook: ScanContext["hook"] = "regular",
): ScanContext<Config, State> {
  const { calendar, clock } = session;
  const timeManager: TimeManager = {
    calendar,
    clock,
    session: calendar.requireSession(DATE),
    now: () => clock.now(),
    format: (time) => calendar.formatInstant(time),
  };
  return {
    scanner: "orb",
    sessionData: session.sessionData,
    timeManager,
    mode: "backtest",
    currentTime: clock.now(),
    hook,
    config,
    universe: ["UP", "FLAT"],
    log: session.logger,
    state,
  };
}

/** Runs setup at 04:00, then moves the clock to `time` (applying every bar that ended) and scans. */
async function scanAt(time: string, config = plugin.configSchema!.parse({})) {
  const session = openSession();
  sessions.push(session);
  const state = await plugin.setup!(contextFor(session, config, undefined, "setup"));
  if (!state) throw new Error("setup declined the day");
  expect(state).toEqual({ streamed: ["UP", "FLAT"] });
  session.clock.advanceTo(at(time));
  session.coordinator.advance();
  return plugin.scan(contextFor(session, config, state));
}

const sessions: Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});

describe("opening-range-breakout (example plugin)", () => {
  it("finds the symbol whose latest close is above its 30-minute opening range", async () => {
    // At 10:05 the bars of 09:30–10:04 have ended: UP's latest close is 101 + 5 × 0.05 = 101.25;
    // at 10:35 it is 101 + 35 × 0.05 = 102.75.
    const early = await scanAt("10:05");
    expect(early.symbols).toEqual(["UP"]);
    expect(early.metadata).toEqual({ hits: { UP: { rangeHigh: 101.05, price: 101.25 } } });
    const later = await scanAt("10:35");
    expect(later.metadata).toEqual({ hits: { UP: { rangeHigh: 101.05, price: 102.75 } } });
  });

  it("finds nothing while the opening range is still forming", async () => {
    expect(await scanAt("09:45")).toEqual({ symbols: [] });
  });

  it("asks for a bigger move with min_breakout_percent", async () => {
    // 102.75 is 1.68 % above 101.05: enough for 1 %, not for 2 %.
    const parse = (config: object) => plugin.configSchema!.parse(config);
    expect((await scanAt("10:35", parse({ min_breakout_percent: 1 }))).symbols).toEqual(["UP"]);
    expect((await scanAt("10:35", parse({ min_breakout_percent: 2 }))).symbols).toEqual([]);
  });

  it("fills in its config defaults and refuses a bad range", () => {
    expect(plugin.configSchema!.parse({})).toEqual({ range_minutes: 30, min_breakout_percent: 0 });
    expect(plugin.configSchema!.safeParse({ range_minutes: 0 }).success).toBe(false);
  });
});
