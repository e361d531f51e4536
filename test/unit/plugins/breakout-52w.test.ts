// plugins/breakout-52w.ts: its hooks called directly over a demo session with high_low(252) and
// avg_volume(20) on 1d provisioned as its YAML entry declares them; every hit checked against the
// 52-week high and the volume pace computed here from the store's daily and 1m bars, including the
// 2024-12-24 early close (the pace counts the short session as a whole one).

import { describe, expect, it } from "vitest";
import breakout from "../../../plugins/breakout-52w.js";
import {
  clearOf,
  dailyBefore,
  est,
  loadExamplePlugin,
  mean,
  minutesEndedBy,
  type PluginHarness,
  provisionDeclared,
  round2,
  runScans,
  scanContext,
  useHarness,
} from "./plugin-harness.js";

type BreakoutConfig = Parameters<typeof breakout.scan>[0]["config"];

const DEFAULTS: BreakoutConfig = {
  lookback: 252,
  avg_volume_period: 20,
  min_volume_ratio: 1.5,
  min_price: 1,
};
const DECLARED = [
  { type: "high_low", period: 252, interval: "1d" },
  { type: "avg_volume", period: 20, interval: "1d" },
];

function expectedBreakouts(harness: PluginHarness, date: string, at: number, config: BreakoutConfig) {
  const { openAt, closeAt } = harness.demo.calendar.requireSession(date);
  const elapsed = (at - openAt) / (closeAt - openAt);
  const hits: Record<
    string,
    { price: number; high52w: number; abovePercent: number; volume: number; volumePace: number }
  > = {};
  let refusedForPace = 0;
  for (const symbol of harness.demo.symbols) {
    const daily = dailyBefore(harness.store, symbol, openAt);
    const high = Math.max(...daily.slice(-config.lookback).map((bar) => bar.high));
    const average = mean(daily.slice(-config.avg_volume_period).map((bar) => bar.volume));
    const today = minutesEndedBy(harness.store, symbol, openAt, at);
    const price = today[today.length - 1].close;
    const volume = today.reduce((sum, bar) => sum + bar.volume, 0);
    const pace = volume / (average * elapsed);
    expect(clearOf(pace, config.min_volume_ratio)).toBe(true);
    if (!(price > high) || price < config.min_price) continue;
    if (pace < config.min_volume_ratio) {
      refusedForPace++;
      continue;
    }
    hits[symbol] = {
      price,
      high52w: high,
      abovePercent: round2((100 * (price - high)) / high),
      volume,
      volumePace: round2(pace),
    };
  }
  const symbols = Object.keys(hits).sort(
    (a, b) => hits[b].abovePercent - hits[a].abovePercent || a.localeCompare(b),
  );
  return { symbols, hits, refusedForPace };
}

describe("breakout-52w", () => {
  const harness = useHarness();
  const day = harness.day;

  for (const [date, slots] of [
    ["2024-12-24", ["10:00", "11:00", "12:30"]],
    ["2024-12-30", ["10:00", "12:00", "15:30"]],
  ] as const) {
    it(`hits exactly the symbols above their 252-day high on a 1.5× volume pace (${date})`, async () => {
      const session = day(date);
      await provisionDeclared(session, harness.demo.symbols, DECLARED);
      const times = slots.map((time) => est(date, time));
      const results = await runScans(session, breakout, DEFAULTS, harness.demo.symbols, times);
      const expected = times.map((at) => expectedBreakouts(harness, date, at, DEFAULTS));
      expect(results.map((result) => result.symbols)).toEqual(expected.map((slot) => slot.symbols));
      expect(results.map((result) => result.metadata)).toEqual(
        expected.map((slot) => ({ scanned: 100, notReady: 0, hits: slot.hits })),
      );
      // Symbols above their high qualify on a strong pace and are refused when the pace fades.
      expect({
        hits: expected.map((slot) => slot.symbols),
        refusedForPace: expected.map((slot) => slot.refusedForPace),
      }).toEqual(
        date === "2024-12-24"
          ? { hits: [["RIZ"], ["RIZ"], ["RIZ"]], refusedForPace: [0, 0, 3] }
          : { hits: [["NOJE"], [], []], refusedForPace: [0, 1, 1] },
      );
    });
  }

  it("fails setup, naming the indicator to declare, when the YAML entry lacks one", async () => {
    const session = day("2024-12-26");
    const universe = harness.demo.symbols.slice(0, 2);
    await provisionDeclared(session, universe, [DECLARED[0]]);
    const context = scanContext(session, { config: DEFAULTS, universe, hook: "setup", state: undefined });
    expect(() => breakout.setup!(context)).toThrow(
      `reads avg_volume_20_1d, which 2 of 2 universe symbols lack (e.g. ${universe[0]}): ` +
        "add { type: avg_volume, period: 20, interval: 1d } to this scanner's indicators",
    );
  });

  it("loads through loadScanner with its defaults and refuses unknown keys", async () => {
    const loaded = await loadExamplePlugin("breakout-52w.ts", { lookback: 52 });
    expect(loaded.definition.name).toBe("breakout-52w");
    expect(loaded.config).toEqual({ ...DEFAULTS, lookback: 52 });
    await expect(loadExamplePlugin("breakout-52w.ts", { period: 252 })).rejects.toThrow(/period/);
  });
});

describe("breakout-52w with less than a year of daily bars", () => {
  const harness = useHarness({ symbols: 4, days: 2, historyDays: 100, seed: 7, lastDay: "2024-12-31" });

  it("skips symbols whose 252-day high is not ready", async () => {
    const date = "2024-12-31";
    const session = harness.day(date);
    await provisionDeclared(session, harness.demo.symbols, DECLARED);
    const config = { ...DEFAULTS, min_volume_ratio: 0, min_price: 0 };
    const [result] = await runScans(session, breakout, config, harness.demo.symbols, [est(date, "11:00")]);
    expect(result).toEqual({ symbols: [], metadata: { scanned: 4, notReady: 4, hits: {} } });
  });
});
