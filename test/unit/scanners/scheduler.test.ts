import { describe, expect, it } from "vitest";
import { CalendarError, IntervalError, ScheduleError } from "../../../src/core/errors.js";
import type { ScannerTiming } from "../../../src/scanners/scanner-spec.js";
import { type ScanSlot, scanSlots, scanSlotsBetween } from "../../../src/scanners/scheduler.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { parseSessionTime } from "../../../src/time/session-time.js";

const calendar = new ExchangeCalendar();

interface TimingParts {
  pre?: string;
  windows?: readonly (readonly [start: string, end: string, interval: string])[];
  cron?: string;
}

function timing(name: string, parts: TimingParts): ScannerTiming {
  return {
    name,
    pre_session: parts.pre === undefined ? undefined : parseSessionTime(parts.pre),
    regular_session: (parts.windows ?? []).map(([start, end, interval]) => ({
      start: parseSessionTime(start),
      end: parseSessionTime(end),
      interval,
    })),
    cron: parts.cron,
  };
}

/** Slots as `instant scanner kind`, the instant in New York time with its offset. */
function show(slots: readonly ScanSlot[]): string[] {
  return slots.map((slot) => `${calendar.formatInstant(slot.at)} ${slot.scanner} ${slot.kind}`);
}

/** `date`T`time` with `offset` for each time, as `show` prints a slot of `scanner`. */
function expected(
  date: string,
  offset: string,
  scanner: string,
  kind: string,
  times: readonly string[],
): string[] {
  return times.map(
    (time) => `${date}T${time.length === 5 ? `${time}:00` : time}${offset} ${scanner} ${kind}`,
  );
}

describe("scanSlots: regular windows", () => {
  it("gives exactly 12 slots for 09:35–10:30 every 5m (the seed's acceptance case)", () => {
    const slots = scanSlots(
      calendar,
      [timing("momentum", { windows: [["09:35", "10:30", "5m"]] })],
      "2024-11-26",
    );
    expect(show(slots)).toEqual(
      expected("2024-11-26", "-05:00", "momentum", "regular", [
        "09:35",
        "09:40",
        "09:45",
        "09:50",
        "09:55",
        "10:00",
        "10:05",
        "10:10",
        "10:15",
        "10:20",
        "10:25",
        "10:30",
      ]),
    );
  });

  it("schedules two windows of one scanner back to back, each on its own grid", () => {
    const slots = scanSlots(
      calendar,
      [
        timing("momentum", {
          windows: [
            ["09:35", "09:50", "5m"],
            ["14:00", "15:55", "10m"],
          ],
        }),
      ],
      "2024-11-26",
    );
    expect(show(slots)).toEqual(
      expected("2024-11-26", "-05:00", "momentum", "regular", [
        "09:35",
        "09:40",
        "09:45",
        "09:50",
        "14:00",
        "14:10",
        "14:20",
        "14:30",
        "14:40",
        "14:50",
        "15:00",
        "15:10",
        "15:20",
        "15:30",
        "15:40",
        "15:50",
      ]),
    );
  });

  it("lays a 60m window from 09:30 to 16:00 on a grid from 09:30, so 16:00 (off the grid) is not a slot", () => {
    const slots = scanSlots(
      calendar,
      [timing("hourly", { windows: [["09:30", "16:00", "60m"]] })],
      "2024-11-26",
    );
    expect(show(slots)).toEqual(
      expected("2024-11-26", "-05:00", "hourly", "regular", [
        "09:30",
        "10:30",
        "11:30",
        "12:30",
        "13:30",
        "14:30",
        "15:30",
      ]),
    );
  });

  it("includes the end when it is on the grid, even at the close (09:30–16:00 every 30m ends at 16:00)", () => {
    const slots = scanSlots(
      calendar,
      [timing("half", { windows: [["09:30", "16:00", "30m"]] })],
      "2024-11-26",
    );
    expect(slots).toHaveLength(14);
    expect(show(slots.slice(0, 2))).toEqual(
      expected("2024-11-26", "-05:00", "half", "regular", ["09:30", "10:00"]),
    );
    expect(show(slots.slice(-2))).toEqual(
      expected("2024-11-26", "-05:00", "half", "regular", ["15:30", "16:00"]),
    );
  });

  it("anchors the grid at a window start before the open and drops the points before it", () => {
    const slots = scanSlots(
      calendar,
      [timing("early", { windows: [["09:00", "10:00", "20m"]] })],
      "2024-11-26",
    );
    expect(show(slots)).toEqual(expected("2024-11-26", "-05:00", "early", "regular", ["09:40", "10:00"]));
  });
});

