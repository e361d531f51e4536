// VWAP and gap on other exchanges: with the calendar's session days (what a session passes the
// IndicatorManager), they reset at the exchange's own sessions: Tokyo's day crosses New York
// midnight, CME's session opens the evening before. On the NYSE the calendar's days give the same
// values as the built-in New York rule.

import { describe, expect, it } from "vitest";
import { Gap } from "../../../src/indicators/gap.js";
import { IndicatorManager } from "../../../src/indicators/indicator-manager.js";
import { defaultIndicatorRegistry } from "../../../src/indicators/registry.js";
import { VWAP } from "../../../src/indicators/vwap.js";
import { calendarSessionDays } from "../../../src/runtime/calendar-session-days.js";
import { calendarOf } from "../../../src/time/markets/index.js";

const MINUTE_MS = 60_000;

/** A flat bar (high = low = close = price) at `iso` + `minute` minutes. */
function bar(fromIso: string, minute: number, price: number, volume = 1) {
  return {
    time: Date.parse(fromIso) + minute * MINUTE_MS,
    open: price,
    high: price,
    low: price,
    close: price,
    volume,
  };
}

describe("session days from a calendar", () => {
  it("Tokyo: one window from JST midnight with 09:00–15:30 regular hours, across New York midnight", () => {
    const days = calendarSessionDays(calendarOf("XTKS"));
    expect(days.windowAt(Date.parse("2025-06-02T05:00:00Z"))).toEqual({
      dateKey: 20250602,
      startsAt: Date.parse("2025-06-01T15:00:00Z"),
      endsAt: Date.parse("2025-06-02T15:00:00Z"),
      opensAt: Date.parse("2025-06-02T00:00:00Z"),
      closesAt: Date.parse("2025-06-02T06:30:00Z"),
    });
  });

  it("CME: Monday's date starts at Sunday 17:00 Chicago and ends at Monday 17:00; Sunday has no hours", () => {
    const days = calendarSessionDays(calendarOf("CMES"));
    expect(days.windowAt(Date.parse("2025-03-10T03:00:00Z"))).toEqual({
      dateKey: 20250310,
      startsAt: Date.parse("2025-03-09T22:00:00Z"),
      endsAt: Date.parse("2025-03-10T22:00:00Z"),
      opensAt: Date.parse("2025-03-09T22:00:00Z"),
      closesAt: Date.parse("2025-03-10T21:00:00Z"),
    });
    expect(days.windowAt(Date.parse("2025-03-09T12:00:00Z"))).toMatchObject({
      dateKey: 20250309,
      endsAt: Date.parse("2025-03-09T22:00:00Z"),
      opensAt: Number.POSITIVE_INFINITY,
    });
  });
});

describe("VWAP on other exchanges", () => {
  it("accumulates Tokyo's whole day (it crosses New York midnight) and restarts the next morning", () => {
    const vwap = new VWAP();
    vwap.useSessionDays(calendarSessionDays(calendarOf("XTKS")));
    vwap.update(bar("2025-06-02T00:00:00Z", 0, 100)); // 09:00 JST = 20:00 New York (June 1)
    vwap.update(bar("2025-06-02T00:00:00Z", 300, 110, 3)); // 14:00 JST = 01:00 New York (June 2)
    expect(vwap.value).toBe((100 + 330) / 4);
    vwap.update(bar("2025-06-03T00:00:00Z", 0, 90));
    expect(vwap.value).toBe(90);
    // Without the calendar the NYSE rule never sees a regular bar in Tokyo's hours.
    const nyse = new VWAP();
    nyse.update(bar("2025-06-02T00:00:00Z", 0, 100));
    expect(nyse.value).toBeNull();
  });

  it("restarts CME's VWAP at the 17:00 Chicago open of the next session, not at midnight", () => {
    const manager = new IndicatorManager(defaultIndicatorRegistry(), {
      sessionDays: calendarSessionDays(calendarOf("CMES")),
    });
    const key = manager.register("ES", "vwap", { interval: "1m" }, "test").key;
    manager.onBar("ES", "1m", bar("2025-03-09T22:00:00Z", 0, 5000)); // Sunday 17:00 CDT: Monday's open
    manager.onBar("ES", "1m", bar("2025-03-10T05:00:00Z", 0, 5010)); // Monday 00:00 CDT: same session
    expect(manager.getValue("ES", key)?.value).toBe(5005);
    manager.onBar("ES", "1m", bar("2025-03-10T22:00:00Z", 0, 4990)); // Monday 17:00: Tuesday's session
    expect(manager.getValue("ES", key)?.value).toBe(4990);
  });
});

describe("gap on another exchange", () => {
  it("runs from Tokyo's previous close to today's 09:00 open", () => {
    const gap = new Gap();
    gap.useSessionDays(calendarSessionDays(calendarOf("XTKS")));
    gap.update(bar("2025-06-02T00:00:00Z", 0, 100));
    gap.update(bar("2025-06-02T00:00:00Z", 389 - 60, 104)); // 15:29 JST, the day's last bar
    gap.update(bar("2025-06-03T00:00:00Z", 0, 104 * 1.05));
    expect(gap.value).toBeCloseTo(5, 10);
  });
});
