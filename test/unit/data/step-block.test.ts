// StepBlock: a day's bars laid out segment by segment across the symbols (step-block.ts). Checked
// slot by slot: where each symbol's run of a segment starts in its day, how many bars it holds,
// and that the segment's columns hold exactly those bars at the symbol's slot.

import { describe, expect, it } from "vitest";
import type { BarColumns } from "../../../src/core/bar-columns.js";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { StepBlock } from "../../../src/data/step-block.js";
import { rowsOfColumns } from "../../helpers/bar-rows.js";

const MINUTE = 60_000;
const OPEN = Date.parse("2024-03-05T09:30:00-05:00");

/** 1m bars starting at the given minutes after the open; values encode symbol and minute. */
function day(symbol: number, minutes: readonly number[]): BarColumns {
  return barsToColumns(
    minutes.map((minute) => ({
      time: OPEN + minute * MINUTE,
      open: symbol * 1000 + minute,
      high: symbol * 1000 + minute + 0.5,
      low: symbol * 1000 + minute - 0.5,
      close: symbol * 1000 + minute + 0.25,
      volume: 100 + symbol + minute,
    })),
  );
}

/** Segment k's bars of symbol s read back from the block, as rows. */
function segmentBars(block: StepBlock, k: number, s: number): number[][] {
  const slot = block.slotOf(k, s);
  return rowsOfColumns(block.columnsOf(k), slot, slot + block.countOf(k, s));
}

// Segments end at 09:35, 09:40 and 09:50 (bar ends), so widths 5, 5 and 10 slots.
const ENDS = [OPEN + 5 * MINUTE, OPEN + 10 * MINUTE, OPEN + 20 * MINUTE];

