import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDaysWithoutBars, formatDayRuns } from "../../../src/cli/days-without-bars-text.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { findDaysWithoutBars } from "../../../src/runtime/days-without-bars.js";
import { buildSmallStore, type SmallStore } from "../../helpers/small-store.js";

const DAYS = ["2024-11-25", "2024-11-26", "2024-11-27", "2024-11-29", "2024-12-02"];

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
      findDaysWithoutBars(store, DAYS, [
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
    expect(findDaysWithoutBars(store, ["2024-11-25"], [{ name: "a", universe: ["ZZZ", "AAA"] }])).toEqual([]);
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
