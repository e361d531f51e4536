// Streaming aggregation of one bar stream: push each completed base bar (e.g. 1m) as it closes and
// get back the higher-interval bars (e.g. 5m, 1d) that complete with it. A bucket completes when a
// bar filling its last slot arrives, when a later bar arrives, or when `flush(atTime)` is called at
// or after its end (at the session close, or at any clock tick for symbols with gaps). The bar
// still forming is available for `replace` on indicators. Same rule as `aggregateBars`
// (bar-buckets.ts): pushing a series and then calling `flush()` yields exactly its batch result.
//
// Two ways to take the completed bars: without an output sink, `push`/`flush` return them as Bar
// objects (simple, one object and one array per completed bar); with one (the constructor's
// `output`), every completed bar goes to it as plain numbers while the push runs, allocating nothing
// (`pushValues`/`flushTo`). A session's symbols stream through the lanes of bucket-lane.ts instead
// (session/derived-lane.ts), the same rule for many streams at once.

import type { Bar } from "../core/bar.js";
import type { BarColumns } from "../core/bar-columns.js";
import { type Interval, parseInterval } from "../core/interval.js";
import { BucketBuilder, type BucketSink, type FormingBucket, planAggregation } from "./bar-buckets.js";
import type { SessionHours } from "./session-hours.js";

/** A bar as pushed in (its interval is the aggregator's `from`). */
export type BarInput = Omit<Bar, "interval">;

const NONE: readonly Bar[] = Object.freeze([]);

export class IntervalAggregator {
  readonly from: Interval;
  readonly to: Interval;
  private readonly stages: readonly BucketBuilder[];
  /** `stages[0]`, held directly for the per-bar path (undefined when from = to). */
  private readonly first: BucketBuilder | undefined;
  /** Where completed bars go: the constructor's `output`, or the collector behind `push`/`flush`. */
  private readonly output: BucketSink;
  private completed: Bar[] = [];

  /**
   * @param output takes every completed `to` bar, oldest first, during the push or flush that
   *   completes it (it must not push into this aggregator); `push`/`flush` then return nothing.
   */
  constructor(from: Interval | string, to: Interval | string, hours?: SessionHours, output?: BucketSink) {
    this.from = typeof from === "string" ? parseInterval(from) : from;
    this.to = typeof to === "string" ? parseInterval(to) : to;
    const rules = planAggregation(this.from, this.to);
    this.output =
      output ??
      ((time, open, high, low, close, volume) => {
        this.completed.push({ time, interval: this.to.text, open, high, low, close, volume });
      });
    // Built last stage first, each feeding the next, then held first stage first in an array of
    // exactly their number.
    const built: BucketBuilder[] = [];
    let sink = this.output;
    for (let index = rules.length - 1; index >= 0; index--) {
      const stage = new BucketBuilder(rules[index], hours, sink);
      built.push(stage);
      sink = stage.push.bind(stage);
    }
    this.stages = built.reverse().slice();
    this.first = this.stages[0];
  }

  /**
   * Takes the next completed `from` bar (ascending times) and returns the `to` bars completed by it,
   * oldest first: usually none or one; two when a gap left the previous bucket open. With equal
   * intervals every bar passes straight through.
   */
  push(bar: BarInput): readonly Bar[] {
    this.pushValues(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
    return this.drain();
  }

  /** `push` without the objects: the `to` bars completed by this bar go to the output sink. */
  pushValues(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const first = this.first;
    if (first === undefined) this.output(time, open, high, low, close, volume);
    else first.push(time, open, high, low, close, volume);
  }

  /**
   * `pushValues` for bars `from`..`to` of `bars` (ascending), in one call: the same completed bars,
   * in the same order, and the same forming bar after it as pushing them one by one.
   */
  pushRange(bars: BarColumns, from: number, to: number): void {
    const first = this.first;
    if (first !== undefined) {
      first.pushRange(bars, from, to);
      return;
    }
    for (let index = from; index < to; index++) {
      this.output(
        bars.time[index],
        bars.open[index],
        bars.high[index],
        bars.low[index],
        bars.close[index],
        bars.volume[index],
      );
    }
  }

  /** `flush` without the objects: the bars it completes go to the output sink. */
  flushTo(atTime: number | undefined): void {
    const stages = this.stages;
    // The common case (a flush at every clock tick): nothing has ended, so nothing is flushed (a
    // stage is only pushed into by a stage before it that emits).
    if (atTime !== undefined) {
      let due = false;
      for (let index = 0; index < stages.length && !due; index++) due = stages[index].isDueBy(atTime);
      if (!due) return;
    }
    for (let index = 0; index < stages.length; index++) stages[index].flush(atTime);
  }

  /** `flushTo(atTime)`, then whether a `to` bar is still forming (`isForming`), in one call. */
  flushDue(atTime: number): boolean {
    this.flushTo(atTime);
    return this.isForming();
  }

  /**
   * Completes the forming bar if its bucket has ended by `atTime` (e.g. the session close); without
   * a time, completes whatever is forming (end of data).
   */
  flush(atTime?: number): readonly Bar[] {
    this.flushTo(atTime);
    return this.drain();
  }

  /** Whether a `to` bar is forming (some pushed bar is not in a completed bar yet). */
  isForming(): boolean {
    const stages = this.stages;
    for (let index = 0; index < stages.length; index++) if (stages[index].isForming()) return true;
    return false;
  }

  /** The `to` bar built so far from the bars of a bucket that has not completed, if any. */
  forming(): Bar | undefined {
    let merged: FormingBucket | undefined;
    for (let index = this.stages.length - 1; index >= 0; index--) {
      const part = this.stages[index].forming();
      if (part === undefined) continue;
      // A later stage's forming bucket comes first in time; an earlier stage's continues it, unless
      // it already lies past that bucket's end (then it starts the next one).
      merged =
        merged === undefined || part.time >= merged.endTime
          ? part
          : {
              time: merged.time,
              endTime: merged.endTime,
              open: merged.open,
              high: Math.max(merged.high, part.high),
              low: Math.min(merged.low, part.low),
              close: part.close,
              volume: merged.volume + part.volume,
            };
    }
    if (merged === undefined) return undefined;
    const { endTime: _endTime, ...values } = merged;
    return { ...values, interval: this.to.text };
  }

  /** Forgets everything pushed (a new replay). */
  reset(): void {
    for (const stage of this.stages) stage.reset();
    this.completed = [];
  }

  private drain(): readonly Bar[] {
    if (this.completed.length === 0) return NONE;
    const bars = this.completed;
    this.completed = [];
    return bars;
  }
}
