// momentum: stocks trending up today on volume, above their 20-day average, without being
// overbought — the seed's MomentumScanner with its bugs fixed (the seed read `values` of an
// indicator that has none, so its SMA test never passed, and its teardown removed nothing).
// Runs at regular-session slots; meant with `promote: true`.
//
// Criteria, per universe symbol (all must hold), at a slot T of the regular session:
//   price       = close of the latest 1m bar of today that ended by T;
//   price > SMA(sma_period) on 1d (the average of the last sma_period completed daily closes);
//   volume      = the summed volume of today's regular 1m bars so far ≥ min_volume;
//   price > today's open (the open of today's first regular 1m bar);
//   min_rsi ≤ RSI(rsi_period) on 5m ≤ max_rsi.
// Why RSI on 5m and not 1d: the scan runs during the day, and the other criteria are about today;
// a daily RSI only covers completed sessions, so it is yesterday's value all day long and says
// nothing about the move being scanned. The 5m RSI follows today's move slot by slot (warm-up:
// 202 5m bars, about three sessions, loaded by addIndicator), and the band keeps symbols that are
// rising (RSI above 50) but not yet stretched (below 80).
// A symbol with no 1m bar today yet, or whose SMA or RSI is not ready, is skipped (`notReady`).
//
// Indicators: provisioned by `setup` through `sessionData.addIndicator` (nothing to declare in the
// YAML): `sma` with `sma_period` (default 20) on `1d` and `rsi` with `rsi_period` (default 14) on
// `5m`; together they stream today's `1m`, `5m` and `1d` bars. A symbol that cannot be provisioned
// is left out for the day with a warning.
//
// Result: the qualifying symbols, strongest move (percent above today's open) first; metadata
// `{ scanned, notReady, hits: { SYMBOL: { price, sma, changePercent, volume, rsi } } }`
// (changePercent and rsi rounded to 2 decimals, sma to 4). No teardown: the session releases
// unpromoted, unlocked universe symbols at the end of the day.

import { type Bar, defineScanner, indicatorKey } from "scanwright";
import { z } from "zod";

const configSchema = z
  .strictObject({
    sma_period: z.number().int().min(1).default(20),
    /** Smallest volume traded today so far (shares). */
    min_volume: z.number().min(0).default(500_000),
    rsi_period: z.number().int().min(2).default(14),
    min_rsi: z.number().min(0).max(100).default(50),
    max_rsi: z.number().min(0).max(100).default(80),
  })
  .refine((config) => config.min_rsi <= config.max_rsi, {
    message: "min_rsi must not be above max_rsi",
    path: ["min_rsi"],
  });

export interface MomentumHit {
  readonly price: number;
  readonly sma: number;
  readonly changePercent: number;
  readonly volume: number;
  readonly rsi: number;
}

export default defineScanner({
  name: "momentum",
  configSchema,
  async setup(context) {
    const { sessionData, config, universe, scanner, log } = context;
    const watched: string[] = [];
    const failures: string[] = [];
    for (const symbol of universe) {
      try {
        await sessionData.addIndicator(symbol, "sma", { period: config.sma_period, interval: "1d" }, scanner);
        await sessionData.addIndicator(symbol, "rsi", { period: config.rsi_period, interval: "5m" }, scanner);
        watched.push(symbol);
      } catch (error) {
        failures.push(`${symbol}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) {
      log.warn(`${failures.length} universe symbol(s) could not be provisioned and sit out today`, {
        failures: failures.slice(0, 20),
      });
    }
    if (watched.length === 0 && universe.length > 0) {
      throw new Error(`no universe symbol could be provisioned (${failures[0]})`);
    }
    return {
      watched,
      smaKey: indicatorKey("sma", [config.sma_period], "1d"),
      rsiKey: indicatorKey("rsi", [config.rsi_period], "5m"),
    };
  },
  scan(context) {
    const { sessionData, config, state } = context;
    const openAt = context.timeManager.session.openAt;
    const { watched } = state;
    // Both indicators for every watched symbol in one read each; NaN where one is not ready.
    const smaValues = sessionData.getIndicatorValues(state.smaKey, watched);
    const rsiValues = sessionData.getIndicatorValues(state.rsiKey, watched);
    const hits = new Map<string, MomentumHit>();
    let notReady = 0;
    for (let i = 0; i < watched.length; i++) {
      const symbol = watched[i];
      const sma = smaValues[i];
      const rsi = rsiValues[i];
      if (Number.isNaN(sma) || Number.isNaN(rsi)) {
        notReady++;
        continue;
      }
      const today = regularBarsSince(sessionData.getBars(symbol, "1m"), openAt);
      if (today.length === 0) {
        notReady++;
        continue;
      }
      const open = today[0].open;
      const price = today[today.length - 1].close;
      let volume = 0;
      for (const bar of today) volume += bar.volume;
      if (
        price > sma &&
        volume >= config.min_volume &&
        price > open &&
        rsi >= config.min_rsi &&
        rsi <= config.max_rsi
      ) {
        hits.set(symbol, {
          price,
          sma: Math.round(sma * 10_000) / 10_000,
          changePercent: Math.round(((100 * (price - open)) / open) * 100) / 100,
          volume,
          rsi: Math.round(rsi * 100) / 100,
        });
      }
    }
    const symbols = [...hits.keys()].sort(
      (a, b) => hits.get(b)!.changePercent - hits.get(a)!.changePercent || a.localeCompare(b),
    );
    return {
      symbols,
      metadata: { scanned: watched.length, notReady, hits: Object.fromEntries(hits) },
    };
  },
});

/** The bars starting at or after `openAt` (today's regular bars), oldest first. */
function regularBarsSince(bars: readonly Bar[], openAt: number): readonly Bar[] {
  let first = bars.length;
  while (first > 0 && bars[first - 1].time >= openAt) first--;
  return bars.slice(first);
}
