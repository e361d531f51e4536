// Edge cases of the forward measures on small hand-made series: a halt inside the data (no bar
// between entry and horizon), a VWAP window that traded no volume, a window cut by the close, and
// a hit before the open.

import { describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { SeededRandom } from "../../../src/data/seeded-random.js";
import type { EntryRule } from "../../../src/scoring/entry-rules.js";
import {
  lowerBound,
  lowerBoundFrom,
  MINUTE_MS,
  measureSymbol,
  SymbolMeasures,
  upperBound,
  upperBoundFrom,
} from "../../../src/scoring/forward-measures.js";
import { parseHorizons } from "../../../src/scoring/horizons.js";
import { RangeExtremes } from "../../../src/scoring/range-extremes.js";
import { SlotWindows } from "../../../src/scoring/slot-windows.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { edt } from "../../helpers/forward-reference.js";

const DATE = "2013-10-08";
const calendar = new ExchangeCalendar();

/** One bar a minute at the given New York times (HH:MM), with OHLC and volume. */
function bars(rows: Array<[string, number, number, number, number, number]>) {
  return barsToColumns(
    rows.map(([time, open, high, low, close, volume]) => ({
      time: edt(DATE, time),
      open,
      high,
      low,
      close,
      volume,
    })),
  );
}

function measure(
  columns: ReturnType<typeof bars>,
  slot: string,
  entryRule: EntryRule,
  horizons: string,
  dataEndAt = edt("2013-10-11", "20:00"),
) {
  const parsed = parseHorizons(horizons);
  const extremes = new RangeExtremes();
  extremes.build(columns.high, columns.low);
  const windows = new SlotWindows(calendar, parsed);
  const out = new SymbolMeasures(1, parsed.length);
  const slotAt = edt(DATE, slot);
  measureSymbol(
    {
      bars: columns,
      extremes,
      dataEndAt,
      slots: Float64Array.of(slotAt),
      windows: [windows.at(slotAt)],
      horizons: parsed,
      entryRule,
    },
    out,
  );
  return out;
}

describe("measureSymbol", () => {
  it("gives a halted symbol a zero return and no excursion until it trades again (close_at_T)", () => {
    // Trades at 10:00, halts, trades again at 11:00.
    const columns = bars([
      ["10:00", 20, 20.5, 19.5, 20, 100],
      ["11:00", 21, 22, 20.8, 21.5, 100],
    ]);
    const out = measure(columns, "10:30", "close_at_T", "5m,60m");
    expect(out.entryPrice[0]).toBe(20);
    expect(out.entryAt[0]).toBe(edt(DATE, "10:30"));
    // 5m ends 10:35: the last price is still 10:00's close.
    expect([out.returns[0], out.mfe[0], out.mae[0]]).toEqual([0, 0, 0]);
    // 60m ends 11:30: the 11:00 bar (ended 11:01) is in.
    expect(out.returns[1]).toBeCloseTo(7.5, 12);
    expect(out.mfe[1]).toBeCloseTo(10, 12);
    expect(out.mae[1]).toBe(0);
  });

  it("takes the mean typical price when the VWAP window traded no volume, and cuts it at the close", () => {
    const columns = bars([
      ["15:58", 10, 13, 10, 11, 0],
      ["15:59", 11, 14, 11, 12, 0],
    ]);
    const out = measure(columns, "15:58", "vwap_next_5m", "close");
    expect(out.entryPrice[0]).toBeCloseTo((34 / 3 + 37 / 3) / 2, 12);
    // The window stops at 16:00 (not 16:03), and so does the entry time.
    expect(out.entryAt[0]).toBe(edt(DATE, "16:00"));
    // `close` ends at 16:00 too: the exit is the window's last close, no bar left for excursions.
    expect(out.returns[0]).toBeCloseTo(((12 - (34 / 3 + 37 / 3) / 2) / ((34 / 3 + 37 / 3) / 2)) * 100, 12);
    expect([out.mfe[0], out.mae[0]]).toEqual([0, 0]);
  });

  it("counts a pre-open hit's minutes from the open and enters on a pre-market bar", () => {
    const columns = bars([
      ["08:00", 50, 50, 50, 50, 10],
      ["09:30", 51, 52, 49, 51.5, 10],
      ["09:31", 51.5, 53, 51, 52.5, 10],
    ]);
    const out = measure(columns, "07:00", "next_open", "1m,2m");
    expect(out.entryPrice[0]).toBe(50);
    expect(out.entryAt[0]).toBe(edt(DATE, "08:00"));
    // 1m ends 09:31: exit 51.5, excursions over 08:00..09:30.
    expect(out.returns[0]).toBeCloseTo(3, 12);
    expect(out.mfe[0]).toBeCloseTo(4, 12);
    expect(out.mae[0]).toBeCloseTo(-2, 12);
    expect(out.returns[1]).toBeCloseTo(5, 12);
    expect(out.mfe[1]).toBeCloseTo(6, 12);
  });

  it("gives null past the end of the symbol's data, even with bars up to it", () => {
    const columns = bars([
      ["10:00", 20, 20, 20, 20, 1],
      ["10:01", 20, 21, 20, 21, 1],
    ]);
    const out = measure(columns, "10:00", "next_open", "1m,2m,3m", edt(DATE, "10:02"));
    expect(out.returns[0]).toBe(0);
    expect(out.returns[1]).toBeCloseTo(5, 12);
    expect(Number.isNaN(out.returns[2])).toBe(true);
    expect(Number.isNaN(out.mfe[2])).toBe(true);
    expect(edt(DATE, "10:02") - edt(DATE, "10:01")).toBe(MINUTE_MS);
  });
});

describe("lowerBoundFrom / upperBoundFrom", () => {
  // Times with runs of equal values and gaps; values below, between, on and above them; every hint
  // from 0 past the end: the hinted searches give the plain searches' index in every case.
  const random = new SeededRandom(16, 1);
  const times: number[] = [];
  for (let t = 100; times.length < 300; ) {
    t += Math.floor(random.next() * 3) * 10; // steps of 0, 10 or 20: repeats and gaps
    times.push(t);
  }
  const time = Float64Array.from(times);
  const values = [Number.NaN, 0, 99, 100, 105, ...times.filter((_, i) => i % 7 === 0), time[299] + 5, 1e9];

  it.each([0, 150, 300])("equal the plain searches over the first %i bars, whatever the hint", (n) => {
    let checked = 0;
    for (const value of values) {
      const lower = lowerBound(time, n, value);
      const upper = upperBound(time, n, value);
      for (let hint = 0; hint <= n + 2; hint++) {
        expect(lowerBoundFrom(time, n, value, hint)).toBe(lower);
        expect(upperBoundFrom(time, n, value, hint)).toBe(upper);
        checked++;
      }
    }
    expect(checked).toBe(values.length * (n + 3));
  });

  it("find the ends of ascending searches from the last one's index", () => {
    let lowerHint = 0;
    let upperHint = 0;
    for (let value = 90; value <= time[299] + 20; value += 5) {
      lowerHint = lowerBoundFrom(time, 300, value, lowerHint);
      upperHint = upperBoundFrom(time, 300, value, upperHint);
      expect(lowerHint).toBe(lowerBound(time, 300, value));
      expect(upperHint).toBe(upperBound(time, 300, value));
    }
    expect([lowerHint, upperHint]).toEqual([300, 300]);
  });
});
