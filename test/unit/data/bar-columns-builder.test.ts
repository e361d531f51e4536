import { describe, expect, it } from "vitest";
import { BarColumnsBuilder } from "../../../src/data/bar-columns-builder.js";

describe("BarColumnsBuilder", () => {
  it("grows past its initial capacity and keeps every bar in order", () => {
    const builder = new BarColumnsBuilder(1);
    for (let i = 0; i < 100; i++) builder.push(i * 60_000, i, i + 2, i - 1, i + 1, 10 * i);
    const bars = builder.build();
    expect(bars.length).toBe(100);
    expect(builder.length).toBe(100);
    expect(Array.from(bars.time.subarray(97))).toEqual([97 * 60_000, 98 * 60_000, 99 * 60_000]);
    expect([bars.open[0], bars.high[50], bars.low[99], bars.close[1], bars.volume[64]]).toEqual([
      0, 52, 98, 2, 640,
    ]);
    expect(new BarColumnsBuilder().build().length).toBe(0);
  });
});
