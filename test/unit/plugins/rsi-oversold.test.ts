// plugins/rsi-oversold.ts: its hooks called directly over a demo session with RSI(14) on 1d
// provisioned as its YAML entry declares it; every hit checked against a Wilder RSI computed here
// from the store's daily closes (the documented warm-up window: RSI's 202 stable bars), before the
// open (price = yesterday's close) and during the session (price = the latest 1m close).

import { describe, expect, it } from "vitest";
import rsiOversold from "../../../plugins/rsi-oversold.js";
import {
  clearOf,
  dailyBefore,
  est,
  loadExamplePlugin,
  minutesEndedBy,
  type PluginHarness,
  provisionDeclared,
  round2,
  runScans,
  scanContext,
  useHarness,
  wilderRsi,
} from "./plugin-harness.js";

type OversoldConfig = Parameters<typeof rsiOversold.scan>[0]["config"];

const DEFAULTS: OversoldConfig = { period: 14, max_rsi: 30, min_price: 1 };
const DECLARED = [{ type: "rsi", period: 14, interval: "1d" }];

function expectedOversold(harness: PluginHarness, date: string, at: number, config: OversoldConfig) {
  const openAt = harness.demo.calendar.requireSession(date).openAt;
  const hits: Record<string, { rsi: number; price: number }> = {};
  let refusedForPrice = 0;
  for (const symbol of harness.demo.symbols) {
    const daily = dailyBefore(harness.store, symbol, openAt).slice(-202);
    const rsi = wilderRsi(
      daily.map((bar) => bar.close),
      config.period,
    );
    expect(clearOf(rsi, config.max_rsi, 1e-4)).toBe(true);
    const today = minutesEndedBy(harness.store, symbol, openAt, at);
    const price = today.length > 0 ? today[today.length - 1].close : daily[daily.length - 1].close;
    if (rsi >= config.max_rsi) continue;
    if (price < config.min_price) {
      refusedForPrice++;
      continue;
    }
    hits[symbol] = { rsi: round2(rsi), price };
  }
  const symbols = Object.keys(hits).sort((a, b) => hits[a].rsi - hits[b].rsi || a.localeCompare(b));
  return { symbols, hits, refusedForPrice };
}

describe("rsi-oversold", () => {
  const harness = useHarness();
  const day = harness.day;

  it("hits exactly the symbols with a daily RSI(14) under 30, before the open and during the day", async () => {
    const date = "2024-12-31";
    const session = day(date);
    await provisionDeclared(session, harness.demo.symbols, DECLARED);
    const times = [est(date, "09:00"), est(date, "12:00")];
    const results = await runScans(session, rsiOversold, DEFAULTS, harness.demo.symbols, times);
    const expected = times.map((at) => expectedOversold(harness, date, at, DEFAULTS));
    expect(results.map((result) => result.symbols)).toEqual(expected.map((slot) => slot.symbols));
    expect(results.map((result) => result.metadata)).toEqual(
      expected.map((slot) => ({ scanned: 100, notReady: 0, hits: slot.hits })),
    );
    // The daily RSI does not move during the day: the same symbols, at today's prices.
    expect(expected[0].symbols.length).toBe(4);
    expect(expected[1].symbols).toEqual(expected[0].symbols);
  });

  it("takes a higher threshold and a price floor from its config", async () => {
    const date = "2024-12-26";
    const session = day(date);
    await provisionDeclared(session, harness.demo.symbols, DECLARED);
    const config: OversoldConfig = { period: 14, max_rsi: 40, min_price: 10 };
    const at = est(date, "09:00");
    const [result] = await runScans(session, rsiOversold, config, harness.demo.symbols, [at]);
    const expected = expectedOversold(harness, date, at, config);
    expect(result.symbols).toEqual(expected.symbols);
    expect(result.metadata.hits).toEqual(expected.hits);
    expect({ hits: expected.symbols.length, refusedForPrice: expected.refusedForPrice }).toEqual({
      hits: 16,
      refusedForPrice: 2,
    });
  });

  it("fails setup, naming the indicator to declare, when the YAML entry does not declare it", async () => {
    const session = day("2024-12-27");
    const universe = harness.demo.symbols.slice(0, 4);
    await provisionDeclared(session, universe.slice(0, 1), DECLARED);
    const context = scanContext(session, { config: DEFAULTS, universe, hook: "setup", state: undefined });
    expect(() => rsiOversold.setup!(context)).toThrow(
      `reads rsi_14_1d, which 3 of 4 universe symbols lack (e.g. ${universe[1]}): ` +
        "add { type: rsi, period: 14, interval: 1d } to this scanner's indicators",
    );
  });

  it("loads through loadScanner with its defaults and refuses an RSI threshold above 100", async () => {
    const loaded = await loadExamplePlugin("rsi-oversold.ts", { max_rsi: 25 });
    expect(loaded.definition.name).toBe("rsi-oversold");
    expect(loaded.config).toEqual({ ...DEFAULTS, max_rsi: 25 });
    await expect(loadExamplePlugin("rsi-oversold.ts", { max_rsi: 130 })).rejects.toThrow(/max_rsi/);
  });
});

describe("rsi-oversold with too little daily history", () => {
  const harness = useHarness({ symbols: 4, days: 1, historyDays: 8, seed: 7, lastDay: "2024-12-31" });

  it("skips symbols whose daily RSI is not ready", async () => {
    const date = "2024-12-31";
    const session = harness.day(date);
    await provisionDeclared(session, harness.demo.symbols, DECLARED);
    const config = { ...DEFAULTS, max_rsi: 100, min_price: 0 };
    const [result] = await runScans(session, rsiOversold, config, harness.demo.symbols, [est(date, "09:00")]);
    expect(result).toEqual({ symbols: [], metadata: { scanned: 4, notReady: 4, hits: {} } });
  });
});
