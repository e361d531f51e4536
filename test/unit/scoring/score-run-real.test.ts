// Scores of hand-picked hits over the real SPY and AIG minutes of 2013-10-07..11, every figure
// recomputed here from the CSV rows with literal New York instants (test/helpers/forward-reference.ts):
// the three entry rules, horizons within the session, across the close and into the next sessions,
// MFE/MAE, a symbol whose data stops after the hit, sparse pre-market bars, the baseline of a
// two-symbol universe and a short-side scanner.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { parseHorizons } from "../../../src/scoring/horizons.js";
import { scoreRun } from "../../../src/scoring/score-run.js";
import type { RunScores, ScanHits, ScoredScanner } from "../../../src/scoring/score-types.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import {
  barsWithin,
  edt,
  firstBarFrom,
  lastBarEndingBy,
  longMeasure,
  MINUTE,
} from "../../helpers/forward-reference.js";
import { WEEK_DATES } from "../../helpers/real-session.js";
import { type CsvBar, readMinuteCsv } from "../../helpers/shared-data.js";

const calendar = new ExchangeCalendar();
const minutes: Record<string, CsvBar[]> = {};
let store: BarStore;

function weekOf(symbol: string): CsvBar[] {
  return WEEK_DATES.flatMap((date) => readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`));
}

beforeAll(() => {
  store = BarStore.open(":memory:");
  for (const symbol of ["SPY", "AIG"]) {
    minutes[symbol] = weekOf(symbol);
    store.insertBars(symbol, "1m", barsToColumns(minutes[symbol]));
  }
  // HALT: AIG's bars up to 2013-10-08 11:00, then nothing (a symbol that stops trading).
  minutes.HALT = minutes.AIG.filter((row) => row.time < edt("2013-10-08", "11:00"));
  store.insertBars("HALT", "1m", barsToColumns(minutes.HALT));
});
afterAll(() => store.close());

function score(
  scans: ScanHits[],
  options: {
    scanners?: ScoredScanner[];
    entry?: "next_open" | "close_at_T" | "vwap_next_5m";
    horizons: string;
  },
): RunScores {
  const scanners = options.scanners ?? [{ name: "pick", universe: ["SPY", "AIG"], direction: "long" }];
  return scoreRun({
    run: 1,
    store,
    calendar,
    scanners,
    scans,
    entryRule: options.entry ?? "next_open",
    horizons: parseHorizons(options.horizons),
  });
}

function hit(scanner: string, date: string, time: string, symbols: string[]): ScanHits {
  return { scanner, scheduledAt: edt(date, time), sessionDate: date, symbols };
}

/** Return, MFE and MAE of hit `index` at horizon `h`, as the scorer stored them (null for NaN). */
function measuresOf(scores: RunScores, index: number, h: number) {
  const at = index * scores.horizons.length + h;
  const value = (array: Float64Array) => (Number.isNaN(array[at]) ? null : array[at]);
  return {
    returnPct: value(scores.hits.returns),
    mfePct: value(scores.hits.mfe),
    maePct: value(scores.hits.mae),
  };
}

function expectMeasure(
  actual: ReturnType<typeof measuresOf>,
  expected: ReturnType<typeof longMeasure>,
): void {
  expect(actual.returnPct).toBeCloseTo(expected.returnPct, 10);
  expect(actual.mfePct).toBeCloseTo(expected.mfePct, 10);
  expect(actual.maePct).toBeCloseTo(expected.maePct, 10);
}

describe("scoreRun on the real week of 2013-10-07", () => {
  it("enters at the next open and measures each horizon to the last bar ending by its end", () => {
    const spy = minutes.SPY;
    const scores = score([hit("pick", "2013-10-08", "10:00", ["SPY"])], { horizons: "5m,60m,close,1d,5d" });
    const entryBar = firstBarFrom(spy, edt("2013-10-08", "10:00"), edt("2013-10-08", "16:00")) as CsvBar;
    expect(entryBar.time).toBe(edt("2013-10-08", "10:00"));
    expect(scores.hits.entryPrice[0]).toBe(entryBar.open);
    expect(scores.hits.entryAt[0]).toBe(entryBar.time);
    const entryAt = entryBar.time;
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(spy, entryBar.open, entryAt, edt("2013-10-08", "10:05")),
    );
    expectMeasure(
      measuresOf(scores, 0, 1),
      longMeasure(spy, entryBar.open, entryAt, edt("2013-10-08", "11:00")),
    );
    expectMeasure(
      measuresOf(scores, 0, 2),
      longMeasure(spy, entryBar.open, entryAt, edt("2013-10-08", "16:00")),
    );
    // 1d: Wednesday's close; the excursions span Tuesday's post-market and Wednesday's pre-market.
    const oneDay = longMeasure(spy, entryBar.open, entryAt, edt("2013-10-09", "16:00"));
    expectMeasure(measuresOf(scores, 0, 3), oneDay);
    expect(lastBarEndingBy(spy, edt("2013-10-09", "16:00"))?.time).toBe(edt("2013-10-09", "15:59"));
    // 5d ends at the close of 2013-10-15, past the store's data: null, not zero.
    expect(measuresOf(scores, 0, 4)).toEqual({ returnPct: null, mfePct: null, maePct: null });
    // The figures differ from horizon to horizon: a test that could not tell them apart would be weak.
    expect(new Set([0, 1, 2, 3].map((h) => measuresOf(scores, 0, h).returnPct)).size).toBe(4);
  });

  it("cuts minute horizons at the session's close", () => {
    const aig = minutes.AIG;
    const scores = score([hit("pick", "2013-10-08", "15:50", ["AIG"])], { horizons: "5m,15m,60m,close" });
    const entryBar = firstBarFrom(aig, edt("2013-10-08", "15:50"), edt("2013-10-08", "16:00")) as CsvBar;
    const toClose = longMeasure(aig, entryBar.open, entryBar.time, edt("2013-10-08", "16:00"));
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(aig, entryBar.open, entryBar.time, entryBar.time + 5 * MINUTE),
    );
    // 15m and 60m from 15:50 both stop at 16:00: the same figures as `close`, post-market bars ignored.
    expectMeasure(measuresOf(scores, 0, 1), toClose);
    expectMeasure(measuresOf(scores, 0, 2), toClose);
    expectMeasure(measuresOf(scores, 0, 3), toClose);
  });

  it("trades a hit after the close in the next session (post-market entry, horizons from the next open)", () => {
    const spy = minutes.SPY;
    const scores = score([hit("pick", "2013-10-10", "17:00", ["SPY"])], { horizons: "5m,close,1d" });
    const entryBar = firstBarFrom(spy, edt("2013-10-10", "17:00"), edt("2013-10-11", "16:00")) as CsvBar;
    expect(entryBar.time).toBe(edt("2013-10-10", "17:00"));
    expect(scores.hits.entryPrice[0]).toBe(entryBar.open);
    // 5m: five minutes of Friday's regular session, counted from its open.
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(spy, entryBar.open, entryBar.time, edt("2013-10-11", "09:35")),
    );
    expectMeasure(
      measuresOf(scores, 0, 1),
      longMeasure(spy, entryBar.open, entryBar.time, edt("2013-10-11", "16:00")),
    );
    // 1d after Friday is Monday 2013-10-14: no data.
    expect(measuresOf(scores, 0, 2).returnPct).toBeNull();
  });

  it("enters at the close of the last bar before the slot with close_at_T", () => {
    const spy = minutes.SPY;
    const scores = score([hit("pick", "2013-10-08", "10:00", ["SPY"])], {
      entry: "close_at_T",
      horizons: "5m,close",
    });
    const entryBar = lastBarEndingBy(spy, edt("2013-10-08", "10:00")) as CsvBar;
    expect(entryBar.time).toBe(edt("2013-10-08", "09:59"));
    expect(scores.hits.entryPrice[0]).toBe(entryBar.close);
    expect(scores.hits.entryAt[0]).toBe(edt("2013-10-08", "10:00"));
    const entryAt = edt("2013-10-08", "10:00");
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(spy, entryBar.close, entryAt, edt("2013-10-08", "10:05")),
    );
    expectMeasure(
      measuresOf(scores, 0, 1),
      longMeasure(spy, entryBar.close, entryAt, edt("2013-10-08", "16:00")),
    );
  });

  it("enters at the volume-weighted typical price of the next five minutes with vwap_next_5m", () => {
    const spy = minutes.SPY;
    const scores = score([hit("pick", "2013-10-08", "10:00", ["SPY"])], {
      entry: "vwap_next_5m",
      horizons: "5m",
    });
    const window = barsWithin(spy, edt("2013-10-08", "10:00"), edt("2013-10-08", "10:05"));
    expect(window.length).toBe(5);
    const volume = window.reduce((sum, row) => sum + row.volume, 0);
    const vwap =
      window.reduce((sum, row) => sum + ((row.high + row.low + row.close) / 3) * row.volume, 0) / volume;
    expect(scores.hits.entryPrice[0]).toBeCloseTo(vwap, 10);
    expect(scores.hits.entryAt[0]).toBe(edt("2013-10-08", "10:05"));
    // Measured from 10:05 (when the VWAP is known) for five minutes.
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(spy, vwap, edt("2013-10-08", "10:05"), edt("2013-10-08", "10:10")),
    );
  });

  it("enters on sparse pre-market bars and starts minute horizons at the open", () => {
    const aig = minutes.AIG;
    // AIG trades at 07:39 and 07:50 on 2013-10-08, nothing in between.
    expect(barsWithin(aig, edt("2013-10-08", "07:40"), edt("2013-10-08", "07:50")).length).toBe(0);
    const scores = score([hit("pick", "2013-10-08", "07:45", ["AIG"])], {
      entry: "close_at_T",
      horizons: "5m",
    });
    const entryBar = lastBarEndingBy(aig, edt("2013-10-08", "07:45")) as CsvBar;
    expect(entryBar.time).toBe(edt("2013-10-08", "07:39"));
    expect(scores.hits.entryPrice[0]).toBe(entryBar.close);
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(aig, entryBar.close, edt("2013-10-08", "07:45"), edt("2013-10-08", "09:35")),
    );
  });

  it("gives null horizons, never zeros, for a symbol whose bars stop after the hit", () => {
    const halt = minutes.HALT;
    const scanners: ScoredScanner[] = [{ name: "pick", universe: ["HALT"], direction: "long" }];
    const scores = score(
      [hit("pick", "2013-10-08", "10:30", ["HALT"]), hit("pick", "2013-10-08", "11:30", ["HALT"])],
      { scanners, horizons: "5m,60m,close" },
    );
    const entryBar = firstBarFrom(halt, edt("2013-10-08", "10:30"), edt("2013-10-08", "16:00")) as CsvBar;
    expect(scores.hits.entryPrice[0]).toBe(entryBar.open);
    expectMeasure(
      measuresOf(scores, 0, 0),
      longMeasure(halt, entryBar.open, entryBar.time, edt("2013-10-08", "10:35")),
    );
    // 60m ends at 11:30 and `close` at 16:00, after the last bar (10:59–11:00).
    expect(measuresOf(scores, 0, 1).returnPct).toBeNull();
    expect(measuresOf(scores, 0, 2).returnPct).toBeNull();
    // At 11:30 there is no bar to enter on: no entry, every horizon null.
    expect(Number.isNaN(scores.hits.entryPrice[1])).toBe(true);
    for (const h of [0, 1, 2])
      expect(measuresOf(scores, 1, h)).toEqual({ returnPct: null, mfePct: null, maePct: null });
    // The baseline (the universe is HALT alone) counts the null apart.
    expect(Array.from(scores.baselines[0].counted)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(scores.baselines[0].nulls)).toEqual([0, 1, 1, 1, 1, 1]);
  });

  it("takes the baseline over the two-symbol universe at each slot with hits", () => {
    const scans = [
      hit("pick", "2013-10-09", "11:00", ["SPY"]),
      hit("pick", "2013-10-09", "11:30", ["SPY", "AIG"]),
    ];
    const scanners: ScoredScanner[] = [
      { name: "pick", universe: ["SPY", "AIG", "NODATA"], direction: "long" },
    ];
    const scores = score(scans, { scanners, horizons: "30m,close" });
    const closeAt = edt("2013-10-09", "16:00");
    const measure = (symbol: string, slot: number, endAt: number) => {
      const entry = firstBarFrom(minutes[symbol], slot, closeAt) as CsvBar;
      return longMeasure(minutes[symbol], entry.open, entry.time, endAt);
    };
    const slots = [edt("2013-10-09", "11:00"), edt("2013-10-09", "11:30")];
    const baseline = scores.baselines[0];
    expect(Array.from(baseline.scheduledAt)).toEqual(slots);
    slots.forEach((slot, s) => {
      [slot + 30 * MINUTE, closeAt].forEach((endAt, h) => {
        const spy = measure("SPY", slot, endAt);
        const aig = measure("AIG", slot, endAt);
        const at = s * 2 + h;
        expect(baseline.meanReturn[at]).toBeCloseTo((spy.returnPct + aig.returnPct) / 2, 10);
        expect(baseline.positiveShare[at]).toBe(
          ((spy.returnPct > 0 ? 1 : 0) + (aig.returnPct > 0 ? 1 : 0)) / 2,
        );
        expect(baseline.meanMfe[at]).toBeCloseTo((spy.mfePct + aig.mfePct) / 2, 10);
        expect(baseline.meanMae[at]).toBeCloseTo((spy.maePct + aig.maePct) / 2, 10);
        // NODATA has no bars: counted apart, not averaged in as zero.
        expect(baseline.counted[at]).toBe(2);
        expect(baseline.nulls[at]).toBe(1);
      });
    });
    // Hits are ordered by slot, scanner, symbol; each carries its slot's baseline.
    expect(scores.hits.symbol).toEqual(["SPY", "AIG", "SPY"]);
    expect(scores.hits.baselineReturn[2 * 2 + 1]).toBe(baseline.meanReturn[1 * 2 + 1]);
    expect(scores.hits.baselineReturn[0 * 2 + 0]).toBe(baseline.meanReturn[0]);
  });

  it("flips returns and swaps excursions for a short-side scanner, its baseline included", () => {
    const scans = [hit("long", "2013-10-09", "11:00", ["AIG"]), hit("short", "2013-10-09", "11:00", ["AIG"])];
    const scanners: ScoredScanner[] = [
      { name: "long", universe: ["SPY", "AIG"], direction: "long" },
      { name: "short", universe: ["SPY", "AIG"], direction: "short" },
    ];
    const scores = score(scans, { scanners, horizons: "60m" });
    expect(scores.hits.symbol).toEqual(["AIG", "AIG"]);
    const long = measuresOf(scores, 0, 0);
    const short = measuresOf(scores, 1, 0);
    expect(long.returnPct).not.toBe(0);
    expect(short.returnPct).toBe(-(long.returnPct as number));
    expect(short.mfePct).toBe(-(long.maePct as number));
    expect(short.maePct).toBe(-(long.mfePct as number));
    expect(scores.baselines[1].meanReturn[0]).toBeCloseTo(-scores.baselines[0].meanReturn[0], 12);
  });

  it("refuses hits of a scanner it was not given", () => {
    expect(() => score([hit("other", "2013-10-09", "11:00", ["SPY"])], { horizons: "5m" })).toThrow(
      /Run 1 has hits of scanner "other", which the config does not name/,
    );
  });
});
