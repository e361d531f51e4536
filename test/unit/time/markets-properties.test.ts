// Property test: on every market, for random instants and dates of 2001 (or the market's first
// year) to 2034, sessionAt,
// next/previous trading day, lastCompletedSessionBefore and bar alignment agree with each other.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BucketBuilder } from "../../../src/data/bar-buckets.js";
import { formatDayNumber } from "../../../src/time/calendar-day.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { MARKETS } from "../../../src/time/markets/index.js";

const FROM = Date.parse("2001-01-03T00:00:00Z");
const TO = Date.parse("2034-12-20T00:00:00Z");
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

describe.each(MARKETS.map((market) => [market.mic, market] as const))("%s", (_mic, market) => {
  const calendar = new ExchangeCalendar({}, market);
  const from = Math.max(FROM, Date.UTC(market.firstYear, 1, 1));
  const instant = fc
    .integer({ min: from / MINUTE_MS, max: TO / MINUTE_MS })
    .map((minute) => minute * MINUTE_MS);
  const date = fc.integer({ min: from / DAY_MS, max: TO / DAY_MS }).map(formatDayNumber);

  it("sessionAt returns the session of a trading day that contains the instant, and none lies between sessions", () => {
    fc.assert(
      fc.property(instant, (time) => {
        const session = calendar.sessionAt(time);
        const completed = calendar.lastCompletedSessionBefore(time);
        expect(completed.closeAt).toBeLessThanOrEqual(time);
        if (session === undefined) {
          // Outside every session: the next trading day's session starts after it.
          const next = calendar.requireSession(calendar.nextTradingDay(completed.date));
          expect(next.preMarketAt).toBeGreaterThan(time);
          return;
        }
        expect(calendar.isTradingDay(session.date)).toBe(true);
        expect(calendar.requireSession(session.date)).toBe(session);
        expect(time).toBeGreaterThanOrEqual(session.preMarketAt);
        expect(time).toBeLessThan(session.postMarketAt);
        if (time >= session.closeAt) expect(completed).toBe(session);
        else expect(calendar.nextTradingDay(completed.date)).toBe(session.date);
      }),
      { numRuns: 400 },
    );
  });

  it("next and previous trading days invert each other and their sessions do not overlap", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 30 }), (day, n) => {
        const later = calendar.nextTradingDay(day, n);
        expect(later > day).toBe(true);
        expect(calendar.previousTradingDay(later, n) <= day).toBe(true);
        expect(calendar.countTradingDays(calendar.nextTradingDay(day), later)).toBe(n);
        const before = calendar.requireSession(calendar.previousTradingDay(later));
        const session = calendar.requireSession(later);
        expect(before.postMarketAt).toBeLessThanOrEqual(session.preMarketAt);
        expect(session.openAt).toBeLessThan(session.closeAt);
      }),
      { numRuns: 300 },
    );
  });

  it("a 1m bar inside regular hours lands in a 30m bucket inside its session's stretch between breaks", () => {
    fc.assert(
      fc.property(instant, (time) => {
        const session = calendar.sessionAt(time);
        if (session === undefined || time < session.openAt || time + MINUTE_MS > session.closeAt) return;
        const pause = session.breaks.find((b) => time + MINUTE_MS > b.startAt && time < b.endAt);
        const emitted: number[] = [];
        const builder = new BucketBuilder(
          { kind: "intraday", bucketMs: 30 * MINUTE_MS, fromMs: MINUTE_MS },
          calendar,
          (start) => emitted.push(start),
        );
        builder.push(time, 1, 1, 1, 1, 1);
        builder.flush();
        if (pause !== undefined) {
          expect(emitted).toEqual([]);
          return;
        }
        const stretchStart = Math.max(
          session.openAt,
          ...session.breaks.filter((b) => b.endAt <= time).map((b) => b.endAt),
        );
        expect(emitted).toHaveLength(1);
        expect(emitted[0]).toBeLessThanOrEqual(time);
        expect(emitted[0]).toBeGreaterThanOrEqual(stretchStart);
        expect((emitted[0] - stretchStart) % (30 * MINUTE_MS)).toBe(0);
        expect(time - emitted[0]).toBeLessThan(30 * MINUTE_MS);
      }),
      { numRuns: 400 },
    );
  });
});
