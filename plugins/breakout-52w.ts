// breakout-52w: stocks trading above their 52-week high today, on volume running above its
// average — a new-high breakout that the market is paying attention to.
//
// Criteria, per universe symbol (all must hold), at a slot T of the regular session:
//   price = close of the latest 1m bar of today that ended by T;
//   high  = high_low(lookback) on 1d: the highest high of the last `lookback` (252 ≈ 52 weeks)
//           completed daily bars, i.e. the sessions before today (today's daily bar completes at
//           the close, so schedule this scanner before it);
//   price > high;
//   pace  = today's regular 1m volume so far / (avg_volume(avg_volume_period) on 1d × elapsed),
//           elapsed = (T − open) / (close − open) of today's session (an early close counts as a
//           whole session): the volume today is on course for, as a multiple of an average day;
//   pace ≥ min_volume_ratio;
//   price ≥ min_price.
// A symbol with no 1m bar today yet, or whose high_low or avg_volume is not ready (fewer daily bars
// in the store than `lookback`) or whose average volume is 0, is skipped (`notReady`).
//
// Indicators: declared in the scanner's YAML entry, provisioned by the session before `setup`:
//   indicators:
//     - { type: high_low, period: 252, interval: 1d }
//     - { type: avg_volume, period: 20, interval: 1d }
// (a 52-week high can also be read weekly: high_low 52 on 1w.) `lookback` and `avg_volume_period`
// in `config:` must name the same indicators (defaults 252 and 20); `setup` fails with a message
// saying what to declare when one is missing.
//
// Result: the qualifying symbols, furthest above the old high first; metadata
// `{ scanned, notReady, hits: { SYMBOL: { price, high52w, abovePercent, volume, volumePace } } }`
// (abovePercent and volumePace rounded to 2 decimals).

import { type Bar, defineScanner, indicatorKey } from "scanwright";
import { z } from "zod";

const configSchema = z.strictObject({
  /** Daily bars the high is taken over (252 ≈ one year of sessions). */
  lookback: z.number().int().min(1).default(252),
  avg_volume_period: z.number().int().min(1).default(20),
  /** Smallest volume pace: today's volume so far against the same fraction of an average day. */
  min_volume_ratio: z.number().min(0).default(1.5),
  min_price: z.number().min(0).default(1),
});

export interface BreakoutHit {
  readonly price: number;
  readonly high52w: number;
  readonly abovePercent: number;
  readonly volume: number;
  readonly volumePace: number;
}

export default defineScanner({
  name: "breakout-52w",
  configSchema,
  setup(context) {
    const { config, universe, sessionData } = context;
    const highKey = indicatorKey("high_low", [config.lookback], "1d");
    const volumeKey = indicatorKey("avg_volume", [config.avg_volume_period], "1d");
    for (const [key, declaration] of [
      [highKey, `{ type: high_low, period: ${config.lookback}, interval: 1d }`],
      [volumeKey, `{ type: avg_volume, period: ${config.avg_volume_period}, interval: 1d }`],
    ] as const) {
      const missing = universe.filter((symbol) => sessionData.getIndicator(symbol, key) === undefined);
      if (missing.length > 0) {
        throw new Error(
          `reads ${key}, which ${missing.length} of ${universe.length} universe symbols lack (e.g. ${missing[0]}): ` +
            `add ${declaration} to this scanner's indicators`,
        );
      }
    }
    return { highKey, volumeKey };
  },
  scan(context) {
    const { sessionData, config, state, universe, currentTime } = context;
    const { openAt, closeAt } = context.timeManager.session;
    const elapsed = Math.min(1, Math.max(0, (currentTime - openAt) / (closeAt - openAt)));
    const hits = new Map<string, BreakoutHit>();
    let notReady = 0;
    for (const symbol of universe) {
      const today = regularBarsSince(sessionData.getBars(symbol, "1m"), openAt);
      const range = sessionData.getIndicator(symbol, state.highKey);
      const average = sessionData.getIndicator(symbol, state.volumeKey);
      const high = range?.ready ? (range.value as { high: number } | null)?.high : undefined;
      if (
        today.length === 0 ||
        high === undefined ||
        !average?.ready ||
        typeof average.value !== "number" ||
        average.value <= 0 ||
        elapsed === 0
      ) {
        notReady++;
        continue;
      }
      const price = today[today.length - 1].close;
      let volume = 0;
      for (const bar of today) volume += bar.volume;
      const pace = volume / (average.value * elapsed);
      if (price > high && pace >= config.min_volume_ratio && price >= config.min_price) {
        hits.set(symbol, {
          price,
          high52w: high,
          abovePercent: Math.round(((100 * (price - high)) / high) * 100) / 100,
          volume,
          volumePace: Math.round(pace * 100) / 100,
        });
      }
    }
    const symbols = [...hits.keys()].sort(
      (a, b) => hits.get(b)!.abovePercent - hits.get(a)!.abovePercent || a.localeCompare(b),
    );
    return { symbols, metadata: { scanned: universe.length, notReady, hits: Object.fromEntries(hits) } };
  },
});

/** The bars starting at or after `openAt` (today's regular bars), oldest first. */
function regularBarsSince(bars: readonly Bar[], openAt: number): readonly Bar[] {
  let first = bars.length;
  while (first > 0 && bars[first - 1].time >= openAt) first--;
  return bars.slice(first);
}
