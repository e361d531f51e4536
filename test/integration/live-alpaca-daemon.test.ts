// The daemon on an Alpaca feed, end to end against the local mock (test/helpers/mock-alpaca.ts) over
// a full session of real SPY and AIG minutes (2013-10-10), in accelerated time: the journal equals
// a backtest of the same bars imported from CSV; the day received is in the store, and a backtest
// of the stored day gives the same rows; a run under chaos (connections dropped, frames
// duplicated, late and re-sent out of order, REST answering 429 and 503, a stalled connection)
// journals exactly what the clean run does. A scanner adds AIG mid-session and removes it later:
// the live connection follows.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BarStore } from "../../src/data/bar-store.js";
import type { ExportedRow } from "../../src/scanners/journal-types.js";
import {
  at,
  backtestRows,
  buildStore,
  calendar,
  DAILY,
  LIVE_DAY,
  type LiveRun,
  minuteBarsOf,
  runLiveDay,
  SESSION,
} from "../helpers/live-day.js";
import { MockAlpaca, type MockAlpacaChaos } from "../helpers/mock-alpaca.js";

const KEY = "test-key-id";
const SECRET = "test-secret-key";

/** The daemon over the live day on the Alpaca mock (with `chaos`, if given). */
function liveRun(storePath: string, chaos?: MockAlpacaChaos): Promise<LiveRun<MockAlpaca>> {
  return runLiveDay(storePath, {
    startMock: (clock, minuteBars) =>
      MockAlpaca.start({
        clock,
        minuteBars,
        dailyBars: DAILY,
        key: KEY,
        secret: SECRET,
        leadMs: 45_000,
        ...(chaos ? { chaos } : {}),
      }),
    feed: (mock) => ({ vendor: "alpaca", stream_url: mock.streamUrl, rest_url: mock.restUrl }),
    env: { APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET },
  });
}

