// Alpaca market data v2, as far as scanwright speaks it, from Alpaca's documentation (docs.alpaca.markets,
// "Real-time stock data" and "Historical bars", as read in December 2026):
//   stream  wss://stream.data.alpaca.markets/v2/{iex|sip|delayed_sip}; every server message is a JSON
//           array of frames `{"T": type, …}`. `success` (`connected`, `authenticated`), `error`
//           (`code`, `msg`), `subscription` (the lists now subscribed), `b` minute bar, `u` updated
//           bar (a correction after late trades), `d` daily bar. Bar fields: S symbol, o h l c v,
//           t RFC-3339 start, n trades, vw VWAP. Client actions: `auth` (key, secret), `subscribe`
//           / `unsubscribe` with `bars`, `updatedBars`, `dailyBars` lists.
//   REST    GET https://data.alpaca.markets/v2/stocks/bars?symbols=A,B&timeframe=1Min|1Day&start&end
//           &limit(≤10000)&adjustment=raw|split&feed&sort=asc&page_token; headers APCA-API-KEY-ID and
//           APCA-API-SECRET-KEY; answer `{"bars": {SYM: [bar…]}, "next_page_token": string|null}`.
//           Daily bars are stamped at midnight New York.

import { z } from "zod";
import type { FeedFailure } from "../../../core/errors.js";

export const ALPACA_STREAM_URL = "wss://stream.data.alpaca.markets";
export const ALPACA_REST_URL = "https://data.alpaca.markets";

const barFields = {
  S: z.string().min(1),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  t: z.string().refine((text) => Number.isFinite(Date.parse(text)), "is not a timestamp"),
};

export const streamFrameSchema = z.discriminatedUnion("T", [
  z.object({ T: z.literal("success"), msg: z.string() }),
  z.object({ T: z.literal("error"), code: z.number().int(), msg: z.string() }),
  z.object({
    T: z.literal("subscription"),
    bars: z.array(z.string()).default([]),
    updatedBars: z.array(z.string()).default([]),
    dailyBars: z.array(z.string()).default([]),
  }),
  z.object({ T: z.literal("b"), ...barFields }),
  z.object({ T: z.literal("u"), ...barFields }),
  z.object({ T: z.literal("d"), ...barFields }),
]);

export type StreamFrame = z.output<typeof streamFrameSchema>;

export const restBarSchema = z.object({
  t: barFields.t,
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
});

export const barsPageSchema = z.object({
  bars: z.record(z.string(), z.array(restBarSchema)).nullable().default({}),
  next_page_token: z.string().nullable().optional(),
});

/**
 * Alpaca's stream error codes (documented list) and what they mean for scanwright: 401–404 are
 * authentication problems, 405 the account's symbol limit, 406 its connection limit (one stream per
 * account), 409 a feed the subscription does not include, 410 an action that feed does not take.
 */
export function streamErrorReason(code: number): FeedFailure {
  switch (code) {
    case 401:
    case 402:
    case 403:
    case 404:
      return "auth";
    case 405:
      return "symbol_limit";
    case 406:
      return "connection_limit";
    case 409:
    case 410:
      return "subscription";
    case 500:
      return "unavailable";
    default:
      return "protocol";
  }
}
