// Horizons on the exchange calendar: an early close, a holiday and a weekend. The real SPY minutes
// of 2013-10-07..11 are re-dated, day by day, onto 2025-07-02 (Wed), 07-03 (Thu, early close at
// 13:00), 07-07 (Mon, after the 07-04 holiday and the weekend), 07-08 and 07-09; both weeks are in
// daylight saving time, so every bar keeps its New York wall time. Expected figures come from the
// re-dated CSV rows and literal instants.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { barsToColumns } from "../../../src/core/bar-columns.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { parseHorizons } from "../../../src/scoring/horizons.js";
import { scoreRun } from "../../../src/scoring/score-run.js";
import type { RunScores } from "../../../src/scoring/score-types.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { edt, firstBarFrom, lastBarEndingBy, longMeasure } from "../../helpers/forward-reference.js";
import { WEEK_DATES } from "../../helpers/real-session.js";
import { type CsvBar, readMinuteCsv } from "../../helpers/shared-data.js";

const TARGET_DATES = ["2025-07-02", "2025-07-03", "2025-07-07", "2025-07-08", "2025-07-09"];
const DAY = 86_400_000;
const calendar = new ExchangeCalendar();
let rows: CsvBar[];
let store: BarStore;

beforeAll(() => {
  rows = WEEK_DATES.flatMap((date, index) => {
    const shift = Date.parse(TARGET_DATES[index]) - Date.parse(date);
    expect(shift % DAY).toBe(0);
    return readMinuteCsv(`minute/SPY-${date.replaceAll("-", "")}.csv`).map((row) => ({
      ...row,
      time: row.time + shift,
      date: TARGET_DATES[index],
    }));
  });
  store = BarStore.open(":memory:");
  store.insertBars("SPY", "1m", barsToColumns(rows));
});
afterAll(() => store.close());

function scoreAt(date: string, time: string, horizons: string): RunScores {
  return scoreRun({
    run: 1,
    store,
    calendar,
    scanners: [{ name: "pick", universe: ["SPY"], direction: "long" }],
    scans: [{ scanner: "pick", scheduledAt: edt(date, time), sessionDate: date, symbols: ["SPY"] }],
    entryRule: "next_open",
    horizons: parseHorizons(horizons),
  });
}

function returnAt(scores: RunScores, h: number): number | null {
  const value = scores.hits.returns[h];
  return Number.isNaN(value) ? null : value;
}

describe("horizons on the exchange calendar (re-dated real SPY minutes)", () => {
  it("knows the calendar facts the test relies on", () => {
    expect(calendar.session("2025-07-03")?.closeAt).toBe(edt("2025-07-03", "13:00"));
    expect(calendar.isTradingDay("2025-07-04")).toBe(false);
    // The store holds bars after the early close (the re-dated post-market and afternoon).
    expect(lastBarEndingBy(rows, edt("2025-07-03", "16:00"))?.time).toBe(edt("2025-07-03", "15:59"));
  });

  it("ends 1d at the next session's early close and Nd on later sessions", () => {
    const scores = scoreAt("2025-07-02", "10:00", "close,1d,2d,5d");
    const entry = firstBarFrom(rows, edt("2025-07-02", "10:00"), edt("2025-07-02", "16:00")) as CsvBar;
    expect(scores.hits.entryPrice[0]).toBe(entry.open);
    const expected = [edt("2025-07-02", "16:00"), edt("2025-07-03", "13:00"), edt("2025-07-07", "16:00")].map(
      (endAt) => longMeasure(rows, entry.open, entry.time, endAt),
    );
    expected.forEach((measure, h) => {
      expect(scores.hits.returns[h]).toBeCloseTo(measure.returnPct, 10);
      expect(scores.hits.mfe[h]).toBeCloseTo(measure.mfePct, 10);
      expect(scores.hits.mae[h]).toBeCloseTo(measure.maePct, 10);
    });
    // Ending at 13:00 and ending at 16:00 on 07-03 give different figures: the early close is used.
    expect(longMeasure(rows, entry.open, entry.time, edt("2025-07-03", "16:00")).returnPct).not.toBeCloseTo(
      expected[1].returnPct,
      6,
    );
    // 5d is 2025-07-10, past the data.
    expect(returnAt(scores, 3)).toBeNull();
  });

  it("stops minute horizons and `close` at the early close, and crosses the holiday and weekend with 1d", () => {
    const scores = scoreAt("2025-07-03", "12:00", "30m,60m,close,1d");
    const entry = firstBarFrom(rows, edt("2025-07-03", "12:00"), edt("2025-07-03", "13:00")) as CsvBar;
    const ends = [
      edt("2025-07-03", "12:30"),
      edt("2025-07-03", "13:00"),
      edt("2025-07-03", "13:00"),
      edt("2025-07-07", "16:00"),
    ];
    ends.forEach((endAt, h) => {
      const measure = longMeasure(rows, entry.open, entry.time, endAt);
      expect(scores.hits.returns[h]).toBeCloseTo(measure.returnPct, 10);
      expect(scores.hits.mfe[h]).toBeCloseTo(measure.mfePct, 10);
      expect(scores.hits.mae[h]).toBeCloseTo(measure.maePct, 10);
    });
  });

  it("trades a slot after the early close in the next session, three calendar days later", () => {
    const scores = scoreAt("2025-07-03", "13:30", "5m,close");
    // The next open: the first bar at or after 13:30 (07-03's post-market), before Monday's close.
    const entry = firstBarFrom(rows, edt("2025-07-03", "13:30"), edt("2025-07-07", "16:00")) as CsvBar;
    expect(entry.time).toBe(edt("2025-07-03", "13:30"));
    expect(scores.hits.entryPrice[0]).toBe(entry.open);
    const fiveMinutes = longMeasure(rows, entry.open, entry.time, edt("2025-07-07", "09:35"));
    const toClose = longMeasure(rows, entry.open, entry.time, edt("2025-07-07", "16:00"));
    expect(scores.hits.returns[0]).toBeCloseTo(fiveMinutes.returnPct, 10);
    expect(scores.hits.returns[1]).toBeCloseTo(toClose.returnPct, 10);
    expect(scores.hits.mae[1]).toBeCloseTo(toClose.maePct, 10);
  });
});

