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
