// The trading date of an instant (`tradingDayNumberAt`) and the session-day windows built on it,
// every 20 minutes over several weeks of each market (a DST change, holidays, Tokyo's lunch break,
// CME's sessions that open the evening before): the day number equals the date of the session
// `sessionAt` finds, parsed, or the local date outside any session; a session-day source asked
// again and out of order answers what a fresh one answers for each instant alone.

import { describe, expect, it } from "vitest";
import { calendarSessionDays } from "../../../src/runtime/calendar-session-days.js";
import { parseIsoDate } from "../../../src/time/calendar-day.js";
import { calendarOf, MARKETS } from "../../../src/time/markets/index.js";

const STEP_MS = 20 * 60_000;
const FROM = Date.parse("2025-02-24T00:00:00Z");
const TO = Date.parse("2025-04-07T00:00:00Z");

function instants(): number[] {
  const times: number[] = [];
  for (let time = FROM; time < TO; time += STEP_MS) times.push(time);
  return times;
}

describe("tradingDayNumberAt", () => {
  for (const market of MARKETS) {
    it(`${market.mic}: the date of the session around the instant, else the local date`, () => {
      const calendar = calendarOf(market.mic);
      let inSession = 0;
      for (const time of instants()) {
        const session = calendar.sessionAt(time);
        if (session !== undefined) inSession++;
        const expected =
          session === undefined ? parseIsoDate(calendar.dateOf(time)) : parseIsoDate(session.date);
        expect(calendar.tradingDayNumberAt(time)).toBe(expected);
      }
      expect(inSession).toBeGreaterThan(0);
    });
  }
});

describe("calendarSessionDays", () => {
  for (const code of ["XNYS", "XTKS", "CMES"]) {
    it(`${code}: windows asked forwards, backwards and again equal a fresh source's`, () => {
      const calendar = calendarOf(code);
      const shared = calendarSessionDays(calendar);
      const times = instants();
      for (const time of [...times, ...times.toReversed(), ...times]) {
        expect(shared.windowAt(time)).toEqual(calendarSessionDays(calendar).windowAt(time));
      }
      // A known window: Friday 2025-03-07 on the NYSE, before the DST change (EST, UTC-5).
      if (code === "XNYS") {
        expect(shared.windowAt(Date.parse("2025-03-07T15:00:00Z"))).toEqual({
          dateKey: 20250307,
          startsAt: Date.parse("2025-03-07T05:00:00Z"),
          endsAt: Date.parse("2025-03-08T05:00:00Z"),
          opensAt: Date.parse("2025-03-07T14:30:00Z"),
          closesAt: Date.parse("2025-03-07T21:00:00Z"),
        });
      }
    });
  }
});
