// One real session for the live-feed tests: SPY and AIG on 2013-10-10 (../shared/data), the
// scanners run over it, the stores (CSV: with the day and the daily files; live: the minutes of the
// days before only), a backtest's rows, and the daemon run over the day on a vendor feed pointed at
// a local mock in accelerated time.

import { expect } from "vitest";
import type { FeedConfig } from "../../src/config/feed-config.js";
import type { SessionConfigInput } from "../../src/config/session-config.js";
import { RecordingLogger } from "../../src/core/logger.js";
import { BarStore } from "../../src/data/bar-store.js";
import { importCsvFile } from "../../src/data/csv-import.js";
import type { LiveBarFeed } from "../../src/data/live/live-bar-feed.js";
import { runBacktest } from "../../src/runtime/backtest-runner.js";
import { createSession } from "../../src/runtime/create-session.js";
import { createConfiguredFeed } from "../../src/runtime/feed-from-config.js";
import { runDaemon } from "../../src/runtime/live-daemon.js";
import type { ScanContext } from "../../src/scanners/define-scanner.js";
import type { ExportedRow } from "../../src/scanners/journal-types.js";
import type { LoadedScanner } from "../../src/scanners/plugin-loader.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import type { Clock } from "../../src/time/clock.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { ScaledClock } from "../../src/time/scaled-clock.js";
import { parseSessionTime } from "../../src/time/session-time.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";
import { WallClock } from "../../src/time/wall-clock.js";
import { scannerSpec } from "./scanner-spec.js";
import { type CsvBar, readDailyCsv, readMinuteCsv, sharedDataPath } from "./shared-data.js";

