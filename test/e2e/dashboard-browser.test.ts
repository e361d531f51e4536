// The dashboard and the report in a real browser (Debian's Chromium through playwright-core), over
// a real backtest (test/helpers/dashboard-fixture.ts): every view loads with no console error; the
// journal browser shows the exact hits of the journal's slots; the symbol view's chart holds the
// store's number of candles and a marker per hit (read from the chart library's API); the live view
// receives a paced daemon replay's rows as they are journaled; off loopback the token is enforced;
// the report opens from file:// with no network request and shows `scanwright results`' figures;
// a run's alerts (per scanner, and live per slot as they are delivered) and its stored scores
// appear in the journal browser and the report; the indicators a setup added are drawn.
// Screenshots land in test-artifacts/dashboard/.
/// <reference lib="dom" />

import { spawn } from "node:child_process";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { share, signed } from "../../src/cli/evaluation-output.js";
import { loadSessionConfig } from "../../src/config/load-session-config.js";
import { BarStore } from "../../src/data/bar-store.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import type { EvaluationReport } from "../../src/scoring/score-report.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { WallClock } from "../../src/time/wall-clock.js";
import { DashboardServer } from "../../src/web/dashboard-server.js";
import { DashboardSources } from "../../src/web/dashboard-sources.js";
import { BUILT_CLI } from "../helpers/built-cli.js";
import {
  BROWSER_WAIT_MS,
  type Browser,
  launchChromium,
  screenshot,
  watchedPage,
} from "../helpers/chromium.js";
import { buildDashboardFixture, cliSync, type DashboardFixture } from "../helpers/dashboard-fixture.js";

const ARTIFACTS = "dashboard";

