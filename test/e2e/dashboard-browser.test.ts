// The dashboard and the report in a real browser (Debian's Chromium through playwright-core), over
// a real backtest (test/helpers/dashboard-fixture.ts): every view loads with no console error; the
// journal browser shows the exact hits of the journal's slots; the symbol view's chart holds the
// store's number of candles and a marker per hit (read from the chart library's API); the live view
// receives a paced daemon replay's rows as they are journaled; off loopback the token is enforced;
// the report opens from file:// with no network request and shows `scanwright results`' figures.
// Screenshots land in test-artifacts/dashboard/.
/// <reference lib="dom" />

import { spawn } from "node:child_process";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../src/config/load-session-config.js";
import { BarStore } from "../../src/data/bar-store.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
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
});

/** Trading days in the store after each fixture day (the store ends on 2024-12-31). */
const FOLLOWING_DAYS: Record<string, number> = { "2024-12-27": 2, "2024-12-30": 1, "2024-12-31": 0 };
