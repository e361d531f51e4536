import { describe, expect, it } from "vitest";
import { ImportError } from "../../../src/core/errors.js";
import { localTimeToUtcIn } from "../../../src/data/zone-time.js";
import { thrown } from "../../helpers/thrown.js";

/** A wall time written as if it were UTC. */
const wall = (text: string): number => Date.parse(`${text}Z`);

describe("localTimeToUtcIn", () => {
  it("reads New York wall times in EST and EDT, the skipped hour as NaN, the repeated one as its first instant", () => {
    const newYork = localTimeToUtcIn("America/New_York");
    expect(newYork(wall("2013-10-07T09:30:00"))).toBe(Date.parse("2013-10-07T09:30:00-04:00"));
    expect(newYork(wall("2013-12-02T09:30:00"))).toBe(Date.parse("2013-12-02T09:30:00-05:00"));
    expect(newYork(wall("2013-03-10T02:30:00"))).toBeNaN();
    expect(newYork(wall("2013-03-10T03:00:00"))).toBe(Date.parse("2013-03-10T03:00:00-04:00"));
    expect(newYork(wall("2013-11-03T01:30:00"))).toBe(Date.parse("2013-11-03T01:30:00-04:00"));
  });

  it("reads other IANA zones through Intl the same way", () => {
    expect(localTimeToUtcIn("UTC")(wall("2013-10-07T13:30:00"))).toBe(Date.parse("2013-10-07T13:30:00Z"));
    const london = localTimeToUtcIn("Europe/London");
    expect(london(wall("2013-10-07T14:30:00"))).toBe(Date.parse("2013-10-07T13:30:00Z"));
    expect(london(wall("2013-12-02T14:30:00"))).toBe(Date.parse("2013-12-02T14:30:00Z"));
    expect(london(wall("2013-03-31T01:30:00"))).toBeNaN();
    expect(london(wall("2013-10-27T01:30:00"))).toBe(Date.parse("2013-10-27T01:30:00+01:00"));
    expect(localTimeToUtcIn("Asia/Kolkata")(wall("2013-10-07T19:00:00"))).toBe(
      Date.parse("2013-10-07T13:30:00Z"),
    );
  });

  it("refuses an unknown zone with a coded error", () => {
    const error = thrown(() => localTimeToUtcIn("Mars/Olympus"));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toBe(
      '--tz "Mars/Olympus" is not a time zone (expected an IANA name like America/New_York or UTC)',
    );
  });
});
