// Following a journal another connection writes: opened read-only (nothing created, nothing
// written), `rowsAfter` hands out the rows journaled after a cursor, filtered, in journaling order,
// across runs, and a cursor that moves past the rows the filter left out.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { type JournalRecord, ScanJournal } from "../../../src/scanners/scan-journal.js";

function row(scanner: string, time: string, symbols: string[], status: "ok" | "error" = "ok"): JournalRecord {
  const scheduledAt = Date.parse(`2024-12-30T${time}:00-05:00`);
  return {
    scanner,
    kind: "regular",
    sessionDate: "2024-12-30",
    scheduledAt,
    startedAt: scheduledAt,
    durationMs: 1,
    status,
    ...(status === "error" ? { error: "boom" } : {}),
    universeSize: 3,
    symbols,
    metadata: {},
    promoted: [],
  };
}

describe("following a journal", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-follow-"));
    path = join(dir, "journal.db");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads what a writer journals after the cursor, filtered, across runs, with a cursor past every row seen", () => {
    const writer = ScanJournal.open(path);
    const reader = ScanJournal.open(path, { readOnly: true });
    try {
      const first = writer.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 0 });
      writer.record(first, row("a", "10:00", ["X"]));
      writer.flush();
      const start = reader.lastRow();
      expect(start).toBe(1);
      expect(reader.rowsAfter(start)).toEqual({ rows: [], cursor: 1 });

      writer.record(first, row("a", "10:05", ["Y"]));
      writer.record(first, row("b", "10:05", [], "error"));
      writer.flush();
      const second = writer.startRun({ name: "live", mode: "live", configHash: "h", startedAt: 1 });
      writer.record(second, row("a", "10:10", ["Z"]));
      writer.flush();

      const ok = reader.rowsAfter(start, { status: "ok" });
      expect(ok.rows.map((r) => `${r.run} ${r.scanner} ${r.symbols.join(",")}`)).toEqual(["1 a Y", "2 a Z"]);
      // The filtered-out error row is behind the cursor too: it is not looked at again.
      expect(ok.cursor).toBe(4);
      expect(reader.rowsAfter(ok.cursor, { status: "ok" })).toEqual({ rows: [], cursor: 4 });
      expect(reader.rowsAfter(start).rows.map((r) => r.scanner)).toEqual(["a", "b", "a"]);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it("read-only: refuses to write, and refuses a file that does not exist without creating it", () => {
    const writer = ScanJournal.open(path);
    writer.close();
    const reader = ScanJournal.open(path, { readOnly: true });
    try {
      expect(() => reader.startRun({ name: "x", mode: "backtest", configHash: "h", startedAt: 0 })).toThrow(
        StoreError,
      );
    } finally {
      reader.close();
    }
    const missing = join(dir, "missing.db");
    expect(() => ScanJournal.open(missing, { readOnly: true })).toThrow(StoreError);
    expect(() => ScanJournal.open(missing, { readOnly: true })).toThrow(/missing\.db/);
    expect(existsSync(missing)).toBe(false);
  });
});
