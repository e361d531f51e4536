// The zone table read a year at a time, as instants are asked for: whatever order the years are
// asked in (forwards, backwards, scattered, outside the table's years first), every instant every
// two days of 1989–2037 and the minute before and at each change between them has the offset
// Intl itself gives, in zones with DST rules north and south, an abolished DST (São Paulo, 2019),
// Morocco's Ramadan changes, and a zone without DST.

import { describe, expect, it, vi } from "vitest";

const MINUTE_MS = 60_000;
const STEP_MS = 2 * 86_400_000;
const FROM = Date.UTC(1989, 0, 1);
const TO = Date.UTC(2037, 0, 1);

/** The offset Intl gives at an instant (the reference, read apart from the table). */
function intlOffset(timeZone: string): (time: number) => number {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return (time) => {
    const [date, clock] = format.format(time).split(", ");
    const [month, day, year] = date.split("/").map(Number);
    const [hour, minute, second] = clock.split(":").map(Number);
    return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(time / 1000) * 1000;
  };
}

/** The instants checked: every two days, and around each change between two of them, to the minute. */
function probes(reference: (time: number) => number): number[] {
  const times: number[] = [];
  for (let time = FROM; time < TO; time += STEP_MS) {
    times.push(time);
    const next = time + STEP_MS;
    if (next < TO && reference(next) !== reference(time)) {
      let low = time;
      let high = next;
      while (high - low > MINUTE_MS) {
        const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
        if (reference(middle) === reference(time)) low = middle;
        else high = middle;
      }
      times.push(high - MINUTE_MS, high);
    }
  }
  return times;
}

/** The years' first instants in an order, each asked first of a fresh table. */
const ORDERS: Readonly<Record<string, readonly number[]>> = {
  forwards: Array.from({ length: 49 }, (_, index) => Date.UTC(1989 + index, 5, 1)),
  backwards: Array.from({ length: 49 }, (_, index) => Date.UTC(2037 - index, 5, 1)),
  scattered: [
    Date.UTC(2024, 9, 25),
    Date.UTC(2030, 0, 1),
    Date.UTC(1995, 6, 1),
    Date.UTC(2050, 0, 1),
    Date.UTC(1970, 0, 1),
  ],
  "NaN first": [Number.NaN, Date.UTC(2024, 9, 25)],
};

describe("ZoneOffsets read in spans", () => {
  for (const timeZone of [
    "America/New_York",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Asia/Kolkata",
  ]) {
    it(`${timeZone}: the offset Intl gives, whatever order the years are read in`, async () => {
      const reference = intlOffset(timeZone);
      const times = probes(reference);
      const expected = times.map(reference);
      for (const [order, firstAsked] of Object.entries(ORDERS)) {
        vi.resetModules();
        const { ZoneOffsets } = await import("../../../src/core/zone-offsets.js");
        const table = ZoneOffsets.of(timeZone);
        for (const time of firstAsked) table.offsetAt(time);
        const differing = times.filter((time, index) => table.offsetAt(time) !== expected[index]);
        expect(differing.map((time) => `${order}: ${new Date(time).toISOString()}`)).toEqual([]);
        // Outside the table's years, the offset at its edges.
        expect(table.offsetAt(Date.UTC(1900, 0, 1))).toBe(reference(FROM));
        expect(table.offsetAt(Number.NaN)).toBe(reference(FROM));
      }
    });
  }
});
