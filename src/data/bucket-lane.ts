// The one implementation of the bucketing rule of bar-buckets.ts, for many independent bar streams
// at once: a lane holds, for every stream slot (a session's symbol slot), the bucket forming in
// typed arrays across slots. A session pushes each symbol's bars at the symbol's slot, walking the
// symbols in subscription order, so a step reads neighbouring entries of a few arrays instead of an
// object graph per symbol (at thousands of symbols none of those objects is still in the CPU caches
// from the step before). `BucketBuilder` (and so `aggregateBars` and `IntervalAggregator`) is this
// with one slot: the streaming and the batch path cannot disagree.
//
// A completed bucket is not handed on as numbers: the lane's output reads it at its slot of
// `columns` (bucket start times, open, high, low, close, volume), where it stays until the slot's
// next bucket starts, after the output has returned.

import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { DataError } from "../core/errors.js";
import { newYorkOffsetMs } from "../core/new-york-time.js";
import type { BucketRule } from "./bar-buckets.js";
import { type RegularHours, type SessionHours, stretchEndAt, stretchStartAt } from "./session-hours.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `flags` bits of a slot. */
const FORMING = 1;
/**
 * The forming bucket lies in one stretch of a regular session with no break inside it (every
 * intraday bucket; a daily one of a session without breaks), so a later bar before its end belongs
 * to it: `push` then skips finding the session, the stretch and the bucket again.
 */
const WITHIN_STRETCH = 2;

/** Takes a lane's completed buckets. */
export interface LaneOutput {
  /**
   * The bucket of `slot` has completed: its bar is at index `slot` of `columns` (valid during the
   * call). It must not push into the same lane slot.
   */
  completed(slot: number, columns: BarColumns): void;
}

/** A forming bucket's values (see `BucketLane.forming`). */
export interface FormingBucket {
  readonly time: number;
  /** When the bucket ends (exclusive): its bar becomes visible then. */
  readonly endTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Monday-based week number of a New York local day number (1970-01-01, a Thursday, is day 0). */
function weekOfDay(localDay: number): number {
  return Math.floor((localDay + 3) / 7);
}

function localDayOf(time: number): number {
  return Math.floor((time + newYorkOffsetMs(time)) / DAY_MS);
}

/** Epoch ms of 00:00 New York on a local day number. */
function newYorkMidnight(localDay: number): number {
  const asUtc = localDay * DAY_MS;
  return asUtc - newYorkOffsetMs(asUtc + 5 * HOUR_MS);
}

/** Folds bars, pushed per slot in ascending time order, into buckets of one rule. */
export class BucketLane {
  /** The forming (or last completed) bucket of every slot: start time, open, high, low, close, volume. */
  columns: BarColumns;
  /** Each slot's bucket end (exclusive). */
  private end: Float64Array;
  /** Each slot's last bar time pushed (-Infinity before one). */
  private lastTime: Float64Array;
  /**
   * Intraday rule: the end of the stretch (the next break or the close) holding the slot's last
   * bucket started (-Infinity before one, and for the other rules). A later bar before it lies in a
   * bucket of the same stretch, on the grid the last bucket's end is on: `push` then starts that
   * bucket without finding the session, the stretch and the bucket again (a 5m bucket starts with
   * every fifth 1m bar). A bucket cut short by the stretch's end leaves no bar before it.
   */
  private stretchEnd: Float64Array;
  /** FORMING | WITHIN_STRETCH per slot. */
  private flags: Uint8Array;
  /** The regular session each slot's last bar fell in (the sessions are the calendar's, shared). */
  private sessions: Array<RegularHours | undefined>;
  /** One bar, where `push` puts the numbers it is given for `pushAt`. */
  private readonly scratch = allocateBarColumns(1);
  /** The `from` bars' duration (0 for the week rule, which never takes the shortcut). */
  private readonly fromMs: number;
  /** The intraday rule's bucket length (0 for the other rules). */
  private readonly bucketMs: number;

