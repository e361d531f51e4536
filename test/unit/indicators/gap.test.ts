import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import { Gap, gapDefinition } from "../../../src/indicators/gap.js";
import type { IndicatorInput } from "../../../src/indicators/indicator.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { loadDailySeries } from "../../helpers/talib-oracle.js";
import { type MinuteRow, readMinuteFile } from "./minute-file.js";

const spyDay1 = readMinuteFile("SPY-20131007");
const spyDay2 = readMinuteFile("SPY-20131008");
const spyDay3 = readMinuteFile("SPY-20131009");
const spyThreeDays = [...spyDay1, ...spyDay2, ...spyDay3];
const aapl = readMinuteFile("AAPL-20250702");

function feedAll(rows: readonly IndicatorInput[]): (number | null)[] {
  const gap = new Gap();
  return rows.map((row) => gap.update(row));
}

function regularOf(rows: readonly MinuteRow[], date: string): MinuteRow[] {
  return rows.filter((row) => row.regular && row.date === date);
}

/** 100 × (first regular open of `date` − last regular close of `previousDate`) / that close. */
function expectedGap(rows: readonly MinuteRow[], previousDate: string, date: string): number {
  const previousClose = regularOf(rows, previousDate).at(-1)!.close;
  const open = regularOf(rows, date)[0].open;
  return (100 * (open - previousClose)) / previousClose;
}

describe("Gap", () => {
  it("on SPY 2013-10-08 is 100 × (first regular open − 10-07's last regular close) / that close, all session", () => {
    const values = feedAll(spyThreeDays);
    const gap = expectedGap(spyThreeDays, "2013-10-07", "2013-10-08");
    expect(regularOf(spyThreeDays, "2013-10-07").at(-1)!.clock).toBe("15:59");
    expect(regularOf(spyThreeDays, "2013-10-08")[0].clock).toBe("09:30");
    spyThreeDays.forEach((row, i) => {
      if (row.date !== "2013-10-08") return;
      expect(values[i], `${row.date} ${row.clock}`).toBe(row.clock < "09:30" ? null : gap);
    });
  });

  it("is null through the first session seen, and again from the next date until its open", () => {
    const values = feedAll(spyThreeDays);
    spyDay1.forEach((_, i) => {
      expect(values[i]).toBeNull();
    });
    const dayThreeStart = spyDay1.length + spyDay2.length;
    const dayThreeOpen = spyThreeDays.findIndex((row) => row.date === "2013-10-09" && row.regular);
    expect(values[dayThreeStart - 1]).not.toBeNull();
    expect(values.slice(dayThreeStart, dayThreeOpen).every((value) => value === null)).toBe(true);
    expect(values[dayThreeOpen]).toBe(expectedGap(spyThreeDays, "2013-10-08", "2013-10-09"));
    expect(values.at(-1)).toBe(expectedGap(spyThreeDays, "2013-10-08", "2013-10-09"));
  });

  it("uses regular bars only: post-market closes and pre-market opens do not count", () => {
    const lastBar = spyDay1.at(-1)!;
    const lastRegular = regularOf(spyDay1, "2013-10-07").at(-1)!;
    expect(lastBar.close).not.toBe(lastRegular.close);
    expect(spyDay2[0].open).not.toBe(regularOf(spyDay2, "2013-10-08")[0].open);
    const onlyRegular = feedAll(spyThreeDays.filter((row) => row.regular));
    expect(onlyRegular.at(-1)).toBe(feedAll(spyThreeDays).at(-1));
  });

  it("stays null on AAPL 2025-07-02: the file's 2025-07-01 bars are all post-market", () => {
    expect(aapl[0].date).toBe("2025-07-01");
    expect(aapl.filter((row) => row.date === "2025-07-01").every((row) => !row.regular)).toBe(true);
    expect(feedAll(aapl).every((value) => value === null)).toBe(true);
  });

  it("on daily bars is 100 × (open − previous close) / previous close", () => {
    const daily = loadDailySeries("AAPL").bars.slice(0, 300);
    const values = feedAll(daily);
    expect(values[0]).toBeNull();
    for (let i = 1; i < daily.length; i++) {
      expect(values[i]).toBe((100 * (daily[i].open - daily[i - 1].close)) / daily[i - 1].close);
    }
  });

  it("replace shows the gap of a forming first bar without committing it", () => {
    const gap = new Gap();
    for (const row of regularOf(spyThreeDays, "2013-10-07")) gap.update(row);
    const open = regularOf(spyThreeDays, "2013-10-08")[0];
    expect(gap.replace(spyDay2[0])).toBeNull();
    expect(gap.replace(open)).toBe(expectedGap(spyThreeDays, "2013-10-07", "2013-10-08"));
    expect(gap.count).toBe(390);
    expect(gap.update(open)).toBe(expectedGap(spyThreeDays, "2013-10-07", "2013-10-08"));
    // Later forming bars of the same session show the session's gap.
    expect(gap.replace(regularOf(spyThreeDays, "2013-10-08")[5])).toBe(gap.value);
  });

  it("a previous close of 0 gives null, not Infinity", () => {
    const gap = new Gap();
    gap.update({
      time: Date.parse("2013-10-07T09:30:00-04:00"),
      open: 0,
      high: 0,
      low: 0,
      close: 0,
      volume: 1,
    });
    expect(
      gap.update({
        time: Date.parse("2013-10-08T09:30:00-04:00"),
        open: 1,
        high: 1,
        low: 1,
        close: 1,
        volume: 1,
      }),
    ).toBeNull();
  });

  it("refuses a damaged snapshot", () => {
    const gap = new Gap();
    expect(() => gap.restore({ ...gap.snapshot(), sessionOpened: 1 })).toThrow(IndicatorError);
    expect(() => gap.restore({ ...gap.snapshot(), sessionOpened: 1 })).toThrow(
      'gap: snapshot field "sessionOpened" must be true or false, got 1',
    );
  });

  it("has no parameters: key gap_<interval>, requiredBars 2", () => {
    expect(gapDefinition.params.parse({})).toEqual({});
    expect(gapDefinition.keyParts({})).toEqual([]);
    expect(new Gap()).toMatchObject({ type: "gap", requiredBars: 2, stableBars: 2 });
  });
});

// Daily bars: every bar opens a session, so the first value comes at bar requiredBars = 2.
describeIndicatorContract("gap", () => new Gap(), loadDailySeries("SPY").bars.slice(0, 400));
