// What a slot time alone decides about its horizons, from the exchange calendar: the session a hit
// at that slot trades in (the first session whose regular close is after the slot: the same day
// until its close, else the next trading day) and the instant each `close`/`Nd` horizon ends.
// Minute horizons also depend on the entry time, so only their session bounds are kept here.

import { CalendarError } from "../core/errors.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { TradingSession } from "../time/trading-session.js";
import type { Horizon } from "./horizons.js";

export interface SlotWindow {
  /** Regular open and close of the session the slot trades in. */
  readonly openAt: number;
  readonly closeAt: number;
  /**
   * Per horizon (in the given order): the instant a `close` or `Nd` horizon ends, NaN for a minute
   * horizon (computed from the entry) or a day beyond the calendar's range.
   */
  readonly fixedEnds: Float64Array;
}

export class SlotWindows {
  private readonly byTime = new Map<number, SlotWindow>();

  constructor(
    private readonly calendar: ExchangeCalendar,
    private readonly horizons: readonly Horizon[],
  ) {}

  /** The window of slot `time` (cached: slots repeat across scanners and symbols). */
  at(time: number): SlotWindow {
    const cached = this.byTime.get(time);
    if (cached) return cached;
    const session = this.sessionOf(time);
    const fixedEnds = new Float64Array(this.horizons.length).fill(Number.NaN);
    this.horizons.forEach((horizon, index) => {
      if (horizon.kind === "close") fixedEnds[index] = session.closeAt;
      else if (horizon.kind === "days") fixedEnds[index] = this.closeAfter(session.date, horizon.days);
    });
    const window: SlotWindow = { openAt: session.openAt, closeAt: session.closeAt, fixedEnds };
    this.byTime.set(time, window);
    return window;
  }

  private sessionOf(time: number): TradingSession {
    const date = this.calendar.dateOf(time);
    const today = this.calendar.session(date);
    if (today && time < today.closeAt) return today;
    return this.calendar.requireSession(this.calendar.nextTradingDay(date));
  }

  private closeAfter(date: string, days: number): number {
    try {
      return this.calendar.requireSession(this.calendar.nextTradingDay(date, days)).closeAt;
    } catch (error) {
      // Past the calendar's last year: no data can reach there either, so the horizon is null.
      if (error instanceof CalendarError) return Number.NaN;
      throw error;
    }
  }
}
