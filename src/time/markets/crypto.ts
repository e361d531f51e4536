// The 24/7 calendar of crypto-asset markets: every day trades, nothing closes. A "session" is a
// day cut at 00:00 UTC by default (the daily bar most venues and aggregators publish), or at a
// configured local time in a configured zone; `open` and `close` both name that cut.
//
// Sources: none needed: there are no closures. The UTC cut follows the convention of the major
// spot venues' daily candles (Coinbase, Binance, Kraken).

import type { ExchangeDefinition } from "../market-definition.js";

export interface DayCut {
  /** Local `HH:MM` at which one session ends and the next begins. */
  readonly at: string;
  /** IANA zone of `at`. */
  readonly timeZone: string;
}

/** A 24/7 calendar whose sessions are cut at `cut` (00:00 UTC when omitted). */
export function twentyFourSevenMarket(cut: DayCut = { at: "00:00", timeZone: "UTC" }): ExchangeDefinition {
  const midnight = cut.at === "00:00";
  return {
    mic: "CRYPTO",
    aliases: ["24/7", "24X7"],
    name: midnight
      ? `24/7 (days cut at 00:00 ${cut.timeZone})`
      : `24/7 (days cut at ${cut.at} ${cut.timeZone})`,
    timeZone: cut.timeZone,
    sources: ["no closures: every day trades around the clock"],
    firstYear: 2009,
    lastYear: 2035,
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    // A session belongs to the date it ends on: with a 17:00 cut, Tuesday's runs Monday 17:00 → Tuesday 17:00.
    hours: [
      midnight ? { open: "00:00", close: "24:00" } : { open: cut.at, opensPreviousDay: true, close: cut.at },
    ],
    defaultEarlyClose: "12:00",
    holidays: [],
    earlyCloses: [],
    closures: [],
    adHocEarlyCloses: [],
    lateOpens: [],
  };
}

export const CRYPTO: ExchangeDefinition = twentyFourSevenMarket();
