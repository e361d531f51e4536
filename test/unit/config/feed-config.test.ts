// The `feed:` block: vendors, data feeds, URLs and credentials by environment-variable NAME, each
// refusal at its file:line:column, and a pasted secret never echoed back.

import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../../src/config/config-problem.js";
import { parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { FeedError } from "../../../src/core/errors.js";
import { readFeedCredentials } from "../../../src/runtime/feed-from-config.js";

function problems(feed: string, exchange = "XNYS"): string[] {
  const text = `name: live\nmode: live\nexchange: ${exchange}\nfeed:\n${feed}`;
  try {
    parseSessionConfigText(text, "live.yaml", "/tmp");
  } catch (error) {
    if (error instanceof ConfigErrors) return error.message.split("\n");
    throw error;
  }
  return [];
}

function feedOf(feed: string, exchange = "XNYS") {
  return parseSessionConfigText(
    `name: live\nmode: live\nexchange: ${exchange}\nfeed:\n${feed}`,
    "live.yaml",
    "/tmp",
  ).config.feed;
}

describe("the feed block", () => {
  it("defaults to the replay of the store", () => {
    expect(parseSessionConfigText("name: live\nmode: live\n", "live.yaml", "/tmp").config.feed).toEqual({
      vendor: "replay",
      adjustment: "raw",
      stale_after_seconds: 120,
      bar_wait_seconds: 5,
      clock_skew_seconds: 0,
      reconnect_max_seconds: 60,
    });
  });

  it("takes an alpaca feed with its data feed, local URLs and the names of its credential variables", () => {
    expect(
      feedOf(
        [
          "  vendor: alpaca",
          "  data_feed: sip",
          "  stream_url: ws://127.0.0.1:4100",
          "  rest_url: http://127.0.0.1:4101",
          "  key_env: MY_ALPACA_KEY",
          "  secret_env: MY_ALPACA_SECRET",
          "  stale_after_seconds: 300",
          "",
        ].join("\n"),
      ),
    ).toEqual({
      vendor: "alpaca",
      data_feed: "sip",
      stream_url: "ws://127.0.0.1:4100",
      rest_url: "http://127.0.0.1:4101",
      key_env: "MY_ALPACA_KEY",
      secret_env: "MY_ALPACA_SECRET",
      adjustment: "raw",
      stale_after_seconds: 300,
      bar_wait_seconds: 5,
      clock_skew_seconds: 0,
      reconnect_max_seconds: 60,
    });
  });

  it("makes the Binance kline feed selectable for a CRYPTO session", () => {
    expect(feedOf("  vendor: binance\n  stream_url: ws://127.0.0.1:4100/ws\n", "CRYPTO")).toMatchObject({
      vendor: "binance",
      stream_url: "ws://127.0.0.1:4100/ws",
    });
  });

  it("refuses a vendor on another exchange than the one it streams, at the vendor's position", () => {
    expect(problems("  vendor: binance\n")).toEqual([
      'live.yaml:5:11 feed.vendor: "binance" streams CRYPTO symbols, but the session\'s exchange is "XNYS" (set exchange: CRYPTO)',
    ]);
    expect(problems("  vendor: alpaca\n", "CRYPTO")).toEqual([
      'live.yaml:5:11 feed.vendor: "alpaca" streams XNYS symbols, but the session\'s exchange is "CRYPTO" (set exchange: XNYS)',
    ]);
  });

  it("refuses keys another vendor uses, bad URLs and unknown data feeds", () => {
    expect(
      problems(
        [
          "  vendor: binance",
          "  data_feed: iex",
          "  rest_url: ftp://127.0.0.1/",
          "  stream_url: http://127.0.0.1/",
          "  secret_env: BINANCE_SECRET",
          "",
        ].join("\n"),
        "CRYPTO",
      ),
    ).toEqual([
      'live.yaml:6:14 feed.data_feed: is not used by vendor "binance" (only by alpaca)',
      'live.yaml:7:13 feed.rest_url: "ftp://127.0.0.1/" is not a http: or https: URL',
      'live.yaml:8:15 feed.stream_url: "http://127.0.0.1/" is not a ws: or wss: URL',
      'live.yaml:9:15 feed.secret_env: is not used by vendor "binance" (only by alpaca)',
    ]);
    expect(problems("  vendor: alpaca\n  data_feed: opra\n")[0]).toMatch(
      /^live\.yaml:6:14 feed\.data_feed: /,
    );
  });

  it("refuses a secret pasted where a variable's name belongs, without repeating it", () => {
    const lines = problems("  vendor: alpaca\n  secret_env: s3cr3t/+k3y==\n");
    expect(lines).toEqual([
      "live.yaml:6:15 feed.secret_env: must be the NAME of an environment variable (letters, digits, _), never the secret itself",
    ]);
    expect(lines.join("\n")).not.toContain("s3cr3t");
  });
});

describe("readFeedCredentials", () => {
  const alpaca = feedOf("  vendor: alpaca\n  key_env: MY_KEY\n");

  it("reads the named variables, with Alpaca's own names as defaults", () => {
    expect(readFeedCredentials(alpaca, { MY_KEY: "key-1", APCA_API_SECRET_KEY: "secret-1" })).toEqual({
      key: "key-1",
      secret: "secret-1",
    });
  });

  it("names the missing variable, coded, never a value", () => {
    let thrown: unknown;
    try {
      readFeedCredentials(alpaca, { MY_KEY: "key-1" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FeedError);
    expect(thrown).toMatchObject({
      code: "SCN_ERR_FEED",
      reason: "credentials_missing",
      message:
        "The alpaca feed reads its API secret from the environment variable APCA_API_SECRET_KEY, which is not set (feed.secret_env)",
    });
    expect(String((thrown as Error).message)).not.toContain("key-1");
  });
});
