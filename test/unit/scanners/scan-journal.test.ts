// ScanJournal: runs, row round trips, duplicate refusal, resume of a live run, batched writes as
// another connection sees them, and the metadata policy for values that are not JSON.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataError, StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { type JournalRecord, type JournalRow, ScanJournal } from "../../../src/scanners/scan-journal.js";

/** 2024-11-29 (the early close after Thanksgiving), New York at -05:00. */
const at = (time: string): number => Date.parse(`2024-11-29T${time}:00-05:00`);

function row(overrides: Partial<JournalRecord> = {}): JournalRecord {
  return {
    scanner: "momentum",
    kind: "regular",
    sessionDate: "2024-11-29",
    scheduledAt: at("09:35"),
    startedAt: at("09:35") + 3,
    durationMs: 0.4,
    status: "ok",
    universeSize: 2,
    symbols: ["AIG"],
    metadata: { scanned: 2 },
    promoted: [],
    ...overrides,
  };
}

/** A StoreError as the in-memory journal throws it (with its location). */
const memoryError = (message: string) => new StoreError(message, { location: { file: ":memory:" } });

const BACKTEST = { name: "demo", mode: "backtest", configHash: "h1", startedAt: 1_000 } as const;
const LIVE = { name: "demo", mode: "live", configHash: "h1", startedAt: 1_000 } as const;

