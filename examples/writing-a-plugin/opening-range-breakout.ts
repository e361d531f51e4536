// opening-range-breakout: an example of a plugin you write yourself, and test with
// opening-range-breakout.test.ts next to it. A symbol qualifies once the opening range is over
// (the first `range_minutes` of the session, 30 by default) and its latest 1m close is above the
// range's high by more than `min_breakout_percent` (default 0: any close above the high).
//
// It needs no indicator: `setup` streams today's 1m bars for each universe symbol through the adhoc
// API `sessionData.addSessionBars`. Back-test it over the demo market with backtest.yaml here:
//   npm start && node dist/cli/main.js run examples/writing-a-plugin/backtest.yaml

import { type Bar, defineScanner } from "scanwright";
import { z } from "zod";

const MINUTE = 60_000;

export default defineScanner({
  name: "opening-range-breakout",
  configSchema: z.strictObject({
    range_minutes: z.number().int().min(1).max(120).default(30),
    min_breakout_percent: z.number().min(0).default(0),
  }),

  // What setup returns is the state of the day's scans: here, the symbols it could stream.
  async setup(context) {
    const streamed: string[] = [];
    for (const symbol of context.universe) {
      try {
        await context.sessionData.addSessionBars(symbol, "1m");
        streamed.push(symbol);
      } catch (error) {
        context.log.warn(`${symbol} is left out today: ${error instanceof Error ? error.message : error}`);
      }
    }
    return { streamed };
  },

  scan(context) {
    const { sessionData, config, currentTime, state } = context;
    const openAt = context.timeManager.session.openAt;
    const rangeEnd = openAt + config.range_minutes * MINUTE;
    if (currentTime < rangeEnd) return { symbols: [] }; // the range is not complete yet
    const hits: Record<string, { rangeHigh: number; price: number }> = {};
    for (const symbol of state.streamed) {
      const today: Bar[] = sessionData.getBars(symbol, "1m").filter((bar) => bar.time >= openAt);
      const range = today.filter((bar) => bar.time < rangeEnd);
      const latest = today[today.length - 1];
      if (range.length === 0 || latest.time < rangeEnd) continue; // no trade in or after the range
      const rangeHigh = Math.max(...range.map((bar) => bar.high));
      if (latest.close > rangeHigh * (1 + config.min_breakout_percent / 100)) {
        hits[symbol] = { rangeHigh, price: latest.close };
      }
    }
    return { symbols: Object.keys(hits), metadata: { hits } };
  },
});
