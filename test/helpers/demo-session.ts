// A small deterministic demo market in a temp store, and sessions over it, for session tests that
// need synthetic symbols rather than the real files.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionConfigInput } from "../../src/config/session-config.js";
import { BarStore } from "../../src/data/bar-store.js";
import { type DemoMarketOptions, generateDemoMarket } from "../../src/data/demo-market.js";
import {
  wireSession as createSession,
  type WiredSession as Session,
  type SessionOverrides,
} from "../../src/runtime/create-session.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";

export interface DemoStore {
  readonly path: string;
  readonly symbols: readonly string[];
  readonly calendar: ExchangeCalendar;
  dispose(): void;
}

export function buildDemoStore(options: Partial<DemoMarketOptions>): DemoStore {
  const dir = mkdtempSync(join(tmpdir(), "scanwright-demo-session-"));
  const path = join(dir, "bars.db");
  const calendar = new ExchangeCalendar();
  const store = BarStore.open(path);
  try {
    const report = generateDemoMarket(store, calendar, options);
    return {
      path,
      symbols: report.symbols,
      calendar,
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } finally {
    store.close();
  }
}

export function openDemoSession(
  demo: DemoStore,
  startAt: number,
  config: Partial<SessionConfigInput> = {},
  overrides: SessionOverrides = {},
): Session & { clock: SimulatedClock } {
  const clock = new SimulatedClock(startAt);
  const session = createSession(
    { name: "demo-test", backtest: { start: "2024-11-01", end: "2024-12-31" }, store: demo.path, ...config },
    { clock, calendar: demo.calendar, ...overrides },
  );
  return Object.assign(session, { clock });
}
