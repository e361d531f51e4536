// Builds a bar store from the real files in ../shared/data (SPY and AIG minutes 2013-10-07..11,
// their daily files) and a wired session on a simulated clock over it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionConfigInput } from "../../src/config/session-config.js";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { type SessionOverrides, type WiredSession, wireSession } from "../../src/runtime/create-session.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";
import { sharedDataPath } from "./shared-data.js";

export const WEEK_DATES = ["2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10", "2013-10-11"];

/** SPY streamed on 1m and 5m with an SMA(20) 1d, an RSI(14) 5m and a VWAP: the bench's session data. */
export const SPY_SESSION_DATA = {
  symbols: ["SPY"],
  streams: ["1m", "5m"],
  indicators: [
    { type: "sma", period: 20, interval: "1d" },
    { type: "rsi", period: 14, interval: "5m" },
    { type: "vwap", interval: "1m" },
  ],
} satisfies SessionConfigInput["session_data"];

export interface RealStore {
  readonly path: string;
  dispose(): void;
}

/** A store file holding SPY and AIG: minute bars of the week of 2013-10-07 and the daily files. */
export function buildRealStore(symbols: readonly string[] = ["SPY", "AIG"]): RealStore {
  const dir = mkdtempSync(join(tmpdir(), "scanwright-real-"));
  const path = join(dir, "bars.db");
  const store = BarStore.open(path);
  try {
    for (const symbol of symbols) {
      for (const date of WEEK_DATES)
        importCsvFile(store, sharedDataPath(`minute/${symbol}-${date.replaceAll("-", "")}.csv`));
      importCsvFile(store, sharedDataPath(`daily/${symbol}.csv`));
    }
  } finally {
    store.close();
  }
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A backtest session over the real store, its simulated clock at `startAt`. */
export function openRealSession(
  storePath: string,
  startAt: number,
  config: Partial<SessionConfigInput> = {},
  overrides: SessionOverrides = {},
): WiredSession & { clock: SimulatedClock } {
  const clock = new SimulatedClock(startAt);
  const session = wireSession(
    { name: "real", backtest: { start: "2013-10-07", end: "2013-10-11" }, store: storePath, ...config },
    { clock, ...overrides },
  );
  return Object.assign(session, { clock });
}
