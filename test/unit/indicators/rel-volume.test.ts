import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { AvgVolume, avgVolumeDefinition } from "../../../src/indicators/avg-volume.js";
import type { IndicatorInput } from "../../../src/indicators/indicator.js";
import { RelVolume, relVolumeDefinition } from "../../../src/indicators/rel-volume.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { readMinuteFile } from "./minute-file.js";

const spy = [...readMinuteFile("SPY-20131007"), ...readMinuteFile("SPY-20131008")];
const aapl = readMinuteFile("AAPL-20250702");

function barWithVolume(volume: number, time: number): IndicatorInput {
  return { time, open: 1, high: 1, low: 1, close: 1, volume };
}

/** Plain mean of volumes[from, to). */
function meanVolume(rows: readonly IndicatorInput[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += rows[i].volume;
  return sum / (to - from);
}

describe("AvgVolume", () => {
  for (const [name, rows] of [
    ["SPY 2013-10-07/08", spy],
    ["AAPL 2025-07-02", aapl],
  ] as const) {
    it(`is the mean volume of the last N bars on ${name} (N = 20, 5, 1)`, () => {
      for (const period of [20, 5, 1]) {
        const average = new AvgVolume(period);
        rows.forEach((row, i) => {
          const value = average.update(row);
          expect(value).toBe(i + 1 < period ? null : meanVolume(rows, i + 1 - period, i + 1));
        });
      }
    });
  }

  it("defaults to 20 bars", () => {
    expect(new AvgVolume()).toMatchObject({ period: 20, requiredBars: 20, stableBars: 20 });
    expect(avgVolumeDefinition.params.parse({})).toEqual({ period: 20 });
    expect(avgVolumeDefinition.keyParts({ period: 50 })).toEqual([50]);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new AvgVolume(0)).toThrow(IndicatorError);
    expect(() => new AvgVolume(2.5)).toThrow(
      "avg_volume: period must be a whole number from 1 to 100000, got 2.5",
    );
  });
});

describe("RelVolume", () => {
  for (const [name, rows] of [
    ["SPY 2013-10-07/08", spy],
    ["AAPL 2025-07-02", aapl],
  ] as const) {
    it(`is volume / mean volume of the previous 20 bars on ${name}, from bar 21`, () => {
      const relative = new RelVolume(20);
      rows.forEach((row, i) => {
        const value = relative.update(row);
        expect(value).toBe(i < 20 ? null : row.volume / meanVolume(rows, i - 20, i));
      });
    });
  }

  it("a bar of average volume is 1, a bar of three times the average is 3", () => {
    const relative = new RelVolume(3);
    [100, 200, 300].forEach((volume, i) => {
      relative.update(barWithVolume(volume, i));
    });
    expect(relative.replace(barWithVolume(200, 3))).toBe(1);
    expect(relative.update(barWithVolume(600, 3))).toBe(3);
    // The baseline now is (200 + 300 + 600) / 3.
    expect(relative.update(barWithVolume(1100, 4))).toBe(3);
  });

  it("after N bars without volume: 0 for another empty bar, the bar's volume otherwise (finite)", () => {
    const relative = new RelVolume(3);
    [0, 0, 0].forEach((volume, i) => {
      relative.update(barWithVolume(volume, i));
    });
    expect(relative.replace(barWithVolume(0, 3))).toBe(0);
    expect(relative.update(barWithVolume(250, 3))).toBe(250);
    expect(relative.update(barWithVolume(250, 4))).toBe(250 / (250 / 3));
  });

  it("needs period + 1 bars; defaults to 20", () => {
    expect(new RelVolume()).toMatchObject({ period: 20, requiredBars: 21, stableBars: 21 });
    expect(new RelVolume(5).requiredBars).toBe(6);
    expect(relVolumeDefinition.params.parse({})).toEqual({ period: 20 });
    expect(relVolumeDefinition.keyParts({ period: 10 })).toEqual([10]);
  });

  it("refuses a period that is not a whole number ≥ 1", () => {
    expect(() => new RelVolume(-1)).toThrow(
      "rel_volume: period must be a whole number from 1 to 100000, got -1",
    );
  });
});

describeIndicatorContract("avg_volume", () => new AvgVolume(20), spy.slice(0, 600));
describeIndicatorContract("rel_volume", () => new RelVolume(20), spy.slice(0, 600));
