// The replay feed with its days read ahead on a worker thread (store-read-ahead.ts): the same bars
// as the generated ones, day after day (each session's days posted at its start or, for the next
// session, while this one is replayed), and every failure ending in the synchronous read: a damaged
// chunk gives the very StoreError of the read without a worker, a killed worker or one that never
// answers loses no day and hangs nothing, and closing the feed ends the thread.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allocateBarColumns } from "../../../src/core/bar-columns.js";
import { StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { READ_AHEAD_BATCH, ReplayFeed } from "../../../src/data/replay-feed.js";
import type { RegularHours } from "../../../src/data/session-hours.js";
import { StoreReadAhead } from "../../../src/data/store-read-ahead.js";
import { BarSeries } from "../../../src/session/bar-series.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";

/** The built worker (test/setup/build-dist.ts rebuilds dist/ when src/ is newer). */
const WORKER = new URL("../../../dist/data/store-read-worker.js", import.meta.url);
const SILENT_WORKER = new URL("../../fixtures/silent-read-worker.mjs", import.meta.url);
const calendar = new ExchangeCalendar();
const DATES = ["2024-03-05", "2024-03-06", "2024-03-07"];
const SESSIONS = DATES.map((date) => calendar.requireSession(date));
/** Two full batches and a partial one (read on the main thread on the first day). */
const SYMBOLS = Array.from({ length: 2 * READ_AHEAD_BATCH + 20 }, (_, k) => `S${String(k).padStart(4, "0")}`);
const MINUTE = 60_000;

/** Symbol k's bar at minute m of day d: values that tell symbol, day and minute apart. */
function barValues(k: number, d: number, m: number): number[] {
  const base = 10 + k / 10 + m / 1000 + d;
  return [base, base + 0.5, base - 0.5, base + 0.25, k * 1000 + m + 100];
}

/** Whether symbol k has a bar at minute m of the session (a gap every 11 minutes, shifted per symbol). */
const hasBar = (k: number, m: number): boolean => (m + k) % 11 !== 0;

/** The session bars of symbol k on day d, as [time, open, high, low, close, volume] rows. */
function expectedDay(k: number, d: number): number[][] {
  const { openAt, closeAt } = SESSIONS[d];
  const rows: number[][] = [];
  for (let m = 0; openAt + m * MINUTE < closeAt; m++) {
    if (hasBar(k, m)) rows.push([openAt + m * MINUTE, ...barValues(k, d, m)]);
  }
  return rows;
}

/** Writes every symbol's days, with a pre-market and a post-market bar that are never streamed. */
function writeStore(path: string): void {
  const store = BarStore.open(path);
  store.transaction(() => {
    SYMBOLS.forEach((symbol, k) => {
      const rows: number[][] = [];
      SESSIONS.forEach(({ openAt, closeAt }, d) => {
        rows.push([openAt - 30 * MINUTE, ...barValues(k, d, -30)]);
        rows.push(...expectedDay(k, d));
        rows.push([closeAt + 5 * MINUTE, ...barValues(k, d, 9_999)]);
      });
      const bars = allocateBarColumns(rows.length);
      rows.forEach(([time, open, high, low, close, volume], i) => {
        bars.time[i] = time;
        bars.open[i] = open;
        bars.high[i] = high;
        bars.low[i] = low;
        bars.close[i] = close;
        bars.volume[i] = volume;
      });
      store.insertBars(symbol, "1m", bars);
    });
  });
  store.close();
}

/** Waits (polling) until `done()`; fails after a minute rather than hang the suite. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 60_000) throw new Error("gave up waiting for the read-ahead worker");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Replays `days` sessions as the session coordinator does: every symbol subscribed on the first day
 * with its feed series' landing, one drain at each close, the delivered bars appended to the
 * series. `beforeDrain(d)` runs after day d's subscriptions, `beforeStart(d)` before its start.
 * Returns each (symbol, day)'s delivered rows.
 */
async function replay(
  feed: ReplayFeed,
  days: number,
  hooks: { beforeDrain?: (d: number) => Promise<void>; beforeStart?: (d: number) => Promise<void> } = {},
): Promise<Map<string, number[][]>> {
  const delivered = new Map<string, number[][]>();
  const series = new Map(SYMBOLS.map((symbol) => [symbol, new BarSeries("1m", 0)]));
  for (let d = 0; d < days; d++) {
    await hooks.beforeStart?.(d);
    feed.startSession(SESSIONS[d]);
    if (d === 0) {
      for (const symbol of SYMBOLS) {
        const own = series.get(symbol)!;
        feed.subscribe(symbol, own, (length) => own.landing(length));
      }
    }
    await hooks.beforeDrain?.(d);
    feed.drain(SESSIONS[d].closeAt, (symbol, bars, from, to, tag) => {
      const rows = delivered.get(`${symbol} ${d}`) ?? [];
      for (let i = from; i < to; i++) {
        const row = [bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]];
        rows.push(row);
        (tag as BarSeries).append(row[0], row[1], row[2], row[3], row[4], row[5]);
      }
      delivered.set(`${symbol} ${d}`, rows);
    });
    feed.endSession();
  }
  return delivered;
}

