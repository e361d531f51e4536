// The SQLite store's reads with its read thread (store-read-thread.ts): the same bars as the
// generated ones and as the reads without a thread, every column, over several sessions (groups of
// 64 series, a read whose groups take several slot parts, the replay feed's next session expected
// while a session is replayed), and every failure ending in the main thread's own read: a damaged
// chunk (or two chunks each ascending, the second not after the first) gives the very StoreError of
// the read without a thread, one damaged outside the read's range the same bars, a thread stopped
// with reads posted or one that takes reads and never answers loses no day and hangs nothing, and
// the thread ends with the store and with the session.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BarColumns } from "../../../src/core/bar-columns.js";
import { StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ReplayFeed } from "../../../src/data/replay-feed.js";
import type { RegularHours } from "../../../src/data/session-hours.js";
import {
  JOB_SLOTS,
  JOB_STATES,
  MAX_EXPECTED_JOBS,
  MAX_JOBS_PER_READ,
  OPENING,
  POSTED,
  POSTED_MESSAGES,
  RESERVE_SLOT_COUNT,
  SLOT_COUNT,
  TAKEN_BY_THREAD,
} from "../../../src/data/store-read-protocol.js";
import type { StoreReadThread } from "../../../src/data/store-read-thread.js";
import { createSession } from "../../../src/runtime/create-session.js";
import { BarSeries } from "../../../src/session/bar-series.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { columnsOfRows, rowsOfColumns } from "../../helpers/bar-rows.js";

const calendar = new ExchangeCalendar();
const DATES = ["2024-03-05", "2024-03-06", "2024-03-07"];
const SESSIONS = DATES.map((date) => calendar.requireSession(date));
/** Three groups of 64 series and a partial one. */
const SYMBOLS = Array.from({ length: 3 * 64 + 20 }, (_, k) => `S${String(k).padStart(4, "0")}`);
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
      store.insertBars(symbol, "1m", columnsOfRows(rows));
    });
  });
  store.close();
}

/** Damages bar 5 of `symbol`'s first stored day (a high below its low: what a damaged page could hold). */
function damage(path: string, symbol: string): void {
  const db = new Database(path);
  const row = db
    .prepare<[string, number], { rowid: number; data: Buffer }>(
      "SELECT c.rowid, c.data FROM chunks c JOIN series s ON s.id = c.series_id WHERE s.symbol = ? AND s.interval = '1m' AND c.start_time <= ? ORDER BY c.start_time DESC LIMIT 1",
    )
    .get(symbol, SESSIONS[0].openAt)!;
  const count = row.data.byteLength / 48;
  row.data.writeDoubleLE(-1, (2 * count + 5) * 8);
  db.prepare("UPDATE chunks SET data = ? WHERE rowid = ?").run(row.data, row.rowid);
  db.close();
}

/** Rewrites the blob of `symbol`'s 1m chunk holding day `d` with `edit` (given its bar count). */
function editChunk(
  path: string,
  symbol: string,
  d: number,
  edit: (data: Buffer, count: number) => void,
): void {
  const db = new Database(path);
  const row = db
    .prepare<[string, number], { rowid: number; data: Buffer }>(
      "SELECT c.rowid, c.data FROM chunks c JOIN series s ON s.id = c.series_id WHERE s.symbol = ? AND s.interval = '1m' AND c.start_time <= ? ORDER BY c.start_time DESC LIMIT 1",
    )
    .get(symbol, SESSIONS[d].openAt)!;
  edit(row.data, row.data.byteLength / 48);
  db.prepare("UPDATE chunks SET data = ? WHERE rowid = ?").run(row.data, row.rowid);
  db.close();
}

/** The read's answer, or the error it threw. */
function outcome(read: () => BarColumns[]): number[][][] | unknown {
  try {
    return read().map(rowsOf);
  } catch (error) {
    return error;
  }
}

