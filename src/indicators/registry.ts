// The default indicator catalog: every built-in indicator, as an immutable IndicatorRegistry value.
// Build your own catalog with `new IndicatorRegistry([...])` or extend this one with
// `defaultIndicatorRegistry().with(myDefinition)`; nothing here is global or mutable.

import { adxDefinition } from "./adx.js";
import { atrDefinition } from "./atr.js";
import { avgVolumeDefinition } from "./avg-volume.js";
import { bbandsDefinition } from "./bbands.js";
import type { IndicatorDefinition } from "./definition.js";
import { emaDefinition } from "./ema.js";
import { gapDefinition } from "./gap.js";
import { highLowDefinition } from "./high-low.js";
import { type IndicatorListing, IndicatorRegistry } from "./indicator-registry.js";
import { macdDefinition } from "./macd.js";
import { obvDefinition } from "./obv.js";
import { relVolumeDefinition } from "./rel-volume.js";
import { rocDefinition } from "./roc.js";
import { rsiDefinition } from "./rsi.js";
import { smaDefinition } from "./sma.js";
import { stochDefinition } from "./stoch.js";
import { vwapDefinition } from "./vwap.js";
import { wmaDefinition } from "./wma.js";

/** The built-in definitions, in catalog order (trend, momentum, volatility, volume, session). */
export const builtInIndicatorDefinitions: readonly IndicatorDefinition[] = Object.freeze([
  smaDefinition,
  emaDefinition,
  wmaDefinition,
  rsiDefinition,
  macdDefinition,
  stochDefinition,
  rocDefinition,
  adxDefinition,
  bbandsDefinition,
  atrDefinition,
  highLowDefinition,
  obvDefinition,
  avgVolumeDefinition,
  relVolumeDefinition,
  vwapDefinition,
  gapDefinition,
]);

/** A registry of every built-in indicator. */
export function defaultIndicatorRegistry(): IndicatorRegistry {
  return new IndicatorRegistry(builtInIndicatorDefinitions);
}

/** Every built-in indicator with its description, outputs and parameter JSON Schema, by name. */
export function listIndicators(): IndicatorListing[] {
  return defaultIndicatorRegistry().list();
}
