// The session config's `feed:` block made into the daemon's BarFeed: a paced replay of the store
// (`replay`), or a vendor feed (`alpaca`, `massive`, `binance`; data/feeds/<vendor>/) over the
// live timeline. Each vendor feed has the vendor's REST history for warm-up and backfills.
// Credentials are read here, from the environment variables the config names; a missing one is a
// coded error naming the variable, and the values go only to the vendor clients.

import { DEFAULT_CREDENTIAL_ENV, type FeedConfig } from "../config/feed-config.js";
import { FeedError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { BarFeed } from "../data/bar-feed.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import { AlpacaHistory } from "../data/feeds/alpaca/alpaca-history.js";
import { ALPACA_REST_URL, ALPACA_STREAM_URL } from "../data/feeds/alpaca/alpaca-messages.js";
import { AlpacaStream } from "../data/feeds/alpaca/alpaca-stream.js";
import { BinanceHistory } from "../data/feeds/binance/binance-history.js";
import { BinanceKlineFeed } from "../data/feeds/binance/binance-kline-feed.js";
import { BINANCE_REST_URL } from "../data/feeds/binance/binance-kline-message.js";
import { MassiveHistory } from "../data/feeds/massive/massive-history.js";
import { MASSIVE_REST_URL, MASSIVE_STREAM_URL } from "../data/feeds/massive/massive-messages.js";
import { MassiveStream } from "../data/feeds/massive/massive-stream.js";
import { LiveBarFeed } from "../data/live/live-bar-feed.js";
import { ReconnectBackoff } from "../data/live/reconnect-backoff.js";
import type { BarHistorySource, MinuteBarStream, StreamHandlers } from "../data/live/vendor-source.js";
import { PacedReplayFeed } from "../data/paced-replay-feed.js";
import type { Clock } from "../time/clock.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";

export interface ConfiguredFeed {
  readonly feed: BarFeed;
  readonly vendor: FeedConfig["vendor"];
  /** Connects a vendor feed (resolves once it streams; rejects with a FeedError). */
  start(): Promise<void>;
  close(): void;
}

export interface FeedDeps {
  readonly store: BarStorePort;
  /** The live timeline: the WallClock, or a ScaledClock for an accelerated run. */
  readonly timeline: Clock;
  readonly calendar: ExchangeCalendar;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Jitter source for reconnect delays (default Math.random). */
  readonly random?: () => number;
}

/** A vendor's credentials, read from the environment variables the config names. */
export interface FeedCredentials {
  readonly key: string;
  readonly secret: string;
}

export function readFeedCredentials(
  feed: FeedConfig,
  env: Readonly<Record<string, string | undefined>>,
): FeedCredentials {
  const defaults = DEFAULT_CREDENTIAL_ENV[feed.vendor];
  const read = (name: string | undefined, what: string): string => {
    if (name === undefined) return "";
    const value = env[name];
    if (value === undefined || value.trim() === "") {
      throw new FeedError(
        "credentials_missing",
        `The ${feed.vendor} feed reads its ${what} from the environment variable ${name}, which is not set (feed.${what === "API key" ? "key_env" : "secret_env"})`,
        { location: { path: what === "API key" ? "feed.key_env" : "feed.secret_env" } },
      );
    }
    return value;
  };
  return {
    key: read(feed.key_env ?? defaults.key, "API key"),
    secret: read(feed.secret_env ?? defaults.secret, "API secret"),
  };
}

/** The REST history of the config's vendor (`scanwright fetch`, and the live feed's backfills). */
export function createHistorySource(
  feed: FeedConfig,
  deps: Pick<FeedDeps, "timeline" | "calendar" | "logger" | "env">,
): BarHistorySource {
  if (feed.vendor === "alpaca") {
    const credentials = readFeedCredentials(feed, deps.env);
    return new AlpacaHistory({
      baseUrl: feed.rest_url ?? ALPACA_REST_URL,
      dataFeed: feed.data_feed ?? "iex",
      adjustment: feed.adjustment,
      key: credentials.key,
      secret: credentials.secret,
      clock: deps.timeline,
      logger: deps.logger,
      days: deps.calendar,
    });
  }
  if (feed.vendor === "massive") {
    return new MassiveHistory({
      baseUrl: feed.rest_url ?? MASSIVE_REST_URL,
      adjustment: feed.adjustment,
      key: readFeedCredentials(feed, deps.env).key,
      clock: deps.timeline,
      logger: deps.logger,
      days: deps.calendar,
    });
  }
  if (feed.vendor === "binance") {
    return new BinanceHistory({
      baseUrl: feed.rest_url ?? BINANCE_REST_URL,
      clock: deps.timeline,
      logger: deps.logger,
      days: deps.calendar,
    });
  }
  throw new FeedError(
    "unavailable",
    `Downloading history needs a vendor with a REST history: feed.vendor is ${JSON.stringify(feed.vendor)} (alpaca, massive and binance have one)`,
    { location: { path: "feed.vendor" } },
  );
}

export function createConfiguredFeed(feed: FeedConfig, deps: FeedDeps): ConfiguredFeed {
  const { store, timeline, logger } = deps;
  switch (feed.vendor) {
    case "replay":
      return {
        feed: PacedReplayFeed.fromStore(store, timeline, "1m"),
        vendor: feed.vendor,
        start: async () => {},
        close: () => {},
      };
    case "binance": {
      const binance = new BinanceKlineFeed({
        ...(feed.stream_url === undefined ? {} : { url: feed.stream_url }),
        timers: timeline,
        logger,
        warmUp: {
          vendor: feed.vendor,
          history: createHistorySource(feed, deps),
          store,
          days: deps.calendar,
          logger,
        },
      });
      return {
        feed: binance,
        vendor: feed.vendor,
        start: () => binance.connect(),
        close: () => binance.close(),
      };
    }
    case "alpaca":
    case "massive": {
      const credentials = readFeedCredentials(feed, deps.env);
      const openStream = (handlers: StreamHandlers): MinuteBarStream =>
        feed.vendor === "alpaca"
          ? new AlpacaStream(
              {
                baseUrl: feed.stream_url ?? ALPACA_STREAM_URL,
                dataFeed: feed.data_feed ?? "iex",
                key: credentials.key,
                secret: credentials.secret,
                logger,
              },
              handlers,
            )
          : new MassiveStream(
              { baseUrl: feed.stream_url ?? MASSIVE_STREAM_URL, key: credentials.key, logger },
              handlers,
            );
      const live = new LiveBarFeed({
        vendor: feed.vendor,
        openStream,
        history: createHistorySource(feed, deps),
        timeline,
        logger,
        store,
        days: deps.calendar,
        barWaitMs: feed.bar_wait_seconds * 1000,
        staleAfterMs: feed.stale_after_seconds * 1000,
        clockSkewMs: feed.clock_skew_seconds * 1000,
        backoff: new ReconnectBackoff({
          maxMs: feed.reconnect_max_seconds * 1000,
          ...(deps.random ? { random: deps.random } : {}),
        }),
      });
      return { feed: live, vendor: feed.vendor, start: () => live.connect(), close: () => live.close() };
    }
  }
}