describe("ScanJournal runs and rows", () => {
  let journal: ScanJournal;
  beforeEach(() => {
    journal = ScanJournal.open(":memory:");
  });
  afterEach(() => journal.close());

  it("starts, lists and finishes runs", () => {
    const run = journal.startRun({ ...BACKTEST, params: { from: "2024-11-25", to: "2024-11-29" } });
    expect(run).toEqual({ id: 1, name: "demo", mode: "backtest", configHash: "h1" });
    const second = journal.startRun(BACKTEST);
    expect(second.id).toBe(2);
    journal.record(run, row());
    expect(journal.finishRun(run, { finishedAt: 2_000, status: "completed" })).toBe(true);
    expect(journal.finishRun(run, { finishedAt: 3_000, status: "failed" })).toBe(false);
    expect(journal.runs()).toEqual([
      {
        id: 1,
        name: "demo",
        mode: "backtest",
        configHash: "h1",
        startedAt: 1_000,
        finishedAt: 2_000,
        status: "completed",
        params: { from: "2024-11-25", to: "2024-11-29" },
        rows: 1,
      },
      {
        id: 2,
        name: "demo",
        mode: "backtest",
        configHash: "h1",
        startedAt: 1_000,
        finishedAt: null,
        status: "running",
        params: null,
        rows: 0,
      },
    ]);
  });

  it("round-trips every field, unicode and nested JSON included", () => {
    const run = journal.startRun(BACKTEST);
    const full = row({
      scanner: "gap-scanner ✓",
      kind: "pre_session",
      scheduledAt: at("09:00"),
      startedAt: at("09:00") + 0.125,
      durationMs: 12.375,
      status: "error",
      error: "boom: 価格 is NaN",
      universeSize: 503,
      symbols: ["BRK.B", "日本株", "😀X", "SPY"],
      metadata: {
        scores: [1.5, -2, 0, 1e-9, 12_345_678.901],
        nested: { deep: [{ a: null, b: true, c: "é" }], empty: {}, list: [] },
        text: 'quote " backslash \\ newline \n',
      },
      promoted: ["SPY", "日本株"],
    });
    expect(journal.record(run, full)).toBe(true);
    const plain = row({ kind: "setup", scheduledAt: at("09:00"), metadata: null, error: undefined });
    expect(journal.record(run, plain)).toBe(true);
    const rows = journal.query({ run });
    const expected: JournalRow[] = [
      {
        run: 1,
        ...full,
        error: "boom: 価格 is NaN",
        symbols: [...full.symbols],
        promoted: [...full.promoted],
      },
      { run: 1, ...plain, error: null, symbols: ["AIG"], promoted: [] },
    ];
    expect(rows).toEqual(expected);
    expect(rows[0].startedAt).toBe(at("09:00") + 0.125);
    expect(rows[1].metadata).toBeNull();
  });

  it("stores missing metadata as null and a row that never started with startedAt null", () => {
    const run = journal.startRun(BACKTEST);
    journal.record(
      run,
      row({ status: "missed", startedAt: null, durationMs: 0, symbols: [], metadata: undefined }),
    );
    const [stored] = journal.query();
    expect(stored.startedAt).toBeNull();
    expect(stored.metadata).toBeNull();
    expect(stored.status).toBe("missed");
  });

  it("refuses a slot recorded twice, pending or flushed, and keeps the first row", () => {
    const run = journal.startRun(BACKTEST);
    expect(journal.record(run, row())).toBe(true);
    expect(journal.record(run, row({ status: "error", symbols: [] }))).toBe(false);
    journal.flush();
    expect(journal.record(run, row({ durationMs: 9 }))).toBe(false);
    // Another kind, scanner, slot or run is another row.
    expect(journal.record(run, row({ kind: "cron" }))).toBe(true);
    expect(journal.record(run, row({ scanner: "gap" }))).toBe(true);
    expect(journal.record(run, row({ scheduledAt: at("09:40") }))).toBe(true);
    expect(journal.record(journal.startRun(BACKTEST), row())).toBe(true);
    const first = journal.query({ run, scanner: "momentum", kind: "regular", limit: 1 });
    expect(first.map((r) => [r.status, r.durationMs, r.symbols])).toEqual([["ok", 0.4, ["AIG"]]]);
    expect(journal.query().length).toBe(5);
  });

  it("answers hasRecorded and recordedSlots from the file and the pending batch", () => {
    const run = journal.startRun(LIVE);
    journal.record(run, row({ scheduledAt: at("09:40") }));
    journal.record(run, row({ kind: "setup", scheduledAt: at("09:35") }));
    journal.flush();
    journal.record(run, row({ scheduledAt: at("09:35") }));
    journal.record(run, row({ scanner: "gap", scheduledAt: at("09:35"), status: "missed", startedAt: null }));
    journal.record(
      run,
      row({ sessionDate: "2024-12-02", scheduledAt: Date.parse("2024-12-02T09:35:00-05:00") }),
    );
    expect(journal.pendingRows).toBe(3);
    expect(journal.hasRecorded(run, "momentum", "regular", at("09:40"))).toBe(true);
    expect(journal.hasRecorded(run, "momentum", "regular", at("09:35"))).toBe(true);
    expect(journal.hasRecorded(run, "momentum", "regular", at("09:45"))).toBe(false);
    expect(journal.hasRecorded(run, "momentum", "cron", at("09:40"))).toBe(false);
    expect(journal.hasRecorded(run.id + 1, "momentum", "regular", at("09:40"))).toBe(false);
    expect(journal.recordedSlots(run, "2024-11-29")).toEqual([
      { scanner: "gap", kind: "regular", scheduledAt: at("09:35"), status: "missed" },
      { scanner: "momentum", kind: "setup", scheduledAt: at("09:35"), status: "ok" },
      { scanner: "momentum", kind: "regular", scheduledAt: at("09:35"), status: "ok" },
      { scanner: "momentum", kind: "regular", scheduledAt: at("09:40"), status: "ok" },
    ]);
    expect(journal.recordedSlots(run, "2024-11-28")).toEqual([]);
  });

  it("refuses rows for an unknown or finished run", () => {
    expect(() => journal.record(7, row())).toThrow(memoryError('Scan journal ":memory:" has no run 7'));
    const run = journal.startRun(BACKTEST);
    journal.finishRun(run, { finishedAt: 2_000, status: "interrupted" });
    expect(() => journal.record(run, row())).toThrow(
      memoryError('Scan journal ":memory:": run 1 (demo) is interrupted; it takes no more rows'),
    );
    expect(() => journal.finishRun(9, { finishedAt: 1, status: "completed" })).toThrow(
      'Scan journal ":memory:" has no run 9',
    );
  });

  it("refuses rows of the wrong shape with a DataError naming the slot", () => {
    const run = journal.startRun(BACKTEST);
    const slot = `momentum regular at ${at("09:35")}`;
    const cases: Array<[Partial<JournalRecord>, string]> = [
      [
        { scheduledAt: at("09:35") + 0.5 },
        `${slot.replace(String(at("09:35")), String(at("09:35") + 0.5))}: scheduledAt must be a whole number of epoch ms`,
      ],
      [
        { sessionDate: "2024-11-29T00:00" },
        `${slot}: sessionDate must be a day YYYY-MM-DD, got "2024-11-29T00:00"`,
      ],
      [{ sessionDate: "2024-02-30" }, `${slot}: sessionDate must be a day YYYY-MM-DD, got "2024-02-30"`],
      // 09:35 in New York is on 2024-11-29 in every time zone, never on 2024-11-26.
      [
        { sessionDate: "2024-11-26" },
        `${slot}: scheduledAt is not on session date 2024-11-26 in any time zone`,
      ],
      [{ durationMs: -1 }, `${slot}: durationMs must be a number >= 0, got -1`],
      [{ startedAt: Number.NaN }, `${slot}: startedAt must be epoch ms or null, got NaN`],
      [{ universeSize: 1.5 }, `${slot}: universeSize must be a whole number >= 0, got 1.5`],
      [{ symbols: ["AIG", 5] as unknown as string[] }, `${slot}: symbols[1] is not a string (number)`],
      [{ promoted: "AIG" as unknown as string[] }, `${slot}: promoted must be an array of strings`],
    ];
    for (const [overrides, message] of cases) {
      expect(() => journal.record(run, row(overrides))).toThrow(
        new DataError(`Scan journal ":memory:": cannot record ${message}`),
      );
    }
    expect(() => journal.record(run, row({ status: "fine" as "ok" }))).toThrow(
      "status must be one of ok, error, timeout, skipped, disabled, missed",
    );
    expect(() => journal.record(run, row({ kind: "intraday" as "regular" }))).toThrow(
      "kind must be one of setup, pre_session, regular, cron, teardown",
    );
    expect(journal.pendingRows).toBe(0);
  });

  it("refuses a run with params that are not JSON", () => {
    expect(() => journal.startRun({ ...BACKTEST, params: { at: new Date(0) } })).toThrow(
      new DataError('Scan journal ":memory:": cannot start a run: params.at is a Date, not plain JSON data'),
    );
    expect(journal.runs()).toEqual([]);
  });

  it("is unusable after close, and closing twice is harmless", () => {
    journal.close();
    journal.close();
    expect(journal.isOpen).toBe(false);
    expect(() => journal.runs()).toThrow(memoryError('Scan journal ":memory:" is closed'));
  });
});

