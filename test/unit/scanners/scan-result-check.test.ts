import { describe, expect, it } from "vitest";
import { PluginHookError } from "../../../src/core/errors.js";
import { checkScanResult, MAX_METADATA_CHARS } from "../../../src/scanners/scan-result-check.js";
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
