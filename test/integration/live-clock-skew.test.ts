// A vendor whose clock is ahead of or behind the daemon's (within feed.clock_skew_seconds): the
// Alpaca mock runs on the skewed clock (it stamps, streams and serves REST on its own time), the
// live feed joins mid-session, and every minute drained equals the real bars of that minute:
// nothing lost (a minute with trades never taken for a gap), nothing doubled.

import { afterEach, describe, expect, it } from "vitest";
import { feedConfigSchema } from "../../src/config/feed-config.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { BarStore } from "../../src/data/bar-store.js";
import type { LiveBarFeed } from "../../src/data/live/live-bar-feed.js";
import { type ConfiguredFeed, createConfiguredFeed } from "../../src/runtime/feed-from-config.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { ScaledClock } from "../../src/time/scaled-clock.js";
import { WallClock } from "../../src/time/wall-clock.js";
import { MockAlpaca } from "../helpers/mock-alpaca.js";
import { readMinuteCsv } from "../helpers/shared-data.js";
import { SkewedClock } from "../helpers/skewed-clock.js";

const calendar = new ExchangeCalendar();
const DAY = "2013-10-10";
const SESSION = calendar.requireSession(DAY);
const SPY = readMinuteCsv("minute/SPY-20131010.csv");
const at = (hhmm: string): number =>
  calendar.wallTime(DAY, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const ENV = { APCA_API_KEY_ID: "skew-key", APCA_API_SECRET_KEY: "skew-secret" };

let mock: MockAlpaca | undefined;
let configured: ConfiguredFeed | undefined;
let store: BarStore | undefined;

afterEach(async () => {
  configured?.close();
  await mock?.close();
  store?.close();
  configured = undefined;
  mock = undefined;
  store = undefined;
});

/**
 * Joins at 10:00:50 on the daemon's clock with the vendor `skewMs` off, then scans every minute to
 * 10:08: the bars drained, as `time close volume` lines.
 */
async function liveMinutes(skewMs: number): Promise<{ lines: string[]; feed: LiveBarFeed }> {
  // 30× real time: a minute is two seconds, a Retry-After or a bar wait a fraction of one.
  const timeline = new ScaledClock(new WallClock({ unref: true }), {
    originAt: at("10:00") + 50_000,
    speed: 30,
  });
  mock = await MockAlpaca.start({
    clock: new SkewedClock(timeline, skewMs),
    minuteBars: new Map([["SPY", SPY]]),
    key: ENV.APCA_API_KEY_ID,
    secret: ENV.APCA_API_SECRET_KEY,
  });
  store = BarStore.open(":memory:");
  configured = createConfiguredFeed(
    feedConfigSchema.parse({
      vendor: "alpaca",
      stream_url: mock.streamUrl,
      rest_url: mock.restUrl,
      clock_skew_seconds: 180,
      bar_wait_seconds: 5,
    }),
    { store, timeline, calendar, logger: new RecordingLogger(), env: ENV, random: () => 0.5 },
  );
  const feed = configured.feed as LiveBarFeed;
  feed.startSession(SESSION);
  feed.subscribe("SPY");
  await configured.start();
  const lines: string[] = [];
  for (let minute = at("10:01"); minute <= at("10:08"); minute += 60_000) {
    await timeline.sleepUntil(minute);
    await feed.prepare(minute);
    feed.drain(minute, (symbol, bars, from, to) => {
      for (let index = from; index < to; index++)
        lines.push(`${symbol} ${bars.time[index]} ${bars.close[index]} ${bars.volume[index]}`);
    });
  }
  return { lines, feed };
}

const expected = SPY.filter((bar) => bar.time >= SESSION.openAt && bar.time < at("10:08")).map(
  (bar) => `SPY ${bar.time} ${bar.close} ${bar.volume}`,
);

describe("a vendor clock off from the daemon's", () => {
  // At 10:00:50 here the vendor is at 10:03:20: it streamed 10:02's bar before our subscription,
  // a minute the daemon has not reached yet (without the tolerance, a gap).
  it("ahead by 150 s: the minutes it streamed before the subscription took effect come from REST", async () => {
    const { lines, feed } = await liveMinutes(150_000);
    expect(expected).toHaveLength(38); // 09:30 to 10:07, every minute traded
    expect(lines).toEqual(expected);
    expect(feed.staleSince()).toBeUndefined();
  }, 240_000);

  // Behind, its REST history at 10:01 lacks the minutes 09:58 to 10:00, and each bar streams 150 s
  // after its minute ended here (without the tolerance, those minutes are gaps).
  it("behind by 150 s: each minute is waited for, and asked of REST only once it ended on the vendor's clock", async () => {
    const { lines, feed } = await liveMinutes(-150_000);
    expect(lines).toEqual(expected);
    expect(feed.staleSince()).toBeUndefined();
  }, 240_000);
});
