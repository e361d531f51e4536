// The dashboard server over a real backtest's journal and store (test/helpers/dashboard-fixture.ts),
// on 127.0.0.1 port 0: the JSON API answers with the journal's own figures, charts hold the store's
// bars and a marker per hit, bad requests get a typed error and status, nothing but GET and HEAD is
// served, a foreign Host is refused, and the journal file is byte for byte what it was.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/config/load-session-config.js";
import { StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { ExchangeCalendar } from "../../../src/time/exchange-calendar.js";
import { WallClock } from "../../../src/time/wall-clock.js";
import { DashboardServer } from "../../../src/web/dashboard-server.js";
import { DashboardSources } from "../../../src/web/dashboard-sources.js";
import { buildDashboardFixture, type DashboardFixture } from "../../helpers/dashboard-fixture.js";

const fileDigest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("the dashboard server", () => {
  let fixture: DashboardFixture;
  let sources: DashboardSources;
  let server: DashboardServer;
  let journal: ScanJournal;
  let journalDigest: string;
  const clock = new WallClock({ unref: true });
  const calendar = new ExchangeCalendar();
  const serverErrors: unknown[] = [];

  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(new URL(path, server.url), init);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  const getJson = async (path: string) => {
    const answer = await get(path);
    expect(answer.status, answer.body).toBe(200);
    return JSON.parse(answer.body);
  };

  beforeAll(async () => {
    fixture = buildDashboardFixture();
    journalDigest = fileDigest(fixture.journalPath);
    journal = ScanJournal.open(fixture.journalPath, { readOnly: true });
    const loaded = loadSessionConfig(fixture.configPath);
    sources = DashboardSources.open({
      journalPath: fixture.journalPath,
      storePath: fixture.storePath,
      loaded,
    });
    server = await DashboardServer.start({ sources, clock, onError: (error) => serverErrors.push(error) });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    sources?.close();
    journal?.close();
    clock.cancelAll();
    fixture?.dispose();
  });

  it("binds to 127.0.0.1 on the port it was given (0: a free one)", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("lists the runs as the journal holds them", async () => {
    const { runs } = await getJson("/api/runs");
    expect(runs).toEqual([
      {
        id: 1,
        name: "dash",
        mode: "backtest",
        status: "completed",
        startedAt: "2024-12-27T04:00:00-05:00",
        finishedAt: "2024-12-31T16:00:00-05:00",
        rows: journal.runs()[0].rows,
        params: { start: "2024-12-27", end: "2024-12-31", exchange: "XNYS" },
        configHash: journal.runs()[0].configHash,
      },
    ]);
  });

  it("gives a run's summary, days and scanners from the journal", async () => {
    const detail = await getJson("/api/runs/1");
    expect(detail.summary).toEqual(journal.summary(1));
    expect(detail.scanners).toEqual(["breakout-52w", "gap-scanner", "volume-spike"]);
    // The backtest recorded (did not send) volume-spike's alerts, one per channel per slot alerted.
    expect(detail.alerts).toEqual([{ scanner: "volume-spike", pending: 0, sent: 0, failed: 0, recorded: 4 }]);
    const rows = journal.query({ run: 1 });
    expect(detail.days).toEqual(
      ["2024-12-27", "2024-12-30", "2024-12-31"].map((date) => {
        const ofDay = rows.filter((row) => row.sessionDate === date);
        return { date, rows: ofDay.length, hits: ofDay.reduce((sum, row) => sum + row.symbols.length, 0) };
      }),
    );
  });

  it("filters rows by scanner, date and hits, with the journal's exact symbols", async () => {
    const day = journal
      .query({ run: 1, scanner: "volume-spike" })
      .find((row) => row.symbols.length > 0)?.sessionDate;
    if (day === undefined) throw new Error("the fixture backtest has no volume-spike hit");
    const expected = journal
      .query({ run: 1, scanner: "volume-spike", from: day, to: day })
      .filter((row) => row.symbols.length > 0);
    const answer = await getJson(`/api/runs/1/rows?scanner=volume-spike&from=${day}&to=${day}&hits=1`);
    expect(answer.total).toBe(expected.length);
    expect(
      answer.rows.map((row: { scheduledAt: string; symbols: string[] }) => [row.scheduledAt, row.symbols]),
    ).toEqual(expected.map((row) => [calendar.formatInstant(row.scheduledAt), row.symbols]));
  });

  it("draws a hit's 5m chart: the day's bars from the store, the declared 5m indicator, a marker per hit", async () => {
    const hit = journal.query({ run: 1, scanner: "volume-spike" }).find((row) => row.symbols.length > 0);
    if (!hit) throw new Error("the fixture backtest has no volume-spike hit");
    const symbol = hit.symbols[0];
    const at = calendar.formatInstant(hit.scheduledAt);
    const chart = await getJson(
      `/api/chart?symbol=${symbol}&interval=5m&run=1&scanner=volume-spike&at=${encodeURIComponent(at)}`,
    );
    const session = calendar.requireSession(hit.sessionDate);
    const store = BarStore.open(fixture.storePath, { readOnly: true });
    const minutes = store.readBars(symbol, "1m", session.preMarketAt, session.postMarketAt);
    store.close();
    // The demo market has regular-session bars only: 390 minutes, 78 five-minute bars.
    expect(minutes.length).toBe(390);
    expect(chart.bars.length).toBe(78);
    expect(chart.bars[0].slice(1)).toEqual([
      minutes.open[0],
      Math.max(...minutes.high.subarray(0, 5)),
      Math.min(...minutes.low.subarray(0, 5)),
      minutes.close[4],
      minutes.volume.subarray(0, 5).reduce((a, b) => a + b, 0),
    ]);
    const hitsThatDay = journal
      .query({ run: 1, scanner: "volume-spike", symbol, from: hit.sessionDate, to: hit.sessionDate })
      .map((row) => calendar.formatInstant(row.scheduledAt));
    expect(chart.markers.map((marker: { at: string }) => marker.at)).toEqual(hitsThatDay);
    // The marker sits on the bar that had just ended at the slot: the one starting 5 minutes before.
    const first = chart.markers[0];
    const slot = Date.parse(first.at);
    expect(first.chartTime).toBe(Math.round((slot - 5 * 60_000 - 5 * 3_600_000) / 1000));
    expect(chart.lines.map((line: { name: string; pane: string }) => [line.name, line.pane])).toEqual([
      ["rel_volume_20_5m", "own"],
    ]);
    expect(chart.otherIntervals).toEqual([]);
  });

  it("lists a run's alerts with their filters, and says when a run has no stored scores", async () => {
    const recorded = await getJson("/api/runs/1/alerts?status=recorded&scanner=volume-spike");
    const outbox = journal.outbox.list({ run: 1 });
    expect(recorded.total).toBe(4);
    expect(
      recorded.alerts.map((a: { id: number; channel: string; scheduledAt: string; status: string }) => [
        a.id,
        a.channel,
        a.scheduledAt,
        a.status,
      ]),
    ).toEqual(outbox.map((a) => [a.id, a.channel, calendar.formatInstant(a.scheduledAt), "recorded"]));
    expect(recorded.alerts[0].symbols).toEqual(outbox[0].payload.symbols.map((entry) => entry.symbol));
    expect((await getJson("/api/runs/1/alerts?status=sent")).total).toBe(0);
    const day = outbox[0].sessionDate;
    expect((await getJson(`/api/runs/1/alerts?from=${day}&to=${day}`)).total).toBe(
      outbox.filter((a) => a.sessionDate === day).length,
    );
    const bad = await get("/api/runs/1/alerts?status=ok");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toBe(
      'status must be one of pending, sent, failed, recorded, got "ok"',
    );
    expect(await getJson("/api/runs/1/scores")).toEqual({ evaluated: false });
  });

  it("answers bad parameters with a typed error and a 4xx status", async () => {
    const badInterval = await get("/api/chart?symbol=GOBI&interval=2h&at=2024-12-30T10:00:00-05:00");
    expect(badInterval.status).toBe(400);
    expect(JSON.parse(badInterval.body)).toEqual({
      error: { code: "SCN_ERR_REQUEST", message: 'interval must be one of 1m, 5m, 1d, got "2h"' },
    });
    expect((await get("/api/runs/7")).status).toBe(404);
    expect(JSON.parse((await get("/api/runs/7")).body).error.message).toBe("The journal has no run 7");
    expect((await get("/api/runs/1/rows?status=great")).status).toBe(400);
    expect((await get("/api/chart?symbol=NOPE&interval=5m&at=2024-12-30T10:00:00-05:00")).status).toBe(404);
    expect((await get("/api/nothing")).status).toBe(404);
    expect(serverErrors).toEqual([]);
  });

  it("is read-only: other methods get 405, and the journal file is unchanged", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const answer = await get("/api/runs", { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("GET, HEAD");
    }
    expect(() =>
      sources.journal.startRun({ name: "x", mode: "backtest", configHash: "x", startedAt: 0 }),
    ).toThrow(StoreError);
    expect(fileDigest(fixture.journalPath)).toBe(journalDigest);
  });

  it("serves the page with a strict content security policy", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'; script-src 'self'");
    expect(page.body).toContain('<script src="/vendor/lightweight-charts.js" defer></script>');
    const library = await get("/vendor/lightweight-charts.js");
    expect(library.body.startsWith("/*!\n * @license\n * TradingView Lightweight Charts™")).toBe(true);
  });

  it("refuses a Host name that is not loopback (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: "/api/runs",
          headers: { Host: `evil.example:${server.port}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
