// `scanwright results` over a journal built here row by row: the latest run by default, filters,
// --limit, the aligned table with shortened lists and errors, the summary of the matching rows,
// --json rows and runs, --runs, the journal from --config, and the bad-input cases (exit 2).

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCell, listCell, registerResultsCommand } from "../../../../src/cli/commands/results.js";
import { type JournalRecord, ScanJournal } from "../../../../src/scanners/scan-journal.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

const commands = [registerResultsCommand];
const MANY = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AVGO", "COST", "NFLX"];
const LONG_ERROR =
  "TypeError: Cannot read properties of undefined (reading 'close') at scan (plugins/alpha.ts:12:30)\n    at more";

/** A row at `time` (New York wall time, `HH:MM`) on `date`. */
function row(
  scanner: string,
  date: string,
  time: string,
  fields: Partial<JournalRecord> & Pick<JournalRecord, "kind">,
): JournalRecord {
  const scheduledAt = Date.parse(`${date}T${time}:00-05:00`);
  return {
    scanner,
    sessionDate: date,
    scheduledAt,
    startedAt: scheduledAt,
    durationMs: 1.5,
    status: "ok",
    universeSize: 10,
    symbols: [],
    metadata: null,
    promoted: [],
    ...fields,
  };
}

describe("scanwright results", () => {
  let dir: string;
  let journalPath: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-results-"));
    mkdirSync(join(dir, ".scanwright"));
    journalPath = join(dir, ".scanwright", "journal.db");
    const journal = ScanJournal.open(journalPath);
    const first = journal.startRun({
      name: "first",
      mode: "backtest",
      configHash: "h1",
      startedAt: Date.parse("2024-12-23T04:00:00-05:00"),
      params: { start: "2024-12-23", end: "2024-12-23" },
    });
    journal.record(first, row("alpha", "2024-12-23", "10:00", { kind: "regular", symbols: ["OLD"] }));
    journal.finishRun(first, { finishedAt: Date.parse("2024-12-23T16:00:00-05:00"), status: "completed" });

    const second = journal.startRun({
      name: "second",
      mode: "backtest",
      configHash: "h2",
      startedAt: Date.parse("2024-12-30T04:00:00-05:00"),
      params: { start: "2024-12-30", end: "2024-12-31" },
    });
    for (const date of ["2024-12-30", "2024-12-31"]) {
      journal.record(second, row("alpha", date, "04:00", { kind: "setup" }));
      journal.record(second, row("beta", date, "04:00", { kind: "setup" }));
    }
    journal.record(
      second,
      row("alpha", "2024-12-30", "10:00", { kind: "regular", symbols: ["AAPL", "MSFT"], promoted: ["AAPL"] }),
    );
    journal.record(second, row("beta", "2024-12-30", "10:00", { kind: "regular", symbols: MANY }));
    journal.record(
      second,
      row("alpha", "2024-12-30", "10:30", { kind: "regular", status: "error", error: LONG_ERROR }),
    );
    journal.record(
      second,
      row("beta", "2024-12-30", "10:30", {
        kind: "regular",
        status: "skipped",
        startedAt: null,
        durationMs: 0,
      }),
    );
    journal.record(
      second,
      row("alpha", "2024-12-31", "10:00", {
        kind: "cron",
        scheduledAt: Date.parse("2024-12-31T10:00:30-05:00"),
        symbols: ["AAPL"],
        metadata: { AAPL: { close: 250.1234567 } },
      }),
    );
    journal.finishRun(second, { finishedAt: Date.parse("2024-12-31T16:00:00-05:00"), status: "completed" });
    journal.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const results = (...args: string[]) => runCaptured(["results", ...args], commands, { cwd: dir });

  it("shows the latest run from .scanwright/journal.db: the table and the per-scanner summary", async () => {
    expect(await results()).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: [
        `Run 2 "second" (backtest, completed) in ${journalPath}: 9 rows; times in America/New_York (XNYS)`,
        "date        time      scanner  kind     status   symbols                                 promoted  error",
        "2024-12-30  04:00     alpha    setup    ok       -                                       -         -",
        "2024-12-30  04:00     beta     setup    ok       -                                       -         -",
        "2024-12-30  10:00     alpha    regular  ok       AAPL MSFT                               AAPL      -",
        "2024-12-30  10:00     beta     regular  ok       AAPL MSFT NVDA AMZN GOOGL META +4 more  -         -",
        "2024-12-30  10:30     alpha    regular  error    -                                       -         TypeError: Cannot read properties of undefined (reading 'cl…",
        "2024-12-30  10:30     beta     regular  skipped  -                                       -         -",
        "2024-12-31  04:00     alpha    setup    ok       -                                       -         -",
        "2024-12-31  04:00     beta     setup    ok       -                                       -         -",
        "2024-12-31  10:00:30  alpha    cron     ok       AAPL                                    -         -",
        "",
        "scanner  days  scans  errors  timeouts  skipped  hits  symbols  top symbols",
        "alpha       2      3       1         0        0     3        2  AAPL×2 MSFT×1",
        "beta        2      1       0         0        1    10       10  AAPL×1 AMZN×1 AVGO×1 COST×1 GOOGL×1",
        "",
      ].join("\n"),
    });
  });

  it("filters by scanner, dates, symbol and status, summarizing only the matching rows", async () => {
    const result = await results(
      "--scanner",
      "alpha",
      "--symbol",
      "aapl",
      "--from",
      "2024-12-30",
      "--to",
      "2024-12-31",
    );
    expect(result).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: [
        `Run 2 "second" (backtest, completed) in ${journalPath}: 2 of 9 rows match; times in America/New_York (XNYS)`,
        "date        time      scanner  kind     status  symbols    promoted  error",
        "2024-12-30  10:00     alpha    regular  ok      AAPL MSFT  AAPL      -",
        "2024-12-31  10:00:30  alpha    cron     ok      AAPL       -         -",
        "",
        "scanner  days  scans  errors  timeouts  skipped  hits  symbols  top symbols",
        "alpha       2      2       0         0        0     3        2  AAPL×2 MSFT×1",
        "",
      ].join("\n"),
    });
    const skipped = await results("--status", "skipped", "--kind", "regular");
    expect(skipped.stdout.split("\n").slice(0, 3)).toEqual([
      `Run 2 "second" (backtest, completed) in ${journalPath}: 1 of 9 rows match; times in America/New_York (XNYS)`,
      "date        time   scanner  kind     status   symbols  promoted  error",
      "2024-12-30  10:30  beta     regular  skipped  -        -         -",
    ]);
    const none = await results("--to", "2024-12-29");
    expect(none).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: `Run 2 "second" (backtest, completed) in ${journalPath}: none of its 9 rows match\n`,
    });
  });

  it("shows the first rows with --limit and says how many matched", async () => {
    const result = await results("--kind", "setup", "--limit", "1");
    expect(result.stdout.split("\n").slice(0, 3)).toEqual([
      `Run 2 "second" (backtest, completed) in ${journalPath}: 4 of 9 rows match, showing the first 1 (--limit); times in America/New_York (XNYS)`,
      "date        time   scanner  kind   status  symbols  promoted  error",
      "2024-12-30  04:00  alpha    setup  ok      -        -         -",
    ]);
    // The summary covers every matching row, not only those shown.
    expect(result.stdout).toContain("alpha       2      0       0");
  });

  it("shows an earlier run with --run", async () => {
    const result = await results("--run", "1");
    expect(result.stdout).toBe(
      [
        `Run 1 "first" (backtest, completed) in ${journalPath}: 1 row; times in America/New_York (XNYS)`,
        "date        time   scanner  kind     status  symbols  promoted  error",
        "2024-12-23  10:00  alpha    regular  ok      OLD      -         -",
        "",
        "scanner  days  scans  errors  timeouts  skipped  hits  symbols  top symbols",
        "alpha       1      1       0         0        0     1        1  OLD×1",
        "",
      ].join("\n"),
    );
  });

  it("prints every matching row in full with --json, times with the New York offset", async () => {
    const result = await results("--scanner", "alpha", "--kind", "cron", "--json");
    expect(result).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: `${JSON.stringify({
        run: 2,
        sessionDate: "2024-12-31",
        scheduledAt: "2024-12-31T10:00:30-05:00",
        scanner: "alpha",
        kind: "cron",
        status: "ok",
        symbols: ["AAPL"],
        promoted: [],
        error: null,
        universeSize: 10,
        startedAt: "2024-12-31T10:00:00-05:00",
        durationMs: 1.5,
        metadata: { AAPL: { close: 250.1234567 } },
      })}\n`,
    });
    const errors = await results("--status", "error", "--json");
    expect(JSON.parse(errors.stdout).error).toBe(LONG_ERROR);
    const limited = await results("--json", "--limit", "3");
    expect(limited.stdout.trim().split("\n").length).toBe(3);
  });

  it("lists the runs with --runs, as a table or JSON lines", async () => {
    expect(await results("--runs")).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: [
        `Runs in ${journalPath}; times in America/New_York (XNYS):`,
        "run  name    mode      status     started           finished          rows  window",
        "  1  first   backtest  completed  2024-12-23 04:00  2024-12-23 16:00     1  2024-12-23 → 2024-12-23",
        "  2  second  backtest  completed  2024-12-30 04:00  2024-12-31 16:00     9  2024-12-30 → 2024-12-31",
        "",
      ].join("\n"),
    });
    const json = await results("--runs", "--json");
    expect(
      json.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line))[1],
    ).toEqual({
      id: 2,
      name: "second",
      mode: "backtest",
      status: "completed",
      startedAt: "2024-12-30T04:00:00-05:00",
      finishedAt: "2024-12-31T16:00:00-05:00",
      rows: 9,
      params: { start: "2024-12-30", end: "2024-12-31" },
      configHash: "h2",
    });
  });

  it("reads the journal a config writes to with --config, and any file with --journal", async () => {
    const configDir = join(dir, "configs");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, "week.yaml"),
      "name: week\nbacktest: { start: 2024-12-30, end: 2024-12-31 }\nstore: ../.scanwright/bars.db\n",
    );
    const viaConfig = await results("--config", "configs/week.yaml", "--run", "1");
    expect(viaConfig.exitCode).toBe(0);
    expect(viaConfig.stdout.split("\n")[0]).toBe(
      `Run 1 "first" (backtest, completed) in ${journalPath}: 1 row; times in America/New_York (XNYS)`,
    );
    const other = join(dir, "elsewhere.db");
    ScanJournal.open(other).close();
    expect(await results("--journal", "elsewhere.db")).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: `The journal ${other} has no runs yet.\n`,
    });
  });

  it("refuses bad input with exit 2 and one line, and never creates a journal", async () => {
    const empty = mkdtempSync(join(tmpdir(), "scanwright-results-none-"));
    try {
      const missing = await runCaptured(["results"], commands, { cwd: empty });
      expect(missing).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: `error SCN_ERR_USAGE: No scan journal at "${join(empty, ".scanwright", "journal.db")}" (the default journal); run a backtest first (scanwright run CONFIG), or pass --journal or --config\n`,
      });
      expect(existsSync(join(empty, ".scanwright"))).toBe(false);
      const flagged = await runCaptured(["results", "--journal", "nope.db"], commands, { cwd: empty });
      expect(flagged.stderr).toBe(
        `error SCN_ERR_USAGE: No scan journal at "${join(empty, "nope.db")}" (from --journal); run a backtest first (scanwright run CONFIG), or pass --journal or --config\n`,
      );
      expect(existsSync(join(empty, "nope.db"))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const cases: Array<[string[], string]> = [
      [
        ["--run", "7"],
        `--run 7: the journal "${journalPath}" has no such run (runs 1 to 2; list them with --runs)`,
      ],
      [["--run", "x"], '--run must be a whole number from 1 to 9007199254740991, got "x"'],
      [["--from", "2024-12-32"], '--from must be a date YYYY-MM-DD, got "2024-12-32"'],
      [["--from", "2024-12-31", "--to", "2024-12-30"], "--from 2024-12-31 is after --to 2024-12-30"],
      [
        ["--status", "failed"],
        '--status must be one of ok, error, timeout, skipped, disabled, missed, got "failed"',
      ],
      [["--kind", "scan"], '--kind must be one of setup, pre_session, regular, cron, teardown, got "scan"'],
      [["--limit", "0"], '--limit must be a whole number from 1 to 10000000, got "0"'],
      [
        ["--runs", "--scanner", "alpha", "--limit", "2"],
        "--runs lists the runs and takes no --scanner, --limit; drop one or the other",
      ],
    ];
    for (const [args, message] of cases) {
      expect(await results(...args)).toEqual({
        exitCode: 2,
        stdout: "",
        stderr: `error SCN_ERR_USAGE: ${message}\n`,
      });
    }
  });
});

