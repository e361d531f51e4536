// plugins/volume-spike.ts: its hooks called directly over a demo session with the rel_volume
// indicator provisioned as its YAML entry declares it; every hit checked against relative volumes
// computed here from the store's 1m bars (5m or 1m buckets: the latest bar's volume over the mean
// of the 20 bars before it, across sessions), plus the undeclared-indicator, not-ready and loader cases.

import { describe, expect, it } from "vitest";
import volumeSpike from "../../../plugins/volume-spike.js";
import { ConfigError } from "../../../src/core/errors.js";
import {
  clearOf,
  est,
  fiveMinuteBars,
  loadExamplePlugin,
  MINUTE,
  mean,
  type PlainBar,
  type PluginHarness,
  provisionDeclared,
  round2,
  runScans,
  scanContext,
  storedBars,
  useHarness,
} from "./plugin-harness.js";

type SpikeConfig = Parameters<typeof volumeSpike.scan>[0]["config"];

const DEFAULTS: SpikeConfig = { period: 20, interval: "5m", min_rel_volume: 3, min_price: 5 };

/** The spikes at `at`: the latest bar of the interval that ended by then against the `period` bars before it. */
function expectedSpikes(harness: PluginHarness, at: number, config: SpikeConfig) {
  const from = est("2024-12-24", "09:30"); // the first 1m bar of the store
  const hits: Record<string, { relVolume: number; price: number; volume: number }> = {};
  let refusedForPrice = 0;
  for (const symbol of harness.demo.symbols) {
    const minutes = storedBars(harness.store, symbol, "1m", from, at - MINUTE + 1);
    const bars: PlainBar[] =
      config.interval === "5m" ? fiveMinuteBars(minutes, (start) => start + 5 * MINUTE <= at) : minutes;
    const latest = bars[bars.length - 1];
    const average = mean(bars.slice(-config.period - 1, -1).map((bar) => bar.volume));
    const rel = latest.volume / average;
    expect(clearOf(rel, config.min_rel_volume)).toBe(true);
    if (rel < config.min_rel_volume) continue;
    if (latest.close < config.min_price) {
      refusedForPrice++;
      continue;
    }
    hits[symbol] = { relVolume: round2(rel), price: latest.close, volume: latest.volume };
  }
  const symbols = Object.keys(hits).sort(
    (a, b) => hits[b].relVolume - hits[a].relVolume || a.localeCompare(b),
  );
  return { symbols, hits, refusedForPrice };
}

