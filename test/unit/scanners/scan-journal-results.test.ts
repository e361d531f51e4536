// ScanJournal reads for `scanwright results`: query filters and ordering, the per-scanner summary
// (with its top symbols), and the run export that compares two backtests row for row.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataError } from "../../../src/core/errors.js";
import { type JournalRecord, type RunRef, ScanJournal } from "../../../src/scanners/scan-journal.js";

const time = (date: string, clock: string): number => Date.parse(`${date}T${clock}:00-05:00`);
const DAY1 = "2024-11-27";
const DAY2 = "2024-11-29";
const DAY_MS = 86_400_000;

function row(
  scanner: string,
  kind: JournalRecord["kind"],
  date: string,
  clock: string,
  status: JournalRecord["status"],
  symbols: string[] = [],
  promoted: string[] = [],
  durationMs = 1,
): JournalRecord {
  const ran = status === "ok" || status === "error" || status === "timeout";
  return {
    scanner,
    kind,
    sessionDate: date,
    scheduledAt: time(date, clock),
    startedAt: ran ? time(date, clock) : null,
    durationMs,
    status,
    error: status === "error" ? `${scanner} failed` : undefined,
    universeSize: 10,
    symbols,
    metadata: { clock },
    promoted,
  };
}

/** Run A: two scanners over two days, every status; recorded out of slot order on purpose. */
const RUN_A: JournalRecord[] = [
  row("momentum", "regular", DAY1, "09:35", "ok", ["AIG", "SPY"], ["AIG"]),
  row("momentum", "setup", DAY1, "09:00", "ok"),
  row("gap", "pre_session", DAY1, "09:00", "ok", ["TSLA", "AAPL", "MSFT"], ["TSLA", "AAPL", "MSFT"]),
  row("gap", "setup", DAY1, "09:00", "ok"),
  row("momentum", "regular", DAY1, "09:40", "error"),
  row("momentum", "regular", DAY1, "09:45", "ok", ["AIG"]),
  row("momentum", "teardown", DAY1, "16:00", "ok"),
  row("momentum", "setup", DAY2, "09:00", "error"),
  row("momentum", "regular", DAY2, "09:35", "disabled"),
  row("momentum", "regular", DAY2, "09:40", "timeout"),
  row("momentum", "regular", DAY2, "09:45", "skipped"),
  row("momentum", "cron", DAY2, "10:00", "ok", ["SPY", "AIG", "NVDA"]),
  row("momentum", "regular", DAY2, "10:00", "missed"),
  row("gap", "pre_session", DAY2, "09:00", "ok", ["AAPL", "NVDA", "AMD", "INTC", "TSLA", "META"], ["AAPL"]),
];

