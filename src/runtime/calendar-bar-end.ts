// When a bar becomes known: intraday bars at start + duration; daily bars at their session's close
// (13:00 on an early close); weekly bars at the close of the week's last session.

import type { Interval } from "../core/interval.js";
import type { BarEndTime } from "../indicators/indicator-manager.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

const DAY_MS = 86_400_000;

export function calendarBarEndTime(calendar: ExchangeCalendar): BarEndTime {
  return (interval: Interval, barTime: number): number => {
    if (interval.durationMs !== undefined) return barTime + interval.durationMs;
    const date = calendar.dateOf(barTime);
    if (interval.unit === "d") {
      // An N-day bar ends with the close of its Nth session.
      const last = interval.count > 1 ? calendar.nextTradingDay(date, interval.count - 1) : date;
      return calendar.requireSession(last).closeAt;
    }
    // A week bar starts on the week's first session and ends with its last one (Friday or earlier).
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const friday = new Date(
      Date.parse(`${date}T00:00:00Z`) + ((5 - weekday + 7) % 7) * DAY_MS + (interval.count - 1) * 7 * DAY_MS,
    )
      .toISOString()
      .slice(0, 10);
    const last = calendar.isTradingDay(friday) ? friday : calendar.previousTradingDay(friday);
    return calendar.requireSession(last).closeAt;
  };
}
