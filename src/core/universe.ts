// Universe files: one symbol per line, `#` comments and blank lines skipped, first token of a line
// upper-cased, order kept, duplicates dropped with a warning.

import { SymbolError, UniverseError } from "./errors.js";
import { normalizeSymbol } from "./symbol.js";
import { MAX_UNIVERSE_BYTES, readTextFile } from "./text-file.js";

export interface Universe {
  readonly symbols: readonly string[];
  /** Human-readable notes about lines that were dropped (duplicates), each naming its line. */
  readonly warnings: readonly string[];
}

/** Parses the text of a universe file; `source` names it in warnings and errors. */
export function parseUniverse(text: string, source: string): Universe {
  if (text.includes("\u0000")) throw new UniverseError(`Universe file ${source} is binary, not text`);
  const symbols: string[] = [];
  const seenAt = new Map<string, number>();
  const warnings: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const content = lines[index].replace(/#.*$/, "").trim();
    if (content === "") continue;
    const token = content.split(/[\s,]+/)[0];
    let symbol: string;
    try {
      symbol = normalizeSymbol(token);
    } catch (error) {
      const reason = error instanceof SymbolError ? error.message : String(error);
      throw new UniverseError(`${source}:${lineNumber}: ${reason}`, {
        cause: error,
        location: { file: source, line: lineNumber },
      });
    }
    const firstLine = seenAt.get(symbol);
    if (firstLine !== undefined) {
      warnings.push(
        `${source}:${lineNumber}: duplicate symbol "${symbol}" (first on line ${firstLine}) dropped`,
      );
      continue;
    }
    seenAt.set(symbol, lineNumber);
    symbols.push(symbol);
  }
  if (symbols.length === 0) {
    throw new UniverseError(`Universe file ${source} lists no symbols`, { location: { file: source } });
  }
  return { symbols, warnings };
}

/** Reads and parses a universe file; a missing, unreadable or empty file is a `UniverseError`. */
export function readUniverseFile(path: string): Universe {
  const read = readTextFile(path, MAX_UNIVERSE_BYTES);
  if (read.text === undefined) {
    throw new UniverseError(`Universe file ${path} ${read.reason}`, {
      cause: read.cause,
      location: { file: path },
    });
  }
  return parseUniverse(read.text, path);
}
