// The derived lanes (the session's forming buckets as per-interval arrays across symbol slots):
// several symbols pushed step by step at their slots, interleaved as the session's drain does, with
// a symbol leaving mid-week and another joining its freed slot mid-session, must give every slot
// exactly the bars `aggregateBars` gives for the bars that slot was fed (real NYSE minutes of a
// week, and a Tokyo day with its lunch break), for 5m, 15m, 1d and 1w; and every bar the series took
// reaches the slot's indicators once, a bar the series refused none.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type BarColumns, barsToColumns, columnsToBars } from "../../../src/core/bar-columns.js";
import { parseInterval } from "../../../src/core/interval.js";
import { aggregateBars } from "../../../src/data/aggregate.js";
import { parseBarsCsv } from "../../../src/data/csv-parse.js";
import type { SessionHours } from "../../../src/data/session-hours.js";
import type { IndicatorManager, IntervalFeed } from "../../../src/indicators/indicator-manager.js";
import { BarSeries } from "../../../src/session/bar-series.js";
import { DerivedLane } from "../../../src/session/derived-lane.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { tokyoMinuteBars } from "../../helpers/tokyo-minutes.js";

const DATA = fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const STEP_MS = 5 * 60_000;
const MINUTE = parseInterval("1m");

/** The 1m bars of `symbol` on the days of 2013-10-07..11 (Monday to Friday), one series of columns. */
function week(symbol: string): BarColumns {
  const bars = [7, 8, 9, 10, 11].flatMap((day) => {
    const name = `${symbol}-201310${String(day).padStart(2, "0")}.csv`;
    const text = readFileSync(join(DATA, "minute", name), "utf8");
    return columnsToBars(parseBarsCsv(text, { interval: "1m", source: name }).bars, "1m");
  });
  return barsToColumns(bars);
}

/** What an IndicatorManager's per-bar feed sees: the bar times handed to each symbol's handle. */
class RecordingIndicators {
  readonly feedsVersion = 0;
  readonly received = new Map<string, number[]>();

  feedOf(symbol: string): IntervalFeed | undefined {
    return { symbol } as unknown as IntervalFeed;
  }

  onFeedRange(feed: IntervalFeed, columns: BarColumns, from: number, to: number): number {
    const symbol = (feed as unknown as { symbol: string }).symbol;
    const times = this.received.get(symbol) ?? [];
    for (let i = from; i < to; i++) times.push(columns.time[i]);
    this.received.set(symbol, times);
    return 0;
  }
}

/** A symbol as the test streams it: its bars, its slot, what it has been fed so far. */
interface Member {
  readonly name: string;
  readonly bars: BarColumns;
  readonly slot: number;
  readonly series: BarSeries;
  /** Index of the first bar fed and of the next one. */
  from: number;
  next: number;
}

/** A lane of `to` with the instant cell it flushes to (`flushAdvanced`), as the coordinator makes it. */
function laneOf(to: string, hours: SessionHours, indicators: RecordingIndicators) {
  const advancedTo = Float64Array.of(Number.NaN);
  const lane = new DerivedLane(
    MINUTE,
    parseInterval(to),
    hours,
    indicators as unknown as IndicatorManager,
    advancedTo,
  );
  return { lane, advancedTo };
}

/**
 * Streams `streams` into a lane of `to` the way the session does: at every step (each 5 minutes
 * from `start` to `end`), the instant advanced to is written to the lane's cell, each member in slot
 * order gets its bars ended by then in one run, then its slot is flushed to the cell's instant
 * (`flushAdvanced`). `events` run before the step at their instant (leave, join).
 */
function stream(
  { lane, advancedTo }: { lane: DerivedLane; advancedTo: Float64Array },
  members: Member[],
  start: number,
  end: number,
  events: ReadonlyMap<number, (members: Member[]) => void> = new Map(),
): void {
  for (let now = start; now <= end; now += STEP_MS) {
    advancedTo[0] = now;
    events.get(now)?.(members);
    for (const member of [...members].sort((a, b) => a.slot - b.slot)) {
      const { bars } = member;
      let to = member.next;
      while (to < bars.length && bars.time[to] + 60_000 <= now) to++;
      if (to > member.next) lane.pushRange(member.slot, bars, member.next, to);
      member.next = to;
      lane.flushAdvanced(member.slot);
    }
  }
  advancedTo[0] = Number.POSITIVE_INFINITY;
  for (const member of members) lane.flushAdvanced(member.slot);
}

