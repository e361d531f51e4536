// The markets scanwright ships, by MIC and alias. Adding an exchange is adding a definition file
// next to these and one line here.

import { CalendarError } from "../../core/errors.js";
import type { CalendarOverrides } from "../calendar-overrides.js";
import { ExchangeCalendar } from "../exchange-calendar.js";
import type { ExchangeDefinition } from "../market-definition.js";
import { CMES } from "./cmes.js";
import { CRYPTO } from "./crypto.js";
import { XASX } from "./xasx.js";
import { XETR } from "./xetr.js";
import { XHKG } from "./xhkg.js";
import { XLON } from "./xlon.js";
import { XNYS } from "./xnys.js";
import { XTKS } from "./xtks.js";
import { XTSE } from "./xtse.js";

export const MARKETS: readonly ExchangeDefinition[] = [
  XNYS,
  XLON,
  XETR,
  XTSE,
  XTKS,
  XHKG,
  XASX,
  CMES,
  CRYPTO,
];

/** Every code a market answers to (MIC first, then aliases), upper-case. */
export function marketCodes(): string[] {
  return MARKETS.flatMap((market) => [market.mic, ...(market.aliases ?? [])]);
}

/** The calendar of the market a MIC or alias names, with a user's overrides. */
export function calendarOf(code: string, overrides: CalendarOverrides = {}): ExchangeCalendar {
  return new ExchangeCalendar(overrides, marketDefinition(code));
}

/** Whether a MIC or alias names a shipped market (case-insensitive). */
export function isMarketCode(code: string): boolean {
  const wanted = code.trim().toUpperCase();
  return MARKETS.some((market) => market.mic === wanted || market.aliases?.includes(wanted));
}

/** The market a MIC or alias names (case-insensitive); an unknown code is a CalendarError listing the known ones. */
export function marketDefinition(code: string): ExchangeDefinition {
  const wanted = code.trim().toUpperCase();
  const market = MARKETS.find((candidate) => candidate.mic === wanted || candidate.aliases?.includes(wanted));
  if (!market) {
    throw new CalendarError(
      `unknown exchange "${code}" (known: ${MARKETS.map((candidate) => candidate.mic).join(", ")}; aliases: ${MARKETS.flatMap((candidate) => candidate.aliases ?? []).join(", ")})`,
    );
  }
  return market;
}
