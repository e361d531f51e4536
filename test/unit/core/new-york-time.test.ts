import { describe, expect, it } from "vitest";
import {
  formatDateKey,
  newYorkDateKey,
  newYorkDstRange,
  newYorkMinuteOfDay,
  newYorkOffsetMs,
  newYorkWallTime,
  parseDateKey,
} from "../../../src/core/new-york-time.js";

const HOUR_MS = 3_600_000;

describe("New York time arithmetic", () => {
  it("knows the DST switch instants under the 2007 rules", () => {
    // 2024: DST from 2024-03-10 02:00 EST (07:00Z) to 2024-11-03 02:00 EDT (06:00Z).
    expect(newYorkDstRange(2024)).toEqual({
      startsAt: Date.parse("2024-03-10T07:00:00Z"),
      endsAt: Date.parse("2024-11-03T06:00:00Z"),
    });
  });

  it("knows the DST switch instants under the pre-2007 rules", () => {
    // 2005: first Sunday of April (04-03) to last Sunday of October (10-30).
    expect(newYorkDstRange(2005)).toEqual({
      startsAt: Date.parse("2005-04-03T07:00:00Z"),
      endsAt: Date.parse("2005-10-30T06:00:00Z"),
    });
  });

  it("gives the offset on either side of a switch", () => {
    expect(newYorkOffsetMs(Date.parse("2024-03-10T06:59:59Z"))).toBe(-5 * HOUR_MS);
    expect(newYorkOffsetMs(Date.parse("2024-03-10T07:00:00Z"))).toBe(-4 * HOUR_MS);
    expect(newYorkOffsetMs(Date.parse("2024-11-03T05:59:59Z"))).toBe(-4 * HOUR_MS);
    expect(newYorkOffsetMs(Date.parse("2024-11-03T06:00:00Z"))).toBe(-5 * HOUR_MS);
  });

  it("turns a New York wall time into the right instant in summer and winter", () => {
    expect(newYorkWallTime(20131007, 9, 30)).toBe(Date.parse("2013-10-07T09:30:00-04:00"));
    expect(newYorkWallTime(20241129, 13, 0)).toBe(Date.parse("2024-11-29T13:00:00-05:00"));
    expect(newYorkWallTime(20240311, 9, 30)).toBe(Date.parse("2024-03-11T13:30:00Z"));
  });

  it("gives the New York date and minute of day of an instant", () => {
    // 2013-10-08T03:59Z is still 2013-10-07 23:59 in New York.
    expect(newYorkDateKey(Date.parse("2013-10-08T03:59:00Z"))).toBe(20131007);
    expect(newYorkDateKey(Date.parse("2013-10-08T04:00:00Z"))).toBe(20131008);
    expect(newYorkMinuteOfDay(Date.parse("2013-10-07T09:30:00-04:00"))).toBe(570);
    expect(newYorkMinuteOfDay(Date.parse("2024-01-02T15:59:00-05:00"))).toBe(959);
  });

  it("converts date keys to and from text, refusing impossible dates", () => {
    expect(formatDateKey(20240705)).toBe("2024-07-05");
    expect(parseDateKey("2024-02-29")).toBe(20240229);
    expect(parseDateKey("2023-02-29")).toBeUndefined();
    expect(parseDateKey("2024-13-01")).toBeUndefined();
    expect(parseDateKey("24-01-01")).toBeUndefined();
  });
});
