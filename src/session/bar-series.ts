// The bars of one (symbol, interval) held by a session: history and today's session bars in one
// timeline, oldest first, in growable typed arrays. Appending is amortized O(1) with no allocation;
// times are strictly increasing, so a bar can never be stored twice.
//
// Capacity: at thousands of symbols the arrays are most of a session's memory, so the session sizes
// them for what they will hold (`reserve`: the history plus a session of bars) and a prepend keeps
// the room reserved after the newest bar instead of doubling. Appends past the reserved room still
// grow by doubling. The six fields live in ONE Float64Array, field k of slot i at k × slots + i
// (the layout of `allocateBarColumns`): one typed-array object per series instead of six views,
// about 2 KB of JS heap less per symbol at three series.

import type { Bar } from "../core/bar.js";
import type { BarColumns } from "../core/bar-columns.js";
import { HEAP_MEMORY, type SeriesMemory } from "../core/series-memory.js";

const INITIAL_CAPACITY = 64;
const FIELDS = 6;
// Field offsets, in slots: time, open, high, low, close, volume.
const OPEN = 1;
const HIGH = 2;
const LOW = 3;
const CLOSE = 4;
const VOLUME = 5;

export class BarSeries {
  readonly interval: string;
  /** The six fields, each `slots` long, one after the other. */
  private data: Float64Array;
  /** Bars the arrays hold (each field's length). */
  private slots: number;
  /** Index of the oldest bar in the arrays (trimmed bars leave room at the front). */
  private start = 0;
  private end = 0;
  /** Capacity asked for by `reserve` while the series held no bar: the arrays get it when first needed. */
  private reserved = 0;
  /**
   * The columns `landing` last handed out and the slot they start at, while they still are the
   * series' own slots (forgotten when the bars move: `moveTo`, `prependColumns`): `appendRun` then
   * knows a run of them is already where it would write it.
   */
  private landed: BarColumns | undefined = undefined;
  private landedAt = 0;
  /**
   * The columns `landing` last made, with the arrays and the slot they were made for, kept across
   * days: a carried-over feed series lands each day in the same room (compacted to the same slot
   * of the same arrays), and then gets the same columns again instead of seven new objects
   * (2,000 symbols × 5 days of them were 5.8 MB of the run's garbage, alive for a day each).
   */
  private landingColumns: BarColumns | undefined = undefined;
  private landingData: Float64Array | undefined = undefined;
  private landingAt = 0;
  /**
   * Start time of the newest bar (-Infinity when empty), kept beside the indices: every append
   * compares with it, and reading it from the arrays cost a cache miss per derived bar at thousands
   * of symbols (the newest bar of a 5m series was last touched five steps before).
   */
  private newest = Number.NEGATIVE_INFINITY;

  /**
   * `capacity` 0 allocates nothing until the first bar or `reserve`. `memory` gives the arrays
   * (the session's: see series-memory.ts).
   */
  constructor(
    interval: string,
    capacity = INITIAL_CAPACITY,
    private readonly memory: SeriesMemory = HEAP_MEMORY,
  ) {
    this.interval = interval;
    this.slots = Math.max(0, capacity);
    this.data = memory.float64(FIELDS * this.slots);
  }

  get length(): number {
    return this.end - this.start;
  }

  /**
   * Bars the series is sized for, counting from its oldest one: appends up to it need no new arrays
   * (an empty series may not have allocated them yet, see `reserve`).
   */
  get capacity(): number {
    return Math.max(this.slots - this.start, this.reserved);
  }

  /**
   * Sizes the series for `capacity` bars in all (those held included), reallocating at most once.
   * An empty series only records the size and allocates with its first bar (or prepend): a stream
   * waiting for its first bar then holds no memory while the feed holds the day's bars, so at
   * thousands of symbols the two are not at their peak together.
   */
  reserve(capacity: number): void {
    if (this.capacity >= capacity) return;
    if (this.length === 0) {
      this.reserved = capacity;
      return;
    }
    // Trimmed bars leave room at the front: compact in place when that is enough.
    this.moveTo(Math.max(this.slots, capacity));
  }

  /** Start time of the newest bar, or -Infinity when empty. */
  get lastTime(): number {
    return this.newest;
  }

  /** Start time of the oldest bar, or +Infinity when empty. */
  get firstTime(): number {
    return this.end > this.start ? this.data[this.start] : Number.POSITIVE_INFINITY;
  }

  /** Start time of the bar `back` places from the newest (0 = newest), or NaN when there is none. */
  timeFromEnd(back: number): number {
    const i = this.end - 1 - back;
    return back >= 0 && i >= this.start ? this.data[i] : Number.NaN;
  }

  /** Appends a bar newer than the newest one; returns false (and stores nothing) otherwise. */
  append(time: number, open: number, high: number, low: number, close: number, volume: number): boolean {
    if (time <= this.lastTime) return false;
    if (this.end === this.slots) this.makeRoom(1);
    const i = this.end++;
    const d = this.data;
    const slots = this.slots;
    d[i] = time;
    d[OPEN * slots + i] = open;
    d[HIGH * slots + i] = high;
    d[LOW * slots + i] = low;
    d[CLOSE * slots + i] = close;
    d[VOLUME * slots + i] = volume;
    this.newest = time;
    return true;
  }

