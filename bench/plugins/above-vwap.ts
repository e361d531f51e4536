// Bench scanner "above-vwap": universe symbols whose latest completed 1m close is above their
// session VWAP (1m). Deliberately tiny: the backtest-throughput benchmark measures the framework
// around it, and its output check recomputes exactly this criterion from the store
// (backtest-check.ts). Reads through the allocation-free paths (`getIndicatorValue`, `getLatestClose`).

import { defineScanner } from "scanwright";

export default defineScanner({
  name: "above-vwap",
  scan(context) {
    const { sessionData, universe } = context;
    const symbols: string[] = [];
    for (let i = 0; i < universe.length; i++) {
      const vwap = sessionData.getIndicatorValue(universe[i], "vwap_1m");
      const close = sessionData.getLatestClose(universe[i], "1m");
      if (vwap !== null && close !== undefined && close > vwap) symbols.push(universe[i]);
    }
    return { symbols };
  },
});
