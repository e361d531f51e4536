// Alert texts: every placeholder filled, metadata values shown per symbol, unknown placeholders
// found for the config check.

import { describe, expect, it } from "vitest";
import {
  clockOf,
  defaultTemplate,
  renderTemplate,
  unknownPlaceholders,
} from "../../../src/scanners/alert-text.js";

const values = {
  session: "live",
  scanner: "gap-scanner",
  kind: "cron",
  date: "2024-12-02",
  time: "09:35",
  symbols: [
    {
      symbol: "AAPL",
      values: { gap_percent: 2.345678, volume: 1_200_000, direction: "up", nested: { a: 1 } },
    },
    { symbol: "MSFT", values: null },
  ],
  left: ["IBM", "KO"],
};

describe("alert text", () => {
  it("fills every placeholder", () => {
    expect(
      renderTemplate(
        "{session}/{scanner}/{kind} {date} {time} {count}: {symbols} | {entered} | {left}",
        values,
      ),
    ).toBe(
      "live/gap-scanner/cron 2024-12-02 09:35 2: AAPL (gap_percent=2.3457, volume=1200000, direction=up), MSFT | AAPL, MSFT | IBM, KO",
    );
  });

  it("writes a dash for an empty list", () => {
    expect(renderTemplate("{symbols} {left}", { ...values, symbols: [], left: [] })).toBe("- -");
  });

  it("has a default per rule", () => {
    expect(renderTemplate(defaultTemplate("new"), values)).toBe(
      "gap-scanner 2024-12-02 09:35: AAPL (gap_percent=2.3457, volume=1200000, direction=up), MSFT",
    );
    expect(renderTemplate(defaultTemplate("changes"), values)).toBe(
      "gap-scanner 2024-12-02 09:35: entered AAPL (gap_percent=2.3457, volume=1200000, direction=up), MSFT; left IBM, KO",
    );
  });

  it("finds unknown placeholders", () => {
    expect(unknownPlaceholders("{scanner} {price} {symbol} {time}")).toEqual(["{price}", "{symbol}"]);
    expect(unknownPlaceholders("no placeholders {}")).toEqual([]);
  });

  it("shows seconds only off the minute", () => {
    expect(clockOf("2024-12-02T09:35:00-05:00")).toBe("09:35");
    expect(clockOf("2024-12-02T09:35:30-05:00")).toBe("09:35:30");
  });
});
