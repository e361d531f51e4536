// Checks what a plugin's scan returned before anything trusts it: an object with a `symbols`
// array of valid symbols (normalized, duplicates dropped) and an optional plain-object `metadata`
// that is JSON (the journal stores it as such).
// Most scans walk their universe and keep some of it, in universe order: such a result is a
// subsequence of the universe, and when the universe is itself normalized and free of duplicates
// (`resultUniverse`), so is the result, with no symbol normalized or looked up in a set. One pass
// of identity comparisons tells; any other result (another order, a duplicate, a symbol outside the
// universe or not in normal form) is checked symbol by symbol.

import { PluginHookError } from "../core/errors.js";
import { normalizeSymbol } from "../core/symbol.js";
import { encodeJson } from "./journal-json.js";

/** More result symbols than this is treated as a runaway scan, not a result. */
export const MAX_RESULT_SYMBOLS = 100_000;
/** Most characters of JSON a result's metadata may take in the journal (one row per scan). */
export const MAX_METADATA_CHARS = 1_048_576;

export interface CheckedResult {
  readonly symbols: string[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * `universe` when every entry is a symbol in normal form and none repeats, so that a result taken
 * from it in order needs no check of its own (see the file header); otherwise an empty universe.
 */
export function resultUniverse(universe: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const symbol of universe) {
    if (normalizedOrUndefined(symbol) !== symbol || seen.has(symbol)) return [];
    seen.add(symbol);
  }
  return universe;
}

/**
 * The checked result of a scan. `universe`, when given, must come from `resultUniverse`: a result
 * that is a subsequence of it is taken as it is (copied).
 */
export function checkScanResult(value: unknown, universe: readonly string[] = []): CheckedResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PluginHookError(
      `scan must return { symbols, metadata? }, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  const result = value as { symbols?: unknown; metadata?: unknown };
  if (!Array.isArray(result.symbols)) {
    throw new PluginHookError(
      `scan result.symbols must be an array of symbols, got ${typeof result.symbols}`,
    );
  }
  if (result.symbols.length > MAX_RESULT_SYMBOLS) {
    throw new PluginHookError(
      `scan result.symbols has ${result.symbols.length} entries (at most ${MAX_RESULT_SYMBOLS})`,
    );
  }
  const symbols = isSubsequence(result.symbols, universe)
    ? (result.symbols.slice() as string[])
    : checkedSymbols(result.symbols);
  if (
    result.metadata !== undefined &&
    (typeof result.metadata !== "object" || result.metadata === null || Array.isArray(result.metadata))
  ) {
    throw new PluginHookError(
      `scan result.metadata must be an object, got ${Array.isArray(result.metadata) ? "an array" : typeof result.metadata}`,
    );
  }
  if (result.metadata !== undefined) {
    // The journal stores metadata as JSON: a result it could not store is not a valid result.
    const { json, problem } = encodeJson(result.metadata, "metadata");
    if (problem !== undefined) throw new PluginHookError(`scan result ${problem}`);
    if (json !== undefined && json.length > MAX_METADATA_CHARS) {
      throw new PluginHookError(
        `scan result.metadata is ${json.length} characters of JSON (at most ${MAX_METADATA_CHARS})`,
      );
    }
  }
  return { symbols, metadata: (result.metadata as Record<string, unknown> | undefined) ?? {} };
}

/** Whether `raw` holds entries of `universe` in its order, each at most once (identity comparisons). */
function isSubsequence(raw: readonly unknown[], universe: readonly string[]): boolean {
  if (raw.length > universe.length) return false;
  let position = 0;
  for (let i = 0; i < raw.length; i++) {
    const symbol = raw[i];
    while (position < universe.length && universe[position] !== symbol) position++;
    if (position === universe.length) return false;
    position++;
  }
  return true;
}

/** `raw` normalized, the first of duplicates kept; a PluginHookError naming the first bad entry. */
function checkedSymbols(raw: readonly unknown[]): string[] {
  const symbols: string[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index: number) => {
    const symbol = normalizedOrUndefined(entry);
    if (symbol === undefined) {
      throw new PluginHookError(`scan result.symbols[${index}] is not a valid symbol: ${shown(entry)}`);
    }
    if (!seen.has(symbol)) {
      seen.add(symbol);
      symbols.push(symbol);
    }
  });
  return symbols;
}

/** The normal form of `raw`, `undefined` when it is not a valid symbol (normalized once, not checked first). */
function normalizedOrUndefined(raw: unknown): string | undefined {
  try {
    return normalizeSymbol(raw);
  } catch {
    // An invalid symbol is reported by the caller with its index.
    return undefined;
  }
}

/** A bad value as an error quotes it: at most a line's worth of it. */
function shown(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length <= 80 ? text : `${text.slice(0, 80)}… (${text.length} characters)`;
}
