// The requirement analyzer: one routine that turns "this indicator on this interval" or "N days of
// these bars" into exactly what must be provisioned: the intervals to stream (the base too), how
// many historical bars to load, and which trading days that is, using the exchange calendar
// (holidays, early closes) — never `days = bars`.
//
// History always ends at the last completed session before the session being provisioned (no
// look-ahead). The number of bars is max(ceil(requiredBars × warm-up multiplier), stableBars): enough
// for a first value with the configured safety margin, and enough for start-up effects of
// recursive indicators (EMA, RSI, ATR) to fade.
//
// An indicator anchored to the regular session (VWAP: it restarts at each 09:30 open) can use no
// bar from before today's open on an intraday interval: its history window is none at all, and
// today's bars come from the stream (or the backfill of a mid-session add). On daily and weekly
// bars every bar is a session of its own, so there the usual window applies.

// tsyringe needs the Reflect metadata API when it loads: in the bundled build this module may run
// before the entry's own import of it.
import "reflect-metadata";
import { inject, injectable } from "tsyringe";
import { SessionError } from "../core/errors.js";
import { baseInterval, type Interval, isDerived, isIntraday, parseInterval } from "../core/interval.js";
import type { ResolvedIndicatorSpec } from "../indicators/indicator-spec.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import { TOKENS } from "./session-tokens.js";

export const DEFAULT_WARMUP_MULTIPLIER = 2;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** What the analyzer needs to know about an indicator. */
export interface IndicatorWarmup {
  readonly type: string;
  readonly key: string;
  /** Canonical interval text. */
  readonly interval: string;
  readonly requiredBars: number;
  readonly stableBars: number;
  /** Human label for reasons, e.g. `SMA(20)`. */
  readonly label: string;
  /** The value is built from the current regular session's bars only (see `Indicator.sessionAnchored`). */
  readonly sessionAnchored?: boolean;
}

/** A window of history for one interval: `bars` bars, covering the sessions `firstDate` … `lastDate`. */
export interface HistoryWindow {
  readonly interval: string;
  readonly bars: number;
  readonly tradingDays: number;
  /** Calendar days from `firstDate` to the session being provisioned (the seed's "days"). */
  readonly calendarDays: number;
  readonly firstDate: string;
  /** The last completed session before the session being provisioned. */
  readonly lastDate: string;
}

export interface IndicatorRequirements {
  readonly key: string;
  readonly interval: string;
  readonly baseInterval: string;
  /** Intervals to stream, base first when the interval is derived (`["1m", "5m"]`). */
  readonly requiredIntervals: readonly string[];
  readonly requiredBars: number;
  readonly stableBars: number;
  /** `undefined` for a session-anchored indicator on an intraday interval: it can use no history. */
  readonly history: HistoryWindow | undefined;
  readonly reason: string;
}

export interface BarRequirements {
  readonly interval: string;
  readonly baseInterval: string;
  readonly requiredIntervals: readonly string[];
  readonly history: HistoryWindow | undefined;
  readonly reason: string;
}

@injectable()
export class RequirementAnalyzer {
  /**
   * Windows already worked out for `windowsDate`, by kind, interval and size: provisioning thousands
   * of symbols asks the same few questions of the calendar over and over. The calendar never
   * changes, so a window is a pure function of its key; only the latest session date is kept.
   */
  private readonly windows = new Map<string, HistoryWindow>();
  private windowsDate = "";

  constructor(
    @inject(TOKENS.calendar) private readonly calendar: ExchangeCalendar,
    @inject(TOKENS.warmupMultiplier) private readonly warmupMultiplier: number = DEFAULT_WARMUP_MULTIPLIER,
  ) {
    if (!Number.isFinite(warmupMultiplier) || warmupMultiplier < 1) {
      throw new SessionError(`Warm-up multiplier must be a number ≥ 1, got ${warmupMultiplier}`);
    }
  }