describe("scanSlots: pre-session", () => {
  it("orders a pre-session scanner (09:00) and a regular one by time, then by their order in the config", () => {
    const timings = [
      timing("momentum", { windows: [["09:35", "09:45", "5m"]] }),
      timing("gap", { pre: "09:00" }),
      timing("breakout", { pre: "open-30m", windows: [["09:35", "09:40", "5m"]] }),
    ];
    expect(show(scanSlots(calendar, timings, "2024-11-26"))).toEqual([
      "2024-11-26T09:00:00-05:00 gap pre_session",
      "2024-11-26T09:00:00-05:00 breakout pre_session",
      "2024-11-26T09:35:00-05:00 momentum regular",
      "2024-11-26T09:35:00-05:00 breakout regular",
      "2024-11-26T09:40:00-05:00 momentum regular",
      "2024-11-26T09:40:00-05:00 breakout regular",
      "2024-11-26T09:45:00-05:00 momentum regular",
    ]);
  });

  it("drops a pre-session time at or after the open (the seed ran 'pre-session' at 09:30) or before the pre-market", () => {
    const timings = [
      timing("at-open", { pre: "09:30" }),
      timing("late", { pre: "10:00" }),
      timing("night", { pre: "03:59" }),
      timing("first", { pre: "04:00" }),
      timing("last", { pre: "09:29" }),
    ];
    expect(show(scanSlots(calendar, timings, "2024-11-26"))).toEqual([
      "2024-11-26T04:00:00-05:00 first pre_session",
      "2024-11-26T09:29:00-05:00 last pre_session",
    ]);
  });
});

describe("scanSlots: early close (2024-11-29, closes 13:00)", () => {
  it("stops a clock-time window at the close and keeps a slot exactly at 13:00", () => {
    const slots = scanSlots(
      calendar,
      [timing("momentum", { windows: [["09:35", "15:55", "5m"]] })],
      "2024-11-29",
    );
    expect(slots).toHaveLength(42);
    expect(show(slots.slice(0, 2))).toEqual(
      expected("2024-11-29", "-05:00", "momentum", "regular", ["09:35", "09:40"]),
    );
    expect(show(slots.slice(-3))).toEqual(
      expected("2024-11-29", "-05:00", "momentum", "regular", ["12:50", "12:55", "13:00"]),
    );
  });

  it("gives no slots to a clock-time window that starts after the early close", () => {
    expect(
      scanSlots(calendar, [timing("afternoon", { windows: [["14:00", "15:00", "5m"]] })], "2024-11-29"),
    ).toEqual([]);
  });

  it("moves session-relative windows with the close", () => {
    const timings = [
      timing("relative", { windows: [["open+5m", "close-15m", "5m"]] }),
      timing("closing", { windows: [["close-30m", "close", "10m"]] }),
    ];
    const normal = scanSlots(calendar, timings, "2024-11-26");
    const relativeNormal = normal.filter((slot) => slot.scanner === "relative");
    expect(relativeNormal).toHaveLength(75);
    expect(show(relativeNormal.slice(-1))).toEqual(["2024-11-26T15:45:00-05:00 relative regular"]);
    expect(show(normal.filter((slot) => slot.scanner === "closing"))).toEqual(
      expected("2024-11-26", "-05:00", "closing", "regular", ["15:30", "15:40", "15:50", "16:00"]),
    );

    const early = scanSlots(calendar, timings, "2024-11-29");
    const relativeEarly = early.filter((slot) => slot.scanner === "relative");
    expect(relativeEarly).toHaveLength(39);
    expect(show(relativeEarly.slice(0, 1))).toEqual(["2024-11-29T09:35:00-05:00 relative regular"]);
    expect(show(relativeEarly.slice(-2))).toEqual([
      "2024-11-29T12:40:00-05:00 relative regular",
      "2024-11-29T12:45:00-05:00 relative regular",
    ]);
    expect(show(early.filter((slot) => slot.scanner === "closing"))).toEqual(
      expected("2024-11-29", "-05:00", "closing", "regular", ["12:30", "12:40", "12:50", "13:00"]),
    );
  });
});