describe("volume-spike", () => {
  const harness = useHarness();
  const day = harness.day;

  it("hits exactly the symbols whose latest 5m bar traded ≥ 3× the 20 bars before it", async () => {
    const date = "2024-12-30";
    const session = day(date);
    await provisionDeclared(session, harness.demo.symbols, [
      { type: "rel_volume", period: 20, interval: "5m" },
    ]);
    const times = ["09:35", "09:40", "09:50", "11:00", "15:30"].map((time) => est(date, time));
    const results = await runScans(session, volumeSpike, DEFAULTS, harness.demo.symbols, times);
    const expected = times.map((at) => expectedSpikes(harness, at, DEFAULTS));
    expect(results.map((result) => result.symbols)).toEqual(expected.map((slot) => slot.symbols));
    expect(results.map((result) => result.metadata)).toEqual(
      expected.map((slot) => ({ scanned: 100, notReady: 0, hits: slot.hits })),
    );
    // Spikes come with the demo market's heavy days, seen best in the first bars of the session;
    // one 09:35 spike is refused for a price under 5.
    expect(expected.map((slot) => slot.symbols.length)).toEqual([10, 8, 2, 0, 0]);
    expect(expected[0].refusedForPrice).toBe(1);
  });

  it("reads rel_volume on 1m when configured and declared so", async () => {
    const date = "2024-12-27";
    const session = day(date);
    await provisionDeclared(session, harness.demo.symbols, [
      { type: "rel_volume", period: 20, interval: "1m" },
    ]);
    const config: SpikeConfig = { period: 20, interval: "1m", min_rel_volume: 2.5, min_price: 1 };
    const times = ["09:31", "09:33", "13:01"].map((time) => est(date, time));
    const results = await runScans(session, volumeSpike, config, harness.demo.symbols, times);
    const expected = times.map((at) => expectedSpikes(harness, at, config));
    expect(results.map((result) => result.symbols)).toEqual(expected.map((slot) => slot.symbols));
    expect(results.map((result) => result.metadata.hits)).toEqual(expected.map((slot) => slot.hits));
    expect(expected.map((slot) => slot.symbols.length)).toEqual([8, 7, 0]);
  });

  it("does not take yesterday's last bar for today's activity before the first 5m bar has ended", async () => {
    const date = "2024-12-26";
    const session = day(date);
    await provisionDeclared(session, harness.demo.symbols, [
      { type: "rel_volume", period: 20, interval: "5m" },
    ]);
    const config = { ...DEFAULTS, min_rel_volume: 0.01, min_price: 0 };
    const [result] = await runScans(session, volumeSpike, config, harness.demo.symbols, [est(date, "09:34")]);
    // Every rel_volume is ready (from the history), but the latest 5m bar is from 2024-12-24.
    expect(session.sessionData.getIndicator(harness.demo.symbols[0], "rel_volume_20_5m")?.ready).toBe(true);
    expect(result).toEqual({ symbols: [], metadata: { scanned: 100, notReady: 100, hits: {} } });
  });

  it("fails setup, naming the indicator to declare, when the YAML entry does not declare it", async () => {
    const session = day("2024-12-27");
    const context = scanContext(session, {
      config: DEFAULTS,
      universe: harness.demo.symbols.slice(0, 3),
      hook: "setup",
      state: undefined,
    });
    expect(() => volumeSpike.setup!(context)).toThrow(
      `reads rel_volume_20_5m, which 3 of 3 universe symbols lack (e.g. ${harness.demo.symbols[0]}): ` +
        "add { type: rel_volume, period: 20, interval: 5m } to this scanner's indicators",
    );
  });

  it("loads through loadScanner with its defaults and refuses a bad interval", async () => {
    const loaded = await loadExamplePlugin("volume-spike.ts", { min_rel_volume: 4 });
    expect(loaded.definition.name).toBe("volume-spike");
    expect(loaded.config).toEqual({ ...DEFAULTS, min_rel_volume: 4 });
    await expect(loadExamplePlugin("volume-spike.ts", { interval: "5 minutes" })).rejects.toThrow(
      /must be a bar interval such as 1m, 5m or 15m/,
    );
    await expect(loadExamplePlugin("volume-spike.ts", { min_rel_volume: 0 })).rejects.toThrow(ConfigError);
  });
});

describe("volume-spike on the first day of 1m bars", () => {
  const harness = useHarness({ symbols: 4, days: 1, historyDays: 5, seed: 7, lastDay: "2024-12-31" });

  it("skips symbols whose rel_volume has fewer than 21 bars yet, then finds them ready", async () => {
    const date = "2024-12-31";
    const session = harness.day(date);
    await provisionDeclared(session, harness.demo.symbols, [
      { type: "rel_volume", period: 20, interval: "5m" },
    ]);
    const config = { ...DEFAULTS, min_rel_volume: 0.01, min_price: 0 };
    // 21 five-minute bars have ended at 11:15.
    const results = await runScans(session, volumeSpike, config, harness.demo.symbols, [
      est(date, "11:10"),
      est(date, "11:15"),
    ]);
    expect(results[0]).toEqual({ symbols: [], metadata: { scanned: 4, notReady: 4, hits: {} } });
    expect(results[1].metadata).toMatchObject({ scanned: 4, notReady: 0 });
    expect([...results[1].symbols].sort()).toEqual([...harness.demo.symbols].sort());
  });
});
