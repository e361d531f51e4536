// The composition root: builds a wired session from a session config. A child container per
// session run binds the typed tokens to concrete instances (calendar, clock, store, feed, registry,
// IndicatorManager) and wires the SessionData ↔ SessionCoordinator ↔ IndicatorManager circle through
// the seed's setters. Overrides let tests and embedders inject their own clock, store or feed.

// tsyringe needs the Reflect metadata API when it loads: in the bundled build this module may run
// before the entry's own import of it.
import "reflect-metadata";
import { availableParallelism } from "node:os";
import { type DependencyContainer, container as rootContainer } from "tsyringe";
import { resolveConfigPath } from "../config/config-paths.js";
import {
  type SessionConfig,
  type SessionConfigInput,
  sessionConfigSchema,
} from "../config/session-config.js";
import { ConfigError } from "../core/errors.js";
import { type Logger, silentLogger } from "../core/logger.js";
import { PrefaultedMemory } from "../core/prefaulted-memory.js";
import { HEAP_MEMORY } from "../core/series-memory.js";
import { formatZodIssues } from "../core/zod-issues.js";
import type { BarFeed } from "../data/bar-feed.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import { openBarStore } from "../data/open-bar-store.js";
import { ReplayFeed, type ReplayFeedOptions } from "../data/replay-feed.js";
import type { RegularHours } from "../data/session-hours.js";
import { resolveStorePath } from "../data/store-path.js";
import { startReadThreadWhereUseful } from "../data/store-read-thread-start.js";
import { IndicatorManager } from "../indicators/indicator-manager.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import { defaultIndicatorRegistry } from "../indicators/registry.js";
import { HistoryReader } from "../session/history-reader.js";
import { RequirementAnalyzer } from "../session/requirement-analyzer.js";
import { SessionCoordinator } from "../session/session-coordinator.js";
import { SessionData } from "../session/session-data.js";
import { SessionSymbols } from "../session/session-symbols.js";
import { TOKENS } from "../session/session-tokens.js";
import { loadCalendarOverrides } from "../time/calendar-overrides.js";
import type { Clock } from "../time/clock.js";
import { ExchangeCalendar } from "../time/exchange-calendar.js";
import { marketDefinition } from "../time/markets/index.js";
import { SimulatedClock } from "../time/simulated-clock.js";
import { WallClock } from "../time/wall-clock.js";
import { calendarBarEndTime } from "./calendar-bar-end.js";
import { calendarSessionDays } from "./calendar-session-days.js";

export interface SessionOverrides {
  readonly clock?: Clock;
  readonly store?: BarStorePort;
  readonly feed?: BarFeed;
  readonly calendar?: ExchangeCalendar;
  readonly registry?: IndicatorRegistry;
  readonly logger?: Logger;
  /** A store path that wins over the config (the `--store` flag). */
  readonly storePath?: string;
  /** Folder relative paths in the config resolve against (default: the working directory). */
  readonly baseDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A wired session. What an embedder drives: `coordinator` (startDay/advance/endDay, as runBacktest
 * and runDaemon do), the `sessionData` of the day, the clock, calendar, store and feed it runs on.
 * The DI container that wired it stays inside createSession.
 */
export interface Session {
  readonly config: SessionConfig;
  readonly sessionData: SessionData;
  readonly coordinator: SessionCoordinator;
  readonly calendar: ExchangeCalendar;
  readonly clock: Clock;
  readonly store: BarStorePort;
  readonly feed: BarFeed;
  readonly logger: Logger;
  /** Releases what the session opened (the store, unless it was passed in). */
  close(): void;
}

/** A session with the internals that wired it (for the engine's own tests; not exported). */
export interface WiredSession extends Session {
  readonly container: DependencyContainer;
  readonly indicators: IndicatorManager;
}

/** Builds and wires a session from a config; `overrides` inject a clock, store, feed, calendar… */
export function createSession(
  input: SessionConfigInput | SessionConfig,
  overrides: SessionOverrides = {},
): Session {
  const { container: _container, indicators: _indicators, ...session } = wireSession(input, overrides);
  return session;
}

/** createSession, keeping the container in the result. */
export function wireSession(
  input: SessionConfigInput | SessionConfig,
  overrides: SessionOverrides = {},
): WiredSession {
  const parsed = sessionConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`Invalid session config: ${formatZodIssues(parsed.error.issues)}`);
  }
  const config = parsed.data;
  const baseDir = overrides.baseDir ?? process.cwd();
  const calendar =
    overrides.calendar ??
    new ExchangeCalendar(
      config.calendar_overrides
        ? loadCalendarOverrides(config.calendar_overrides, {
            cwd: baseDir,
            market: marketDefinition(config.exchange),
          })
        : {},
      marketDefinition(config.exchange),
    );
  // A clock the session made itself is its to stop on close (a WallClock's pending timers).
  const ownWallClock = overrides.clock === undefined && config.mode === "live" ? new WallClock() : undefined;
  const clock = overrides.clock ?? ownWallClock ?? defaultBacktestClock(config, calendar);
  const ownsStore = overrides.store === undefined;
  const store =
    overrides.store ??
    openBarStore(
      resolveStorePath({
        flag: overrides.storePath,
        // The config's own path is relative to the config file; the environment's and the default to the working directory.
        config: config.store === undefined ? undefined : resolveConfigPath(baseDir, config.store),
        env: overrides.env ?? process.env,
        cwd: process.cwd(),
      }),
    );
  let memory: PrefaultedMemory | undefined;
  let stopReadThread: (() => void) | undefined;
  try {
    stopReadThread = readsOnThread(config) ? startReadThreadWhereUseful(store) : undefined;
    memory = seriesMemory(config);
    const feed =
      overrides.feed ??
      new ReplayFeed(store, "1m", {
        nextSession: nextBacktestSession(config, calendar),
        stepBlock: stepBlockOptions(config, calendar, memory),
      });
    const registry = overrides.registry ?? defaultIndicatorRegistry();
    const indicators = new IndicatorManager(registry, {
      barEndTime: calendarBarEndTime(calendar),
      sessionDays: calendarSessionDays(calendar),
    });

    const container = rootContainer.createChildContainer();
    container.register(TOKENS.calendar, { useValue: calendar });
    container.register(TOKENS.clock, { useValue: clock });
    container.register(TOKENS.barStore, { useValue: store });
    container.register(TOKENS.barFeed, { useValue: feed });
    container.register(TOKENS.logger, { useValue: overrides.logger ?? silentLogger });
    container.register(TOKENS.indicatorRegistry, { useValue: registry });
    container.register(TOKENS.indicatorManager, { useValue: indicators });
    container.register(TOKENS.sessionDataSpec, { useValue: config.session_data });
    container.register(TOKENS.warmupMultiplier, { useValue: config.warmup_multiplier });
    container.register(TOKENS.seriesMemory, { useValue: memory ?? HEAP_MEMORY });
    container.registerSingleton(SessionSymbols);
    container.registerSingleton(HistoryReader);
    container.registerSingleton(RequirementAnalyzer);
    container.registerSingleton(SessionData);
    container.registerSingleton(SessionCoordinator);

    const sessionData = container.resolve(SessionData);
    const coordinator = container.resolve(SessionCoordinator);
    sessionData.setIndicatorManager(indicators);
    sessionData.setSessionCoordinator(coordinator);

    return {
      config,
      container,
      sessionData,
      coordinator,
      indicators,
      calendar,
      clock,
      store,
      feed,
      logger: overrides.logger ?? silentLogger,
      close: () => {
        ownWallClock?.cancelAll();
        memory?.close();
        stopReadThread?.();
        if (ownsStore) store.close();
      },
    };
  } catch (error) {
    memory?.close();
    stopReadThread?.();
    if (ownsStore) store.close();
    throw error;
  }
}

