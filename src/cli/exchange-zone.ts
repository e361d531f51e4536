// Which exchange's clock a reading command prints times on: a run's own exchange (recorded in its
// params since runs carry it), else the session config's (`--config`), else `--exchange`, else the
// NYSE. Every such command says which zone its times are in.

import type { LoadedSessionConfig } from "../config/load-session-config.js";
import type { RunInfo } from "../scanners/journal-types.js";
import { runExchange } from "../scanners/run-exchange.js";
import { ExchangeCalendar } from "../time/exchange-calendar.js";
import { calendarOf, isMarketCode, marketDefinition } from "../time/markets/index.js";

/** The calendar of `exchange` (a MIC or alias), with the config's overrides when it is the config's exchange. */
export function exchangeCalendar(
  exchange: string | undefined,
  loaded?: LoadedSessionConfig,
): ExchangeCalendar {
  if (loaded !== undefined && (exchange === undefined || sameMarket(exchange, loaded.config.exchange))) {
    return calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  }
  return exchange === undefined ? new ExchangeCalendar() : calendarOf(exchange);
}

/** The calendar of the exchange `run` was made on (see exchangeCalendar for the fallbacks). */
export function runCalendar(run: RunInfo | undefined, loaded?: LoadedSessionConfig): ExchangeCalendar {
  return exchangeCalendar(recordedExchange(run), loaded);
}

/** `times in Europe/London (XLON)`. */
export function zoneNote(calendar: ExchangeCalendar): string {
  return `times in ${calendar.timeZone} (${calendar.exchange})`;
}

/** The exchange a run recorded in its params, when it is one scanwright knows. */
function recordedExchange(run: RunInfo | undefined): string | undefined {
  const exchange = runExchange(run);
  return exchange !== undefined && isMarketCode(exchange) ? exchange : undefined;
}

function sameMarket(a: string, b: string): boolean {
  return marketDefinition(a).mic === marketDefinition(b).mic;
}
