// Parsing horizons and entry rules: what a user types on the command line.

import { describe, expect, it } from "vitest";
import { parseEntryRule } from "../../../src/scoring/entry-rules.js";
import { DEFAULT_HORIZON_TEXT, parseHorizon, parseHorizons } from "../../../src/scoring/horizons.js";
import { thrown } from "../../helpers/thrown.js";

describe("parseHorizons", () => {
  it("reads the default list in order", () => {
    expect(parseHorizons(DEFAULT_HORIZON_TEXT)).toEqual([
      { label: "5m", kind: "minutes", minutes: 5 },
      { label: "15m", kind: "minutes", minutes: 15 },
      { label: "30m", kind: "minutes", minutes: 30 },
      { label: "60m", kind: "minutes", minutes: 60 },
      { label: "close", kind: "close" },
      { label: "1d", kind: "days", days: 1 },
      { label: "5d", kind: "days", days: 5 },
    ]);
  });

  it("normalizes case and spaces", () => {
    expect(parseHorizons(" 90M , Close,2D ").map((horizon) => horizon.label)).toEqual(["90m", "close", "2d"]);
  });

  it("refuses bad horizons with a usage error naming the value", () => {
    for (const bad of ["0m", "391m", "1h", "1.5d", "d", "0d", "tomorrow"]) {
      const error = thrown(() => parseHorizon(bad));
      expect(error).toMatchObject({ code: "SCN_ERR_USAGE" });
      expect((error as Error).message).toContain(JSON.stringify(bad));
    }
    expect(thrown(() => parseHorizons("5m,close,5m"))).toMatchObject({
      code: "SCN_ERR_USAGE",
      message: "Horizon 5m is listed twice",
    });
    expect(thrown(() => parseHorizons(" , "))).toMatchObject({ code: "SCN_ERR_USAGE" });
  });
});

describe("parseEntryRule", () => {
  it("accepts the three rules, in any case", () => {
    expect(parseEntryRule("next_open")).toBe("next_open");
    expect(parseEntryRule("CLOSE_AT_T")).toBe("close_at_T");
    expect(parseEntryRule("vwap_next_5m")).toBe("vwap_next_5m");
  });

  it("refuses anything else", () => {
    expect(thrown(() => parseEntryRule("open"))).toMatchObject({
      code: "SCN_ERR_USAGE",
      message: '"open" is not an entry rule: use next_open, close_at_T, vwap_next_5m',
    });
  });
});
