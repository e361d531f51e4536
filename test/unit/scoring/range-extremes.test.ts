// The blocked range maximum/minimum against a plain scan, on every range of seeded series,
// including a table reused for a shorter and then a longer series, and tables built from a later
// bar on and for ranges of a bounded length (what a run's scoring builds).

import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../../src/data/seeded-random.js";
import { RangeExtremes } from "../../../src/scoring/range-extremes.js";

function series(length: number, seed: number): { high: Float64Array; low: Float64Array } {
  const random = new SeededRandom(seed);
  const high = Float64Array.from({ length }, () => 100 + random.uniform(0, 10));
  const low = Float64Array.from(high, (value) => value - random.uniform(0, 3));
  return { high, low };
}

describe("RangeExtremes", () => {
  it("gives the highest high and lowest low of every range", () => {
    const extremes = new RangeExtremes();
    for (const [length, seed] of [
      [1, 1],
      [37, 2],
      [5, 3],
      [130, 4],
    ]) {
      const { high, low } = series(length, seed);
      extremes.build(high, low);
      for (let first = 0; first < length; first++) {
        let max = Number.NEGATIVE_INFINITY;
        let min = Number.POSITIVE_INFINITY;
        for (let last = first; last < length; last++) {
          max = Math.max(max, high[last]);
          min = Math.min(min, low[last]);
          expect(extremes.maxHigh(first, last)).toBe(max);
          expect(extremes.minLow(first, last)).toBe(min);
        }
      }
    }
  });

  it("built from a later bar and for bounded ranges, gives every range it covers and refuses the others", () => {
    const extremes = new RangeExtremes();
    for (const [length, seed, from, maxSpan] of [
      [200, 5, 60, 17],
      [40, 6, 0, 40],
      [90, 7, 89, 1],
      [300, 8, 120, 64],
      [25, 9, 3, 8],
      // Many blocks of 32 between a range's ends, a last block cut short, and a bound that is not
      // a whole number of blocks.
      [1_000, 10, 7, 700],
      [333, 11, 0, 333],
    ]) {
      const { high, low } = series(length, seed);
      extremes.build(high, low, from, maxSpan);
      // Compared in plain loops (hundreds of thousands of ranges): the ranges that differ, listed.
      const wrong: string[] = [];
      let ranges = 0;
      for (let first = from; first < length; first++) {
        let max = Number.NEGATIVE_INFINITY;
        let min = Number.POSITIVE_INFINITY;
        for (let last = first; last < length && last - first < maxSpan; last++) {
          max = Math.max(max, high[last]);
          min = Math.min(min, low[last]);
          ranges++;
          if (extremes.maxHigh(first, last) !== max || extremes.minLow(first, last) !== min) {
            wrong.push(`${first}..${last}`);
          }
        }
      }
      expect(wrong).toEqual([]);
      const longest = Math.min(maxSpan, length - from);
      expect(ranges).toBe(longest * (length - from) - (longest * (longest - 1)) / 2);
      if (from > 0) expect(() => extremes.maxHigh(from - 1, from)).toThrow(RangeError);
      if (from + maxSpan < length) expect(() => extremes.minLow(from, from + maxSpan)).toThrow(RangeError);
      expect(() => extremes.maxHigh(length - 1, length)).toThrow(RangeError);
    }
  });
});
