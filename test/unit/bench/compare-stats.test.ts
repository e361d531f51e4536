// The arithmetic of `npm run bench:compare` (bench/compare/compare-stats.ts): the rotated order of
// a round, medians, the medians of per-round ratios to the baseline, and where two runs' scan rows
// first differ.

import { describe, expect, it } from "vitest";
import {
  firstDifference,
  median,
  type RunFigures,
  roundOrder,
  type ScanRow,
  summarize,
} from "../../../bench/compare/compare-stats.js";

function figures(wall: number, overrides: Partial<RunFigures> = {}): RunFigures {
  return {
    wallSeconds: wall,
    backtestSeconds: wall - 0.25,
    cpuSeconds: wall * 1.5,
    peakRssMegabytes: 250,
    mainThreadRunSeconds: wall - 0.5,
    mainThreadWaitSeconds: 0.125,
    ...overrides,
  };
}

const row = (scanner: string, scheduledAt: number, hits: number, hash: number): ScanRow => ({
  scanner,
  scheduledAt,
  status: "ok",
  hits,
  hash,
});

describe("bench:compare's arithmetic", () => {
  it("starts each round one variant later than the round before", () => {
    expect([0, 1, 2, 3].map((round) => roundOrder(3, round))).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 1, 2],
    ]);
  });

  it("takes the middle value, the mean of the two middle ones for an even count, NaN for none or a NaN", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 2])).toBeNaN();
  });

  it("reports medians, and medians of the per-round ratios to the baseline (not the ratio of medians)", () => {
    // Per round the other variant's wall is 0.95, 0.5 and 0.9 of the baseline's: the median ratio is
    // 0.9, while the ratio of the medians (2 / 3) would be 0.667.
    const baseline = [figures(2), figures(4), figures(3)];
    const other = [figures(1.9), figures(2), figures(2.7, { peakRssMegabytes: 300 })];
    const [base, compared] = summarize([baseline, other]);
    expect(base.ratios).toBeUndefined();
    expect(base.medians.wallSeconds).toBe(3);
    expect(compared.medians.wallSeconds).toBe(2);
    expect(compared.ratios?.wallSeconds).toBeCloseTo(0.9, 12);
    expect(compared.ratios?.cpuSeconds).toBeCloseTo(0.9, 12);
    // Backtest seconds are wall − 0.25: 1.65/1.75, 1.75/3.75 and 2.45/2.75 per round.
    expect(compared.ratios?.backtestSeconds).toBeCloseTo(2.45 / 2.75, 12);
    expect(compared.medians.peakRssMegabytes).toBe(250);
    expect(compared.ratios?.peakRssMegabytes).toBe(1);
    expect(compared.ratios?.mainThreadWaitSeconds).toBe(1);
    expect(() => summarize([baseline, other.slice(1)])).toThrow("every variant must have run every round");
  });

  it("names the first row that differs, or the counts when one run has fewer rows", () => {
    const at = Date.UTC(2024, 9, 31, 13, 35);
    const rows = [row("rsi-below", at, 12, 99), row("above-vwap", at, 700, 5)];
    expect(
      firstDifference(
        rows,
        rows.map((r) => ({ ...r })),
      ),
    ).toBeUndefined();
    expect(firstDifference(rows, [rows[0], { ...rows[1], hash: 6 }])).toBe(
      "row 2 differs: above-vwap at 2024-10-31T13:35:00.000Z ok with 700 hits (hash 5) against above-vwap at 2024-10-31T13:35:00.000Z ok with 700 hits (hash 6)",
    );
    expect(firstDifference(rows, [{ ...rows[0], status: "error" }, rows[1]])).toBe(
      "row 1 differs: rsi-below at 2024-10-31T13:35:00.000Z ok with 12 hits (hash 99) against rsi-below at 2024-10-31T13:35:00.000Z error with 12 hits (hash 99)",
    );
    expect(firstDifference(rows, rows.slice(0, 1))).toBe("1 scan rows against 2");
  });
});
