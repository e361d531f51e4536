// rsi-oversold: stocks whose daily RSI says they have been sold hard — candidates for a bounce.
// The daily RSI only changes when a session completes, so this scanner fits a `pre_session` slot
// (09:00: yesterday's close is the latest data) as well as any slot during the day, where it gives
// the same answer.
//
// Criteria, per universe symbol (all must hold):
//   rsi   = RSI(period) on 1d (Wilder's smoothing) over the completed daily bars;
//   rsi < max_rsi (default 30);
//   price = the latest price the session holds (the close of the newest completed bar: yesterday's
//           close before the open, the latest 1m close during the session) ≥ min_price.
// A symbol whose RSI is not ready is skipped (`notReady`).
//
// Indicators: declared in the scanner's YAML entry, provisioned by the session before `setup`:
//   indicators: [{ type: rsi, period: 14, interval: 1d }]
// (warm-up: 202 daily bars, RSI's stable length). `period` in `config:` must name the same
// indicator (default 14); `setup` fails with a message saying what to declare when it is missing.
//
// Result: the qualifying symbols, lowest RSI first; metadata
// `{ scanned, notReady, hits: { SYMBOL: { rsi, price } } }` (rsi rounded to 2 decimals).

import { defineScanner, indicatorKey } from "scanwright";
import { z } from "zod";

const configSchema = z.strictObject({
  period: z.number().int().min(2).default(14),
  /** A symbol qualifies when its daily RSI is below this. */
  max_rsi: z.number().min(0).max(100).default(30),
  min_price: z.number().min(0).default(1),
});

export interface RsiOversoldHit {
  readonly rsi: number;
  readonly price: number;
}

export default defineScanner({
  name: "rsi-oversold",
  configSchema,
  setup(context) {
    const { config, universe, sessionData } = context;
    const key = indicatorKey("rsi", [config.period], "1d");
    const missing = universe.filter((symbol) => sessionData.getIndicator(symbol, key) === undefined);
    if (missing.length > 0) {
      throw new Error(
        `reads ${key}, which ${missing.length} of ${universe.length} universe symbols lack (e.g. ${missing[0]}): ` +
          `add { type: rsi, period: ${config.period}, interval: 1d } to this scanner's indicators`,
      );
    }
    return { key };
  },
  scan(context) {
    const { sessionData, config, state, universe } = context;
    // The whole universe's RSI in one read; NaN where it is not ready.
    const rsiValues = sessionData.getIndicatorValues(state.key, universe);
    const hits = new Map<string, RsiOversoldHit>();
    let notReady = 0;
    for (let i = 0; i < universe.length; i++) {
      const symbol = universe[i];
      const rsi = rsiValues[i];
      const price = sessionData.getLatestPrice(symbol);
      if (Number.isNaN(rsi) || price === undefined) {
        notReady++;
        continue;
      }
      if (rsi < config.max_rsi && price >= config.min_price) {
        hits.set(symbol, { rsi: Math.round(rsi * 100) / 100, price });
      }
    }
    const symbols = [...hits.keys()].sort(
      (a, b) => hits.get(a)!.rsi - hits.get(b)!.rsi || a.localeCompare(b),
    );
    return { symbols, metadata: { scanned: universe.length, notReady, hits: Object.fromEntries(hits) } };
  },
});
