// The public API of scanwright for plugin authors and embedders: what `import … from "scanwright"`
// gives. Plugins import only from here. Grouped by layer; other layers add their exports below.

// ---- core: bars, intervals, symbols, errors ---------------------------------------------------
export { assertValidBar, type Bar, barProblem, intradayBarEnd, isVisibleAt } from "./core/bar.js";
export { type BarColumns, barsToColumns, columnsToBars } from "./core/bar-columns.js";
export {
  CalendarError,
  ClockError,
  ConfigError,
  DataError,
  type ErrorCode,
  type ErrorLocation,
  formatLocation,
  ImportError,
  type ImportProblem,
  IndicatorError,
  IntervalError,
  isScanwrightError,
  ScanwrightError,
  SessionError,
  StoreError,
  SymbolError,
  UniverseError,
  UsageError,
} from "./core/errors.js";
export {
  baseInterval,
  compareIntervals,
  formatInterval,
  type Interval,
  type IntervalUnit,
  isDerived,
  isInterval,
  isIntraday,
  parseInterval,
} from "./core/interval.js";
export { isValidSymbol, MAX_SYMBOL_LENGTH, normalizeSymbol } from "./core/symbol.js";

// ---- indicators ---------------------------------------------------------------------------------
export { ADX } from "./indicators/adx.js";
export { ATR } from "./indicators/atr.js";
export { AvgVolume } from "./indicators/avg-volume.js";
export { BBands, type BBandsValue } from "./indicators/bbands.js";
export {
  createIndicator,
  type IndicatorCatalog,
  type IndicatorName,
} from "./indicators/create-indicator.js";
export type { IndicatorDefinition } from "./indicators/definition.js";
export { EMA } from "./indicators/ema.js";
export { Gap } from "./indicators/gap.js";
export { HighLow, type HighLowValue } from "./indicators/high-low.js";
export type {
  Indicator,
  IndicatorInput,
  IndicatorOutput,
  IndicatorSnapshot,
} from "./indicators/indicator.js";
export { indicatorKey, type ParsedIndicatorKey, parseIndicatorKey } from "./indicators/indicator-key.js";
export {
  type IndicatorListing,
  type IndicatorParamsInput,
  type IndicatorParamsJsonSchema,
  IndicatorRegistry,
} from "./indicators/indicator-registry.js";
export {
  type IndicatorSpec,
  type ResolvedIndicatorSpec,
  resolveIndicatorSpec,
} from "./indicators/indicator-spec.js";
export { MACD, type MACDValue } from "./indicators/macd.js";
export { OBV } from "./indicators/obv.js";
export {
  builtInIndicatorDefinitions,
  defaultIndicatorRegistry,
  listIndicators,
} from "./indicators/registry.js";
export { RelVolume } from "./indicators/rel-volume.js";
export { ROC } from "./indicators/roc.js";
export { RSI } from "./indicators/rsi.js";
export { SMA } from "./indicators/sma.js";
export { Stoch, type StochValue } from "./indicators/stoch.js";
export { VWAP } from "./indicators/vwap.js";
export { WMA } from "./indicators/wma.js";
