// Binance's klines REST history against the local mock (test/helpers/mock-binance-rest.ts): pages
// of at most 1,000 klines followed from after the last one (no cursor), [from, to) exactly, the
// kline still forming left out, 429 and 418 waited out per Retry-After, an unknown pair coded,
// daily klines keyed at the CRYPTO session's open (and refused for a calendar cut elsewhere), and
// the daemon's warm-up through the configured Binance feed writing what the store lacked.

import { afterEach, describe, expect, it } from "vitest";
import { feedConfigSchema } from "../../../../src/config/feed-config.js";
import { RecordingLogger } from "../../../../src/core/logger.js";
import { BarStore } from "../../../../src/data/bar-store.js";
import { BinanceHistory } from "../../../../src/data/feeds/binance/binance-history.js";
import { BinanceKlineFeed } from "../../../../src/data/feeds/binance/binance-kline-feed.js";
import type { VendorBar } from "../../../../src/data/live/vendor-source.js";
import { createConfiguredFeed } from "../../../../src/runtime/feed-from-config.js";
import type { Clock } from "../../../../src/time/clock.js";
import { ExchangeCalendar } from "../../../../src/time/exchange-calendar.js";
import { twentyFourSevenMarket } from "../../../../src/time/markets/crypto.js";
import { calendarOf } from "../../../../src/time/markets/index.js";
import { ScaledClock } from "../../../../src/time/scaled-clock.js";
import { SimulatedClock } from "../../../../src/time/simulated-clock.js";
import { WallClock } from "../../../../src/time/wall-clock.js";
import { MockBinanceRest, type MockKline } from "../../../helpers/mock-binance-rest.js";
import { readDailyCsv, readMinuteCsv } from "../../../helpers/shared-data.js";

const crypto = calendarOf("CRYPTO");
const DATES = ["20131007", "20131008", "20131009", "20131010"];
// Real minute bars, served as the pair's klines: a crypto day with minutes without trades.
const MINUTES: MockKline[] = DATES.flatMap((date) => readMinuteCsv(`minute/SPY-${date}.csv`));
// Real daily bars, stamped at 00:00 UTC as Binance's daily klines are.
const DAYS: MockKline[] = readDailyCsv("daily/SPY.csv")
  .filter((bar) => bar.date >= "2013-10-01" && bar.date <= "2013-10-10")
  .map((bar) => ({ ...bar, time: Date.parse(`${bar.date}T00:00:00Z`) }));
const utc = (text: string): number => Date.parse(text);

let mock: MockBinanceRest | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function startMock(clock: Clock, chaos: { rateLimited?: number; banned?: number } = {}) {
  mock = await MockBinanceRest.start({
    clock,
    klines: new Map([
      [
        "BTCUSDT",
        new Map([
          ["1m", MINUTES],
          ["1d", DAYS],
        ]),
      ],
    ]),
    ...chaos,
  });
  return mock;
}

const history = (clock: Clock, url: string, days = crypto) =>
  new BinanceHistory({ baseUrl: url, clock, logger: new RecordingLogger(), days });

const values = (bars: readonly VendorBar[] | undefined) =>
  (bars ?? []).map((bar) => [bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]);
const expected = (klines: readonly MockKline[]) =>
  klines.map((bar) => [bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]);

