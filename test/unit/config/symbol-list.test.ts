import { describe, expect, it } from "vitest";
import { z } from "zod";
import { symbolList, symbolText } from "../../../src/config/config-fields.js";
import { sessionConfigSchema } from "../../../src/config/session-config.js";
import { describeConfigIssue } from "../../../src/core/zod-issues.js";

// symbolList checks a whole list in one pass; it must accept, give and report exactly what the
// per-item schema it replaces (`z.array(symbolText)`) does, issue for issue and in the same order.
const perItem = z.strictObject({ symbols: z.array(symbolText).default([]) });
const onePass = z.strictObject({ symbols: symbolList.default([]) });

const CASES: ReadonlyArray<readonly [string, unknown]> = [
  ["normal form", { symbols: ["SPY", "AIG", "BRK.B"] }],
  ["lower case, blanks and pairs", { symbols: ["aig", " msft ", "eth/usdt", "Btc-Usd"] }],
  ["no list", {}],
  ["an empty list", { symbols: [] }],
  ["not a list", { symbols: "AIG" }],
  ["null", { symbols: null }],
  ["bad symbols", { symbols: ["SPY", "S&P 500", "", "ABCDEFGHIJKLMNOPQ", "ß"] }],
  ["items of other types", { symbols: ["SPY", 42, null, "aig"] }],
  ["bad symbols and other types mixed", { symbols: [7, "S&P", "ok", { a: 1 }, "-X", true, "y"] }],
  ["duplicates kept", { symbols: ["spy", "SPY", "spy"] }],
];

function outcome(schema: z.ZodType, input: unknown, withErrorMap: boolean) {
  const result = withErrorMap
    ? schema.safeParse(input, { error: describeConfigIssue })
    : schema.safeParse(input);
  return result.success ? { data: result.data } : { issues: JSON.parse(JSON.stringify(result.error.issues)) };
}

describe("symbolList", () => {
  for (const [name, input] of CASES) {
    it(`gives what z.array(symbolText) gives: ${name}`, () => {
      for (const withErrorMap of [false, true]) {
        expect(outcome(onePass, structuredClone(input), withErrorMap)).toEqual(
          outcome(perItem, structuredClone(input), withErrorMap),
        );
      }
    });
  }

  it("upper-cases into its own copy, leaving the caller's list as written", () => {
    const symbols = ["aig", "eth/usdt", "SPY"];
    expect(onePass.parse({ symbols })).toEqual({ symbols: ["AIG", "ETH-USDT", "SPY"] });
    expect(symbols).toEqual(["aig", "eth/usdt", "SPY"]);
  });

  it("reports each bad item at its index, in index order, among the items of other types", () => {
    const result = onePass.safeParse({ symbols: [1, "S&P", "ok", 2, "a b"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.code, issue.message])).toEqual([
      [["symbols", 0], "invalid_type", "Invalid input: expected string, received number"],
      [["symbols", 1], "custom", '"S&P" is not a valid symbol'],
      [["symbols", 3], "invalid_type", "Invalid input: expected string, received number"],
      [["symbols", 4], "custom", '"a b" is not a valid symbol'],
    ]);
  });

  it("is what session_data.symbols parses with, and a parsed config parses again to itself", () => {
    const input = {
      name: "s",
      backtest: { start: "2024-11-25", end: "2024-11-25" },
      session_data: { symbols: ["aig", "spy", "eth/usdt"] },
    };
    const parsed = sessionConfigSchema.parse(input);
    expect(parsed.session_data.symbols).toEqual(["AIG", "SPY", "ETH-USDT"]);
    expect(sessionConfigSchema.parse(parsed)).toEqual(parsed);
  });
});
