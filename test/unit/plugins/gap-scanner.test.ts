// plugins/gap-scanner.ts: its hooks called directly over a demo session, every hit checked against
// gaps computed here from the store's bars (previous daily close → today's first 1m open, average
// of the last 20 daily volumes), plus the pre-session case (with the replay feed: no price yet;
// with a feed that streams pre-market bars, over the real SPY and AIG files: the latest pre-market
// price), symbols that are not ready or not in the store, and the plugin loaded through
// loadScanner with its config validated.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import gapScanner from "../../../plugins/gap-scanner.js";
import { allocateBarColumns, type BarColumns } from "../../../src/core/bar-columns.js";
import { ConfigError } from "../../../src/core/errors.js";
import type { BarFeed, FeedRangeSink } from "../../../src/data/bar-feed.js";
import { BarStore } from "../../../src/data/bar-store.js";
import type { RegularHours } from "../../../src/data/session-hours.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { buildRealStore, openRealSession, type RealStore } from "../../helpers/real-session.js";
import { readDailyCsv, readMinuteCsv } from "../../helpers/shared-data.js";
import {
  clearOf,
  dailyBefore,
  est,
  loadExamplePlugin,
  MINUTE,
  mean,
  type PluginHarness,
  round2,
  runScans,
  scanContext,
  storedBars,
  useHarness,
} from "./plugin-harness.js";

type GapConfig = Parameters<typeof gapScanner.scan>[0]["config"];

const DEFAULTS: GapConfig = {
  min_gap_percent: 2,
  direction: "up",
  min_volume: 1_000_000,
  volume_basis: "average",
  avg_volume_period: 20,
  min_price: 1,
  max_price: 500,
};

interface Expected {
  readonly symbols: string[];
  readonly hits: Record<string, { gapPercent: number; price: number; volume: number; previousClose: number }>;
  /** Symbols whose gap qualifies but whose volume or price does not. */
  readonly filteredOut: string[];
}

/** The gappers of `date` computed from the store: previous daily close → today's first regular 1m open. */
function expectedGaps(harness: PluginHarness, date: string, config: GapConfig): Expected {
  const openAt = harness.demo.calendar.requireSession(date).openAt;
  const hits: Expected["hits"] = {};
  const filteredOut: string[] = [];
  for (const symbol of harness.demo.symbols) {
    const daily = dailyBefore(harness.store, symbol, openAt);
    const previous = daily[daily.length - 1];
    const [first] = storedBars(harness.store, symbol, "1m", openAt, openAt + MINUTE);
    const price = first.open;
    const gap = (100 * (price - previous.close)) / previous.close;
    const volume =
      config.volume_basis === "average"
        ? mean(daily.slice(-config.avg_volume_period).map((bar) => bar.volume))
        : previous.volume;
    expect(clearOf(gap, config.min_gap_percent) && clearOf(Math.abs(gap), config.min_gap_percent)).toBe(true);
    expect(clearOf(volume, config.min_volume)).toBe(true);
    const gapOk =
      config.direction === "up"
        ? gap >= config.min_gap_percent
        : config.direction === "down"
          ? gap <= -config.min_gap_percent
          : Math.abs(gap) >= config.min_gap_percent;
    if (!gapOk) continue;
    if (volume >= config.min_volume && price >= config.min_price && price <= config.max_price) {
      hits[symbol] = {
        gapPercent: round2(gap),
        price,
        volume: Math.round(volume),
        previousClose: previous.close,
      };
    } else {
      filteredOut.push(symbol);
    }
  }
  const symbols = Object.keys(hits).sort(
    (a, b) => Math.abs(hits[b].gapPercent) - Math.abs(hits[a].gapPercent) || a.localeCompare(b),
  );
  return { symbols, hits, filteredOut };
}