  constructor(
    private readonly rule: BucketRule,
    private readonly hours: SessionHours | undefined,
    private readonly output: LaneOutput,
    capacity = 1,
  ) {
    capacity = Math.max(1, capacity);
    if (rule.kind !== "week" && hours === undefined) {
      throw new DataError("Aggregating intraday bars needs the session hours (an exchange calendar)");
    }
    this.fromMs = rule.kind === "week" ? 0 : rule.fromMs;
    this.bucketMs = rule.kind === "intraday" ? rule.bucketMs : 0;
    this.columns = allocateBarColumns(capacity);
    this.end = new Float64Array(capacity);
    this.lastTime = new Float64Array(capacity).fill(Number.NEGATIVE_INFINITY);
    this.stretchEnd = new Float64Array(capacity).fill(Number.NEGATIVE_INFINITY);
    this.flags = new Uint8Array(capacity);
    this.sessions = new Array<RegularHours | undefined>(capacity).fill(undefined);
  }

  /** How many slots the lane holds. */
  get capacity(): number {
    return this.flags.length;
  }

  /** Makes room for `slot` (doubling), its bucket state fresh (as after `reset`). */
  open(slot: number): void {
    let capacity = this.capacity;
    if (slot >= capacity) {
      while (slot >= capacity) capacity *= 2;
      this.grow(capacity);
    }
    this.reset(slot);
  }

  /** Pushes one bar given as numbers into `slot` (through a one-bar scratch copy: see `pushAt`). */
  push(
    slot: number,
    time: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): void {
    const bar = this.scratch;
    bar.time[0] = time;
    bar.open[0] = open;
    bar.high[0] = high;
    bar.low[0] = low;
    bar.close[0] = close;
    bar.volume[0] = volume;
    this.pushAt(slot, bar, 0);
  }

  /**
   * Pushes the bar at `index` of `bars` into `slot`. The values are read where they lie rather than
   * handed over as six numbers: a call that is not inlined would box each of them (a heap number per
   * value and bar, at every bucket start of every symbol).
   */
  pushAt(slot: number, bars: BarColumns, index: number): void {
    const time = bars.time[index];
    const previous = this.lastTime[slot];
    if (!(time > previous)) {
      throw new DataError(
        `Bars must come in ascending time order: ${new Date(time).toISOString()} after ${new Date(previous).toISOString()}`,
      );
    }
    this.lastTime[slot] = time;
    const columns = this.columns;
    let flags = this.flags[slot];
    if ((flags & FORMING) !== 0) {
      if (time >= this.end[slot]) {
        this.emit(slot);
        flags = 0;
      } else if ((flags & WITHIN_STRETCH) !== 0) {
        // The common case: the next bar of the bucket forming (the slow path below would find the
        // same session, stretch and bucket, the bucket starting at or before the previous bar).
        this.fold(slot, bars, index);
        if (time + this.fromMs >= this.end[slot]) this.emit(slot);
        return;
      }
    }
    const lastEnd = this.end[slot];
    const stretchEnd = this.stretchEnd[slot];
    if ((flags & FORMING) === 0 && time >= lastEnd && time < stretchEnd) {
      // The bucket after the last one (or a later one of its stretch, past a gap).
      const bucketMs = this.bucketMs;
      const offset = time - lastEnd;
      const bucketTime = offset < bucketMs ? lastEnd : time - (offset % bucketMs);
      const bucketEnd = Math.min(bucketTime + bucketMs, stretchEnd);
      columns.time[slot] = bucketTime;
      this.end[slot] = bucketEnd;
      this.startBucket(slot, true, bars, index);
      if (time + this.fromMs >= bucketEnd) this.emit(slot);
      return;
    }

    let bucketTime: number;
    let bucketEnd: number;
    let completes: boolean;
    let withinStretch = false;
    const rule = this.rule;
    if (rule.kind === "week") {
      const hours = this.hours;
      const localDay = hours?.tradingDayNumberAt ? hours.tradingDayNumberAt(time) : localDayOf(time);
      const monday = weekOfDay(localDay) * 7 - 3;
      bucketTime = (flags & FORMING) !== 0 ? columns.time[slot] : time;
      bucketEnd = hours?.weekEndAt ? hours.weekEndAt(monday) : newYorkMidnight(monday + 5); // Saturday 00:00
      completes = localDay === monday + (hours?.lastWeekdayOffset ?? 4); // the last session a week can have
    } else {
      const session = this.regularSessionOf(slot, time);
      if (session === undefined) return; // extended hours: stored, never aggregated
      // The stretch of the session between breaks that holds `time`; none inside a break.
      const fromAt = stretchStartAt(session, time);
      if (Number.isNaN(fromAt)) return; // inside a break: stored, never aggregated
      if (rule.kind === "session") {
        bucketTime = session.openAt;
        bucketEnd = session.closeAt;
        withinStretch = session.breaks === undefined || session.breaks.length === 0;
      } else {
        withinStretch = true;
        const toAt = stretchEndAt(session, time);
        this.stretchEnd[slot] = toAt;
        const offset = time - fromAt;
        bucketTime = fromAt + offset - (offset % rule.bucketMs);
        bucketEnd = Math.min(bucketTime + rule.bucketMs, toAt);
      }
      completes = time + rule.fromMs >= bucketEnd;
    }

    if ((flags & FORMING) === 0) {
      columns.time[slot] = bucketTime;
      this.end[slot] = bucketEnd;
      this.startBucket(slot, withinStretch, bars, index);
    } else {
      this.fold(slot, bars, index);
    }
    if (completes) this.emit(slot);
  }