describe("the hits' order", () => {
  it("puts hits by slot, scanner name and symbol (code units), once per symbol and scan row, each with its row's date", () => {
    const at = (time: string) => edt("2025-07-02", time);
    const scores = scoreRun({
      run: 1,
      store,
      calendar,
      scanners: [
        { name: "b-scan", universe: ["SPY", "QQQ"], direction: "long" },
        { name: "a-scan", universe: ["SPY"], direction: "short" },
      ],
      scans: [
        { scanner: "b-scan", scheduledAt: at("10:05"), sessionDate: "2025-07-02", symbols: ["spy", "BRK.B"] },
        // Two rows of one slot and scanner: merged; SPY twice in the first row counts once there,
        // and once more for the second row (a later date to tell the rows apart).
        {
          scanner: "b-scan",
          scheduledAt: at("10:00"),
          sessionDate: "2025-07-02",
          symbols: ["SPY", "QQQ", "SPY", "BRK-B", "brk/b"],
        },
        { scanner: "b-scan", scheduledAt: at("10:00"), sessionDate: "row-2", symbols: ["AAA", "SPY"] },
        { scanner: "a-scan", scheduledAt: at("10:00"), sessionDate: "2025-07-02", symbols: ["SPY"] },
        { scanner: "a-scan", scheduledAt: at("10:05"), sessionDate: "2025-07-02", symbols: [] },
      ],
      entryRule: "next_open",
      horizons: parseHorizons("5m"),
    });
    const hits = Array.from({ length: scores.hits.count }, (_, hit) => [
      scores.hits.scheduledAt[hit] === at("10:00") ? "10:00" : "10:05",
      scores.scanners[scores.hits.scanner[hit]].name,
      scores.hits.symbol[hit],
      scores.hits.sessionDate[hit],
    ]);
    expect(hits).toEqual([
      ["10:00", "a-scan", "SPY", "2025-07-02"],
      ["10:00", "b-scan", "AAA", "row-2"],
      ["10:00", "b-scan", "BRK-B", "2025-07-02"],
      ["10:00", "b-scan", "QQQ", "2025-07-02"],
      ["10:00", "b-scan", "SPY", "2025-07-02"],
      ["10:00", "b-scan", "SPY", "row-2"],
      ["10:05", "b-scan", "BRK.B", "2025-07-02"],
      ["10:05", "b-scan", "SPY", "2025-07-02"],
    ]);
    // The store holds SPY only: its hits have an entry, the others none.
    expect(Array.from(scores.hits.entryPrice, (price) => !Number.isNaN(price))).toEqual([
      true,
      false,
      false,
      false,
      true,
      true,
      false,
      true,
    ]);
  });
});
