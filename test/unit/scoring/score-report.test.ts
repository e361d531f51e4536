// The figures of `evaluate` from given scores: counts, means, medians, hit rates, the hit-weighted
// baseline, the edge and its interval, per group; nulls counted apart; reproducible output.

import { describe, expect, it } from "vitest";
import { LARGE_SAMPLE, meanInterval, quantile } from "../../../src/scoring/bootstrap.js";
import { parseHorizons } from "../../../src/scoring/horizons.js";
import { buildReport, timeBucketOf } from "../../../src/scoring/score-report.js";
import type { RunScores } from "../../../src/scoring/score-types.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { edt } from "../../helpers/forward-reference.js";

const nyse = new ExchangeCalendar();

interface GivenHit {
  readonly at: number;
  readonly date: string;
  readonly returns: readonly (number | null)[];
  readonly baseline: readonly (number | null)[];
  readonly scanner?: number;
}

/** Scores of one horizon-list with the given hit returns and slot baselines (MFE = |r|, MAE = -|r|). */
function scoresOf(hits: readonly GivenHit[], horizons = "5m,close"): RunScores {
  const parsed = parseHorizons(horizons);
  const nan = (value: number | null) => (value === null ? Number.NaN : value);
  const flat = (pick: (hit: GivenHit, index: number) => number) =>
    Float64Array.from(hits.flatMap((hit) => parsed.map((_, index) => pick(hit, index))));
  return {
    run: 7,
    entryRule: "next_open",
    horizons: parsed,
    scanners: [
      { name: "alpha", direction: "long", universeSize: 3 },
      { name: "beta", direction: "short", universeSize: 2 },
    ],
    hits: {
      count: hits.length,
      scanner: Int32Array.from(hits.map((hit) => hit.scanner ?? 0)),
      scheduledAt: Float64Array.from(hits.map((hit) => hit.at)),
      sessionDate: hits.map((hit) => hit.date),
      symbol: hits.map((_, index) => `S${index}`),
      entryPrice: new Float64Array(hits.length).fill(10),
      entryAt: Float64Array.from(hits.map((hit) => hit.at)),
      returns: flat((hit, index) => nan(hit.returns[index])),
      mfe: flat((hit, index) =>
        hit.returns[index] === null ? Number.NaN : Math.abs(hit.returns[index] as number),
      ),
      mae: flat((hit, index) =>
        hit.returns[index] === null ? Number.NaN : -Math.abs(hit.returns[index] as number),
      ),
      baselineReturn: flat((hit, index) => nan(hit.baseline[index])),
      baselinePositive: flat((hit, index) => (hit.baseline[index] === null ? Number.NaN : 0.5)),
    },
    baselines: [],
  };
}

const MON = "2013-10-07";
const TUE = "2013-10-08";

describe("buildReport", () => {
  const hits: GivenHit[] = [
    { at: edt(MON, "10:00"), date: MON, returns: [1, 2], baseline: [0.5, 1] },
    { at: edt(MON, "10:10"), date: MON, returns: [-1, null], baseline: [0.5, 1] },
    { at: edt(MON, "11:00"), date: MON, returns: [3, 4], baseline: [null, 2] },
    { at: edt(TUE, "10:45"), date: TUE, returns: [0, -2], baseline: [0, 0] },
    { at: edt(TUE, "10:45"), date: TUE, returns: [null, null], baseline: [0, 0], scanner: 1 },
  ];
  const report = buildReport(scoresOf(hits));
  const row = (scanner: string, group: string, key: string, horizon: string) =>
    report.rows.find(
      (r) => r.scanner === scanner && r.group === group && r.key === key && r.horizon === horizon,
    );

  it("states the entry rule and the interval settings", () => {
    expect(report.entryRule).toBe("next_open");
    expect(report.entryDescription).toMatch(/^open of the first 1m bar/);
    expect(report.confidence).toEqual({ level: 0.95, resamples: 1000, seed: 17, normalAbove: LARGE_SAMPLE });
    expect(report.scanners).toEqual([
      { name: "alpha", direction: "long", universeSize: 3, hits: 4 },
      { name: "beta", direction: "short", universeSize: 2, hits: 1 },
    ]);
  });

  it("computes every figure over all hits, nulls counted apart", () => {
    const fiveMinutes = row("alpha", "all", "all", "5m");
    // Returns 1, -1, 3, 0; the 11:00 hit has no baseline, so the edge pairs three hits.
    expect(fiveMinutes).toMatchObject({
      direction: "long",
      hits: 4,
      nulls: 0,
      meanReturn: 0.75,
      medianReturn: 0.5,
      hitRate: 0.5,
      meanMfe: 1.25,
      meanMae: -1.25,
      baselineMean: 1 / 3,
      baselineHitRate: 0.5,
    });
    expect(fiveMinutes?.edge).toBeCloseTo((0.5 - 1.5 + 0) / 3, 12);
    const close = row("alpha", "all", "all", "close");
    // Returns 2, 4, -2 (one null); baselines 1, 2, 0.
    expect(close).toMatchObject({ hits: 3, nulls: 1, meanReturn: 4 / 3, medianReturn: 2, hitRate: 2 / 3 });
    expect(close?.baselineMean).toBe(1);
    expect(close?.edge).toBeCloseTo(1 / 3, 12);
  });

  it("groups by session date and by 30-minute bucket of the slot", () => {
    expect(row("alpha", "day", MON, "5m")).toMatchObject({ hits: 3, meanReturn: 1 });
    expect(row("alpha", "day", TUE, "5m")).toMatchObject({ hits: 1, meanReturn: 0, hitRate: 0, edge: 0 });
    expect(row("alpha", "time", "10:00", "5m")).toMatchObject({ hits: 2, meanReturn: 0 });
    expect(row("alpha", "time", "10:30", "5m")).toMatchObject({ hits: 1, meanReturn: 0 });
    expect(row("alpha", "time", "11:00", "5m")).toMatchObject({ hits: 1, meanReturn: 3, edge: null });
    expect(report.rows.filter((r) => r.scanner === "alpha" && r.group === "time").map((r) => r.key)).toEqual([
      "10:00",
      "10:00",
      "10:30",
      "10:30",
      "11:00",
      "11:00",
    ]);
  });

  it("reports a scanner whose hits all lack data as nulls, every figure null", () => {
    expect(row("beta", "all", "all", "close")).toMatchObject({
      hits: 0,
      nulls: 1,
      meanReturn: null,
      edge: null,
      edgeLow: null,
      edgeInterval: null,
    });
  });

  it("gives no interval for a single value and a zero-width one for equal values", () => {
    expect(row("alpha", "day", TUE, "5m")?.edgeLow).toBeNull();
    expect(meanInterval(Float64Array.from([0.25, 0.25, 0.25]))).toEqual({
      low: 0.25,
      high: 0.25,
      method: "bootstrap",
    });
  });

  it("picks only the requested groups and horizons", () => {
    const only = buildReport(scoresOf(hits), { groups: ["day"], horizons: ["close"] });
    expect(only.horizons).toEqual(["close"]);
    expect(only.rows.map((r) => `${r.scanner} ${r.group} ${r.key} ${r.horizon}`)).toEqual([
      `alpha day ${MON} close`,
      `alpha day ${TUE} close`,
      `beta day ${TUE} close`,
    ]);
    // The figures are the close horizon's, as in the full report (the second horizon scored).
    const figuresOf = ({ scanner, group, key, horizon, ...figures }: (typeof only.rows)[number]) => figures;
    expect(figuresOf(only.rows[0])).toEqual(
      figuresOf(row("alpha", "day", MON, "close") as (typeof only.rows)[number]),
    );
    expect(only.rows[0]).toMatchObject({ hits: 2, nulls: 1, meanReturn: 3 });
  });
});