describe("gap-scanner", () => {
  const harness = useHarness();
  const day = harness.day;

  it("at 09:35 hits exactly the up-gappers ≥ 2% with enough average volume, largest gap first", async () => {
    for (const date of ["2024-12-27", "2024-12-31"]) {
      const expected = expectedGaps(harness, date, DEFAULTS);
      const [result] = await runScans(day(date), gapScanner, DEFAULTS, harness.demo.symbols, [
        est(date, "09:35"),
      ]);
      expect(result.symbols).toEqual(expected.symbols);
      expect(result.metadata).toEqual({ scanned: 100, notReady: 0, hits: expected.hits });
    }
    // Cases that qualify and cases that do not: on each day two gappers qualify, and gaps ≥ 2% are
    // refused for their average volume (TYM, VYFA) or their price above 500 (SOL, NOJE).
    const both = ["2024-12-27", "2024-12-31"].map((date) => expectedGaps(harness, date, DEFAULTS));
    expect(both.map((expected) => expected.symbols)).toEqual([
      ["LARA", "LUFO"],
      ["CIJ", "PYBU"],
    ]);
    expect(both.map((expected) => expected.filteredOut)).toEqual([["TYM"], ["VYFA", "SOL", "NOJE"]]);
  });

  it("measures down gaps and the previous day's volume when configured", async () => {
    const config: GapConfig = {
      ...DEFAULTS,
      min_gap_percent: 1.5,
      direction: "both",
      volume_basis: "previous_day",
      min_volume: 500_000,
      max_price: 150,
    };
    const expected = expectedGaps(harness, "2024-12-30", config);
    const [result] = await runScans(day("2024-12-30"), gapScanner, config, harness.demo.symbols, [
      est("2024-12-30", "10:00"),
    ]);
    expect(result.symbols).toEqual(expected.symbols);
    expect(result.metadata.hits).toEqual(expected.hits);
    // MILO gapped up, BICY and HETY down; CUF is too dear, SID and VAT traded too little yesterday.
    expect(expected.symbols).toEqual(["MILO", "HETY", "BICY"]);
    expect(expected.filteredOut).toEqual(["CUF", "VAT", "SID"]);
  });

  it("finds nothing before the open: the replay feed has no pre-market price yet", async () => {
    const [result] = await runScans(day("2024-12-30"), gapScanner, DEFAULTS, harness.demo.symbols, [
      est("2024-12-30", "09:00"),
    ]);
    expect(result).toEqual({ symbols: [], metadata: { scanned: 100, notReady: 0, hits: {} } });
  });

  it("leaves out symbols the store does not have, and fails setup when none can be provisioned", async () => {
    const session = day("2024-12-30");
    const universe = [harness.demo.symbols[0], "ZZZZ", harness.demo.symbols[1]];
    const context = scanContext(session, { config: DEFAULTS, universe, hook: "setup", state: undefined });
    const state = await gapScanner.setup!(context);
    expect(state).toEqual({
      watched: [harness.demo.symbols[0], harness.demo.symbols[1]],
      avgVolumeKey: "avg_volume_20_1d",
    });
    await expect(gapScanner.setup!({ ...context, universe: ["ZZZZ", "QQQQ"] })).rejects.toThrow(
      'no universe symbol could be provisioned (ZZZZ: No bars for "ZZZZ" in the bar store)',
    );
  });

  it("loads through loadScanner with its defaults and refuses a bad config", async () => {
    const loaded = await loadExamplePlugin("gap-scanner.ts", { min_gap_percent: 3 });
    expect(loaded.definition.name).toBe("gap-scanner");
    expect(loaded.config).toEqual({ ...DEFAULTS, min_gap_percent: 3 });
    await expect(loadExamplePlugin("gap-scanner.ts", { direction: "sideways", min_gap: 2 })).rejects.toThrow(
      ConfigError,
    );
  });
});

describe("gap-scanner with too little daily history", () => {
  const harness = useHarness({ symbols: 4, days: 2, historyDays: 5, seed: 7, lastDay: "2024-12-31" });

  it("skips symbols whose average volume is not ready", async () => {
    const session = harness.day("2024-12-31");
    const [result] = await runScans(
      session,
      gapScanner,
      { ...DEFAULTS, min_volume: 0 },
      harness.demo.symbols,
      [est("2024-12-31", "09:35")],
    );
    expect(result).toEqual({ symbols: [], metadata: { scanned: 4, notReady: 4, hits: {} } });
  });
});

/**
 * A feed like a live one with extended hours: it streams a symbol's stored 1m bars from 04:00
 * (pre-market included) to the close, each once it has ended. The replay feed streams regular
 * bars only, so this is what lets a test reach gap-scanner's pre-market branch.
 */
