// Reads a window of history for one (symbol, interval) from the store: the interval itself when it
// is stored for that span, otherwise aggregated from a finer stored interval (5m from 1m, 1d from
// 1m, 1w from 1d). Intraday bars outside the regular session are left out, as the live stream
// delivers only regular-session bars.

import { inject, injectable } from "tsyringe";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { type Interval, isIntraday, parseInterval } from "../core/interval.js";
import { aggregateBars } from "../data/aggregate.js";
import type { BarStore } from "../data/bar-store.js";
import type { SessionHours } from "../data/session-hours.js";
import { TOKENS } from "./session-tokens.js";

@injectable()
export class HistoryReader {
  constructor(
    @inject(TOKENS.barStore) private readonly store: BarStore,
    @inject(TOKENS.calendar) private readonly hours: SessionHours,
  ) {}

  /** Whether the store holds any bars of the symbol, in any interval. */
  hasData(symbol: string): boolean {
    return this.store.listSeries().some((series) => series.symbol === symbol);
  }

  /** Bars of `interval` with fromTime ≤ time < toTime. */
  read(symbol: string, interval: Interval, fromTime: number, toTime: number): BarColumns {
    for (const source of sourcesFor(interval)) {
      const coverage = this.store.coverage(symbol, source.text);
      if (!coverage || coverage.lastTime < fromTime || coverage.firstTime >= toTime) continue;
      const bars = this.store.readBars(symbol, source.text, fromTime, toTime);
      if (source.text === interval.text)
        return isIntraday(interval) ? this.regularOnly(bars, interval) : bars;
      return aggregateBars(bars, source, interval, this.hours);
    }
    return allocateBarColumns(0);
  }

  private regularOnly(bars: BarColumns, interval: Interval): BarColumns {
    const durationMs = interval.durationMs ?? 0;
    const keep: number[] = [];
    let session = undefined as ReturnType<SessionHours["sessionAt"]>;
    for (let i = 0; i < bars.length; i++) {
      const time = bars.time[i];
      if (!session || time < session.openAt || time >= session.closeAt) session = this.hours.sessionAt(time);
      if (session && time >= session.openAt && time + durationMs <= session.closeAt) keep.push(i);
    }
    if (keep.length === bars.length) return bars;
    const result = allocateBarColumns(keep.length);
    keep.forEach((from, to) => {
      result.time[to] = bars.time[from];
      result.open[to] = bars.open[from];
      result.high[to] = bars.high[from];
      result.low[to] = bars.low[from];
      result.close[to] = bars.close[from];
      result.volume[to] = bars.volume[from];
    });
    return result;
  }
}

/** Where bars of `interval` can come from, best first. */
function sourcesFor(interval: Interval): Interval[] {
  const texts =
    interval.unit === "s"
      ? [interval.text, "1s"]
      : interval.unit === "m"
        ? [interval.text, "1m"]
        : interval.unit === "d"
          ? [interval.text, "1d", "1m"]
          : [interval.text, "1d", "1m"];
  return [...new Set(texts)].map(parseInterval);
}
