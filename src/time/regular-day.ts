// The regular day of a market as its current rules define it (the last `hours` entry), in local
// minutes: what a schedule's windows are validated against before any date is known.

import { parseClockTime } from "./calendar-day.js";
import type { ExchangeDefinition } from "./market-definition.js";
import type { RegularDayMinutes } from "./session-time.js";

export interface RegularDay extends RegularDayMinutes {
  /** Where the market has a pre-market, its start (minutes; negative: the evening before). */
  readonly preMarket?: number;
  /** The hours as error messages show them: `09:30–16:00`, `17:00 (day before)–16:00`. */
  readonly text: string;
}

export function regularDayOf(definition: ExchangeDefinition): RegularDay {
  const hours = definition.hours[definition.hours.length - 1];
  const minutes = (text: string) => (text === "24:00" ? 1440 : parseClockTime(text)!);
  const open = minutes(hours.open) - (hours.opensPreviousDay ? 1440 : 0);
  const close = minutes(hours.close);
  const pause = hours.breaks?.[0];
  const preMarket =
    hours.preMarket === undefined
      ? undefined
      : minutes(hours.preMarket) - (hours.opensPreviousDay ? 1440 : 0);
  return {
    open,
    close,
    ...(preMarket === undefined ? {} : { preMarket }),
    ...(pause ? { breakStart: minutes(pause.start), breakEnd: minutes(pause.end) } : {}),
    text: `${hours.open}${hours.opensPreviousDay ? " (day before)" : ""}–${hours.close}`,
  };
}
