// The one bucketing rule behind both the batch `aggregateBars` and the streaming
// `IntervalAggregator`, so the two cannot disagree.
//
// Intraday buckets are aligned to the session open (09:30 on the NYSE): bucket k covers
// [openAt + k·N, min(openAt + (k+1)·N, closeAt)), so the first 60m bar is 09:30–10:29 and the last
// bucket of an early-close day, or of a session that is not a multiple of N, is short. A break
// (a lunch break) ends a bucket: the part of the session after it is aligned to the break's end
// the same way, and bars inside the break are not aggregated. A daily bucket is the regular
// session [openAt, closeAt), breaks included, and its bar's time is openAt. Bars outside
// [openAt, closeAt) (pre- and post-market) never enter these buckets. A weekly bucket gathers the
// daily bars of one Monday-based week of trading dates (a session's date is the day it closes);
// its time is the first of them.
// A bucket with at least one bar yields a bar: gaps never drop buckets.

import type { BarColumns } from "../core/bar-columns.js";
import { DataError, IntervalError } from "../core/errors.js";
import { type Interval, isIntraday } from "../core/interval.js";
import { newYorkOffsetMs } from "../core/new-york-time.js";
import type { RegularHours, SessionHours } from "./session-hours.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type BucketRule =
  | { readonly kind: "intraday"; readonly bucketMs: number; readonly fromMs: number }
  | { readonly kind: "session"; readonly fromMs: number }
  | { readonly kind: "week" };

/**
 * The bucketing stages that turn `from` bars into `to` bars, applied in order; none when the
 * intervals are equal. Supported: intraday → a multiple of it, intraday → 1d, intraday → 1w, 1d → 1w.
 */
export function planAggregation(from: Interval, to: Interval): BucketRule[] {
  if (from.text === to.text) return [];
  if (isIntraday(from) && from.durationMs !== undefined) {
    const fromMs = from.durationMs;
    if (
      isIntraday(to) &&
      to.durationMs !== undefined &&
      to.durationMs > fromMs &&
      to.durationMs % fromMs === 0
    ) {
      return [{ kind: "intraday", bucketMs: to.durationMs, fromMs }];
    }
    if (to.text === "1d") return [{ kind: "session", fromMs }];
    if (to.text === "1w") return [{ kind: "session", fromMs }, { kind: "week" }];
  }
  if (from.text === "1d" && to.text === "1w") return [{ kind: "week" }];
  throw new IntervalError(
    `Cannot aggregate ${from.text} bars into ${to.text} (supported: intraday into a multiple of it, into 1d or 1w; 1d into 1w)`,
  );
}

/** Receives each completed bucket. */
export type BucketSink = (
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
) => void;

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

/** Folds bars, pushed in ascending time order, into buckets of one rule. */
export class BucketBuilder {
  private hasBucket = false;
  private bucketTime = 0;
  private bucketEnd = 0;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  private lastTime = Number.NEGATIVE_INFINITY;
  private session: RegularHours | undefined;
  /**
   * The forming bucket lies in one stretch of a regular session with no break inside it (every
   * intraday bucket; a daily one of a session without breaks), so a later bar before its end
   * belongs to it: `push` then skips finding the session, the stretch and the bucket again.
   */
  private withinStretch = false;
  /** The `from` bars' duration (0 for the week rule, which never takes the shortcut). */
  private readonly fromMs: number;
  /**
   * Intraday rule: the end of the stretch (the next break or the close) holding the last bucket
   * started (-Infinity before one, and for the other rules). A later bar before it lies in a bucket
   * of the same stretch, on the grid the last bucket's end is on: `push` then starts that bucket
   * without finding the session, the stretch and the bucket again (a 5m bucket starts with every
   * fifth 1m bar). A bucket cut short by the stretch's end leaves no bar before it.
   */
  private stretchEnd = Number.NEGATIVE_INFINITY;
  /** The intraday rule's bucket length (0 for the other rules). */
  private readonly bucketMs: number;

  constructor(
    private readonly rule: BucketRule,
    private readonly hours: SessionHours | undefined,
    private readonly sink: BucketSink,
  ) {
    if (rule.kind !== "week" && hours === undefined) {
      throw new DataError("Aggregating intraday bars needs the session hours (an exchange calendar)");
    }
    this.fromMs = rule.kind === "week" ? 0 : rule.fromMs;
    this.bucketMs = rule.kind === "intraday" ? rule.bucketMs : 0;
  }

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (!(time > this.lastTime)) {
      throw new DataError(
        `Bars must come in ascending time order: ${new Date(time).toISOString()} after ${new Date(this.lastTime).toISOString()}`,
      );
    }
    this.lastTime = time;
    if (this.hasBucket) {
      if (time >= this.bucketEnd) {
        this.emit();
      } else if (this.withinStretch) {
        // The common case: the next bar of the bucket forming (the slow path below would find the
        // same session, stretch and bucket, the bucket starting at or before the previous bar).
        if (high > this.high) this.high = high;
        if (low < this.low) this.low = low;
        this.close = close;
        this.volume += volume;
        if (time + this.fromMs >= this.bucketEnd) this.emit();
        return;
      }
    }
    if (!this.hasBucket && time >= this.bucketEnd && time < this.stretchEnd) {
      // The bucket after the last one (or a later one of its stretch, past a gap).
      const bucketMs = this.bucketMs;
      const offset = time - this.bucketEnd;
      const bucketTime = offset < bucketMs ? this.bucketEnd : time - (offset % bucketMs);
      const bucketEnd = Math.min(bucketTime + bucketMs, this.stretchEnd);
      this.startBucket(bucketTime, bucketEnd, true, open, high, low, close, volume);
      if (time + this.fromMs >= bucketEnd) this.emit();
      return;
    }