describe("the dashboard in Chromium", () => {
  let fixture: DashboardFixture;
  let sources: DashboardSources;
  let server: DashboardServer;
  let browser: Browser;
  let journal: ScanJournal;
  const clock = new WallClock({ unref: true });
  const calendar = new ExchangeCalendar();
  const serverErrors: unknown[] = [];

  /** Opens `hash` on a fresh page and waits until the view says it is ready. */
  async function open(hash: string, problems: string[], base = server.url, query = ""): Promise<Page> {
    const page = await watchedPage(browser, problems);
    await page.goto(`${base}${query}${hash}`);
    await page.waitForFunction(
      (expected) => document.getElementById("view")?.dataset.ready === expected,
      hash,
    );
    return page;
  }

  beforeAll(async () => {
    fixture = buildDashboardFixture();
    journal = ScanJournal.open(fixture.journalPath, { readOnly: true });
    sources = DashboardSources.open({
      journalPath: fixture.journalPath,
      storePath: fixture.storePath,
      loaded: loadSessionConfig(fixture.configPath),
    });
    server = await DashboardServer.start({
      sources,
      clock,
      livePollMs: 200,
      onError: (error) => serverErrors.push(error),
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    sources?.close();
    journal?.close();
    clock.cancelAll();
    fixture?.dispose();
    expect(serverErrors).toEqual([]);
  });

  it("loads the runs, the run, the symbol view and the live view with no console error", async () => {
    const problems: string[] = [];
    const hit = journal.query({ run: 1, scanner: "volume-spike" }).find((row) => row.symbols.length > 0);
    if (!hit) throw new Error("the fixture backtest has no volume-spike hit");
    const at = encodeURIComponent(calendar.formatInstant(hit.scheduledAt));
    const views: Array<[string, string]> = [
      ["runs", "#/"],
      ["run", "#/run/1"],
      ["run-filtered", `#/run/1?scanner=volume-spike&hits=1`],
      ["symbol-5m", `#/symbol/${hit.symbols[0]}?run=1&at=${at}&scanner=volume-spike&interval=5m`],
      ["symbol-1d", `#/symbol/${hit.symbols[0]}?run=1&at=${at}&interval=1d`],
      ["live", "#/live"],
    ];
    for (const [name, hash] of views) {
      const page = await open(hash, problems);
      expect(await page.locator("#problem").count(), name).toBe(0);
      await screenshot(page, ARTIFACTS, name);
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it("shows the journal's exact hits of the slots of a day, with links to the symbol view", async () => {
    const problems: string[] = [];
    const day = journal.query({ run: 1 }).find((row) => row.symbols.length > 0)?.sessionDate ?? "";
    const expected = journal
      .query({ run: 1, from: day, to: day })
      .filter((row) => row.symbols.length > 0)
      .map((row) => [calendar.formatInstant(row.scheduledAt), row.scanner, row.symbols.join(" ")]);
    expect(expected.length).toBeGreaterThan(0);
    const page = await open(`#/run/1?date=${day}&hits=1`, problems);
    const shown = await page.$$eval("#rows tbody tr", (rows) =>
      rows.map((row) => [
        row.getAttribute("data-slot"),
        row.getAttribute("data-scanner"),
        [...row.querySelectorAll("td.hits a")].map((a) => a.textContent).join(" "),
      ]),
    );
    expect(shown).toEqual(expected);
    expect(await page.textContent("#row-count")).toBe(`${expected.length} rows match date=${day} hits=1`);
    // The summary table is the run's, scanner by scanner.
    const summary = await page.$$eval("#summary tbody tr", (rows) =>
      rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent)),
    );
    expect(summary).toEqual(
      journal
        .summary(1)
        .map((s) => [
          s.scanner,
          ...[s.days, s.scans, s.errors, s.timeouts, s.skipped, s.hits, s.distinctSymbols].map(String),
          s.topSymbols.map((t) => `${t.symbol}×${t.count}`).join(" "),
        ]),
    );
    // A hit's symbol links to its chart.
    const [, , symbols] = expected[0];
    await page.locator("#rows tbody tr td.hits a").first().click();
    await page.waitForFunction(() => document.getElementById("view")?.dataset.ready?.startsWith("#/symbol/"));
    expect(await page.textContent("h1")).toBe(`${symbols.split(" ")[0]} on 5m, ${day}`);
    expect(problems).toEqual([]);
  });

  it("draws the store's candles and one marker per hit, on 1m, 5m and 1d, with the hit's place among the run's hits", async () => {
    const problems: string[] = [];
    const hit = journal.query({ run: 1, scanner: "breakout-52w" }).find((row) => row.symbols.length > 0);
    if (!hit) throw new Error("the fixture backtest has no breakout-52w hit");
    const symbol = hit.symbols[0];
    const at = encodeURIComponent(calendar.formatInstant(hit.scheduledAt));
    const hitsThatDay = journal.query({
      run: 1,
      scanner: "breakout-52w",
      symbol,
      from: hit.sessionDate,
      to: hit.sessionDate,
    });
    const chartCounts = (page: Page) =>
      page.evaluate(() => {
        const charts = (
          window as unknown as {
            scanwrightCharts: Array<{ candles: { data(): unknown[] }; markers: { markers(): unknown[] } }>;
          }
        ).scanwrightCharts;
        return charts.map((chart) => [chart.candles.data().length, chart.markers.markers().length]);
      });

    const oneMinute = await open(
      `#/symbol/${symbol}?run=1&at=${at}&scanner=breakout-52w&interval=1m`,
      problems,
    );
    expect(await chartCounts(oneMinute)).toEqual([[390, hitsThatDay.length]]);
    // The run's hits of the symbol, and where this one is among them.
    const allHits = journal.query({ run: 1, scanner: "breakout-52w", symbol });
    expect(await oneMinute.textContent("#hit-nav")).toBe(
      `Hit 1 of ${allHits.length} (breakout-52w at ${hit.sessionDate} ${calendar.formatInstant(hit.scheduledAt).slice(11, 16)}): ← previous · next →`,
    );
    await oneMinute.close();

    const fiveMinutes = await open(
      `#/symbol/${symbol}?run=1&at=${at}&scanner=breakout-52w&interval=5m`,
      problems,
    );
    // 390 regular-session minutes of the demo market make 78 five-minute candles.
    expect(await chartCounts(fiveMinutes)).toEqual([[78, hitsThatDay.length]]);
    await fiveMinutes.close();

    const daily = await open(`#/symbol/${symbol}?run=1&at=${at}&scanner=breakout-52w&interval=1d`, problems);
    const first = calendar.requireSession(calendar.previousTradingDay(hit.sessionDate, 120));
    const store = BarStore.open(fixture.storePath, { readOnly: true });
    const dailyBars = store.readBars(
      symbol,
      "1d",
      first.preMarketAt,
      calendar.requireSession(hit.sessionDate).postMarketAt + 40 * 86_400_000,
    );
    store.close();
    // 120 sessions before the hit's day, the day, and the days after it that the store has (through 2024-12-31).
    expect(dailyBars.length).toBe(121 + FOLLOWING_DAYS[hit.sessionDate]);
    expect(await chartCounts(daily)).toEqual([[dailyBars.length, hitsThatDay.length]]);
    const caption = await daily.textContent("#chart-caption");
    expect(caption).toBe(
      `${dailyBars.length} bars, ${hitsThatDay.length} hits marked, indicators: high_low_252_1d.high, high_low_252_1d.low, avg_volume_20_1d`,
    );
    await daily.close();
    expect(problems).toEqual([]);
  });

  it("receives a paced daemon replay's rows in the live view as they are journaled", async () => {
    const problems: string[] = [];
    const page = await open("#/live", problems);
    await page.waitForFunction(() => document.getElementById("live-run")?.dataset.run === "1");
    const daemon = spawn(
      process.execPath,
      [
        BUILT_CLI,
        "daemon",
        "dash.yaml",
        "--replay-from",
        "2024-12-31T15:00",
        "--speed",
        "300",
        "--days",
        "1",
        "--log-level",
        "warn",
      ],
      { cwd: fixture.dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let daemonOutput = "";
    daemon.stdout.on("data", (chunk: Buffer) => {
      daemonOutput += chunk.toString();
    });
    daemon.stderr.on("data", (chunk: Buffer) => {
      daemonOutput += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => daemon.on("close", resolve));
    try {
      // While the replay runs, the page already shows run 2 running with some of its rows.
      await page.waitForFunction(
        () => {
          const run = document.getElementById("live-run");
          return (
            run?.dataset.run === "2" &&
            run.dataset.status === "running" &&
            document.querySelectorAll("#live-rows tbody tr").length > 0
          );
        },
        undefined,
        { timeout: 60_000 },
      );
      const whileRunning = await page.locator("#live-rows tbody tr").count();
      await screenshot(page, ARTIFACTS, "live-running");
      expect(await exited, daemonOutput).toBe(0);
      const rows = journal.query({ run: 2 });
      expect(whileRunning).toBeLessThan(rows.length);
      await page.waitForFunction(
        (count) =>
          document.getElementById("live-run")?.dataset.status === "completed" &&
          document.querySelectorAll("#live-rows tbody tr").length === count,
        rows.length,
        { timeout: BROWSER_WAIT_MS },
      );
      const shown = await page.$$eval("#live-rows tbody tr", (trs) =>
        trs.map(
          (tr) =>
            `${tr.getAttribute("data-slot")} ${tr.getAttribute("data-scanner")} ${tr.getAttribute("data-kind")} ${tr.querySelectorAll("td")[4].textContent}`,
        ),
      );
      // Newest first on the page; the journal's order reversed.
      expect(shown).toEqual(
        rows
          .map((row) => `${calendar.formatInstant(row.scheduledAt)} ${row.scanner} ${row.kind} ${row.status}`)
          .reverse(),
      );
      expect(rows.filter((row) => row.status === "missed").length).toBeGreaterThan(0);
      // The scanners' panel counts the day's scans, hits and failures as the summary does.
      const panel = await page.$$eval("#live-scanners tbody tr", (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent)),
      );
      const summary = journal.summary(2);
      expect(panel.sort()).toEqual(
        summary
          .map((s) => [s.scanner, String(s.scans), String(s.hits), String(s.errors + s.timeouts)])
          .sort(),
      );
      await screenshot(page, ARTIFACTS, "live-completed");
    } finally {
      if (daemon.exitCode === null) daemon.kill("SIGTERM");
      await exited;
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("enforces the access token off loopback (bound to 127.0.0.2, reached on it)", async () => {
    const token = "fedcba9876543210fedcba9876543210";
    const guarded = await DashboardServer.start({
      sources,
      host: "127.0.0.2",
      token,
      clock,
      onError: () => {},
    });
    try {
      const problems: string[] = [];
      const refused = await watchedPage(browser, problems);
      const response = await refused.goto(guarded.url);
      expect(response?.status()).toBe(401);
      await refused.close();
      // With ?token= once, the page and its API calls (by the cookie it set) get through, and the
      // token leaves the address bar.
      const problems2: string[] = [];
      const page = await open("#/run/1", problems2, guarded.url, `?token=${token}`);
      expect(page.url()).toBe(`${guarded.url}#/run/1`);
      expect(await page.locator("#summary tbody tr").count()).toBe(journal.summary(1).length);
      expect(problems2).toEqual([]);
      await page.close();
    } finally {
      await guarded.close();
    }
  });

  it("opens the report from file:// with no network request, showing `scanwright results`' figures", async () => {
    const made = cliSync(fixture.dir, "report", "1", "--config", "dash.yaml", "-o", "report.html");
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stdout).toMatch(
      /^Report of run 1 "dash" written to .*report\.html \(\d+ kB, \d+ charts of \d+ \(scanner, symbol, day\) with hits\)\n$/,
    );
    const results = cliSync(fixture.dir, "results", "--run", "1", "--journal", "journal.db");
    expect(results.exitCode, results.stderr).toBe(0);
    const summaryLines = results.stdout.split("\n\n")[1].trim().split("\n").slice(1);
    const cliSummary = summaryLines.map((line) => line.trim().split(/\s+/));

    const problems: string[] = [];
    const page = await watchedPage(browser, problems);
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const url = `file://${fixture.dir}/report.html`;
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById("view")?.dataset.ready === "report");
    const reportSummary = await page.$$eval("#summary tbody tr", (rows) =>
      rows.map((row) =>
        [...row.querySelectorAll("td")].flatMap((cell) =>
          (cell.textContent ?? "").split(" ").filter(Boolean),
        ),
      ),
    );
    expect(reportSummary).toEqual(cliSummary);
    const sampling = await page.textContent("#sampling");
    // Charts are drawn as they scroll into view: scroll to each, then count what the library drew.
    const sections = page.locator(".report-chart");
    for (let i = 0; i < (await sections.count()); i++) await sections.nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (count) => (window as unknown as { scanwrightCharts: unknown[] }).scanwrightCharts.length === count,
      await sections.count(),
    );
    const chartCount = await page.evaluate(
      () => (window as unknown as { scanwrightCharts: unknown[] }).scanwrightCharts.length,
    );
    const groups = new Set(
      journal
        .query({ run: 1 })
        .filter((row) => row.kind !== "setup" && row.kind !== "teardown")
        .flatMap((row) => row.symbols.map((symbol) => `${row.scanner}|${symbol}|${row.sessionDate}`)),
    );
    expect(chartCount).toBe(Math.min(24, groups.size));
    expect(sampling).toContain(`on ${groups.size} distinct (scanner, symbol, day)`);
    await screenshot(page, ARTIFACTS, "report");
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a run's alerts, then (once evaluated) its forward-return scores, in the journal browser and the report", async () => {
    const problems: string[] = [];
    const alertRows = (page: Page) =>
      page.$$eval("#alerts tbody tr", (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
    const expectedAlerts = journal.outbox
      .counts(1)
      .map((c) => [c.scanner, String(c.sent), String(c.pending), String(c.failed), String(c.recorded)]);
    // The backtest only recorded volume-spike's alerts: one per channel at each slot with a new symbol.
    expect(expectedAlerts).toEqual([["volume-spike", "0", "0", "0", "4"]]);
    const before = await open("#/run/1", problems);
    expect(await alertRows(before)).toEqual(expectedAlerts);
    expect(await before.textContent("#scores")).toBe(
      "Not evaluated: no forward-return scores are stored for this run (scanwright evaluate CONFIG --run ID stores them).",
    );
    await before.close();

    const evaluated = cliSync(fixture.dir, "evaluate", "dash.yaml", "--run", "1", "--json");
    expect(evaluated.exitCode, evaluated.stderr).toBe(0);
    const report = JSON.parse(evaluated.stdout) as EvaluationReport;
    const expectedScores = report.rows
      .filter((row) => row.group === "all")
      .map((row) => [
        row.scanner,
        row.horizon,
        String(row.hits),
        String(row.nulls),
        signed(row.meanReturn),
        share(row.hitRate),
        signed(row.baselineMean),
        signed(row.edge),
        row.edgeLow === null || row.edgeHigh === null
          ? "-"
          : `[${signed(row.edgeLow)}, ${signed(row.edgeHigh)}]`,
      ]);
    // Every scanner with hits, at each default horizon.
    expect(expectedScores.length).toBe(report.scanners.length * report.horizons.length);
    expect(expectedScores.some((row) => row[7] !== "-")).toBe(true);
    const scoreRows = (page: Page) =>
      page.$$eval("#scores tbody tr", (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
    const after = await open("#/run/1", problems);
    expect(await scoreRows(after)).toEqual(expectedScores);
    expect(await after.textContent("#scores-definition")).toContain(`Entry ${report.entryRule} (`);
    await screenshot(after, ARTIFACTS, "run-scored");
    await after.close();

    const made = cliSync(fixture.dir, "report", "1", "--config", "dash.yaml", "-o", "scored.html");
    expect(made.exitCode, made.stderr).toBe(0);
    const page = await watchedPage(browser, problems);
    await page.goto(`file://${fixture.dir}/scored.html`);
    await page.waitForFunction(() => document.getElementById("view")?.dataset.ready === "report");
    expect(await alertRows(page)).toEqual(expectedAlerts);
    expect(await scoreRows(page)).toEqual(expectedScores);
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it("draws the indicators a scanner's setup added itself, as its setup row records them", async () => {
    const problems: string[] = [];
    const setup = journal.query({ run: 1, scanner: "gap-scanner", kind: "setup" })[0];
    expect(setup.metadata).toEqual({
      universe: 20,
      dropped: [],
      adhocIndicators: [{ type: "avg_volume", period: 20, interval: "1d", symbols: 20 }],
    });
    const hit = journal.query({ run: 1, scanner: "gap-scanner" }).find((row) => row.symbols.length > 0);
    if (!hit) throw new Error("the fixture backtest has no gap-scanner hit");
    const symbol = hit.symbols[0];
    const at = encodeURIComponent(calendar.formatInstant(hit.scheduledAt));
    // The config declares no indicator for gap-scanner: what is drawn is what its setup added.
    const page = await open(`#/symbol/${symbol}?run=1&at=${at}&scanner=gap-scanner&interval=1d`, problems);
    const drawn = await page.evaluate(() => {
      const [chart] = (
        window as unknown as {
          scanwrightCharts: Array<{
            candles: { data(): Array<{ time: number }> };
            lines: Array<{ name: string; series: { data(): Array<{ time: number; value: number }> } }>;
          }>;
        }
      ).scanwrightCharts;
      return {
        candles: chart.candles.data().length,
        lines: chart.lines.map((line) => ({ name: line.name, points: line.series.data() })),
      };
    });
    expect(drawn.lines.map((line) => line.name)).toEqual(["avg_volume_20_1d"]);
    // A value on every daily candle (the store's history warms it), and on the hit's day the mean
    // volume of the 20 daily bars ending that day, read from the store here.
    expect(drawn.lines[0].points.length).toBe(drawn.candles);
    const store = BarStore.open(fixture.storePath, { readOnly: true });
    const dayOpen = calendar.requireSession(hit.sessionDate).openAt;
    const last20 = store.readLastBars(symbol, "1d", dayOpen + 1, 20);
    store.close();
    expect(last20.length).toBe(20);
    let volume = 0;
    for (let i = 0; i < 20; i++) volume += last20.volume[i];
    const dayPoint = drawn.lines[0].points.find(
      (point) => point.time === Math.round((last20.time[19] + calendar.offsetAt(last20.time[19])) / 1000),
    );
    expect(dayPoint?.value).toBeCloseTo(volume / 20, 6);
    expect(await page.textContent("#chart-caption")).toBe(
      `${drawn.candles} bars, ${journal.query({ run: 1, scanner: "gap-scanner", symbol }).length} hits marked, indicators: avg_volume_20_1d`,
    );
    await screenshot(page, ARTIFACTS, "symbol-adhoc");
    await page.close();
    expect(problems).toEqual([]);
  });

  it("shows a live run's alerts per scanner and per slot as the daemon delivers them", async () => {
    const problems: string[] = [];
    const runId = journal.runs().length + 1;
    const page = await open("#/live", problems);
    const daemon = spawn(
      process.execPath,
      [
        BUILT_CLI,
        "daemon",
        "dash.yaml",
        "--replay-from",
        "2024-12-30T09:32",
        "--speed",
        "2000",
        "--days",
        "1",
        "--log-level",
        "warn",
      ],
      { cwd: fixture.dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let daemonOutput = "";
    daemon.stdout.on("data", (chunk: Buffer) => {
      daemonOutput += chunk.toString();
    });
    daemon.stderr.on("data", (chunk: Buffer) => {
      daemonOutput += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => daemon.on("close", resolve));
    try {
      expect(await exited, daemonOutput).toBe(0);
      const alerts = journal.outbox.list({ run: runId });
      // volume-spike's new symbols at 09:35: one alert per channel, the desk's sent, the broken one failed.
      expect(
        alerts.map((a) => [a.scanner, calendar.formatInstant(a.scheduledAt), a.channel, a.status]),
      ).toEqual([
        ["volume-spike", "2024-12-30T09:35:00-05:00", "desk", "sent"],
        ["volume-spike", "2024-12-30T09:35:00-05:00", "broken", "failed"],
      ]);
      const rowCount = journal.query({ run: runId }).length;
      await page.waitForFunction(
        ({ run, count }) =>
          document.getElementById("live-run")?.dataset.run === String(run) &&
          document.getElementById("live-run")?.dataset.status === "completed" &&
          document.querySelectorAll("#live-rows tbody tr").length === count &&
          document.querySelector('#live-scanners tr[data-scanner="volume-spike"] td[data-alerts="failed"]')
            ?.textContent === "1",
        { run: runId, count: rowCount },
        { timeout: BROWSER_WAIT_MS },
      );
      const panel = await page.$$eval("#live-scanners tbody tr", (trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-scanner"),
          ...[...tr.querySelectorAll("td[data-alerts]")].map((td) => td.textContent),
        ]),
      );
      expect(panel.sort()).toEqual([
        ["breakout-52w", "0", "0", "0"],
        ["gap-scanner", "0", "0", "0"],
        ["volume-spike", "1", "0", "1"],
      ]);
      const slotsWithAlerts = await page.$$eval("#live-rows tbody tr", (trs) =>
        trs
          .filter((tr) => tr.querySelector("td.alerts")?.textContent)
          .map((tr) => [
            tr.getAttribute("data-slot"),
            tr.getAttribute("data-scanner"),
            tr.querySelector("td.alerts")?.textContent,
          ]),
      );
      expect(slotsWithAlerts).toEqual([
        ["2024-12-30T09:35:00-05:00", "volume-spike", "desk sent, broken failed"],
      ]);
      // The JSON API gives the same, alert by alert.
      const answer = await page.evaluate(async (run) => {
        const response = await fetch(`/api/runs/${run}/alerts?status=failed`);
        return response.json();
      }, runId);
      expect(answer.total).toBe(1);
      expect(answer.alerts[0]).toMatchObject({
        run: runId,
        scanner: "volume-spike",
        channel: "broken",
        status: "failed",
        attempts: 1,
        scheduledAt: "2024-12-30T09:35:00-05:00",
        sentAt: null,
        symbols: ["GOBI", "SIF", "MOWU"],
      });
      await screenshot(page, ARTIFACTS, "live-alerts");
    } finally {
      if (daemon.exitCode === null) daemon.kill("SIGTERM");
      await exited;
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);
});

/** Trading days in the store after each fixture day (the store ends on 2024-12-31). */
const FOLLOWING_DAYS: Record<string, number> = { "2024-12-27": 2, "2024-12-30": 1, "2024-12-31": 0 };
