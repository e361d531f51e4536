import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PluginHookError } from "../../../src/core/errors.js";
import {
  checkScanResult,
  MAX_METADATA_CHARS,
  resultUniverse,
} from "../../../src/scanners/scan-result-check.js";
import { thrown } from "../../helpers/thrown.js";

describe("checkScanResult: sizes", () => {
  it("takes metadata up to 1 MiB of JSON and refuses more, saying how much", () => {
    // {"blob":"…"} is 11 characters around the string.
    const fits = { blob: "x".repeat(MAX_METADATA_CHARS - 11) };
    expect(checkScanResult({ symbols: ["spy"], metadata: fits })).toEqual({
      symbols: ["SPY"],
      metadata: fits,
    });
    const error = thrown(() =>
      checkScanResult({ symbols: [], metadata: { blob: "x".repeat(MAX_METADATA_CHARS) } }),
    );
    expect(error).toBeInstanceOf(PluginHookError);
    expect((error as PluginHookError).message).toBe(
      `scan result.metadata is ${MAX_METADATA_CHARS + 11} characters of JSON (at most ${MAX_METADATA_CHARS})`,
    );
  });

  it("quotes at most 80 characters of a bad symbol", () => {
    const error = thrown(() => checkScanResult({ symbols: ["ok", "ß".repeat(200)] }));
    expect((error as PluginHookError).message).toBe(
      `scan result.symbols[1] is not a valid symbol: "${"ß".repeat(79)}… (202 characters)`,
    );
  });
});

describe("checkScanResult against the scanner's universe", () => {
  const universe = resultUniverse(["AIG", "SPY", "BRK.B", "ETH-USD", "QQQ"]);

  it("trusts only a universe of distinct symbols in normal form", () => {
    expect(universe).toEqual(["AIG", "SPY", "BRK.B", "ETH-USD", "QQQ"]);
    expect(resultUniverse(["AIG", "spy"])).toEqual([]);
    expect(resultUniverse(["AIG", "SPY", "AIG"])).toEqual([]);
    expect(resultUniverse(["AIG", " SPY"])).toEqual([]);
  });

  it("takes a result drawn from the universe in its order as it is, a copy", () => {
    const symbols = ["AIG", "BRK.B", "QQQ"];
    const checked = checkScanResult({ symbols }, universe);
    expect(checked.symbols).toEqual(["AIG", "BRK.B", "QQQ"]);
    expect(checked.symbols).not.toBe(symbols);
  });

  it("checks any other result symbol by symbol: another order, duplicates, other case, other symbols", () => {
    expect(checkScanResult({ symbols: ["QQQ", "AIG"] }, universe).symbols).toEqual(["QQQ", "AIG"]);
    expect(checkScanResult({ symbols: ["AIG", "AIG", "SPY"] }, universe).symbols).toEqual(["AIG", "SPY"]);
    expect(checkScanResult({ symbols: ["aig", "SPY", "eth/usd"] }, universe).symbols).toEqual([
      "AIG",
      "SPY",
      "ETH-USD",
    ]);
    expect(checkScanResult({ symbols: ["AIG", "MSFT"] }, universe).symbols).toEqual(["AIG", "MSFT"]);
    const error = thrown(() => checkScanResult({ symbols: ["AIG", 7] }, universe));
    expect((error as PluginHookError).message).toBe("scan result.symbols[1] is not a valid symbol: 7");
  });

  it("gives for any result what a normalize-and-deduplicate of it gives", () => {
    // Independent of the engine: upper-case, "/" to "-", the first of equal symbols kept.
    const reference = (symbols: readonly string[]) => [
      ...new Set(symbols.map((symbol) => symbol.toUpperCase().replace("/", "-"))),
    ];
    const entry = fc.constantFrom("AIG", "SPY", "BRK.B", "ETH-USD", "QQQ", "aig", "eth/usd", "MSFT");
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (symbols) => {
        expect(checkScanResult({ symbols }, universe).symbols).toEqual(reference(symbols));
      }),
      { numRuns: 500 },
    );
  });
});
