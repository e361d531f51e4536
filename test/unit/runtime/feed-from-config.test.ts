// The daemon's feed from a config's `feed:` block: the replay of the store, the Binance kline feed
// (selectable for a CRYPTO session) connected to a local server, Alpaca's credentials read by name.

import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { feedConfigSchema } from "../../../src/config/feed-config.js";
import { FeedError } from "../../../src/core/errors.js";
import { RecordingLogger } from "../../../src/core/logger.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { BinanceKlineFeed } from "../../../src/data/feeds/binance/binance-kline-feed.js";
import { LiveBarFeed } from "../../../src/data/live/live-bar-feed.js";
import { PacedReplayFeed } from "../../../src/data/paced-replay-feed.js";
import { type ConfiguredFeed, createConfiguredFeed } from "../../../src/runtime/feed-from-config.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../../src/time/simulated-clock.js";

const store = BarStore.open(":memory:");
const deps = (env: Record<string, string> = {}) => ({
  store,
  timeline: new SimulatedClock(Date.parse("2025-03-10T12:00:00Z")),
  calendar: new ExchangeCalendar(),
  logger: new RecordingLogger(),
  env,
});
const opened: ConfiguredFeed[] = [];
let server: WebSocketServer | undefined;

afterEach(async () => {
  for (const feed of opened.splice(0)) feed.close();
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

describe("createConfiguredFeed", () => {
  it("replays the store by default", () => {
    const configured = createConfiguredFeed(feedConfigSchema.parse({}), deps());
    expect(configured.vendor).toBe("replay");
    expect(configured.feed).toBeInstanceOf(PacedReplayFeed);
  });

  it("selects the Binance kline feed and connects it to the configured stream URL", async () => {
    server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) =>
      server!.address() ? resolve() : server!.once("listening", () => resolve()),
    );
    let connections = 0;
    server.on("connection", () => {
      connections += 1;
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
    const configured = createConfiguredFeed(
      feedConfigSchema.parse({ vendor: "binance", stream_url: url }),
      deps(),
    );
    opened.push(configured);
    expect(configured.feed).toBeInstanceOf(BinanceKlineFeed);
    await configured.start();
    expect((configured.feed as BinanceKlineFeed).isConnected()).toBe(true);
    expect(connections).toBe(1);
  });

  it("builds the Alpaca feed from the variables the config names, and refuses one that is not set", () => {
    const config = feedConfigSchema.parse({ vendor: "alpaca", key_env: "K", secret_env: "S" });
    expect(createConfiguredFeed(config, deps({ K: "k", S: "s" })).feed).toBeInstanceOf(LiveBarFeed);
    expect(() => createConfiguredFeed(config, deps({ K: "k" }))).toThrow(FeedError);
    expect(() => createConfiguredFeed(config, deps({ K: "k" }))).toThrow(
      "The alpaca feed reads its API secret from the environment variable S, which is not set (feed.secret_env)",
    );
  });
});
