import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDaysWithoutBars, formatDayRuns } from "../../../src/cli/days-without-bars-text.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { findDaysWithoutBars, tradingDayWindow } from "../../../src/runtime/days-without-bars.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { buildSmallStore, newYorkAt, type SmallStore } from "../../helpers/small-store.js";

const DAYS = ["2024-11-25", "2024-11-26", "2024-11-27", "2024-11-29", "2024-12-02"];
const calendar = new ExchangeCalendar();

describe("findDaysWithoutBars", () => {
  let small: SmallStore;
  let store: BarStore;
  beforeAll(() => {
    small = buildSmallStore([
      ["AAA", "1m", "2024-11-25", "09:30"],
      ["BBB", "1d", "2024-11-27", "09:30"],
      ["BBB", "1m", "2024-12-02", "04:00"],
    ]);
    store = BarStore.open(small.path);
  });
  afterAll(() => {
    store?.close();
    small?.dispose();
  });

  it("gives, per scanner in order, the days on which none of its symbols had a bar", () => {
    expect(
      findDaysWithoutBars(store, calendar, DAYS, [
        { name: "both", universe: ["AAA", "BBB"] },
        { name: "empty", universe: [] },
        { name: "only-a", universe: ["AAA"] },
        { name: "nothing", universe: ["ZZZ"] },
      ]),
    ).toEqual([
      { scanner: "both", days: ["2024-11-26", "2024-11-29"] },
      // An empty universe has nothing to scan any day.
      { scanner: "empty", days: DAYS },
      { scanner: "only-a", days: ["2024-11-26", "2024-11-27", "2024-11-29", "2024-12-02"] },
      { scanner: "nothing", days: DAYS },
    ]);
  });

  it("is empty when every scanner has a symbol with bars every day", () => {
    expect(
      findDaysWithoutBars(store, calendar, ["2024-11-25"], [{ name: "a", universe: ["ZZZ", "AAA"] }]),
    ).toEqual([]);
  });
});

describe("tradingDayWindow", () => {
  it("spans a NYSE day from local midnight (before the 04:00 pre-market) to the next midnight", () => {
    expect(tradingDayWindow(calendar, "2024-11-27")).toEqual({
      fromTime: newYorkAt("2024-11-27", "00:00"),
      toTime: newYorkAt("2024-11-28", "00:00"),
    });
    // Midnight to midnight the day after DST ended (Sunday 2024-11-03): 24 hours of EST.
    const { fromTime, toTime } = tradingDayWindow(calendar, "2024-11-04");
    expect(toTime - fromTime).toBe(86_400_000);
  });

  it("takes a Tokyo day in Tokyo time, which is the evening before in New York", () => {
    const tokyo = calendarOf("XTKS");
    const { fromTime, toTime } = tradingDayWindow(tokyo, "2024-11-27");
    expect(new Date(fromTime).toISOString()).toBe("2024-11-26T15:00:00.000Z");
    expect(new Date(toTime).toISOString()).toBe("2024-11-27T15:00:00.000Z");
  });
});

describe("the wording of days without bars", () => {
  it("shortens runs of consecutive trading days, holidays and weekends between them included", () => {
    expect(formatDayRuns(["2024-11-26", "2024-11-27", "2024-11-29", "2024-12-02"], DAYS)).toBe(
      "2024-11-26 → 2024-12-02",
    );
    expect(formatDayRuns(["2024-11-25", "2024-11-27", "2024-11-29"], DAYS)).toBe(
      "2024-11-25, 2024-11-27 → 2024-11-29",
    );
    expect(formatDayRuns(["2024-12-02"], DAYS)).toBe("2024-12-02");
    expect(formatDayRuns([], DAYS)).toBe("");
  });

  it("names the scanner, how many days of how many, and the days", () => {
    expect(describeDaysWithoutBars({ scanner: "gaps", days: ["2024-11-25", "2024-11-29"] }, DAYS)).toBe(
      'scanner "gaps" had no bars of any universe symbol on 2 of 5 trading days: 2024-11-25, 2024-11-29',
    );
  });
});
