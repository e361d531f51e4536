// The dates a market definition's rules give in a year: fixed days, nth weekdays, Easter-relative
// days, Chinese lunisolar days, Japan's equinoxes and Ching Ming; and where a day that falls on a
// weekend or on another holiday is observed.

import { dayNumberOf, easterSunday, nthWeekdayOfMonth, SATURDAY, SUNDAY, weekdayOf } from "./calendar-day.js";
import type { DateRule, Observance, WeekdayName } from "./market-definition.js";

const WEEKDAY_NUMBERS: Readonly<Record<WeekdayName, number>> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

export function weekdayNumber(name: WeekdayName): number {
  return WEEKDAY_NUMBERS[name];
}

/** Evaluates date rules; holds the Chinese-calendar lookups of one compilation. */
export class DateRuleEvaluator {
  private lunarFormat: Intl.DateTimeFormat | undefined;
  /** Gregorian year → day number of that year's lunar new year. */
  private readonly lunarNewYears = new Map<number, number>();

  /** The day number a rule gives in `year`. */
  dateOf(rule: DateRule, year: number): number {
    switch (rule.kind) {
      case "fixed":
        return dayNumberOf(year, rule.month, rule.day);
      case "nth-weekday":
        return nthWeekdayOfMonth(year, rule.month, WEEKDAY_NUMBERS[rule.weekday], rule.nth);
      case "weekday-before": {
        const before = dayNumberOf(year, rule.month, rule.day) - 1;
        return before - ((weekdayOf(before) - WEEKDAY_NUMBERS[rule.weekday] + 7) % 7);
      }
      case "easter":
        return easterSunday(year) + rule.offset;
      case "chinese-lunar":
        return this.lunarDate(year, rule.month, rule.day);
      case "equinox":
        return dayNumberOf(year, rule.month, equinoxDay(year, rule.month));
      case "qingming":
        return dayNumberOf(year, 4, qingmingDay(year));
    }
  }

  /** The Gregorian day in `year` of lunar `month`/`day` of the lunar year that starts in `year`. */
  private lunarDate(year: number, month: number, day: number): number {
    const newYear = this.lunarNewYear(year);
    // The first lunar month has at least 29 days.
    if (month === 1 && day <= 29) return newYear + day - 1;
    // Lunar months are 29 or 30 days: the estimate lands in the right month, or in the month before
    // it when a leap month comes earlier in the year (then a month later is right). ICU's Chinese
    // calendar is slow (tens of µs a call), so each probe jumps straight to the wanted day.
    for (const leapShift of [0, 30]) {
      const estimate = newYear + Math.round((month - 1) * 29.53) + day - 1 + leapShift;
      for (const probe of [estimate, estimate - 15, estimate + 15]) {
        const parts = this.lunarParts(probe);
        if (parts.month !== String(month)) continue;
        const candidate = probe + (day - parts.day);
        const check = this.lunarParts(candidate);
        if (check.month === String(month) && check.day === day) return candidate;
      }
    }
    throw new Error(`lunar ${month}/${day} of ${year} not found near its estimate`);
  }

  private lunarNewYear(year: number): number {
    const cached = this.lunarNewYears.get(year);
    if (cached !== undefined) return cached;
    // The lunar new year falls between January 21 and February 20: before it the lunar month is the
    // eleventh or twelfth, from it on the first; bisect for the first day of month 1.
    let low = dayNumberOf(year, 1, 21);
    let high = dayNumberOf(year, 2, 21);
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.lunarParts(middle).month === "1") high = middle;
      else low = middle + 1;
    }
    if (this.lunarParts(low).day !== 1) throw new Error(`no lunar new year found in ${year}`);
    this.lunarNewYears.set(year, low);
    return low;
  }

  private lunarParts(dayNumber: number): { month: string; day: number } {
    this.lunarFormat ??= new Intl.DateTimeFormat("en-u-ca-chinese", {
      timeZone: "UTC",
      month: "numeric",
      day: "numeric",
    });
    let month = "";
    let day = 0;
    for (const part of this.lunarFormat.formatToParts(dayNumber * 86_400_000)) {
      if (part.type === "month")
        month = part.value; // a leap month reads "4bis"
      else if (part.type === "day") day = Number(part.value);
    }
    return { month, day };
  }
}

/** Japan's equinox day of the month (Cabinet Office formula, exact for 1980–2099). */
function equinoxDay(year: number, month: 3 | 9): number {
  const base = month === 3 ? 20.8431 : 23.2488;
  return Math.floor(base + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

/** Day of April of Ching Ming (21st-century formula: floor(Y·0.2422 + 4.81) − floor(Y/4), Y = year mod 100). */
function qingmingDay(year: number): number {
  const y = year % 100;
  return Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
}

/**
 * Where a day is observed. `isTaken` says whether a day is already a holiday (for the "next free"
 * kinds); `undefined` means the day is not observed.
 */
export function observe(
  dayNumber: number,
  observance: Observance,
  isTaken: (dayNumber: number) => boolean,
): number | undefined {
  const weekday = weekdayOf(dayNumber);
  const weekend = weekday === SATURDAY || weekday === SUNDAY;
  switch (observance) {
    case "none":
      return weekend ? undefined : dayNumber;
    case "nearest-weekday":
      return weekday === SATURDAY ? dayNumber - 1 : weekday === SUNDAY ? dayNumber + 1 : dayNumber;
    case "sunday-to-monday":
      return weekday === SATURDAY ? undefined : weekday === SUNDAY ? dayNumber + 1 : dayNumber;
    case "next-free-weekday": {
      if (!weekend) return dayNumber;
      let day = dayNumber + 1;
      while (isWeekendDay(day) || isTaken(day)) day++;
      return day;
    }
    case "sunday-to-next-free-day": {
      if (weekday !== SUNDAY) return weekday === SATURDAY ? undefined : dayNumber;
      let day = dayNumber + 1;
      while (isTaken(day)) day++;
      return day;
    }
    case "previous-weekday":
      return weekday === SATURDAY ? dayNumber - 1 : weekday === SUNDAY ? dayNumber - 2 : dayNumber;
  }
}

function isWeekendDay(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === SATURDAY || weekday === SUNDAY;
}
