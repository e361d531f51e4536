import { describe, expect, it } from "vitest";
import { IndicatorError } from "../../../src/core/errors.js";
import type { IndicatorInput } from "../../../src/indicators/indicator.js";
import { VWAP, vwapDefinition } from "../../../src/indicators/vwap.js";
import { describeIndicatorContract } from "../../helpers/indicator-contract.js";
import { type MinuteRow, readMinuteFile } from "./minute-file.js";

const spyDay1 = readMinuteFile("SPY-20131007");
const spyDay2 = readMinuteFile("SPY-20131008");
const spyTwoDays = [...spyDay1, ...spyDay2];
const aapl = readMinuteFile("AAPL-20250702");

/**
 * Independent reference: the session VWAP after each row, restarting on each new date and adding
 * only regular rows; null from a new date until its first regular row.
 */
function referenceVwap(rows: readonly MinuteRow[]): (number | null)[] {
  let date = "";
  let priceVolume = 0;
  let volume = 0;
  let value: number | null = null;
  return rows.map((row) => {
    if (row.date !== date) {
      date = row.date;
      priceVolume = 0;
      volume = 0;
      value = null;
    }
    if (row.regular) {
      const typical = (row.high + row.low + row.close) / 3;
      priceVolume += typical * row.volume;
      volume += row.volume;
      value = volume > 0 ? priceVolume / volume : typical;
    }
    return value;
  });
}

function feedAll(rows: readonly IndicatorInput[]): (number | null)[] {
  const vwap = new VWAP();
  return rows.map((row) => vwap.update(row));
}

function index(rows: readonly MinuteRow[], date: string, clock: string): number {
  const found = rows.findIndex((row) => row.date === date && row.clock === clock);
  if (found < 0) throw new Error(`no ${date} ${clock} bar`);
  return found;
}

