// Opening scanwright's SQLite files read-only (the dashboard's way): an existing journal or store
// opens and reads, writes fail with a StoreError, and nothing is created: a missing file, an empty
// one or a file of the other kind is refused without being touched.

import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";

describe("read-only opening", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-read-only-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads an existing journal and refuses to write to it", () => {
    const path = join(dir, "journal.db");
    const writer = ScanJournal.open(path);
    writer.startRun({ name: "a", mode: "backtest", configHash: "h", startedAt: 1_000 });
    writer.close();
    const reader = ScanJournal.open(path, { readOnly: true });
    try {
      expect(reader.runs().map((run) => [run.id, run.name, run.status])).toEqual([[1, "a", "running"]]);
      expect(() =>
        reader.startRun({ name: "b", mode: "backtest", configHash: "h", startedAt: 2_000 }),
      ).toThrow(StoreError);
      expect(() => reader.finishRun(1, { finishedAt: 3_000, status: "completed" })).toThrow(/not writable/);
    } finally {
      reader.close();
    }
    const again = ScanJournal.open(path, { readOnly: true });
    expect(again.runs().map((run) => [run.id, run.status])).toEqual([[1, "running"]]);
    again.close();
  });

  it("creates nothing: a missing file is a StoreError", () => {
    const path = join(dir, "sub", "journal.db");
    expect(() => ScanJournal.open(path, { readOnly: true })).toThrow(`Scan journal "${path}" does not exist`);
    expect(existsSync(join(dir, "sub"))).toBe(false);
  });

  it("refuses an empty file and a file of the other kind, leaving them as they were", () => {
    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    expect(() => ScanJournal.open(empty, { readOnly: true })).toThrow(
      `Scan journal "${empty}" is empty, not a scan journal`,
    );
    expect(statSync(empty).size).toBe(0);
    const storePath = join(dir, "bars.db");
    BarStore.open(storePath).close();
    expect(() => ScanJournal.open(storePath, { readOnly: true })).toThrow(
      `Scan journal "${storePath}" is a bar store, not a scan journal`,
    );
    const store = BarStore.open(storePath, { readOnly: true });
    expect(store.isEmpty()).toBe(true);
    store.close();
  });
});
