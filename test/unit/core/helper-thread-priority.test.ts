// The helper threads' lower priority (helper-thread-priority.ts): the snippet sets the nice value of
// the thread that runs it, never lowers one that is higher already (a niced process keeps its
// helpers as nice as itself), and the prefault and store read threads run it first.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  lowerThreadPrioritySource,
  PREFAULT_THREAD_NICE,
  READ_THREAD_NICE,
} from "../../../src/core/helper-thread-priority.js";
import { PrefaultThread } from "../../../src/core/prefault-thread.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { columnsOfRows } from "../../helpers/bar-rows.js";

const linux = process.platform === "linux";

/** The nice value a worker running `lowerThreadPrioritySource(nice)` reports for itself, its thread started at `startNice`. */
async function niceInWorker(nice: number, startNice: number): Promise<number> {
  const source = `
const os = require("node:os");
const threadId = () => Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
os.setPriority(threadId(), ${startNice});
${lowerThreadPrioritySource(nice)}
require("node:worker_threads").parentPort.postMessage(os.getPriority(threadId()));
`;
  const worker = new Worker(source, { eval: true });
  try {
    return await new Promise<number>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

/** Thread ids of this process. */
function threadIds(): Set<number> {
  return new Set(readdirSync("/proc/self/task").map(Number));
}

/** Nice values of the threads started since `before` (those still running). */
function niceOfNewThreads(before: ReadonlySet<number>): number[] {
  const values: number[] = [];
  for (const id of threadIds()) {
    if (before.has(id)) continue;
    try {
      values.push(getPriority(id));
    } catch {
      // The thread ended between the listing and the look: it is not one of those asked about.
    }
  }
  return values;
}

describe.runIf(linux)("helper thread priority", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("sets the running thread's nice value, and leaves a higher one as it is", async () => {
    expect(await niceInWorker(READ_THREAD_NICE, 0)).toBe(10);
    expect(await niceInWorker(PREFAULT_THREAD_NICE, 0)).toBe(19);
    // Started nicer than asked (a niced process's threads): kept, no privilege needed.
    expect(await niceInWorker(READ_THREAD_NICE, 15)).toBe(15);
  });

  it("runs the prefault thread at nice 19", async () => {
    const before = threadIds();
    const thread = new PrefaultThread();
    cleanups.push(() => thread.stop());
    // Once a buffer is touched the thread has run its source from the top.
    thread.touch(new SharedArrayBuffer(4096));
    await thread.settled();
    expect(niceOfNewThreads(before)).toContain(PREFAULT_THREAD_NICE);
  });

  it("runs the store's read thread at nice 10", async () => {
    const folder = mkdtempSync(join(tmpdir(), "scanwright-thread-nice-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const store = BarStore.open(join(folder, "bars.db"));
    cleanups.push(() => store.close());
    store.insertBars("SPY", "1m", columnsOfRows([[Date.UTC(2024, 2, 5, 14, 30), 10, 11, 9, 10.5, 100]]));
    const before = threadIds();
    expect(store.startReadThread()).toBeDefined();
    await vi.waitFor(() => expect(niceOfNewThreads(before)).toContain(READ_THREAD_NICE), {
      timeout: 20_000,
      interval: 20,
    });
  });
});