describe("VWAP (session-anchored)", () => {
  it("equals Σ(typical × volume) / Σ volume of the regular bars, bar by bar, over SPY 2013-10-07 and 10-08", () => {
    const expected = referenceVwap(spyTwoDays);
    expect(feedAll(spyTwoDays)).toEqual(expected);
    expect(spyDay1.filter((row) => row.regular)).toHaveLength(390);
  });

  it("is null in the first pre-market, starts at 09:30 with the bar's own typical price", () => {
    const values = feedAll(spyDay1);
    const open = index(spyDay1, "2013-10-07", "09:30");
    expect(values.slice(0, open).every((value) => value === null)).toBe(true);
    const first = spyDay1[open];
    const typical = (first.high + first.low + first.close) / 3;
    expect(values[open]).toBe((typical * first.volume) / first.volume);
  });

  it("keeps the day's final value through the post-market (bars after 16:00 are ignored)", () => {
    const values = feedAll(spyDay1);
    const lastRegular = index(spyDay1, "2013-10-07", "15:59");
    const regular = spyDay1.filter((row) => row.regular);
    let priceVolume = 0;
    let volume = 0;
    for (const row of regular) {
      priceVolume += ((row.high + row.low + row.close) / 3) * row.volume;
      volume += row.volume;
    }
    expect(values[lastRegular]).toBe(priceVolume / volume);
    expect(values.slice(lastRegular).every((value) => value === priceVolume / volume)).toBe(true);
    expect(spyDay1.length - 1 - lastRegular).toBeGreaterThan(100);
  });

  it("resets at 09:30 New York of the next date: null in 10-08's pre-market, then 10-08's bars only", () => {
    const values = feedAll(spyTwoDays);
    const dayTwoStart = spyDay1.length;
    const dayTwoOpen = index(spyTwoDays, "2013-10-08", "09:30");
    expect(values[dayTwoStart - 1]).not.toBeNull();
    expect(values.slice(dayTwoStart, dayTwoOpen).every((value) => value === null)).toBe(true);
    // From the open on, identical to feeding 10-08 alone: nothing of 10-07 remains.
    expect(values.slice(dayTwoStart)).toEqual(feedAll(spyDay2));
    const open = spyTwoDays[dayTwoOpen];
    expect(values[dayTwoOpen]).toBeCloseTo((open.high + open.low + open.close) / 3, 12);
  });

  it("ignores AAPL 2025-07-01's post-market bars at the start of the 2025-07-02 file", () => {
    const values = feedAll(aapl);
    expect(aapl[0].date).toBe("2025-07-01");
    expect(aapl[0].clock).toBe("16:00");
    const open = index(aapl, "2025-07-02", "09:30");
    expect(values.slice(0, open).every((value) => value === null)).toBe(true);
    expect(values).toEqual(referenceVwap(aapl));
    expect(values.at(-1)).toBe(referenceVwap(aapl.filter((row) => row.date === "2025-07-02")).at(-1));
  });

  it("a session stream of regular bars only gives the same values at the regular bars", () => {
    const all = feedAll(spyTwoDays);
    const regularRows = spyTwoDays.filter((row) => row.regular);
    const regularOnly = feedAll(regularRows);
    const atRegular = spyTwoDays.flatMap((row, i) => (row.regular ? [all[i]] : []));
    expect(regularOnly).toEqual(atRegular);
  });

  it("with zero cumulative volume shows the latest bar's typical price", () => {
    const vwap = new VWAP();
    const at = (clock: string) => Date.parse(`2013-10-07T${clock}:00-04:00`);
    const bar = (clock: string, high: number, low: number, close: number, volume: number) => ({
      time: at(clock),
      open: close,
      high,
      low,
      close,
      volume,
    });
    expect(vwap.update(bar("09:30", 12, 9, 10.5, 0))).toBe((12 + 9 + 10.5) / 3);
    expect(vwap.update(bar("09:31", 13, 10, 11.5, 0))).toBe((13 + 10 + 11.5) / 3);
    expect(vwap.update(bar("09:32", 12, 12, 12, 100))).toBe(12);
    expect(vwap.update(bar("09:33", 30, 30, 30, 0))).toBe(12);
  });

  it("on daily bars (09:30 New York starts) is each day's typical price", () => {
    const vwap = new VWAP();
    const day1 = {
      time: Date.parse("2013-10-07T09:30:00-04:00"),
      open: 5,
      high: 12,
      low: 9,
      close: 10,
      volume: 7,
    };
    const day2 = {
      time: Date.parse("2013-10-08T09:30:00-04:00"),
      open: 5,
      high: 30,
      low: 3,
      close: 6,
      volume: 9,
    };
    expect(vwap.update(day1)).toBe(((31 / 3) * 7) / 7);
    expect(vwap.update(day2)).toBe(((39 / 3) * 9) / 9);
  });

  it("replace shows a forming bar without committing it, across a session reset too", () => {
    const vwap = new VWAP();
    const dayOneRegular = spyDay1.filter((row) => row.regular);
    for (const row of dayOneRegular) vwap.update(row);
    const before = vwap.value;
    const nextOpen = spyDay2[index(spyDay2, "2013-10-08", "09:30")];
    const premarket = spyDay2[0];
    expect(vwap.replace(premarket)).toBeNull();
    expect(vwap.replace(nextOpen)).toBe(
      (((nextOpen.high + nextOpen.low + nextOpen.close) / 3) * nextOpen.volume) / nextOpen.volume,
    );
    expect(vwap.count).toBe(dayOneRegular.length);
    // A post-market forming bar of the same day shows the committed value.
    vwap.replace(spyDay1[index(spyDay1, "2013-10-07", "16:05")]);
    expect(vwap.value).toBe(before);
  });

  it("refuses a damaged snapshot with an IndicatorError naming the field", () => {
    const vwap = new VWAP();
    const snapshot = { ...vwap.snapshot(), priceVolume: "x" };
    expect(() => vwap.restore(snapshot)).toThrow(IndicatorError);
    expect(() => vwap.restore(snapshot)).toThrow('vwap: snapshot field "priceVolume"');
  });

  it("has no parameters and is keyed vwap_<interval>", () => {
    expect(vwapDefinition.params.parse({})).toEqual({});
    expect(vwapDefinition.params.safeParse({ period: 1 }).success).toBe(false);
    expect(vwapDefinition.keyParts({})).toEqual([]);
    expect(new VWAP()).toMatchObject({ type: "vwap", requiredBars: 1, stableBars: 1 });
  });
});

// A session stream: regular bars of two consecutive days (the reset falls inside the series).
describeIndicatorContract(
  "vwap",
  () => new VWAP(),
  spyTwoDays.filter((row) => row.regular),
);
