// The daemon started with a vendor feed when the session is under way, and on a day without one,
// against the local Alpaca mock in accelerated time (real SPY and AIG minutes of October 2013):
//   - started at 12:17:20, it backfills the morning from the vendor's REST history and joins the
//     stream with no gap and no duplicate: every slot from then on journals what a backtest of the
//     CSV-imported day journals (a session VWAP over a missing or doubled minute would differ), and
//     the store then holds the day's minutes exactly as a CSV import does;
//   - started on Sunday evening, it sleeps to Monday's session on one connection, asking the vendor
//     nothing while it sleeps, then runs Monday's session.

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
  type LiveDayVendor,
  type LiveRun,
  runLiveDay,
  SESSION,
} from "../helpers/live-day.js";
import { MockAlpaca } from "../helpers/mock-alpaca.js";

const KEY = "midsession-key";
const SECRET = "midsession-secret";
const vendor: LiveDayVendor<MockAlpaca> = {
  startMock: (clock, minuteBars) =>
    MockAlpaca.start({ clock, minuteBars, dailyBars: DAILY, key: KEY, secret: SECRET, leadMs: 45_000 }),
  feed: (mock) => ({ vendor: "alpaca", stream_url: mock.streamUrl, rest_url: mock.restUrl }),
  env: { APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET },
};

/** Every stored minute of SPY on the live day, as `time open high low close volume` lines. */
function storedDay(path: string): string[] {
  const store = BarStore.open(path, { readOnly: true });
  try {
    const bars = store.readBars("SPY", "1m", SESSION.preMarketAt, SESSION.postMarketAt);
    return Array.from(bars.time, (time, i) =>
      [time, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]].join(" "),
    );
  } finally {
    store.close();
  }
}

describe("the daemon started mid-session on the Alpaca feed", () => {
  const startAt = at("12:17") + 20_000;
  let dir: string;
  let live: LiveRun<MockAlpaca>;
  let csvRows: ExportedRow[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-live-midsession-"));
    buildStore(join(dir, "csv.db"), true);
    csvRows = await backtestRows(join(dir, "csv.db"));
    buildStore(join(dir, "live.db"), false);
    live = await runLiveDay(join(dir, "live.db"), vendor, { startAt });
  }, 240_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals from its start what a backtest of the CSV-imported day journals, with the morning backfilled", () => {
    // The regular slots: `pulse` reads the last minute, `vwap` every minute since the open. (`adder`
    // adds AIG at 11:00, before the start: its rows differ by design; a daemon started late sets
    // its scanners up at its start, not at the open, so setup and teardown rows differ too.)
    const fromStart = (rows: ExportedRow[]) =>
      rows.filter((row) => row.scheduledAt >= startAt && row.scanner !== "adder" && row.kind === "regular");
    const expected = fromStart(csvRows);
    expect(
      expected.map((row) => `${row.scanner} ${calendar.formatInstant(row.scheduledAt).slice(11, 16)}`),
    ).toContain("vwap 12:30");
    expect(fromStart(live.rows)).toEqual(expected);
    expect(live.stale).toEqual([]);
    expect(live.stats).toMatchObject({ lateBars: 0, invalidBars: 0 });
    // The morning (09:30 to 12:16, 167 minutes the stream never sent) came from REST.
    expect(live.stats.restBars).toBeGreaterThanOrEqual(167);
  });

  it("leaves the day's minutes in the store exactly as a CSV import of them", () => {
    const csv = storedDay(join(dir, "csv.db")).filter((line) => {
      const time = Number(line.split(" ")[0]);
      return time >= SESSION.openAt && time < SESSION.closeAt;
    });
    expect(csv).toHaveLength(390);
    expect(storedDay(join(dir, "live.db"))).toEqual(csv);
  });
});

describe("the daemon started on a day without a session, on the Alpaca feed", () => {
  const MONDAY = "2013-10-07";
  const sundayEvening = Date.parse("2013-10-07T00:00:00Z"); // Sunday 20:00 New York
  const monday = calendar.requireSession(MONDAY);
  let dir: string;
  let live: LiveRun<MockAlpaca>;
  const seen: Record<string, { rest: number; actions: number }> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-live-sunday-"));
    buildStore(join(dir, "live.db"), false);
    live = await runLiveDay(join(dir, "live.db"), vendor, {
      day: MONDAY,
      startAt: sundayEvening,
      onStart: (timeline, mock) => {
        for (const [name, instant] of [
          ["asleep", sundayEvening + 3_600_000],
          ["waking", monday.preMarketAt - 60_000],
        ] as const) {
          timeline.setTimer(instant, () => {
            seen[name] = { rest: mock.restRequests.length, actions: mock.actions.length };
          });
        }
      },
    });
  }, 240_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("sleeps to Monday's session asking the vendor nothing, on the connection it opened", () => {
    // An hour in and a minute before Monday's pre-market: the one authentication of Sunday evening,
    // no REST request, nothing subscribed yet (the session's symbols are, at its start).
    expect(seen.asleep).toEqual({ rest: 0, actions: 1 });
    expect(seen.waking).toEqual({ rest: 0, actions: 1 });
    expect(live.mock.actions[0]).toMatchObject({ action: "auth" });
    expect(live.logger.messages("info")).toContain("waiting for the next session");
  });

  it("then runs Monday's session, every slot scanned on a complete feed", () => {
    const days = new Set(live.rows.map((row) => row.sessionDate));
    expect([...days]).toEqual([MONDAY]);
    expect(live.rows.filter((row) => row.status === "missed")).toEqual([]);
    // `pulse` every 5 minutes from 09:35 to the close, each seeing the minute that ended at its slot
    // (SPY traded every minute that day).
    const pulse = live.rows.filter((row) => row.scanner === "pulse" && row.kind === "regular");
    expect(pulse.map((row) => row.scheduledAt)).toEqual(
      Array.from({ length: 78 }, (_, index) => monday.openAt + (index + 1) * 300_000),
    );
    expect(pulse.filter((row) => (row.metadata as { end: number }).end !== row.scheduledAt)).toEqual([]);
    expect(live.stale).toEqual([]);
  });
});
