// The bars of one (symbol, interval) held by a session: history and today's session bars in one
// timeline, oldest first, in growable typed arrays. Appending is amortized O(1) with no allocation;
// times are strictly increasing, so a bar can never be stored twice.
//
// Capacity: at thousands of symbols the arrays are most of a session's memory, so the session sizes
// them for what they will hold (`reserve`: the history plus a session of bars) and a prepend keeps
// the room reserved after the newest bar instead of doubling. Appends past the reserved room still
// grow by doubling.

import type { Bar } from "../core/bar.js";
import { allocateBarColumns, type BarColumns, sliceColumns } from "../core/bar-columns.js";

const INITIAL_CAPACITY = 64;

export class BarSeries {
  readonly interval: string;
  private columns: BarColumns;
  /** Index of the oldest bar in the arrays (trimmed bars leave room at the front). */
  private start = 0;
  private end = 0;
  /** Capacity asked for by `reserve` while the series held no bar: the arrays get it when first needed. */
  private reserved = 0;

  /** `capacity` 0 allocates nothing until the first bar or `reserve`. */
  constructor(interval: string, capacity = INITIAL_CAPACITY) {
    this.interval = interval;
    this.columns = allocateBarColumns(Math.max(0, capacity));
  }

  get length(): number {
    return this.end - this.start;
  }

  /**
   * Bars the series is sized for, counting from its oldest one: appends up to it need no new arrays
   * (an empty series may not have allocated them yet, see `reserve`).
   */
  get capacity(): number {
    return Math.max(this.columns.length - this.start, this.reserved);
  }

  /**
   * Sizes the series for `capacity` bars in all (those held included), reallocating at most once.
   * An empty series only records the size and allocates with its first bar (or prepend): a stream
   * waiting for its first bar then holds no memory while the feed holds the day's bars, so at
   * thousands of symbols the two are not at their peak together.
   */
  reserve(capacity: number): void {
    if (this.capacity >= capacity) return;
    const length = this.length;
    if (length === 0) {
      this.reserved = capacity;
      return;
    }
    // Trimmed bars leave room at the front: compact in place when that is enough.
    const next = this.columns.length >= capacity ? this.columns : allocateBarColumns(capacity);
    copyInto(next, 0, this.columns, this.start, length);
    this.columns = next;
    this.start = 0;
    this.end = length;
  }

  /** Start time of the newest bar, or -Infinity when empty. */
  get lastTime(): number {
    return this.end > this.start ? this.columns.time[this.end - 1] : Number.NEGATIVE_INFINITY;
  }

  /** Start time of the oldest bar, or +Infinity when empty. */
  get firstTime(): number {
    return this.end > this.start ? this.columns.time[this.start] : Number.POSITIVE_INFINITY;
  }

  /** Appends a bar newer than the newest one; returns false (and stores nothing) otherwise. */
  append(time: number, open: number, high: number, low: number, close: number, volume: number): boolean {
    if (time <= this.lastTime) return false;
    if (this.end === this.columns.length) this.makeRoom(1);
    const i = this.end++;
    const c = this.columns;
    c.time[i] = time;
    c.open[i] = open;
    c.high[i] = high;
    c.low[i] = low;
    c.close[i] = close;
    c.volume[i] = volume;
    return true;
  }

  /** Appends the bars of `bars` newer than the newest one; returns how many were appended. */
  appendColumns(bars: BarColumns): number {
    let appended = 0;
    for (let i = 0; i < bars.length; i++) {
      if (this.append(bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]))
        appended++;
    }
    return appended;
  }

  /**
   * Puts older bars in front (extending history backwards); only bars older than the oldest one are
   * taken. The room after the newest bar stays as it was (exactly: no doubling).
   */
  prependColumns(bars: BarColumns): number {
    const firstTime = this.firstTime;
    let count = 0;
    while (count < bars.length && bars.time[count] < firstTime) count++;
    if (count === 0) return 0;
    const merged = allocateBarColumns(count + this.capacity);
    this.reserved = 0;
    copyInto(merged, 0, bars, 0, count);
    copyInto(merged, count, this.columns, this.start, this.length);
    this.end = count + this.length;
    this.start = 0;
    this.columns = merged;
    return count;
  }

  /** Drops the oldest bars so that at most `maxLength` remain. */
  trimTo(maxLength: number): void {
    if (this.length > maxLength) this.start = this.end - maxLength;
  }

  /** Removes every bar with time ≥ `time` (undoing a failed provisioning). */
  truncateFrom(time: number): void {
    while (this.end > this.start && this.columns.time[this.end - 1] >= time) this.end--;
  }

  /** Removes every bar with time < `time`. */
  dropBefore(time: number): void {
    while (this.start < this.end && this.columns.time[this.start] < time) this.start++;
  }

  /** The bar `back` places from the newest (0 = newest), or undefined. */
  barFromEnd(back = 0): Bar | undefined {
    const i = this.end - 1 - back;
    if (back < 0 || i < this.start) return undefined;
    const c = this.columns;
    return {
      time: c.time[i],
      interval: this.interval,
      open: c.open[i],
      high: c.high[i],
      low: c.low[i],
      close: c.close[i],
      volume: c.volume[i],
    };
  }

  /** Close of the newest bar, or undefined. */
  lastClose(): number | undefined {
    return this.end > this.start ? this.columns.close[this.end - 1] : undefined;
  }

  /** A read-only view of the newest `count` bars (all when omitted), sharing memory until the next append. */
  view(count = this.length): BarColumns {
    const from = Math.max(this.start, this.end - count);
    return sliceColumns(this.columns, from, this.end);
  }

  /** A view of the bars with fromTime ≤ time < toTime. */
  viewRange(fromTime: number, toTime: number): BarColumns {
    return sliceColumns(this.columns, this.lowerBound(fromTime), this.lowerBound(toTime));
  }

  /** First index (absolute) whose time is ≥ `time`. */
  private lowerBound(time: number): number {
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.columns.time[middle] < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private makeRoom(extra: number): void {
    const length = this.length;
    const capacity = this.columns.length;
    // A reserved size first; else compact in place when trimming freed a quarter of the arrays;
    // otherwise grow by doubling.
    const next =
      this.reserved >= length + extra
        ? allocateBarColumns(this.reserved)
        : this.start > 0 && capacity - length >= Math.max(extra, capacity >> 2)
          ? this.columns
          : allocateBarColumns(Math.max(INITIAL_CAPACITY, (length + extra) * 2));
    this.reserved = 0;
    copyInto(next, 0, this.columns, this.start, length);
    this.columns = next;
    this.start = 0;
    this.end = length;
  }
}

function copyInto(target: BarColumns, at: number, source: BarColumns, from: number, count: number): void {
  target.time.set(source.time.subarray(from, from + count), at);
  target.open.set(source.open.subarray(from, from + count), at);
  target.high.set(source.high.subarray(from, from + count), at);
  target.low.set(source.low.subarray(from, from + count), at);
  target.close.set(source.close.subarray(from, from + count), at);
  target.volume.set(source.volume.subarray(from, from + count), at);
}
