// The report's sampling: at most N of the charted groups, evenly spaced from the first, all of
// them when there are few.

import { describe, expect, it } from "vitest";
import { sampleEvenly } from "../../../src/web/report-data.js";

describe("sampleEvenly", () => {
  it("keeps everything when there are no more than asked for", () => {
    expect(sampleEvenly(3, 24)).toEqual([0, 1, 2]);
    expect(sampleEvenly(0, 24)).toEqual([]);
  });

  it("spreads the picks evenly from the first", () => {
    expect(sampleEvenly(10, 4)).toEqual([0, 2, 5, 7]);
    expect(sampleEvenly(865, 24).slice(0, 4)).toEqual([0, 36, 72, 108]);
    expect(sampleEvenly(865, 24)).toHaveLength(24);
  });

  it("charts nothing when asked for none", () => {
    expect(sampleEvenly(10, 0)).toEqual([]);
  });
});
