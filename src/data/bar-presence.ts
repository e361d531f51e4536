// Whether the store holds bars of a symbol in a time window: a bar of any stored interval up to a
// day (`1m`, `5m`, `1d`; a weekly bar does not tell which days traded) starting in it. What a
// backtest checks to say that a scanner had nothing to scan on a day, and what `validate` checks
// over a backtest's dates. Each answer is a few index probes (BarStore.hasBars).

import { parseInterval } from "../core/interval.js";
import type { SeriesInfo } from "./bar-store.js";
import type { BarStorePort } from "./bar-store-port.js";

/** Answers "does the store hold bars of this symbol then?", listing each symbol's series once. */
export class BarPresence {
  private readonly seriesBySymbol = new Map<string, readonly SeriesInfo[]>();

  constructor(private readonly store: BarStorePort) {}

  /** Whether a bar of `symbol` (in an interval up to a day) has fromTime <= time < toTime. */
  between(symbol: string, fromTime: number, toTime: number): boolean {
    return this.seriesOf(symbol).some(
      (series) =>
        series.firstTime < toTime &&
        series.lastTime >= fromTime &&
        this.store.hasBars(symbol, series.interval, fromTime, toTime),
    );
  }

  private seriesOf(symbol: string): readonly SeriesInfo[] {
    let series = this.seriesBySymbol.get(symbol);
    if (series === undefined) {
      series = this.store.symbolSeries(symbol).filter((info) => parseInterval(info.interval).unit !== "w");
      this.seriesBySymbol.set(symbol, series);
    }
    return series;
  }
}