export const calendar = new ExchangeCalendar();
export const LIVE_DAY = "2013-10-10";
export const HISTORY_DAYS = ["2013-10-07", "2013-10-08", "2013-10-09"];
export const SYMBOLS = ["SPY", "AIG"];
export const SESSION = calendar.requireSession(LIVE_DAY);
export const SPEED = 4_000;
/** The daily bars the mock serves (the live stores have none: the daemon fetches what it needs). */
export const DAILY = new Map(
  SYMBOLS.map((symbol) => [
    symbol,
    readDailyCsv(`daily/${symbol}.csv`).filter((bar) => bar.date >= "2013-05-01" && bar.date <= "2013-10-31"),
  ]),
);
export const at = (hhmm: string): number =>
  calendar.wallTime(LIVE_DAY, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

const spec = scannerSpec;

/**
 * `pulse`: pre-session and every 5m, SPY when its last minute closed up, with that minute's end and
 * close (a missing or extra bar shows). `vwap`: every 30m, SPY above its session VWAP. `adder`: adds
 * AIG at 11:00 (a VWAP on 1m, so today's bars so far), reports its VWAP and bar count, removes it
 * at 14:00.
 */
export function scanners(): LoadedScanner[] {
  return [
    {
      spec: spec("pulse", {
        universe: ["SPY"],
        pre_session: parseSessionTime("09:00"),
        regular_session: [
          { start: parseSessionTime("open+5m"), end: parseSessionTime("close"), interval: "5m" },
        ],
      }),
      config: {},
      definition: {
        name: "pulse",
        scan: (context: ScanContext) => {
          const bar = context.sessionData.getLatestBar("SPY", "1m");
          return {
            symbols: bar !== undefined && bar.close > bar.open ? ["SPY"] : [],
            metadata: { end: bar ? bar.time + 60_000 : null, close: bar?.close ?? null },
          };
        },
      },
    },
    {
      spec: spec("vwap", {
        universe: ["SPY"],
        indicators: [{ type: "vwap", interval: "1m" }],
        regular_session: [
          { start: parseSessionTime("10:00"), end: parseSessionTime("15:30"), interval: "30m" },
        ],
      }),
      config: {},
      definition: {
        name: "vwap",
        scan: (context: ScanContext) => {
          const value = context.sessionData.getIndicator("SPY", "vwap_1m");
          const close = context.sessionData.getLatestClose("SPY");
          return {
            symbols: value?.ready && close !== undefined && close > (value.value as number) ? ["SPY"] : [],
            metadata: { vwap: value?.value ?? null },
          };
        },
      },
    },
    {
      spec: spec("adder", {
        regular_session: [
          { start: parseSessionTime("11:00"), end: parseSessionTime("15:00"), interval: "30m" },
        ],
      }),
      config: {},
      definition: {
        name: "adder",
        scan: async (context: ScanContext) => {
          const data = context.sessionData;
          const minute = new Date(context.currentTime).getUTCMinutes();
          const hhmm = calendar.formatInstant(context.currentTime).slice(11, 16);
          if (hhmm === "11:00") {
            await data.addIndicator("AIG", "vwap", { interval: "1m" });
            await data.addIndicator("AIG", "sma", { period: 5, interval: "1d" });
          }
          const vwap = data.getIndicator("AIG", "vwap_1m")?.value ?? null;
          const sma = data.getIndicator("AIG", "sma_5_1d")?.value ?? null;
          const bars = data.getBars("AIG", "1m").filter((bar) => bar.time >= SESSION.openAt).length;
          const removed = hhmm === "14:00" ? await data.removeSymbolAdhoc("AIG") : false;
          return { symbols: vwap === null ? [] : ["AIG"], metadata: { vwap, sma, bars, removed, minute } };
        },
      },
    },
  ];
}

export const sessionData: SessionConfigInput["session_data"] = {
  symbols: ["SPY"],
  indicators: [{ type: "sma", period: 20, interval: "1d" }],
};

export function minuteBarsOf(date: string): Map<string, CsvBar[]> {
  return new Map(
    SYMBOLS.map((symbol) => [symbol, readMinuteCsv(`minute/${symbol}-${date.replaceAll("-", "")}.csv`)]),
  );
}

/**
 * The CSV store (`withLiveDay`): the minutes of the days before the live day and of the live day,
 * and the daily files. A live store: only the minutes before the live day; its daily history comes
 * from the vendor when the session needs it.
 */
export function buildStore(path: string, withLiveDay: boolean): void {
  const store = BarStore.open(path);
  try {
    for (const symbol of SYMBOLS) {
      for (const date of withLiveDay ? [...HISTORY_DAYS, LIVE_DAY] : HISTORY_DAYS) {
        importCsvFile(store, sharedDataPath(`minute/${symbol}-${date.replaceAll("-", "")}.csv`));
      }
      if (withLiveDay) importCsvFile(store, sharedDataPath(`daily/${symbol}.csv`));
    }
  } finally {
    store.close();
  }
}

export async function backtestRows(storePath: string): Promise<ExportedRow[]> {
  const store = BarStore.open(storePath);
  const journal = ScanJournal.open(":memory:");
  const session = createSession(
    {
      name: "live-day",
      backtest: { start: LIVE_DAY, end: LIVE_DAY },
      store: storePath,
      session_data: sessionData,
    },
    { store },
  );
  try {
    return journal.exportRun((await runBacktest(session, scanners(), journal)).run);
  } finally {
    session.close();
    store.close();
    journal.close();
  }
}

export interface LiveRun<M> {
  readonly rows: ExportedRow[];
  /** Slots journaled as scanned on a stale feed, `HH:MM` New York. */
  readonly stale: string[];
  readonly logger: RecordingLogger;
  readonly stats: ReturnType<LiveBarFeed["stats"]>;
  readonly mock: M;
}

export interface LiveDayVendor<M> {
  /** Starts the vendor's mock on the timeline, serving the live day's minutes (and DAILY). */
  startMock(clock: Clock, minuteBars: Map<string, CsvBar[]>): Promise<M>;
  /** The feed block pointing at the mock. */
  feed(mock: M): Pick<FeedConfig, "vendor" | "stream_url" | "rest_url">;
  readonly env: Readonly<Record<string, string>>;
}

export interface LiveDayOptions<M> {
  /** When the daemon starts (default: the live day's pre-market). */
  readonly startAt?: number;
  /** The day the mock streams and the daemon's last day (default LIVE_DAY). */
  readonly day?: string;
  /** Runs on the timeline once the mock and the feed are up (e.g. timers that watch the mock). */
  readonly onStart?: (timeline: Clock, mock: M) => void;
}

/** The daemon over a day on a vendor's mock, from the day's pre-market (or `startAt`), at SPEED. */
export async function runLiveDay<M extends { close(): Promise<void> }>(
  storePath: string,
  vendor: LiveDayVendor<M>,
  options: LiveDayOptions<M> = {},
): Promise<LiveRun<M>> {
  const day = options.day ?? LIVE_DAY;
  const startAt = options.startAt ?? calendar.requireSession(day).preMarketAt;
  // The files are read before the timeline starts: at SPEED, a second of reading is an hour.
  const minuteBars = minuteBarsOf(day);
  const wall = new WallClock({ unref: true });
  const timeline = new ScaledClock(wall, { originAt: startAt, speed: SPEED });
  const mock = await vendor.startMock(timeline, minuteBars);
  const logger = new RecordingLogger();
  const store = BarStore.open(storePath);
  const journal = ScanJournal.open(":memory:");
  const configured = createConfiguredFeed(
    {
      ...vendor.feed(mock),
      adjustment: "raw",
      stale_after_seconds: 600,
      bar_wait_seconds: 5,
      clock_skew_seconds: 0,
      reconnect_max_seconds: 8,
    },
    { store, timeline, calendar, logger, env: vendor.env, random: () => 0.5 },
  );
  try {
    await configured.start();
    options.onStart?.(timeline, mock);
    const session = createSession(
      { name: "live-day", mode: "live", store: storePath, session_data: sessionData },
      { clock: new SimulatedClock(startAt), store, feed: configured.feed, calendar, logger },
    );
    try {
      const report = await runDaemon(session, scanners(), journal, { timeline, lastDay: day, logger });
      expect(report.status).toBe("completed");
      return {
        rows: journal.exportRun(report.run),
        stale: journal
          .staleSlots(report.run)
          .map((slot) => calendar.formatInstant(slot.scheduledAt).slice(11, 16)),
        logger,
        stats: (configured.feed as LiveBarFeed).stats(),
        mock,
      };
    } finally {
      session.close();
    }
  } finally {
    configured.close();
    journal.close();
    store.close();
    await mock.close();
    wall.cancelAll();
  }
}