describe("BinanceHistory", () => {
  it("follows pages of 1,000 klines from after the last one, and returns exactly [from, to)", async () => {
    const clock = new SimulatedClock(utc("2014-01-01T00:00:00Z"));
    const server = await startMock(clock);
    const from = utc("2013-10-07T00:00:00Z");
    const to = utc("2013-10-11T00:00:00Z");
    const bars = await history(clock, server.restUrl).fetchBars(["BTC-USDT"], "1m", from, to);
    expect(values(bars.get("BTC-USDT"))).toEqual(expected(MINUTES));
    expect(bars.get("BTC-USDT")?.[0].symbol).toBe("BTC-USDT");
    // Pages of 1,000, each asked from the minute after the previous page's last kline.
    const pages = Math.floor(MINUTES.length / 1_000) + 1;
    expect(server.requests.map((request) => request.status)).toEqual(Array(pages).fill(200));
    const starts = server.requests.map((request) =>
      Number(new URL(request.path, "http://127.0.0.1").searchParams.get("startTime")),
    );
    expect(starts).toEqual([
      from,
      ...Array.from({ length: pages - 1 }, (_, page) => MINUTES[(page + 1) * 1_000 - 1].time + 60_000),
    ]);
    const first = new URL(server.requests[0].path, "http://127.0.0.1").searchParams;
    expect(Object.fromEntries(first)).toEqual({
      symbol: "BTCUSDT",
      interval: "1m",
      startTime: String(from),
      endTime: String(to - 1),
      limit: "1000",
    });
  });

  it("leaves out the kline still forming at the vendor's now", async () => {
    // 30 s into the 14:00 UTC minute of 2013-10-10: the 13:59 kline has closed, 14:00's has not.
    const clock = new SimulatedClock(utc("2013-10-10T14:00:30Z"));
    const server = await startMock(clock);
    const bars = await history(clock, server.restUrl).fetchBars(
      ["BTC-USDT"],
      "1m",
      utc("2013-10-10T13:50:00Z"),
      utc("2013-10-10T15:00:00Z"),
    );
    const inRange = MINUTES.filter(
      (bar) => bar.time >= utc("2013-10-10T13:50:00Z") && bar.time < utc("2013-10-10T14:00:00Z"),
    );
    expect(inRange).toHaveLength(10);
    expect(values(bars.get("BTC-USDT"))).toEqual(expected(inRange));
  });

  it("waits out a 429 and a 418 per their Retry-After, then answers", async () => {
    const wall = new WallClock({ unref: true });
    const clock = new ScaledClock(wall, { originAt: utc("2014-01-01T00:00:00Z"), speed: 20 });
    const server = await startMock(clock, { rateLimited: 1, banned: 1 });
    const logger = new RecordingLogger();
    const source = new BinanceHistory({ baseUrl: server.restUrl, clock, logger, days: crypto });
    const from = utc("2013-10-10T13:30:00Z");
    const bars = await source.fetchBars(["BTC-USDT"], "1m", from, from + 5 * 60_000);
    expect(values(bars.get("BTC-USDT"))).toEqual(
      expected(MINUTES.filter((bar) => bar.time >= from && bar.time < from + 5 * 60_000)),
    );
    expect(server.requests.map((request) => request.status)).toEqual([429, 418, 200]);
    expect(logger.records.filter((record) => record.level === "warn").map((record) => record.fields)).toEqual(
      [{ inMs: 1_000 }, { inMs: 2_000 }],
    );
  }, 60_000);

  it("gives the coded unknown_symbol error for a pair Binance does not list", async () => {
    const clock = new SimulatedClock(utc("2014-01-01T00:00:00Z"));
    const server = await startMock(clock);
    const failure = await history(clock, server.restUrl)
      .fetchBars(["DOGE-EUR"], "1m", utc("2013-10-10T00:00:00Z"), utc("2013-10-11T00:00:00Z"))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ code: "SCN_ERR_FEED", reason: "unknown_symbol", vendorCode: 400 });
    expect((failure as Error).message).toContain('{"code":-1121,"msg":"Invalid symbol."}');
  });

  it("keys daily klines at the CRYPTO session's open, and refuses a calendar cut elsewhere", async () => {
    const clock = new SimulatedClock(utc("2014-01-01T00:00:00Z"));
    const server = await startMock(clock);
    const from = crypto.requireSession("2013-10-07").openAt;
    const to = crypto.requireSession("2013-10-10").openAt;
    const bars = await history(clock, server.restUrl).fetchBars(["BTC-USDT"], "1d", from, to);
    expect(bars.get("BTC-USDT")?.map((bar) => new Date(bar.time).toISOString())).toEqual([
      "2013-10-07T00:00:00.000Z",
      "2013-10-08T00:00:00.000Z",
      "2013-10-09T00:00:00.000Z",
    ]);
    expect(values(bars.get("BTC-USDT"))).toEqual(
      expected(DAYS.filter((bar) => bar.time >= from && bar.time < to)),
    );

    const newYork = new ExchangeCalendar(
      {},
      twentyFourSevenMarket({ at: "17:00", timeZone: "America/New_York" }),
    );
    const failure = await history(clock, server.restUrl, newYork)
      .fetchBars(["BTC-USDT"], "1d", from, to)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ code: "SCN_ERR_FEED", reason: "unavailable" });
    expect((failure as Error).message).toBe(
      "binance: daily klines are UTC days, but the calendar's session of 2013-10-07 does not open at 00:00 UTC (fetch 1m bars, or cut the days at 00:00 UTC)",
    );
  });
});

describe("the Binance feed's warm-up", () => {
  it("downloads the history days the store lacks into it, and asks nothing for those it holds", async () => {
    const clock = new SimulatedClock(utc("2014-01-01T00:00:00Z"));
    const server = await startMock(clock);
    const store = BarStore.open(":memory:");
    const configured = createConfiguredFeed(
      feedConfigSchema.parse({ vendor: "binance", rest_url: server.restUrl }),
      { store, timeline: clock, calendar: crypto, logger: new RecordingLogger(), env: {} },
    );
    const feed = configured.feed as BinanceKlineFeed;
    expect(feed).toBeInstanceOf(BinanceKlineFeed);
    const windows = [{ interval: "5m", firstDate: "2013-10-08", lastDate: "2013-10-09" }];
    await feed.prepareHistory("BTC-USDT", windows);
    const from = utc("2013-10-08T00:00:00Z");
    const to = utc("2013-10-10T00:00:00Z");
    const stored = store.readBars("BTC-USDT", "1m", from, to);
    const want = MINUTES.filter((bar) => bar.time >= from && bar.time < to);
    expect(Array.from(stored.time)).toEqual(want.map((bar) => bar.time));
    expect(Array.from(stored.close)).toEqual(want.map((bar) => bar.close));
    // One request for the two days, in pages of 1,000 klines.
    const pages = Math.floor(want.length / 1_000) + 1;
    expect(server.requests).toHaveLength(pages);

    await feed.prepareHistory("BTC-USDT", windows);
    expect(server.requests).toHaveLength(pages);
    store.close();
  });
});
