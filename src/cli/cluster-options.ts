// Parsing of the cluster flags (`run --workers`, `worker`): whole numbers, named in the error.

import { UsageError } from "../core/errors.js";

/** `text` as a whole number ≥ 1, else a UsageError naming the flag. */
export function parsePositiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} must be a whole number ≥ 1, got "${text}"`);
  }
  return value;
}
