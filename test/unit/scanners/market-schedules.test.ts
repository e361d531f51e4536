// The scheduler's slots on other markets: clock times in the exchange's zone, windows that skip a
// lunch break, break anchors, early closes and DST days, futures sessions that open the evening
// before, and 24/7 days with no instant scheduled twice.

import { describe, expect, it } from "vitest";
import type { ScannerTiming } from "../../../src/scanners/scanner-spec.js";
import { scanSlots, scanSlotsBetween } from "../../../src/scanners/scheduler.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { parseSessionTime } from "../../../src/time/session-time.js";

function timing(
  name: string,
  parts: Partial<Omit<ScannerTiming, "name">> & { windows?: [string, string, string][] },
): ScannerTiming {
  return {
    name,
    pre_session: parts.pre_session,
    regular_session: (parts.windows ?? []).map(([start, end, interval]) => ({
      start: parseSessionTime(start),
      end: parseSessionTime(end),
      interval,
    })),
    cron: parts.cron,
  };
}

/** Slot instants as UTC `HH:MM` (with the date when it differs from `date`). */
function times(slots: { at: number }[], date?: string): string[] {
  return slots.map(({ at }) => {
    const iso = new Date(at).toISOString();
    return date !== undefined && iso.startsWith(date)
      ? iso.slice(11, 16)
      : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  });
}

describe("Tokyo: windows around the lunch break", () => {
  const tokyo = calendarOf("XTKS");

  it("an hourly window over the whole day skips the break; break anchors name its ends", () => {
    const slots = scanSlots(
      tokyo,
      [
        timing("hourly", { windows: [["09:00", "close", "60m"]] }),
        timing("afternoon", { windows: [["break_end+30m", "close", "60m"]] }),
        timing("before-lunch", { windows: [["break_start-5m", "break_start", "5m"]] }),
      ],
      "2025-06-02",
    );
    // 09:00 JST = 00:00 UTC. 12:00 is inside the break (11:30–12:30) and dropped; 11:30 is at its start.
    expect(slots.filter((slot) => slot.scanner === "hourly").map((slot) => slot.at)).toEqual(
      ["00:00", "01:00", "02:00", "04:00", "05:00", "06:00"].map((hhmm) =>
        Date.parse(`2025-06-02T${hhmm}:00Z`),
      ),
    );
    expect(
      times(
        slots.filter((slot) => slot.scanner === "afternoon"),
        "2025-06-02",
      ),
    ).toEqual(["04:00", "05:00", "06:00"]);
    expect(
      times(
        slots.filter((slot) => slot.scanner === "before-lunch"),
        "2025-06-02",
      ),
    ).toEqual(["02:25", "02:30"]);
  });

  it("has no slots on a holiday, and the 15:00 close before 2024-11-05 bounds the same window", () => {
    const hourly = [timing("hourly", { windows: [["09:00", "close", "60m"]] })];
    expect(scanSlots(tokyo, hourly, "2026-09-22")).toEqual([]); // citizens' holiday
    expect(times(scanSlots(tokyo, hourly, "2024-11-01"), "2024-11-01")).toEqual([
      "00:00",
      "01:00",
      "02:00",
      "04:00",
      "05:00",
      "06:00",
    ]);
    expect(
      times(
        scanSlots(tokyo, [timing("close", { windows: [["close-30m", "close", "30m"]] })], "2024-11-01"),
        "2024-11-01",
      ),
    ).toEqual(["05:30", "06:00"]);
  });
});

describe("Hong Kong half day: no break, the window ends at the 12:00 close", () => {
  it("drops break-anchored windows and stops at the early close", () => {
    const hongKong = calendarOf("XHKG");
    const timings = [
      timing("open", { windows: [["open+5m", "close", "60m"]] }),
      timing("after-lunch", { windows: [["break_end", "close", "30m"]] }),
    ];
    expect(times(scanSlots(hongKong, timings, "2024-12-24"), "2024-12-24")).toEqual([
      "01:35",
      "02:35",
      "03:35",
    ]);
    const fullDay = scanSlots(hongKong, timings, "2024-12-23");
    // 12:35 HKT falls in the 12:00–13:00 break; 13:00, the break's end, is kept like an open.
    expect(
      times(
        fullDay.filter((slot) => slot.scanner === "open"),
        "2024-12-23",
      ),
    ).toEqual(["01:35", "02:35", "03:35", "05:35", "06:35", "07:35"]);
    expect(
      times(
        fullDay.filter((slot) => slot.scanner === "after-lunch"),
        "2024-12-23",
      ),
    ).toEqual(["05:00", "05:30", "06:00", "06:30", "07:00", "07:30", "08:00"]);
  });
});

describe("London and New York on their DST days", () => {
  it("a 08:05 London window and a 09:35 New York window move in UTC on different dates", () => {
    const london = calendarOf("XLON");
    const newYork = calendarOf("XNYS");
    const londonOpen = [timing("lon", { windows: [["08:05", "08:05", "5m"]], cron: "0 16 * * 1-5" })];
    const newYorkOpen = [
      timing("nyc", { windows: [["09:35", "09:35", "5m"]], pre_session: parseSessionTime("09:00") }),
    ];
    expect(times(scanSlots(london, londonOpen, "2025-03-28"), "2025-03-28")).toEqual(["08:05", "16:00"]);
    expect(times(scanSlots(london, londonOpen, "2025-03-31"), "2025-03-31")).toEqual(["07:05", "15:00"]);
    expect(times(scanSlots(newYork, newYorkOpen, "2025-03-07"), "2025-03-07")).toEqual(["14:00", "14:35"]);
    expect(times(scanSlots(newYork, newYorkOpen, "2025-03-10"), "2025-03-10")).toEqual(["13:00", "13:35"]);
  });
});

