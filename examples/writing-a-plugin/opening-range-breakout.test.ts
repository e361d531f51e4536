// How to test a scanner plugin of your own with vitest, with the test helpers scanwright exports:
// createTestSession writes the bars the test needs into an in-memory store and starts a session on
// a SimulatedClock over them; runHook calls the plugin's hooks with the ScanContext a session run
// hands them (the config parsed by the plugin's schema). Every expected hit follows from bars
// written here, so the test can say precisely what must qualify. The README's "Testing your
// plugin" shows this file's first half.
//
// In your own project `npx vitest` runs it. In this checkout vitest looks under test/ only, so
// test/unit/plugins/examples.test.ts imports this file and `npm test` runs it from there.

import { ConfigError, RecordingLogger } from "scanwright";
import { createTestSession, runHook, type TestBar, type TestSession } from "scanwright/testing";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "./opening-range-breakout.js";

const DATE = "2024-03-15"; // a Friday, New York summer time (UTC−4)
const at = (time: string): string => `${DATE}T${time}:00-04:00`;
const cents = (price: number): number => Math.round(price * 100) / 100;

/** One 1m bar a minute from 09:30 at the given closes; each opens at the close before it. */
function minuteBars(closes: readonly number[]): TestBar[] {
  return closes.map((close, index) => {
    const open = index === 0 ? close : closes[index - 1];
    return {
      time: Date.parse(at("09:30")) + index * 60_000,
      open,
      high: cents(Math.max(open, close) + 0.05),
      low: cents(Math.min(open, close) - 0.05),
      close,
      volume: 1_000,
    };
  });
}

// UP trades 100–101 in the opening range (high 101.05), then climbs 5 cents a minute to
// 102.75 at 10:34. FLAT trades 50–51 all morning and never leaves its range.
const BARS = {
  UP: {
    "1m": minuteBars([
      ...Array.from({ length: 30 }, (_, i) => 100 + (i % 3) * 0.5),
      ...Array.from({ length: 35 }, (_, i) => cents(101 + (i + 1) * 0.05)),
    ]),
  },
  FLAT: { "1m": minuteBars(Array.from({ length: 65 }, (_, i) => 50 + (i % 2))) },
};
const UNIVERSE = ["UP", "FLAT"];

const sessions: TestSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.close();
});

/** Runs setup at 04:00, then moves the clock to `time` (applying every bar that ended) and scans. */
async function scanAt(time: string, config: object = {}) {
  const session = createTestSession({ bars: BARS, at: at("04:00") });
  sessions.push(session);
  const state = await runHook(plugin, { session, hook: "setup", universe: UNIVERSE, config });
  if (!state) throw new Error("setup declined the day");
  expect(state).toEqual({ streamed: ["UP", "FLAT"] });
  session.advanceTo(at(time));
  return runHook(plugin, { session, hook: "scan", universe: UNIVERSE, config, state });
}

describe("opening-range-breakout (example plugin)", () => {
  it("finds the symbol whose latest close is above its 30-minute opening range", async () => {
    // At 10:05 the bars of 09:30–10:04 have ended: UP's latest close is 101 + 5 × 0.05 = 101.25;
    // at 10:35 it is 101 + 35 × 0.05 = 102.75.
    const early = await scanAt("10:05");
    expect(early).toEqual({
      symbols: ["UP"],
      metadata: { hits: { UP: { rangeHigh: 101.05, price: 101.25 } } },
    });
    const later = await scanAt("10:35");
    expect(later.metadata).toEqual({ hits: { UP: { rangeHigh: 101.05, price: 102.75 } } });
  });

  it("finds nothing while the opening range is still forming", async () => {
    // As the journal records it: no metadata is an empty object.
    expect(await scanAt("09:45")).toEqual({ symbols: [], metadata: {} });
  });

  it("asks for a bigger move with min_breakout_percent", async () => {
    // 102.75 is 1.68 % above 101.05: enough for 1 %, not for 2 %.
    expect((await scanAt("10:35", { min_breakout_percent: 1 })).symbols).toEqual(["UP"]);
    expect((await scanAt("10:35", { min_breakout_percent: 2 })).symbols).toEqual([]);
  });

  it("fills in its config defaults and refuses a bad range", async () => {
    expect(plugin.configSchema!.parse({})).toEqual({ range_minutes: 30, min_breakout_percent: 0 });
    await expect(scanAt("10:35", { range_minutes: 0 })).rejects.toThrow(ConfigError);
  });

  it("leaves out a symbol the store has no bars of, and says so in the log", async () => {
    const logger = new RecordingLogger();
    const session = createTestSession({ bars: BARS, at: at("04:00"), logger });
    sessions.push(session);
    const state = await runHook(plugin, { session, hook: "setup", universe: ["UP", "NOPE"] });
    expect(state).toEqual({ streamed: ["UP"] });
    expect(logger.records.filter((record) => record.level === "warn")).toEqual([
      {
        level: "warn",
        message: `NOPE is left out today: No bars for "NOPE" in the bar store`,
        fields: { scanner: "opening-range-breakout" },
      },
    ]);
  });
});
