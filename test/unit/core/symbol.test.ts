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

  it("gives text already in normal form back as it is, and every other text its full normalization", () => {
    // The long way, as the rules read (trim, pair rewrite, length, characters, upper case): the fast
    // path for text already in normal form must never answer differently.
    const reference = (raw: string): string | undefined => {
      const written = raw.trim().replace(/^([A-Za-z0-9.]+)\/([A-Za-z0-9.]+)$/, "$1-$2");
      if (written.length === 0 || written.length > 15 || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(written))
        return undefined;
      return written.toUpperCase();
    };
    const alphabet = ["A", "z", "9", ".", "-", "/", " ", "\n", "ß"];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const texts = ["ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP", "A.", "A-", "AAPL\n", "-A", "0", "BRK.B"];
    for (let i = 0; i < 4_000; i++) {
      let text = "";
      for (let n = next() % 18; n > 0; n--) text += alphabet[next() % alphabet.length];
      texts.push(text);
    }
    for (const text of texts) {
      const expected = reference(text);
      if (expected === undefined)
        expect(() => normalizeSymbol(text), JSON.stringify(text)).toThrow(SymbolError);
      else expect(normalizeSymbol(text), JSON.stringify(text)).toBe(expected);
    }
    expect(normalizeSymbol("ABCDEFGHIJKLMNO")).toBe("ABCDEFGHIJKLMNO");
    expect(normalizeSymbol("AAPL\n")).toBe("AAPL");
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
