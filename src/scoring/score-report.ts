// The figures `evaluate` reports, from a run's scores: per scanner and horizon, over all its hits,
// per session date and per 30-minute time-of-day bucket of the slot (the exchange's clock). A hit whose
// return is null (no entry, or the horizon runs past the stored data) is counted in `nulls` and
// left out of every other figure. The baseline and the edge use the hits whose slot also has a
// baseline value: edge = mean over those hits of (hit return − the universe's mean return at the
// hit's slot), so it equals mean return − baseline mean whenever every hit has a baseline.

import { ExchangeCalendar } from "../time/exchange-calendar.js";
import {
  BOOTSTRAP_RESAMPLES,
  BOOTSTRAP_SEED,
  CONFIDENCE_LEVEL,
  type IntervalMethod,
  LARGE_SAMPLE,
  meanInterval,
} from "./bootstrap.js";
import { ENTRY_RULE_DESCRIPTIONS, type EntryRule } from "./entry-rules.js";
import { medianInPlace } from "./median.js";
import type { Direction, RunScores } from "./score-types.js";

export const GROUP_KINDS = ["all", "day", "time"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface EvaluationRow {
  readonly scanner: string;
  readonly direction: Direction;
  /** `all` (every hit), `day` (key: session date) or `time` (key: bucket such as `09:30`). */
  readonly group: GroupKind;
  readonly key: string;
  readonly horizon: string;
  /** Hits with a return at this horizon, and hits without one. */
  readonly hits: number;
  readonly nulls: number;
  readonly meanReturn: number | null;
  readonly medianReturn: number | null;
  /** Share of hits with a return > 0. */
  readonly hitRate: number | null;
  readonly meanMfe: number | null;
  readonly meanMae: number | null;
  readonly baselineMean: number | null;
  readonly baselineHitRate: number | null;
  readonly edge: number | null;
  readonly edgeLow: number | null;
  readonly edgeHigh: number | null;
  readonly edgeInterval: IntervalMethod | null;
}

export interface EvaluationReport {
  readonly run: number;
  readonly entryRule: EntryRule;
  readonly entryDescription: string;
  readonly horizons: readonly string[];
  readonly confidence: {
    readonly level: number;
    readonly resamples: number;
    readonly seed: number;
    readonly normalAbove: number;
  };
  readonly scanners: ReadonlyArray<{
    readonly name: string;
    readonly direction: Direction;
    readonly universeSize: number;
    /** Hits (scanner, slot, symbol), null ones included. */
    readonly hits: number;
  }>;
  readonly rows: readonly EvaluationRow[];
}

export interface ReportOptions {
  /** Which groups to compute (default: all three). */
  readonly groups?: readonly GroupKind[];
  /** Only these horizons (labels), in the run's order (default: every horizon scored). */
  readonly horizons?: readonly string[];
  /** The exchange's calendar, for the time-of-day buckets (default: the NYSE's). */
  readonly calendar?: ExchangeCalendar;
}

const BUCKET_MS = 30 * 60_000;
const DAY_MINUTES = 24 * 60;

/**
 * The slot's time-of-day bucket: 30 minutes from its session's open, labelled with the bucket's
 * start on the exchange's clock (`09:30`, `10:00` … on the NYSE); `pre-open` before the open of
 * the slot's local date (or on a day without a session), `post-close` from its close on.
 */
export function timeBucketOf(time: number, calendar: ExchangeCalendar): string {
  const session = calendar.session(calendar.dateOf(time));
  if (session === undefined || time < session.openAt) return "pre-open";
  if (time >= session.closeAt) return "post-close";
  const start = session.openAt + Math.floor((time - session.openAt) / BUCKET_MS) * BUCKET_MS;
  const minute =
    ((Math.floor((start + calendar.offsetAt(start)) / 60_000) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

export function buildReport(scores: RunScores, options: ReportOptions = {}): EvaluationReport {
  const { hits } = scores;
  const horizonCount = scores.horizons.length;
  const groups = options.groups ?? GROUP_KINDS;
  const calendar = options.calendar ?? new ExchangeCalendar();
  const horizonIndexes = scores.horizons
    .map((horizon, index) => ({ label: horizon.label, index }))
    .filter((horizon) => options.horizons === undefined || options.horizons.includes(horizon.label));
  const horizonColumns = horizonIndexes.map((horizon) => horizon.index);
  const hitCounts = new Array<number>(scores.scanners.length).fill(0);
  for (let hit = 0; hit < hits.count; hit++) hitCounts[hits.scanner[hit]]++;

  // Hit indexes per scanner, then per group key (in first-seen order, which is slot order).
  const rows: EvaluationRow[] = [];
  // Hits share their slots: each slot's bucket is worked out once.
  const buckets = new Map<number, string>();
  const bucketOf = (time: number): string => {
    let bucket = buckets.get(time);
    if (bucket === undefined) {
      bucket = timeBucketOf(time, calendar);
      buckets.set(time, bucket);
    }
    return bucket;
  };
  scores.scanners.forEach((scanner, scannerIndex) => {
    const own: number[] = [];
    for (let hit = 0; hit < hits.count; hit++) if (hits.scanner[hit] === scannerIndex) own.push(hit);
    for (const group of groups) {
      const byKey = new Map<string, number[]>();
      for (const hit of own) {
        const key =
          group === "all" ? "all" : group === "day" ? hits.sessionDate[hit] : bucketOf(hits.scheduledAt[hit]);
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [hit]);
        else list.push(hit);
      }
      const keys = [...byKey.keys()];
      if (group !== "all") keys.sort();
      for (const key of keys) {
        const byHorizon = figures(scores, byKey.get(key) as number[], horizonColumns, horizonCount);
        horizonIndexes.forEach((horizon, k) => {
          rows.push({
            scanner: scanner.name,
            direction: scanner.direction,
            group,
            key,
            horizon: horizon.label,
            ...byHorizon[k],
          });
        });
      }
    }
  });
  return {
    run: scores.run,
    entryRule: scores.entryRule,
    entryDescription: ENTRY_RULE_DESCRIPTIONS[scores.entryRule],
    horizons: horizonIndexes.map((horizon) => horizon.label),
    confidence: {
      level: CONFIDENCE_LEVEL,
      resamples: BOOTSTRAP_RESAMPLES,
      seed: BOOTSTRAP_SEED,
      normalAbove: LARGE_SAMPLE,
    },
    scanners: scores.scanners.map((scanner, index) => ({ ...scanner, hits: hitCounts[index] })),
    rows,
  };
}

type Figures = Omit<EvaluationRow, "scanner" | "direction" | "group" | "key" | "horizon">;

/**
 * A group's figures at each of `horizons` (horizon indexes), in one pass over its hits: a hit's
 * figures at every horizon lie side by side, so one pass reads each hit's memory once instead of
 * once per horizon. Each horizon's values are gathered in hit order, as a pass per horizon would.
 */
function figures(
  scores: RunScores,
  group: readonly number[],
  horizons: readonly number[],
  horizonCount: number,
): Figures[] {
  const { hits } = scores;
  const size = group.length;
  const asked = horizons.length;
  // Horizon k's values at [k * size, k * size + n[k]).
  const returns = new Float64Array(asked * size);
  const excess = new Float64Array(asked * size);
  const n = new Int32Array(asked);
  const paired = new Int32Array(asked);
  const positives = new Int32Array(asked);
  const mfe = new Float64Array(asked);
  const mae = new Float64Array(asked);
  const baseline = new Float64Array(asked);
  const baselinePositive = new Float64Array(asked);
  for (const hit of group) {
    for (let k = 0; k < asked; k++) {
      const at = hit * horizonCount + horizons[k];
      const value = hits.returns[at];
      if (Number.isNaN(value)) continue;
      returns[k * size + n[k]++] = value;
      if (value > 0) positives[k]++;
      mfe[k] += hits.mfe[at];
      mae[k] += hits.mae[at];
      const base = hits.baselineReturn[at];
      if (Number.isNaN(base)) continue;
      excess[k * size + paired[k]++] = value - base;
      baseline[k] += base;
      baselinePositive[k] += hits.baselinePositive[at];
    }
  }
  return horizons.map((_, k) => {
    const count = n[k];
    const nulls = size - count;
    if (count === 0) {
      return {
        hits: 0,
        nulls,
        meanReturn: null,
        medianReturn: null,
        hitRate: null,
        meanMfe: null,
        meanMae: null,
        baselineMean: null,
        baselineHitRate: null,
        edge: null,
        edgeLow: null,
        edgeHigh: null,
        edgeInterval: null,
      };
    }
    const values = returns.subarray(k * size, k * size + count);
    const pairs = paired[k];
    const excesses = excess.subarray(k * size, k * size + pairs);
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[i];
    let excessSum = 0;
    for (let i = 0; i < pairs; i++) excessSum += excesses[i];
    const interval = meanInterval(excesses, pairs);
    return {
      hits: count,
      nulls,
      meanReturn: sum / count,
      medianReturn: medianInPlace(values),
      hitRate: positives[k] / count,
      meanMfe: mfe[k] / count,
      meanMae: mae[k] / count,
      baselineMean: pairs > 0 ? baseline[k] / pairs : null,
      baselineHitRate: pairs > 0 ? baselinePositive[k] / pairs : null,
      edge: pairs > 0 ? excessSum / pairs : null,
      edgeLow: interval?.low ?? null,
      edgeHigh: interval?.high ?? null,
      edgeInterval: interval?.method ?? null,
    };
  });
}
