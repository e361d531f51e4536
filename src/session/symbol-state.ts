// What a session holds for one symbol: its bar series per interval, which intervals stream live
// (and the aggregators that build the derived ones from the base), the indicator keys it holds, and
// the metadata the seed tracked (who added it, whether it was promoted from adhoc).

import type { Generation } from "../core/generation.js";
import type { Interval } from "../core/interval.js";
import type { BucketSink } from "../data/bar-buckets.js";
import { IntervalAggregator } from "../data/interval-aggregator.js";
import type { SessionHours } from "../data/session-hours.js";
import type { IntervalFeed } from "../indicators/indicator-manager.js";
import { BarSeries } from "./bar-series.js";

/** Who brought a symbol into the session. */
export type SymbolOrigin = "config" | "scanner" | "adhoc" | "strategy" | "manual";

export interface SymbolMetadata {
  addedBy: SymbolOrigin;
  addedAt: number;
  /** Provisioned on demand by an adhoc call rather than by the config. */
  autoProvisioned: boolean;
  /** Was adhoc and has been promoted to a full session symbol. */
  upgradedFromAdhoc: boolean;
  /** Holds every stream, history window and indicator the config's `session_data` asks for. */
  meetsSessionConfigRequirements: boolean;
}

export class SymbolState {
  readonly symbol: string;
  readonly metadata: SymbolMetadata;
  readonly series = new Map<string, BarSeries>();
  /** Live intervals: the base ones come from the feed, the others from `aggregators`. */
  readonly streams = new Set<string>();
  /**
   * Derived live intervals, keyed by interval, each fed from the base stream. Change it through
   * `addAggregator`/`removeAggregator` only, which keep `derivedStreams` in step.
   */
  readonly aggregators = new Map<string, IntervalAggregator>();
  /** The same aggregators in the same order as an array, with their sinks: what the per-bar loop walks. */
  private derived: readonly IntervalAggregator[] = [];
  /** First session date of the history loaded per interval. */
  readonly historyFrom = new Map<string, string>();
  /** Bars of history each interval must keep (the largest window asked for). */
  readonly retention = new Map<string, number>();
  /**
   * The series of the feed interval, cached by the coordinator for its per-bar path (a series is
   * created once per interval and never replaced, so the reference stays valid).
   */
  feedSeries: BarSeries | undefined = undefined;
  /** The instant this symbol's derived buckets were last flushed to (the coordinator's bookkeeping). */
  flushedAt = Number.NaN;
  /** Whether the coordinator holds this symbol in its set of symbols with a derived bucket forming. */
  hasOpenBucket = false;
  /**
   * The indicator handle of the feed interval and the IndicatorManager `feedsVersion` it was looked
   * up at (the coordinator's per-bar cache; see IndicatorManager.feedOf).
   */
  indicatorFeed: IntervalFeed | undefined = undefined;
  indicatorFeedVersion = -1;
  /** Indicator key → interval, for the indicators this symbol holds. */
  readonly indicators = new Map<string, string>();

  /** @param layout the session's, bumped when a series is created (bulk reads cache series). */
  constructor(
    symbol: string,
    metadata: SymbolMetadata,
    private readonly layout: Generation,
  ) {
    this.symbol = symbol;
    this.metadata = metadata;
  }

  /** The series of an interval, created empty (with no arrays: its user sizes it) on first use. */
  seriesOf(interval: string): BarSeries {
    let series = this.series.get(interval);
    if (!series) {
      series = new BarSeries(interval, 0);
      this.series.set(interval, series);
      this.layout.bump();
    }
    return series;
  }

  /**
   * The aggregators of the derived live intervals, in the order they were added, as an array: what
   * the per-bar loop walks (a loop running keeps its array).
   */
  get derivedStreams(): readonly IntervalAggregator[] {
    return this.derived;
  }

  /**
   * Adds the derived stream `interval`, built from `base` bars; its completed bars go to `sink`
   * (set up once by the coordinator: no closure per bar). Parsed intervals are taken as they are
   * (shared, not parsed again per symbol).
   */
  addAggregator(
    base: Interval | string,
    interval: Interval | string,
    hours: SessionHours,
    sink: BucketSink,
  ): IntervalAggregator {
    const aggregator = new IntervalAggregator(base, interval, hours, sink);
    const text = aggregator.to.text;
    const replaced = this.aggregators.get(text);
    this.aggregators.set(text, aggregator);
    // Same order as the Map: a replaced interval keeps its place, a new one goes last.
    this.derived =
      replaced === undefined
        ? this.derived.concat(aggregator)
        : this.derived.map((old) => (old === replaced ? aggregator : old));
    return aggregator;
  }

  removeAggregator(interval: string): void {
    const removed = this.aggregators.get(interval);
    this.aggregators.delete(interval);
    this.derived = this.derived.filter((aggregator) => aggregator !== removed);
  }
}