/** Waits (polling) until `done()`; fails after a minute rather than hang the suite. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 60_000) throw new Error("gave up waiting for the read thread");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const rowsOf = (bars: BarColumns): number[][] => rowsOfColumns(bars);

/**
 * Replays `days` sessions as the session coordinator does: every symbol subscribed on the first day
 * with its feed series' landing, one drain at each close. `beforeDrain(d)` runs after day d's
 * subscriptions, `beforeStart(d)` before its start. Returns each (symbol, day)'s delivered rows.
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
    feed.drain(SESSIONS[d].closeAt, (symbol, bars, from, to) => {
      const rows = delivered.get(`${symbol} ${d}`) ?? [];
      for (let i = from; i < to; i++) {
        rows.push([bars.time[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]);
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

/** A thread that takes every job posted to it and never answers. */
const SILENT_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const words = new Int32Array(workerData.signal);
for (;;) {
  const seen = Atomics.load(words, ${POSTED_MESSAGES});
  for (let m = receiveMessageOnPort(workerData.jobs); m !== undefined; m = receiveMessageOnPort(workerData.jobs)) {
    for (const job of m.message) Atomics.compareExchange(words, ${JOB_STATES} + (job.id % ${JOB_SLOTS}), ${POSTED}, ${TAKEN_BY_THREAD});
  }
  Atomics.wait(words, ${POSTED_MESSAGES}, seen, 100);
}
`;

/** A thread that says it opens the store and then never looks at the main thread's words again. */
const NEVER_CLOSING_SOURCE = `
const { workerData } = require("node:worker_threads");
Atomics.store(new Int32Array(workerData.signal), ${OPENING}, 1);
for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
`;

/**
 * Lets the thread take the read of the second group (SYMBOLS 64..127) just expected and wait for a
 * slot, then reads it: the read must free the slots held by reads never asked for, not wait for the
 * thread's silence limit. Its group is then the one the thread delivered.
 */
async function readOnceTheThreadWaits(
  store: BarStore,
  thread: StoreReadThread,
  from: number,
  to: number,
): Promise<BarColumns[]> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  const read = store.readBarsOfSymbols(SYMBOLS.slice(64, 128), "1m", from, to);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(thread.failure).toBeUndefined();
  expect(thread.counts.delivered).toBe(1);
  return read;
}

/**
 * Reads `symbols` over [from, to) without the thread, expecting a StoreError holding `part`, then
 * with a thread that has filled the read's two slot parts before it asks: the very same error.
 */
async function expectSameErrorWithTheThread(
  store: BarStore,
  symbols: readonly string[],
  from: number,
  to: number,
  part: string,
): Promise<void> {
  const read = () => store.readBarsOfSymbols(symbols, "1m", from, to);
  const without = outcome(read);
  expect(without).toBeInstanceOf(StoreError);
  expect((without as StoreError).message).toContain(part);
  const thread = store.startReadThread()!;
  store.expectRead(symbols, "1m", from, to);
  await until(() => thread.repliesPosted >= 2);
  const withThread = outcome(read);
  expect(withThread).toBeInstanceOf(StoreError);
  expect((withThread as StoreError).message).toBe((without as StoreError).message);
}

describe("the SQLite store's read thread", () => {
  let dir: string;
  let path: string;
  let store: BarStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-read-thread-"));
    path = join(dir, "bars.db");
    writeStore(path);
    store = BarStore.open(path);
  });
  afterEach(async () => {
    const thread = store.readThread;
    store.close();
    // A silent thread does not end when closed (it never looks): stopped here.
    await thread?.stop();
    await thread?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads every column exactly as the main thread does, a group's rows in several parts included", async () => {
    const from = SESSIONS[0].openAt - 60 * MINUTE;
    const to = SESSIONS[2].closeAt + 60 * MINUTE;
    const direct = store.readBarsOfSymbols(SYMBOLS, "1m", from, to).map(rowsOf);
    const thread = store.startReadThread()!;
    // Expected ahead: the thread steps (some of) its groups before the read asks; three sessions of
    // 64 series are 3.6 MB, more than a slot, so they come in parts.
    store.expectRead(SYMBOLS, "1m", from, to);
    await until(() => thread.repliesPosted >= 2);
    const withThread = store.readBarsOfSymbols(SYMBOLS, "1m", from, to).map(rowsOf);
    expect(withThread).toEqual(direct);
    expect(withThread[7]).toEqual([
      [SESSIONS[0].openAt - 30 * MINUTE, ...barValues(7, 0, -30)],
      ...expectedDay(7, 0),
      [SESSIONS[0].closeAt + 5 * MINUTE, ...barValues(7, 0, 9_999)],
      [SESSIONS[1].openAt - 30 * MINUTE, ...barValues(7, 1, -30)],
      ...expectedDay(7, 1),
      [SESSIONS[1].closeAt + 5 * MINUTE, ...barValues(7, 1, 9_999)],
      [SESSIONS[2].openAt - 30 * MINUTE, ...barValues(7, 2, -30)],
      ...expectedDay(7, 2),
      [SESSIONS[2].closeAt + 5 * MINUTE, ...barValues(7, 2, 9_999)],
    ]);
    expect(thread.counts.delivered).toBeGreaterThan(0);
    // A read not expected: its groups after the first go to the thread as it starts.
    const again = store.readBarsOfSymbols([...SYMBOLS].reverse(), "1m", from, to).map(rowsOf);
    expect(again).toEqual([...direct].reverse());
  });

  it("delivers every session's generated bars with the next session expected while one is replayed", async () => {
    const thread = store.startReadThread()!;
    const feed = new ReplayFeed(store, "1m", { nextSession });
    let replies = 0;
    const delivered = await replay(feed, 3, {
      // The next day's four groups (every subscription) were posted at the first drain.
      beforeStart: async (d) => {
        if (d > 0) await until(() => thread.repliesPosted >= replies + 4);
        replies = thread.repliesPosted;
      },
    });
    expectGenerated(delivered, 3);
    // Day 1: four groups posted at the drain (the thread or the main thread steps each); days 2-3:
    // four each, expected ahead and delivered before the drain.
    expect(thread.counts.delivered).toBeGreaterThanOrEqual(8);
    expect(thread.counts.delivered + thread.counts.readByCaller).toBe(4 + 4 + 4);
  });

  it("gives the very StoreError of the read without a thread for a damaged chunk", async () => {
    store.close();
    damage(path, "S0150");
    store = BarStore.open(path);
    const { openAt, closeAt } = SESSIONS[0];
    const without = (() => {
      try {
        store.readBarsOfSymbols(SYMBOLS, "1m", openAt, closeAt);
      } catch (error) {
        return error;
      }
    })();
    expect(without).toBeInstanceOf(StoreError);
    const thread = store.startReadThread()!;
    store.expectRead(SYMBOLS, "1m", openAt, closeAt);
    await until(() => thread.repliesPosted >= 4);
    const withThread = (() => {
      try {
        store.readBarsOfSymbols(SYMBOLS, "1m", openAt, closeAt);
      } catch (error) {
        return error;
      }
    })();
    expect(withThread).toBeInstanceOf(StoreError);
    expect((withThread as StoreError).code).toBe((without as StoreError).code);
    expect((withThread as StoreError).message).toBe((without as StoreError).message);
    expect((withThread as StoreError).message).toContain("S0150 1m bars are corrupt (bar 4 ");
    // The rows of S0150's group came from the thread; the error is the main thread's decode's.
    expect(thread.counts.delivered).toBeGreaterThanOrEqual(1);
    // The read after it is whole again for the undamaged symbols, slots freed.
    const rest = store.readBarsOfSymbols(SYMBOLS.slice(0, 64), "1m", openAt, closeAt);
    SYMBOLS.slice(0, 64).forEach((_, k) => {
      expect(rowsOf(rest[k])).toEqual(expectedDay(k, 0));
    });
  });

  it("gives the same bars when the thread finds a damaged bar outside the read's range", async () => {
    store.close();
    // The pre-market bar of S0150's first day (bar 0 of its chunk) gets a high below its low.
    editChunk(path, "S0150", 0, (data, count) => data.writeDoubleLE(-1, 2 * count * 8));
    store = BarStore.open(path);
    // S0150's group alone: two slot parts, both filled by the thread before the read asks.
    const symbols = SYMBOLS.slice(128, 192);
    const [from, to] = [SESSIONS[0].openAt, SESSIONS[1].closeAt];
    const without = store.readBarsOfSymbols(symbols, "1m", from, to).map(rowsOf);
    expect(without[150 - 128][0]).toEqual(expectedDay(150, 0)[0]);
    const thread = store.startReadThread()!;
    store.expectRead(symbols, "1m", from, to);
    await until(() => thread.repliesPosted >= 2);
    expect(store.readBarsOfSymbols(symbols, "1m", from, to).map(rowsOf)).toEqual(without);
    // Both parts came from the thread; only the bars in the range are checked (a check of whole
    // chunks, on the thread or here, must leave the read's answer as it is).
    expect(thread.counts.delivered).toBe(1);
  });

  it("gives the read's StoreError for a chunk whose first time is not after the chunk before it", async () => {
    store.close();
    // S0150's second day starts at the first day's last bar (its post-market bar): each chunk is
    // ascending on its own, the two together are not.
    editChunk(path, "S0150", 1, (data) => data.writeDoubleLE(SESSIONS[0].closeAt + 5 * MINUTE, 0));
    store = BarStore.open(path);
    const symbols = SYMBOLS.slice(128, 192);
    const [from, to] = [SESSIONS[0].openAt - 60 * MINUTE, SESSIONS[1].closeAt + 60 * MINUTE];
    // Each chunk is intact on its own: a check of the rows chunk by chunk would pass them.
    await expectSameErrorWithTheThread(store, symbols, from, to, "S0150 1m bars are corrupt (bar ");
  });

  it("gives the read's StoreError for a chunk whose times are garbage, with and without the thread", async () => {
    store.close();
    // S0150's second day: every time NaN, which the range lookups would take for a chunk holding
    // no bar of the range.
    editChunk(path, "S0150", 1, (data, count) => {
      for (let i = 0; i < count; i++) data.writeDoubleLE(Number.NaN, i * 8);
    });
    store = BarStore.open(path);
    const symbols = SYMBOLS.slice(128, 192);
    const [from, to] = [SESSIONS[0].openAt, SESSIONS[2].closeAt];
    await expectSameErrorWithTheThread(
      store,
      symbols,
      from,
      to,
      "S0150 1m bars are corrupt (a chunk's bars run from time NaN to time NaN)",
    );
  });

  it("frees the slots held by reads expected and never asked for when a read waits for the thread", async () => {
    const thread = store.startReadThread({ silenceLimitMs: 10_000 })!;
    const window = (d: number) => [SESSIONS[d].openAt + d * MINUTE, SESSIONS[d].closeAt] as const;
    // Four reads of one group each fill the four slots; the fifth is taken by the thread, which
    // then waits for a slot.
    for (let d = 0; d < 4; d++)
      store.expectRead(SYMBOLS.slice(0, 64), "1m", window(d % 3)[0] + d, window(d % 3)[1]);
    await until(() => thread.repliesPosted >= 4);
    const [from, to] = [SESSIONS[0].openAt, SESSIONS[2].closeAt];
    store.expectRead(SYMBOLS.slice(64, 128), "1m", from, to);
    const read = await readOnceTheThreadWaits(store, thread, from, to);
    SYMBOLS.slice(64, 128).forEach((_, i) => {
      const k = 64 + i;
      expect(rowsOf(read[i])).toEqual([
        ...expectedDay(k, 0),
        [SESSIONS[0].closeAt + 5 * MINUTE, ...barValues(k, 0, 9_999)],
        [SESSIONS[1].openAt - 30 * MINUTE, ...barValues(k, 1, -30)],
        ...expectedDay(k, 1),
        [SESSIONS[1].closeAt + 5 * MINUTE, ...barValues(k, 1, 9_999)],
        [SESSIONS[2].openAt - 30 * MINUTE, ...barValues(k, 2, -30)],
        ...expectedDay(k, 2),
      ]);
    });
    // An evicted read, asked for after all, is stepped here: the same bars.
    const [againFrom, againTo] = [window(1)[0] + 1, window(1)[1]];
    const again = store.readBarsOfSymbols(SYMBOLS.slice(0, 64), "1m", againFrom, againTo);
    SYMBOLS.slice(0, 64).forEach((_, k) => {
      expect(rowsOf(again[k])).toEqual(expectedDay(k, 1).filter(([time]) => time >= againFrom));
    });
    expect(thread.counts.delivered).toBe(1);
  });

  it("holds a read a session ahead in the reserve's slots, the shared ones left to nearer reads", async () => {
    const thread = store.startReadThread()!;
    // Four groups a session ahead and four groups of another day, expected, none read yet: the
    // thread fills eight slots, twice the shared ones (it would stop at four without the reserve).
    expect(SLOT_COUNT).toBe(4);
    expect(RESERVE_SLOT_COUNT).toBeGreaterThanOrEqual(4);
    const ahead = SESSIONS[2];
    const near = SESSIONS[1];
    store.expectRead(SYMBOLS, "1m", ahead.openAt, ahead.closeAt, { sessionAhead: true });
    store.expectRead(SYMBOLS, "1m", near.openAt, near.closeAt);
    await until(() => thread.repliesPosted >= 8);
    const nearRead = store.readBarsOfSymbols(SYMBOLS, "1m", near.openAt, near.closeAt);
    const aheadRead = store.readBarsOfSymbols(SYMBOLS, "1m", ahead.openAt, ahead.closeAt);
    SYMBOLS.forEach((_, k) => {
      expect(rowsOf(nearRead[k])).toEqual(expectedDay(k, 1));
      expect(rowsOf(aheadRead[k])).toEqual(expectedDay(k, 2));
    });
    expect(thread.counts).toEqual({ delivered: 8, readByCaller: 0 });
  });

  it("frees the reserve's slots held by reads never asked for when a read a session ahead waits", async () => {
    const thread = store.startReadThread({ silenceLimitMs: 10_000 })!;
    // Reads a session ahead of one group each fill the reserve; the next one is taken by the
    // thread, which then waits for a slot of the reserve while the shared ones are free.
    for (let d = 0; d < RESERVE_SLOT_COUNT; d++) {
      const session = SESSIONS[d % 3];
      store.expectRead(SYMBOLS.slice(0, 64), "1m", session.openAt + d * MINUTE, session.closeAt, {
        sessionAhead: true,
      });
    }
    await until(() => thread.repliesPosted >= RESERVE_SLOT_COUNT);
    const { openAt, closeAt } = SESSIONS[1];
    store.expectRead(SYMBOLS.slice(64, 128), "1m", openAt, closeAt, { sessionAhead: true });
    const read = await readOnceTheThreadWaits(store, thread, openAt, closeAt);
    SYMBOLS.slice(64, 128).forEach((_, i) => {
      expect(rowsOf(read[i])).toEqual(expectedDay(64 + i, 1));
    });
  });

  it("keeps the jobs outstanding fewer than their state words, however many series a read has", () => {
    const thread = store.startReadThread()!;
    // Series ids with no rows: the statements run, and answer nothing.
    const ids = (count: number, first: number) => Array.from({ length: count }, (_, i) => first + i);
    const [start, to] = [SESSIONS[0].openAt, SESSIONS[0].closeAt];
    const full = thread.expect(ids(MAX_EXPECTED_JOBS * 64, 1_000_000), start, to);
    expect(full).toBeDefined();
    expect(thread.expect(ids(1, 5_000_000), start, to)).toBeUndefined();
    full!.cancel();
    expect(thread.expect(ids(1, 5_000_000), start, to)).toBeDefined();
    // One read of more groups than it may post: the groups beyond are stepped here, and every
    // group is handed over exactly once.
    const groups = MAX_JOBS_PER_READ + 3;
    const stepped = new Set<string>();
    let ended = 0;
    thread.readGroups(
      ids(groups * 64, 7_000_000),
      start + 1,
      to,
      (group) => {
        stepped.add(group);
        return [];
      },
      { add: () => {}, end: () => ended++ },
    );
    expect(ended).toBe(groups);
    for (let g = MAX_JOBS_PER_READ; g < groups; g++) {
      expect(stepped.has(JSON.stringify(ids(64, 7_000_000 + g * 64)))).toBe(true);
    }
  });

  it("loses no day when the thread is stopped with reads posted, and reads on without it", async () => {
    const thread = store.startReadThread()!;
    const feed = new ReplayFeed(store, "1m", { nextSession });
    const delivered = await replay(feed, 3, {
      beforeStart: async (d) => {
        if (d === 1) await thread.stop();
      },
    });
    expectGenerated(delivered, 3);
    expect(thread.isRunning).toBe(false);
  });

  it("stops waiting for a thread that takes reads and never answers", async () => {
    const thread = store.startReadThread({ source: SILENT_SOURCE, silenceLimitMs: 300 })!;
    const feed = new ReplayFeed(store, "1m", { nextSession });
    // The first day's groups expected ahead, and taken by the thread before the drain asks.
    store.expectRead(SYMBOLS, "1m", SESSIONS[0].openAt, SESSIONS[0].closeAt);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    const delivered = await replay(feed, 2);
    expectGenerated(delivered, 2);
    expect(thread.failure?.message).toMatch(/gave no reply in 300 ms/);
    expect(thread.isRunning).toBe(false);
    // One wait of the silence limit, not one per group.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("ends the thread with the store", async () => {
    const thread = store.startReadThread()!;
    expectGenerated(await replay(new ReplayFeed(store, "1m", { nextSession }), 1), 1);
    store.stopReadThread();
    await thread.exited;
    expect(thread.isRunning).toBe(false);
    expect(store.readThread).toBeUndefined();
  });

  it("has closed the thread's connection when closing it returns: the store's last close removes its -wal file", async () => {
    const thread = store.startReadThread()!;
    // A slot filled: the thread has the file open.
    store.expectRead(SYMBOLS, "1m", SESSIONS[0].openAt, SESSIONS[0].closeAt);
    await until(() => thread.repliesPosted >= 1);
    expect(existsSync(`${path}-wal`)).toBe(true);
    // The thread busy with more reads when it is closed; no await between: a process (or the CLI's
    // command thread) may end right after these two.
    store.expectRead(SYMBOLS, "1m", SESSIONS[1].openAt, SESSIONS[2].closeAt);
    store.stopReadThread();
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    expect(thread.failure).toBeUndefined();
    store = BarStore.open(path);
  });

  it("stops a thread that opened the store and does not close it within the wait", async () => {
    const thread = store.startReadThread({ source: NEVER_CLOSING_SOURCE, closeWaitMs: 300 })!;
    await until(() => thread.hasOpened);
    store.stopReadThread();
    expect(thread.failure?.message).toBe("The store read thread did not close its connection in 300 ms");
    await thread.exited;
    expect(thread.isRunning).toBe(false);
  });

  it("ends the thread with the session; none when the config turns it off", async () => {
    store.close();
    const config = (readWorker?: boolean) => ({
      name: "read-thread",
      backtest: {
        start: DATES[0],
        end: DATES[2],
        ...(readWorker === undefined ? {} : { read_worker: readWorker }),
      },
      store: path,
    });
    const shared = BarStore.open(path);
    try {
      const session = createSession(config(), { store: shared, calendar });
      const thread = shared.readThread!;
      expect(thread.isRunning).toBe(true);
      session.close();
      await thread.exited;
      expect(thread.isRunning).toBe(false);
      expect(shared.readThread).toBeUndefined();
      const off = createSession(config(false), { store: shared, calendar });
      expect(shared.readThread).toBeUndefined();
      off.close();
    } finally {
      shared.close();
    }
    store = BarStore.open(path);
  });
});
