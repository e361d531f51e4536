// When a bar becomes known: intraday bars at start + duration; daily bars at their session's close
// (13:00 on an early close); weekly bars at the close of the week's last session. A bar belongs to
// the trading date of the session around its start (a futures daily bar starting on Sunday evening
// is Monday's).

import type { Interval } from "../core/interval.js";
import type { BarEndTime } from "../indicators/indicator-manager.js";
import { formatDayNumber } from "../time/calendar-day.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

export function calendarBarEndTime(calendar: ExchangeCalendar): BarEndTime {
  return (interval: Interval, barTime: number): number => {
    if (interval.durationMs !== undefined) return barTime + interval.durationMs;
    const dayNumber = calendar.tradingDayNumberAt(barTime);
    if (interval.unit === "d") {
      // An N-day bar ends with the close of its Nth session.
      const date = formatDayNumber(dayNumber);
      const last = interval.count > 1 ? calendar.nextTradingDay(date, interval.count - 1) : date;
      return calendar.requireSession(last).closeAt;
    }
    // A week bar starts on the week's first session and ends with its last one (the exchange's
    // last trading weekday, Friday on stock markets, or the last trading day before it).
    const monday = dayNumber - ((((dayNumber + 4) % 7) + 6) % 7); // 1970-01-01 (day 0) was a Thursday
    const lastDay = formatDayNumber(monday + calendar.lastWeekdayOffset + (interval.count - 1) * 7);
    const last = calendar.isTradingDay(lastDay) ? lastDay : calendar.previousTradingDay(lastDay);
    return calendar.requireSession(last).closeAt;
  };
}