describe("ScanJournal metadata that is not JSON", () => {
  let journal: ScanJournal;
  beforeEach(() => {
    journal = ScanJournal.open(":memory:");
  });
  afterEach(() => journal.close());

  const cyclic: Record<string, unknown> = { name: "loop" };
  cyclic.self = { back: cyclic };
  const cases: Array<[string, unknown, string]> = [
    ["a function", { rank: () => 1 }, "metadata.rank is a function"],
    ["a bigint", { volume: [1, 2n ** 70n] }, "metadata.volume[1] is a bigint (1180591620717411303424n)"],
    ["a cycle", cyclic, "metadata.self.back refers back to metadata (a cycle)"],
    ["NaN", { "rsi value": Number.NaN }, 'metadata["rsi value"] is NaN, which JSON cannot hold'],
    ["a Map", new Map([["a", 1]]), "metadata is a Map, not plain JSON data"],
    ["undefined in an array", [1, undefined], "metadata[1] is undefined"],
    ["a symbol", Symbol("x"), "metadata is a symbol"],
  ];
  for (const [label, metadata, problem] of cases) {
    it(`stores a placeholder for ${label} and turns ok into error`, () => {
      const run = journal.startRun(BACKTEST);
      expect(journal.record(run, row({ metadata }))).toBe(true);
      const [stored] = journal.query({ run });
      expect(stored.metadata).toEqual({ $unserializable: problem });
      expect(stored.status).toBe("error");
      expect(stored.error).toBe(`metadata not stored (not JSON): ${problem}`);
      expect(stored.symbols).toEqual(["AIG"]);
    });
  }

  it("keeps a failed row's status and appends the reason to its error", () => {
    const run = journal.startRun(BACKTEST);
    journal.record(
      run,
      row({ status: "timeout", error: "scan took over 5000 ms", metadata: { f: () => 0 } }),
    );
    const [stored] = journal.query({ run });
    expect(stored.status).toBe("timeout");
    expect(stored.error).toBe(
      "scan took over 5000 ms; metadata not stored (not JSON): metadata.f is a function",
    );
  });

  it("drops undefined properties as JSON does, and accepts shared (not cyclic) references", () => {
    const run = journal.startRun(BACKTEST);
    const shared = { n: 1 };
    journal.record(
      run,
      row({ metadata: { a: undefined, b: shared, c: [shared, shared], d: Object.create(null) } }),
    );
    const [stored] = journal.query({ run });
    expect(stored.status).toBe("ok");
    expect(stored.metadata).toEqual({ b: { n: 1 }, c: [{ n: 1 }, { n: 1 }], d: {} });
    expect(Object.keys(stored.metadata as object)).toEqual(["b", "c", "d"]);
  });

  it("refuses nesting deeper than 256 levels instead of overflowing the stack", () => {
    const run = journal.startRun(BACKTEST);
    let deep: unknown = "bottom";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    journal.record(run, row({ metadata: deep }));
    const [stored] = journal.query({ run });
    expect(stored.status).toBe("error");
    expect(stored.error).toBe(
      `metadata not stored (not JSON): metadata${"[0]".repeat(256)} is nested deeper than 256 levels`,
    );
  });

  it("stores a placeholder when reading the metadata throws", () => {
    const run = journal.startRun(BACKTEST);
    const hostile = {
      get price(): number {
        throw new Error("no price yet");
      },
    };
    journal.record(run, row({ metadata: hostile }));
    const [stored] = journal.query({ run });
    expect(stored.metadata).toEqual({ $unserializable: "metadata cannot be read: no price yet" });
  });
});

