// `createIndicator(type, params)`: a fresh built-in indicator for plugin authors and tests, with
// parameters validated by its schema (defaults applied; unknown or bad ones are an IndicatorError
// naming the indicator and the parameter). Typed per name: `createIndicator("macd")` is a MACD
// whose value is `{ macd, signal, histogram }`.

import type { z } from "zod";
import type { ADX, adxDefinition } from "./adx.js";
import type { ATR, atrDefinition } from "./atr.js";
import type { AvgVolume, avgVolumeDefinition } from "./avg-volume.js";
import type { BBands, bbandsDefinition } from "./bbands.js";
import type { EMA, emaDefinition } from "./ema.js";
import type { Gap, gapDefinition } from "./gap.js";
import type { HighLow, highLowDefinition } from "./high-low.js";
import type { Indicator } from "./indicator.js";
import type { IndicatorParamsInput } from "./indicator-registry.js";
import type { MACD, macdDefinition } from "./macd.js";
import type { OBV, obvDefinition } from "./obv.js";
import { defaultIndicatorRegistry } from "./registry.js";
import type { RelVolume, relVolumeDefinition } from "./rel-volume.js";
import type { ROC, rocDefinition } from "./roc.js";
import type { RSI, rsiDefinition } from "./rsi.js";
import type { SMA, smaDefinition } from "./sma.js";
import type { Stoch, stochDefinition } from "./stoch.js";
import type { VWAP, vwapDefinition } from "./vwap.js";
import type { WMA, wmaDefinition } from "./wma.js";

interface CatalogEntry<Definition extends { readonly params: z.ZodType }, Instance> {
  /** Parameters as written (defaults optional). */
  readonly params: z.input<Definition["params"]>;
  readonly indicator: Instance;
}

/** Built-in indicator names → their parameters and instance type. */
export interface IndicatorCatalog {
  sma: CatalogEntry<typeof smaDefinition, SMA>;
  ema: CatalogEntry<typeof emaDefinition, EMA>;
  wma: CatalogEntry<typeof wmaDefinition, WMA>;
  rsi: CatalogEntry<typeof rsiDefinition, RSI>;
  macd: CatalogEntry<typeof macdDefinition, MACD>;
  stoch: CatalogEntry<typeof stochDefinition, Stoch>;
  roc: CatalogEntry<typeof rocDefinition, ROC>;
  adx: CatalogEntry<typeof adxDefinition, ADX>;
  bbands: CatalogEntry<typeof bbandsDefinition, BBands>;
  atr: CatalogEntry<typeof atrDefinition, ATR>;
  high_low: CatalogEntry<typeof highLowDefinition, HighLow>;
  obv: CatalogEntry<typeof obvDefinition, OBV>;
  avg_volume: CatalogEntry<typeof avgVolumeDefinition, AvgVolume>;
  rel_volume: CatalogEntry<typeof relVolumeDefinition, RelVolume>;
  vwap: CatalogEntry<typeof vwapDefinition, VWAP>;
  gap: CatalogEntry<typeof gapDefinition, Gap>;
}

export type IndicatorName = keyof IndicatorCatalog;

export function createIndicator<Name extends IndicatorName>(
  type: Name,
  params?: IndicatorCatalog[Name]["params"],
): IndicatorCatalog[Name]["indicator"];
export function createIndicator(type: string, params?: IndicatorParamsInput): Indicator;
export function createIndicator(type: string, params: IndicatorParamsInput = {}): Indicator {
  return defaultIndicatorRegistry().create(type, params);
}
