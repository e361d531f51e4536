// What a symbol carried over to the next day holds, on real bars (SPY, 2013-10-09 → 10-10): day-end
// trimming keeps each interval's largest history window, in whole sessions, and no more, so the
// carried-over symbol holds the bars a session provisioning it fresh that morning loads (the
// independent computation here: the provisioning path, from the store), plus the newest bar of an
// interval no window reaches (what the latest-bar reads answer until today's first bar). Its 1m
// bars are the CSV file's: the previous session where a window asks for it (gap), else its last bar.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionConfigInput } from "../../src/config/session-config.js";
import type { Bar } from "../../src/core/bar.js";
import {
  buildRealStore,
  openRealSession,
  type RealStore,
  SPY_SESSION_DATA,
} from "../helpers/real-session.js";
import { readMinuteCsv, regularMinutes } from "../helpers/shared-data.js";

const at = (iso: string): number => Date.parse(iso);
const DAY_1_PRE_MARKET = at("2013-10-09T04:00:00-04:00");
const DAY_1_CLOSE = at("2013-10-09T16:00:00-04:00");
const DAY_2_PRE_MARKET = at("2013-10-10T04:00:00-04:00");
const DAY_2_NOON = at("2013-10-10T12:00:00-04:00");
const INTERVALS = ["1m", "5m", "15m", "1d"];

type SessionData = Partial<SessionConfigInput>["session_data"];

/** Every bar each interval holds for SPY. */
function barsHeld(session: ReturnType<typeof openRealSession>): Record<string, Bar[]> {
  return Object.fromEntries(
    INTERVALS.map((interval) => [interval, session.sessionData.getBars("SPY", interval)]),
  );
}

describe("day-end retention (SPY, 2013-10-09 → 10-10)", () => {
  let store: RealStore;

  beforeAll(() => {
    store = buildRealStore(["SPY"]);
  });
  afterAll(() => store.dispose());

  /** Day 1 in full, then day 2 up to `upTo`: the carried-over session, and a fresh one of day 2. */
  async function carriedAndFresh(sessionData: SessionData, upTo: number) {
    const carried = openRealSession(store.path, DAY_1_PRE_MARKET, { session_data: sessionData });
    const fresh = openRealSession(store.path, DAY_2_PRE_MARKET, { session_data: sessionData });
    try {
      carried.coordinator.startDay("2013-10-09");
      await carried.sessionData.addHistoricalBars("SPY", "15m", 2);
      carried.clock.advanceTo(DAY_1_CLOSE);
      carried.coordinator.endDay();
      carried.clock.advanceTo(DAY_2_PRE_MARKET);
      carried.coordinator.startDay("2013-10-10");
      fresh.coordinator.startDay("2013-10-10");
      await fresh.sessionData.addHistoricalBars("SPY", "15m", 2);
      const atPreMarket = { carried: barsHeld(carried), fresh: barsHeld(fresh) };
      carried.clock.advanceTo(upTo);
      carried.coordinator.advance();
      fresh.clock.advanceTo(upTo);
      fresh.coordinator.advance();
      return { atPreMarket, later: { carried: barsHeld(carried), fresh: barsHeld(fresh) } };
    } finally {
      carried.close();
      fresh.close();
    }
  }

  it("keeps each window and no more: the same bars as a session provisioned fresh that day", async () => {
    const { atPreMarket, later } = await carriedAndFresh(SPY_SESSION_DATA, DAY_2_NOON);
    // 1m: only a VWAP, no window: the previous session's last bar (15:59), which the fresh session
    // does not load. 5m: the RSI's 202 bars in whole sessions (10-07 … 10-09). 15m:
    // addHistoricalBars' 2 days (10-08, 10-09). 1d: SMA(20)'s 40.
    const held = atPreMarket.carried;
    const lastMinute = regularMinutes(readMinuteCsv("minute/SPY-20131009.csv"), "2013-10-09").at(-1)!;
    const { time, open, high, low, close, volume } = lastMinute;
    expect(held["1m"]).toEqual([{ time, interval: "1m", open, high, low, close, volume }]);
    expect(time).toBe(at("2013-10-09T15:59:00-04:00"));
    expect({ ...held, "1m": [] }).toEqual(atPreMarket.fresh);
    expect(INTERVALS.map((interval) => held[interval].length)).toEqual([1, 234, 52, 40]);
    expect(held["5m"][0].time).toBe(at("2013-10-07T09:30:00-04:00"));
    expect(held["15m"][0].time).toBe(at("2013-10-08T09:30:00-04:00"));
    expect(held["1d"].at(-1)?.time).toBe(at("2013-10-09T09:30:00-04:00"));
    // And through the day: today's bars after the same history.
    expect({ ...later.carried, "1m": later.carried["1m"].slice(1) }).toEqual(later.fresh);
    expect(later.carried["1m"][0]).toEqual(held["1m"][0]);
    expect(later.fresh["1m"].length).toBe(150);
    expect(later.carried["5m"].length).toBe(234 + 30);
  });

  it("keeps the previous session's 1m bars where a window asks for them (gap), equal to the CSV's", async () => {
    const { atPreMarket } = await carriedAndFresh(
      { symbols: ["SPY"], streams: ["1m"], indicators: [{ type: "gap", interval: "1m" }] },
      DAY_2_NOON,
    );
    expect(atPreMarket.carried).toEqual(atPreMarket.fresh);
    const expected = regularMinutes(readMinuteCsv("minute/SPY-20131009.csv"), "2013-10-09");
    expect(expected.length).toBe(390);
    expect(
      atPreMarket.carried["1m"].map((bar) => [bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]),
    ).toEqual(expected.map((bar) => [bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]));
  });
});
