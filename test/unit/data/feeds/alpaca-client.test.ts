// Alpaca's stream and REST clients against the local mock (test/helpers/mock-alpaca.ts): the
// handshake, coded errors for refused credentials and the connection limit, history pages followed
// by page_token, 429 waited out per Retry-After, and credentials kept out of every message.

import { afterEach, describe, expect, it } from "vitest";
import { FeedError } from "../../../../src/core/errors.js";
import { RecordingLogger } from "../../../../src/core/logger.js";
import { AlpacaHistory } from "../../../../src/data/feeds/alpaca/alpaca-history.js";
import { AlpacaStream } from "../../../../src/data/feeds/alpaca/alpaca-stream.js";
import type { StreamHandlers, VendorBar } from "../../../../src/data/live/vendor-source.js";
import { ExchangeCalendar } from "../../../../src/time/exchange-calendar.js";
import { ScaledClock } from "../../../../src/time/scaled-clock.js";
import { WallClock } from "../../../../src/time/wall-clock.js";
import { MockAlpaca } from "../../../helpers/mock-alpaca.js";
import { readDailyCsv, readMinuteCsv } from "../../../helpers/shared-data.js";

const calendar = new ExchangeCalendar();
const DAY = "2013-10-10";
const SESSION = calendar.requireSession(DAY);
const KEY = "key-id-1";
const SECRET = "secret-key-1";

const SPY_MINUTES = readMinuteCsv("minute/SPY-20131010.csv");
const AIG_MINUTES = readMinuteCsv("minute/AIG-20131010.csv");
const SPY_DAYS = readDailyCsv("daily/SPY.csv").filter(
  (bar) => bar.date >= "2013-09-01" && bar.date <= "2013-10-31",
);

const open: Array<{ close(): void }> = [];
let mock: MockAlpaca | undefined;
let wall: WallClock | undefined;

afterEach(async () => {
  for (const item of open.splice(0)) item.close();
  await mock?.close();
  wall?.cancelAll();
  mock = undefined;
});

/** The mock at `startAt` (New York HH:MM of DAY), its clock running at real speed. */
async function startMock(
  startAt: string,
  restFailures = 0,
): Promise<{ mock: MockAlpaca; clock: ScaledClock }> {
  wall = new WallClock({ unref: true });
  const clock = new ScaledClock(wall, {
    originAt: calendar.wallTime(DAY, Number(startAt.slice(0, 2)) * 60 + Number(startAt.slice(3))),
    speed: 1,
  });
  mock = await MockAlpaca.start({
    clock,
    minuteBars: new Map([
      ["SPY", SPY_MINUTES],
      ["AIG", AIG_MINUTES],
    ]),
    dailyBars: new Map([["SPY", SPY_DAYS]]),
    key: KEY,
    secret: SECRET,
    chaos: { restFailures },
  });
  return { mock, clock };
}

function recordingHandlers() {
  const events: string[] = [];
  const errors: FeedError[] = [];
  const handlers: StreamHandlers = {
    onBar: (bar: VendorBar, updated) => events.push(`bar ${bar.symbol} ${updated}`),
    onSubscribed: (symbols) => events.push(`subscribed ${symbols.join(",")}`),
    onError: (error) => errors.push(error),
    onClosed: (error) => events.push(`closed ${error?.reason ?? "-"}`),
  };
  return { events, errors, handlers };
}

