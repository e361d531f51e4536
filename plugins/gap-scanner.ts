// gap-scanner: stocks that opened with a gap from the previous session's close — the seed's
// GapScanner done right (the seed measured the latest daily close against the 20-day SMA and called
// that a gap; it also looked at yesterday's bar before the open). Meant to run with `promote: true`,
// so the gappers become full session symbols for the strategies that trade them.
//
// Criteria, per universe symbol (all must hold):
//   previous close = close of the last completed daily bar of an earlier session (`1d`);
//   price          = today's open: the open of today's first regular 1m bar (09:30–09:31), at any
//                    regular-session slot (09:35 sees it). Before the open (a `pre_session` slot) it
//                    is the close of today's latest pre-market 1m bar when the feed delivers
//                    pre-market bars. With none (the replay feed delivers regular bars only) the
//                    latest price is still yesterday's close: there is no gap to measure yet and
//                    nothing qualifies, so in a backtest schedule this scanner after the open, at
//                    `open+5m` or with `cron: "35 9 * * 1-5"`;
//   gap %          = 100 × (price − previous close) / previous close;
//     `direction: up` needs gap % ≥ min_gap_percent, `down` gap % ≤ −min_gap_percent, `both` either;
//   volume         = avg_volume(avg_volume_period) on 1d (`volume_basis: average`, the default), or
//                    the previous session's daily volume (`volume_basis: previous_day`); ≥ min_volume;
//   min_price ≤ price ≤ max_price.
// A symbol without a previous daily bar, or whose average volume is not ready, is skipped (counted
// in `notReady`).
//
// Indicators: provisioned by `setup` through `sessionData.addIndicator` (nothing to declare in the
// YAML): `avg_volume` with `avg_volume_period` (default 20) on `1d`, which also loads the daily
// history and streams today's `1m` bars. A symbol that cannot be provisioned (no bars in the store)
// is left out for the day with a warning.
//
// Result: the qualifying symbols, largest absolute gap first; metadata
// `{ scanned, notReady, hits: { SYMBOL: { gapPercent, price, volume, previousClose } } }`
// (gapPercent rounded to 2 decimals). No teardown: at the end of the day the session itself releases
// the universe symbols that were neither promoted nor locked (the seed's teardown removed symbols
// another scanner might still use).

import { defineScanner, indicatorKey } from "scanwright";
import { z } from "zod";

const configSchema = z.strictObject({
  /** Smallest gap that qualifies, in percent of the previous close. */
  min_gap_percent: z.number().positive().default(2),
  /** Which gaps: `up` (open above the previous close), `down` or `both`. */
  direction: z.enum(["up", "down", "both"]).default("up"),
  /** Smallest volume (shares) per `volume_basis`. */
  min_volume: z.number().min(0).default(1_000_000),
  /** `average`: avg_volume over `avg_volume_period` daily bars; `previous_day`: the last session's volume. */
  volume_basis: z.enum(["average", "previous_day"]).default("average"),
  avg_volume_period: z.number().int().min(1).default(20),
  min_price: z.number().min(0).default(1),
  max_price: z.number().positive().default(500),
});

export interface GapHit {
  readonly gapPercent: number;
  readonly price: number;
  readonly volume: number;
  readonly previousClose: number;
}

export default defineScanner({
  name: "gap-scanner",
  configSchema,
  async setup(context) {
    const { sessionData, config, universe, scanner, log } = context;
    const watched: string[] = [];
    const failures: string[] = [];
    for (const symbol of universe) {
      try {
        await sessionData.addIndicator(
          symbol,
          "avg_volume",
          { period: config.avg_volume_period, interval: "1d" },
          scanner,
        );
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
    return { watched, avgVolumeKey: indicatorKey("avg_volume", [config.avg_volume_period], "1d") };
  },
  scan(context) {
    const { sessionData, config, state } = context;
    const session = context.timeManager.session;
    const hits = new Map<string, GapHit>();
    let notReady = 0;
    for (const symbol of state.watched) {
      // The newest daily bar of an earlier session (at a slot at the close, today's bar has ended too).
      const previous = sessionData.getBars(symbol, "1d", 2).findLast((bar) => bar.time < session.openAt);
      if (previous === undefined || previous.close <= 0) {
        notReady++;
        continue;
      }
      let volume: number;
      if (config.volume_basis === "previous_day") {
        volume = previous.volume;
      } else {
        const average = sessionData.getIndicator(symbol, state.avgVolumeKey);
        if (!average?.ready || typeof average.value !== "number") {
          notReady++;
          continue;
        }
        volume = average.value;
      }
      const price = todaysPrice(sessionData.getBars(symbol, "1m"), session.preMarketAt, session.openAt);
      if (price === undefined) continue; // no price today yet: no gap to measure
      const gapPercent = (100 * (price - previous.close)) / previous.close;
      const gapOk =
        config.direction === "up"
          ? gapPercent >= config.min_gap_percent
          : config.direction === "down"
            ? gapPercent <= -config.min_gap_percent
            : Math.abs(gapPercent) >= config.min_gap_percent;
      if (!gapOk) continue;
      if (volume < config.min_volume || price < config.min_price || price > config.max_price) continue;
      hits.set(symbol, {
        gapPercent: Math.round(gapPercent * 100) / 100,
        price,
        volume: Math.round(volume),
        previousClose: previous.close,
      });
    }
    const symbols = [...hits.keys()].sort(
      (a, b) => Math.abs(hits.get(b)!.gapPercent) - Math.abs(hits.get(a)!.gapPercent) || a.localeCompare(b),
    );
    return {
      symbols,
      metadata: { scanned: state.watched.length, notReady, hits: Object.fromEntries(hits) },
    };
  },
});

/**
 * Today's reference price from the symbol's 1m bars (oldest first): the open of the first regular
 * bar, else the close of the latest pre-market bar of today, else undefined (no price today yet).
 */
function todaysPrice(
  minutes: ReadonlyArray<{ time: number; open: number; close: number }>,
  preMarketAt: number,
  openAt: number,
): number | undefined {
  let preMarket: number | undefined;
  for (const bar of minutes) {
    if (bar.time < preMarketAt) continue;
    if (bar.time >= openAt) return bar.open;
    preMarket = bar.close;
  }
  return preMarket;
}
