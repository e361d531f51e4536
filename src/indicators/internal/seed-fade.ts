// How long an exponentially smoothed indicator (EMA, Wilder's RMA) remembers its seed. After m more
// inputs the seed carries weight (1 − α)^m in the value; we call the value stable once that weight
// is below SEED_WEIGHT_TOLERANCE (1e-6), i.e. after ⌈ln(1e-6) / ln(1 − α)⌉ inputs:
// EMA 20 (α = 2/21) → 139, Wilder 14 (α = 1/14) → 187.

export const SEED_WEIGHT_TOLERANCE = 1e-6;

/** Inputs after the seed until the seed's weight drops below SEED_WEIGHT_TOLERANCE. */
export function barsUntilSeedFades(alpha: number): number {
  if (alpha >= 1) return 0;
  return Math.ceil(Math.log(SEED_WEIGHT_TOLERANCE) / Math.log(1 - alpha));
}

/** EMA smoothing factor for a period: α = 2 / (period + 1) (TA-Lib's PER_TO_K). */
export function emaAlpha(period: number): number {
  return 2 / (period + 1);
}
