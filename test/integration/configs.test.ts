// The shipped configs/: every file validates with loadSessionConfig and every scanner in it loads
// through loadScanner with its `config:` block accepted by the plugin's schema, laid out as in a
// fresh clone after `npm start` (configs/, plugins/, .scanwright/). Then configs/real-week.yaml runs
// end to end through `scanwright run` over a store imported from ../shared/data the way the README
// says, and every scanner's slots and hits are checked against values computed here from the CSV
// files alone.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { loadSessionConfig } from "../../src/config/load-session-config.js";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import { demoSymbols } from "../../src/data/demo-market.js";
import { writeDemoUniverse } from "../../src/data/demo-universe.js";
import { loadScanner } from "../../src/scanners/plugin-loader.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { WEEK_DATES } from "../helpers/real-session.js";
import {
  type CsvBar,
  readDailyCsv,
  readMinuteCsv,
  regularMinutes,
  SHARED_DATA_DIR,
} from "../helpers/shared-data.js";
import { wilderRsi } from "../unit/plugins/plugin-harness.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG_FILES = readdirSync(join(REPO, "configs")).filter((file) => file.endsWith(".yaml"));
const SYMBOLS = ["SPY", "AIG"] as const;
const MINUTE = 60_000;

/** A checkout as after `npm start`: the configs, the plugins, and .scanwright/ with the demo universe. */
function fakeCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), "scanwright-configs-"));
  cpSync(join(REPO, "configs"), join(root, "configs"), { recursive: true });
  symlinkSync(join(REPO, "plugins"), join(root, "plugins"), "dir");
  mkdirSync(join(root, ".scanwright"));
  writeDemoUniverse(join(root, ".scanwright", "demo-universe.txt"), demoSymbols(7, 200), 7);
  return root;
}