  /**
   * Pushes bars `from`..`to` (exclusive) of `bars` into `slot`, as `push` would one by one: the same
   * buckets at the same moments, the same forming bucket after it. A run of bars inside the bucket
   * forming within one stretch (see WITHIN_STRETCH) is folded in one loop over the columns, the 5
   * bars of a step usually; anything else (a new bucket, a break, a gap, a week) takes `push`.
   */
  pushRange(slot: number, bars: BarColumns, from: number, to: number): void {
    const time = bars.time;
    let index = from;
    while (index < to) {
      const first = time[index];
      const bucketEnd = this.end[slot];
      if (
        !(this.flags[slot] === (FORMING | WITHIN_STRETCH) && first > this.lastTime[slot] && first < bucketEnd)
      ) {
        this.pushAt(slot, bars, index);
        index++;
        continue;
      }
      // The folding `push` does for each next bar of the forming bucket, in the same order (so the
      // sums are the same doubles), kept in locals until the run ends.
      const high = bars.high;
      const low = bars.low;
      const close = bars.close;
      const volume = bars.volume;
      const columns = this.columns;
      const fromMs = this.fromMs;
      let bucketHigh = columns.high[slot];
      let bucketLow = columns.low[slot];
      let bucketClose = columns.close[slot];
      let bucketVolume = columns.volume[slot];
      let lastTime = this.lastTime[slot];
      let completes = false;
      while (index < to) {
        const t = time[index];
        // Out of order or past the bucket: `push` (next round) throws or starts the next bucket.
        if (!(t > lastTime) || t >= bucketEnd) break;
        const h = high[index];
        const l = low[index];
        if (h > bucketHigh) bucketHigh = h;
        if (l < bucketLow) bucketLow = l;
        bucketClose = close[index];
        bucketVolume += volume[index];
        lastTime = t;
        index++;
        if (t + fromMs >= bucketEnd) {
          completes = true;
          break;
        }
      }
      columns.high[slot] = bucketHigh;
      columns.low[slot] = bucketLow;
      columns.close[slot] = bucketClose;
      columns.volume[slot] = bucketVolume;
      this.lastTime[slot] = lastTime;
      if (completes) this.emit(slot);
    }
  }

  /** Whether a bucket is being filled in `slot`. */
  isForming(slot: number): boolean {
    return (this.flags[slot] & FORMING) !== 0;
  }

  /** Whether `flush(slot, atTime)` would emit: a bucket is forming and has ended by `atTime`. */
  isDueBy(slot: number, atTime: number): boolean {
    return (this.flags[slot] & FORMING) !== 0 && atTime >= this.end[slot];
  }

  /** Emits the slot's forming bucket if it has ended by `atTime` (always, without a time). */
  flush(slot: number, atTime = Number.POSITIVE_INFINITY): void {
    if (this.isDueBy(slot, atTime)) this.emit(slot);
  }