/**
 * Whether a backtest's store reads may go to the store's read thread (store-read-thread.ts, started
 * where it pays: startReadThreadWhereUseful), unless `backtest.read_worker` is false. A live
 * session's store may be written while it runs (fetches): its reads stay on the main thread.
 */
function readsOnThread(config: SessionConfig): boolean {
  return config.mode !== "live" && config.backtest?.read_worker !== false;
}

/**
 * Series memory whose pages a second thread touches ahead (prefaulted-memory.ts), for a backtest
 * when there is a second CPU, unless `backtest.prefault_thread` is false. A live session adds
 * and drops symbols over days, which a slab carved once would not give back: heap arrays there.
 */
function seriesMemory(config: SessionConfig): PrefaultedMemory | undefined {
  if (config.mode === "live" || config.backtest?.prefault_thread === false) return undefined;
  if (availableParallelism() < 2) return undefined;
  return new PrefaultedMemory();
}

/**
 * The replay's step block: none with `backtest.step_block: false`. With series memory touched
 * ahead, it is made at once for the config's symbols and the longest of the backtest's first
 * days, on memory the same thread touches: its
 * first day's copy then pays no page faults (at 2,000 symbols 9,000 of them: the copy took 50–60 ms
 * on the first day, 23–31 ms touched ahead, 12–19 ms on later days).
 */
function stepBlockOptions(
  config: SessionConfig,
  calendar: ExchangeCalendar,
  memory: PrefaultedMemory | undefined,
): ReplayFeedOptions["stepBlock"] {
  const backtest = config.backtest;
  if (backtest?.step_block === false) return false;
  if (memory === undefined || backtest === undefined) return undefined;
  const days = calendar.tradingDays(backtest.start, backtest.end).slice(0, 5);
  const bars = Math.max(
    0,
    ...days.map((date) => {
      const session = calendar.requireSession(date);
      return Math.round((session.closeAt - session.openAt) / 60_000);
    }),
  );
  return {
    float64: (length) => memory.touchedFloat64(length),
    reserve: bars > 0 ? { symbols: config.session_data.symbols.length, bars } : undefined,
  };
}

/** The backtest's session after `session` (undefined after its last day): for the replay's read-ahead. */
function nextBacktestSession(
  config: SessionConfig,
  calendar: ExchangeCalendar,
): ((session: RegularHours) => RegularHours | undefined) | undefined {
  const lastDay = config.backtest?.end;
  if (config.mode === "live" || lastDay === undefined) return undefined;
  return (session) => {
    const date = calendar.sessionAt(session.openAt)?.date;
    if (date === undefined) return undefined;
    const next = calendar.nextTradingDay(date);
    return next > lastDay ? undefined : calendar.requireSession(next);
  };
}

/** Backtests start on a simulated clock at the first session's pre-market (live runs on the wall clock). */
function defaultBacktestClock(config: SessionConfig, calendar: ExchangeCalendar): Clock {
  if (!config.backtest) {
    throw new ConfigError("A backtest session needs backtest.start and backtest.end", {
      location: { path: "backtest" },
    });
  }
  const first = calendar.isTradingDay(config.backtest.start)
    ? config.backtest.start
    : calendar.nextTradingDay(config.backtest.start);
  return new SimulatedClock(calendar.requireSession(first).preMarketAt);
}
