// The scanner plugin contract. A plugin module's default export is `defineScanner({...})`: a name,
// an optional zod schema for its YAML `config:` block, and the hooks the ScannerManager calls each
// trading day: `setup` once before the scanner's first slot (return `false` to sit the day out, or
// any state object to hand to later hooks), `scan` at every slot, `teardown` once after the last.

import type { z } from "zod";
import type { Logger } from "../core/logger.js";
import type { PluginSessionData } from "../session/plugin-session-data.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { TradingSession } from "../time/trading-session.js";

/** What a scan returns: the qualifying symbols and free-form details (per symbol, or stats). */
export interface ScanResult {
  readonly symbols: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** The seed's TimeManager: the calendar, the clock, and the session being traded. */
export interface TimeManager {
  readonly calendar: ExchangeCalendar;
  readonly clock: Clock;
  readonly session: TradingSession;
  /** `clock.now()`. */
  now(): number;
  /** An instant as ISO text with the exchange's offset (`2024-11-29T09:35:00-05:00`). */
  format(time: number): string;
}

export type HookKind = "setup" | "pre_session" | "regular" | "cron" | "teardown";

export interface ScanContext<Config = unknown, State = unknown> {
  /** The configured name of this scanner (one plugin can run under several names). */
  readonly scanner: string;
  /** The adhoc and read APIs of the session (the wiring stays with the engine). */
  readonly sessionData: PluginSessionData;
  readonly timeManager: TimeManager;
  readonly mode: "backtest" | "live";
  /** The slot's instant (epoch ms); for setup and teardown, the instant they run at. */
  readonly currentTime: number;
  readonly hook: HookKind;
  /** The YAML `config:` block, validated and typed by the plugin's `configSchema`. */
  readonly config: Config;
  /** The symbols this scanner watches today (its indicators are provisioned for each). */
  readonly universe: readonly string[];
  readonly log: Logger;
  /** What `setup` returned (undefined when it returned nothing). */
  readonly state: State;
}

export interface ScannerDefinition<Config = unknown, State = unknown> {
  /** The plugin's own name (a type of scanner, e.g. `gap-scanner`). */
  readonly name: string;
  readonly configSchema?: z.ZodType<Config>;
  setup?(
    context: ScanContext<Config, undefined>,
  ): State | false | undefined | Promise<State | false | undefined>;
  scan(context: ScanContext<Config, State>): ScanResult | Promise<ScanResult>;
  /** `state` is undefined when setup returned false, failed or timed out. */
  teardown?(context: ScanContext<Config, State | undefined>): void | Promise<void>;
}

/**
 * Declares a scanner plugin. The config type comes from `configSchema`; the state type from what
 * `setup` returns.
 */
export function defineScanner<
  Schema extends z.ZodType = z.ZodType<Record<string, never>>,
  State = undefined,
>(definition: {
  readonly name: string;
  readonly configSchema?: Schema;
  setup?(
    context: ScanContext<z.output<Schema>, undefined>,
  ): State | false | undefined | Promise<State | false | undefined>;
  scan(context: ScanContext<z.output<Schema>, State>): ScanResult | Promise<ScanResult>;
  teardown?(context: ScanContext<z.output<Schema>, State | undefined>): void | Promise<void>;
}): ScannerDefinition<z.output<Schema>, State> {
  return definition as ScannerDefinition<z.output<Schema>, State>;
}