describe("results cells", () => {
  it("cuts a symbol list to the width with +N more, keeping at least the first", () => {
    expect(listCell([], 20)).toBe("-");
    expect(listCell(["AAPL", "MSFT"], 20)).toBe("AAPL MSFT");
    expect(listCell(["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL"], 20)).toBe("AAPL MSFT +3 more");
    expect(listCell(["VERYLONGSYMBOL1", "B"], 10)).toBe("VERYLONGSYMBOL1 +1 more");
  });

  it("keeps the first line of an error, cut with …", () => {
    expect(errorCell(null, 20)).toBe("-");
    expect(errorCell("boom", 20)).toBe("boom");
    expect(errorCell("boom\n  at scan", 20)).toBe("boom …");
    expect(errorCell("a".repeat(25), 20)).toBe(`${"a".repeat(19)}…`);
  });
});

describe("the journal's summary of filtered rows (one rule, in SQL, for a run and for a filter)", () => {
  it("counts only the rows the filter keeps, with the run summary's definitions", () => {
    const journal = ScanJournal.open(":memory:");
    try {
      const run = journal.startRun({ name: "x", mode: "backtest", configHash: "h", startedAt: 0 });
      journal.record(run, row("b", "2024-12-30", "04:00", { kind: "setup", status: "error", error: "e" }));
      journal.record(
        run,
        row("b", "2024-12-30", "10:00", { kind: "regular", symbols: ["Z", "Y"], promoted: ["Z"] }),
      );
      journal.record(
        run,
        row("a", "2024-12-30", "10:00", { kind: "pre_session", status: "timeout", symbols: ["Y"] }),
      );
      journal.record(
        run,
        row("a", "2024-12-31", "10:00", { kind: "regular", status: "missed", startedAt: null }),
      );
      journal.record(
        run,
        row("a", "2024-12-31", "10:30", { kind: "regular", status: "disabled", startedAt: null }),
      );
      journal.record(run, row("b", "2024-12-31", "10:00", { kind: "cron", symbols: ["Y", "X"] }));
      const figures = (scanner: string, counts: Partial<Record<string, number>>, top: string[]) => ({
        scanner,
        days: 0,
        scans: 0,
        errors: 0,
        timeouts: 0,
        skipped: 0,
        disabled: 0,
        missed: 0,
        hits: 0,
        distinctSymbols: top.length,
        topSymbols: top.map((entry) => ({ symbol: entry.split("×")[0], count: Number(entry.split("×")[1]) })),
        promotions: 0,
        ...counts,
      });
      const bAll = figures("b", { days: 2, scans: 2, errors: 1, hits: 4, promotions: 1 }, [
        "Y×2",
        "X×1",
        "Z×1",
      ]);
      expect(journal.summary(run.id)).toEqual([
        figures("a", { days: 2, scans: 1, timeouts: 1, disabled: 1, missed: 1, hits: 1 }, ["Y×1"]),
        bAll,
      ]);
      expect(journal.summary(run.id, { scanner: "b" })).toEqual([bAll]);
      expect(journal.summary(run.id, { symbol: "Y" })).toEqual([
        figures("a", { days: 1, scans: 1, timeouts: 1, hits: 1 }, ["Y×1"]),
        figures("b", { days: 2, scans: 2, hits: 4, promotions: 1 }, ["Y×2", "X×1", "Z×1"]),
      ]);
      expect(journal.summary(run.id, { from: "2024-12-31", kind: "regular" })).toEqual([
        figures("a", { days: 1, disabled: 1, missed: 1 }, []),
      ]);
      expect(journal.summary(run.id, { status: "skipped" })).toEqual([]);
    } finally {
      journal.close();
    }
  });
});
