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
        for (const horizon of horizonIndexes) {
          rows.push({
            scanner: scanner.name,
            direction: scanner.direction,
            group,
            key,
            horizon: horizon.label,
            ...figures(scores, byKey.get(key) as number[], horizon.index, horizonCount),
          });
        }
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

function figures(
  scores: RunScores,
  group: readonly number[],
  horizon: number,
  horizonCount: number,
): Figures {
  const { hits } = scores;
  const returns = new Float64Array(group.length);
  const excess = new Float64Array(group.length);
  let n = 0;
  let paired = 0;
  let positives = 0;
  let mfe = 0;
  let mae = 0;
  let baseline = 0;
  let baselinePositive = 0;
  for (const hit of group) {
    const at = hit * horizonCount + horizon;
    const value = hits.returns[at];
    if (Number.isNaN(value)) continue;
    returns[n++] = value;
    if (value > 0) positives++;
    mfe += hits.mfe[at];
    mae += hits.mae[at];
    const base = hits.baselineReturn[at];
    if (Number.isNaN(base)) continue;
    excess[paired++] = value - base;
    baseline += base;
    baselinePositive += hits.baselinePositive[at];
  }
  const nulls = group.length - n;
  if (n === 0) {
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
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i];
  let excessSum = 0;
  for (let i = 0; i < paired; i++) excessSum += excess[i];
  const interval = meanInterval(excess, paired);
  return {
    hits: n,
    nulls,
    meanReturn: sum / n,
    medianReturn: medianInPlace(returns.subarray(0, n)),
    hitRate: positives / n,
    meanMfe: mfe / n,
    meanMae: mae / n,
    baselineMean: paired > 0 ? baseline / paired : null,
    baselineHitRate: paired > 0 ? baselinePositive / paired : null,
    edge: paired > 0 ? excessSum / paired : null,
    edgeLow: interval?.low ?? null,
    edgeHigh: interval?.high ?? null,
    edgeInterval: interval?.method ?? null,
  };
}
