// The public API of scanwright for plugin authors and embedders: what `import … from "scanwright"`
// gives. Plugins import only from here (and their tests from "scanwright/testing"). Sorted by module
// path, so grouped by layer: config, core, data, indicators, runtime (createSession, runBacktest),
// scanners (defineScanner, loadScanner, the journal), session (the types of what a session hands
// out), time (calendar, clocks). The engine's wiring (the container, IndicatorManager, the
// requirement analyzer) and the live daemon's pieces (runDaemon, ScaledClock, PacedReplayFeed) are
// not part of it: the CLI runs them.

// Sessions are wired by tsyringe, whose decorators need the Reflect metadata API first.
import "reflect-metadata";

export { type LoadedSessionConfig, loadSessionConfig } from "./config/load-session-config.js";
export { type SessionConfig, type SessionConfigInput, sessionConfigSchema } from "./config/session-config.js";
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
  PluginError,
  PluginHookError,
  ScanwrightError,
  ScheduleError,
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
export { type Logger, RecordingLogger, silentLogger } from "./core/logger.js";
export { isValidSymbol, MAX_SYMBOL_LENGTH, normalizeSymbol } from "./core/symbol.js";
export type { BarFeed, FeedRangeSink } from "./data/bar-feed.js";
export { BarStore } from "./data/bar-store.js";
export type { BarStorePort } from "./data/bar-store-port.js";
export { BinanceKlineFeed, type BinanceKlineFeedOptions } from "./data/feeds/binance/binance-kline-feed.js";
export { openBarStore } from "./data/open-bar-store.js";
export { PgBarStore, type PgBarStoreOptions } from "./data/pg-bar-store.js";
export { ReplayFeed } from "./data/replay-feed.js";
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
export { type BacktestOptions, type BacktestReport, runBacktest } from "./runtime/backtest-runner.js";
export { createSession, type Session, type SessionOverrides } from "./runtime/create-session.js";
export type { DayEndEvent, DayStartEvent, MissedEvent, RunEvent } from "./runtime/run-events.js";
export {
  defineScanner,
  type HookKind,
  type ScanContext,
  type ScannerDefinition,
  type ScanResult,
  type TimeManager,
} from "./scanners/define-scanner.js";
export { type LoadedScanner, loadScanner } from "./scanners/plugin-loader.js";
export { ScanJournal } from "./scanners/scan-journal.js";
export type { ScanRecord, ScanStatus } from "./scanners/scan-record.js";
export type { ScannerSpec } from "./scanners/scanner-spec.js";
export type { PluginSessionData } from "./session/plugin-session-data.js";
export type { DayEnd, DayStart, SessionCoordinator } from "./session/session-coordinator.js";
export type { AddIndicatorOptions, IndicatorValue, SessionData, SymbolInfo } from "./session/session-data.js";
export type { SymbolOrigin } from "./session/symbol-state.js";
export type { Clock, TimerHandle } from "./time/clock.js";
export { ExchangeCalendar } from "./time/exchange-calendar.js";
export type { ExchangeDefinition } from "./time/market-definition.js";
export { twentyFourSevenMarket } from "./time/markets/crypto.js";
export { calendarOf, MARKETS, marketDefinition } from "./time/markets/index.js";
export { formatSessionTime, parseSessionTime, type SessionTime } from "./time/session-time.js";
export { SimulatedClock } from "./time/simulated-clock.js";
export type { TradingSession } from "./time/trading-session.js";
export { WallClock } from "./time/wall-clock.js";
