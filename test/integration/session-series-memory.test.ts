// Where a backtest session's bar series get their arrays (create-session.ts, series-memory.ts): on
// a machine with a second CPU, slabs a second thread touches ahead (prefaulted-memory.ts), stopped
// with the session; heap arrays with `backtest.prefault_thread: false`. On real bars (SPY, the week
// of 2013-10-07), the provisioned and replayed series hold the same bars either way.

import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnsToBars } from "../../src/core/bar-columns.js";
import { PrefaultedMemory } from "../../src/core/prefaulted-memory.js";
import { HEAP_MEMORY } from "../../src/core/series-memory.js";
import { SessionSymbols } from "../../src/session/session-symbols.js";
import { TOKENS } from "../../src/session/session-tokens.js";
import {
  buildRealStore,
  openRealSession,
  type RealStore,
  SPY_SESSION_DATA,
} from "../helpers/real-session.js";

const at = (iso: string): number => Date.parse(iso);

describe("a backtest session's series memory (SPY, 2013-10-09)", () => {
  let store: RealStore;
  beforeAll(() => {
    store = buildRealStore(["SPY"]);
  });
  afterAll(() => store.dispose());

  /** Provisions SPY on 2013-10-09 and replays the day to 12:00; the series' bars and arrays. */
  function runDay(prefaultThread?: boolean) {
    const session = openRealSession(store.path, at("2013-10-09T04:00:00-04:00"), {
      backtest: {
        start: "2013-10-07",
        end: "2013-10-11",
        ...(prefaultThread === undefined ? {} : { prefault_thread: prefaultThread }),
      },
      session_data: SPY_SESSION_DATA,
    });
    const memory = session.container.resolve(TOKENS.seriesMemory);
    try {
      session.coordinator.startDay("2013-10-09");
      session.clock.advanceTo(at("2013-10-09T12:00:00-04:00"));
      session.coordinator.advance();
      const state = session.container.resolve(SessionSymbols).get("SPY")!;
      const series = ["1m", "5m", "1d"].map((interval) => state.seriesOf(interval).view());
      return {
        memory,
        bars: series.map((columns, k) => columnsToBars(columns, ["1m", "5m", "1d"][k])),
        shared: series.map((columns) => columns.time.buffer instanceof SharedArrayBuffer),
      };
    } finally {
      session.close();
    }
  }

  it("takes slabs touched by a second thread with a second CPU, stopped with the session", () => {
    const prefaulted = runDay();
    const twoCpus = availableParallelism() > 1;
    expect(prefaulted.memory instanceof PrefaultedMemory).toBe(twoCpus);
    if (prefaulted.memory instanceof PrefaultedMemory) expect(prefaulted.memory.running).toBe(false);
    // The 1m and 5m arrays are small enough for a slab; 1d's too.
    expect(prefaulted.shared).toEqual([twoCpus, twoCpus, twoCpus]);
  });

  it("holds the same bars as heap arrays (prefault_thread: false)", () => {
    const prefaulted = runDay();
    const plain = runDay(false);
    expect(plain.memory).toBe(HEAP_MEMORY);
    expect(plain.shared).toEqual([false, false, false]);
    // 1m: 09:30–11:59 (150 bars) plus the kept history; 5m: RSI warm-up plus 30 bars; 1d: 20+.
    expect(plain.bars[0].at(-1)?.time).toBe(at("2013-10-09T11:59:00-04:00"));
    expect(plain.bars[1].at(-1)?.time).toBe(at("2013-10-09T11:55:00-04:00"));
    expect(prefaulted.bars).toEqual(plain.bars);
  });
});
