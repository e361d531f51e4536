// A backtest whose replay lays each day out drain by drain (the step block, on by default) journals
// exactly what the same backtest journals with `backtest.step_block: false`: six demo days with a
// half day (2024-12-24), 40 symbols, a scanner every 5 minutes and one every 30 minutes from 10:00
// to 15:00, each slot's journal row carrying every universe symbol's latest 1m bar, VWAP (1m),
// RSI(14) on 5m bars (aggregated from the replayed 1m bars) and SMA(20) on 1d. The block is seen
// to be used: the feed's drains hand it out for most symbol-steps.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarColumns } from "../../src/core/bar-columns.js";
import { RecordingLogger } from "../../src/core/logger.js";
import type { BarFeed, FeedRangeSink } from "../../src/data/bar-feed.js";
import { BarStore } from "../../src/data/bar-store.js";
import { ReplayFeed } from "../../src/data/replay-feed.js";
import type { RegularHours } from "../../src/data/session-hours.js";
import { runBacktest } from "../../src/runtime/backtest-runner.js";
import { createSession } from "../../src/runtime/create-session.js";
import type { LoadedScanner } from "../../src/scanners/plugin-loader.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { parseSessionTime } from "../../src/time/session-time.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";
import { scannerSpec } from "../helpers/scanner-spec.js";

const FIRST = "2024-12-23";
const LAST = "2024-12-31";

function scanner(name: string, universe: readonly string[], start: string, interval: string): LoadedScanner {
  const spec = scannerSpec(name, {
    universe: [...universe],
    regular_session: [{ start: parseSessionTime(start), end: parseSessionTime("15:00"), interval }],
    timeout_ms: 30_000,
  });
  return {
    spec,
    config: {},
    definition: {
      name,
      scan: (context) => {
        const values = context.universe.map((symbol) => {
          const data = context.sessionData;
          const bar = data.getLatestBar(symbol, "1m");
          const value = (key: string) => data.getIndicator(symbol, key)?.value ?? null;
          return [
            symbol,
            bar?.time,
            bar?.close,
            bar?.volume,
            value("vwap_1m"),
            value("rsi_14_5m"),
            value("sma_20_1d"),
          ];
        });
        const symbols = context.universe.filter((symbol) => {
          const bar = context.sessionData.getLatestBar(symbol, "1m");
          const vwap = context.sessionData.getIndicator(symbol, "vwap_1m");
          return bar !== undefined && vwap?.ready === true && bar.close > (vwap.value as number);
        });
        return { symbols, metadata: { values } };
      },
    },
  };
}

/** A feed passing everything to a ReplayFeed, counting the ranges it hands out with and without its block. */
class CountingFeed implements BarFeed {
  readonly interval: string;
  blockRanges = 0;
  landedRanges = 0;
  constructor(private readonly inner: ReplayFeed) {
    this.interval = inner.interval;
  }
  startSession(session: RegularHours): void {
    this.inner.startSession(session);
  }
  subscribe(...args: Parameters<BarFeed["subscribe"]>): void {
    this.inner.subscribe(...args);
  }
  unsubscribe(symbol: string): void {
    this.inner.unsubscribe(symbol);
  }
  isSubscribed(symbol: string): boolean {
    return this.inner.isSubscribed(symbol);
  }
  drain(upTo: number, sink: FeedRangeSink): number {
    return this.inner.drain(upTo, (symbol, bars, from, to, tag, landed, landedFrom) => {
      if (landed === undefined) this.landedRanges++;
      else this.blockRanges++;
      sink(symbol, bars, from, to, tag, landed, landedFrom);
    });
  }
  backfill(symbol: string, upTo: number): BarColumns {
    return this.inner.backfill(symbol, upTo);
  }
  endSession(): void {
    this.inner.endSession();
  }
}

describe("a backtest with the replay's step block", () => {
  let demo: DemoStore;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 40, days: 6, historyDays: 30, seed: 11, lastDay: LAST });
  });
  afterAll(() => demo.dispose());

  async function run(stepBlock: boolean | undefined, feed?: BarFeed) {
    const journal = ScanJournal.open(":memory:");
    const session = createSession(
      {
        name: "step-block",
        backtest: { start: FIRST, end: LAST, ...(stepBlock === undefined ? {} : { step_block: stepBlock }) },
        store: demo.path,
        session_data: {
          symbols: [...demo.symbols],
          streams: ["1m", "5m"],
          indicators: [
            { type: "sma", period: 20, interval: "1d" },
            { type: "rsi", period: 14, interval: "5m" },
            { type: "vwap", interval: "1m" },
          ],
        },
      },
      { calendar: demo.calendar, logger: new RecordingLogger(), ...(feed === undefined ? {} : { feed }) },
    );
    try {
      const scanners = [
        scanner("every-5m", demo.symbols, "09:35", "5m"),
        scanner("every-30m", demo.symbols.slice(0, 25), "10:00", "30m"),
      ];
      const report = await runBacktest(session, scanners, journal);
      const [info] = journal.runs();
      return { report, rows: journal.exportRun(info.id) };
    } finally {
      session.close();
      journal.close();
    }
  }

  it("journals exactly what the run without it journals, the block handing out the ranges of the drains it was cut for", async () => {
    const plain = await run(false);
    const blocked = await run(undefined);
    const store = BarStore.open(demo.path);
    const counting = new CountingFeed(new ReplayFeed(store, "1m"));
    try {
      const counted = await run(undefined, counting);
      // 6 days: 5 full of 5-minute slots from 09:35 to 15:00 (66) and the half day to 13:00 (42),
      // the 30-minute scanner from 10:00 (11 and 7); a setup and a teardown row a scanner and day.
      const regular = plain.rows.filter((row) => row.kind === "regular");
      expect(regular.length).toBe(5 * (66 + 11) + (42 + 7));
      expect(plain.rows.length).toBe(regular.length + 6 * 2 * 2);
      expect(plain.rows.every((row) => row.status === "ok")).toBe(true);
      expect(new Set(plain.rows.map((row) => row.sessionDate)).size).toBe(6);
      expect(blocked.rows).toEqual(plain.rows);
      expect(counted.rows).toEqual(plain.rows);
      // The drains (a range for each of the 40 symbols at each): on 12-23, cut every 5 minutes
      // (its first drain's span), the 66 from 09:35 to 15:00 take the block, the close's (15:00–
      // 16:00, twelve segments) does not. 12-24 is cut at 12-23's drains up to its 13:00 close:
      // all 42 take it. 12-26 is cut at 12-24's drains, which end at 13:00 (one segment from there
      // to the close): 42 take it, the 24 after 13:00 and the close's do not. 12-27, 12-30 and 12-31
      // are cut at a full day's drains: all 67 take it.
      expect({ block: counting.blockRanges, landed: counting.landedRanges }).toEqual({
        block: 40 * (66 + 42 + 42 + 3 * 67),
        landed: 40 * (1 + 25),
      });
    } finally {
      store.close();
    }
  });
});