describe("StepBlock", () => {
  it("puts each symbol's bars of a segment at its slot, through gaps and a day ending early", () => {
    const block = new StepBlock();
    const owner = {};
    expect(block.prepare(owner, 3, OPEN, MINUTE, ENDS)).toBe(true);
    const full = day(
      0,
      Array.from({ length: 20 }, (_, minute) => minute),
    );
    const gaps = day(1, [0, 2, 3, 9, 12, 19]); // nothing in 09:35–09:40 but 09:39
    const short = day(2, [1, 4, 6]); // nothing after 09:40
    block.add(0, full);
    block.add(1, gaps);
    block.add(2, short);
    block.finish();
    // Where each symbol's run of each segment starts in its day, and the row after the last segment.
    expect([0, 1, 2, 3].map((k) => [0, 1, 2].map((s) => block.startOf(k, s)))).toEqual([
      [0, 0, 0],
      [5, 3, 2],
      [10, 4, 3],
      [20, 6, 3],
    ]);
    expect([0, 1, 2].map((k) => [0, 1, 2].map((s) => block.countOf(k, s)))).toEqual([
      [5, 3, 2],
      [5, 1, 1],
      [10, 2, 0],
    ]);
    // Each symbol's six fields lie together: symbol 2's slots start after two symbols' 6 × width.
    expect([0, 1, 2].map((k) => block.slotOf(k, 2))).toEqual([60, 60, 120]);
    const days = [full, gaps, short];
    for (let k = 0; k < 3; k++) {
      for (let s = 0; s < 3; s++) {
        const from = block.startOf(k, s);
        expect(segmentBars(block, k, s)).toEqual(rowsOfColumns(days[s], from, from + block.countOf(k, s)));
      }
    }
    // A column ends with the last symbol's slots of its field: 3 × 6 × 10 − 5 × 10.
    expect(block.columnsOf(2).length).toBe(130);
    expect(block.segmentEndingAt(owner, OPEN + 10 * MINUTE)).toBe(1);
    expect(block.segmentEndingAt(owner, OPEN + 15 * MINUTE)).toBe(-1);
    expect(block.segmentEndingAt({}, OPEN + 10 * MINUTE)).toBe(-1);
  });

  it("leaves out a symbol whose bars do not fit a segment's slots, and one never added", () => {
    const block = new StepBlock();
    const owner = {};
    block.prepare(owner, 3, OPEN, MINUTE, ENDS);
    const offGrid = barsToColumns(
      [0, 0.5, 1, 1.5, 2, 2.5, 3].map((minute) => ({
        time: OPEN + minute * MINUTE,
        open: 1,
        high: 1,
        low: 1,
        close: 1,
        volume: 1,
      })),
    );
    block.add(0, offGrid); // seven bars ending by 09:35: more than the segment's five slots
    block.add(1, day(1, [0, 1]));
    block.finish();
    expect([0, 1, 2, 3].map((k) => block.startOf(k, 0))).toEqual([-1, -1, -1, -1]);
    expect(block.startOf(0, 1)).toBe(0);
    expect(block.countOf(0, 1)).toBe(2);
    expect([0, 1, 2, 3].map((k) => block.startOf(k, 2))).toEqual([-1, -1, -1, -1]);
  });

  it("holds as many symbols as its ceiling allows, and none when not one fits", () => {
    // 20 slots × 6 fields × 8 bytes = 960 bytes a symbol.
    const block = new StepBlock(2 * 960 + 959);
    const owner = {};
    expect(block.prepare(owner, 3, OPEN, MINUTE, ENDS)).toBe(true);
    for (let s = 0; s < 3; s++) block.add(s, day(s, [0, 7, 15]));
    block.finish();
    expect([0, 1, 2].map((s) => block.startOf(1, s))).toEqual([1, 1, -1]);
    expect(segmentBars(block, 2, 1)).toEqual(rowsOfColumns(day(1, [15]), 0, 1));
    expect(new StepBlock(959).prepare(owner, 3, OPEN, MINUTE, ENDS)).toBe(false);
    expect(new StepBlock().prepare(owner, 3, OPEN, MINUTE, [])).toBe(false);
  });

  it("makes its memory when reserved, once, from the memory it was given", () => {
    const made: number[] = [];
    const block = new StepBlock(10 * 1024 * 1024, (length) => {
      made.push(length);
      return new Float64Array(length);
    });
    // 3 symbols of 20 bars: 3 × 20 × 6 values, made now rather than at the day's read.
    block.reserve(3, 20);
    expect(made).toEqual([360]);
    const owner = {};
    block.prepare(owner, 3, OPEN, MINUTE, ENDS);
    block.add(2, day(2, [0, 19]));
    block.finish();
    expect(made).toEqual([360]);
    expect(segmentBars(block, 2, 2)).toEqual(rowsOfColumns(day(2, [19]), 0, 1));
    // More symbols than reserved: made again, larger.
    block.prepare(owner, 4, OPEN, MINUTE, ENDS);
    expect(made).toEqual([360, 480]);
    // Reserved larger after a layout: the same layout is laid out again on the new memory.
    block.reserve(8, 20);
    expect(made).toEqual([360, 480, 960]);
    block.prepare(owner, 4, OPEN, MINUTE, ENDS);
    block.add(3, day(3, [2]));
    block.finish();
    expect(segmentBars(block, 0, 3)).toEqual(rowsOfColumns(day(3, [2]), 0, 1));
  });

  it("is laid out again for another day: the same segments move with the open, others are new", () => {
    const block = new StepBlock();
    const owner = {};
    block.prepare(owner, 2, OPEN, MINUTE, ENDS);
    block.add(0, day(0, [0, 1, 2, 3, 4, 5]));
    block.finish();
    const nextOpen = OPEN + 86_400_000;
    const nextDay = (symbol: number, minutes: number[]) =>
      barsToColumns(
        minutes.map((minute) => ({
          time: nextOpen + minute * MINUTE,
          open: symbol + minute,
          high: symbol + minute,
          low: symbol + minute,
          close: symbol + minute,
          volume: symbol + minute,
        })),
      );
    block.prepare(
      owner,
      2,
      nextOpen,
      MINUTE,
      ENDS.map((end) => end + 86_400_000),
    );
    // Nothing of the day before is left: every symbol starts out of the block until added.
    expect(block.startOf(0, 0)).toBe(-1);
    expect(block.segmentEndingAt(owner, OPEN + 5 * MINUTE)).toBe(-1);
    expect(block.segmentEndingAt(owner, nextOpen + 5 * MINUTE)).toBe(0);
    block.add(1, nextDay(1, [4, 5, 6]));
    block.finish();
    expect(segmentBars(block, 1, 1)).toEqual(rowsOfColumns(nextDay(1, [5, 6]), 0, 2));
    // Another cadence: segments of 10 minutes.
    block.prepare(owner, 2, nextOpen, MINUTE, [nextOpen + 10 * MINUTE, nextOpen + 20 * MINUTE]);
    block.add(0, nextDay(0, [4, 5, 6, 12]));
    block.finish();
    expect(block.countOf(0, 0)).toBe(3);
    expect(block.slotOf(1, 1)).toBe(60);
    expect(segmentBars(block, 1, 0)).toEqual(rowsOfColumns(nextDay(0, [12]), 0, 1));
    block.clear();
    expect(block.segmentEndingAt(owner, nextOpen + 10 * MINUTE)).toBe(-1);
  });
});
