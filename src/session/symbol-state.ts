// What a session holds for one symbol: its bar series per interval, which intervals stream live
// (the derived ones built from the base in the coordinator's lanes, at the symbol's slot), the
// indicator keys it holds, and the metadata the seed tracked (who added it, whether it was promoted
// from adhoc).

import type { Generation } from "../core/generation.js";
import { HEAP_MEMORY, type SeriesMemory } from "../core/series-memory.js";
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
  /** Live intervals: the base ones come from the feed, the others (`derivedStreams`) from it. */
  readonly streams = new Set<string>();
  /**
   * The derived live intervals, in the order they were added: their buckets form in the
   * coordinator's lanes (DerivedLane), at `slot`.
   */
  readonly derivedStreams = new Set<string>();
  /**
   * The symbol's slot in the coordinator's derived lanes (-1 while it streams no derived
   * interval): a slot freed by a removed symbol is given to the next one.
   */
  slot = -1;
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

  /**
   * @param layout the session's, bumped when a series is created (bulk reads cache series).
   * @param memory the session's, where the series get their arrays.
   */
  constructor(
    symbol: string,
    metadata: SymbolMetadata,
    private readonly layout: Generation,
    private readonly memory: SeriesMemory = HEAP_MEMORY,
  ) {
    this.symbol = symbol;
    this.metadata = metadata;
  }

  /** The series of an interval, created empty (with no arrays: its user sizes it) on first use. */
  seriesOf(interval: string): BarSeries {
    let series = this.series.get(interval);
    if (!series) {
      series = new BarSeries(interval, 0, this.memory);
      this.series.set(interval, series);
      this.layout.bump();
    }
    return series;
  }
}
