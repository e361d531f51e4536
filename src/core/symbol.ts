// Ticker symbols: one normal form (trimmed, upper-case, `A-Z0-9.-`) everywhere in the system.
// Crypto pairs are written with a dash: `ETH/USDT` (ccxt's and most exchanges' form) and `eth-usdt`
// both become `ETH-USDT`, like Coinbase's `BTC-USD`.

import { SymbolError } from "./errors.js";

export const MAX_SYMBOL_LENGTH = 15;
const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9.-]*$/;

/** Returns the normal form of a symbol, or throws a `SymbolError` naming the bad value. */
export function normalizeSymbol(raw: unknown): string {
  if (typeof raw !== "string") {
    throw new SymbolError(`Symbol must be a string, got ${raw === null ? "null" : typeof raw}`);
  }
  // One "/" between two parts is a pair separator (BASE/QUOTE).
  const symbol = raw
    .trim()
    .toUpperCase()
    .replace(/^([A-Z0-9.]+)\/([A-Z0-9.]+)$/, "$1-$2");
  if (symbol.length === 0) throw new SymbolError("Symbol is empty");
  if (symbol.length > MAX_SYMBOL_LENGTH) {
    throw new SymbolError(`Symbol "${raw}" is longer than ${MAX_SYMBOL_LENGTH} characters`);
  }
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new SymbolError(
      `Symbol "${raw}" has characters outside A-Z, 0-9, "." and "-" (or does not start with a letter or digit)`,
    );
  }
  return symbol;
}

/** Whether `raw` normalizes to a valid symbol. */
export function isValidSymbol(raw: unknown): boolean {
  try {
    normalizeSymbol(raw);
    return true;
  } catch {
    // An invalid symbol is the answer, not an error to report.
    return false;
  }
}