describe("scanSlots: cron", () => {
  const halfHourly = [timing("sweep", { cron: "*/30 10-15 * * 1-5" })];

  it("fires */30 10-15 on a normal day from 10:00 to 15:30, in New York time", () => {
    expect(show(scanSlots(calendar, halfHourly, "2024-11-26"))).toEqual(
      expected("2024-11-26", "-05:00", "sweep", "cron", [
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
        "13:00",
        "13:30",
        "14:00",
        "14:30",
        "15:00",
        "15:30",
      ]),
    );
  });

  it("stops */30 10-15 at the early close, keeping the slot at 13:00", () => {
    expect(show(scanSlots(calendar, halfHourly, "2024-11-29"))).toEqual(
      expected("2024-11-29", "-05:00", "sweep", "cron", [
        "10:00",
        "10:30",
        "11:00",
        "11:30",
        "12:00",
        "12:30",
        "13:00",
      ]),
    );
  });

  it("gives a pre-open cron slot for 0 9 * * *", () => {
    expect(show(scanSlots(calendar, [timing("morning", { cron: "0 9 * * *" })], "2024-11-26"))).toEqual([
      "2024-11-26T09:00:00-05:00 morning cron",
    ]);
  });

  it("bounds * * * * * to the pre-market start and the close, both included", () => {
    const slots = scanSlots(calendar, [timing("every", { cron: "* * * * *" })], "2024-11-29");
    expect(slots).toHaveLength(9 * 60 + 1);
    expect(show([slots[0], slots[slots.length - 1]])).toEqual([
      "2024-11-29T04:00:00-05:00 every cron",
      "2024-11-29T13:00:00-05:00 every cron",
    ]);
  });

  it("keeps the seconds of a six-field cron", () => {
    expect(show(scanSlots(calendar, [timing("secs", { cron: "30 59 12 * * *" })], "2024-11-29"))).toEqual([
      "2024-11-29T12:59:30-05:00 secs cron",
    ]);
  });

  it("refuses a cron that fires more than once a minute, on any day, before counting its slots", () => {
    const everySecond = [timing("flood", { cron: "* * * * * *" })];
    for (const date of ["2024-11-29", "2024-11-30"]) {
      expect(() => scanSlots(calendar, everySecond, date)).toThrow(
        new ScheduleError(
          'scanner "flood" has cron "* * * * * *", which fires 60 times a minute (seconds 0,1,2,3,…); ' +
            "a schedule can be no finer than the feed's 1-minute bars: give the seconds field one value " +
            '(e.g. "0 * * * * *") or use 5 fields',
          { location: { path: "cron" } },
        ),
      );
    }
    const twiceAMinute = [timing("twice", { cron: "0,30 * 10 * * *" })];
    expect(() => scanSlots(calendar, twiceAMinute, "2024-11-29")).toThrow(
      /fires 2 times a minute \(seconds 0,30\)/,
    );
  });

  it("gives nothing for a Saturday-only cron, and nothing on a Saturday even for * * * * *", () => {
    const saturdays = [timing("weekend", { cron: "* * * * 6" })];
    expect(scanSlotsBetween(calendar, saturdays, "2024-11-25", "2024-12-01")).toEqual([]);
    expect(scanSlots(calendar, [timing("every", { cron: "* * * * *" })], "2024-11-30")).toEqual([]);
  });
});

describe("scanSlots: merging", () => {
  it("gives a scanner one slot per instant, preferring pre_session over regular over cron", () => {
    const timings = [
      timing("merged", {
        pre: "09:00",
        windows: [
          ["09:35", "10:00", "5m"],
          ["09:45", "10:15", "15m"],
        ],
        cron: "*/15 9-10 * * *",
      }),
    ];
    expect(show(scanSlots(calendar, timings, "2024-11-26"))).toEqual([
      "2024-11-26T09:00:00-05:00 merged pre_session",
      "2024-11-26T09:15:00-05:00 merged cron",
      "2024-11-26T09:30:00-05:00 merged cron",
      "2024-11-26T09:35:00-05:00 merged regular",
      "2024-11-26T09:40:00-05:00 merged regular",
      "2024-11-26T09:45:00-05:00 merged regular",
      "2024-11-26T09:50:00-05:00 merged regular",
      "2024-11-26T09:55:00-05:00 merged regular",
      "2024-11-26T10:00:00-05:00 merged regular",
      "2024-11-26T10:15:00-05:00 merged regular",
      "2024-11-26T10:30:00-05:00 merged cron",
      "2024-11-26T10:45:00-05:00 merged cron",
    ]);
  });

  it("does not merge slots of different scanners at the same instant", () => {
    const timings = [
      timing("a", { cron: "0 10 * * *" }),
      timing("b", { windows: [["10:00", "10:00", "5m"]] }),
    ];
    expect(show(scanSlots(calendar, timings, "2024-11-26"))).toEqual([
      "2024-11-26T10:00:00-05:00 a cron",
      "2024-11-26T10:00:00-05:00 b regular",
    ]);
  });
});

