// The store read-ahead worker: a thread with its own read-only connection to the bar store that
// reads and decodes batched reads (readBarsOfSymbols, the intact check included) while the main
// thread does other work, into a pool of shared buffers the main thread copies from
// (store-read-ahead.ts). It takes each request with a compare-and-swap on the shared TAKEN word, so
// a request the main thread took first (to read it itself) is skipped here, not read twice.

import { parentPort, workerData } from "node:worker_threads";
import type { BarColumns } from "../core/bar-columns.js";
import { BarStore } from "./bar-store.js";
import {
  columnsAt,
  ENDED,
  READY,
  REPLIES,
  type ReadReply,
  type ReadWorkerSetup,
  STATE,
  TAKEN,
  type ToWorker,
} from "./store-read-protocol.js";

/**
 * Bytes of each shared buffer of the pool (a read of 250 symbols' days of 1m bars takes 4.7 MB).
 * The pool grows to what is read ahead at a time (about one session's days) and is reused after
 * that: no new memory per day, so no garbage for either thread's collector and no page touched for
 * the first time.
 */
const POOL_BUFFER_BYTES = 8 * 1024 * 1024;
const BYTES_PER_BAR = 6 * Float64Array.BYTES_PER_ELEMENT;

const setup = workerData as ReadWorkerSetup;
const words = new Int32Array(setup.signal);
const port = parentPort;
const pool: SharedArrayBuffer[] = [];
/** Indices of the pool's buffers the main thread gave back (`release`). */
const free: number[] = [];

/** Tells a main thread waiting on REPLIES that this thread is gone (any exit: closed, crashed, killed). */
process.on("exit", () => {
  Atomics.store(words, STATE, ENDED);
  Atomics.add(words, REPLIES, 1);
  Atomics.notify(words, REPLIES);
});

const store = BarStore.open(setup.storePath, { readOnly: true });
Atomics.store(words, STATE, READY);

port?.on("message", (message: ToWorker) => {
  if (message.kind === "close") {
    store.close();
    port.close();
    setup.replies.close();
    return;
  }
  if (message.kind === "release") {
    free.push(...message.buffers);
    return;
  }
  // Taken by the main thread already (it stopped waiting for this one): nothing to do.
  const { ticket } = message;
  if (Atomics.compareExchange(words, TAKEN, ticket - 1, ticket) !== ticket - 1) return;
  setup.replies.postMessage(read(message));
  Atomics.add(words, REPLIES, 1);
  Atomics.notify(words, REPLIES);
});

function read(request: ToWorker & { kind: "read" }): ReadReply {
  const used: number[] = [];
  const added: Array<{ readonly index: number; readonly buffer: SharedArrayBuffer }> = [];
  let current = -1;
  let offset = 0;
  /** A free buffer of the pool with room for `bytes` (a new one when none is free). */
  const nextBuffer = (bytes: number): number => {
    const at = free.findIndex((index) => pool[index].byteLength >= bytes);
    if (at >= 0) return free.splice(at, 1)[0];
    const buffer = new SharedArrayBuffer(Math.max(POOL_BUFFER_BYTES, bytes));
    pool.push(buffer);
    added.push({ index: pool.length - 1, buffer });
    return pool.length - 1;
  };
  // Columns carved one after the other from the pool's buffers.
  const allocate = (length: number): BarColumns => {
    const bytes = length * BYTES_PER_BAR;
    if (current < 0 || offset + bytes > pool[current].byteLength) {
      current = nextBuffer(bytes);
      used.push(current);
      offset = 0;
    }
    const at = offset;
    offset += bytes;
    return columnsAt(pool[current], at, length);
  };
  try {
    const days = store.readBarsOfSymbols(
      request.symbols,
      request.interval,
      request.fromTime,
      request.toTime,
      allocate,
    );
    const places = new Float64Array(3 * days.length);
    days.forEach((bars, i) => {
      // Empty entries (a symbol without bars) are in no buffer: length 0 says so.
      const index = pool.indexOf(bars.time.buffer as SharedArrayBuffer);
      if (bars.length > 0) places.set([index, bars.time.byteOffset, bars.length], 3 * i);
    });
    return { ticket: request.ticket, ok: true, used, added, places };
  } catch (error) {
    free.push(...used);
    const code =
      typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "";
    const text = error instanceof Error ? error.message : String(error);
    return { ticket: request.ticket, ok: false, added, code, message: text };
  }
}
