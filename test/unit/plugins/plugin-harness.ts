// Shared by the example-plugin tests: a deterministic demo store, a session on a simulated clock
// over it, a hand-built ScanContext (what the ScannerManager hands a hook), the plugin loaded
// through loadScanner, and plain reference arithmetic (SMA, Wilder RSI, 5m buckets) on bars read
// straight from the store, so every expected hit is computed without the session or the indicators.

import { afterAll, beforeAll } from "vitest";
import { BarStore } from "../../../src/data/bar-store.js";
import type { DemoMarketOptions } from "../../../src/data/demo-market.js";
import type { Session } from "../../../src/runtime/create-session.js";
import type { ScanContext, ScannerDefinition, TimeManager } from "../../../src/scanners/define-scanner.js";
import { type LoadedScanner, loadScanner } from "../../../src/scanners/plugin-loader.js";
import type { ScannerSpec } from "../../../src/scanners/scanner-spec.js";
import type { SimulatedClock } from "../../../src/time/simulated-clock.js";
import type { TradingSession } from "../../../src/time/trading-session.js";
import { buildDemoStore, type DemoStore, openDemoSession } from "../../helpers/demo-session.js";

/** 100 demo symbols; 1m bars on 2024-12-24 (early close), 26, 27, 30 and 31; 300 daily bars before. */
export const DEMO_OPTIONS: Partial<DemoMarketOptions> = {
  symbols: 100,
  days: 5,
  historyDays: 300,
  seed: 7,
  lastDay: "2024-12-31",
};

export const MINUTE = 60_000;

/** An instant in New York winter time (every date these tests use is in EST, UTC−5). */
export const est = (date: string, time: string): number => Date.parse(`${date}T${time}:00-05:00`);

export interface PluginHarness {
  readonly demo: DemoStore;
  readonly store: BarStore;
  dispose(): void;
}

export function openHarness(options: Partial<DemoMarketOptions> = DEMO_OPTIONS): PluginHarness {
  const demo = buildDemoStore(options);
  const store = BarStore.open(demo.path);
  return {
    demo,
    store,
    dispose: () => {
      store.close();
      demo.dispose();
    },
  };
}

export type DaySession = Session & { clock: SimulatedClock; trading: TradingSession };

/** The market of one `describe` block, and the sessions its tests start on it. */
export interface BlockHarness extends PluginHarness {
  /** A session started on `date` (as `startDay`), closed after the block's tests. */
  day(date: string): DaySession;
}

/**
 * Builds the demo market before the tests of the `describe` block it is called in and removes it
 * after them, closing every session `day` started. Its `demo` and `store` are readable from the
 * tests on (reading them while the block is being declared throws).
 */
export function useHarness(options: Partial<DemoMarketOptions> = DEMO_OPTIONS): BlockHarness {
  let built: PluginHarness | undefined;
  const sessions: DaySession[] = [];
  beforeAll(() => {
    built = openHarness(options);
  });
  afterAll(() => {
    for (const session of sessions.splice(0)) session.close();
    built?.dispose();
    built = undefined;
  });
  const current = (): PluginHarness => {
    if (built === undefined)
      throw new Error("useHarness: the market exists only while the block's tests run");
    return built;
  };
  const harness: BlockHarness = {
    get demo() {
      return current().demo;
    },
    get store() {
      return current().store;
    },
    dispose: () => current().dispose(),
    day(date) {
      const session = startDay(current(), date);
      sessions.push(session);
      return session;
    },
  };
  return harness;
}

/** A session started on `date` at 04:00 (provisioning done, no bar of the day applied yet). */
export function startDay(harness: PluginHarness, date: string): DaySession {
  const trading = harness.demo.calendar.requireSession(date);
  const session = openDemoSession(harness.demo, trading.preMarketAt);
  session.coordinator.startDay(date);
  return Object.assign(session, { trading });
}

/** Moves the clock to `at` and applies every bar that ended by then. */
export function advanceTo(session: DaySession, at: number): void {
  if (at > session.clock.now()) session.clock.advanceTo(at);
  session.coordinator.advance();
}

/** What the ScannerManager hands a hook, built by hand. */
export function scanContext<Config, State>(
  session: DaySession,
  options: {
    readonly config: Config;
    readonly universe: readonly string[];
    readonly hook: ScanContext["hook"];
    readonly state: State;
    readonly scanner?: string;
  },
): ScanContext<Config, State> {
  const { calendar, clock } = session;
  const timeManager: TimeManager = {
    calendar,
    clock,
    session: session.trading,
    now: () => clock.now(),
    format: (time) => calendar.formatInstant(time),
  };
  return {
    scanner: options.scanner ?? "under-test",
    sessionData: session.sessionData,
    timeManager,
    mode: "backtest",
    currentTime: clock.now(),
    hook: options.hook,
    config: options.config,
    universe: options.universe,
    log: session.logger,
    state: options.state,
  };
}

