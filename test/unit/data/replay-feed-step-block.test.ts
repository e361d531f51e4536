// ReplayFeed's step block (step-block.ts): drains that cover one segment of it hand out the block's
// copy of the bars, any other drain the landed day. Five days with gaps, a symbol with almost no
// bars, one without a day, an early close, a partial drain, an unsubscribe inside a drain, a
// mid-day join and changes of cadence: the bars delivered, with the block and without it, equal
// the ones worked out from the stored bars (each bar once, at the first drain after it ended), and
// the block is used exactly by the drains it was laid out for.

import { beforeAll, describe, expect, it } from "vitest";
import { allocateBarColumns, type BarColumns, barsToColumns } from "../../../src/core/bar-columns.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ReplayFeed } from "../../../src/data/replay-feed.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { rowsOfColumns } from "../../helpers/bar-rows.js";

const MINUTE = 60_000;
const calendar = new ExchangeCalendar();
// 11-28 is Thanksgiving; 11-29 closes at 13:00 (210 minutes).
const DAYS = ["2024-11-26", "2024-11-27", "2024-11-29", "2024-12-02", "2024-12-03"].map((date) =>
  calendar.requireSession(date),
);
const SYMBOLS = Array.from({ length: 30 }, (_, s) => `S${s}`);
const JOINER = "S30";
const LEAVER = "S5";

/** The minutes (from the open) of a symbol's stored bars on day d. */
function minutesOf(s: number, d: number): number[] {
  const length = (DAYS[d].closeAt - DAYS[d].openAt) / MINUTE;
  if (s === 7 && d === 1) return [];
  // Nothing in (10:00, 10:03]: its bar ending at 10:04 is the first of a segment cut at 10:02.
  if (s === 3) return [0, 33, 100, 101, 300].filter((minute) => minute < length);
  return Array.from({ length }, (_, minute) => minute).filter(
    (minute) => (minute * 7 + s * 13 + d) % 11 !== 0,
  );
}

/** Values that tell symbol, day and minute apart. */
function barAt(s: number, d: number, minute: number) {
  const base = s * 100 + d * 10 + minute / 1000;
  return {
    time: DAYS[d].openAt + minute * MINUTE,
    open: base,
    high: base + 0.5,
    low: base - 0.5,
    close: base + 0.25,
    volume: 1000 + s + minute,
  };
}

/** Drain times of day d, in minutes from the open. */
function drainMinutes(d: number): number[] {
  const length = (DAYS[d].closeAt - DAYS[d].openAt) / MINUTE;
  const every = (step: number, from = step) => {
    const minutes: number[] = [];
    for (let minute = from; minute <= length; minute += step) minutes.push(minute);
    return minutes;
  };
  if (d === 1) return [...every(5).filter((minute) => minute <= 30), 32, ...every(5, 35)];
  if (d >= 3) return every(15);
  return every(5);
}

type Row = [
  drain: number,
  symbol: string,
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
];

interface Replay {
  readonly rows: Row[];
  /** Per drain: the symbols handed the block's copy, and those handed the landed day. */
  readonly calls: Array<{ readonly block: string[]; readonly landed: string[] }>;
}

/**
 * The session script both feeds run: drains at `drainMinutes`, `LEAVER` unsubscribed from inside
 * the drain at 10:30 of day 2 (when its own bars arrive), `JOINER` subscribed just before the drain
 * at 11:30 that day.
 */
function replay(store: BarStore, stepBlock?: false): Replay {
  const feed = new ReplayFeed(store, "1m", { stepBlock });
  const landings = new Map<string, BarColumns>();
  const subscribe = (symbol: string) =>
    feed.subscribe(symbol, undefined, (length) => {
      const columns = allocateBarColumns(length);
      landings.set(symbol, columns);
      return columns;
    });
  for (const symbol of SYMBOLS) subscribe(symbol);
  const rows: Row[] = [];
  const calls: Array<{ block: string[]; landed: string[] }> = [];
  let drain = 0;
  let leaveNow = false;
  const sink = (
    symbol: string,
    bars: BarColumns,
    from: number,
    to: number,
    _tag: unknown,
    landed?: BarColumns,
    landedFrom?: number,
  ) => {
    calls[drain][landed === undefined ? "landed" : "block"].push(symbol);
    if (landed !== undefined) {
      // The copy's bars are the landed day's, where the feed says they are.
      expect(landed).toBe(landings.get(symbol));
      expect(rowsOfColumns(landed, landedFrom!, landedFrom! + to - from)).toEqual(
        rowsOfColumns(bars, from, to),
      );
    }
    for (const row of rowsOfColumns(bars, from, to)) rows.push([drain, symbol, ...row] as Row);
    if (leaveNow && symbol === LEAVER) feed.unsubscribe(LEAVER);
  };
  DAYS.forEach((session, d) => {
    feed.startSession(session);
    for (const minute of drainMinutes(d)) {
      if (d === 1 && minute === 120) subscribe(JOINER);
      leaveNow = d === 1 && minute === 60;
      calls.push({ block: [], landed: [] });
      feed.drain(session.openAt + minute * MINUTE, sink);
      drain++;
    }
    feed.endSession();
  });
  return { rows, calls };
}