describe("configs/", () => {
  let root: string;
  beforeAll(() => {
    root = fakeCheckout();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("ships the demo and the real-data configs", () => {
    expect(CONFIG_FILES).toEqual(["daily-2020.yaml", "demo.yaml", "real-week.yaml"]);
  });

  it.each(CONFIG_FILES)("%s validates, and each of its scanners loads with its config", async (file) => {
    const loaded = loadSessionConfig(`configs/${file}`, { cwd: root });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.mode).toBe("backtest");
    expect(loaded.config.store?.startsWith(join(root, ".scanwright"))).toBe(true);
    expect(loaded.config.journal?.startsWith(join(root, ".scanwright"))).toBe(true);
    for (const spec of loaded.scanners) {
      expect(spec.enabled).toBe(true);
      const scanner = await loadScanner(spec);
      expect(scanner.definition.name).toBe(spec.name);
    }
  });

  it("runs the five example plugins in the demo on the demo universe, over the last days of 2024", () => {
    const { config, scanners } = loadSessionConfig("configs/demo.yaml", { cwd: root });
    expect(config.store).toBe(join(root, ".scanwright", "bars.db"));
    expect(config.backtest).toEqual({ start: "2024-12-17", end: "2024-12-31" });
    expect(
      scanners.map((spec) => ({
        name: spec.name,
        plugin: spec.plugin.slice(root.length),
        universe: spec.universe.length,
        promote: spec.promote,
      })),
    ).toEqual([
      { name: "gap-scanner", plugin: "/plugins/gap-scanner.ts", universe: 200, promote: true },
      { name: "momentum", plugin: "/plugins/momentum.ts", universe: 200, promote: true },
      { name: "volume-spike", plugin: "/plugins/volume-spike.ts", universe: 200, promote: false },
      { name: "breakout-52w", plugin: "/plugins/breakout-52w.ts", universe: 200, promote: false },
      { name: "rsi-oversold", plugin: "/plugins/rsi-oversold.ts", universe: 200, promote: false },
    ]);
  });
});

// ---- configs/real-week.yaml from the CSV files ----------------------------------------------------

interface Week {
  readonly daily: Record<string, CsvBar[]>;
  /** Regular-session minutes of the week, per symbol, oldest first. */
  readonly minutes: Record<string, CsvBar[]>;
}

function readWeek(): Week {
  const daily: Record<string, CsvBar[]> = {};
  const minutes: Record<string, CsvBar[]> = {};
  for (const symbol of SYMBOLS) {
    daily[symbol] = readDailyCsv(`daily/${symbol}.csv`);
    minutes[symbol] = WEEK_DATES.flatMap((date) =>
      regularMinutes(readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`), date),
    );
  }
  return { daily, minutes };
}

const at = (date: string, time: string): number => Date.parse(`${date}T${time}:00-04:00`);
const before = (bars: readonly CsvBar[], date: string): CsvBar[] => bars.filter((bar) => bar.date < date);
const mean = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** Slot times `start`, `start + step` … `end` (HH:MM, New York). */
function grid(date: string, start: string, end: string, stepMinutes: number): number[] {
  const times: number[] = [];
  for (let time = at(date, start); time <= at(date, end); time += stepMinutes * MINUTE) times.push(time);
  return times;
}

/** 5m bars from regular minutes (09:30 EDT is a multiple of 5 minutes in UTC). */
function fiveMinutes(minutes: readonly CsvBar[]): CsvBar[] {
  const buckets: CsvBar[] = [];
  for (const bar of minutes) {
    const start = bar.time - (bar.time % (5 * MINUTE));
    const last = buckets[buckets.length - 1];
    if (last?.time === start) {
      buckets[buckets.length - 1] = { ...last, close: bar.close, volume: last.volume + bar.volume };
    } else {
      buckets.push({ ...bar, time: start });
    }
  }
  return buckets;
}

/** Expected symbols per slot of each scanner of configs/real-week.yaml, in slot order. */
function expectedWeek(week: Week): Record<string, string[][]> {
  const result: Record<string, string[][]> = {
    "gap-scanner": [],
    momentum: [],
    "volume-spike": [],
    "breakout-52w": [],
    "rsi-oversold": [],
  };
  for (const date of WEEK_DATES) {
    const openAt = at(date, "09:30");
    const closeAt = at(date, "16:00");
    const history = Object.fromEntries(SYMBOLS.map((symbol) => [symbol, before(week.daily[symbol], date)]));
    const today = (symbol: string, slot: number) =>
      week.minutes[symbol].filter((bar) => bar.date === date && bar.time + MINUTE <= slot);

    // rsi-oversold at 09:00: RSI(14) of the 202 daily closes before today < 45 (price: yesterday's close).
    const rsi = SYMBOLS.map((symbol) => ({
      symbol,
      value: wilderRsi(
        history[symbol].slice(-202).map((bar) => bar.close),
        14,
      ),
    }));
    result["rsi-oversold"].push(
      rsi
        .filter((entry) => entry.value < 45)
        .sort((a, b) => a.value - b.value)
        .map((entry) => entry.symbol),
    );

    // gap-scanner at 09:35: |previous daily close → 09:30 open| ≥ 0.5 %, 20-day average volume ≥ 1M.
    const gaps = SYMBOLS.map((symbol) => {
      const previous = history[symbol][history[symbol].length - 1];
      const open = today(symbol, at(date, "09:35"))[0].open;
      return {
        symbol,
        gap: Math.round(((100 * (open - previous.close)) / previous.close) * 100) / 100,
        volume: mean(history[symbol].slice(-20).map((bar) => bar.volume)),
        open,
      };
    });
    result["gap-scanner"].push(
      gaps
        .filter((entry) => Math.abs(entry.gap) >= 0.5 && entry.volume >= 1_000_000 && entry.open <= 500)
        .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap) || a.symbol.localeCompare(b.symbol))
        .map((entry) => entry.symbol),
    );

    // momentum every 30m 10:00–15:30: above SMA(20) 1d and the open, ≥ 500k shares, RSI(14) 5m in 50–80.
    for (const slot of grid(date, "10:00", "15:30", 30)) {
      const hits = SYMBOLS.map((symbol) => {
        const bars = today(symbol, slot);
        const price = bars[bars.length - 1].close;
        const sma = mean(history[symbol].slice(-20).map((bar) => bar.close));
        const volume = bars.reduce((sum, bar) => sum + bar.volume, 0);
        const fives = fiveMinutes(week.minutes[symbol].filter((bar) => bar.time + MINUTE <= slot)).filter(
          (bar) => bar.time + 5 * MINUTE <= slot,
        );
        // RSI(14) needs 15 bars: the store's minutes start on 2013-10-07, so not before 10:45 that day.
        const rsi5m =
          fives.length < 15
            ? Number.NaN
            : wilderRsi(
                fives.map((bar) => bar.close),
                14,
              );
        const ok = price > sma && volume >= 500_000 && price > bars[0].open && rsi5m >= 50 && rsi5m <= 80;
        return {
          symbol,
          ok,
          change: Math.round(((100 * (price - bars[0].open)) / bars[0].open) * 100) / 100,
        };
      });
      result.momentum.push(
        hits
          .filter((entry) => entry.ok)
          .sort((a, b) => b.change - a.change || a.symbol.localeCompare(b.symbol))
          .map((entry) => entry.symbol),
      );
    }

    // volume-spike every 5m 09:35–16:00: today's latest 5m bar ≥ 2.5 × the mean of the 20 before it.
    for (const slot of grid(date, "09:35", "16:00", 5)) {
      const hits = SYMBOLS.flatMap((symbol) => {
        const fives = fiveMinutes(week.minutes[symbol].filter((bar) => bar.time + MINUTE <= slot));
        const latest = fives[fives.length - 1];
        if (fives.length < 21 || latest.time < openAt || latest.close < 5) return [];
        const rel = latest.volume / mean(fives.slice(-21, -1).map((bar) => bar.volume));
        return rel >= 2.5 ? [{ symbol, rel: Math.round(rel * 100) / 100 }] : [];
      });
      result["volume-spike"].push(
        hits.sort((a, b) => b.rel - a.rel || a.symbol.localeCompare(b.symbol)).map((entry) => entry.symbol),
      );
    }

    // breakout-52w every 30m 10:00–15:30: above the 252-day high on a 1.5× volume pace.
    for (const slot of grid(date, "10:00", "15:30", 30)) {
      const elapsed = (slot - openAt) / (closeAt - openAt);
      result["breakout-52w"].push(
        SYMBOLS.filter((symbol) => {
          const bars = today(symbol, slot);
          const high = Math.max(...history[symbol].slice(-252).map((bar) => bar.high));
          const volume = bars.reduce((sum, bar) => sum + bar.volume, 0);
          const pace = volume / (mean(history[symbol].slice(-20).map((bar) => bar.volume)) * elapsed);
          return bars[bars.length - 1].close > high && pace >= 1.5;
        }),
      );
    }
  }
  return result;
}

describe("configs/real-week.yaml", () => {
  let root: string;
  beforeAll(() => {
    root = fakeCheckout();
    // `scanwright import ../shared/data/minute/*.csv ../shared/data/daily/SPY.csv ../shared/data/daily/AIG.csv --store .scanwright/real.db`
    const store = BarStore.open(join(root, ".scanwright", "real.db"));
    try {
      for (const file of readdirSync(join(SHARED_DATA_DIR, "minute")).sort()) {
        importCsvFile(store, join(SHARED_DATA_DIR, "minute", file));
      }
      for (const symbol of SYMBOLS) importCsvFile(store, join(SHARED_DATA_DIR, "daily", `${symbol}.csv`));
    } finally {
      store.close();
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs the week: every slot of every scanner, each hit as computed from the CSV files", async () => {
    const run = await runCaptured(["run", "configs/real-week.yaml", "--json"], commandRegistrars, {
      cwd: root,
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const scans = events.filter((event) => event.event === "scan");
    expect(scans.every((event) => event.status === "ok")).toBe(true);

    const expected = expectedWeek(readWeek());
    const actual: Record<string, string[][]> = {};
    for (const scanner of Object.keys(expected)) {
      actual[scanner] = scans.filter((event) => event.scanner === scanner).map((event) => event.symbols);
    }
    expect(actual).toEqual(expected);
    expect(
      Object.fromEntries(Object.entries(actual).map(([scanner, slots]) => [scanner, slots.length])),
    ).toEqual({
      "gap-scanner": 5,
      momentum: 60,
      "volume-spike": 390,
      "breakout-52w": 60,
      "rsi-oversold": 5,
    });

    const journal = ScanJournal.open(join(root, ".scanwright", "real-journal.db"));
    try {
      const [latest] = journal.runs();
      expect(latest.status).toBe("completed");
      const summary = Object.fromEntries(
        journal
          .summary(latest.id)
          .map((row) => [row.scanner, { scans: row.scans, errors: row.errors, hits: row.hits }]),
      );
      expect(summary).toEqual({
        "breakout-52w": { scans: 60, errors: 0, hits: 0 },
        "gap-scanner": { scans: 5, errors: 0, hits: 4 },
        momentum: { scans: 60, errors: 0, hits: 27 },
        "rsi-oversold": { scans: 5, errors: 0, hits: 4 },
        "volume-spike": { scans: 390, errors: 0, hits: 42 },
      });
    } finally {
      journal.close();
    }
    // The gappers are promoted: each of SPY and AIG once, on its first gap of the week.
    const promoted = events.filter((event) => event.event === "promoted").map((event) => event.symbol);
    expect([...promoted].sort()).toEqual(["AIG", "SPY"]);
  });
});

describe("configs/daily-2020.yaml", () => {
  const DAILY_SYMBOLS = ["SPY", "QQQ", "IWM", "EEM", "USO", "AAPL", "GOOG", "FB", "AIG", "WM"];
  let root: string;
  beforeAll(() => {
    root = fakeCheckout();
    // `scanwright import ../shared/data/daily/*.csv --store .scanwright/daily.db`
    const store = BarStore.open(join(root, ".scanwright", "daily.db"));
    try {
      for (const file of readdirSync(join(SHARED_DATA_DIR, "daily")).sort()) {
        importCsvFile(store, join(SHARED_DATA_DIR, "daily", file));
      }
    } finally {
      store.close();
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("screens each morning of March and April 2020 on daily bars alone, each hit as computed from the CSV", async () => {
    const run = await runCaptured(["run", "configs/daily-2020.yaml", "--json"], commandRegistrars, {
      cwd: root,
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const scans = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((event) => event.event === "scan");

    const daily = Object.fromEntries(
      DAILY_SYMBOLS.map((symbol) => [symbol, readDailyCsv(`daily/${symbol}.csv`)]),
    );
    // The sessions are the dates of the daily files (the calendar agrees with the exchange: no
    // 2020-04-10, Good Friday).
    const dates = daily.SPY.map((bar) => bar.date).filter(
      (date) => date >= "2020-03-02" && date <= "2020-04-30",
    );
    expect(dates.length).toBe(43);
    const expected = dates.map((date) => {
      const hits = DAILY_SYMBOLS.flatMap((symbol) => {
        const closes = before(daily[symbol], date)
          .slice(-202)
          .map((bar) => bar.close);
        const rsi = Math.round(wilderRsi(closes, 14) * 100) / 100;
        return rsi < 30 ? [{ symbol, rsi }] : [];
      });
      return {
        at: `${date}T09:00:00${date < "2020-03-09" ? "-05:00" : "-04:00"}`,
        symbols: hits
          .sort((a, b) => a.rsi - b.rsi || a.symbol.localeCompare(b.symbol))
          .map((hit) => hit.symbol),
      };
    });
    expect(scans.map((event) => ({ at: event.at, symbols: event.symbols }))).toEqual(expected);
    // The crash shows: most mornings of March have oversold symbols, and the hits thin out in April.
    const count = (month: string) =>
      expected
        .filter((slot) => slot.at.startsWith(month))
        .reduce((sum, slot) => sum + slot.symbols.length, 0);
    expect({ march: count("2020-03"), april: count("2020-04") }).toEqual({ march: 66, april: 9 });
  });
});