describe("the daemon on the Alpaca feed (local mock, real minutes of 2013-10-10)", () => {
  let dir: string;
  let csvRows: ExportedRow[];
  let clean: LiveRun<MockAlpaca>;
  const cleanStore = (): string => join(dir, "clean.db");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-live-alpaca-"));
    buildStore(join(dir, "csv.db"), true);
    csvRows = await backtestRows(join(dir, "csv.db"));
    buildStore(cleanStore(), false);
    clean = await liveRun(cleanStore());
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals what a backtest of the same bars imported from CSV journals, row for row", () => {
    expect(clean.rows.length).toBe(csvRows.length);
    expect(clean.rows).toEqual(csvRows);
    const adder = clean.rows.filter((row) => row.scanner === "adder" && row.kind === "regular");
    // AIG joined at 11:00 with the 90 minutes since the open, and streamed until its removal at 14:00.
    expect(adder.map((row) => (row.metadata as { bars: number }).bars)).toEqual([
      90, 120, 150, 180, 210, 240, 270, 0, 0,
    ]);
    expect(clean.stats).toMatchObject({ lateBars: 0, invalidBars: 0 });
    expect(clean.stale).toEqual([]);
    expect(clean.stats.reconnects).toBe(clean.mock.connectionCount - 1);
  });

  it("subscribes and unsubscribes on the live connection as the session adds and removes symbols", () => {
    // Each connection authenticates, then subscribes what the session streams at that moment; in
    // the session, AIG is subscribed when the 11:00 scan adds it and unsubscribed at its removal.
    // (A loaded machine may stall the accelerated clock long enough for a reconnect: its
    // re-subscription then lists the symbols of that moment.)
    const subscriptions = clean.mock.actions.map((action) =>
      action.action === "auth" ? "auth" : `${action.action} ${(action.bars as string[]).join(",")}`,
    );
    const removal = subscriptions.indexOf("unsubscribe AIG");
    const added = subscriptions.indexOf("subscribe AIG");
    expect(subscriptions.slice(0, 2)).toEqual(["auth", "subscribe SPY"]);
    expect(added).toBeGreaterThan(1);
    expect(removal).toBeGreaterThan(added);
    expect(subscriptions.filter((action) => action.startsWith("unsubscribe"))).toEqual(["unsubscribe AIG"]);
    expect(subscriptions.slice(removal + 1).filter((action) => action.includes("AIG"))).toEqual([]);
    expect(
      subscriptions
        .slice(added + 1, removal)
        .every((action) => action === "auth" || action === "subscribe SPY,AIG"),
    ).toBe(true);
    expect(subscriptions.filter((action) => action === "auth")).toHaveLength(clean.mock.connectionCount);
    // AIG's morning came over REST before the 11:00 scan read it; the minute its subscription was
    // confirmed in came over REST too (the stream may have sent it before the confirmation), alone
    // or with SPY's minute when a loaded machine made that one miss its wait.
    expect(
      clean.mock.restRequests
        .map((request) => new URL(request.url, "http://127.0.0.1").searchParams)
        .filter(
          (query) => query.get("timeframe") === "1Min" && query.get("symbols")!.split(",").includes("AIG"),
        )
        .map((query) => query.get("start"))
        .slice(0, 2),
    ).toEqual(["2013-10-10T13:30:00.000Z", "2013-10-10T15:00:00.000Z"]);
  });

  it("fetched the daily history the session needed into the store: SPY's SMA(20) window, AIG's SMA(5) when added", () => {
    const store = BarStore.open(cleanStore(), { readOnly: true });
    try {
      const days = (symbol: string) =>
        Array.from(store.readBars(symbol, "1d", 0, SESSION.openAt).time, (time) => calendar.dateOf(time));
      // Twice the bars each SMA needs (warmup_multiplier 2), ending with the last session before the day.
      expect(days("SPY")).toHaveLength(40);
      expect(days("SPY").at(-1)).toBe("2013-10-09");
      expect(days("AIG")).toHaveLength(10);
      expect(days("AIG")).toEqual(
        DAILY.get("AIG")!
          .filter((bar) => bar.date < LIVE_DAY)
          .slice(-10)
          .map((bar) => bar.date),
      );
    } finally {
      store.close();
    }
    const sma = clean.rows.find((row) => row.scanner === "adder" && row.kind === "regular")?.metadata as {
      sma: number;
    };
    const closes = DAILY.get("AIG")!
      .filter((bar) => bar.date < LIVE_DAY)
      .slice(-5)
      .map((bar) => bar.close);
    expect(sma.sma).toBeCloseTo(closes.reduce((sum, close) => sum + close, 0) / 5, 10);
  });

  it("stores the day received live; a backtest of the stored day journals the same rows", async () => {
    const store = BarStore.open(cleanStore(), { readOnly: true });
    try {
      const spy = store.readBars("SPY", "1m", SESSION.openAt, SESSION.closeAt);
      const expected = minuteBarsOf(LIVE_DAY)
        .get("SPY")!
        .filter((bar) => bar.time >= SESSION.openAt && bar.time < SESSION.closeAt);
      expect(spy.length).toBe(expected.length);
      expect(Array.from(spy.close)).toEqual(expected.map((bar) => bar.close));
      expect(Array.from(spy.time)).toEqual(expected.map((bar) => bar.time));
    } finally {
      store.close();
    }
    expect(await backtestRows(cleanStore())).toEqual(clean.rows);
  });

  it("journals exactly the clean run's rows through drops, duplicates, late and re-sent frames, 429/503 and a stall", async () => {
    const path = join(dir, "chaos.db");
    buildStore(path, false);
    const chaos = await liveRun(path, {
      dropAt: [at("10:07"), at("11:41"), at("13:02")],
      duplicate: true,
      resendOlder: true,
      lateMs: 3_000,
      stallAt: at("14:31"),
      restFailures: 3,
    });
    expect(chaos.rows).toEqual(clean.rows);
    // Every minute the stream missed came over REST in time: no slot ran on stale data.
    expect(chaos.stale).toEqual([]);
    // The first, three after the drops, one after the stall (more if a loaded machine stalls the clock).
    expect(chaos.mock.connectionCount).toBeGreaterThanOrEqual(5);
    expect(chaos.stats.duplicateBars).toBeGreaterThan(300);
    expect(chaos.stats.lateBars).toBeGreaterThan(300);
    expect(chaos.stats.restBars).toBeGreaterThan(0);
    expect(chaos.mock.restRequests.map((request) => request.status).slice(0, 4)).toEqual([
      429, 503, 429, 200,
    ]);
    expect(chaos.logger.messages("warn")).toContain("alpaca feed: the stream is silent, reconnecting");
  }, 120_000);

  it("marks the slot scanned while missed minutes cannot be fetched, and catches up in order after", async () => {
    const path = join(dir, "outage.db");
    buildStore(path, false);
    // REST refuses (503) every attempt of the first backfill holding 10:07 (six, all the client makes).
    const outage = await liveRun(path, {
      dropAt: [at("10:07")],
      restRefuse: { minute: at("10:07"), times: 6 },
    });
    expect(outage.stale).toEqual(["10:10"]);
    const slot = at("10:10");
    const pulse = outage.rows.find((row) => row.scanner === "pulse" && row.scheduledAt === slot);
    // The 10:10 scan saw the minutes up to the drop (the last ending at 10:07), none after it.
    expect(pulse?.metadata).toMatchObject({ end: at("10:07") });
    // From the next slot on, the day is whole again: every other row is the clean run's.
    const others = (rows: readonly ExportedRow[]) => rows.filter((row) => row.scheduledAt !== slot);
    expect(others(outage.rows)).toEqual(others(clean.rows));
    expect(outage.logger.messages("warn")).toContain(
      "alpaca feed: stale, scans run without the minutes since",
    );
  }, 120_000);
});