  /**
   * The end of the run `appendRun(bars, from, to)` would take (the index of the first bar not newer
   * than the one before it, or than the newest held), without appending: the feed path hands the
   * run to its readers before the series writes it, as a landed run's writes may land on columns
   * still to be read (see `landing`).
   */
  newerRun(bars: BarColumns, from: number, to: number): number {
    const time = bars.time;
    let lastTime = this.lastTime;
    let index = from;
    while (index < to) {
      const t = time[index];
      if (!(t > lastTime)) break;
      lastTime = t;
      index++;
    }
    return index;
  }

  /**
   * Appends bars `from`, `from + 1` … of `bars` while each is newer than the newest one; returns
   * the index of the first bar refused (`to` when every one was taken). What the feed path takes a
   * step's run of a symbol's bars with: the appended run is strictly ascending.
   */
  appendRun(bars: BarColumns, from: number, to: number): number {
    const end = this.newerRun(bars, from, to);
    this.appendNewerRun(bars, from, end);
    return end;
  }

  /**
   * `appendRun(bars, from, to)` of a run `newerRun(bars, from, to)` has just measured whole (each
   * bar newer than the one before it and than the newest held, nothing appended since): the times
   * are not checked again. The feed path's append of a step's run; a landed run (see `landing`) is
   * already in place, so appending it is moving the end. `landed` and `landedFrom`: where the same
   * bars lie in landed columns when `bars` is a copy of them (a replay's step block).
   */
  appendNewerRun(bars: BarColumns, from: number, to: number, landed = bars, landedFrom = from): void {
    if (from >= to) return;
    this.newest = bars.time[to - 1];
    if (
      landed === this.landed &&
      this.end - landedFrom === this.landedAt &&
      to - from <= this.slots - this.end
    ) {
      this.end += to - from;
      return;
    }
    const { time, open, high, low, close, volume } = bars;
    for (let index = from; index < to; index++) {
      if (this.end === this.slots) this.makeRoom(1);
      const i = this.end++;
      const d = this.data;
      const slots = this.slots;
      d[i] = time[index];
      d[OPEN * slots + i] = open[index];
      d[HIGH * slots + i] = high[index];
      d[LOW * slots + i] = low[index];
      d[CLOSE * slots + i] = close[index];
      d[VOLUME * slots + i] = volume[index];
    }
  }

  /**
   * Room for the next `length` bars after the newest one, as columns sharing the series' arrays:
   * a replay feed decodes a day there (BarLanding), and each `append` of those bars then writes a
   * slot with the value it already holds: the day lives once, in the memory it is replayed into,
   * and that memory is the series' own, reused day after day. The room is not part of the series:
   * length, reads and views end at the newest appended bar. Until the landed bars are appended,
   * only they may be (the coordinator's feed path is the one writer of a feed series during a
   * session): each is then written at or before the slot it is read from, skipped ones included;
   * after a reallocation (history put in front) the columns keep the old arrays and their values.
   */
  landing(length: number): BarColumns {
    if (this.slots - this.end < length) {
      const needed = this.length + length;
      this.moveTo(this.slots - this.start >= needed ? this.slots : Math.max(needed, this.reserved));
    }
    let landed = this.landingColumns;
    if (
      landed === undefined ||
      landed.length !== length ||
      this.landingData !== this.data ||
      this.landingAt !== this.end
    ) {
      landed = this.columns(this.end, this.end + length);
      this.landingColumns = landed;
      this.landingData = this.data;
      this.landingAt = this.end;
    }
    this.landed = landed;
    this.landedAt = this.end;
    return landed;
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
    const slots = count + this.capacity;
    const merged = this.memory.float64(FIELDS * slots);
    // Every bar taken (the usual case: history read for this very gap) is each column whole, and
    // an empty series (a first provisioning) has nothing to move: no views made for either.
    merged.set(head(bars.time, count), 0);
    merged.set(head(bars.open, count), OPEN * slots);
    merged.set(head(bars.high, count), HIGH * slots);
    merged.set(head(bars.low, count), LOW * slots);
    merged.set(head(bars.close, count), CLOSE * slots);
    merged.set(head(bars.volume, count), VOLUME * slots);
    if (this.length > 0) copyFields(merged, slots, count, this.data, this.slots, this.start, this.length);
    this.end = count + this.length;
    this.start = 0;
    this.data = merged;
    this.newest = this.data[this.end - 1];
    this.slots = slots;
    this.reserved = 0;
    this.landed = undefined;
    this.landingColumns = undefined;
    this.landingData = undefined;
    return count;
  }

  /** Drops the oldest bars so that at most `maxLength` remain. */
  trimTo(maxLength: number): void {
    if (this.length > maxLength) this.start = this.end - maxLength;
    this.syncNewest();
  }

