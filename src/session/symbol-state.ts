// What a session holds for one symbol: its bar series per interval, which intervals stream live
// (and the aggregators that build the derived ones from the base), the indicator keys it holds, and
// the metadata the seed tracked (who added it, whether it was promoted from adhoc).

import { IntervalAggregator } from "../data/interval-aggregator.js";
import type { SessionHours } from "../data/session-hours.js";
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
  /** Derived live intervals, keyed by interval, each fed from the base stream. */
  readonly aggregators = new Map<string, IntervalAggregator>();
  /** First session date of the history loaded per interval. */
  readonly historyFrom = new Map<string, string>();
  /** Bars of history each interval must keep (the largest window asked for). */
  readonly retention = new Map<string, number>();
  /** Indicator key → interval, for the indicators this symbol holds. */
  readonly indicators = new Map<string, string>();

  constructor(symbol: string, metadata: SymbolMetadata) {
    this.symbol = symbol;
    this.metadata = metadata;
  }

  /** The series of an interval, created empty on first use. */
  seriesOf(interval: string): BarSeries {
    let series = this.series.get(interval);
    if (!series) {
      series = new BarSeries(interval);
      this.series.set(interval, series);
    }
    return series;
  }

  addAggregator(base: string, interval: string, hours: SessionHours): IntervalAggregator {
    const aggregator = new IntervalAggregator(base, interval, hours);
    this.aggregators.set(interval, aggregator);
    return aggregator;
  }
}
