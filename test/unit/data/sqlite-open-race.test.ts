// Opening a scanwright SQLite file that another connection is writing in rollback mode, as when two
// processes open a fresh file at once (the members of an HA group on one journal): the switch to
// WAL meets SQLite's deadlock rule (this connection reading, the other holding the write lock),
// which fails at once rather than waiting. The open tries the switch again for about its busy
// timeout: it then finds the file the other connection made, and a lock held longer still ends in
// the located StoreError. And two threads opening the same fresh file at the same instant, many
// times over: each recognizes the file the other made (no "another application's database").

import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { BUILT_INDEX_URL } from "../../helpers/built-cli.js";
import { thrown } from "../../helpers/thrown.js";

/** A thread holding the write lock of the (rollback-mode) file at `path` for `holdMs`, then committing. */
async function holdWriteLock(path: string, holdMs: number): Promise<Worker> {
  const held = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const Database = require(workerData.sqlitePath);
     const db = new Database(workerData.path);
     db.exec("BEGIN IMMEDIATE");
     const held = new Int32Array(workerData.held);
     Atomics.store(held, 0, 1);
     Atomics.notify(held, 0);
     setTimeout(() => { db.exec("COMMIT"); db.close(); }, workerData.holdMs);`,
    {
      eval: true,
      workerData: {
        sqlitePath: createRequire(import.meta.url).resolve("better-sqlite3"),
        path,
        held: held.buffer,
        holdMs,
      },
    },
  );
  while (Atomics.load(held, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return worker;
}

describe("opening a SQLite file another connection is writing", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-open-race-"));
    path = join(dir, "journal.db");
    new Database(path).close(); // an empty file in rollback mode, as a fresh one is
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("switches to WAL once the other writer commits, and the journal opens whole", async () => {
    const worker = await holdWriteLock(path, 300);
    try {
      const journal = ScanJournal.open(path);
      try {
        const run = journal.startRun({ name: "a", mode: "backtest", configHash: "h", startedAt: 1_000 });
        expect(journal.runs().map((r) => [r.id, r.name, r.status])).toEqual([[run.id, "a", "running"]]);
      } finally {
        journal.close();
      }
    } finally {
      await worker.terminate();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });

  it("gives the located StoreError when the lock outlasts the busy timeout", async () => {
    const worker = await holdWriteLock(path, 5_000);
    try {
      const caught = thrown(() => ScanJournal.open(path, { busyTimeoutMs: 100 }).close());
      expect(caught).toBeInstanceOf(StoreError);
      expect(caught.message).toBe(
        `Scan journal "${path}" is locked by another connection (database is locked)`,
      );
    } finally {
      await worker.terminate();
    }
  });
});

/**
 * Two threads opening fresh files `kind` (ScanJournal or BarStore) at `dir`/f1.db, f2.db… at the
 * same instant (a spin barrier on shared words before each round): the messages of the opens that failed.
 */
async function openTogether(
  dir: string,
  kind: "ScanJournal" | "BarStore",
  rounds: number,
): Promise<string[]> {
  const words = new SharedArrayBuffer(8);
  const threads = [0, 1].map(
    () =>
      new Worker(
        `const { workerData, parentPort } = require("node:worker_threads");
         const { join } = require("node:path");
         import(workerData.index).then((lib) => {
           const words = new Int32Array(workerData.words);
           const meet = (word, round) => {
             Atomics.add(words, word, 1);
             while (Atomics.load(words, word) < round * 2) {}
           };
           const failures = [];
           for (let round = 1; round <= workerData.rounds; round++) {
             meet(0, round);
             try {
               lib[workerData.kind].open(join(workerData.dir, "f" + round + ".db")).close();
             } catch (error) {
               failures.push(round + ": " + error.message);
             }
             meet(1, round);
           }
           parentPort.postMessage(failures);
         });`,
        { eval: true, workerData: { index: BUILT_INDEX_URL, kind, dir, rounds, words } },
      ),
  );
  const failures = await Promise.all(
    threads.map(
      (thread) =>
        new Promise<string[]>((resolve, reject) => {
          thread.once("message", resolve);
          thread.once("error", reject);
        }),
    ),
  );
  return failures.flat();
}

describe("two threads opening the same fresh file at once", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-open-together-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // The file's id, version and tables are read as one snapshot. Read one by one (before the fix),
  // the other thread's schema could commit between them: about 1 round in 10 failed here with
  // "… is a SQLite database of another application", as an HA group's second member once did in CI.
  it.each(["ScanJournal", "BarStore"] as const)(
    "%s: 300 rounds, every open succeeds",
    async (kind) => {
      expect(await openTogether(dir, kind, 300)).toEqual([]);
      const db = new Database(join(dir, "f300.db"), { readonly: true });
      try {
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        db.close();
      }
    },
    120_000,
  );
});