  /** Removes every bar with time ≥ `time` (undoing a failed provisioning). */
  truncateFrom(time: number): void {
    while (this.end > this.start && this.data[this.end - 1] >= time) this.end--;
    this.syncNewest();
  }

  /** Removes every bar with time < `time`. */
  dropBefore(time: number): void {
    while (this.start < this.end && this.data[this.start] < time) this.start++;
    this.syncNewest();
  }

  /** The bar `back` places from the newest (0 = newest), or undefined. */
  barFromEnd(back = 0): Bar | undefined {
    const i = this.end - 1 - back;
    if (back < 0 || i < this.start) return undefined;
    const d = this.data;
    const slots = this.slots;
    return {
      time: d[i],
      interval: this.interval,
      open: d[OPEN * slots + i],
      high: d[HIGH * slots + i],
      low: d[LOW * slots + i],
      close: d[CLOSE * slots + i],
      volume: d[VOLUME * slots + i],
    };
  }

  /** Close of the newest bar, or undefined. */
  lastClose(): number | undefined {
    return this.end > this.start ? this.data[CLOSE * this.slots + this.end - 1] : undefined;
  }

  /**
   * Close of the newest bar, or NaN when empty: `lastClose` as a number only. A bulk read over a
   * universe (`getLatestCloses`) takes it inlined, where `lastClose() ?? NaN` merges a double with
   * `undefined` and so boxes every close in a heap number (16 bytes per symbol and read).
   */
  lastCloseOrNaN(): number {
    return this.end > this.start ? this.data[CLOSE * this.slots + this.end - 1] : Number.NaN;
  }

  /** A read-only view of the newest `count` bars (all when omitted), sharing memory until the next append. */
  view(count = this.length): BarColumns {
    return this.columns(Math.max(this.start, this.end - count), this.end);
  }

  /** A view of the bars with fromTime ≤ time < toTime. */
  viewRange(fromTime: number, toTime: number): BarColumns {
    return this.columns(this.lowerBound(fromTime), this.lowerBound(toTime));
  }

  /** Bars [from, to) (absolute indices) as columns sharing the series' memory. */
  private columns(from: number, to: number): BarColumns {
    const d = this.data;
    const slots = this.slots;
    const end = Math.max(from, to);
    return {
      length: end - from,
      time: d.subarray(from, end),
      open: d.subarray(OPEN * slots + from, OPEN * slots + end),
      high: d.subarray(HIGH * slots + from, HIGH * slots + end),
      low: d.subarray(LOW * slots + from, LOW * slots + end),
      close: d.subarray(CLOSE * slots + from, CLOSE * slots + end),
      volume: d.subarray(VOLUME * slots + from, VOLUME * slots + end),
    };
  }

  /** First index (absolute) whose time is ≥ `time`. */
  private lowerBound(time: number): number {
    const d = this.data;
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (d[middle] < time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** `newest` from the arrays, after the held bars changed other than by appending. */
  private syncNewest(): void {
    this.newest = this.end > this.start ? this.data[this.end - 1] : Number.NEGATIVE_INFINITY;
  }

  private makeRoom(extra: number): void {
    const length = this.length;
    const slots = this.slots;
    // A reserved size first; else compact in place when trimming freed a quarter of the arrays;
    // otherwise grow by doubling.
    this.moveTo(
      this.reserved >= length + extra
        ? this.reserved
        : this.start > 0 && slots - length >= Math.max(extra, slots >> 2)
          ? slots
          : Math.max(INITIAL_CAPACITY, (length + extra) * 2),
    );
  }

  /** Moves the held bars to the front of arrays of `slots` bars (the same arrays when the size is unchanged). */
  private moveTo(slots: number): void {
    const length = this.length;
    const next = slots === this.slots ? this.data : this.memory.float64(FIELDS * slots);
    copyFields(next, slots, 0, this.data, this.slots, this.start, length);
    if (next !== this.data) {
      // The old arrays go: no columns kept on them.
      this.landingColumns = undefined;
      this.landingData = undefined;
    }
    this.data = next;
    this.slots = slots;
    this.start = 0;
    this.end = length;
    this.reserved = 0;
    this.landed = undefined;
  }
}

/** The first `count` values of `column`: the column itself when that is all of it. */
function head(column: Float64Array, count: number): Float64Array {
  return column.length === count ? column : column.subarray(0, count);
}

/**
 * Copies `count` bars from slot `from` of `source` (fields `sourceSlots` long) to slot `at` of
 * `target` (fields `targetSlots` long). Within one array (compacting in place, every day's start
 * for thousands of series) `copyWithin`, which makes no view objects; `set` otherwise.
 */
function copyFields(
  target: Float64Array,
  targetSlots: number,
  at: number,
  source: Float64Array,
  sourceSlots: number,
  from: number,
  count: number,
): void {
  for (let k = 0; k < FIELDS; k++) {
    const offset = k * sourceSlots + from;
    if (target === source) target.copyWithin(k * targetSlots + at, offset, offset + count);
    else target.set(source.subarray(offset, offset + count), k * targetSlots + at);
  }
}
