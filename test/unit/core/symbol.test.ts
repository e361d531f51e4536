import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SymbolError, UniverseError } from "../../../src/core/errors.js";
import { isValidSymbol, normalizeSymbol } from "../../../src/core/symbol.js";
import { parseUniverse, readUniverseFile } from "../../../src/core/universe.js";

describe("normalizeSymbol", () => {
  it.each([
    [" aapl ", "AAPL"],
    ["brk.b", "BRK.B"],
    ["BF-B", "BF-B"],
    ["spy", "SPY"],
    ["btc-usd", "BTC-USD"],
    ["ETH/USDT", "ETH-USDT"],
    [" sol/usd ", "SOL-USD"],
  ])("normalizes %j to %s", (raw, expected) => {
    expect(normalizeSymbol(raw)).toBe(expected);
  });

  it.each([
    ["", "Symbol is empty"],
    ["   ", "Symbol is empty"],
    ["AA PL", 'Symbol "AA PL" has characters outside A-Z, 0-9, "." and "-"'],
    ["$SPY", 'Symbol "$SPY" has characters outside'],
    [".SPY", 'Symbol ".SPY" has characters outside'],
    ["ETH/USDT/X", 'Symbol "ETH/USDT/X" has characters outside'],
    ["/USDT", 'Symbol "/USDT" has characters outside'],
    ["ABCDEFGHIJKLMNOP", 'Symbol "ABCDEFGHIJKLMNOP" is longer than 15 characters'],
  ])("rejects %j", (raw, message) => {
    expect(() => normalizeSymbol(raw)).toThrow(SymbolError);
    expect(() => normalizeSymbol(raw)).toThrow(message);
  });

  it("rejects non-strings", () => {
    expect(() => normalizeSymbol(42)).toThrow("Symbol must be a string, got number");
    expect(() => normalizeSymbol(null)).toThrow("Symbol must be a string, got null");
    expect(isValidSymbol(undefined)).toBe(false);
    expect(isValidSymbol("msft")).toBe(true);
  });
});

describe("universe files", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("skips comments and blank lines, upper-cases the first token, keeps order and drops duplicates", () => {
    const text = "# tech\naapl\n\nmsft  # software\nspy,etf\n  AAPL\nqqq extra words\r\n";
    expect(parseUniverse(text, "u.txt")).toEqual({
      symbols: ["AAPL", "MSFT", "SPY", "QQQ"],
      warnings: ['u.txt:6: duplicate symbol "AAPL" (first on line 2) dropped'],
    });
  });

  it("names the file and line of a bad symbol", () => {
    expect(() => parseUniverse("AAPL\n$BAD\n", "u.txt")).toThrow(
      'u.txt:2: Symbol "$BAD" has characters outside A-Z, 0-9, "." and "-"',
    );
  });

  it("refuses a universe with no symbols", () => {
    expect(() => parseUniverse("# nothing\n\n", "empty.txt")).toThrow(
      "Universe file empty.txt lists no symbols",
    );
  });

  it("refuses a binary file", () => {
    expect(() => parseUniverse("AAPL\u0000\u0001", "bin.dat")).toThrow(
      "Universe file bin.dat is binary, not text",
    );
  });

  it("reads a file from disk and reports a missing one by path", () => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-universe-"));
    const path = join(dir, "tech.txt");
    writeFileSync(path, "nvda\namd\n");
    expect(readUniverseFile(path).symbols).toEqual(["NVDA", "AMD"]);
    const missing = join(dir, "missing.txt");
    expect(() => readUniverseFile(missing)).toThrow(UniverseError);
    expect(() => readUniverseFile(missing)).toThrow(`Universe file ${missing} does not exist`);
  });
});
