// Times and dates of reading commands on the exchange's own clock: `bars` and `store info` on the
// exchange given (--exchange), `results` on the exchange a run recorded; each names the zone. A
// London store (08:00 opens, GMT in December) and CME futures daily bars (a session's date is the
// day it closes; it opens at 17:00 Chicago the evening before) make the difference visible.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBarsCommand } from "../../../src/cli/commands/bars.js";
import { registerResultsCommand } from "../../../src/cli/commands/results.js";
import { registerStoreCommand } from "../../../src/cli/commands/store.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { importCsvFile } from "../../../src/data/csv-import.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { calendarOf } from "../../../src/time/markets/index.js";
import { runCaptured } from "../../helpers/cli-capture.js";

const commands = [registerBarsCommand, registerStoreCommand, registerResultsCommand];

describe("times on the exchange's clock", () => {
  let dir: string;
  let store: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-exchange-times-"));
    store = join(dir, "bars.db");
    const daily =
      "date,open,high,low,close,volume\n2024-12-02,10,11,9,10.5,100\n2024-12-03,10.5,12,10,11,200\n";
    writeFileSync(join(dir, "VOD.csv"), daily);
    writeFileSync(join(dir, "ES.csv"), daily);
    const opened = BarStore.open(store);
    importCsvFile(opened, join(dir, "VOD.csv"), { interval: "1d", days: calendarOf("XLON") });
    importCsvFile(opened, join(dir, "ES.csv"), { interval: "1d", days: calendarOf("CMES") });
    opened.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("bars: a London daily bar at 08:00 London, the zone in the time column", async () => {
    const result = await runCaptured(
      ["bars", "VOD", "--exchange", "XLON", "--from", "2024-12-02", "--to", "2024-12-03", "--store", store],
      commands,
    );
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        "time (Europe/London)       open  high  low  close  volume",
        "2024-12-02T08:00:00+00:00    10    11    9   10.5     100",
        "2024-12-03T08:00:00+00:00  10.5    12   10     11     200",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("bars: a futures date takes in its session's evening open on the day before", async () => {
    const result = await runCaptured(
      [
        "bars",
        "ES",
        "--exchange",
        "CMES",
        "--from",
        "2024-12-03",
        "--to",
        "2024-12-03",
        "--json",
        "--store",
        store,
      ],
      commands,
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      '{"t":"2024-12-02T17:00:00-06:00","open":10.5,"high":12,"low":10,"close":11,"volume":200}\n',
    );
  });

  it("store info: the series' trading dates on the exchange, which the header and JSON name", async () => {
    const text = await runCaptured(
      ["store", "info", "--exchange", "CMES", "--symbols", "ES", "--store", store],
      commands,
    );
    expect(text.stdout).toBe(
      [
        `Store ${store}, trading dates of CMES (America/Chicago):`,
        "  1d        2 symbols            4 bars  2024-12-02 → 2024-12-03",
        "  ES     1d              2 bars  2024-12-02 → 2024-12-03",
        "",
      ].join("\n"),
    );
    const json = await runCaptured(
      ["store", "info", "--exchange", "XLON", "--symbols", "VOD", "--json", "--store", store],
      commands,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      exchange: "XLON",
      timeZone: "Europe/London",
      series: [{ symbol: "VOD", interval: "1d", bars: 2, first: "2024-12-02T08:00:00+00:00" }],
    });
  });

  it("results: a London run's slots in London time, saying so", async () => {
    const journalPath = join(dir, "journal.db");
    const journal = ScanJournal.open(journalPath);
    const slot = Date.parse("2024-12-02T08:05:00Z");
    const run = journal.startRun({
      name: "london",
      mode: "backtest",
      configHash: "h",
      startedAt: Date.parse("2024-12-02T07:00:00Z"),
      params: { start: "2024-12-02", end: "2024-12-02", exchange: "XLON" },
    });
    journal.record(run, {
      scanner: "gaps",
      kind: "regular",
      sessionDate: "2024-12-02",
      scheduledAt: slot,
      startedAt: slot,
      durationMs: 1,
      status: "ok",
      universeSize: 1,
      symbols: ["VOD"],
      metadata: null,
      promoted: [],
    });
    journal.finishRun(run, { finishedAt: Date.parse("2024-12-02T16:30:00Z"), status: "completed" });
    journal.close();
    const result = await runCaptured(["results", "--journal", journalPath], commands);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(
      `Run 1 "london" (backtest, completed) in ${journalPath}: 1 row; times in Europe/London (XLON)`,
    );
    expect(lines[2]).toBe("2024-12-02  08:05  gaps     regular  ok      VOD      -         -");
    const json = await runCaptured(["results", "--journal", journalPath, "--json"], commands);
    expect(JSON.parse(json.stdout).scheduledAt).toBe("2024-12-02T08:05:00+00:00");
    const runs = await runCaptured(["results", "--journal", journalPath, "--runs"], commands);
    expect(runs.stdout.split("\n")[0]).toBe(`Runs in ${journalPath}; times in Europe/London (XLON):`);
    expect(runs.stdout).toContain("2024-12-02 07:00");
  });
});
