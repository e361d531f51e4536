// Indicator keys, as in the seed: `{type}_{keyParts…}_{interval}` — `sma_20_1d`, `rsi_14_5m`,
// `macd_12_26_9_5m`, `vwap_1m`. Numbers are written in their shortest form (2 → "2", 2.5 → "2.5").
// A key names one indicator instance per symbol; the key parts are the parameters that tell two
// instances of a type apart (see IndicatorDefinition.keyParts).

import { IndicatorError } from "../core/errors.js";
import { type Interval, parseInterval } from "../core/interval.js";

const KEY_NUMBER = /^-?(?:\d+(?:\.\d+)?|\d+(?:\.\d+)?e[-+]?\d+)$/;

/** Builds the key of an indicator; the interval is written in canonical form (`1h` → `60m`). */
export function indicatorKey(type: string, keyParts: readonly number[], interval: Interval | string): string {
  const intervalText = typeof interval === "string" ? parseInterval(interval).text : interval.text;
  let key = type;
  for (const part of keyParts) {
    if (!Number.isFinite(part)) {
      throw new IndicatorError(`${type}: key part ${String(part)} is not a finite number`);
    }
    key += `_${formatKeyNumber(part)}`;
  }
  return `${key}_${intervalText}`;
}

/** Shortest text of a number in a key: no trailing zeros, no exponent for ordinary values. */
export function formatKeyNumber(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

export interface ParsedIndicatorKey {
  readonly type: string;
  readonly keyParts: readonly number[];
  /** Canonical interval text. */
  readonly interval: string;
}

/**
 * Splits a key into type, numeric parts and interval: `high_low_52_1w` → `high_low`, [52], `1w`.
 * The type is everything before the first numeric part (types never end in a number).
 */
export function parseIndicatorKey(key: string): ParsedIndicatorKey {
  const segments = key.split("_");
  if (segments.length < 2 || segments.some((segment) => segment.length === 0)) {
    throw new IndicatorError(
      `"${key}" is not an indicator key (expected type_[params_]interval, e.g. "sma_20_1d")`,
    );
  }
  const intervalText = segments[segments.length - 1];
  let interval: string;
  try {
    interval = parseInterval(intervalText).text;
  } catch (cause) {
    throw new IndicatorError(`"${key}" is not an indicator key: "${intervalText}" is not an interval`, {
      cause,
    });
  }
  let typeEnd = segments.length - 1;
  while (typeEnd > 1 && KEY_NUMBER.test(segments[typeEnd - 1])) typeEnd--;
  const type = segments.slice(0, typeEnd).join("_");
  if (KEY_NUMBER.test(segments[0])) {
    throw new IndicatorError(`"${key}" is not an indicator key: it does not start with an indicator type`);
  }
  const keyParts = segments.slice(typeEnd, segments.length - 1).map(Number);
  return { type, keyParts, interval };
}
