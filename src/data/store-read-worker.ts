// The store read-ahead worker: a thread with its own read-only connection to the bar store that
// reads and decodes batched reads (readBarsOfSymbols, the intact check included) while the main
// thread does other work, and hands the columns over in transferred buffers (store-read-ahead.ts).
// It takes each request with a compare-and-swap on the shared TAKEN word, so a request the main
// thread took first (to read it itself) is skipped here, not read twice.

import { parentPort, workerData } from "node:worker_threads";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { DEFAULT_SLAB_BYTES } from "../core/bar-columns-slab.js";
import { BarStore } from "./bar-store.js";
import {
  columnsAt,
  ENDED,
  READY,
  type ReadReply,
  type ReadRequest,
  type ReadWorkerSetup,
  REPLIES,
  STATE,
  TAKEN,
} from "./store-read-protocol.js";

/**
 * Bytes of the buffers a reply's columns are carved from: above glibc's largest mmap threshold
 * (as BarColumnsSlab's), so that each is mapped on its own and unmapped once the main thread lets go
 * of it; smaller ones, freed by the main thread into this thread's malloc arena, stay resident.
 * Only the pages written count: a request of 250 symbols' days touches about 4.7 MB of it.
 */
const BUFFER_BYTES = DEFAULT_SLAB_BYTES;
const BYTES_PER_BAR = 6 * Float64Array.BYTES_PER_ELEMENT;

const setup = workerData as ReadWorkerSetup;
const words = new Int32Array(setup.signal);
const port = parentPort;

/** Tells a main thread waiting on REPLIES that this thread is gone (any exit: closed, crashed, killed). */
process.on("exit", () => {
  Atomics.store(words, STATE, ENDED);
  Atomics.add(words, REPLIES, 1);
  Atomics.notify(words, REPLIES);
});

const store = BarStore.open(setup.storePath, { readOnly: true });
Atomics.store(words, STATE, READY);

port?.on("message", (message: ReadRequest | "close") => {
  if (message === "close") {
    store.close();
    port.close();
    setup.replies.close();
    return;
  }
  // Taken by the main thread already (it stopped waiting for this one): nothing to do.
  if (Atomics.compareExchange(words, TAKEN, message.ticket - 1, message.ticket) !== message.ticket - 1)
    return;
  const { reply, transfer } = read(message);
  setup.replies.postMessage(reply, transfer as ArrayBuffer[]);
  Atomics.add(words, REPLIES, 1);
  Atomics.notify(words, REPLIES);
});

function read(request: ReadRequest): { reply: ReadReply; transfer: readonly ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = [];
  let used = BUFFER_BYTES;
  // Columns carved one after the other from buffers of BUFFER_BYTES (larger ones get their own).
  const allocate = (length: number): BarColumns => {
    const bytes = length * BYTES_PER_BAR;
    if (bytes > BUFFER_BYTES / 8) {
      const bars = allocateBarColumns(length);
      buffers.push(bars.time.buffer as ArrayBuffer);
      return bars;
    }
    if (used + bytes > BUFFER_BYTES) {
      buffers.push(new ArrayBuffer(BUFFER_BYTES));
      used = 0;
    }
    const at = used;
    used += bytes;
    return columnsAt(buffers[buffers.length - 1], at, length);
  };
  try {
    const days = store.readBarsOfSymbols(
      request.symbols,
      request.interval,
      request.fromTime,
      request.toTime,
      allocate,
    );
    const index = new Map(buffers.map((buffer, i) => [buffer, i]));
    const places = new Float64Array(3 * days.length);
    days.forEach((bars, i) => {
      // Empty entries (a symbol without bars) are not in any buffer: length 0 says so.
      if (bars.length > 0) places.set([index.get(bars.time.buffer as ArrayBuffer)!, bars.time.byteOffset, bars.length], 3 * i);
    });
    return { reply: { ticket: request.ticket, ok: true, buffers, places }, transfer: buffers };
  } catch (error) {
    const code = typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "";
    const text = error instanceof Error ? error.message : String(error);
    return { reply: { ticket: request.ticket, ok: false, code, message: text }, transfer: [] };
  }
}
