// Small pieces of TA-Lib's arithmetic that our indicators reproduce so their values match it.

// TA-Lib's TA_IS_ZERO is |v| < TA_EPSILON = 1e-14 (ta_utility.h of the TA-Lib bundled with talib
// 1.1.6). RSI and ADX spell that test out in their own modules rather than calling a helper here:
// calling a function imported from another module in a hot path was measured to cost an allocation
// per update once V8 inlines the indicator into a caller's loop.

/** True range: max(high − low, |high − previous close|, |low − previous close|), in TA-Lib's order. */
export function trueRange(high: number, low: number, previousClose: number): number {
  let range = high - low;
  const fromHigh = Math.abs(previousClose - high);
  if (fromHigh > range) range = fromHigh;
  const fromLow = Math.abs(previousClose - low);
  if (fromLow > range) range = fromLow;
  return range;
}
