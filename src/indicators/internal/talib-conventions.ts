// Small pieces of TA-Lib's arithmetic that our indicators reproduce so their values match it.

/** TA-Lib's TA_EPSILON (ta_utility.h of the TA-Lib bundled with talib 1.1.6). */
export const TALIB_EPSILON = 1e-14;

/**
 * TA-Lib's TA_IS_ZERO: |v| < 1e-14. RSI and ADX treat a near-zero denominator as "no movement"
 * (RSI 0; the ADX keeps its previous value) rather than dividing by it.
 */
export function isNearZero(value: number): boolean {
  return value > -TALIB_EPSILON && value < TALIB_EPSILON;
}

/** True range: max(high − low, |high − previous close|, |low − previous close|), in TA-Lib's order. */
export function trueRange(high: number, low: number, previousClose: number): number {
  let range = high - low;
  const fromHigh = Math.abs(previousClose - high);
  if (fromHigh > range) range = fromHigh;
  const fromLow = Math.abs(previousClose - low);
  if (fromLow > range) range = fromLow;
  return range;
}
