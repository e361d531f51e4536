// Massive's stream and REST clients against the local mock (test/helpers/mock-massive.ts): the
// handshake, coded errors for a refused key and the connection limit, aggregates pages followed by
// next_url with the key added again (and never shown), daily stamps moved to the open.

import { afterEach, describe, expect, it } from "vitest";
import { FeedError } from "../../../../src/core/errors.js";
import { RecordingLogger } from "../../../../src/core/logger.js";
import { MassiveHistory } from "../../../../src/data/feeds/massive/massive-history.js";
import { MassiveStream } from "../../../../src/data/feeds/massive/massive-stream.js";
import type { StreamHandlers } from "../../../../src/data/live/vendor-source.js";
import { ExchangeCalendar } from "../../../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../../../src/time/simulated-clock.js";
import { MockMassive } from "../../../helpers/mock-massive.js";
import { readMinuteCsv } from "../../../helpers/shared-data.js";

const calendar = new ExchangeCalendar();
const SESSION = calendar.requireSession("2013-10-10");
const KEY = "massive-key-1";
const SPY = readMinuteCsv("minute/SPY-20131010.csv");
let mock: MockMassive | undefined;
const streams: MassiveStream[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await mock?.close();
  mock = undefined;
});

async function startMock(): Promise<MockMassive> {
  mock = await MockMassive.start({
    clock: new SimulatedClock(calendar.wallTime("2013-10-10", 11 * 60)),
    minuteBars: new Map([["SPY", SPY]]),
    key: KEY,
  });
  return mock;
}

function stream(url: string, key: string, subscribed: string[] = []): MassiveStream {
  const handlers: StreamHandlers = {
    onBar: () => {},
    onSubscribed: (symbols) => subscribed.push(...symbols),
    onError: () => {},
    onClosed: () => {},
  };
  const created = new MassiveStream({ baseUrl: url, key, logger: new RecordingLogger() }, handlers);
  streams.push(created);
  return created;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("MassiveStream", () => {
  it("authenticates with the key and is told which AM channels it subscribed", async () => {
    const { streamUrl, actions } = await startMock();
    const subscribed: string[] = [];
    const client = stream(streamUrl, KEY, subscribed);
    await client.open();
    client.subscribe(["SPY", "AIG"]);
    const deadline = performance.now() + 20_000;
    while (subscribed.length < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(subscribed).toEqual(["SPY", "AIG"]);
    expect(actions).toEqual([
      { action: "auth", params: "…" },
      { action: "subscribe", params: "AM.SPY,AM.AIG" },
    ]);
  });

  it("refuses a wrong key (auth_failed) and a second connection (max_connections), coded", async () => {
    const { streamUrl } = await startMock();
    expect(await rejection(stream(streamUrl, "wrong").open())).toMatchObject({
      code: "SCN_ERR_FEED",
      reason: "auth",
      message: "massive stream: auth_failed: authentication failed",
    });
    await stream(streamUrl, KEY).open();
    const second = await rejection(stream(streamUrl, KEY).open());
    expect(second).toBeInstanceOf(FeedError);
    expect(second).toMatchObject({ reason: "connection_limit" });
  });
});

describe("MassiveHistory", () => {
  it("follows next_url with the key added again, and keeps the key out of every message", async () => {
    const { restUrl, restRequests } = await startMock();
    const history = new MassiveHistory({
      baseUrl: restUrl,
      adjustment: "raw",
      key: KEY,
      clock: new SimulatedClock(0),
      logger: new RecordingLogger(),
      days: calendar,
      pageLimit: 40,
    });
    const bars = await history.fetchBars(["SPY"], "1m", SESSION.openAt, SESSION.closeAt);
    // 09:30–10:59 have ended at the mock's 11:00: 90 bars, in pages of 40.
    expect(bars.get("SPY")?.map((bar) => bar.time)).toEqual(
      SPY.filter(
        (bar) => bar.time >= SESSION.openAt && bar.time < calendar.wallTime("2013-10-10", 11 * 60),
      ).map((bar) => bar.time),
    );
    expect(restRequests.map((request) => request.status)).toEqual([200, 200, 200]);
    const refused = await rejection(
      new MassiveHistory({
        baseUrl: restUrl,
        adjustment: "raw",
        key: "wrong-key-value",
        clock: new SimulatedClock(0),
        logger: new RecordingLogger(),
        days: calendar,
      }).fetchBars(["SPY"], "1m", SESSION.openAt, SESSION.closeAt),
    );
    expect(refused).toMatchObject({ reason: "auth", vendorCode: 401 });
    expect((refused as Error).message).toContain("apiKey=REDACTED");
    expect((refused as Error).message).not.toContain("wrong-key-value");
  });
});
