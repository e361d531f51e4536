// The SQLite files under faults: a bar store truncated, with garbage pages or a garbage header; a
// store and a journal locked by a write transaction held in another process; a store and a journal
// that fill up (a tiny size limit, SQLite's max_page_count, through the `maxPageCount` open option).
// Each gives a coded StoreError naming the file and the cause, and nothing already stored is lost:
// the bars and rows written before the fault read back unchanged afterwards.

import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { allocateBarColumns } from "../../src/core/bar-columns.js";
import { StoreError } from "../../src/core/errors.js";
import { BarStore } from "../../src/data/bar-store.js";
import type { JournalRecord } from "../../src/scanners/journal-types.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Matches a thrown StoreError by its exact message (vitest compares the whole message). */
function storeError(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

let demo: DemoStore;
let dir: string;

/** Every series and every bar of the store, column by column. */
function readAll(path: string, options: { maxPageCount?: number } = {}) {
  const store = BarStore.open(path, options);
  try {
    return store.listSeries().map((info) => {
      const bars = store.readBars(info.symbol, info.interval, 0, Number.MAX_SAFE_INTEGER);
      return {
        info,
        time: Array.from(bars.time),
        close: Array.from(bars.close),
        volume: Array.from(bars.volume),
      };
    });
  } finally {
    store.close();
  }
}

/** Opens the store and reads every bar; returns the error it fails with. */
function failureOf(path: string): unknown {
  try {
    readAll(path);
  } catch (error) {
    return error;
  }
  throw new Error(`${path} read without an error`);
}

function copy(name: string): string {
  const path = join(dir, name);
  copyFileSync(demo.path, path);
  return path;
}

function overwrite(path: string, at: number, bytes: Buffer): void {
  const fd = openSync(path, "r+");
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
}

/** `count` one-minute bars from `from`, valid. */
function minuteBars(from: number, count: number) {
  const bars = allocateBarColumns(count);
  for (let i = 0; i < count; i++) {
    bars.time[i] = from + i * 60_000;
    bars.open[i] = 10 + (i % 7);
    bars.high[i] = 20 + (i % 5);
    bars.low[i] = 5;
    bars.close[i] = 11 + (i % 3);
    bars.volume[i] = 1000 + i;
  }
  return bars;
}

beforeAll(() => {
  demo = buildDemoStore({ symbols: 3, days: 2, historyDays: 20 });
  dir = mkdtempSync(join(tmpdir(), "scanwright-store-faults-"));
});
afterAll(() => {
  demo?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a damaged bar store", () => {
  it("truncated to 60 %: a coded StoreError, also through the CLI (exit 1)", async () => {
    const path = copy("truncated.db");
    truncateSync(path, Math.floor(statSync(path).size * 0.6));
    const error = failureOf(path);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("SCN_ERR_STORE");
    expect((error as StoreError).message).toBe(
      `Bar store "${path}" cannot be opened: the file is corrupt (database disk image is malformed)`,
    );
    const cli = await runCaptured(
      ["bars", demo.symbols[0], "--from", "2024-12-30", "--to", "2024-12-30", "--store", path],
      commandRegistrars,
      { cwd: REPO },
    );
    expect(cli).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: `error SCN_ERR_STORE: Bar store "${path}" cannot be opened: the file is corrupt (database disk image is malformed)\n`,
    });
  });

  it("with garbage pages in the middle of the file: reading the damaged series is a coded error, the others read back whole", () => {
    // Chunks carry no checksum; every blob read is checked (whole bars, ascending times, valid
    // OHLCV), so garbage written into a blob is refused instead of passing for bars.
    const path = copy("garbage-pages.db");
    overwrite(path, Math.floor(statSync(path).size / 2 / 4096) * 4096, Buffer.alloc(3 * 4096, 0xab));
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).not.toBe("ok");
    } finally {
      db.close();
    }
    const original = readAll(demo.path);
    const store = BarStore.open(path);
    try {
      const outcomes = store.listSeries().map((info, index) => {
        try {
          const bars = store.readBars(info.symbol, info.interval, 0, Number.MAX_SAFE_INTEGER);
          const same = JSON.stringify(Array.from(bars.close)) === JSON.stringify(original[index].close);
          return same ? "intact" : "silently different";
        } catch (error) {
          expect(error).toBeInstanceOf(StoreError);
          expect((error as StoreError).message).toMatch(
            new RegExp(
              `^Bar store "${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}": the stored ${info.symbol} ${info.interval} bars are corrupt \\(.+\\); restore the file from a backup or re-import the series$`,
            ),
          );
          return "refused";
        }
      });
      // The damaged pages hold one or two chunks' blobs: those series are refused, none passes
      // garbage off as bars, the others read back unchanged.
      expect(outcomes).not.toContain("silently different");
      const refused = outcomes.filter((outcome) => outcome === "refused").length;
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(refused).toBeLessThanOrEqual(2);
      expect(outcomes.length).toBe(original.length);
    } finally {
      store.close();
    }
  });

  it("with a garbage header: refused as not a SQLite database", () => {
    const path = copy("garbage-header.db");
    overwrite(path, 0, Buffer.alloc(16, 0x41));
    const error = failureOf(path) as StoreError;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(`Bar store "${path}" is not a SQLite database`);
  });

  it("the undamaged original still reads back whole", () => {
    expect(readAll(demo.path).length).toBe(6);
  });
});

