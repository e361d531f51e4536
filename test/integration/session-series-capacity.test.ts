// How large a session makes its bar arrays (most of its memory at thousands of symbols), on real
// bars (SPY, the week of 2013-10-07): a streamed series is sized for its history plus one session
// of its bars, so the day's appends never reallocate (a series with no history gets its arrays with
// its first bar), and day-end trimming keeps each interval's window and no more, so a carried-over
// symbol's series take the next day's bars in the arrays they already have.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionSymbols } from "../../src/session/session-symbols.js";
import {
  buildRealStore,
  openRealSession,
  type RealStore,
  SPY_SESSION_DATA,
} from "../helpers/real-session.js";

const at = (iso: string): number => Date.parse(iso);

describe("bar series capacity in a session (SPY, 2013-10-09 and 10-10)", () => {
  let store: RealStore;

  beforeAll(() => {
    store = buildRealStore(["SPY"]);
  });
  afterAll(() => store.dispose());

  it("sizes 1m, 5m and 1d for history plus a session and keeps the same arrays through the day", () => {
    const session = openRealSession(store.path, at("2013-10-09T04:00:00-04:00"), {
      session_data: SPY_SESSION_DATA,
    });
    try {
      const { coordinator, clock } = session;
      const symbols = session.container.resolve(SessionSymbols);
      const sizes = () =>
        ["1m", "5m", "1d"].map((interval) => {
          const series = symbols.get("SPY")!.seriesOf(interval);
          return [interval, series.length, series.capacity];
        });
      coordinator.startDay("2013-10-09");
      // 1m: no history (VWAP), room for 390 bars and the one kept across the day's end (5m and 1d
      // got that slot too, while empty, before their history was put in front). 5m: RSI(14)'s
      // window 10-04 … 10-08 holds the two stored sessions, 156 bars, plus 78. 1d: SMA(20)'s 40
      // daily bars plus today's.
      expect(sizes()).toEqual([
        ["1m", 0, 391],
        ["5m", 156, 235],
        ["1d", 40, 42],
      ]);
      // The 1m arrays come with the first bar (no memory held while the feed holds the day). Each
      // series' arrays: where its time field starts in which buffer (heap arrays, or arrays carved
      // from a backtest's shared slabs: series-memory.ts), and its slots per field.
      const arraysOf = () =>
        ["1m", "5m", "1d"].map((i) => {
          const view = symbols.get("SPY")!.seriesOf(i).view();
          const slots = (view.open.byteOffset - view.time.byteOffset) / 8;
          return { buffer: view.time.buffer, at: view.time.byteOffset, slots };
        });
      // The same arrays: the same buffer and slots, the time fields within one field of each other
      // (the oldest bar held may have moved; other arrays on a shared slab lie six fields apart).
      type Arrays = ReturnType<typeof arraysOf>[number];
      const same = (a: Arrays, b: Arrays) =>
        a.buffer === b.buffer && a.slots === b.slots && Math.abs(a.at - b.at) < a.slots * 8;
      expect(arraysOf()[0].slots).toBe(0);
      clock.advanceTo(at("2013-10-09T09:31:00-04:00"));
      coordinator.advance();
      const arrays = arraysOf();
      expect(arrays.map((array) => array.slots)).toEqual([391, 235, 42]);
      clock.advanceTo(at("2013-10-09T16:00:00-04:00"));
      coordinator.advance();
      expect(sizes()).toEqual([
        ["1m", 390, 391],
        ["5m", 234, 235],
        ["1d", 41, 42],
      ]);
      const after = arraysOf();
      expect(after.map((array, i) => same(array, arrays[i]))).toEqual([true, true, true]);

      // The next day: day-end trimming kept each interval's window and no more (1m: its last bar; 5m: the
      // RSI's 202 bars, in whole sessions 10-07 … 10-09; 1d: SMA(20)'s 40), and the carried-over
      // series take the day's bars in the arrays they have: no series is reallocated after day 1.
      coordinator.endDay();
      clock.advanceTo(at("2013-10-10T04:00:00-04:00"));
      coordinator.startDay("2013-10-10");
      expect(sizes()).toEqual([
        ["1m", 1, 391],
        ["5m", 234, 312],
        ["1d", 40, 41],
      ]);
      clock.advanceTo(at("2013-10-10T16:00:00-04:00"));
      coordinator.advance();
      expect(sizes()).toEqual([
        ["1m", 391, 391],
        ["5m", 312, 312],
        ["1d", 41, 41],
      ]);
      const nextDay = arraysOf();
      expect(nextDay.map((array, i) => same(array, arrays[i]))).toEqual([true, false, true]);
      expect(nextDay.map((array) => array.slots)).toEqual([391, 312, 42]);
    } finally {
      session.close();
    }
  });
});
