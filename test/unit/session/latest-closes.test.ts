// The board of newest closes the bulk reads use (LatestCloses, session/latest-closes.ts): a
// series' cell equals its `lastCloseOrNaN()` after every kind of change to its bars; cell 0 is
// NaN for good; a released cell is NaN, no longer written by its old series, and given to the next;
// the board grows without losing a value.

import { describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns } from "../../../src/core/bar-columns.js";
import { BarSeries } from "../../../src/session/bar-series.js";
import { LatestCloses } from "../../../src/session/latest-closes.js";

/** A bar whose every field is derived from its time; its close is `time + 0.125`. */
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

function columnsOf(times: readonly number[]): BarColumns {
  return barsToColumns(times.map(barAt));
}

function append(series: BarSeries, time: number): boolean {
  const bar = barAt(time);
  return series.append(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
}

/** Writes `times`' bars into the series' landing room, as a replay feed decodes a day. */
function land(series: BarSeries, times: readonly number[]): BarColumns {
  const room = series.landing(times.length);
  const bars = columnsOf(times);
  for (const field of ["time", "open", "high", "low", "close", "volume"] as const)
    room[field].set(bars[field]);
  return room;
}

describe("LatestCloses", () => {
  it("holds each series' newest close in its cell after every kind of change", () => {
    const board = new LatestCloses();
    const series = new BarSeries("1m", 0);
    const other = new BarSeries("1m", 2);
    // An empty series takes its cell NaN; the other its close once it has a bar.
    const cell = board.cellOf(series);
    append(other, 100);
    const otherCell = board.cellOf(other);
    expect(cell).toBeGreaterThan(0);
    expect(otherCell).not.toBe(cell);
    expect(board.cellOf(series)).toBe(cell);

    const steps: Array<[string, () => void, number | undefined]> = [
      ["nothing yet", () => {}, undefined],
      ["history into an empty series", () => series.prependColumns(columnsOf([3, 4])), 4],
      [
        "appends past the capacity",
        () => {
          for (const time of [5, 6, 7]) append(series, time);
        },
        7,
      ],
      ["a refused append", () => append(series, 7), 7],
      ["history in front", () => series.prependColumns(columnsOf([1, 2])), 7],
      ["a run, the refused bar ending it", () => series.appendRun(columnsOf([8, 9, 9, 10]), 0, 4), 9],
      ["trimmed", () => series.trimTo(2), 9],
      ["compacted into new arrays", () => series.reserve(50), 9],
      [
        "a landed run appended where it lies",
        () => {
          const room = land(series, [10, 11, 12, 13]);
          series.appendNewerRun(room, 0, 2);
        },
        11,
      ],
      [
        "the rest of the landed run",
        () => {
          const room = land(series, [12, 13]);
          series.appendNewerRun(room, 0, 2);
        },
        13,
      ],
      ["a run copied from other columns", () => series.appendNewerRun(columnsOf([14, 15, 16]), 0, 2), 15],
      ["truncated", () => series.truncateFrom(14), 13],
      ["dropped before a time", () => series.dropBefore(13), 13],
      ["truncated to nothing", () => series.truncateFrom(0), undefined],
      ["appended again", () => append(series, 20), 20],
      ["dropped whole", () => series.dropBefore(21), undefined],
      ["history again into the empty series", () => series.prependColumns(columnsOf([18, 19])), 19],
    ];
    for (const [what, change, newest] of steps) {
      change();
      const close = newest === undefined ? Number.NaN : barAt(newest).close;
      expect(series.lastCloseOrNaN(), what).toBe(close);
      expect(board.values[cell], what).toBe(close);
      // The other series' cell is its own.
      expect(board.values[otherCell], what).toBe(barAt(100).close);
    }
    expect(board.values[0]).toBe(Number.NaN);
  });

  it("takes a released cell back as NaN, no longer written by its old series, and gives it to the next", () => {
    const board = new LatestCloses();
    const first = new BarSeries("1m", 0);
    append(first, 1);
    const cell = board.cellOf(first);
    expect(board.values[cell]).toBe(barAt(1).close);

    board.release(first);
    expect(first.closeCell).toBe(0);
    expect(board.values[cell]).toBe(Number.NaN);
    append(first, 2);
    expect(board.values[cell]).toBe(Number.NaN);
    // Releasing a series without a cell changes nothing.
    board.release(first);
    expect(board.values[cell]).toBe(Number.NaN);

    const next = new BarSeries("5m", 0);
    append(next, 300);
    expect(board.cellOf(next)).toBe(cell);
    expect(board.values[cell]).toBe(barAt(300).close);
    append(first, 3);
    expect(board.values[cell]).toBe(barAt(300).close);
    // The old series asked again gets a cell of its own, with its close.
    const again = board.cellOf(first);
    expect(again).not.toBe(cell);
    expect(board.values[again]).toBe(barAt(3).close);
  });

  it("grows past its first cells and keeps every value; cell 0 stays NaN", () => {
    const board = new LatestCloses();
    const all: BarSeries[] = [];
    for (let i = 0; i < 300; i++) {
      const series = new BarSeries("1m", 0);
      if (i % 3 !== 0) append(series, i);
      all.push(series);
      expect(board.cellOf(series)).toBe(i + 1);
    }
    all.forEach((series, i) => {
      append(series, 1000 + i);
    });
    all.forEach((series, i) => {
      expect(board.values[series.closeCell]).toBe(barAt(1000 + i).close);
    });
    expect(board.values[0]).toBe(Number.NaN);
  });
});
