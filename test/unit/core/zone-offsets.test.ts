// Zone offsets from the transition table: the exact minute of DST changes in several zones, zones
// without DST, New York's table read from the US rules (checked against Intl's zone data), and an
// unknown zone as a coded error.

import { describe, expect, it } from "vitest";
import { CalendarError } from "../../../src/core/errors.js";
import { newYorkDstRange, newYorkOffsetMs } from "../../../src/core/new-york-time.js";
import { intlOffsetReader, ZoneOffsets } from "../../../src/core/zone-offsets.js";

const HOUR_MS = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("ZoneOffsets", () => {
  it("changes offset at the exact instant of each zone's DST switch", () => {
    const london = ZoneOffsets.of("Europe/London");
    expect(london.offsetAt(at("2025-03-30T00:59:59Z"))).toBe(0);
    expect(london.offsetAt(at("2025-03-30T01:00:00Z"))).toBe(HOUR_MS);
    const sydney = ZoneOffsets.of("Australia/Sydney");
    expect(sydney.offsetAt(at("2025-04-05T15:59:59Z"))).toBe(11 * HOUR_MS);
    expect(sydney.offsetAt(at("2025-04-05T16:00:00Z"))).toBe(10 * HOUR_MS);
    expect(ZoneOffsets.of("Asia/Tokyo").offsetAt(at("2025-07-01T00:00:00Z"))).toBe(9 * HOUR_MS);
    expect(ZoneOffsets.of("UTC").offsetAt(at("2025-07-01T00:00:00Z"))).toBe(0);
  });

  it("reads New York from the US rules, which agree with Intl's zone data every 6 hours and at each switch's minute of 1989–2036", () => {
    const intl = intlOffsetReader("America/New_York");
    const newYork = ZoneOffsets.of("America/New_York");
    for (let time = at("1989-01-01T00:00:00Z"); time < at("2037-01-01T00:00:00Z"); time += 6 * HOUR_MS) {
      const expected = intl(time);
      if (newYorkOffsetMs(time) !== expected || newYork.offsetAt(time) !== expected)
        throw new Error(`differs at ${new Date(time).toISOString()}`);
    }
    for (let year = 1989; year < 2037; year++) {
      const { startsAt, endsAt } = newYorkDstRange(year);
      for (const time of [startsAt - 60_000, startsAt, endsAt - 60_000, endsAt]) {
        expect(newYork.offsetAt(time)).toBe(intl(time));
      }
    }
    expect(newYork.offsetAt(at("2025-03-09T06:59:00Z"))).toBe(-5 * HOUR_MS);
    expect(newYork.offsetAt(at("2025-03-09T07:00:00Z"))).toBe(-4 * HOUR_MS);
  });

  it("turns local wall times into instants and back to local days", () => {
    const berlin = ZoneOffsets.of("Europe/Berlin");
    const day = Date.UTC(2025, 2, 31) / 86_400_000;
    expect(berlin.instantOf(day, 9 * 60)).toBe(at("2025-03-31T07:00:00Z"));
    expect(berlin.dayNumberAt(at("2025-03-30T22:30:00Z"))).toBe(day);
  });

  it("refuses an unknown zone with a coded error", () => {
    expect(() => ZoneOffsets.of("Mars/Olympus_Mons")).toThrow(CalendarError);
    expect(() => ZoneOffsets.of("Mars/Olympus_Mons")).toThrow(
      '"Mars/Olympus_Mons" is not a time zone this runtime knows',
    );
  });
});
