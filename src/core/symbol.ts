// Ticker symbols: one normal form (trimmed, upper-case, `A-Z0-9.-`) everywhere in the system.
// Crypto pairs are written with a dash: `ETH/USDT` (ccxt's and most exchanges' form) and `eth-usdt`
// both become `ETH-USDT`, like Coinbase's `BTC-USD`.

import { SymbolError } from "./errors.js";

export const MAX_SYMBOL_LENGTH = 15;
/**
 * Checked on the text as written, before case folding: `toUpperCase` turns `ß` into `SS`, `ﬃ` into
 * `FFI` and `ſ` into `S`, so a pattern tested after it would let such text pass as another symbol.
 */
const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
/**
 * Text already in normal form (what the engine and most plugins pass around): trimming, the pair
 * rewrite and case folding would leave it as it is, so it is its own normal form. Tested first, as
 * one pattern, because symbols are normalized on hot paths (every scan result, every bulk read).
 */
const NORMAL_FORM = /^[A-Z0-9][A-Z0-9.-]{0,14}$/;

/** Returns the normal form of a symbol, or throws a `SymbolError` naming the bad value. */
export function normalizeSymbol(raw: unknown): string {
  if (typeof raw !== "string") {
    throw new SymbolError(`Symbol must be a string, got ${raw === null ? "null" : typeof raw}`);
  }
  if (NORMAL_FORM.test(raw)) return raw;
  // One "/" between two parts is a pair separator (BASE/QUOTE). Checked and rewritten on the text
  // as written, before case folding (see SYMBOL_PATTERN).
  const written = raw.trim().replace(/^([A-Za-z0-9.]+)\/([A-Za-z0-9.]+)$/, "$1-$2");
  if (written.length === 0) throw new SymbolError("Symbol is empty");
  if (written.length > MAX_SYMBOL_LENGTH) {
    throw new SymbolError(`Symbol "${shown(raw)}" is longer than ${MAX_SYMBOL_LENGTH} characters`);
  }
  if (!SYMBOL_PATTERN.test(written)) {
    throw new SymbolError(
      `Symbol "${shown(raw)}" has characters outside A-Z, 0-9, "." and "-" (or does not start with a letter or digit)`,
    );
  }
  return written.toUpperCase();
}

/** A symbol as quoted in an error: at most a few dozen characters of it. */
function shown(raw: string): string {
  return raw.length <= 40 ? raw : `${raw.slice(0, 40)}…`;
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
