// Where a store's reads get their own thread (startReadThreadWhereUseful), the rule a backtest's
// session and scoring share: a SQLite file store with none running, on a machine with a second CPU;
// the function returned stops the thread it started and no other.

import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BarStore } from "../../../src/data/bar-store.js";
import { startReadThreadWhereUseful } from "../../../src/data/store-read-thread-start.js";

describe("startReadThreadWhereUseful", () => {
  let dir: string;
  let store: BarStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-read-thread-start-"));
    store = BarStore.open(join(dir, "bars.db"));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts the thread of a file store with a second CPU, once, and stops the one it started", () => {
    const stop = startReadThreadWhereUseful(store);
    // This machine kind has two CPUs; on one, no thread is started at all.
    const twoCpus = availableParallelism() >= 2;
    expect(stop !== undefined).toBe(twoCpus);
    expect(store.readThread?.isRunning === true).toBe(twoCpus);
    const started = store.readThread;
    // A thread already running is left alone: no second start, no stop handed out for it.
    expect(startReadThreadWhereUseful(store)).toBeUndefined();
    expect(store.readThread).toBe(started);
    stop?.();
    expect(store.readThread).toBeUndefined();
  });

  it("starts none for an in-memory store", () => {
    const memory = BarStore.open(":memory:");
    try {
      expect(startReadThreadWhereUseful(memory)).toBeUndefined();
      expect(memory.readThread).toBeUndefined();
    } finally {
      memory.close();
    }
  });
});