  /** `flush(slot, atTime)`, then `isForming(slot)`. */
  flushDue(slot: number, atTime: number): boolean {
    if ((this.flags[slot] & FORMING) === 0) return false;
    if (atTime < this.end[slot]) return true;
    this.emit(slot);
    return (this.flags[slot] & FORMING) !== 0;
  }

  /** The slot's bucket being filled, as it stands. */
  forming(slot: number): FormingBucket | undefined {
    if (!this.isForming(slot)) return undefined;
    const columns = this.columns;
    return {
      time: columns.time[slot],
      endTime: this.end[slot],
      open: columns.open[slot],
      high: columns.high[slot],
      low: columns.low[slot],
      close: columns.close[slot],
      volume: columns.volume[slot],
    };
  }

  /** Forgets everything pushed into `slot`. */
  reset(slot: number): void {
    this.flags[slot] = 0;
    this.end[slot] = 0;
    this.lastTime[slot] = Number.NEGATIVE_INFINITY;
    this.stretchEnd[slot] = Number.NEGATIVE_INFINITY;
    this.sessions[slot] = undefined;
  }

  /**
   * Starts the slot's bucket with its first bar, the one at `index` of `bars`. The caller has
   * written the bucket's start and end (`columns.time`, `end`) at the slot: handed over as two
   * numbers, a call TurboFan does not inline would box both (two heap numbers per bucket started,
   * 20 MB a run at 2,000 symbols when the inlining fell so).
   */
  private startBucket(slot: number, withinStretch: boolean, bars: BarColumns, index: number): void {
    const columns = this.columns;
    this.flags[slot] = withinStretch ? FORMING | WITHIN_STRETCH : FORMING;
    columns.open[slot] = bars.open[index];
    columns.high[slot] = bars.high[index];
    columns.low[slot] = bars.low[index];
    columns.close[slot] = bars.close[index];
    columns.volume[slot] = bars.volume[index];
  }

  /** Folds the bar at `index` of `bars` into the slot's forming bucket. */
  private fold(slot: number, bars: BarColumns, index: number): void {
    const columns = this.columns;
    const high = bars.high[index];
    const low = bars.low[index];
    if (high > columns.high[slot]) columns.high[slot] = high;
    if (low < columns.low[slot]) columns.low[slot] = low;
    columns.close[slot] = bars.close[index];
    columns.volume[slot] += bars.volume[index];
  }

  private emit(slot: number): void {
    this.flags[slot] = 0;
    this.output.completed(slot, this.columns);
  }

  /** The regular session containing `time`, or `undefined` outside regular hours. */
  private regularSessionOf(slot: number, time: number): RegularHours | undefined {
    const cached = this.sessions[slot];
    if (cached !== undefined && time >= cached.openAt && time < cached.closeAt) return cached;
    const session = this.hours?.sessionAt(time);
    if (session === undefined || time < session.openAt || time >= session.closeAt) return undefined;
    this.sessions[slot] = session;
    return session;
  }

  /** Moves every slot's state to arrays of `capacity` slots. */
  private grow(capacity: number): void {
    const columns = allocateBarColumns(capacity);
    const old = this.columns;
    columns.time.set(old.time);
    columns.open.set(old.open);
    columns.high.set(old.high);
    columns.low.set(old.low);
    columns.close.set(old.close);
    columns.volume.set(old.volume);
    this.columns = columns;
    this.end = grown(this.end, capacity, 0);
    this.lastTime = grown(this.lastTime, capacity, Number.NEGATIVE_INFINITY);
    this.stretchEnd = grown(this.stretchEnd, capacity, Number.NEGATIVE_INFINITY);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    const sessions = new Array<RegularHours | undefined>(capacity).fill(undefined);
    for (let slot = 0; slot < this.sessions.length; slot++) sessions[slot] = this.sessions[slot];
    this.sessions = sessions;
  }
}

/** `values` copied into an array of `capacity`, the slots after them set to `fill`. */
function grown(values: Float64Array, capacity: number, fill: number): Float64Array {
  const next = new Float64Array(capacity).fill(fill);
  next.set(values);
  return next;
}