  /**
   * What a resolved indicator spec needs for the session on `sessionDate`: its warm-up counts come
   * from an instance made for the question (`requiredBars`, `stableBars`, `sessionAnchored`).
   */
  forResolvedIndicator(resolved: ResolvedIndicatorSpec, sessionDate: string): IndicatorRequirements {
    const probe = resolved.definition.create(resolved.params);
    return this.forIndicator(
      {
        type: resolved.definition.name,
        key: resolved.key,
        interval: resolved.interval,
        requiredBars: probe.requiredBars,
        stableBars: probe.stableBars,
        label: `${resolved.definition.name.toUpperCase()}(${resolved.definition.keyParts(resolved.params).join(", ")})`,
        sessionAnchored: probe.sessionAnchored === true,
      },
      sessionDate,
    );
  }

  /** What an indicator needs when provisioned for the session on `sessionDate`. */
  forIndicator(indicator: IndicatorWarmup, sessionDate: string): IndicatorRequirements {
    const interval = parseInterval(indicator.interval);
    const common = {
      key: indicator.key,
      interval: interval.text,
      baseInterval: baseInterval(interval).text,
      requiredIntervals: requiredIntervals(interval),
      requiredBars: indicator.requiredBars,
      stableBars: indicator.stableBars,
    };
    if (indicator.sessionAnchored === true && isIntraday(interval)) {
      return {
        ...common,
        history: undefined,
        reason:
          `${indicator.label} on ${interval.text} restarts at each regular-session open; ` +
          "loading no history (today's bars come from the session stream)",
      };
    }
    const bars = Math.max(Math.ceil(indicator.requiredBars * this.warmupMultiplier), indicator.stableBars, 1);
    const history = this.historyForBars(interval, bars, sessionDate);
    const multiplier = Number(this.warmupMultiplier.toFixed(4));
    const stable =
      indicator.stableBars > indicator.requiredBars ? `, ${indicator.stableBars} until stable` : "";
    return {
      ...common,
      history,
      reason:
        `${indicator.label} on ${interval.text} needs ${indicator.requiredBars} bars for a first value${stable}; ` +
        `loading ${bars} bars (${multiplier}× warm-up) = ${describeWindow(history)}`,
    };
  }

  /** What `days` trading days of `interval` bars need (`days = 0`: the session stream only). */
  forBars(intervalText: string, days: number, sessionDate: string): BarRequirements {
    const interval = parseInterval(intervalText);
    if (!Number.isInteger(days) || days < 0) {
      throw new SessionError(`Historical days must be a whole number ≥ 0, got ${days}`);
    }
    const history = days > 0 ? this.historyForDays(interval, days, sessionDate) : undefined;
    return {
      interval: interval.text,
      baseInterval: baseInterval(interval).text,
      requiredIntervals: requiredIntervals(interval),
      history,
      reason:
        history === undefined
          ? `${interval.text} bars: session stream only`
          : `${interval.text} bars for ${days} trading days = ${describeWindow(history)}`,
    };
  }

  /** The window of `bars` completed bars of `interval` ending at the last session before `sessionDate`. */
  historyForBars(interval: Interval, bars: number, sessionDate: string): HistoryWindow {
    return this.remembered(`bars ${interval.text} ${bars}`, sessionDate, () =>
      this.computeHistoryForBars(interval, bars, sessionDate),
    );
  }

  private computeHistoryForBars(interval: Interval, bars: number, sessionDate: string): HistoryWindow {
    const lastDate = this.calendar.previousTradingDay(sessionDate);
    let firstDate: string;
    if (isIntraday(interval)) {
      firstDate = this.walkBackIntraday(interval, bars, lastDate);
    } else if (interval.unit === "d") {
      firstDate = this.calendar.previousTradingDay(lastDate, bars * interval.count - 1);
    } else {
      firstDate = this.firstSessionOfWeeksBack(sessionDate, bars * interval.count);
    }
    return this.window(interval, bars, firstDate, lastDate, sessionDate);
  }