    let bucketTime: number;
    let bucketEnd: number;
    let completes: boolean;
    let withinStretch = false;
    if (this.rule.kind === "week") {
      const hours = this.hours;
      const localDay = hours?.tradingDayNumberAt ? hours.tradingDayNumberAt(time) : localDayOf(time);
      const monday = weekOfDay(localDay) * 7 - 3;
      bucketTime = this.hasBucket ? this.bucketTime : time;
      bucketEnd = hours?.weekEndAt ? hours.weekEndAt(monday) : newYorkMidnight(monday + 5); // Saturday 00:00
      completes = localDay === monday + (hours?.lastWeekdayOffset ?? 4); // the last session a week can have
    } else {
      const session = this.regularSessionOf(time);
      if (session === undefined) return; // extended hours: stored, never aggregated
      // The stretch of the session between breaks that holds `time`; none inside a break.
      let fromAt = session.openAt;
      let toAt = session.closeAt;
      const breaks = session.breaks;
      if (breaks !== undefined) {
        for (let index = 0; index < breaks.length; index++) {
          const pause = breaks[index];
          if (time < pause.startAt) {
            toAt = pause.startAt;
            break;
          }
          if (time < pause.endAt) return; // inside the break: stored, never aggregated
          fromAt = pause.endAt;
        }
      }
      if (this.rule.kind === "session") {
        bucketTime = session.openAt;
        bucketEnd = session.closeAt;
        withinStretch = breaks === undefined || breaks.length === 0;
      } else {
        withinStretch = true;
        this.stretchEnd = toAt;
        const offset = time - fromAt;
        bucketTime = fromAt + offset - (offset % this.rule.bucketMs);
        bucketEnd = Math.min(bucketTime + this.rule.bucketMs, toAt);
      }
      completes = time + this.rule.fromMs >= bucketEnd;
    }

    if (!this.hasBucket) {
      this.startBucket(bucketTime, bucketEnd, withinStretch, open, high, low, close, volume);
    } else {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
      this.close = close;
      this.volume += volume;
    }
    if (completes) this.emit();
  }

  /** Starts a bucket with its first bar. */
  private startBucket(
    bucketTime: number,
    bucketEnd: number,
    withinStretch: boolean,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): void {
    this.hasBucket = true;
    this.withinStretch = withinStretch;
    this.bucketTime = bucketTime;
    this.bucketEnd = bucketEnd;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
  }

  /**
   * Pushes bars `from`..`to` (exclusive) of `bars`, as `push` would one by one: the same buckets
   * at the same moments, the same forming bucket after it. A run of bars inside the bucket forming
   * within one stretch (see `withinStretch`) is folded in one loop over the columns, the 5 bars of
   * a step usually; anything else (a new bucket, a break, a gap, a week) takes `push`.
   */
  pushRange(bars: BarColumns, from: number, to: number): void {
    const time = bars.time;
    let index = from;
    while (index < to) {
      const first = time[index];
      if (!(this.hasBucket && this.withinStretch && first > this.lastTime && first < this.bucketEnd)) {
        this.push(
          first,
          bars.open[index],
          bars.high[index],
          bars.low[index],
          bars.close[index],
          bars.volume[index],
        );
        index++;
        continue;
      }
      // The folding `push` does for each next bar of the forming bucket, in the same order (so the
      // sums are the same doubles), kept in locals until the run ends.
      const high = bars.high;
      const low = bars.low;
      const close = bars.close;
      const volume = bars.volume;
      const bucketEnd = this.bucketEnd;
      const fromMs = this.fromMs;
      let bucketHigh = this.high;
      let bucketLow = this.low;
      let bucketClose = this.close;
      let bucketVolume = this.volume;
      let lastTime = this.lastTime;
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
      this.high = bucketHigh;
      this.low = bucketLow;
      this.close = bucketClose;
      this.volume = bucketVolume;
      this.lastTime = lastTime;
      if (completes) this.emit();
    }
  }

  /** Whether a bucket is being filled. */
  isForming(): boolean {
    return this.hasBucket;
  }

  /** Whether `flush(atTime)` would emit: a bucket is forming and has ended by `atTime`. */
  isDueBy(atTime: number): boolean {
    return this.hasBucket && atTime >= this.bucketEnd;
  }

  /** Emits the forming bucket if it has ended by `atTime` (always, without a time). */
  flush(atTime = Number.POSITIVE_INFINITY): void {
    if (this.hasBucket && atTime >= this.bucketEnd) this.emit();
  }

  /** `flush(atTime)`, then `isForming()` (IntervalAggregator's StreamStep for a single stage). */
  flushDue(atTime: number): boolean {
    if (this.hasBucket && atTime >= this.bucketEnd) this.emit();
    return this.hasBucket;
  }

  /** The bucket being filled, as it stands. */
  forming(): FormingBucket | undefined {
    if (!this.hasBucket) return undefined;
    return {
      time: this.bucketTime,
      endTime: this.bucketEnd,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
    };
  }

  reset(): void {
    this.hasBucket = false;
    this.lastTime = Number.NEGATIVE_INFINITY;
    this.session = undefined;
    this.stretchEnd = Number.NEGATIVE_INFINITY;
  }

  private emit(): void {
    this.hasBucket = false;
    this.sink(this.bucketTime, this.open, this.high, this.low, this.close, this.volume);
  }

  /** The regular session containing `time`, or `undefined` outside regular hours. */
  private regularSessionOf(time: number): RegularHours | undefined {
    const cached = this.session;
    if (cached !== undefined && time >= cached.openAt && time < cached.closeAt) return cached;
    const session = this.hours?.sessionAt(time);
    if (session === undefined || time < session.openAt || time >= session.closeAt) return undefined;
    this.session = session;
    return session;
  }
}
