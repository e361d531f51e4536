// A percentile bootstrap confidence interval of a mean, reproducible: every interval starts from the
// same fixed seed, so the same values give the same interval whatever else is computed, and
// `evaluate` prints the same figures on every run. Past LARGE_SAMPLE values the bootstrap
// distribution of a mean is normal to well within its own Monte-Carlo noise, and resampling would
// cost resamples × n draws, so the interval is then mean ± z·s/√n (the method is reported).

import { SeededRandom } from "../data/seeded-random.js";

export const BOOTSTRAP_RESAMPLES = 1_000;
export const BOOTSTRAP_SEED = 17;
export const CONFIDENCE_LEVEL = 0.95;
export const LARGE_SAMPLE = 2_000;
/** The standard normal quantile at 97.5 %. */
const Z_975 = 1.959963984540054;

export type IntervalMethod = "bootstrap" | "normal";

export interface MeanInterval {
  readonly low: number;
  readonly high: number;
  readonly method: IntervalMethod;
}

/** The 95 % interval of the mean of values[0..length); `undefined` for fewer than 2 values. */
export function meanInterval(values: Float64Array, length = values.length): MeanInterval | undefined {
  if (length < 2) return undefined;
  if (length > LARGE_SAMPLE) return normalInterval(values, length);
  const random = new SeededRandom(BOOTSTRAP_SEED);
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += values[Math.floor(random.next() * length)];
    means[b] = sum / length;
  }
  means.sort();
  const tail = (1 - CONFIDENCE_LEVEL) / 2;
  return { low: quantile(means, tail), high: quantile(means, 1 - tail), method: "bootstrap" };
}

function normalInterval(values: Float64Array, length: number): MeanInterval {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += values[i];
  const mean = sum / length;
  let squares = 0;
  for (let i = 0; i < length; i++) squares += (values[i] - mean) ** 2;
  const halfWidth = Z_975 * Math.sqrt(squares / (length - 1) / length);
  return { low: mean - halfWidth, high: mean + halfWidth, method: "normal" };
}

/** Linear interpolation between order statistics (R's type 7) of sorted values. */
export function quantile(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
