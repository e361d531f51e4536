// The daemon on a Massive feed (formerly Polygon.io), end to end against the local mock
// (test/helpers/mock-massive.ts) over the full session of real SPY and AIG minutes of 2013-10-10 in
// accelerated time: per-minute aggregates (`AM.*`) on the stream, history and backfills from the
// aggregates endpoint (next_url pages, a 429 waited out). The journal equals a backtest of the
// same bars imported from CSV; AIG is subscribed when a scanner adds it and unsubscribed when it
// removes it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backtestRows, buildStore, DAILY, type LiveRun, runLiveDay } from "../helpers/live-day.js";
import { MockMassive } from "../helpers/mock-massive.js";

const KEY = "massive-test-key";

describe("the daemon on the Massive feed (local mock, real minutes of 2013-10-10)", () => {
  let dir: string;
  let live: LiveRun<MockMassive>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-live-massive-"));
    buildStore(join(dir, "live.db"), false);
    live = await runLiveDay(join(dir, "live.db"), {
      startMock: (clock, minuteBars) =>
        MockMassive.start({ clock, minuteBars, dailyBars: DAILY, key: KEY, leadMs: 45_000, rest429: 1 }),
      feed: (mock) => ({ vendor: "massive", stream_url: mock.streamUrl, rest_url: mock.restUrl }),
      env: { MASSIVE_API_KEY: KEY },
    });
  }, 120_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals what a backtest of the same bars imported from CSV journals, row for row", async () => {
    buildStore(join(dir, "csv.db"), true);
    const csvRows = await backtestRows(join(dir, "csv.db"));
    expect(live.rows.length).toBe(csvRows.length);
    expect(live.rows).toEqual(csvRows);
    expect(live.stale).toEqual([]);
    expect(live.stats).toMatchObject({ lateBars: 0, invalidBars: 0 });
  });

  it("speaks Massive's protocol: the key in the auth action only, AM channels followed as the session adds and removes AIG", () => {
    const actions = live.mock.actions.map((action) => `${action.action} ${action.params}`);
    expect(actions.slice(0, 2)).toEqual(["auth …", "subscribe AM.SPY"]);
    expect(actions).toContain("subscribe AM.AIG");
    expect(actions.filter((action) => action.startsWith("unsubscribe"))).toEqual(["unsubscribe AM.AIG"]);
    // The daily history came from the aggregates endpoint, the first answer a 429 waited out.
    const daily = live.mock.restRequests.filter((request) => request.path.includes("/range/1/day/"));
    expect(daily.map((request) => request.status).slice(0, 2)).toEqual([429, 200]);
    expect(live.mock.restRequests.every((request) => !request.path.includes(KEY))).toBe(true);
  });
});
