// The ScanContext a scanner's hook receives, built in one place: the ScannerManager hands it to
// every hook of a trading day, and the plugin test helpers (src/testing) hand the same object to a
// hook called directly, so a plugin's tests see exactly what a session run gives it.

import type { LogFields, Logger } from "../core/logger.js";
import type { PluginSessionData } from "../session/plugin-session-data.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { TradingSession } from "../time/trading-session.js";
import type { HookKind, ScanContext, TimeManager } from "./define-scanner.js";
import type { UniverseCopies } from "./universe-copies.js";

export interface ScanContextParts<Config, State> {
  /** The configured name of the scanner. */
  readonly scanner: string;
  /** The plugin's view of the session (pluginSessionData), not the SessionData itself. */
  readonly sessionData: PluginSessionData;
  readonly calendar: ExchangeCalendar;
  /** The session clock (simulated in backtests and tests). */
  readonly clock: Clock;
  /** The trading day being run. */
  readonly session: TradingSession;
  readonly mode: "backtest" | "live";
  /** The slot's instant; for setup and teardown, the instant they run at. */
  readonly currentTime: number;
  readonly hook: HookKind;
  /** The plugin's config, already parsed by its `configSchema`. */
  readonly config: Config;
  /** Handed to the hook as a frozen copy: the plugin never holds the manager's own array. */
  readonly universe: readonly string[];
  /** Makes that copy; the same object the plugin's `sessionData` maps copies back with. */
  readonly copies: UniverseCopies;
  /** The session's logger; the context's `log` adds the scanner's name to every line. */
  readonly logger: Logger;
  readonly state: State;
}

/** The context a hook is called with. */
export function buildScanContext<Config, State>(
  parts: ScanContextParts<Config, State>,
): ScanContext<Config, State> {
  const { calendar, clock } = parts;
  const timeManager: TimeManager = {
    calendar,
    clock,
    session: parts.session,
    now: () => clock.now(),
    format: (time) => calendar.formatInstant(time),
  };
  return {
    scanner: parts.scanner,
    sessionData: parts.sessionData,
    timeManager,
    mode: parts.mode,
    currentTime: parts.currentTime,
    hook: parts.hook,
    config: parts.config,
    universe: parts.copies.copy(parts.universe),
    log: scannerLogger(parts.logger, parts.scanner),
    state: parts.state,
  };
}

/** `logger` with `{ scanner }` in the fields of every line. */
export function scannerLogger(logger: Logger, scanner: string): Logger {
  const withScanner = (fields?: LogFields): LogFields => ({ scanner, ...fields });
  return {
    debug: (message, fields) => logger.debug(message, withScanner(fields)),
    info: (message, fields) => logger.info(message, withScanner(fields)),
    warn: (message, fields) => logger.warn(message, withScanner(fields)),
    error: (message, fields) => logger.error(message, withScanner(fields)),
  };
}
