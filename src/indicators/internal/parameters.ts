// Parameter checks shared by the indicators: zod schema pieces for the definitions (the registry's
// check) and the same rules for direct construction (`new SMA(0)` throws an IndicatorError).

import { z } from "zod";
import { IndicatorError } from "../../core/errors.js";

/** Longest window any indicator accepts (TA-Lib's limit too); windows are preallocated. */
export const MAX_PERIOD = 100_000;

/** A whole-number window length with a documented default. */
export function periodSchema(defaultValue: number, minimum = 1) {
  return z.number().int().min(minimum).max(MAX_PERIOD).default(defaultValue);
}

/** Throws unless `value` is a whole number in [minimum, MAX_PERIOD]. */
export function requirePeriod(type: string, name: string, value: number, minimum = 1): number {
  if (!Number.isInteger(value) || value < minimum || value > MAX_PERIOD)
    throw new IndicatorError(
      `${type}: ${name} must be a whole number from ${minimum} to ${MAX_PERIOD}, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** Throws unless `value` is a finite number above zero. */
export function requirePositive(type: string, name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new IndicatorError(`${type}: ${name} must be a finite number > 0, got ${JSON.stringify(value)}`);
  return value;
}
