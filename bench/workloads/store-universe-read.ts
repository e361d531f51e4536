// store-universe-read: the bar store read in the backtest's own access pattern. The backtest's
// replay feed reads, at each day's start, that day's 1m bars of every symbol of the universe
// (BarStore.readBarsOfSymbols, one statement) into memory kept from the day before (the session's
// series rooms, BarSeries.landing). Here: the backtest-throughput store, 2,000 symbols × its 5 days,
// each symbol's day decoded into columns allocated once and reused every day.
//
// Three layouts of the same bars, side by side in one run (rounds alternating their order, a
// ratio per round, medians): the store as written today (chunks in the clustered order, 16 KiB
// pages; what `store optimize` also gives an older store), the clustered order in 64 KiB pages
// (tried, not adopted), and the layout before (chunks in import order: series after series). Bars/s = bars read
// / wall seconds, best of the rounds; CPU bars/s from the process's CPU time (steadier on a loaded
// machine). For comparison the same days read symbol by symbol (`readBars`, what the contender
// loops do) into fresh memory, today's layout.
// Checked: every day of every symbol read whole (390 bars), the same bars in every layout (sums of
// every close and volume), and both ways.

import { existsSync, renameSync } from "node:fs";
import { allocateBarColumns, type BarColumns } from "../../src/core/bar-columns.js";
import { BarStore } from "../../src/data/bar-store.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { type BenchResult, type BenchWorkload, bestOfMs } from "../bench-result.js";
import { BACKTEST_DAYS, BACKTEST_STORE, THROUGHPUT_SYMBOLS } from "./backtest-throughput.js";
import { cachedDemoStore, lastTradingDays } from "./demo-store-cache.js";
import { writeLegacyLayoutCopy } from "./legacy-store-layout.js";

const ROUNDS = 9;
const TARGET_BARS_PER_SECOND = 20_000_000;

interface Layout {
  readonly name: string;
  readonly store: BarStore;
  /** Each symbol's room, as a series keeps it: allocated at the first day, reused after. */
  readonly rooms: Array<BarColumns | undefined>;
  readonly wallMs: number[];
  readonly cpuMs: number[];
}

