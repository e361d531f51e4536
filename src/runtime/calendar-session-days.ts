// The trading-date windows of an exchange calendar, for indicators that reset at each session
// (vwap, gap): a date runs from local midnight (or its session's start, when the session opens the
// evening before) to where the next date begins; its regular hours are its session's open and
// (early) close. A day without a session has none.

import type { SessionDaySource, SessionDayWindow } from "../indicators/regular-session-day.js";
import { formatDayNumber } from "../time/calendar-day.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

export function calendarSessionDays(calendar: ExchangeCalendar): SessionDaySource {
  const sessionOf = (date: string) =>
    date >= calendar.firstDate && date <= calendar.lastDate ? calendar.session(date) : undefined;
  const windowOf = (dayNumber: number): SessionDayWindow => {
    const date = formatDayNumber(dayNumber);
    const nextDate = formatDayNumber(dayNumber + 1);
    const session = sessionOf(date);
    const next = sessionOf(nextDate);
    return {
      dateKey: Number(date.replaceAll("-", "")),
      startsAt: Math.min(calendar.wallTime(date, 0), session?.preMarketAt ?? Number.POSITIVE_INFINITY),
      endsAt: Math.min(calendar.wallTime(nextDate, 0), next?.preMarketAt ?? Number.POSITIVE_INFINITY),
      opensAt: session?.openAt ?? Number.POSITIVE_INFINITY,
      closesAt: session?.closeAt ?? Number.NEGATIVE_INFINITY,
    };
  };
  // Every symbol's indicators ask for the same few dates (once per symbol and day): each date's
  // window is worked out once. A window is a pure function of the calendar and the date.
  const windows = new Map<number, SessionDayWindow>();
  return {
    windowAt(time: number): SessionDayWindow {
      const dayNumber = calendar.tradingDayNumberAt(time);
      let window = windows.get(dayNumber);
      if (window === undefined) {
        window = windowOf(dayNumber);
        windows.set(dayNumber, window);
      }
      return window;
    },
  };
}