/** A child process that opens `path` and holds a write transaction until it is killed. */
function holdWriteLock(path: string): Promise<ChildProcess> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(path)});
    db.exec("BEGIN IMMEDIATE");
    process.stdout.write("locked\\n");
    setInterval(() => {}, 1000);
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve(child);
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("a store and a journal locked by another process", () => {
  it("store: a write fails with a coded lock error after the busy timeout; reads go on; nothing lost", async () => {
    const path = copy("locked.db");
    const before = readAll(path);
    const holder = await holdWriteLock(path);
    try {
      const store = BarStore.open(path, { busyTimeoutMs: 100 });
      try {
        expect(() =>
          store.insertBars("LOCK", "1m", minuteBars(Date.parse("2024-12-30T14:30:00Z"), 10)),
        ).toThrow(storeError(`Bar store "${path}" is locked by another connection (database is locked)`));
      } finally {
        store.close();
      }
      // WAL: readers are not blocked by the writer.
      expect(readAll(path)).toEqual(before);
    } finally {
      await killed(holder);
    }
    expect(readAll(path)).toEqual(before);
    const store = BarStore.open(path);
    try {
      expect(
        store.insertBars("LOCK", "1m", minuteBars(Date.parse("2024-12-30T14:30:00Z"), 10)).inserted,
      ).toBe(10);
    } finally {
      store.close();
    }
  });

  it("journal: a flush fails with a coded lock error and keeps its batch; flushed rows stay", async () => {
    const path = join(dir, "locked-journal.db");
    const journal = ScanJournal.open(path, { busyTimeoutMs: 100, batchSize: 1_000_000 });
    const run = journal.startRun({ name: "lock", mode: "live", configHash: "h", startedAt: 0 });
    for (let i = 0; i < 5; i++) journal.record(run, journalRow(i));
    journal.flush();
    for (let i = 5; i < 8; i++) journal.record(run, journalRow(i));
    const holder = await holdWriteLock(path);
    try {
      expect(() => journal.flush()).toThrow(
        storeError(`Scan journal "${path}" is locked by another connection (database is locked)`),
      );
      expect(journal.pendingRows).toBe(3);
    } finally {
      await killed(holder);
    }
    expect(journal.flush()).toBe(3);
    expect(journal.exportRun(run).map((row) => row.scheduledAt)).toEqual(
      Array.from({ length: 8 }, (_, i) => journalRow(i).scheduledAt),
    );
    journal.close();
  });
});

function journalRow(i: number): JournalRecord {
  const at = Date.parse("2024-12-30T14:35:00Z") + i * 60_000;
  return {
    scanner: "full",
    kind: "regular",
    sessionDate: "2024-12-30",
    scheduledAt: at,
    startedAt: at,
    durationMs: 1,
    status: "ok",
    universeSize: 1,
    symbols: ["AAA"],
    metadata: { i, padding: "x".repeat(2_000) },
    promoted: [],
  };
}

function pageCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma("page_count", { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe("a full disk (a tiny size limit)", () => {
  it("store: the write that does not fit fails whole with a coded error; every stored bar stays", () => {
    const path = copy("full.db");
    const before = readAll(path);
    const limit = pageCount(path) + 2;
    const store = BarStore.open(path, { maxPageCount: limit });
    try {
      expect(() =>
        store.insertBars("FULL", "1m", minuteBars(Date.parse("2024-12-30T14:30:00Z"), 20_000)),
      ).toThrow(
        storeError(
          `Bar store "${path}" cannot be written: the disk or the database is full (database or disk is full)`,
        ),
      );
      // The store stays usable: a write that fits still goes in.
      expect(store.insertBars("TINY", "1m", minuteBars(Date.parse("2024-12-30T14:30:00Z"), 3)).inserted).toBe(
        3,
      );
    } finally {
      store.close();
    }
    const after = readAll(path);
    expect(after.filter((series) => series.info.symbol !== "TINY")).toEqual(before);
    expect(after.map((series) => series.info.symbol)).not.toContain("FULL");
  });

  it("journal: the flush that does not fit fails with a coded error and keeps its batch; flushed rows stay", () => {
    const path = join(dir, "full-journal.db");
    ScanJournal.open(path).close();
    const journal = ScanJournal.open(path, { maxPageCount: pageCount(path) + 8, batchSize: 1_000_000 });
    const run = journal.startRun({ name: "full", mode: "live", configHash: "h", startedAt: 0 });
    for (let i = 0; i < 3; i++) journal.record(run, journalRow(i));
    expect(journal.flush()).toBe(3);
    for (let i = 3; i < 200; i++) journal.record(run, journalRow(i));
    expect(() => journal.flush()).toThrow(
      storeError(
        `Scan journal "${path}" cannot be written: the disk or the database is full (database or disk is full)`,
      ),
    );
    expect(journal.pendingRows).toBe(197);
    // Closing tries the batch once more (still full) and closes the file anyway.
    expect(() => journal.close()).toThrow(
      storeError(
        `Scan journal "${path}" cannot be written: the disk or the database is full (database or disk is full)`,
      ),
    );
    expect(journal.isOpen).toBe(false);
    const reopened = ScanJournal.open(path);
    try {
      expect(reopened.exportRun(run.id).map((row) => row.scheduledAt)).toEqual(
        [0, 1, 2].map((i) => journalRow(i).scheduledAt),
      );
    } finally {
      reopened.close();
    }
  });

  it("refuses a size limit that is not a whole number of pages", () => {
    expect(() => BarStore.open(join(dir, "bad-limit.db"), { maxPageCount: 0 })).toThrow(
      storeError(`Bar store "${join(dir, "bad-limit.db")}": maxPageCount must be a whole number >= 1, got 0`),
    );
  });
});