describe("ScanJournal resume of a live run", () => {
  let journal: ScanJournal;
  beforeEach(() => {
    journal = ScanJournal.open(":memory:");
  });
  afterEach(() => journal.close());

  it("finds the latest unfinished live run with that name and config hash, and nothing else", () => {
    expect(journal.resumeRun("demo", "live", "h1")).toBeUndefined();
    const finished = journal.startRun(LIVE);
    journal.finishRun(finished, { finishedAt: 5_000, status: "completed" });
    journal.startRun(BACKTEST); // unfinished, but a backtest
    journal.startRun({ ...LIVE, name: "other" });
    journal.startRun({ ...LIVE, configHash: "h2" });
    expect(journal.resumeRun("demo", "live", "h1")).toBeUndefined();
    const older = journal.startRun({ ...LIVE, startedAt: 6_000 });
    const latest = journal.startRun({ ...LIVE, startedAt: 7_000 });
    expect(older.id).toBeLessThan(latest.id);
    expect(journal.resumeRun("demo", "live", "h1")).toEqual(latest);
    expect(journal.resumeRun("demo", "backtest", "h1")).toBeUndefined();
    expect(journal.resumeRun("demo", "live", "h2")?.configHash).toBe("h2");
  });
});

describe("ScanJournal files", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "scanwright-journal-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("creates folders and, reopened after close, sees every run and row", () => {
    const path = join(folder, "nested", "deeper", "journal.db");
    const journal = ScanJournal.open(path);
    const run = journal.startRun(LIVE);
    journal.record(run, row({ scheduledAt: at("09:35") }));
    journal.record(run, row({ scheduledAt: at("09:40"), metadata: { n: [1, { x: "ü" }] } }));
    const before = journal.query();
    journal.close();

    const reopened = ScanJournal.open(path);
    expect(reopened.query()).toEqual(before);
    expect(reopened.query().length).toBe(2);
    const resumed = reopened.resumeRun("demo", "live", "h1");
    expect(resumed).toEqual(run);
    expect(reopened.record(resumed!, row({ scheduledAt: at("09:40") }))).toBe(false);
    expect(reopened.record(resumed!, row({ scheduledAt: at("09:45") }))).toBe(true);
    reopened.close();
  });

  it("keeps rows pending until a flush, then a second connection sees them all", () => {
    const path = join(folder, "journal.db");
    const writer = ScanJournal.open(path, { batchSize: 1_000 });
    const reader = ScanJournal.open(path);
    const run = writer.startRun(LIVE);
    expect(reader.runs().map((r) => r.id)).toEqual([run.id]); // runs are written at once
    for (let i = 0; i < 3; i++) writer.record(run, row({ scheduledAt: at("09:35") + i * 300_000 }));
    expect(writer.pendingRows).toBe(3);
    expect(reader.query()).toEqual([]);
    expect(reader.hasRecorded(run, "momentum", "regular", at("09:35"))).toBe(false);
    expect(writer.flush()).toBe(3);
    expect(writer.pendingRows).toBe(0);
    expect(reader.query().map((r) => r.scheduledAt)).toEqual([at("09:35"), at("09:40"), at("09:45")]);
    expect(reader.hasRecorded(run, "momentum", "regular", at("09:35"))).toBe(true);
    expect(writer.flush()).toBe(0);
    writer.close();
    reader.close();
  });

  it("flushes by itself every batchSize rows, and at finishRun and close", () => {
    const path = join(folder, "journal.db");
    const writer = ScanJournal.open(path, { batchSize: 4 });
    const reader = ScanJournal.open(path);
    const run = writer.startRun(BACKTEST);
    const slot = (i: number) => row({ scheduledAt: at("09:35") + i * 60_000 });
    for (let i = 0; i < 3; i++) writer.record(run, slot(i));
    expect(reader.query().length).toBe(0);
    writer.record(run, slot(3));
    expect(writer.pendingRows).toBe(0);
    expect(reader.query().length).toBe(4);
    writer.record(run, slot(4));
    writer.finishRun(run, { finishedAt: 9_000, status: "completed" });
    expect(reader.query().length).toBe(5);
    const second = writer.startRun(BACKTEST);
    writer.record(second, slot(0));
    writer.close();
    expect(reader.query({ run: second }).length).toBe(1);
    reader.close();
  });

  it("refuses a bar store, and a bar store refuses a journal", () => {
    const storePath = join(folder, "bars.db");
    BarStore.open(storePath).close();
    expect(() => ScanJournal.open(storePath)).toThrow(StoreError);
    expect(() => ScanJournal.open(storePath)).toThrow(
      `Scan journal "${storePath}" is a bar store, not a scan journal`,
    );
    BarStore.open(storePath).close(); // untouched: still a bar store

    const journalPath = join(folder, "journal.db");
    ScanJournal.open(journalPath).close();
    expect(() => BarStore.open(journalPath)).toThrow(
      `Bar store "${journalPath}" is a SQLite database of another application, not a bar store`,
    );
  });

  it("refuses a garbage file, a folder and an empty path", () => {
    const path = join(folder, "garbage.db");
    writeFileSync(path, "this is not a database\n".repeat(100));
    expect(() => ScanJournal.open(path)).toThrow(StoreError);
    expect(() => ScanJournal.open(path)).toThrow(`Scan journal "${path}" is not a SQLite database`);
    expect(() => ScanJournal.open(folder)).toThrow(
      `Scan journal "${folder}" is a folder, not a database file`,
    );
    expect(() => ScanJournal.open(" ")).toThrow(new StoreError("Scan journal path is empty"));
  });

  it("refuses a journal of another layout version and another application's database", () => {
    const path = join(folder, "journal.db");
    ScanJournal.open(path).close();
    const raw = new Database(path);
    raw.pragma("user_version = 99");
    raw.close();
    expect(() => ScanJournal.open(path)).toThrow(
      `Scan journal "${path}" has layout version 99; this scanwright reads version 2`,
    );
    const otherPath = join(folder, "other.db");
    const other = new Database(otherPath);
    other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
    other.close();
    expect(() => ScanJournal.open(otherPath)).toThrow(
      `Scan journal "${otherPath}" is a SQLite database of another application, not a scan journal`,
    );
  });

  it("upgrades a layout 1 journal (no run_fences) when opened for writing, and reads it as it is when read only", () => {
    const path = join(folder, "journal.db");
    const first = ScanJournal.open(path);
    const run = first.startRun(LIVE);
    first.record(run, row());
    first.close();
    const raw = new Database(path);
    raw.exec("DROP TABLE run_fences");
    raw.pragma("user_version = 1");
    raw.close();
    const tablesAndVersion = (): [string[], number] => {
      const db = new Database(path, { readonly: true });
      try {
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'run_fences'")
          .pluck()
          .all() as string[];
        return [tables, db.pragma("user_version", { simple: true }) as number];
      } finally {
        db.close();
      }
    };

    const reader = ScanJournal.open(path, { readOnly: true });
    expect(reader.query({ run }).length).toBe(1);
    reader.close();
    expect(tablesAndVersion()).toEqual([[], 1]);

    const writer = ScanJournal.open(path);
    expect(tablesAndVersion()).toEqual([["run_fences"], 2]);
    writer.claimRun(run, 3);
    writer.record(run, row({ scheduledAt: row().scheduledAt + 60_000 }));
    expect(writer.flush()).toBe(1);
    expect(writer.query({ run }).length).toBe(2);
    writer.close();
  });

  it("reports a flush blocked by another connection's lock as a StoreError and keeps the batch", () => {
    const path = join(folder, "journal.db");
    const journal = ScanJournal.open(path, { busyTimeoutMs: 20 });
    const run = journal.startRun(LIVE);
    journal.record(run, row());
    const holder = new Database(path);
    holder.exec("BEGIN IMMEDIATE");
    try {
      expect(() => journal.flush()).toThrow(`Scan journal "${path}" is locked by another connection`);
      expect(journal.pendingRows).toBe(1);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expect(journal.flush()).toBe(1);
    expect(journal.query().length).toBe(1);
    journal.close();
  });
});