function streamOf(url: string, secret: string, handlers: StreamHandlers, logger = new RecordingLogger()) {
  const stream = new AlpacaStream({ baseUrl: url, dataFeed: "iex", key: KEY, secret, logger }, handlers);
  open.push(stream);
  return stream;
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("AlpacaStream", () => {
  it("authenticates, subscribes and is told which symbols stream", async () => {
    const { mock } = await startMock("10:00");
    const { events, handlers } = recordingHandlers();
    const stream = streamOf(mock.streamUrl, SECRET, handlers);
    await stream.open();
    stream.subscribe(["SPY", "AIG"]);
    const deadline = performance.now() + 20_000;
    while (!events.includes("subscribed SPY,AIG") && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(events).toEqual(["subscribed SPY,AIG"]);
    expect(mock.actions).toEqual([
      { action: "auth", key: "…", secret: "…" },
      { action: "subscribe", bars: ["SPY", "AIG"], updatedBars: ["SPY", "AIG"] },
    ]);
  });

  it("refuses bad credentials with the coded auth error (402), without the secret in it", async () => {
    const { mock } = await startMock("10:00");
    const logger = new RecordingLogger();
    const error = await thrownBy(
      streamOf(mock.streamUrl, "wrong-secret", recordingHandlers().handlers, logger).open(),
    );
    expect(error).toBeInstanceOf(FeedError);
    expect(error).toMatchObject({
      code: "SCN_ERR_FEED",
      reason: "auth",
      vendorCode: 402,
      message: "alpaca stream error 402: auth failed",
    });
    expect(JSON.stringify(logger.records)).not.toContain("wrong-secret");
  });

  it("refuses a second stream on the account with the connection-limit error (406)", async () => {
    const { mock } = await startMock("10:00");
    await streamOf(mock.streamUrl, SECRET, recordingHandlers().handlers).open();
    const error = await thrownBy(streamOf(mock.streamUrl, SECRET, recordingHandlers().handlers).open());
    expect(error).toMatchObject({ reason: "connection_limit", vendorCode: 406 });
  });
});

describe("AlpacaHistory", () => {
  const history = (clock: ScaledClock, url: string, secret = SECRET, pageLimit = 100) =>
    new AlpacaHistory({
      baseUrl: url,
      dataFeed: "iex",
      adjustment: "raw",
      key: KEY,
      secret,
      clock,
      logger: new RecordingLogger(),
      days: calendar,
      pageLimit,
    });

  it("follows page tokens and returns [from, to) of every symbol, only bars that have ended", async () => {
    const { mock, clock } = await startMock("11:00");
    const bars = await history(clock, mock.restUrl).fetchBars(
      ["SPY", "AIG"],
      "1m",
      SESSION.openAt,
      SESSION.closeAt,
    );
    // 09:30–10:59 has ended at 11:00 (the mock's now): 90 bars each, in pages of 100.
    expect(bars.get("SPY")?.length).toBe(90);
    expect(bars.get("AIG")?.length).toBe(90);
    expect(bars.get("SPY")?.[0]).toEqual({
      symbol: "SPY",
      time: SESSION.openAt,
      ...pick(SPY_MINUTES.find((bar) => bar.time === SESSION.openAt)!),
    });
    expect(
      mock.restRequests.map((request) =>
        new URL(request.url, "http://127.0.0.1").searchParams.get("page_token"),
      ),
    ).toEqual([null, "MTAw"]);
  });

  it("moves daily bars from Alpaca's midnight stamp to the session's open", async () => {
    const { mock, clock } = await startMock("11:00");
    const from = calendar.requireSession("2013-10-07").openAt;
    const bars = await history(clock, mock.restUrl).fetchBars(["SPY"], "1d", from, SESSION.openAt);
    expect(bars.get("SPY")?.map((bar) => calendar.formatInstant(bar.time))).toEqual([
      "2013-10-07T09:30:00-04:00",
      "2013-10-08T09:30:00-04:00",
      "2013-10-09T09:30:00-04:00",
    ]);
  });

  it("waits out a 429 per its Retry-After and a 503, then answers", async () => {
    const { mock, clock } = await startMock("11:00", 2);
    const bars = await history(clock, mock.restUrl).fetchBars(
      ["SPY"],
      "1m",
      SESSION.openAt,
      SESSION.openAt + 300_000,
    );
    expect(bars.get("SPY")?.length).toBe(5);
    expect(mock.restRequests.map((request) => request.status)).toEqual([429, 503, 200]);
  }, 30_000);

  it("gives coded errors for refused keys and unknown symbols, without the secret", async () => {
    const { mock, clock } = await startMock("11:00");
    const refused = await thrownBy(
      history(clock, mock.restUrl, "wrong-secret").fetchBars(["SPY"], "1m", SESSION.openAt, SESSION.closeAt),
    );
    expect(refused).toMatchObject({ code: "SCN_ERR_FEED", reason: "auth", vendorCode: 401 });
    expect((refused as Error).message).not.toContain("wrong-secret");
    const unknown = await thrownBy(
      history(clock, mock.restUrl).fetchBars(["SPY", "BRK/B"], "1m", SESSION.openAt, SESSION.closeAt),
    );
    expect(unknown).toMatchObject({ reason: "unknown_symbol", vendorCode: 400 });
  });
});

function pick(bar: { open: number; high: number; low: number; close: number; volume: number }) {
  return { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}
