// Parsers for command-line option values: each turns a bad value into a UsageError naming the flag.

import { UsageError } from "../core/errors.js";

export function wholeNumberOption(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return parsed;
  };
}
