// plugins/momentum.ts: its hooks called directly over a demo session at several slots of a day;
// every hit checked against the criteria computed here from the store's bars: today's 1m bars so
// far (price, open, volume), the SMA of the last 20 daily closes and a Wilder RSI(14) of 5m bars
// built from the store's 1m bars of the three sessions before (the documented warm-up) and today.

import { describe, expect, it } from "vitest";
import momentum from "../../../plugins/momentum.js";
import { ConfigError } from "../../../src/core/errors.js";
import {
  clearOf,
  dailyBefore,
  est,
  fiveMinuteBars,
  loadExamplePlugin,
  MINUTE,
  mean,
  minutesEndedBy,
  type PluginHarness,
  round2,
  runScans,
  storedBars,
  useHarness,
  wilderRsi,
} from "./plugin-harness.js";

type MomentumConfig = Parameters<typeof momentum.scan>[0]["config"];

const DEFAULTS: MomentumConfig = {
  sma_period: 20,
  min_volume: 500_000,
  rsi_period: 14,
  min_rsi: 50,
  max_rsi: 80,
};

interface Expected {
  readonly symbols: string[];
  readonly hits: Record<
    string,
    { price: number; sma: number; changePercent: number; volume: number; rsi: number }
  >;
  /** How many symbols fail each criterion (a symbol can fail several). */
  readonly failing: { sma: number; volume: number; open: number; rsi: number };
}

function expectedMomentum(
  harness: PluginHarness,
  date: string,
  at: number,
  config: MomentumConfig,
): Expected {
  const { calendar } = harness.demo;
  const openAt = calendar.requireSession(date).openAt;
  const warmupFrom = calendar.requireSession(calendar.previousTradingDay(date, 3)).openAt;
  const hits: Expected["hits"] = {};
  const failing = { sma: 0, volume: 0, open: 0, rsi: 0 };
  for (const symbol of harness.demo.symbols) {
    const today = minutesEndedBy(harness.store, symbol, openAt, at);
    const price = today[today.length - 1].close;
    const open = today[0].open;
    const volume = today.reduce((sum, bar) => sum + bar.volume, 0);
    const sma = mean(
      dailyBefore(harness.store, symbol, openAt)
        .slice(-config.sma_period)
        .map((bar) => bar.close),
    );
    const minutes = storedBars(harness.store, symbol, "1m", warmupFrom, at - MINUTE + 1);
    const fives = fiveMinuteBars(minutes, (start) => start + 5 * MINUTE <= at);
    const rsi = wilderRsi(
      fives.map((bar) => bar.close),
      config.rsi_period,
    );
    expect(
      clearOf(price, sma) && clearOf(rsi, config.min_rsi, 1e-4) && clearOf(rsi, config.max_rsi, 1e-4),
    ).toBe(true);
    const checks = {
      sma: price > sma,
      volume: volume >= config.min_volume,
      open: price > open,
      rsi: rsi >= config.min_rsi && rsi <= config.max_rsi,
    };
    for (const [name, ok] of Object.entries(checks)) if (!ok) failing[name as keyof typeof failing]++;
    if (Object.values(checks).every(Boolean)) {
      hits[symbol] = {
        price,
        sma: Math.round(sma * 10_000) / 10_000,
        changePercent: round2((100 * (price - open)) / open),
        volume,
        rsi: round2(rsi),
      };
    }
  }
  const symbols = Object.keys(hits).sort(
    (a, b) => hits[b].changePercent - hits[a].changePercent || a.localeCompare(b),
  );
  return { symbols, hits, failing };
}

describe("momentum", () => {
  const harness = useHarness();
  const day = harness.day;

  it("hits exactly the symbols above SMA(20) 1d and today's open, on volume, with RSI(14) 5m in 50–80", async () => {
    const date = "2024-12-30";
    const times = [est(date, "10:00"), est(date, "11:30"), est(date, "14:00"), est(date, "15:55")];
    const results = await runScans(day(date), momentum, DEFAULTS, harness.demo.symbols, times);
    const expected = times.map((at) => expectedMomentum(harness, date, at, DEFAULTS));
    expect(results.map((result) => result.symbols)).toEqual(expected.map((slot) => slot.symbols));
    expect(results.map((result) => result.metadata)).toEqual(
      expected.map((slot) => ({ scanned: 100, notReady: 0, hits: slot.hits })),
    );
    // Some symbols qualify at every slot, most do not, and every criterion turns some away.
    expect(expected.map((slot) => slot.symbols.length)).toEqual([14, 10, 12, 7]);
    for (const slot of expected) {
      expect(Object.values(slot.failing).every((count) => count > 0)).toBe(true);
    }
  });

  it("narrows with a tighter band and a higher volume floor", async () => {
    const date = "2024-12-31";
    const config: MomentumConfig = { ...DEFAULTS, min_volume: 2_000_000, min_rsi: 55, max_rsi: 70 };
    const at = est(date, "12:00");
    const [result] = await runScans(day(date), momentum, config, harness.demo.symbols, [at]);
    const expected = expectedMomentum(harness, date, at, config);
    expect(result.symbols).toEqual(expected.symbols);
    expect(result.metadata.hits).toEqual(expected.hits);
    expect(expected.symbols.length).toBe(7);
    expect(expectedMomentum(harness, date, at, DEFAULTS).symbols.length).toBe(17);
  });

  it("counts every symbol as not ready before the first 1m bar of the day has ended", async () => {
    const date = "2024-12-26";
    const [result] = await runScans(day(date), momentum, DEFAULTS, harness.demo.symbols, [
      est(date, "09:30"),
    ]);
    expect(result).toEqual({ symbols: [], metadata: { scanned: 100, notReady: 100, hits: {} } });
  });

  it("loads through loadScanner with its defaults and refuses an inverted RSI band", async () => {
    const loaded = await loadExamplePlugin("momentum.ts", { min_volume: 1_000_000 });
    expect(loaded.definition.name).toBe("momentum");
    expect(loaded.config).toEqual({ ...DEFAULTS, min_volume: 1_000_000 });
    await expect(loadExamplePlugin("momentum.ts", { min_rsi: 70, max_rsi: 60 })).rejects.toThrow(
      /min_rsi must not be above max_rsi/,
    );
    await expect(loadExamplePlugin("momentum.ts", { rsi_period: 1 })).rejects.toThrow(ConfigError);
  });
});

describe("momentum with too little daily history", () => {
  const harness = useHarness({ symbols: 4, days: 4, historyDays: 10, seed: 7, lastDay: "2024-12-31" });

  it("skips symbols whose SMA(20) on 1d is not ready", async () => {
    const session = harness.day("2024-12-31");
    const [result] = await runScans(
      session,
      momentum,
      { ...DEFAULTS, min_volume: 0, min_rsi: 0, max_rsi: 100 },
      harness.demo.symbols,
      [est("2024-12-31", "11:00")],
    );
    expect(result).toEqual({ symbols: [], metadata: { scanned: 4, notReady: 4, hits: {} } });
  });
});