describe("scanSlots: calendar", () => {
  const momentum = [timing("momentum", { windows: [["09:35", "09:45", "5m"]] })];

  it("returns [] on a holiday and on a weekend", () => {
    expect(scanSlots(calendar, momentum, "2024-11-28")).toEqual([]);
    expect(scanSlots(calendar, momentum, "2024-11-30")).toEqual([]);
  });

  it("skips Thanksgiving in the week of 2024-11-25 and follows the early close on 11-29", () => {
    const timings = [
      timing("momentum", { windows: [["09:35", "09:45", "5m"]] }),
      timing("late", { cron: "0 15 * * *" }),
    ];
    expect(show(scanSlotsBetween(calendar, timings, "2024-11-25", "2024-11-29"))).toEqual([
      ...expected("2024-11-25", "-05:00", "momentum", "regular", ["09:35", "09:40", "09:45"]),
      "2024-11-25T15:00:00-05:00 late cron",
      ...expected("2024-11-26", "-05:00", "momentum", "regular", ["09:35", "09:40", "09:45"]),
      "2024-11-26T15:00:00-05:00 late cron",
      ...expected("2024-11-27", "-05:00", "momentum", "regular", ["09:35", "09:40", "09:45"]),
      "2024-11-27T15:00:00-05:00 late cron",
      ...expected("2024-11-29", "-05:00", "momentum", "regular", ["09:35", "09:40", "09:45"]),
    ]);
  });

  const dstTimings = [
    timing("gap", { pre: "09:00" }),
    timing("momentum", { windows: [["09:35", "09:35", "5m"]] }),
    timing("closing", { cron: "0 16 * * 1-5" }),
  ];
  const utc = (slots: readonly ScanSlot[]) =>
    slots.map((slot) => `${new Date(slot.at).toISOString()} ${slot.scanner}`);

  it("puts slots at the right UTC instants across the 2024 spring switch (2024-03-10)", () => {
    const slots = scanSlotsBetween(calendar, dstTimings, "2024-03-08", "2024-03-11");
    expect(utc(slots)).toEqual([
      "2024-03-08T14:00:00.000Z gap",
      "2024-03-08T14:35:00.000Z momentum",
      "2024-03-08T21:00:00.000Z closing",
      "2024-03-11T13:00:00.000Z gap",
      "2024-03-11T13:35:00.000Z momentum",
      "2024-03-11T20:00:00.000Z closing",
    ]);
    expect(show(slots.slice(3, 4))).toEqual(["2024-03-11T09:00:00-04:00 gap pre_session"]);
  });

  it("puts slots at the right UTC instants across the 2024 autumn switch (2024-11-03)", () => {
    const slots = scanSlotsBetween(calendar, dstTimings, "2024-11-01", "2024-11-04");
    expect(utc(slots)).toEqual([
      "2024-11-01T13:00:00.000Z gap",
      "2024-11-01T13:35:00.000Z momentum",
      "2024-11-01T20:00:00.000Z closing",
      "2024-11-04T14:00:00.000Z gap",
      "2024-11-04T14:35:00.000Z momentum",
      "2024-11-04T21:00:00.000Z closing",
    ]);
    expect(show(slots.slice(4, 5))).toEqual(["2024-11-04T09:35:00-05:00 momentum regular"]);
  });
});

describe("scanSlots: errors", () => {
  it("rejects a bad cron expression with SCN_ERR_SCHEDULE naming the scanner, even on a closed day", () => {
    const bad = [timing("broken", { cron: "61 * * * *" })];
    expect(() => scanSlots(calendar, bad, "2024-11-30")).toThrow(ScheduleError);
    expect(() => scanSlots(calendar, bad, "2024-11-26")).toThrow(
      expect.objectContaining({
        code: "SCN_ERR_SCHEDULE",
        message: expect.stringMatching(
          /^scanner "broken" has cron "61 \* \* \* \*", which is not a cron expression \(/,
        ),
      }),
    );
  });

  it("rejects a window interval that is not whole minutes", () => {
    const daily = [timing("daily", { windows: [["09:35", "10:30", "1d"]] })];
    expect(() => scanSlots(calendar, daily, "2024-11-26")).toThrow(ScheduleError);
    expect(() => scanSlots(calendar, daily, "2024-11-26")).toThrow(
      'scanner "daily" regular_session[0] (09:35–10:30) has interval "1d"; windows need a minute interval like "5m" or "1h"',
    );
    const garbage = [timing("garbage", { windows: [["09:35", "10:30", "5x"]] })];
    expect(() => scanSlots(calendar, garbage, "2024-11-26")).toThrow(IntervalError);
  });

  it("rejects two scanners with one name", () => {
    const twice = [timing("same", { pre: "09:00" }), timing("same", { cron: "0 10 * * *" })];
    expect(() => scanSlotsBetween(calendar, twice, "2024-11-26", "2024-11-26")).toThrow(
      'two scanners are named "same"; slots are identified by scanner name',
    );
  });

  it("rejects a malformed date or a reversed range with a CalendarError", () => {
    const timings = [timing("momentum", { windows: [["09:35", "09:45", "5m"]] })];
    expect(() => scanSlots(calendar, timings, "2024-13-01")).toThrow(CalendarError);
    expect(() => scanSlotsBetween(calendar, timings, "2024-11-29", "2024-11-25")).toThrow(CalendarError);
  });
});
