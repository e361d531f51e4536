// ReplayFeed over a small in-memory store: two symbols on 2024-03-05 (a pre-market bar, a gap, a
// post-market bar) and a few bars on 2024-03-06. Times are New York wall clock (EST, UTC−5).

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { DataError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ReplayFeed } from "../../../src/data/replay-feed.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

const DAY1 = "2024-03-05";
const DAY2 = "2024-03-06";
const calendar = new ExchangeCalendar();
const session1 = calendar.requireSession(DAY1);
const session2 = calendar.requireSession(DAY2);

/** `date` at `hhmm` (or `hhmm:ss`) New York time. */
const at = (date: string, time: string): number =>
  Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}-05:00`);

/** A bar whose values encode its symbol and start, so a mix-up shows. */
function bar(symbol: string, time: number) {
  const base = (symbol === "AAA" ? 100 : 200) + (time % 86_400_000) / 60_000 / 1000;
  return { time, open: base, high: base + 1, low: base - 1, close: base + 0.5, volume: 1000 };
}

const AAA_TIMES = [
  at(DAY1, "09:00"), // pre-market: never streamed
  at(DAY1, "09:30"),
  at(DAY1, "09:31"),
  at(DAY1, "09:32"),
  // 09:33 missing (a gap)
  at(DAY1, "09:34"),
  at(DAY1, "15:59"),
  at(DAY1, "16:05"), // post-market: never streamed
  at(DAY2, "09:30"),
  at(DAY2, "09:31"),
];
const BBB_TIMES = [at(DAY1, "09:30"), at(DAY1, "09:31"), at(DAY1, "09:33"), at(DAY2, "09:30")];

interface Delivery {
  readonly symbol: string;
  readonly time: number;
  readonly close: number;
}

describe("ReplayFeed", () => {
  let store: BarStore;
  let feed: ReplayFeed;
  let delivered: Delivery[];
  /** Copies each delivered bar (the feed's columns may be reused). */
  const sink = (
    symbol: string,
    bars: { time: Float64Array; close: Float64Array },
    from: number,
    to: number,
  ) => {
    for (let index = from; index < to; index++) {
      delivered.push({ symbol, time: bars.time[index], close: bars.close[index] });
    }
  };
  const take = (): Array<[string, number]> => {
    const taken = delivered.map((d): [string, number] => [d.symbol, d.time]);
    delivered = [];
    return taken;
  };

  beforeEach(() => {
    store = BarStore.open(":memory:");
    store.insertBars("AAA", "1m", barsToColumns(AAA_TIMES.map((time) => bar("AAA", time))));
    store.insertBars("BBB", "1m", barsToColumns(BBB_TIMES.map((time) => bar("BBB", time))));
    feed = new ReplayFeed(store);
    delivered = [];
  });
  afterEach(() => store.close());

  it("streams 1m by default and refuses a day interval with a DataError", () => {
    expect(feed.interval).toBe("1m");
    expect(new ReplayFeed(store, "5m").interval).toBe("5m");
    expect(() => new ReplayFeed(store, "1d")).toThrow(
      new DataError('A replay feed streams an intraday interval, got "1d"'),
    );
  });

  it("delivers nothing before a session has started", () => {
    feed.subscribe("AAA");
    expect(feed.drain(at(DAY1, "10:00"), sink)).toBe(0);
    expect(delivered).toEqual([]);
    expect(feed.backfill("AAA", at(DAY1, "10:00")).length).toBe(0);
  });

  it("delivers bars grouped by symbol in subscription order, each symbol's by end time", () => {
    feed.subscribe("bbb");
    feed.subscribe("AAA");
    feed.startSession(session1);
    expect(feed.drain(at(DAY1, "09:35"), sink)).toBe(7);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:30")],
      ["BBB", at(DAY1, "09:31")],
      ["BBB", at(DAY1, "09:33")],
      ["AAA", at(DAY1, "09:30")],
      ["AAA", at(DAY1, "09:31")],
      ["AAA", at(DAY1, "09:32")],
      ["AAA", at(DAY1, "09:34")],
    ]);
  });

  it("passes the stored values through unchanged", () => {
    feed.subscribe("AAA");
    feed.startSession(session1);
    feed.drain(at(DAY1, "09:32"), sink);
    expect(delivered).toEqual([
      { symbol: "AAA", time: at(DAY1, "09:30"), close: bar("AAA", at(DAY1, "09:30")).close },
      { symbol: "AAA", time: at(DAY1, "09:31"), close: bar("AAA", at(DAY1, "09:31")).close },
    ]);
  });

  it("never delivers a bar that has not ended by upTo", () => {
    feed.subscribe("AAA");
    feed.startSession(session1);
    // Before the open nothing has ended; the pre-market bar is not part of the stream.
    expect(feed.drain(at(DAY1, "09:29"), sink)).toBe(0);
    // At 09:30:59 the 09:30 bar is still forming.
    expect(feed.drain(at(DAY1, "09:30:59"), sink)).toBe(0);
    expect(feed.drain(at(DAY1, "09:31"), sink)).toBe(1);
    expect(take()).toEqual([["AAA", at(DAY1, "09:30")]]);
  });

  it("delivers every bar that ended in (last drain, upTo] when the drains fall between bar ends", () => {
    feed.subscribe("BBB");
    feed.subscribe("AAA");
    feed.startSession(session1);
    expect(feed.drain(at(DAY1, "09:31:30"), sink)).toBe(2);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:30")],
      ["AAA", at(DAY1, "09:30")],
    ]);
    // The 09:31 bars end at 09:32:00, inside (09:31:30, 09:32:00].
    expect(feed.drain(at(DAY1, "09:32"), sink)).toBe(2);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:31")],
      ["AAA", at(DAY1, "09:31")],
    ]);
    // The last bar ends at the close: a drain at 15:59:30 must not let the close skip it.
    expect(feed.drain(at(DAY1, "15:59:30"), sink)).toBe(3);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:33")],
      ["AAA", at(DAY1, "09:32")],
      ["AAA", at(DAY1, "09:34")],
    ]);
    expect(feed.drain(at(DAY1, "16:00:00.001"), sink)).toBe(1);
    expect(take()).toEqual([["AAA", at(DAY1, "15:59")]]);
  });

  it("delivers each bar once across several drains, including repeated and earlier upTo values", () => {
    feed.subscribe("AAA");
    feed.subscribe("BBB");
    feed.startSession(session1);
    const steps = ["09:31", "09:31", "09:30", "09:33", "09:34", "09:34", "12:00", "16:00", "18:00"];
    const counts = steps.map((step) => feed.drain(at(DAY1, step), sink));
    expect(counts).toEqual([2, 0, 0, 3, 1, 0, 1, 1, 0]);
    // Per drain, grouped by symbol: 09:31 → AAA, BBB; 09:33 → AAA ×2, BBB; 09:34 → AAA; …
    expect(take()).toEqual([
      ["AAA", at(DAY1, "09:30")],
      ["BBB", at(DAY1, "09:30")],
      ["AAA", at(DAY1, "09:31")],
      ["AAA", at(DAY1, "09:32")],
      ["BBB", at(DAY1, "09:31")],
      ["BBB", at(DAY1, "09:33")],
      ["AAA", at(DAY1, "09:34")],
      ["AAA", at(DAY1, "15:59")],
    ]);
  });

  it("a symbol subscribed mid-session streams only the bars ending after the last drain; backfill returns the earlier ones", () => {
    feed.subscribe("BBB");
    feed.startSession(session1);
    expect(feed.drain(at(DAY1, "09:32"), sink)).toBe(2);
    take();
    feed.subscribe("AAA");
    expect(feed.isSubscribed("aaa")).toBe(true);
    // Today's bars that ended by 09:32 (the pre-market bar is not part of the session).
    expect(columnsToBars(feed.backfill("AAA", at(DAY1, "09:32")), "1m").map((b) => b.time)).toEqual([
      at(DAY1, "09:30"),
      at(DAY1, "09:31"),
    ]);
    expect(feed.drain(at(DAY1, "09:35"), sink)).toBe(3);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:33")],
      ["AAA", at(DAY1, "09:32")],
      ["AAA", at(DAY1, "09:34")],
    ]);
  });

  it("backfill before the first bar of the day has ended returns none; from its end on, the bars ended", () => {
    feed.startSession(session1);
    // A day's start subscribes its universe before the open (the pre-market bar is not the session's).
    expect(feed.backfill("AAA", at(DAY1, "04:00")).length).toBe(0);
    expect(feed.backfill("AAA", at(DAY1, "09:30")).length).toBe(0);
    expect(feed.backfill("AAA", at(DAY1, "09:30") + 59_999).length).toBe(0);
    expect(columnsToBars(feed.backfill("AAA", at(DAY1, "09:31")), "1m")).toEqual([
      { ...bar("AAA", at(DAY1, "09:30")), interval: "1m" },
    ]);
  });

  it("backfill stops at the close and returns full values", () => {
    feed.startSession(session1);
    const bars = columnsToBars(feed.backfill("AAA", at(DAY1, "20:00")), "1m");
    expect(bars).toEqual(
      [at(DAY1, "09:30"), at(DAY1, "09:31"), at(DAY1, "09:32"), at(DAY1, "09:34"), at(DAY1, "15:59")].map(
        (time) => ({ ...bar("AAA", time), interval: "1m" }),
      ),
    );
  });

  it("a drain delivers what was due when it began, to every subscription, whatever a sink unsubscribes meanwhile", () => {
    feed.subscribe("AAA");
    feed.subscribe("BBB");
    feed.startSession(session1);
    // AAA's delivery unsubscribes BBB, later in the order: BBB still gets this drain's bars, with
    // its own values (each subscription's due end is worked out before the first delivery).
    const unsubscribing = (
      symbol: string,
      bars: { time: Float64Array; close: Float64Array },
      from: number,
      to: number,
    ) => {
      if (symbol === "AAA") feed.unsubscribe("BBB");
      sink(symbol, bars, from, to);
    };
    expect(feed.drain(at(DAY1, "09:34"), unsubscribing)).toBe(6);
    expect(delivered).toEqual([
      { symbol: "AAA", time: at(DAY1, "09:30"), close: bar("AAA", at(DAY1, "09:30")).close },
      { symbol: "AAA", time: at(DAY1, "09:31"), close: bar("AAA", at(DAY1, "09:31")).close },
      { symbol: "AAA", time: at(DAY1, "09:32"), close: bar("AAA", at(DAY1, "09:32")).close },
      { symbol: "BBB", time: at(DAY1, "09:30"), close: bar("BBB", at(DAY1, "09:30")).close },
      { symbol: "BBB", time: at(DAY1, "09:31"), close: bar("BBB", at(DAY1, "09:31")).close },
      { symbol: "BBB", time: at(DAY1, "09:33"), close: bar("BBB", at(DAY1, "09:33")).close },
    ]);
    delivered = [];
    // Then BBB gets nothing more, and AAA the rest of its day, once.
    expect(feed.drain(at(DAY1, "16:00"), sink)).toBe(2);
    expect(take()).toEqual([
      ["AAA", at(DAY1, "09:34")],
      ["AAA", at(DAY1, "15:59")],
    ]);
    expect(feed.drain(at(DAY1, "16:00") + 60_000, sink)).toBe(0);
  });

  it("stops delivering a symbol once it is unsubscribed", () => {
    feed.subscribe("AAA");
    feed.subscribe("BBB");
    feed.startSession(session1);
    feed.drain(at(DAY1, "09:31"), sink);
    take();
    feed.unsubscribe("aaa");
    expect(feed.isSubscribed("AAA")).toBe(false);
    expect(feed.drain(at(DAY1, "16:00"), sink)).toBe(2);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:31")],
      ["BBB", at(DAY1, "09:33")],
    ]);
  });

  it("walks the subscriptions in their order after subscribes and unsubscribes", () => {
    feed.subscribe("BBB");
    feed.subscribe("AAA");
    feed.unsubscribe("BBB");
    feed.subscribe("BBB"); // now after AAA
    feed.startSession(session1);
    expect(feed.drain(at(DAY1, "09:32"), sink)).toBe(4);
    expect(take()).toEqual([
      ["AAA", at(DAY1, "09:30")],
      ["AAA", at(DAY1, "09:31")],
      ["BBB", at(DAY1, "09:30")],
      ["BBB", at(DAY1, "09:31")],
    ]);
  });

  it("a symbol subscribed by the sink during a drain is not walked by that drain, and is by the next", () => {
    feed.subscribe("AAA");
    feed.startSession(session1);
    const subscribingSink: typeof sink = (symbol, bars, from, to) => {
      feed.subscribe("BBB");
      sink(symbol, bars, from, to);
    };
    expect(feed.drain(at(DAY1, "09:31"), subscribingSink)).toBe(1);
    expect(take()).toEqual([["AAA", at(DAY1, "09:30")]]);
    expect(feed.isSubscribed("BBB")).toBe(true);
    expect(feed.drain(at(DAY1, "09:34"), sink)).toBe(5);
    expect(take()).toEqual([
      ["AAA", at(DAY1, "09:31")],
      ["AAA", at(DAY1, "09:32")],
      ["BBB", at(DAY1, "09:30")],
      ["BBB", at(DAY1, "09:31")],
      ["BBB", at(DAY1, "09:33")],
    ]);
  });

  it("ends a session (undelivered bars are dropped) and replays the next day's session for the kept subscriptions", () => {
    feed.subscribe("AAA");
    feed.startSession(session1);
    feed.drain(at(DAY1, "09:31"), sink);
    take();
    feed.endSession();
    expect(feed.isSubscribed("AAA")).toBe(true);
    expect(feed.drain(at(DAY1, "16:00"), sink)).toBe(0);
    expect(feed.backfill("AAA", at(DAY1, "16:00")).length).toBe(0);
    // Subscribed between sessions: loaded when the next one starts.
    feed.subscribe("BBB");
    feed.startSession(session2);
    expect(feed.drain(at(DAY2, "09:29"), sink)).toBe(0);
    expect(feed.drain(at(DAY2, "16:00"), sink)).toBe(3);
    expect(take()).toEqual([
      ["AAA", at(DAY2, "09:30")],
      ["AAA", at(DAY2, "09:31")],
      ["BBB", at(DAY2, "09:30")],
    ]);
  });

  it("reads the session's bars of every symbol subscribed since the last drain in one store read", () => {
    const batchReads = vi.spyOn(store, "readBarsOfSymbols");
    const singleReads = vi.spyOn(store, "readBars");
    feed.subscribe("AAA");
    feed.startSession(session1);
    feed.subscribe("BBB");
    // Dropped and taken again before any drain: read once, streamed once.
    feed.unsubscribe("AAA");
    feed.subscribe("AAA");
    expect(batchReads).not.toHaveBeenCalled();
    expect(feed.drain(at(DAY1, "09:32"), sink)).toBe(4);
    expect(batchReads).toHaveBeenCalledTimes(1);
    expect(batchReads.mock.calls[0].slice(0, 4)).toEqual([
      ["BBB", "AAA"],
      "1m",
      session1.openAt,
      session1.closeAt,
    ]);
    expect(take()).toEqual([
      ["BBB", at(DAY1, "09:30")],
      ["BBB", at(DAY1, "09:31")],
      ["AAA", at(DAY1, "09:30")],
      ["AAA", at(DAY1, "09:31")],
    ]);
    // Nothing new subscribed: later drains read nothing; the next session reads both in one go.
    feed.drain(at(DAY1, "16:00"), sink);
    feed.endSession();
    feed.startSession(session2);
    feed.drain(at(DAY2, "16:00"), sink);
    expect(batchReads).toHaveBeenCalledTimes(2);
    expect(batchReads.mock.calls[1][0]).toEqual(["BBB", "AAA"]);
    expect(singleReads).not.toHaveBeenCalled();
  });
});