class ExtendedHoursFeed implements BarFeed {
  readonly interval = "1m";
  private readonly subscriptions = new Map<string, BarColumns>();
  private from = 0;
  private to = 0;
  private drainedUpTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly store: BarStore) {}

  startSession(session: RegularHours): void {
    this.from = session.openAt - 330 * MINUTE; // 04:00
    this.to = session.closeAt;
    this.drainedUpTo = this.from;
    for (const symbol of this.subscriptions.keys()) this.subscriptions.set(symbol, this.load(symbol));
  }
  subscribe(symbol: string): void {
    if (!this.subscriptions.has(symbol)) this.subscriptions.set(symbol, this.load(symbol));
  }
  unsubscribe(symbol: string): void {
    this.subscriptions.delete(symbol);
  }
  isSubscribed(symbol: string): boolean {
    return this.subscriptions.has(symbol);
  }
  drain(upTo: number, sink: FeedRangeSink): number {
    let delivered = 0;
    for (const [symbol, bars] of this.subscriptions) {
      // A symbol's bars are in time order: those ending in (last drain, upTo] are one range.
      let from = 0;
      while (from < bars.length && bars.time[from] + MINUTE <= this.drainedUpTo) from++;
      let to = from;
      while (to < bars.length && bars.time[to] + MINUTE <= upTo) to++;
      if (to > from) sink(symbol, bars, from, to, undefined);
      delivered += to - from;
    }
    this.drainedUpTo = Math.max(this.drainedUpTo, upTo);
    return delivered;
  }
  backfill(): BarColumns {
    return allocateBarColumns(0);
  }
  endSession(): void {}

  private load(symbol: string): BarColumns {
    return this.from < this.to
      ? this.store.readBars(symbol, "1m", this.from, this.to)
      : allocateBarColumns(0);
  }
}

describe("gap-scanner with pre-market bars (SPY and AIG, 2013-10-08 and 2013-10-10)", () => {
  let real: RealStore;
  let store: BarStore;
  beforeAll(() => {
    real = buildRealStore();
    store = BarStore.open(real.path);
  });
  afterAll(() => {
    store.close();
    real.dispose();
  });

  /** Gaps from the previous daily close to the latest 1m close that ended by `time` (CSV files only). */
  function expectedFromCsv(date: string, time: string, config: GapConfig) {
    const slot = Date.parse(`${date}T${time}:00-04:00`);
    const hits: Record<string, { gapPercent: number; price: number; volume: number; previousClose: number }> =
      {};
    for (const symbol of ["SPY", "AIG"]) {
      const daily = readDailyCsv(`daily/${symbol}.csv`).filter((bar) => bar.date < date);
      const previous = daily[daily.length - 1];
      const minutes = readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`).filter(
        (bar) => bar.time + MINUTE <= slot,
      );
      const price = minutes[minutes.length - 1].close;
      const gap = (100 * (price - previous.close)) / previous.close;
      const volume = mean(daily.slice(-20).map((bar) => bar.volume));
      expect(clearOf(Math.abs(gap), config.min_gap_percent)).toBe(true);
      if (Math.abs(gap) >= config.min_gap_percent) {
        hits[symbol] = {
          gapPercent: round2(gap),
          price,
          volume: Math.round(volume),
          previousClose: previous.close,
        };
      }
    }
    return hits;
  }

  it("before the open, measures the gap to the latest pre-market price", async () => {
    const config: GapConfig = { ...DEFAULTS, min_gap_percent: 0.3, direction: "both", min_volume: 0 };
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    for (const date of ["2013-10-08", "2013-10-10"]) {
      const calendar = new ExchangeCalendar();
      const trading = calendar.requireSession(date);
      const session = Object.assign(
        openRealSession(real.path, trading.preMarketAt, {}, { feed: new ExtendedHoursFeed(store), calendar }),
        { trading },
      );
      try {
        session.coordinator.startDay(date);
        const [result] = await runScans(
          session,
          gapScanner,
          config,
          ["SPY", "AIG"],
          [Date.parse(`${date}T09:00:00-04:00`)],
        );
        actual[date] = result.metadata.hits;
        expected[date] = expectedFromCsv(date, "09:00", config);
      } finally {
        session.close();
      }
    }
    expect(actual).toEqual(expected);
    // Before the open of 2013-10-08 neither had moved 0.3 % from Monday's close; before the open of
    // 2013-10-10 (the day of the debt-ceiling rally) both had.
    expect(
      Object.fromEntries(Object.entries(expected).map(([date, hits]) => [date, Object.keys(hits as object)])),
    ).toEqual({
      "2013-10-08": [],
      "2013-10-10": ["SPY", "AIG"],
    });
  });
});