describe("ScanJournal results", () => {
  let journal: ScanJournal;
  let runA: RunRef;
  let runB: RunRef;
  beforeEach(() => {
    journal = ScanJournal.open(":memory:", { batchSize: 5 });
    runA = journal.startRun({ name: "a", mode: "backtest", configHash: "h", startedAt: 0 });
    for (const record of RUN_A) expect(journal.record(runA, record)).toBe(true);
    runB = journal.startRun({ name: "b", mode: "live", configHash: "h", startedAt: 0 });
    journal.record(runB, row("momentum", "regular", DAY1, "09:35", "ok", ["AIG", "日本株"]));
  });
  afterEach(() => journal.close());

  const slots = (rows: ReturnType<ScanJournal["query"]>) =>
    rows.map(
      (r) =>
        `${r.run} ${r.sessionDate} ${r.metadata && (r.metadata as { clock: string }).clock} ${r.scanner} ${r.kind}`,
    );

  it("lists a run's rows by slot time, then scanner, then kind (setup first)", () => {
    expect(slots(journal.query({ run: runA }))).toEqual([
      `1 ${DAY1} 09:00 gap setup`,
      `1 ${DAY1} 09:00 gap pre_session`,
      `1 ${DAY1} 09:00 momentum setup`,
      `1 ${DAY1} 09:35 momentum regular`,
      `1 ${DAY1} 09:40 momentum regular`,
      `1 ${DAY1} 09:45 momentum regular`,
      `1 ${DAY1} 16:00 momentum teardown`,
      `1 ${DAY2} 09:00 gap pre_session`,
      `1 ${DAY2} 09:00 momentum setup`,
      `1 ${DAY2} 09:35 momentum regular`,
      `1 ${DAY2} 09:40 momentum regular`,
      `1 ${DAY2} 09:45 momentum regular`,
      `1 ${DAY2} 10:00 momentum regular`,
      `1 ${DAY2} 10:00 momentum cron`,
    ]);
  });

  it("filters by run, scanner, kind, session dates, symbol, status and limit", () => {
    expect(journal.query().length).toBe(15);
    expect(slots(journal.query({ scanner: "gap" }))).toEqual([
      `1 ${DAY1} 09:00 gap setup`,
      `1 ${DAY1} 09:00 gap pre_session`,
      `1 ${DAY2} 09:00 gap pre_session`,
    ]);
    expect(slots(journal.query({ kind: "cron" }))).toEqual([`1 ${DAY2} 10:00 momentum cron`]);
    expect(
      slots(journal.query({ run: runA.id, from: "2024-11-28", scanner: "momentum", kind: "regular" })),
    ).toEqual([
      `1 ${DAY2} 09:35 momentum regular`,
      `1 ${DAY2} 09:40 momentum regular`,
      `1 ${DAY2} 09:45 momentum regular`,
      `1 ${DAY2} 10:00 momentum regular`,
    ]);
    expect(journal.query({ to: DAY1 }).length).toBe(8);
    expect(journal.query({ from: DAY1, to: DAY1, run: runA }).length).toBe(7);
    expect(journal.query({ from: "2024-11-30" })).toEqual([]);
    expect(slots(journal.query({ symbol: "AIG" }))).toEqual([
      `1 ${DAY1} 09:35 momentum regular`,
      `2 ${DAY1} 09:35 momentum regular`,
      `1 ${DAY1} 09:45 momentum regular`,
      `1 ${DAY2} 10:00 momentum cron`,
    ]);
    expect(slots(journal.query({ symbol: "日本株" }))).toEqual([`2 ${DAY1} 09:35 momentum regular`]);
    expect(journal.query({ symbol: "aig" })).toEqual([]);
    expect(slots(journal.query({ symbol: "SPY", scanner: "momentum", to: DAY1 }))).toEqual([
      `1 ${DAY1} 09:35 momentum regular`,
    ]);
    expect(slots(journal.query({ status: "error" }))).toEqual([
      `1 ${DAY1} 09:40 momentum regular`,
      `1 ${DAY2} 09:00 momentum setup`,
    ]);
    expect(journal.query({ status: "error" }).map((r) => r.error)).toEqual([
      "momentum failed",
      "momentum failed",
    ]);
    expect(slots(journal.query({ run: runA, limit: 2 }))).toEqual([
      `1 ${DAY1} 09:00 gap setup`,
      `1 ${DAY1} 09:00 gap pre_session`,
    ]);
    expect(journal.query({ run: runB }).map((r) => r.symbols)).toEqual([["AIG", "日本株"]]);
  });

  it("finds rows of a session date scheduled anywhere in its day, in any time zone", () => {
    const run = journal.startRun({ name: "tz", mode: "live", configHash: "h", startedAt: 0 });
    // The first and last minute of 2024-11-29 in Kiritimati (UTC+14) and Baker Island (UTC-12).
    const earliest = Date.parse("2024-11-29T00:00:00+14:00");
    const latest = Date.parse("2024-11-29T23:59:00-12:00");
    journal.record(run, { ...row("far", "regular", DAY2, "09:35", "ok"), scheduledAt: earliest });
    journal.record(run, { ...row("far", "regular", DAY2, "09:35", "ok"), scheduledAt: latest });
    journal.record(run, {
      ...row("far", "regular", "2024-11-28", "09:35", "ok"),
      scheduledAt: latest - DAY_MS,
    });
    journal.record(run, {
      ...row("far", "regular", "2024-11-30", "09:35", "ok"),
      scheduledAt: earliest + DAY_MS,
    });
    expect(journal.query({ run, from: DAY2, to: DAY2 }).map((r) => r.scheduledAt)).toEqual([
      earliest,
      latest,
    ]);
    expect(journal.query({ run, from: DAY2 }).map((r) => r.sessionDate)).toEqual([DAY2, "2024-11-30", DAY2]);
    expect(journal.query({ run, to: DAY2 }).map((r) => r.sessionDate)).toEqual([DAY2, "2024-11-28", DAY2]);
    expect(journal.recordedSlots(run, DAY2).map((slot) => slot.scheduledAt)).toEqual([earliest, latest]);
    expect(() => journal.recordedSlots(run, "2024-13-01")).toThrow(
      new DataError('Scan journal ":memory:": sessionDate must be a day YYYY-MM-DD, got "2024-13-01"'),
    );
  });

  it("refuses bad filters with a DataError", () => {
    const bad = (message: string) => new DataError(`Scan journal ":memory:": bad query: ${message}`);
    expect(() => journal.query({ from: "11/27/2024" })).toThrow(
      bad('from must be a session date YYYY-MM-DD, got "11/27/2024"'),
    );
    expect(() => journal.query({ limit: 0 })).toThrow(bad("limit must be a whole number >= 1, got 0"));
    expect(() => journal.query({ status: "fine" as "ok" })).toThrow(
      bad("status must be one of ok, error, timeout, skipped, disabled, missed"),
    );
  });

  it("summarizes a run per scanner, with exact counts and top symbols", () => {
    expect(journal.summary(runA)).toEqual([
      {
        scanner: "gap",
        days: 2,
        scans: 2,
        errors: 0,
        timeouts: 0,
        skipped: 0,
        disabled: 0,
        missed: 0,
        hits: 9,
        distinctSymbols: 7,
        // AAPL and TSLA twice; the ones seen once by symbol: AMD, INTC, META (then MSFT, NVDA).
        topSymbols: [
          { symbol: "AAPL", count: 2 },
          { symbol: "TSLA", count: 2 },
          { symbol: "AMD", count: 1 },
          { symbol: "INTC", count: 1 },
          { symbol: "META", count: 1 },
        ],
        promotions: 4,
      },
      {
        scanner: "momentum",
        days: 2,
        // 09:35 ok, 09:40 error, 09:45 ok on day 1; 09:40 timeout and the cron scan on day 2.
        scans: 5,
        // A failed setup counts as an error, though it is not a scan.
        errors: 2,
        timeouts: 1,
        skipped: 1,
        disabled: 1,
        missed: 1,
        hits: 6,
        distinctSymbols: 3,
        topSymbols: [
          { symbol: "AIG", count: 3 },
          { symbol: "SPY", count: 2 },
          { symbol: "NVDA", count: 1 },
        ],
        promotions: 1,
      },
    ]);
    expect(journal.summary(runB)).toEqual([
      {
        scanner: "momentum",
        days: 1,
        scans: 1,
        errors: 0,
        timeouts: 0,
        skipped: 0,
        disabled: 0,
        missed: 0,
        hits: 2,
        distinctSymbols: 2,
        topSymbols: [
          { symbol: "AIG", count: 1 },
          { symbol: "日本株", count: 1 },
        ],
        promotions: 0,
      },
    ]);
    const empty = journal.startRun({ name: "c", mode: "backtest", configHash: "h", startedAt: 0 });
    expect(journal.summary(empty)).toEqual([]);
    expect(() => journal.summary(42)).toThrow('Scan journal ":memory:" has no run 42');
  });

  it("exports equal rows for two runs that differ only in wall time and record order", () => {
    const again = journal.startRun({ name: "a", mode: "backtest", configHash: "h", startedAt: 99 });
    for (const record of [...RUN_A].reverse()) {
      journal.record(again, { ...record, durationMs: record.durationMs + 7.5 });
    }
    const first = journal.exportRun(runA);
    const second = journal.exportRun(again);
    expect(second).toEqual(first);
    expect(first.length).toBe(RUN_A.length);
    expect(Object.keys(first[0])).toEqual([
      "scanner",
      "kind",
      "sessionDate",
      "scheduledAt",
      "startedAt",
      "status",
      "error",
      "universeSize",
      "symbols",
      "metadata",
      "promoted",
    ]);
    expect(first[0]).toEqual({
      scanner: "gap",
      kind: "setup",
      sessionDate: DAY1,
      scheduledAt: time(DAY1, "09:00"),
      startedAt: time(DAY1, "09:00"),
      status: "ok",
      error: null,
      universeSize: 10,
      symbols: [],
      metadata: { clock: "09:00" },
      promoted: [],
    });
    // A real difference shows.
    journal.record(again, row("gap", "teardown", DAY2, "13:00", "ok"));
    expect(journal.exportRun(again)).not.toEqual(first);
  });

  it("lists runs with their row counts", () => {
    expect(journal.runs().map((r) => [r.id, r.name, r.mode, r.status, r.rows])).toEqual([
      [1, "a", "backtest", "running", 14],
      [2, "b", "live", "running", 1],
    ]);
  });
});