function member(lane: DerivedLane, name: string, bars: BarColumns, slot: number, from = 0): Member {
  const series = new BarSeries(lane.interval, 0);
  lane.join(slot, name, series);
  return { name, bars, slot, series, from, next: from };
}

/** `aggregateBars` of what the member was fed. */
function expected(member: Member, to: string, hours: SessionHours) {
  const fed = barsToColumns(columnsToBars(member.bars, "1m").slice(member.from, member.next));
  return columnsToBars(aggregateBars(fed, MINUTE, parseInterval(to), hours), to);
}

describe("DerivedLane", () => {
  const nyse = new ExchangeCalendar();
  const spy = week("SPY");
  const aig = week("AIG");
  const monday = nyse.requireSession("2013-10-07");
  const wednesday = nyse.requireSession("2013-10-09");
  const friday = nyse.requireSession("2013-10-11");

  it.each(["5m", "15m", "1d", "1w"])(
    "gives each slot the batch aggregation of its bars, through a leave and a join of the freed slot (NYSE, %s)",
    (to) => {
      const indicators = new RecordingIndicators();
      const lanes = laneOf(to, nyse, indicators);
      const { lane } = lanes;
      const members = [member(lane, "SPY", spy, 0), member(lane, "AIG", aig, 1)];
      const gone: Member[] = [];
      // AIG leaves on Tuesday at 11:00; on Wednesday at 12:35 a symbol streaming SPY's bars takes
      // its slot (1), its first run being the morning so far (a mid-session join's rebuild).
      const leaveAt = nyse.requireSession("2013-10-08").openAt + 90 * 60_000;
      const joinAt = wednesday.openAt + 185 * 60_000;
      const events = new Map<number, (members: Member[]) => void>([
        [
          leaveAt,
          (all) => {
            const index = all.findIndex((m) => m.name === "AIG");
            lane.leave(all[index].slot);
            gone.push(...all.splice(index, 1));
          },
        ],
        [
          joinAt,
          (all) => {
            let from = 0;
            while (spy.time[from] < wednesday.openAt) from++;
            all.push(member(lane, "LATE", spy, 1, from));
          },
        ],
      ]);
      stream(lanes, members, monday.openAt, friday.closeAt, events);

      const [first, late] = members;
      for (const m of [first, late]) {
        const held = columnsToBars(m.series.view(), to);
        expect(held.length).toBeGreaterThan(0);
        expect(held, `${m.name} ${to}`).toEqual(expected(m, to, nyse));
        // Every bar the series took reached the indicators once, in order.
        expect(indicators.received.get(m.name)).toEqual(held.map((bar) => bar.time));
      }
      // AIG left before the 11:00 step, fed its bars to 10:54: its series holds every bucket of
      // them but the one still forming then (10:45 of 15m, the day, the week; none of 5m).
      const aigHeld = columnsToBars(gone[0].series.view(), to);
      const aigExpected = expected(gone[0], to, nyse);
      if (to !== "5m") aigExpected.pop();
      expect(aigHeld).toEqual(aigExpected);
      expect(indicators.received.get("AIG") ?? []).toEqual(aigHeld.map((bar) => bar.time));
      if (to === "1w") {
        // One week: SPY's of the whole week, LATE's from Wednesday's open.
        expect(first.series.length).toBe(1);
        expect(late.series.view().time[0]).toBe(wednesday.openAt);
      }
    },
  );

  it.each(["5m", "15m", "60m", "1d"])("on Tokyo's day with its lunch break (%s)", (to) => {
    const tokyo = calendarOf("XTKS");
    const bars = barsToColumns(tokyoMinuteBars());
    const indicators = new RecordingIndicators();
    const lanes = laneOf(to, tokyo, indicators);
    const { lane } = lanes;
    // Slot 3 first (the lane grows by doubling from one slot), then 0, both fed the same day.
    const members = [member(lane, "B", bars, 3), member(lane, "A", bars, 0)];
    stream(lanes, members, bars.time[0], bars.time[bars.length - 1] + 60_000);
    for (const m of members) {
      const held = columnsToBars(m.series.view(), to);
      expect(held).toEqual(expected(m, to, tokyo));
      expect(indicators.received.get(m.name)).toEqual(held.map((bar) => bar.time));
    }
    // The break's minutes (11:30–12:30 JST) are in no bucket.
    const daily = columnsToBars(members[0].series.view(), to);
    expect(daily.reduce((sum, bar) => sum + bar.volume, 0)).toBe(
      tokyoMinuteBars()
        .filter((bar) => !(bar.time >= bars.time[150] && bar.time < bars.time[210]))
        .reduce((sum, bar) => sum + bar.volume, 0),
    );
  });

  it("feeds no indicator a bar its series refused", () => {
    const indicators = new RecordingIndicators();
    const lanes = laneOf("5m", nyse, indicators);
    const { lane } = lanes;
    const spyMember = member(lane, "SPY", spy, 0);
    // The series already holds a bar at 10:00 on Monday: the buckets before it are refused.
    const tenOClock = monday.openAt + 30 * 60_000;
    spyMember.series.append(tenOClock, 1, 1, 1, 1, 1);
    stream(lanes, [spyMember], monday.openAt, monday.openAt + 60 * 60_000);
    const times = columnsToBars(spyMember.series.view(), "5m").map((bar) => bar.time);
    expect(times[0]).toBe(tenOClock);
    expect(times.slice(1)).toEqual(
      Array.from({ length: 5 }, (_, index) => tenOClock + (index + 1) * STEP_MS),
    );
    expect(indicators.received.get("SPY")).toEqual(times.slice(1));
  });

  it.each(["5m", "1d", "1w"])(
    "flushes to the instant in its cell as flushDue given that instant does (NYSE, %s)",
    (to) => {
      const byCell = laneOf(to, nyse, new RecordingIndicators());
      const byTime = laneOf(to, nyse, new RecordingIndicators());
      // The explicit-time lane's cell stays NaN until the final flush: only `flushDue`'s time counts.
      const cellMember = member(byCell.lane, "SPY", spy, 0);
      const timeMember = member(byTime.lane, "SPY", spy, 0);
      // Monday to Wednesday's close: the week (1w, two stages) is still forming at the end.
      const end = wednesday.closeAt;
      const midWeek = [cellMember, timeMember].map((m) => {
        const { lanes, explicit } =
          m === cellMember ? { lanes: byCell, explicit: false } : { lanes: byTime, explicit: true };
        for (let now = monday.openAt; now <= end; now += STEP_MS) {
          lanes.advancedTo[0] = now;
          let next = m.next;
          while (next < spy.length && spy.time[next] + 60_000 <= now) next++;
          if (next > m.next) lanes.lane.pushRange(m.slot, spy, m.next, next);
          m.next = next;
          if (explicit) lanes.lane.flushDue(m.slot, now);
          else lanes.lane.flushAdvanced(m.slot);
        }
        return { held: columnsToBars(m.series.view(), to), forming: lanes.lane.isForming(m.slot) };
      });
      expect(midWeek[0]).toEqual(midWeek[1]);
      // Exact: every bucket ended by Wednesday's close is held (5m: 3 × 78; 1d: 3; 1w: none yet).
      expect(midWeek[0].held.length).toBe({ "5m": 234, "1d": 3, "1w": 0 }[to]);
      expect(midWeek[0].forming).toBe(to === "1w");
      expect(midWeek[0].held).toEqual(
        expected(cellMember, to, nyse).filter((bar) =>
          to === "5m" ? bar.time + STEP_MS <= end : to === "1d",
        ),
      );
      // A NaN instant (a day started, not yet advanced) is taken as flushDue takes NaN (the week's
      // two stages ask isDueBy first, so the forming week stays).
      byCell.advancedTo[0] = Number.NaN;
      expect(byCell.lane.flushAdvanced(0)).toBe(byTime.lane.flushDue(0, Number.NaN));
      expect(columnsToBars(cellMember.series.view(), to)).toEqual(
        columnsToBars(timeMember.series.view(), to),
      );
      expect(cellMember.series.length).toBe({ "5m": 234, "1d": 3, "1w": 0 }[to]);
    },
  );
});
