// The median by selection against the median of a sorted copy, on seeded columns of every shape a
// report meets: odd and even lengths, many ties, sorted and reversed input, one value.

import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../../src/data/seeded-random.js";
import { medianInPlace } from "../../../src/scoring/median.js";

function sortedMedian(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe("medianInPlace", () => {
  it("equals the sorted median on random, tied, sorted and reversed columns", () => {
    const random = new SeededRandom(11);
    const shapes: Array<(n: number) => Float64Array> = [
      (n) => Float64Array.from({ length: n }, () => random.uniform(-5, 5)),
      // `+ 0`: a rounded −0 is +0 here, as in the returns a report takes (score-run.ts `flip`).
      (n) => Float64Array.from({ length: n }, () => Math.round(random.uniform(-3, 3)) + 0),
      (n) => Float64Array.from({ length: n }, (_, i) => i * 0.25),
      (n) => Float64Array.from({ length: n }, (_, i) => n - i),
      (n) => Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * i),
    ];
    let compared = 0;
    for (const shape of shapes) {
      for (const n of [1, 2, 3, 4, 15, 16, 17, 33, 100, 101, 1_000, 4_097]) {
        const values = shape(n);
        const expected = sortedMedian(values);
        expect(medianInPlace(values)).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBe(60);
  });

  it("is NaN for no values", () => {
    expect(medianInPlace(new Float64Array(0))).toBeNaN();
  });
});