function expectGenerated(delivered: Map<string, number[][]>, days: number): void {
  for (let d = 0; d < days; d++) {
    SYMBOLS.forEach((symbol, k) => {
      expect(delivered.get(`${symbol} ${d}`), `${symbol} on ${DATES[d]}`).toEqual(expectedDay(k, d));
    });
  }
}

/** The session after `session` among SESSIONS, as create-session's replay gives it. */
const nextSession = (session: RegularHours): RegularHours | undefined =>
  SESSIONS[SESSIONS.findIndex((s) => s.openAt === session.openAt) + 1];

describe("ReplayFeed with its days read ahead on a worker thread", () => {
  let dir: string;
  let path: string;
  let store: BarStore;
  let readAhead: StoreReadAhead | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-read-ahead-"));
    path = join(dir, "bars.db");
    writeStore(path);
    store = BarStore.open(path);
  });
  afterEach(async () => {
    readAhead?.close();
    await readAhead?.exited;
    readAhead = undefined;
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers every session's generated bars, read by the worker at the start and during the session before", async () => {
    readAhead = StoreReadAhead.start(path, { workerUrl: WORKER })!;
    const worker = readAhead;
    const feed = new ReplayFeed(store, "1m", worker, nextSession);
    let replies = 0;
    const delivered = await replay(feed, 3, {
      // The first day's two full batches are posted while subscribing: read by the worker here.
      beforeDrain: async (d) => {
        if (d === 0) await until(() => worker.repliesPosted >= 2);
      },
      // The next day's three reads (every subscription) were posted at the first drain.
      beforeStart: async (d) => {
        if (d > 0) await until(() => worker.repliesPosted >= replies + 3);
        replies = worker.repliesPosted;
      },
    });
    expectGenerated(delivered, 3);
    expect(worker.counts).toEqual({ delivered: 2 + 3 + 3, readByCaller: 0 });
    feed.close();
  });

  it("gives the very StoreError of the synchronous read for a damaged chunk", async () => {
    store.close();
    // Bar 5 of S0300's stored day gets a high below its low: what a damaged page could hold.
    const db = new Database(path);
    const row = db
      .prepare<[string, number], { rowid: number; data: Buffer }>(
        "SELECT c.rowid, c.data FROM chunks c JOIN series s ON s.id = c.series_id WHERE s.symbol = ? AND s.interval = '1m' AND c.start_time <= ? ORDER BY c.start_time DESC LIMIT 1",
      )
      .get("S0300", SESSIONS[0].openAt)!;
    const count = row.data.byteLength / 48;
    row.data.writeDoubleLE(-1, (2 * count + 5) * 8);
    db.prepare("UPDATE chunks SET data = ? WHERE rowid = ?").run(row.data, row.rowid);
    db.close();
    store = BarStore.open(path);

    const withoutWorker = await replay(new ReplayFeed(store, "1m"), 1).catch((error: unknown) => error);
    expect(withoutWorker).toBeInstanceOf(StoreError);
    readAhead = StoreReadAhead.start(path, { workerUrl: WORKER })!;
    const worker = readAhead;
    const withWorker = await replay(new ReplayFeed(store, "1m", worker, nextSession), 1, {
      beforeDrain: () => until(() => worker.repliesPosted >= 2),
    }).catch((error: unknown) => error);
    expect(withWorker).toBeInstanceOf(StoreError);
    expect((withWorker as StoreError).code).toBe((withoutWorker as StoreError).code);
    expect((withWorker as StoreError).message).toBe((withoutWorker as StoreError).message);
    expect((withWorker as StoreError).message).toContain("S0300 1m bars are corrupt (bar 4 ");
    expect(worker.counts).toEqual({ delivered: 1, readByCaller: 1 });
  });

  it("loses no day when the worker is killed with reads posted, and reads on without it", async () => {
    readAhead = StoreReadAhead.start(path, { workerUrl: WORKER })!;
    const worker = readAhead;
    const feed = new ReplayFeed(store, "1m", worker, nextSession);
    const delivered = await replay(feed, 2, {
      beforeDrain: async (d) => {
        if (d === 0) await worker.stop();
      },
    });
    expectGenerated(delivered, 2);
    expect(worker.isRunning).toBe(false);
    expect(worker.counts.delivered).toBe(0);
  });

  it("stops waiting for a worker that took a read and never answers", async () => {
    readAhead = StoreReadAhead.start(path, { workerUrl: SILENT_WORKER, silenceLimitMs: 300 })!;
    const worker = readAhead;
    const feed = new ReplayFeed(store, "1m", worker, nextSession);
    const delivered = await replay(feed, 2, {
      beforeDrain: async (d) => {
        if (d === 0) await until(() => worker.takenThrough >= 2);
      },
    });
    expectGenerated(delivered, 2);
    expect(worker.failure?.message).toMatch(/gave no reply in 300 ms/);
    expect(worker.isRunning).toBe(false);
  });

  it("ends the worker thread when the feed is closed", async () => {
    readAhead = StoreReadAhead.start(path, { workerUrl: WORKER })!;
    const worker = readAhead;
    const feed = new ReplayFeed(store, "1m", worker, nextSession);
    expectGenerated(await replay(feed, 1), 1);
    feed.close();
    await worker.exited;
    expect(worker.isRunning).toBe(false);
  });
});
