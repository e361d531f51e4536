// Bench scanner "rsi-below": universe symbols whose RSI(14) on 5m is below `max_rsi` (default 30).
// Deliberately tiny: the backtest-throughput benchmark measures the framework around it, and its
// output check recomputes exactly this criterion from the store (backtest-check.ts). Reads the
// indicator for the whole universe at once through `getIndicatorValues`, the read path meant for
// whole-universe scans.

import { defineScanner } from "scanwright";
import { z } from "zod";

const configSchema = z.strictObject({ max_rsi: z.number().default(30) });

export default defineScanner({
  name: "rsi-below",
  configSchema,
  scan(context) {
    const { sessionData, config, universe } = context;
    const rsi = sessionData.getIndicatorValues("rsi_14_5m", universe);
    const symbols: string[] = [];
    // NaN (not ready) compares false: such a symbol never qualifies.
    for (let i = 0; i < universe.length; i++) {
      if (rsi[i] < config.max_rsi) symbols.push(universe[i]);
    }
    return { symbols };
  },
});
