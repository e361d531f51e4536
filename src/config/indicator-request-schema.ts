// An indicator a config asks for (`{type: sma, period: 20, interval: 1d}`), for the session symbols
// or for a scanner's universe. The type and parameters are checked against the indicator registry
// by the loader, which knows which registry the session will use.

import { z } from "zod";
import { intervalText } from "./config-fields.js";

export const indicatorRequestSchema = z
  .strictObject({
    type: z.string().min(1).describe("Indicator name from the registry (`sma`, `ema`, `rsi`, `vwap`, …)."),
    period: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Shorthand for `params.period`; only for indicators that have a period."),
    interval: intervalText.describe("Bar interval the indicator is computed on (`1m`, `5m`, `1d`, …)."),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The indicator's own parameters; see docs/indicators.md."),
  })
  .describe("An indicator provisioned (through addIndicator) for every symbol it applies to.");
