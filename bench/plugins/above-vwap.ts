// Bench scanner "above-vwap": universe symbols whose latest completed 1m close is above their
// session VWAP (1m). Deliberately tiny: the backtest-throughput benchmark measures the framework
// around it, and its output check recomputes exactly this criterion from the store
// (backtest-check.ts). Reads the whole universe at once (`getIndicatorValues`, `getLatestCloses`).

import { defineScanner } from "scanwright";

export default defineScanner({
  name: "above-vwap",
  scan(context) {
    const { sessionData, universe } = context;
    const vwap = sessionData.getIndicatorValues("vwap_1m", universe);
    const close = sessionData.getLatestCloses(universe, "1m");
    const symbols: string[] = [];
    // NaN (no VWAP yet, no bar yet) compares false: such a symbol never qualifies.
    for (let i = 0; i < universe.length; i++) {
      if (close[i] > vwap[i]) symbols.push(universe[i]);
    }
    return { symbols };
  },
});