  private historyForDays(interval: Interval, days: number, sessionDate: string): HistoryWindow {
    return this.remembered(`days ${interval.text} ${days}`, sessionDate, () =>
      this.computeHistoryForDays(interval, days, sessionDate),
    );
  }

  private computeHistoryForDays(interval: Interval, days: number, sessionDate: string): HistoryWindow {
    const lastDate = this.calendar.previousTradingDay(sessionDate);
    const firstDate = this.calendar.previousTradingDay(lastDate, days - 1);
    const bars = isIntraday(interval)
      ? this.calendar
          .tradingDays(firstDate, lastDate)
          .reduce((sum, date) => sum + this.barsInSession(interval, date), 0)
      : interval.unit === "d"
        ? Math.floor(days / interval.count)
        : Math.floor(days / (5 * interval.count));
    return this.window(interval, bars, firstDate, lastDate, sessionDate);
  }

  /** The window under `key` for `sessionDate`, computed on first use. */
  private remembered(key: string, sessionDate: string, compute: () => HistoryWindow): HistoryWindow {
    if (sessionDate !== this.windowsDate) {
      this.windows.clear();
      this.windowsDate = sessionDate;
    }
    let window = this.windows.get(key);
    if (!window) {
      // Frozen: every caller asking the same question gets this one object.
      window = Object.freeze(compute());
      this.windows.set(key, window);
    }
    return window;
  }

  private window(
    interval: Interval,
    bars: number,
    firstDate: string,
    lastDate: string,
    sessionDate: string,
  ): HistoryWindow {
    return {
      interval: interval.text,
      bars,
      tradingDays: this.calendar.countTradingDays(firstDate, lastDate),
      calendarDays: Math.round((Date.parse(sessionDate) - Date.parse(firstDate)) / DAY_MS),
      firstDate,
      lastDate,
    };
  }

  /** Steps back session by session, counting the real bars of each (early closes have fewer). */
  private walkBackIntraday(interval: Interval, bars: number, lastDate: string): string {
    let date = lastDate;
    let remaining = bars - this.barsInSession(interval, date);
    while (remaining > 0) {
      date = this.calendar.previousTradingDay(date);
      remaining -= this.barsInSession(interval, date);
    }
    return date;
  }

  /**
   * Bars of an intraday interval in a session, counting a short last bucket as a bar; a break ends
   * a bucket, so each stretch between breaks counts on its own (Tokyo: 150 + 180 minutes → 3 + 3
   * hourly bars).
   */
  barsInSession(interval: Interval, date: string): number {
    const session = this.calendar.requireSession(date);
    const durationMs = interval.durationMs ?? MINUTE_MS;
    let bars = 0;
    let from = session.openAt;
    for (const pause of session.breaks) {
      bars += Math.ceil((pause.startAt - from) / durationMs);
      from = pause.endAt;
    }
    return bars + Math.ceil((session.closeAt - from) / durationMs);
  }

  /** First session of the week that lies `weeks` weeks before the week of `sessionDate`. */
  private firstSessionOfWeeksBack(sessionDate: string, weeks: number): string {
    const day = new Date(`${sessionDate}T00:00:00Z`);
    const mondayOffset = (day.getUTCDay() + 6) % 7;
    const monday = new Date(day.getTime() - (mondayOffset + 7 * weeks) * DAY_MS);
    const mondayText = monday.toISOString().slice(0, 10);
    return this.calendar.isTradingDay(mondayText) ? mondayText : this.calendar.nextTradingDay(mondayText);
  }
}

/** Intervals to stream for `interval`: its base first when it is derived. */
export function requiredIntervals(interval: Interval): string[] {
  return isDerived(interval) ? [baseInterval(interval).text, interval.text] : [interval.text];
}

function describeWindow(history: HistoryWindow): string {
  const days = history.tradingDays === 1 ? "1 trading day" : `${history.tradingDays} trading days`;
  return `${days} from ${history.firstDate} to ${history.lastDate} (${history.calendarDays} calendar days)`;
}
