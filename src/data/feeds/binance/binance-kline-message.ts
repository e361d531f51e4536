// Binance's public websocket market-data protocol, as far as the kline feed speaks it: the
// SUBSCRIBE/UNSUBSCRIBE requests, stream names, and the validation of a kline event. Documented at
// https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams (kline/candlestick
// streams: `<symbol>@kline_<interval>`, fields t, T, s, i, o, c, h, l, v, x; prices and volumes are
// decimal strings).

import { z } from "zod";

/** scanwright symbol (`BTC-USDT`) → Binance symbol (`BTCUSDT`): the pair without its dash. */
export function binanceSymbolOf(symbol: string): string {
  return symbol.replace("-", "");
}

/** The kline stream of a symbol: `btcusdt@kline_1m`. */
export function klineStreamOf(symbol: string, interval: string): string {
  return `${binanceSymbolOf(symbol).toLowerCase()}@kline_${interval}`;
}

export function subscribeRequest(
  method: "SUBSCRIBE" | "UNSUBSCRIBE",
  streams: readonly string[],
  id: number,
): string {
  return JSON.stringify({ method, params: streams, id });
}

const decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .transform(Number);

export const klineEventSchema = z.object({
  e: z.literal("kline"),
  s: z.string().min(1),
  k: z.object({
    /** Bar start, epoch ms. */
    t: z.number().int(),
    /** Bar end, epoch ms (start + duration − 1). */
    T: z.number().int(),
    s: z.string().min(1),
    i: z.string().min(1),
    o: decimal,
    c: decimal,
    h: decimal,
    l: decimal,
    v: decimal,
    /** Whether the bar is closed (final). */
    x: z.boolean(),
  }),
});

export type KlineEvent = z.output<typeof klineEventSchema>;

/** A reply to a request (`{"result":null,"id":1}`) or an error reply (`{"error":{…},"id":1}`). */
export const replySchema = z.object({
  id: z.number(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), msg: z.string() }).optional(),
});

/** Binance's public spot REST API (klines need no key). */
export const BINANCE_REST_URL = "https://api.binance.com";

/** Klines per `GET /api/v3/klines` page: Binance's documented maximum (the default is 500). */
export const KLINES_MAX_LIMIT = 1_000;

/**
 * One row of `GET /api/v3/klines` (REST API docs, "Kline/Candlestick data", as read in December
 * 2026): `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades,
 * takerBuyBase, takerBuyQuote, ignore]`, times in epoch ms, prices and volumes decimal strings.
 * Only the first seven are read; the rest may change without breaking anything here.
 */
export const klineRowSchema = z
  .tuple([z.number().int(), decimal, decimal, decimal, decimal, decimal, z.number().int()])
  .rest(z.unknown());

export const klinesPageSchema = z.array(klineRowSchema);
