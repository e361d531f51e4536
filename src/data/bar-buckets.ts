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

//
// The rule is implemented once, in bucket-lane.ts (BucketLane, for many streams at once: a
// session's symbols); BucketBuilder here is that for a single stream, with its completed buckets
// handed to a sink as numbers.

import type { BarColumns } from "../core/bar-columns.js";
import { IntervalError } from "../core/errors.js";
import { type Interval, isIntraday } from "../core/interval.js";
import { BucketLane, type FormingBucket, type LaneOutput } from "./bucket-lane.js";
import type { SessionHours } from "./session-hours.js";

export type { FormingBucket } from "./bucket-lane.js";

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

/** Hands a one-slot lane's completed buckets to a sink as numbers. */
class SinkOutput implements LaneOutput {
  constructor(private readonly sink: BucketSink) {}

  completed(slot: number, columns: BarColumns): void {
    this.sink(
      columns.time[slot],
      columns.open[slot],
      columns.high[slot],
      columns.low[slot],
      columns.close[slot],
      columns.volume[slot],
    );
  }
}

/** Folds bars, pushed in ascending time order, into buckets of one rule (a BucketLane of one slot). */
export class BucketBuilder {
  private readonly lane: BucketLane;

  constructor(rule: BucketRule, hours: SessionHours | undefined, sink: BucketSink) {
    this.lane = new BucketLane(rule, hours, new SinkOutput(sink));
  }

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.lane.push(0, time, open, high, low, close, volume);
  }

  /**
   * Pushes bars `from`..`to` (exclusive) of `bars`, as `push` would one by one: the same buckets
   * at the same moments, the same forming bucket after it (see `BucketLane.pushRange`).
   */
  pushRange(bars: BarColumns, from: number, to: number): void {
    this.lane.pushRange(0, bars, from, to);
  }

  /** Whether a bucket is being filled. */
  isForming(): boolean {
    return this.lane.isForming(0);
  }

  /** Whether `flush(atTime)` would emit: a bucket is forming and has ended by `atTime`. */
  isDueBy(atTime: number): boolean {
    return this.lane.isDueBy(0, atTime);
  }

  /** Emits the forming bucket if it has ended by `atTime` (always, without a time). */
  flush(atTime = Number.POSITIVE_INFINITY): void {
    this.lane.flush(0, atTime);
  }

  /** The bucket being filled, as it stands. */
  forming(): FormingBucket | undefined {
    return this.lane.forming(0);
  }

  reset(): void {
    this.lane.reset(0);
  }
}
