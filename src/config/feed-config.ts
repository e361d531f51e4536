// The `feed:` block of a session config: where the daemon's live bars come from. `replay` (the
// default) replays the store; `alpaca`, `massive` and `binance` are vendor feeds. Credentials are
// given by the NAMES of environment variables, never the secrets: a config is a file people share,
// commit and paste into issues. The values are read from the environment at start
// (runtime/feed-from-config.ts) and appear nowhere else.

import { z } from "zod";

export const FEED_VENDORS = ["replay", "alpaca", "massive", "binance"] as const;
export type FeedVendor = (typeof FEED_VENDORS)[number];

/** The exchange each vendor's feed trades on: a config pairing another one is refused. */
export const VENDOR_EXCHANGE: Readonly<Record<Exclude<FeedVendor, "replay">, string>> = {
  alpaca: "XNYS",
  massive: "XNYS",
  binance: "CRYPTO",
};

/** Environment variable names a vendor reads its credentials from when the config does not say. */
export const DEFAULT_CREDENTIAL_ENV: Readonly<
  Record<FeedVendor, { readonly key?: string; readonly secret?: string }>
> = {
  replay: {},
  binance: {},
  alpaca: { key: "APCA_API_KEY_ID", secret: "APCA_API_SECRET_KEY" },
  massive: { key: "MASSIVE_API_KEY" },
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

const envName = z.string().refine((name) => ENV_NAME.test(name), {
  // The value is not quoted: someone who pasted the secret itself must not see it echoed to a log.
  error: "must be the NAME of an environment variable (letters, digits, _), never the secret itself",
});

const url = (schemes: readonly string[]) =>
  z.string().refine(
    (text) => {
      try {
        return schemes.includes(new URL(text).protocol);
      } catch {
        return false;
      }
    },
    { error: (issue) => `${JSON.stringify(issue.input)} is not a ${schemes.join(" or ")} URL` },
  );

export const feedConfigSchema = z
  .strictObject({
    vendor: z
      .enum(FEED_VENDORS)
      .default("replay")
      .describe(
        "`replay`: the store's bars (backtests, paced replays). `alpaca`: Alpaca market data v2 (US stocks, `XNYS`). `massive`: Massive, formerly Polygon.io (US stocks, `XNYS`). `binance`: Binance public kline streams (pairs, `CRYPTO`).",
      ),
    data_feed: z
      .enum(["iex", "sip", "delayed_sip"])
      .optional()
      .describe(
        "Alpaca only: `iex` (free accounts; the default), `sip` (all US exchanges, paid), `delayed_sip` (SIP 15 minutes late).",
      ),
    stream_url: url(["ws:", "wss:"])
      .optional()
      .describe(
        "WebSocket base URL of the vendor's stream (default: the vendor's own; tests give a local one).",
      ),
    rest_url: url(["http:", "https:"])
      .optional()
      .describe("Base URL of the vendor's REST API for history and backfills (default: the vendor's own)."),
    key_env: envName
      .optional()
      .describe("Name of the environment variable holding the API key (alpaca; default `APCA_API_KEY_ID`)."),
    secret_env: envName
      .optional()
      .describe(
        "Name of the environment variable holding the API secret (alpaca; default `APCA_API_SECRET_KEY`).",
      ),
    adjustment: z
      .enum(["raw", "split"])
      .default("raw")
      .describe("History fetched from the vendor: `raw` prices, or `split`-adjusted."),
    stale_after_seconds: z
      .number()
      .int()
      .min(10)
      .max(86_400)
      .default(120)
      .describe(
        "A connected feed silent this long during market hours is reported stale (log, and `stale_feed` on the slots it affects).",
      ),
    bar_wait_seconds: z
      .number()
      .min(0)
      .max(300)
      .default(5)
      .describe(
        "How long after a minute ends a scan waits for that minute's bar from a connected stream; a minute still without one is a minute without trades (a gap).",
      ),
    clock_skew_seconds: z
      .number()
      .min(0)
      .max(300)
      .default(0)
      .describe(
        "How far the vendor's clock may be from this machine's, either way, with no bar lost or doubled (alpaca, massive; 0: the clocks agree, as with NTP on both sides): minutes are asked of REST only once they ended on the vendor's clock too, and a late bar is waited for this much longer than `bar_wait_seconds`.",
      ),
    reconnect_max_seconds: z
      .number()
      .min(1)
      .max(3_600)
      .default(60)
      .describe("Longest wait between reconnect attempts (the delays double from 1 s, with jitter)."),
  })
  .superRefine(checkVendorKeys, { when: () => true })
  .describe("Where the session's live bars come from (see the README's Live data section).");

export type FeedConfig = z.output<typeof feedConfigSchema>;

/** Keys that only mean something for some vendors are refused for the others. */
function checkVendorKeys(feed: unknown, ctx: z.RefinementCtx): void {
  if (typeof feed !== "object" || feed === null) return;
  const { vendor = "replay", ...keys } = feed as Record<string, unknown>;
  const onlyFor: Record<string, readonly string[]> = {
    data_feed: ["alpaca"],
    key_env: ["alpaca", "massive"],
    secret_env: ["alpaca"],
    stream_url: ["alpaca", "massive", "binance"],
    rest_url: ["alpaca", "massive", "binance"],
  };
  for (const [key, vendors] of Object.entries(onlyFor)) {
    if (keys[key] !== undefined && typeof vendor === "string" && !vendors.includes(vendor)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `is not used by vendor ${JSON.stringify(vendor)} (only by ${vendors.join(", ")})`,
      });
    }
  }
}