/** Runs setup then, at each of `times`, one scan: the day as the manager would run it. */
export async function runScans<Config, State>(
  session: DaySession,
  plugin: ScannerDefinition<Config, State>,
  config: Config,
  universe: readonly string[],
  times: readonly number[],
): Promise<Array<{ symbols: readonly string[]; metadata: Record<string, unknown> }>> {
  const setupContext = scanContext<Config, undefined>(session, {
    config,
    universe,
    hook: "setup",
    state: undefined,
  });
  const state = (await plugin.setup?.(setupContext)) as State;
  const results = [];
  for (const at of times) {
    advanceTo(session, at);
    const hook = at < session.trading.openAt ? "pre_session" : "regular";
    const result = await plugin.scan(scanContext(session, { config, universe, hook, state }));
    results.push({ symbols: result.symbols, metadata: (result.metadata ?? {}) as Record<string, unknown> });
  }
  return results;
}

/** Provisions indicators for every universe symbol the way the manager does for a YAML `indicators:` list. */
export async function provisionDeclared(
  session: DaySession,
  universe: readonly string[],
  requests: ReadonlyArray<{ type: string; period?: number; interval: string }>,
): Promise<void> {
  for (const symbol of universe) {
    for (const request of requests) {
      await session.sessionData.addIndicator(symbol, request.type, request, "under-test");
    }
  }
}

/** Loads a plugin of plugins/ through the plugin loader with `config` as its YAML `config:` block. */
export function loadExamplePlugin(file: string, config: unknown): Promise<LoadedScanner> {
  const spec: ScannerSpec = {
    name: "under-test",
    plugin: new URL(`../../../plugins/${file}`, import.meta.url).pathname,
    enabled: true,
    universe: ["AIG", "SPY"],
    indicators: [],
    pre_session: undefined,
    regular_session: [],
    cron: "*/5 10-15 * * 1-5",
    timeout_ms: 5_000,
    promote: false,
    max_consecutive_failures: 3,
    config,
    source: `configs/test.yaml:3:5 session_data.scanners[0] (${file})`,
  };
  return loadScanner(spec);
}

// ---- reference arithmetic on store bars ----------------------------------------------------------

export interface PlainBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Stored bars of `interval` with from <= time < to, oldest first. */
export function storedBars(
  store: BarStore,
  symbol: string,
  interval: string,
  from: number,
  to: number,
): PlainBar[] {
  const columns = store.readBars(symbol, interval, from, to);
  const bars: PlainBar[] = [];
  for (let i = 0; i < columns.time.length; i++) {
    bars.push({
      time: columns.time[i],
      open: columns.open[i],
      high: columns.high[i],
      low: columns.low[i],
      close: columns.close[i],
      volume: columns.volume[i],
    });
  }
  return bars;
}

/** Every stored daily bar of sessions before `openAt`, oldest first. */
export function dailyBefore(store: BarStore, symbol: string, openAt: number): PlainBar[] {
  return storedBars(store, symbol, "1d", 0, openAt);
}

/** Today's stored 1m bars that ended by `at` (start ≥ openAt, start + 1m ≤ at). */
export function minutesEndedBy(store: BarStore, symbol: string, openAt: number, at: number): PlainBar[] {
  return storedBars(store, symbol, "1m", openAt, at - MINUTE + 1);
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Wilder RSI of the whole close series (seeded with the simple mean of the first `period` changes). */
export function wilderRsi(closes: readonly number[], period: number): number {
  if (closes.length < period + 1) throw new Error(`RSI(${period}) needs ${period + 1} closes`);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const change = closes[i] - closes[i - 1];
    if (change > 0) gain += change;
    else loss -= change;
  }
  gain /= period;
  loss /= period;
  for (let i = period + 1; i < closes.length; i++) {
    const change = closes[i] - closes[i - 1];
    gain = (gain * (period - 1) + Math.max(change, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
  }
  return gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
}

/**
 * 5-minute bars built from 1m bars of regular sessions, bucketed from each session's 09:30 (the
 * minutes must be regular-session minutes, oldest first): open of the first, close of the last,
 * summed volume. Only the buckets whose start `isOver` accepts (those that have ended) are kept.
 */
export function fiveMinuteBars(
  minutes: readonly PlainBar[],
  isOver: (bucketStart: number) => boolean,
): PlainBar[] {
  const buckets: PlainBar[] = [];
  for (const bar of minutes) {
    const start = bar.time - (bar.time % (5 * MINUTE)); // 09:30 EST is a multiple of 5 minutes in UTC
    const last = buckets[buckets.length - 1];
    if (last && last.time === start) {
      buckets[buckets.length - 1] = {
        time: start,
        open: last.open,
        high: Math.max(last.high, bar.high),
        low: Math.min(last.low, bar.low),
        close: bar.close,
        volume: last.volume + bar.volume,
      };
    } else {
      buckets.push({ ...bar, time: start });
    }
  }
  return buckets.filter((bucket) => isOver(bucket.time));
}

/** Asserts a value is not so close to a threshold that rounding in the engine could flip the answer. */
export function clearOf(value: number, threshold: number, margin = 1e-6): boolean {
  return Math.abs(value - threshold) > margin * Math.max(1, Math.abs(threshold));
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;
