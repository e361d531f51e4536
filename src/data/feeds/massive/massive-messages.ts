// Massive (formerly Polygon.io) stocks data, as far as scanwright speaks it, from Massive's
// documentation (massive.com/docs: "WebSocket › Stocks › Aggregates (Per Minute)" and "REST ›
// Stocks › Aggregates (Bars)", as read in December 2026):
//   stream  wss://socket.massive.com/stocks (real time) or wss://delayed.massive.com/stocks; every
//           message is a JSON array of events. `{"ev":"status","status":…,"message":…}`: `connected`,
//           `auth_success`, `auth_failed`, `success` ("subscribed to: AM.SPY"), `max_connections`,
//           `error`. Client actions: `{"action":"auth","params":KEY}`, then `subscribe` /
//           `unsubscribe` with `"params":"AM.SPY,AM.AIG"`. A minute aggregate:
//           `{"ev":"AM","sym","v","av","op","vw","o","c","h","l","a","z","s","e"}`, `s`/`e` the
//           minute's start and end in epoch ms; a minute without eligible trades has no event.
//   REST    GET https://api.massive.com/v2/aggs/ticker/{ticker}/range/1/{minute|day}/{from}/{to}
//           ?adjusted=true|false&sort=asc&limit=50000&apiKey=KEY (from/to in epoch ms, both
//           included) → `{"ticker","status","results":[{"t","o","h","l","c","v","vw","n"}],
//           "next_url"}`; `next_url` is followed with the key appended. Day bars are stamped at
//           midnight New York. One connection per account and cluster.

import { z } from "zod";
import type { FeedFailure } from "../../../core/errors.js";

export const MASSIVE_STREAM_URL = "wss://socket.massive.com";
export const MASSIVE_REST_URL = "https://api.massive.com";

export const massiveEventSchema = z.discriminatedUnion("ev", [
  z.object({ ev: z.literal("status"), status: z.string(), message: z.string().default("") }),
  z.object({
    ev: z.literal("AM"),
    sym: z.string().min(1),
    o: z.number(),
    h: z.number(),
    l: z.number(),
    c: z.number(),
    v: z.number(),
    s: z.number().int(),
    e: z.number().int(),
  }),
]);

export type MassiveEvent = z.output<typeof massiveEventSchema>;

export const aggregatesPageSchema = z.object({
  status: z.string().optional(),
  results: z
    .array(
      z.object({
        t: z.number().int(),
        o: z.number(),
        h: z.number(),
        l: z.number(),
        c: z.number(),
        v: z.number(),
      }),
    )
    .optional()
    .default([]),
  next_url: z.string().optional(),
});

/** A status event that refuses the connection, and what it means for scanwright. */
export function statusFailure(status: string): FeedFailure | undefined {
  if (status === "auth_failed") return "auth";
  if (status === "max_connections") return "connection_limit";
  if (status === "error") return "protocol";
  return undefined;
}

/** `AM.SPY,AM.AIG` → the symbols; other channels are not ours. */
export function symbolsOfSubscription(message: string): string[] {
  const match = /^subscribed to: (.*)$/.exec(message);
  if (!match) return [];
  return match[1]
    .split(",")
    .map((channel) => channel.trim())
    .filter((channel) => channel.startsWith("AM."))
    .map((channel) => channel.slice(3));
}