describe("meanInterval", () => {
  // 200 values from a fixed linear congruential sequence, mean near 0.5.
  const values = Float64Array.from({ length: 200 }, (_, i) => ((i * 7919) % 1000) / 1000);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
  const standardError = sd / Math.sqrt(values.length);

  it("is the same interval on every call (fixed seed)", () => {
    expect(meanInterval(values)).toEqual(meanInterval(values));
  });

  it("brackets the mean about 1.96 standard errors each side (bootstrap percentile)", () => {
    const interval = meanInterval(values);
    expect(interval?.method).toBe("bootstrap");
    const low = interval?.low as number;
    const high = interval?.high as number;
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    // Monte-Carlo noise of 1,000 resamples on the half-widths: well within 15 %.
    expect((mean - low) / (1.96 * standardError)).toBeGreaterThan(0.85);
    expect((mean - low) / (1.96 * standardError)).toBeLessThan(1.15);
    expect((high - mean) / (1.96 * standardError)).toBeGreaterThan(0.85);
    expect((high - mean) / (1.96 * standardError)).toBeLessThan(1.15);
  });

  it("uses mean ± 1.96·s/√n above LARGE_SAMPLE values", () => {
    const many = Float64Array.from({ length: LARGE_SAMPLE + 1 }, (_, i) => (i % 10) - 4.5);
    const m = many.reduce((sum, value) => sum + value, 0) / many.length;
    const s = Math.sqrt(many.reduce((sum, value) => sum + (value - m) ** 2, 0) / (many.length - 1));
    const interval = meanInterval(many);
    expect(interval?.method).toBe("normal");
    expect(interval?.low).toBeCloseTo(m - 1.959963984540054 * (s / Math.sqrt(many.length)), 12);
    expect(interval?.high).toBeCloseTo(m + 1.959963984540054 * (s / Math.sqrt(many.length)), 12);
  });

  it("interpolates quantiles between order statistics", () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 0.5)).toBe(3);
    expect(quantile(sorted, 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile(sorted, 1)).toBe(5);
  });
});

describe("timeBucketOf", () => {
  it("labels 30-minute buckets of the NYSE session in New York time, and the hours around it", () => {
    expect(timeBucketOf(edt(MON, "09:00"), nyse)).toBe("pre-open");
    expect(timeBucketOf(edt(MON, "09:30"), nyse)).toBe("09:30");
    expect(timeBucketOf(edt(MON, "09:59"), nyse)).toBe("09:30");
    expect(timeBucketOf(edt(MON, "10:00"), nyse)).toBe("10:00");
    expect(timeBucketOf(edt(MON, "15:59"), nyse)).toBe("15:30");
    expect(timeBucketOf(edt(MON, "16:00"), nyse)).toBe("post-close");
    // Standard time: 10:15 New York on 2013-12-02 is 15:15 UTC.
    expect(timeBucketOf(Date.parse("2013-12-02T15:15:00Z"), nyse)).toBe("10:00");
    // A Saturday has no session.
    expect(timeBucketOf(edt("2013-10-12", "10:00"), nyse)).toBe("pre-open");
  });

  it("follows another exchange's clock and open", () => {
    const tokyo = calendarOf("XTKS");
    const open = tokyo.requireSession("2024-10-01").openAt;
    expect(timeBucketOf(open, tokyo)).toBe("09:00");
    expect(timeBucketOf(open + 45 * 60_000, tokyo)).toBe("09:30");
    expect(timeBucketOf(open - 60_000, tokyo)).toBe("pre-open");
  });
});
