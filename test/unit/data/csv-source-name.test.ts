import { describe, expect, it } from "vitest";
import { inferSeriesFromPath, intervalFromHeader } from "../../../src/data/csv-source-name.js";

describe("inferSeriesFromPath", () => {
  it("reads one-day minute files and daily folders", () => {
    expect(inferSeriesFromPath("/data/minute/SPY-20131007.csv")).toEqual({ symbol: "SPY", interval: "1m" });
    expect(inferSeriesFromPath("/data/daily/SPY.csv")).toEqual({ symbol: "SPY", interval: "1d" });
    expect(inferSeriesFromPath("aig-20131008.CSV")).toEqual({ symbol: "AIG", interval: "1m" });
  });

  it("reads an interval suffix and interval-named folders", () => {
    expect(inferSeriesFromPath("bars/QQQ-5m.csv")).toEqual({ symbol: "QQQ", interval: "5m" });
    expect(inferSeriesFromPath("bars/QQQ_1h.csv")).toEqual({ symbol: "QQQ", interval: "60m" });
    expect(inferSeriesFromPath("bars/15m/IWM.csv")).toEqual({ symbol: "IWM", interval: "15m" });
    expect(inferSeriesFromPath("bars/weekly/IWM.csv")).toEqual({ symbol: "IWM", interval: "1w" });
  });

  it("keeps dashes that belong to the symbol and leaves unknowns out", () => {
    expect(inferSeriesFromPath("BRK-B.csv")).toEqual({ symbol: "BRK-B" });
    expect(inferSeriesFromPath("/tmp/my bars.csv")).toEqual({});
  });
});

describe("intervalFromHeader", () => {
  it("maps the time column to an interval", () => {
    expect(intervalFromHeader("date,open,high,low,close,volume\n1,2")).toBe("1d");
    expect(intervalFromHeader("\uFEFFtimestamp,open,high,low,close,volume\r\n")).toBe("1m");
    expect(intervalFromHeader("2013-10-07,1,2,3,4,5\n")).toBeUndefined();
  });
});