/** A layout copy of the cached store, kept beside it (written under a temporary name, then renamed). */
function layoutCopy(
  source: string,
  suffix: string,
  options: { clustered: boolean; pageSize: number },
): string {
  const path = source.replace(/\.db$/, `.${suffix}.db`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`;
    writeLegacyLayoutCopy(source, partial, options);
    renameSync(partial, path);
  }
  return path;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

export const storeUniverseReadWorkload: BenchWorkload = {
  name: "store-universe-read",
  async run(): Promise<BenchResult> {
    const cached = cachedDemoStore(BACKTEST_STORE);
    const calendar = new ExchangeCalendar();
    const symbols = cached.report.symbols.slice(0, THROUGHPUT_SYMBOLS);
    const sessions = lastTradingDays(cached, BACKTEST_DAYS, calendar).map((day) =>
      calendar.requireSession(day),
    );
    const paths: Array<[string, string]> = [
      ["clustered, 16 KiB pages (today)", cached.path],
      [
        "clustered, 64 KiB pages",
        layoutCopy(cached.path, "clustered64k", { clustered: true, pageSize: 65_536 }),
      ],
      [
        "import order, 16 KiB pages (before)",
        layoutCopy(cached.path, "legacy16k", { clustered: false, pageSize: 16_384 }),
      ],
    ];
    const layouts: Layout[] = paths.map(([name, path]) => ({
      name,
      store: BarStore.open(path, { readOnly: true }),
      rooms: symbols.map(() => undefined),
      wallMs: [],
      cpuMs: [],
    }));
    try {
      const readDays = (layout: Layout): BarColumns[][] => {
        const roomOf = (length: number, i: number): BarColumns => {
          const room = layout.rooms[i];
          if (room !== undefined && room.length === length) return room;
          const fresh = allocateBarColumns(length);
          layout.rooms[i] = fresh;
          return fresh;
        };
        return sessions.map((session) =>
          layout.store.readBarsOfSymbols(symbols, "1m", session.openAt, session.closeAt, roomOf),
        );
      };
      // Untimed: what each layout reads (the rooms are reused, so summed as each day is read).
      const sums = layouts.map((layout) => {
        let bars = 0;
        let closes = 0;
        let volumes = 0;
        for (const session of sessions) {
          const days = layout.store.readBarsOfSymbols(symbols, "1m", session.openAt, session.closeAt);
          for (const day of days) {
            bars += day.length;
            for (let i = 0; i < day.length; i++) {
              closes += day.close[i];
              volumes += day.volume[i];
            }
          }
        }
        return { bars, closes, volumes };
      });
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? layouts : [...layouts].reverse();
        for (const layout of order) {
          const cpu = process.cpuUsage();
          const started = performance.now();
          readDays(layout);
          layout.wallMs.push(performance.now() - started);
          const used = process.cpuUsage(cpu);
          layout.cpuMs.push((used.user + used.system) / 1000);
        }
      }
      let singleBars = 0;
      const singleMs = bestOfMs(3, () => {
        singleBars = 0;
        for (const session of sessions) {
          for (const symbol of symbols) {
            singleBars += layouts[0].store.readBars(symbol, "1m", session.openAt, session.closeAt).length;
          }
        }
      });
      const expectedBars = symbols.length * sessions.length * 390;
      const perSecond = (ms: number) => Math.round(expectedBars / (ms / 1000));
      const ratioToBefore = (layout: Layout, times: (l: Layout) => number[]) =>
        Number(median(times(layout).map((ms, round) => times(layouts[2])[round] / ms)).toFixed(2));
      const metrics: Record<string, number> = {
        barsPerSecond: perSecond(Math.min(...layouts[0].wallMs)),
        singleReadBarsPerSecond: Math.round(singleBars / (singleMs / 1000)),
      };
      const slugs = ["today", "clustered64k", "before"];
      layouts.forEach((layout, index) => {
        const slug = slugs[index];
        metrics[`${slug}BestBarsPerSecond`] = perSecond(Math.min(...layout.wallMs));
        metrics[`${slug}MedianBarsPerSecond`] = perSecond(median(layout.wallMs));
        metrics[`${slug}CpuBarsPerSecond`] = perSecond(median(layout.cpuMs));
        if (index < 2) {
          metrics[`${slug}WallSpeedupOverBefore`] = ratioToBefore(layout, (l) => l.wallMs);
          metrics[`${slug}CpuSpeedupOverBefore`] = ratioToBefore(layout, (l) => l.cpuMs);
        }
      });
      return {
        name: "store-universe-read",
        params: {
          symbols: symbols.length,
          days: sessions.length,
          store: cached.path,
          layouts: paths.map(([name, path]) => `${name}: ${path}`).join("; "),
          pattern:
            "per day, every symbol's 1m bars in one readBarsOfSymbols into per-symbol columns reused across days",
          comparison:
            "singleReadBarsPerSecond: the same days by readBars, symbol by symbol, into fresh columns (today's layout)",
          timing: `${ROUNDS} rounds, the layouts' order reversed every other round; best and median wall, median CPU; speedups are medians of per-round ratios`,
        },
        metrics,
        targets: [{ metric: "barsPerSecond", kind: "min", value: TARGET_BARS_PER_SECOND }],
        checks: {
          [`every symbol's day read whole (${expectedBars} bars), every layout and symbol by symbol`]:
            sums.every((sum) => sum.bars === expectedBars) && singleBars === expectedBars,
          "the same bars in every layout (sums of every close and volume)": sums.every(
            (sum) => sum.closes === sums[0].closes && sum.volumes === sums[0].volumes,
          ),
        },
      };
    } finally {
      for (const layout of layouts) layout.store.close();
    }
  },
};
