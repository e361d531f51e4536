import { afterAll, describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { PrefaultedMemory } from "../../../src/core/prefaulted-memory.js";
import { HEAP_MEMORY, type SeriesMemory } from "../../../src/core/series-memory.js";
import { BarSeries } from "../../../src/session/bar-series.js";

/** A bar whose every field is derived from its time, so a misplaced value shows up at once. */
function barAt(time: number) {
  return {
    time,
    open: time + 0.25,
    high: time + 0.5,
    low: time - 0.5,
    close: time + 0.125,
    volume: time * 10,
  };
}

function appendAll(series: BarSeries, times: readonly number[]): void {
  for (const time of times) {
    const bar = barAt(time);
    expect(series.append(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume)).toBe(true);
  }
}

function columnsOf(times: readonly number[]): BarColumns {
  return barsToColumns(times.map(barAt));
}

/**
 * Whether two columns of series lie on the same arrays: the same buffer and field stride (a
 * series' slots), their time fields within one field's length of each other. Heap arrays and
 * arrays carved from a shared slab alike (different arrays on one slab lie a whole 6 fields apart).
 */
function sameArrays(a: BarColumns, b: BarColumns): boolean {
  const stride = a.open.byteOffset - a.time.byteOffset;
  return (
    a.time.buffer === b.time.buffer &&
    stride === b.open.byteOffset - b.time.byteOffset &&
    Math.abs(a.time.byteOffset - b.time.byteOffset) < stride
  );
}

/** Slots per field of the arrays a series' columns lie on. */
function slotsOf(columns: BarColumns): number {
  return (columns.open.byteOffset - columns.time.byteOffset) / Float64Array.BYTES_PER_ELEMENT;
}

/** The series' bars as objects, oldest first. */
function contents(series: BarSeries) {
  return columnsToBars(series.view(), series.interval);
}

function expected(times: readonly number[]) {
  return times.map((time) => ({ ...barAt(time), interval: "1m" }));
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, index) => from + index);

// Every case runs on plain heap arrays and on slabs a second thread touches ahead (a backtest's
// series memory, prefaulted-memory.ts): the bars must be the same.
const MEMORIES: Array<[string, () => SeriesMemory & { close?: () => void }]> = [
  ["heap arrays", () => HEAP_MEMORY],
  // Small slabs, so that series cross from one slab to the next.
  ["prefaulted slabs", () => new PrefaultedMemory(undefined, 64 * 1024)],
];

