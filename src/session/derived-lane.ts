// One derived live interval (5m, 1d, 1w …) of every symbol of a session that streams it: the
// buckets forming, per symbol slot (SymbolState.slot), in BucketLanes (typed arrays across the
// symbols), and where each slot's completed bars go (its series and its indicators). The per-step
// path pushes a symbol's base bars at its slot and flushes it there; a completed bar goes from the
// lane's columns straight into the series and, if the series took it, to the indicators, with no
// closure, target object or bar object per symbol and no doubles handed through calls.

import type { BarColumns } from "../core/bar-columns.js";
import type { Interval } from "../core/interval.js";
import { planAggregation } from "../data/bar-buckets.js";
import { BucketLane, type LaneOutput } from "../data/bucket-lane.js";
import type { SessionHours } from "../data/session-hours.js";
import type { IndicatorManager, IntervalFeed } from "../indicators/indicator-manager.js";
import type { BarSeries } from "./bar-series.js";

/** A stage's completed buckets pushed into the next stage at the same slot (1d → 1w). */
class NextStage implements LaneOutput {
  constructor(private readonly next: BucketLane) {}

  completed(slot: number, columns: BarColumns): void {
    this.next.pushAt(slot, columns, slot);
  }
}

export class DerivedLane implements LaneOutput {
  readonly interval: string;
  /** The bucketing stages, first to last (one, but for a week: session, then week). */
  private readonly stages: readonly BucketLane[];
  private readonly first: BucketLane;
  /** 1 where the slot's symbol streams this interval (see `join`/`leave`); shorter than the pool's slots. */
  private member = new Uint8Array(1);
  /**
   * Each member slot's derived series, its symbol, and its indicator handle with the
   * `feedsVersion` it was looked up at.
   */
  private series: Array<BarSeries | undefined> = [undefined];
  private symbols: Array<string | undefined> = [undefined];
  private feeds: Array<IntervalFeed | undefined> = [undefined];
  private feedVersions = new Float64Array(1).fill(-1);

  /**
   * @param advancedTo index 0: the instant the session was last advanced to, written by the
   *   coordinator and read by `flushAdvanced` (shared, so the per-step flush hands no time through a
   *   call: a call TurboFan does not inline boxes a double argument, a heap number per call).
   */
  constructor(
    from: Interval,
    to: Interval,
    hours: SessionHours,
    private readonly indicators: IndicatorManager,
    private readonly advancedTo: Float64Array,
  ) {
    this.interval = to.text;
    const rules = planAggregation(from, to);
    // Built last stage first, each feeding the next; the last feeds this lane's series.
    const stages: BucketLane[] = [];
    let output: LaneOutput = this;
    for (let index = rules.length - 1; index >= 0; index--) {
      const stage = new BucketLane(rules[index], hours, output);
      stages.unshift(stage);
      output = new NextStage(stage);
    }
    this.stages = stages;
    this.first = stages[0];
  }

  /** Makes `slot` a member, its buckets fresh, its completed bars going to `series`. */
  join(slot: number, symbol: string, series: BarSeries): void {
    let capacity = this.member.length;
    if (slot >= capacity) {
      while (slot >= capacity) capacity *= 2;
      this.grow(capacity);
    }
    for (const stage of this.stages) stage.open(slot);
    this.member[slot] = 1;
    this.series[slot] = series;
    this.symbols[slot] = symbol;
    this.feeds[slot] = undefined;
    this.feedVersions[slot] = -1;
  }

  /** Whether `slot` is a member (its symbol streams this interval). */
  has(slot: number): boolean {
    return slot < this.member.length && this.member[slot] === 1;
  }

  /** Drops `slot` (its forming buckets are forgotten; the slot may be joined again by another symbol). */
  leave(slot: number): void {
    if (slot < 0 || slot >= this.member.length || this.member[slot] === 0) return;
    this.member[slot] = 0;
    this.series[slot] = undefined;
    this.symbols[slot] = undefined;
    this.feeds[slot] = undefined;
    for (const stage of this.stages) stage.reset(slot);
  }

  /** Bars `from`..`to` of `bars` (ascending) of the member `slot`, as `BucketLane.pushRange`. */
  pushRange(slot: number, bars: BarColumns, from: number, to: number): void {
    this.first.pushRange(slot, bars, from, to);
  }

  /** Completes the slot's buckets that have ended by `atTime`; returns whether a bar is still forming. */
  flushDue(slot: number, atTime: number): boolean {
    const stages = this.stages;
    if (stages.length === 1) return this.first.flushDue(slot, atTime);
    // A later stage is only pushed into by the stage before it emitting: nothing due, nothing to flush.
    let due = false;
    for (let index = 0; index < stages.length && !due; index++) due = stages[index].isDueBy(slot, atTime);
    if (due) for (let index = 0; index < stages.length; index++) stages[index].flush(slot, atTime);
    return this.isForming(slot);
  }

  /** `flushDue(slot, t)` at the instant the session was last advanced to (see the constructor). */
  flushAdvanced(slot: number): boolean {
    return this.flushDue(slot, this.advancedTo[0]);
  }

  /** Whether a bar of the slot is forming (some pushed bar is not in a completed bar yet). */
  isForming(slot: number): boolean {
    const stages = this.stages;
    for (let index = 0; index < stages.length; index++) if (stages[index].isForming(slot)) return true;
    return false;
  }

  /**
   * The last stage's completed bar of `slot`: appended to the slot's series and, if the series took
   * it (newer than its newest bar), fed to the indicators of the interval, exactly once.
   */
  completed(slot: number, columns: BarColumns): void {
    const series = this.series[slot];
    if (series === undefined || series.appendRun(columns, slot, slot + 1) === slot) return;
    const indicators = this.indicators;
    let feed = this.feeds[slot];
    if (this.feedVersions[slot] !== indicators.feedsVersion) {
      feed = indicators.feedOf(this.symbols[slot] as string, this.interval);
      this.feeds[slot] = feed;
      this.feedVersions[slot] = indicators.feedsVersion;
    }
    if (feed !== undefined) indicators.onFeedRange(feed, columns, slot, slot + 1);
  }

  private grow(capacity: number): void {
    const member = new Uint8Array(capacity);
    member.set(this.member);
    this.member = member;
    const feedVersions = new Float64Array(capacity).fill(-1);
    feedVersions.set(this.feedVersions);
    this.feedVersions = feedVersions;
    this.series = widened(this.series, capacity);
    this.symbols = widened(this.symbols, capacity);
    this.feeds = widened(this.feeds, capacity);
  }
}

/** `values` followed by `undefined` up to `capacity` entries. */
function widened<T>(values: Array<T | undefined>, capacity: number): Array<T | undefined> {
  const next = new Array<T | undefined>(capacity).fill(undefined);
  for (let index = 0; index < values.length; index++) next[index] = values[index];
  return next;
}
