// A thread that touches the pages of shared buffers before the main thread writes them.
//
// Why: the first write to a page of new memory is a page fault, which costs the writing thread
// 8–13 µs per 4 KiB page on this kind of machine (a day of 1m bars for 2,000 symbols, 37.5 MB, is
// about 0.1 s of faults). Page tables belong to the process, so a page another thread has faulted
// in is mapped for every thread: the main thread then writes it at memory speed, and the faults
// are paid on the second CPU.
//
// The thread writes nothing a reader could see: it compare-and-swaps 0 for 0 on the first 8 bytes
// of each page. If the main thread has written there already the swap fails and leaves its value;
// if it writes later, its value replaces the 0. Atomic and plain accesses of the same aligned
// 8 bytes are each indivisible, so no value is ever lost, whichever thread comes first. If the
// thread fails or is gone, nothing is lost either: the main thread faults the pages in itself.

import { Worker } from "node:worker_threads";
import { lowerThreadPrioritySource, PREFAULT_THREAD_NICE } from "./helper-thread-priority.js";

/** 8-byte words per 4 KiB page: the thread touches one word of each. */
const PAGE_WORDS = 4096 / 8;

const WORKER_SOURCE = `
${lowerThreadPrioritySource(PREFAULT_THREAD_NICE)}
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (buffer) => {
  const words = new BigInt64Array(buffer);
  for (let i = 0; i < words.length; i += ${PAGE_WORDS}) Atomics.compareExchange(words, i, 0n, 0n);
  parentPort.postMessage(0);
});
`;

export class PrefaultThread {
  private worker: Worker | undefined;
  /** Buffers posted and not touched yet. */
  private pending = 0;
  private readonly waiting: Array<() => void> = [];

  constructor() {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // A small heap: the thread allocates a view per buffer and nothing else.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
    });
    // The process need not wait for it; a failure only stops the touching (see above).
    worker.unref();
    worker.on("error", () => this.stop());
    worker.on("exit", () => {
      this.worker = undefined;
      this.settle(this.pending);
    });
    worker.on("message", () => this.settle(1));
    this.worker = worker;
  }

  /** Whether the thread still takes buffers. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Has the thread touch every page of `buffer`, soon; the caller may write it meanwhile. */
  touch(buffer: SharedArrayBuffer): void {
    if (this.worker === undefined) return;
    this.pending++;
    this.worker.postMessage(buffer);
  }

  /** Resolves once every buffer posted so far is touched (or the thread has ended). */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Ends the thread (pages it has not touched yet are faulted in by whoever writes them). */
  stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) void worker.terminate();
  }

  private settle(touched: number): void {
    this.pending = Math.max(0, this.pending - touched);
    if (this.pending > 0) return;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