describe("CME: a session from 17:00 the evening before", () => {
  const cme = calendarOf("CMES");

  it("clock times after the open are the evening before; cron runs in Chicago time over the whole session", () => {
    const slots = scanSlots(
      cme,
      [timing("evening", { windows: [["18:00", "08:00", "7h"]] }), timing("cron", { cron: "30 15 * * *" })],
      "2025-03-10",
    );
    // Sunday 18:00 CDT = 23:00 UTC (DST began that morning); then 01:00 CDT and 08:00 CDT.
    expect(times(slots)).toEqual([
      "2025-03-09 23:00",
      "2025-03-10 06:00",
      "2025-03-10 13:00",
      "2025-03-10 20:30",
    ]);
    expect(slots.map((slot) => slot.scanner)).toEqual(["evening", "evening", "evening", "cron"]);
  });

  it("stops at the 12:00 halt on a holiday: close-relative slots follow it", () => {
    const closing = [timing("closing", { windows: [["close-15m", "close", "15m"]] })];
    expect(times(scanSlots(cme, closing, "2025-01-20"))).toEqual(["2025-01-20 17:45", "2025-01-20 18:00"]);
    expect(times(scanSlots(cme, closing, "2025-01-21"))).toEqual(["2025-01-21 21:45", "2025-01-21 22:00"]);
  });
});

describe("24/7", () => {
  it("cron every 6 hours: four slots a day, weekends included, the cut belonging to the next day", () => {
    const crypto = calendarOf("CRYPTO");
    const slots = scanSlotsBetween(
      crypto,
      [timing("sixhourly", { cron: "0 */6 * * *" })],
      "2025-03-08",
      "2025-03-09",
    );
    expect(times(slots)).toEqual([
      "2025-03-08 00:00",
      "2025-03-08 06:00",
      "2025-03-08 12:00",
      "2025-03-08 18:00",
      "2025-03-09 00:00",
      "2025-03-09 06:00",
      "2025-03-09 12:00",
      "2025-03-09 18:00",
    ]);
    const daily = scanSlotsBetween(
      crypto,
      [timing("daily", { windows: [["open", "close", "60m"]] })],
      "2025-03-08",
      "2025-03-09",
    );
    expect(daily.length).toBe(48);
    expect(new Set(daily.map((slot) => slot.at)).size).toBe(48);
  });
});

describe("pre_session on each market: relative to its pre-session and open", () => {
  const preSession = (exchange: string, time: string, date: string) =>
    times(scanSlots(calendarOf(exchange), [timing("pre", { pre_session: parseSessionTime(time) })], date));

  it("true (open-30m) is 09:00 New York, 07:30 London, 08:30 Tokyo, 16:30 Chicago the evening before", () => {
    // Winter dates: New York UTC-5, London UTC+0, Tokyo UTC+9, Chicago UTC-6.
    expect(preSession("XNYS", "open-30m", "2024-12-02")).toEqual(["2024-12-02 14:00"]);
    expect(preSession("XLON", "open-30m", "2024-12-02")).toEqual(["2024-12-02 07:30"]);
    expect(preSession("XTKS", "open-30m", "2024-12-02")).toEqual(["2024-12-01 23:30"]);
    // Monday's CME session opens Sunday 17:00: its pre-session slot is Sunday 16:30, in the weekend halt.
    expect(preSession("CMES", "open-30m", "2024-12-02")).toEqual(["2024-12-01 22:30"]);
  });

  it("a clock time lies in the pre-market where there is one, else in the four hours before the open", () => {
    expect(preSession("XNYS", "04:00", "2024-12-02")).toEqual(["2024-12-02 09:00"]);
    expect(preSession("XLON", "04:00", "2024-12-02")).toEqual(["2024-12-02 04:00"]);
    // 03:59 London is more than four hours before the 08:00 open: no slot that day.
    expect(preSession("XLON", "03:59", "2024-12-02")).toEqual([]);
    // On a London early close (Christmas Eve, 12:30) the open and the pre-session are as usual.
    expect(preSession("XLON", "07:00", "2024-12-24")).toEqual(["2024-12-24 07:00"]);
    // CME: 16:15 Chicago is in the halt before Monday's Sunday-evening open.
    expect(preSession("CMES", "16:15", "2024-12-03")).toEqual(["2024-12-02 22:15"]);
  });
});

describe("CME before 2021-06-28: slots skip the 15:15–15:30 halt", () => {
  it("drops the grid points inside the halt in 2019, keeps them from 2021-06-28", () => {
    const cme = calendarOf("CMES");
    const window = [timing("afternoon", { windows: [["15:00", "15:45", "5m"]] })];
    const clock = (slots: { at: number }[]) => slots.map(({ at }) => cme.formatInstant(at).slice(11, 16));
    expect(clock(scanSlots(cme, window, "2019-12-03"))).toEqual([
      "15:00",
      "15:05",
      "15:10",
      "15:15",
      "15:30",
      "15:35",
      "15:40",
      "15:45",
    ]);
    expect(clock(scanSlots(cme, window, "2021-06-28"))).toHaveLength(10);
  });
});
