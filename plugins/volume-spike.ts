// volume-spike: stocks whose latest bar traded far more than usual — an unusual-activity alert.
//
// Criteria, per universe symbol (all must hold), at a slot T:
//   rel = rel_volume(period) on `interval` (5m by default): the volume of the latest `interval` bar
//         that ended by T over the average volume of the `period` bars before it (across sessions);
//   rel ≥ min_rel_volume;
//   price = close of that same bar ≥ min_price.
// A symbol whose rel_volume is not ready (not enough bars yet), or whose latest bar is from an
// earlier session (no bar of today has ended yet, or no trades today), is skipped (`notReady`):
// yesterday's last bar is not today's activity.
// With the default 5m interval, schedule the scans on the 5m grid (`interval: 5m`) so every 5m bar
// is looked at once; a coarser grid only looks at the bar that ended last.
//
// Indicators: declared in the scanner's YAML entry, provisioned by the session before `setup`:
//   indicators: [{ type: rel_volume, period: 20, interval: 5m }]
// `period` and `interval` in `config:` must name the same indicator (they default to 20 and 5m);
// `setup` fails with a message saying what to declare when it is missing.
//
// Result: the qualifying symbols, highest relative volume first; metadata
// `{ scanned, notReady, hits: { SYMBOL: { relVolume, price, volume } } }` (relVolume rounded to 2
// decimals, volume = the bar's volume).

import { defineScanner, indicatorKey, isInterval } from "scanwright";
import { z } from "zod";

const configSchema = z.strictObject({
  /** Bars the average volume is taken over: the `period` of the declared rel_volume. */
  period: z.number().int().min(1).default(20),
  /** Interval of the declared rel_volume (`1m`, `5m`, `15m`, …). */
  interval: z
    .string()
    .refine(isInterval, { message: "must be a bar interval such as 1m, 5m or 15m" })
    .default("5m"),
  /** Smallest ratio of the bar's volume to the average that qualifies. */
  min_rel_volume: z.number().positive().default(3),
  min_price: z.number().min(0).default(5),
});

export interface VolumeSpikeHit {
  readonly relVolume: number;
  readonly price: number;
  readonly volume: number;
}

export default defineScanner({
  name: "volume-spike",
  configSchema,
  setup(context) {
    const { config } = context;
    const key = indicatorKey("rel_volume", [config.period], config.interval);
    requireDeclared(context.universe, (symbol) => context.sessionData.getIndicator(symbol, key), {
      key,
      declaration: `{ type: rel_volume, period: ${config.period}, interval: ${config.interval} }`,
    });
    return { key };
  },
  scan(context) {
    const { sessionData, config, state, universe } = context;
    const openAt = context.timeManager.session.openAt;
    // The whole universe's relative volume in one read; NaN where it is not ready.
    const relValues = sessionData.getIndicatorValues(state.key, universe);
    const hits = new Map<string, VolumeSpikeHit>();
    let notReady = 0;
    for (let i = 0; i < universe.length; i++) {
      const symbol = universe[i];
      const rel = relValues[i];
      const bar = sessionData.getLatestBar(symbol, config.interval);
      // A bar of an earlier session (no trade yet today, or a halt) is not today's activity.
      if (Number.isNaN(rel) || bar === undefined || bar.time < openAt) {
        notReady++;
        continue;
      }
      if (rel >= config.min_rel_volume && bar.close >= config.min_price) {
        hits.set(symbol, {
          relVolume: Math.round(rel * 100) / 100,
          price: bar.close,
          volume: bar.volume,
        });
      }
    }
    const symbols = [...hits.keys()].sort(
      (a, b) => hits.get(b)!.relVolume - hits.get(a)!.relVolume || a.localeCompare(b),
    );
    return { symbols, metadata: { scanned: universe.length, notReady, hits: Object.fromEntries(hits) } };
  },
});

/** Fails setup, naming the YAML to add, when a universe symbol lacks the indicator this plugin reads. */
function requireDeclared(
  universe: readonly string[],
  lookup: (symbol: string) => unknown,
  expected: { readonly key: string; readonly declaration: string },
): void {
  const missing = universe.filter((symbol) => lookup(symbol) === undefined);
  if (missing.length === 0) return;
  throw new Error(
    `reads ${expected.key}, which ${missing.length} of ${universe.length} universe symbols lack (e.g. ${missing[0]}): ` +
      `add ${expected.declaration} to this scanner's indicators`,
  );
}