describe.each(MEMORIES)("on %s", (_name, makeMemory) => {
  const memory = makeMemory();
  afterAll(() => memory.close?.());
  const makeSeries = (interval: string, capacity?: number) => new BarSeries(interval, capacity, memory);

  describe("BarSeries", () => {
    it("starts empty: length 0, no bars, lastTime −∞ and firstTime +∞", () => {
      const series = makeSeries("1m");
      expect(series.length).toBe(0);
      expect(series.lastTime).toBe(Number.NEGATIVE_INFINITY);
      expect(series.firstTime).toBe(Number.POSITIVE_INFINITY);
      expect(series.barFromEnd(0)).toBeUndefined();
      expect(series.lastClose()).toBeUndefined();
      expect(series.view().length).toBe(0);
    });

    it("refuses a bar with the same time as the newest one and a bar older than it, storing nothing", () => {
      const series = makeSeries("1m");
      appendAll(series, [100, 200]);
      expect(series.append(200, 1, 1, 1, 1, 1)).toBe(false);
      expect(series.append(150, 1, 1, 1, 1, 1)).toBe(false);
      expect(series.append(50, 1, 1, 1, 1, 1)).toBe(false);
      expect(contents(series)).toEqual(expected([100, 200]));
    });

    it("appendColumns appends only the bars newer than the newest one and counts them", () => {
      const series = makeSeries("1m");
      appendAll(series, [10, 20]);
      expect(series.appendColumns(columnsOf([5, 20, 30, 40]))).toBe(2);
      expect(contents(series)).toEqual(expected([10, 20, 30, 40]));
    });

    it("grows past its initial capacity and keeps every bar in order with exact values", () => {
      const series = makeSeries("1m", 4);
      const times = range(1, 301).map((index) => index * 60_000);
      appendAll(series, times);
      expect(series.length).toBe(300);
      expect(series.firstTime).toBe(60_000);
      expect(series.lastTime).toBe(300 * 60_000);
      expect(contents(series)).toEqual(expected(times));
    });

    it("after trimTo, appending reuses the freed space in place and keeps the values exact", () => {
      const series = makeSeries("1m", 8);
      appendAll(series, range(1, 9));
      const before = series.view();
      // Keep 5 of 8: the next append compacts bars 4…8 to the front of the same arrays (the source
      // and target ranges overlap).
      series.trimTo(5);
      expect(contents(series)).toEqual(expected([4, 5, 6, 7, 8]));
      appendAll(series, [9]);
      expect(sameArrays(series.view(), before)).toBe(true);
      expect(contents(series)).toEqual(expected([4, 5, 6, 7, 8, 9]));
      appendAll(series, [10, 11]);
      expect(sameArrays(series.view(), before)).toBe(true);
      expect(contents(series)).toEqual(expected([4, 5, 6, 7, 8, 9, 10, 11]));
      // Full again: the next append has to grow into new arrays.
      appendAll(series, [12]);
      expect(sameArrays(series.view(), before)).toBe(false);
      expect(contents(series)).toEqual(expected(range(4, 13)));
    });

    it("trimTo keeps the newest bars and does nothing when the series is already short enough", () => {
      const series = makeSeries("1m");
      appendAll(series, [1, 2, 3, 4]);
      series.trimTo(10);
      expect(contents(series)).toEqual(expected([1, 2, 3, 4]));
      series.trimTo(2);
      expect(contents(series)).toEqual(expected([3, 4]));
      series.trimTo(0);
      expect(series.length).toBe(0);
      appendAll(series, [5]);
      expect(contents(series)).toEqual(expected([5]));
    });

    it("prependColumns takes only the bars older than the oldest one held and puts them in front", () => {
      const series = makeSeries("1m");
      appendAll(series, [10, 11, 12]);
      expect(series.prependColumns(columnsOf([7, 8, 9, 10, 11]))).toBe(3);
      expect(contents(series)).toEqual(expected([7, 8, 9, 10, 11, 12]));
      // Bars at or after the oldest one stop the prepend: nothing newer is ever put in front.
      expect(series.prependColumns(columnsOf([7, 8, 20]))).toBe(0);
      expect(series.prependColumns(columnsOf([3, 4, 9, 30]))).toBe(2);
      expect(contents(series)).toEqual(expected([3, 4, 7, 8, 9, 10, 11, 12]));
      appendAll(series, [13]);
      expect(contents(series)).toEqual(expected([3, 4, 7, 8, 9, 10, 11, 12, 13]));
    });

    it("prependColumns into an empty series takes every bar", () => {
      const series = makeSeries("1m");
      expect(series.prependColumns(columnsOf([1, 2, 3]))).toBe(3);
      expect(contents(series)).toEqual(expected([1, 2, 3]));
      expect(series.prependColumns(columnsOf([]))).toBe(0);
    });

    it("prependColumns after trimming keeps the held bars exact and leaves room to append", () => {
      const series = makeSeries("1m", 4);
      appendAll(series, [10, 11, 12, 13]);
      series.trimTo(2);
      expect(series.prependColumns(columnsOf([5, 6]))).toBe(2);
      appendAll(series, range(14, 80));
      expect(contents(series)).toEqual(expected([5, 6, 12, 13, ...range(14, 80)]));
    });

    it("prependColumns keeps the room reserved after the newest bar: capacity = bars put in front + capacity before", () => {
      const series = makeSeries("1m", 0);
      series.reserve(78);
      expect(series.prependColumns(columnsOf(range(1, 235)))).toBe(234);
      expect([series.length, series.capacity]).toEqual([234, 312]);
      const arrays = series.view();
      appendAll(series, range(235, 313));
      expect([series.length, series.capacity, sameArrays(series.view(), arrays)]).toEqual([312, 312, true]);
      expect(contents(series)).toEqual(expected(range(1, 313)));
    });

    it("reserve makes room once, so appends up to the reserved capacity keep the same arrays", () => {
      const series = makeSeries("1m", 0);
      expect(series.capacity).toBe(0);
      appendAll(series, [1, 2]);
      expect(series.capacity).toBe(64);
      series.reserve(390);
      expect(series.capacity).toBe(390);
      const arrays = series.view();
      appendAll(series, range(3, 391));
      expect([series.length, series.capacity, sameArrays(series.view(), arrays)]).toEqual([390, 390, true]);
      expect(contents(series)).toEqual(expected(range(1, 391)));
      // Enough room already: nothing changes.
      series.reserve(100);
      expect([series.capacity, sameArrays(series.view(), arrays)]).toEqual([390, true]);
      // Past the reserved room, appends grow by doubling.
      appendAll(series, [391]);
      expect(series.capacity).toBe(782);
    });

    it("reserve on an empty series allocates nothing until the first bar, which gets arrays of exactly that size", () => {
      const series = makeSeries("1m", 0);
      series.reserve(390);
      expect([series.capacity, series.view().time.byteLength]).toEqual([390, 0]);
      appendAll(series, [1]);
      // One array holds the six columns, 390 slots each.
      expect([series.capacity, slotsOf(series.view())]).toEqual([390, 390]);
      const arrays = series.view();
      appendAll(series, range(2, 391));
      expect(sameArrays(series.view(), arrays)).toBe(true);
      expect(contents(series)).toEqual(expected(range(1, 391)));
    });

    it("reserve on an empty series, then a prepend: the history plus the reserved room", () => {
      const series = makeSeries("1m", 0);
      series.reserve(78);
      expect(series.prependColumns(columnsOf(range(1, 41)))).toBe(40);
      expect([series.capacity, slotsOf(series.view())]).toEqual([118, 118]);
    });

    it("reserve compacts in place when trimming left enough room at the front", () => {
      const series = makeSeries("1m", 10);
      appendAll(series, range(1, 11));
      series.trimTo(4);
      expect(series.capacity).toBe(4);
      const arrays = series.view();
      series.reserve(10);
      expect([series.capacity, sameArrays(series.view(), arrays)]).toEqual([10, true]);
      appendAll(series, range(11, 17));
      expect(contents(series)).toEqual(expected(range(7, 17)));
      series.reserve(11);
      expect(series.capacity).toBe(11);
      expect(contents(series)).toEqual(expected(range(7, 17)));
    });

    it("truncateFrom removes every bar at or after the time and the series accepts those times again", () => {
      const series = makeSeries("1m");
      appendAll(series, [1, 2, 3, 4, 5]);
      series.truncateFrom(3);
      expect(contents(series)).toEqual(expected([1, 2]));
      series.truncateFrom(10);
      expect(contents(series)).toEqual(expected([1, 2]));
      appendAll(series, [3]);
      expect(contents(series)).toEqual(expected([1, 2, 3]));
      series.truncateFrom(0);
      expect(series.length).toBe(0);
    });

    it("dropBefore removes every bar older than the time and keeps the rest", () => {
      const series = makeSeries("1m");
      appendAll(series, [1, 2, 3, 4, 5]);
      series.dropBefore(3);
      expect(contents(series)).toEqual(expected([3, 4, 5]));
      series.dropBefore(0);
      expect(contents(series)).toEqual(expected([3, 4, 5]));
      series.dropBefore(6);
      expect(series.length).toBe(0);
      expect(series.firstTime).toBe(Number.POSITIVE_INFINITY);
    });

    it("view(count) holds exactly the newest count bars, and all of them when count exceeds the length", () => {
      const series = makeSeries("1m");
      appendAll(series, [1, 2, 3, 4, 5]);
      series.trimTo(4);
      expect(columnsToBars(series.view(2), "1m")).toEqual(expected([4, 5]));
      expect(columnsToBars(series.view(0), "1m")).toEqual([]);
      expect(columnsToBars(series.view(99), "1m")).toEqual(expected([2, 3, 4, 5]));
      expect(series.view().length).toBe(4);
    });

    it("viewRange holds exactly the bars with from ≤ time < to", () => {
      const series = makeSeries("1m");
      appendAll(series, [10, 20, 30, 40, 50]);
      series.trimTo(4);
      const times = (from: number, to: number) => [...series.viewRange(from, to).time];
      expect(times(20, 40)).toEqual([20, 30]);
      expect(times(15, 41)).toEqual([20, 30, 40]);
      expect(times(0, 100)).toEqual([20, 30, 40, 50]);
      expect(times(0, 20)).toEqual([]);
      expect(times(50, Number.POSITIVE_INFINITY)).toEqual([50]);
      expect(times(51, 60)).toEqual([]);
      expect(columnsToBars(series.viewRange(30, 50), "1m")).toEqual(expected([30, 40]));
    });

    it("barFromEnd counts back from the newest bar and is undefined outside the held bars", () => {
      const series = makeSeries("5m");
      appendAll(series, [1, 2, 3, 4]);
      series.trimTo(3);
      expect(series.barFromEnd()).toEqual({ ...barAt(4), interval: "5m" });
      expect(series.barFromEnd(0)).toEqual({ ...barAt(4), interval: "5m" });
      expect(series.barFromEnd(2)).toEqual({ ...barAt(2), interval: "5m" });
      expect(series.barFromEnd(3)).toBeUndefined();
      expect(series.barFromEnd(-1)).toBeUndefined();
      expect(series.lastClose()).toBe(barAt(4).close);
    });

    it("lastCloseOrNaN is the newest bar's close, NaN when there is none, after every kind of change", () => {
      const series = makeSeries("1m", 2);
      const expectClose = (time: number | undefined) => {
        const close = time === undefined ? undefined : barAt(time).close;
        expect(series.lastClose()).toBe(close);
        expect(series.lastCloseOrNaN()).toBe(close ?? Number.NaN);
      };
      expectClose(undefined);
      series.prependColumns(columnsOf([3, 4]));
      expectClose(4);
      appendAll(series, [5, 6, 7]); // past the capacity: reallocated
      expectClose(7);
      series.prependColumns(columnsOf([1, 2]));
      expectClose(7);
      series.trimTo(2);
      expectClose(7);
      series.reserve(50); // compacted into new arrays
      expectClose(7);
      series.truncateFrom(7);
      expectClose(6);
      series.dropBefore(7);
      expectClose(undefined);
    });
  });

  describe("BarSeries.landing (a day decoded where the series keeps it)", () => {
    /** Writes `times`' bars into landing columns, as a replay feed decodes a day. */
    function land(series: BarSeries, times: readonly number[]): BarColumns {
      const room = series.landing(times.length);
      const bars = columnsOf(times);
      for (const field of ["time", "open", "high", "low", "close", "volume"] as const)
        room[field].set(bars[field]);
      return room;
    }

    function appendFrom(series: BarSeries, room: BarColumns, from: number, to: number): void {
      for (let i = from; i < to; i++) {
        series.append(room.time[i], room.open[i], room.high[i], room.low[i], room.close[i], room.volume[i]);
      }
    }

    it("keeps the landed bars out of the series until each is appended: no bar is seen early", () => {
      const series = makeSeries("1m", 0);
      series.reserve(4);
      appendAll(series, [1]);
      const room = land(series, [2, 3, 4]);
      expect(series.length).toBe(1);
      expect(series.lastTime).toBe(1);
      expect(series.lastClose()).toBe(barAt(1).close);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([1]), "1m"));
      expect(series.viewRange(0, 10).length).toBe(1);
      appendFrom(series, room, 0, 2);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([1, 2, 3]), "1m"));
      expect(series.barFromEnd(0)).toEqual({ ...barAt(3), interval: "1m" });
      appendFrom(series, room, 2, 3);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([1, 2, 3, 4]), "1m"));
    });

    it("lands in the series' own memory, reused from day to day once trimmed", () => {
      const series = makeSeries("1m", 0);
      series.reserve(6);
      const day1 = land(series, [10, 11, 12]);
      appendFrom(series, day1, 0, 3);
      series.trimTo(3);
      series.reserve(series.length + 3);
      const day2 = land(series, [20, 21, 22]);
      // The same arrays as the first day: nothing new allocated for the second.
      expect(sameArrays(day2, day1)).toBe(true);
      appendFrom(series, day2, 0, 3);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([10, 11, 12, 20, 21, 22]), "1m"));
      series.trimTo(3);
      series.reserve(series.length + 3);
      const day3 = land(series, [30, 31, 32]);
      expect(sameArrays(day3, day1)).toBe(true);
      appendFrom(series, day3, 0, 3);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([20, 21, 22, 30, 31, 32]), "1m"));
    });

    it("hands out the same columns for the same room day after day, new ones for another room, exact bars", () => {
      const series = makeSeries("1m", 0);
      series.reserve(4);
      const day1 = land(series, [10, 11, 12]);
      series.appendNewerRun(day1, 0, 3);
      const days: BarColumns[] = [day1];
      for (const day of [2, 3, 4]) {
        // What a day end and the next day's start do to a feed series: trim, then reserve a session.
        series.trimTo(1);
        series.reserve(series.length + 3);
        const times = [day * 10, day * 10 + 1, day * 10 + 2];
        const room = land(series, times);
        days.push(room);
        series.appendNewerRun(room, 0, 3);
        expect(contents(series)).toEqual(expected([day * 10 - 8, ...times]));
      }
      // The first day landed at slot 0 of the empty series, the next ones at slot 1 (the bar kept):
      // new columns on the second day, the same ones from then on, over the same arrays.
      expect(days[1]).not.toBe(day1);
      expect(sameArrays(days[1], day1)).toBe(true);
      expect(days[2]).toBe(days[1]);
      expect(days[3]).toBe(days[1]);
      // Another length: new columns, over the same arrays.
      series.trimTo(1);
      series.reserve(series.length + 3);
      const short = land(series, [50, 51]);
      expect(short).not.toBe(days[1]);
      expect(sameArrays(short, day1)).toBe(true);
      series.appendNewerRun(short, 0, 2);
      expect(contents(series)).toEqual(expected([42, 50, 51]));
      // Another slot of the same arrays (two bars kept): new columns again.
      series.trimTo(2);
      series.reserve(series.length + 2);
      const shifted = land(series, [60, 61]);
      expect(shifted).not.toBe(short);
      series.appendNewerRun(shifted, 0, 2);
      expect(contents(series)).toEqual(expected([50, 51, 60, 61]));
      // New arrays (history put in front): new columns on them.
      series.prependColumns(columnsOf([1, 2]));
      const moved = land(series, [70]);
      expect(sameArrays(moved, day1)).toBe(false);
      series.appendNewerRun(moved, 0, 1);
      expect(contents(series)).toEqual(expected([1, 2, 50, 51, 60, 61, 70]));
    });

    it("skips landed bars it already holds (a late join's backfill) and keeps the rest in order", () => {
      const series = makeSeries("1m", 4);
      appendAll(series, [4, 5]);
      const room = land(series, [4, 5, 6, 7]);
      appendFrom(series, room, 0, 4);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([4, 5, 6, 7]), "1m"));
    });

    it("lastTime is the newest bar's time after every kind of change (kept beside the arrays)", () => {
      const series = makeSeries("1m", 2);
      const newest = () => series.barFromEnd(0)?.time ?? Number.NEGATIVE_INFINITY;
      const expectNewest = (time: number) => {
        expect(series.lastTime).toBe(time);
        expect(newest()).toBe(time);
      };
      expectNewest(Number.NEGATIVE_INFINITY);
      series.prependColumns(columnsOf([3, 4])); // into an empty series
      expectNewest(4);
      appendAll(series, [5, 6, 7]); // past the capacity: reallocated
      expectNewest(7);
      expect(series.append(7, 1, 1, 1, 1, 1)).toBe(false);
      expectNewest(7);
      const room = land(series, [8, 9, 10]); // in place
      series.appendNewerRun(room, 0, 2);
      expectNewest(9);
      series.appendNewerRun(room, 2, 2); // an empty run changes nothing
      expectNewest(9);
      series.appendNewerRun(columnsOf([11, 12]), 0, 2); // copied
      expectNewest(12);
      expect(series.appendRun(columnsOf([12, 13]), 0, 2)).toBe(0);
      expectNewest(12);
      series.truncateFrom(11); // 8 and 9 landed, 11 and 12 copied: 9 is the newest left
      expectNewest(9);
      series.prependColumns(columnsOf([1, 2])); // in front: the newest stays
      expectNewest(9);
      series.trimTo(3);
      expectNewest(9);
      series.dropBefore(9);
      expectNewest(9);
      series.reserve(100);
      expectNewest(9);
      series.dropBefore(10);
      expectNewest(Number.NEGATIVE_INFINITY);
      appendAll(series, [20]);
      series.trimTo(0);
      expectNewest(Number.NEGATIVE_INFINITY);
      appendAll(series, [21]);
      series.truncateFrom(0);
      expectNewest(Number.NEGATIVE_INFINITY);
    });

    it("appendRun takes landed runs in place and copies where a run is not at the next slot", () => {
      // In place: the run already sits in the next slots, nothing is written.
      const series = makeSeries("1m", 0);
      series.reserve(8);
      appendAll(series, [1]);
      const room = land(series, [2, 3, 4, 5, 6]);
      expect(series.appendRun(room, 0, 2)).toBe(2);
      expect(series.appendRun(room, 2, 5)).toBe(5);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([1, 2, 3, 4, 5, 6]), "1m"));
      // Bars already held (a late join's backfill): refused, and the rest lands one slot earlier
      // than it was decoded, so it is copied (an in-place append would keep the wrong bars).
      const joined = makeSeries("1m", 4);
      appendAll(joined, [4, 5]);
      const late = land(joined, [4, 5, 6, 7]);
      // newerRun says where appendRun would stop, and appends nothing.
      expect(joined.newerRun(late, 0, 4)).toBe(0);
      expect(joined.newerRun(late, 2, 4)).toBe(4);
      expect(joined.length).toBe(2);
      expect(joined.appendRun(late, 0, 4)).toBe(0);
      expect(joined.appendRun(late, 1, 4)).toBe(1);
      expect(joined.appendRun(late, 2, 4)).toBe(4);
      expect(contents(joined)).toEqual(columnsToBars(columnsOf([4, 5, 6, 7]), "1m"));
      // Reallocated in between (history put in front): the landed values are copied from the old arrays.
      const extended = makeSeries("1m", 0);
      extended.reserve(3);
      const before = land(extended, [5, 6, 7]);
      expect(extended.appendRun(before, 0, 1)).toBe(1);
      extended.prependColumns(columnsOf([1, 2]));
      expect(extended.appendRun(before, 1, 3)).toBe(3);
      expect(contents(extended)).toEqual(columnsToBars(columnsOf([1, 2, 5, 6, 7]), "1m"));
      // A time going backwards inside a landed run stops it there.
      const backwards = makeSeries("1m", 0);
      backwards.reserve(4);
      const disordered = land(backwards, [1, 2, 2, 3]);
      expect(backwards.appendRun(disordered, 0, 4)).toBe(2);
      expect(backwards.appendRun(disordered, 3, 4)).toBe(4);
      expect(contents(backwards)).toEqual(columnsToBars(columnsOf([1, 2, 3]), "1m"));
    });

    it("appendNewerRun of a copy (a replay's step block) moves the end over the landed run, or copies", () => {
      // The copy holds other values than the landed day here only to show which one the series
      // keeps: in a replay the two are the same bars.
      const copy = (times: readonly number[]) =>
        barsToColumns(times.map((time) => ({ ...barAt(time), close: barAt(time).close + 1000 })));
      const series = makeSeries("1m", 0);
      series.reserve(5);
      appendAll(series, [1]);
      const room = land(series, [2, 3, 4, 5]);
      // Bars 0–1 of the copy are the landed day's 0–1, at the next slots: taken in place.
      series.appendNewerRun(copy([9, 2, 3]), 1, 3, room, 0);
      expect(contents(series)).toEqual(expected([1, 2, 3]));
      expect(series.lastTime).toBe(3);
      // Said to lie one slot further than the next one: copied from the copy.
      series.appendNewerRun(copy([4]), 0, 1, room, 3);
      expect(series.lastClose()).toBe(barAt(4).close + 1000);
      // Other columns than the series' landing: copied too.
      series.appendNewerRun(copy([5]), 0, 1, columnsOf([5]), 0);
      expect(series.lastClose()).toBe(barAt(5).close + 1000);
      expect(series.length).toBe(5);
    });

    it("keeps the landed values when the arrays are reallocated before they are appended (history put in front)", () => {
      const series = makeSeries("1m", 0);
      series.reserve(3);
      const room = land(series, [5, 6, 7]);
      appendFrom(series, room, 0, 1);
      series.prependColumns(columnsOf([1, 2]));
      appendFrom(series, room, 1, 3);
      expect(contents(series)).toEqual(columnsToBars(columnsOf([1, 2, 5, 6, 7]), "1m"));
    });
  });
});