/** The same deliveries worked out from the stored bars. */
function expectedRows(): Row[] {
  const rows: Row[] = [];
  let drain = 0;
  DAYS.forEach((session, d) => {
    let previous = session.openAt;
    for (const minute of drainMinutes(d)) {
      const upTo = session.openAt + minute * MINUTE;
      const subscribed = SYMBOLS.filter(
        (symbol) => symbol !== LEAVER || d === 0 || (d === 1 && minute <= 60),
      );
      // The joiner subscribed just before the drain at 11:30: what ended by 11:25 is history.
      if (d > 1 || (d === 1 && minute >= 120)) subscribed.push(JOINER);
      for (const symbol of subscribed) {
        const s = Number(symbol.slice(1));
        for (const barMinute of minutesOf(s, d)) {
          const bar = barAt(s, d, barMinute);
          const end = bar.time + MINUTE;
          if (end > previous && end <= upTo) {
            rows.push([drain, symbol, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]);
          }
        }
      }
      previous = upTo;
      drain++;
    }
  });
  return rows;
}

describe("ReplayFeed with a step block", () => {
  let store: BarStore;
  let withBlock: Replay;
  let withoutBlock: Replay;

  beforeAll(() => {
    store = BarStore.open(":memory:");
    for (let s = 0; s <= 30; s++) {
      const bars = DAYS.flatMap((_, d) => minutesOf(s, d).map((minute) => barAt(s, d, minute)));
      store.insertBars(`S${s}`, "1m", barsToColumns(bars));
    }
    withBlock = replay(store);
    withoutBlock = replay(store, false);
    return () => store.close();
  });

  it("delivers every bar once, at the first drain after it ended, with the block as without it", () => {
    const expected = expectedRows();
    expect(expected.length).toBeGreaterThan(40_000); // 46,281: not an empty comparison
    expect(withBlock.rows).toEqual(expected);
    expect(withoutBlock.rows).toEqual(expected);
  });

  it("hands out the block's copy exactly at the drains it was laid out for", () => {
    const drainsBefore = (d: number) =>
      DAYS.slice(0, d).reduce((sum, _, i) => sum + drainMinutes(i).length, 0);
    /** Per drain of day d: "block" (every call took it), "landed" (none did), or who took it. */
    const used = (replayed: Replay, d: number) =>
      replayed.calls.slice(drainsBefore(d), drainsBefore(d + 1)).map(({ block, landed }) => {
        if (block.length === 0) return "landed";
        return landed.length === 0 ? "block" : `block: ${block.join()}`;
      });
    const expected = (d: number, use: (minute: number) => string) => drainMinutes(d).map(use);
    // Day 1: cut every 5 minutes (the span of its first drain).
    expect(used(withBlock, 0)).toEqual(expected(0, () => "block"));
    // Day 2: cut at day 1's drains. The drain at 32 is not one of them; at 35 only S3's next bar
    // (S3 has none ending in (10:00, 10:03]) is the first of a segment; from 40 on the segments
    // are the drains again, until the unsubscribe at 60 (that drain still walks the list it
    // started with) changes the list for the rest of the day.
    expect(used(withBlock, 1)).toEqual(
      expected(1, (minute) => {
        if (minute === 35) return "block: S3";
        return minute === 32 || minute > 60 ? "landed" : "block";
      }),
    );
    // Day 3 (early close) is cut at day 2's drains (…30, 32, 35…): its drain at 35 covers two
    // segments, and only S3's next bar is the first of the second.
    expect(used(withBlock, 2)).toEqual(expected(2, (minute) => (minute === 35 ? "block: S3" : "block")));
    // Day 4 drains every 15 minutes, cut at day 3's 5 minutes: a symbol's next bar is the first of
    // the segment ending at the drain only for S3 at 11:15 (nothing of it ended in (11:00, 11:10]).
    expect(used(withBlock, 3)).toEqual(expected(3, (minute) => (minute === 105 ? "block: S3" : "landed")));
    // Day 5: cut at day 4's drains again.
    expect(used(withBlock, 4)).toEqual(expected(4, () => "block"));
    expect(DAYS.flatMap((_, d) => used(withoutBlock, d)).every((use) => use === "landed")).toBe(true);
  });
});
