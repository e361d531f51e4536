// `scanwright bars` over a store of real SPY minutes and QQQ/AAPL daily bars: stored and aggregated
// bars as JSON lines and as an aligned text table, the "aggregated from" note, and the errors.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBarsCommand } from "../../../../src/cli/commands/bars.js";
import { BarStore } from "../../../../src/data/bar-store.js";
import { importCsvFile } from "../../../../src/data/csv-import.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const DATA = fileURLToPath(new URL("../../../../../shared/data", import.meta.url));
const commands = [registerBarsCommand];

/** The regular-session rows of SPY-20131007.csv from 09:30 up to (excluding) `untilWall`, as text fields. */
function spyRows(fromWall: string, untilWall: string): string[][] {
  return readFileSync(join(DATA, "minute", "SPY-20131007.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter((fields) => fields[0].slice(11, 16) >= fromWall && fields[0].slice(11, 16) < untilWall);
}

describe("scanwright bars", () => {
  let dir: string;
  let store: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-bars-cli-"));
    store = join(dir, "bars.db");
    const opened = BarStore.open(store);
    importCsvFile(opened, join(DATA, "minute", "SPY-20131007.csv"));
    importCsvFile(opened, join(DATA, "daily", "QQQ.csv"));
    importCsvFile(opened, join(DATA, "daily", "AAPL.csv"), { factorsDir: join(DATA, "factors") });
    opened.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runCaptured(["bars", ...args, "--store", store], commands);

  it("prints stored bars as JSON lines with the New York offset", async () => {
    const result = await run(
      "SPY",
      "--interval",
      "1m",
      "--from",
      "2013-10-07",
      "--to",
      "2013-10-07",
      "--json",
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trim().split("\n");
    expect(lines.length).toBe(828);
    expect(lines[0]).toBe(
      '{"t":"2013-10-07T04:00:00-04:00","open":167.41,"high":167.41,"low":167.25,"close":167.27,"volume":3197}',
    );
    expect(lines[827]).toBe(
      '{"t":"2013-10-07T19:59:00-04:00","open":167.26,"high":167.3,"low":167.26,"close":167.3,"volume":800}',
    );
  });

  it("aggregates 5m bars from the stored minutes", async () => {
    const result = await run(
      "spy",
      "--interval",
      "5m",
      "--from",
      "2013-10-07",
      "--to",
      "2013-10-07",
      "--json",
    );
    expect(result.exitCode).toBe(0);
    // Only the 390 regular-session minutes of the 828 stored go into the 5m bars.
    expect(result.stderr).toBe("SPY 5m: 78 bars aggregated from 390 1m bars of the regular session\n");
    const lines = result.stdout.trim().split("\n");
    expect(lines.length).toBe(78);
    const first = spyRows("09:30", "09:35");
    expect(lines[0]).toBe(
      JSON.stringify({
        t: "2013-10-07T09:30:00-04:00",
        open: Number(first[0][1]),
        high: Math.max(...first.map((fields) => Number(fields[2]))),
        low: Math.min(...first.map((fields) => Number(fields[3]))),
        close: Number(first[4][4]),
        volume: first.reduce((sum, fields) => sum + Number(fields[5]), 0),
      }),
    );
    expect(lines[77].startsWith('{"t":"2013-10-07T15:55:00-04:00",')).toBe(true);
  });

  it("aggregates the daily bar from the minutes when no daily bars are stored", async () => {
    const result = await run(
      "SPY",
      "--interval",
      "1d",
      "--from",
      "2013-10-07",
      "--to",
      "2013-10-07",
      "--json",
    );
    expect(result.stdout).toBe(
      '{"t":"2013-10-07T09:30:00-04:00","open":167.43,"high":168.45,"low":167.25,"close":167.42,"volume":81489219}\n',
    );
    expect(result.stderr).toBe("SPY 1d: 1 bar aggregated from 390 1m bars of the regular session\n");
  });

  it("prints stored daily bars as an aligned text table, winter dates with -05:00", async () => {
    const result = await run("QQQ", "--from", "2013-12-02", "--to", "2013-12-03");
    const csv = readFileSync(join(DATA, "daily", "QQQ.csv"), "utf8");
    expect(csv).toContain(
      "\n2013-12-02,85.82,85.96,85.35,85.48,24364586\n2013-12-03,85.4,85.64,85.09,85.4,30805607\n",
    );
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        "time (America/New_York)     open   high    low  close    volume",
        "2013-12-02T09:30:00-05:00  85.82  85.96  85.35  85.48  24364586",
        "2013-12-03T09:30:00-05:00   85.4  85.64  85.09   85.4  30805607",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("rounds prices to 4 decimals in the text table only; --json keeps full precision", async () => {
    const text = await run("AAPL", "--from", "2014-06-02", "--to", "2014-06-02");
    expect(text.stdout).toBe(
      [
        "time (America/New_York)       open     high      low    close     volume",
        "2014-06-02T09:30:00-04:00  20.4053  20.4321  20.0352  20.2331  363763478",
        "",
      ].join("\n"),
    );
    const json = await run("AAPL", "--from", "2014-06-02", "--to", "2014-06-02", "--json");
    const bar = JSON.parse(json.stdout);
    // The split-adjusted prices have more decimals than the table shows.
    expect(bar.open).not.toBe(20.4053);
    expect(bar.open.toFixed(4)).toBe("20.4053");
    expect(bar.close.toFixed(4)).toBe("20.2331");
  });

  it("builds weeks from the daily bars", async () => {
    const result = await run(
      "QQQ",
      "--interval",
      "1w",
      "--from",
      "2013-10-07",
      "--to",
      "2013-10-11",
      "--json",
    );
    const days = readFileSync(join(DATA, "daily", "QQQ.csv"), "utf8")
      .split("\n")
      .filter((line) => line >= "2013-10-07" && line < "2013-10-12")
      .map(
        (line) => line.split(",").map((field, index) => (index === 0 ? field : Number(field))) as number[],
      );
    expect(days.length).toBe(5);
    expect(result.stdout).toBe(
      `${JSON.stringify({
        t: "2013-10-07T09:30:00-04:00",
        open: days[0][1],
        high: Math.max(...days.map((day) => day[2])),
        low: Math.min(...days.map((day) => day[3])),
        close: days[4][4],
        volume: days.reduce((sum, day) => sum + day[5], 0),
      })}\n`,
    );
    expect(result.stderr).toBe("QQQ 1w: 1 bar aggregated from 5 1d bars\n");
  });

  it("reports what is missing or wrong: unknown symbols and missing stores are bad input (exit 2)", async () => {
    const unknown = await run("IWM", "--interval", "5m", "--from", "2013-10-07", "--to", "2013-10-07");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe(`error SCN_ERR_USAGE: No bars of IWM in 5m, 1m in the store "${store}"\n`);
    const empty = await run("SPY", "--interval", "1m", "--from", "2013-10-08", "--to", "2013-10-08");
    expect(empty).toEqual({
      exitCode: 0,
      stdout: "",
      stderr: "SPY 1m: no bars from 2013-10-08 to 2013-10-08\n",
    });
    const badDate = await run("SPY", "--from", "2013-02-30", "--to", "2013-03-01");
    expect(badDate.exitCode).toBe(2);
    expect(badDate.stderr).toBe(
      'error SCN_ERR_USAGE: --from must be a date YYYY-MM-DD or an ISO instant with offset, got "2013-02-30"\n',
    );
    const reversed = await run("SPY", "--from", "2013-10-08", "--to", "2013-10-07");
    expect(reversed.stderr).toBe("error SCN_ERR_USAGE: --from 2013-10-08 must come before --to 2013-10-07\n");
    const unsupported = await run("QQQ", "--interval", "5d", "--from", "2013-10-07", "--to", "2013-10-11");
    expect(unsupported.exitCode).toBe(2);
    expect(unsupported.stderr).toMatch(/^error SCN_ERR_INTERVAL: Cannot aggregate 1d bars into 5d/);
    const noStore = await runCaptured(
      ["bars", "SPY", "--from", "2013-10-07", "--to", "2013-10-07", "--store", join(dir, "none.db")],
      commands,
    );
    expect(noStore.exitCode).toBe(2);
    expect(noStore.stderr).toBe(
      `error SCN_ERR_USAGE: No bar store at "${join(dir, "none.db")}" (from --store); import bars first, or pass --store\n`,
    );
    const noDefault = await runCaptured(
      ["bars", "SPY", "--from", "2013-10-07", "--to", "2013-10-07"],
      commands,
      {
        cwd: dir,
      },
    );
    expect(noDefault.stderr).toBe(
      `error SCN_ERR_USAGE: No bar store at "${join(dir, ".scanwright", "bars.db")}" (the default store); import bars first, or pass --store\n`,
    );
    expect(existsSync(join(dir, ".scanwright"))).toBe(false);
  });

  it("takes ISO instants as a half-open range", async () => {
    const result = await run(
      "SPY",
      "--interval",
      "1m",
      "--from",
      "2013-10-07T09:30:00-04:00",
      "--to",
      "2013-10-07T09:33:00-04:00",
      "--json",
    );
    expect(
      result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).t),
    ).toEqual(["2013-10-07T09:30:00-04:00", "2013-10-07T09:31:00-04:00", "2013-10-07T09:32:00-04:00"]);
  });
});
