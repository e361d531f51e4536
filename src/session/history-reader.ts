// Reads a window of history for one (symbol, interval) from the store: the interval itself when it
// is stored for that span, otherwise aggregated from a finer stored interval (5m from 1m, 1d from
// 1m, 1w from 1d). Intraday bars outside the regular session are left out, as the live stream
// delivers only regular-session bars.
//
// Provisioning calls this once or twice per symbol for thousands of symbols, so the per-call work
// stays small: one store lookup for the symbol's coverage, no scan of the whole store, and no copy
// when every bar is already inside the regular session.

import { inject, injectable } from "tsyringe";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { type Interval, isIntraday, parseInterval } from "../core/interval.js";
import { aggregateBars } from "../data/aggregate.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import type { RegularHours, SessionHours } from "../data/session-hours.js";
import { TOKENS } from "./session-tokens.js";

@injectable()
export class HistoryReader {
  /** Source intervals per interval text (see `sourcesFor`). */
  private readonly sources = new Map<string, readonly Interval[]>();

  constructor(
    @inject(TOKENS.barStore) private readonly store: BarStorePort,
    @inject(TOKENS.calendar) private readonly hours: SessionHours,
  ) {}

  /** Whether the store holds any bars of the symbol, in any interval. */
  hasData(symbol: string): boolean {
    return this.store.hasSymbol(symbol);
  }

  /** Bars of `interval` with fromTime ≤ time < toTime. */
  read(symbol: string, interval: Interval, fromTime: number, toTime: number): BarColumns {
    // The symbol's coverage of every interval in one lookup, then the first source covering the span.
    const stored = this.store.symbolSeries(symbol);
    for (const source of this.sourcesFor(interval)) {
      const coverage = stored.find((series) => series.interval === source.text);
      if (!coverage || coverage.lastTime < fromTime || coverage.firstTime >= toTime) continue;
      const bars = this.store.readBars(symbol, source.text, fromTime, toTime);
      if (source.text === interval.text)
        return isIntraday(interval) ? this.regularOnly(bars, interval) : bars;
      return aggregateBars(bars, source, interval, this.hours);
    }
    return allocateBarColumns(0);
  }

  /** Where bars of `interval` can come from, best first (worked out once per interval). */
  private sourcesFor(interval: Interval): readonly Interval[] {
    let sources = this.sources.get(interval.text);
    if (!sources) {
      sources = sourceIntervals(interval);
      this.sources.set(interval.text, sources);
    }
    return sources;
  }

  /** The bars inside a regular session; `bars` itself when all are (the usual case: no copy). */
  private regularOnly(bars: BarColumns, interval: Interval): BarColumns {
    const durationMs = interval.durationMs ?? 0;
    // First pass: count the regular bars, allocating nothing.
    let kept = 0;
    let session: RegularHours | undefined;
    for (let i = 0; i < bars.length; i++) {
      session = this.sessionAround(bars.time[i], session);
      if (isRegular(bars.time[i], durationMs, session)) kept++;
    }
    if (kept === bars.length) return bars;
    const result = allocateBarColumns(kept);
    let to = 0;
    session = undefined;
    for (let from = 0; from < bars.length; from++) {
      session = this.sessionAround(bars.time[from], session);
      if (!isRegular(bars.time[from], durationMs, session)) continue;
      result.time[to] = bars.time[from];
      result.open[to] = bars.open[from];
      result.high[to] = bars.high[from];
      result.low[to] = bars.low[from];
      result.close[to] = bars.close[from];
      result.volume[to] = bars.volume[from];
      to++;
    }
    return result;
  }

  /** `previous` while `time` lies inside it, else the session the calendar gives for `time`. */
  private sessionAround(time: number, previous: RegularHours | undefined): RegularHours | undefined {
    return previous && time >= previous.openAt && time < previous.closeAt
      ? previous
      : this.hours.sessionAt(time);
  }
}

function isRegular(time: number, durationMs: number, session: RegularHours | undefined): boolean {
  return session !== undefined && time >= session.openAt && time + durationMs <= session.closeAt;
}

/** Where bars of `interval` can come from, best first. */
function sourceIntervals(interval: Interval): Interval[] {
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
