// createTestSession: the session a plugin's test runs against. The bars the test gives go into an
// in-memory bar store; a session over it runs on a SimulatedClock; the trading day of `at` is
// started at its pre-market, as the ScannerManager starts a day, and the clock moved to `at`, so
// every bar that ended by then has been applied. `advanceTo` moves on to the next slot the same way.
// Nothing here is mocked: it is the engine's own session (createSession) over the test's data.

import type { SessionConfigInput } from "../config/session-config.js";
import type { Bar } from "../core/bar.js";
import { type BarColumns, barsToColumns } from "../core/bar-columns.js";
import { UsageError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { BarStore } from "../data/bar-store.js";
import type { IndicatorRegistry } from "../indicators/indicator-registry.js";
import { createSession, type Session } from "../runtime/create-session.js";
import { ExchangeCalendar } from "../time/exchange-calendar.js";
import { SimulatedClock } from "../time/simulated-clock.js";
import type { TradingSession } from "../time/trading-session.js";

/** A bar as a test writes it: the interval is the key it is listed under. */
export type TestBar = Omit<Bar, "interval">;

/** Bars by symbol, then by interval (`1m`, `5m`, `1d`, …), oldest first: objects or columns. */
export type TestBars = Readonly<Record<string, Readonly<Record<string, readonly TestBar[] | BarColumns>>>>;

/** An instant: epoch ms, or ISO text with an offset (`2024-12-02T10:00:00-05:00`). */
export type TestInstant = number | string;

export interface TestSessionOptions {
  /** What the store holds; symbols without bars are unknown to the session. */
  readonly bars: TestBars;
  /** Where the clock stands when the session is handed over; its New York date is the trading day. */
  readonly at: TestInstant;
  /** The config's `session_data` (configured symbols, indicators, scanners); none by default. */
  readonly session_data?: SessionConfigInput["session_data"];
  /**
   * Start the day of `at` (default true): the clock starts at its pre-market (04:00 New York, or at
   * `at` when that is earlier), the day is started and the clock moved to `at`. With `false` the
   * clock just stands at `at` and no day is started (call `coordinator.startDay()` yourself).
   */
  readonly startDay?: boolean;
  readonly calendar?: ExchangeCalendar;
  readonly registry?: IndicatorRegistry;
  readonly logger?: Logger;
}

/** A session on a SimulatedClock over an in-memory store. */
export interface TestSession extends Session {
  readonly clock: SimulatedClock;
  /** The trading day of `at`. */
  readonly trading: TradingSession;
  /**
   * Moves the clock to `time` (not before now) and applies every bar that ended by then; returns
   * how many base bars were applied.
   */
  advanceTo(time: TestInstant): number;
  /** Closes the session and its in-memory store. */
  close(): void;
}

/** A session over `bars`, with the day of `at` started and every bar ending by `at` applied. */
export function createTestSession(options: TestSessionOptions): TestSession {
  const at = toInstant(options.at, "at");
  const calendar = options.calendar ?? new ExchangeCalendar();
  const trading = calendar.requireSession(calendar.dateOf(at));
  const startDay = options.startDay ?? true;
  const store = BarStore.open(":memory:");
  let handedOver = false;
  try {
    for (const [symbol, byInterval] of Object.entries(options.bars)) {
      for (const [interval, bars] of Object.entries(byInterval)) {
        store.insertBars(symbol, interval, isColumns(bars) ? bars : barsToColumns(bars));
      }
    }
    const clock = new SimulatedClock(startDay ? Math.min(at, trading.preMarketAt) : at);
    const session = createSession(
      {
        name: "test",
        mode: "backtest",
        backtest: { start: trading.date, end: trading.date },
        ...(options.session_data === undefined ? {} : { session_data: options.session_data }),
      },
      { clock, store, calendar, registry: options.registry, logger: options.logger },
    );
    const advanceTo = (time: TestInstant): number => {
      clock.advanceTo(toInstant(time, "advanceTo"));
      return session.coordinator.advance();
    };
    const testSession: TestSession = {
      ...session,
      clock,
      trading,
      advanceTo,
      close: () => {
        session.close();
        store.close();
      },
    };
    handedOver = true;
    try {
      if (startDay) {
        session.coordinator.startDay(trading.date);
        advanceTo(at);
      }
    } catch (error) {
      testSession.close();
      throw error;
    }
    return testSession;
  } catch (error) {
    if (!handedOver) store.close();
    throw error;
  }
}

function isColumns(bars: readonly TestBar[] | BarColumns): bars is BarColumns {
  return !Array.isArray(bars);
}

function toInstant(value: TestInstant, what: string): number {
  const time = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(time)) {
    throw new UsageError(
      `${what} must be epoch ms or ISO text with an offset (2024-12-02T10:00:00-05:00), got ${JSON.stringify(value)}`,
    );
  }
  if (typeof value === "string" && !/(Z|[+-]\d\d:\d\d)$/.test(value)) {
    throw new UsageError(
      `${what} needs an offset (Z or ±HH:MM) to name one instant, got ${JSON.stringify(value)}`,
    );
  }
  return time;
}
