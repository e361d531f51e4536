// What the main thread and the store read-ahead worker (store-read-worker.ts) say to each other:
// read requests one way, decoded days the other, and a few shared words through which a blocked
// main thread learns that a reply arrived, who took which request, and whether the worker ended.

import type { MessagePort } from "node:worker_threads";
import type { BarColumns } from "../core/bar-columns.js";

/** What the worker gets at its start. */
export interface ReadWorkerSetup {
  /** The SQLite bar store file, opened read-only by the worker on a connection of its own. */
  readonly storePath: string;
  /** Where replies go (the main thread reads it with `receiveMessageOnPort`, blocking or not). */
  readonly replies: MessagePort;
  /** The shared words below (an Int32Array over it). */
  readonly signal: SharedArrayBuffer;
}

/** What the main thread posts to the worker. */
export type ToWorker =
  | {
      /** One batched read: `BarStorePort.readBarsOfSymbols` of these arguments. */
      readonly kind: "read";
      readonly ticket: number;
      readonly symbols: readonly string[];
      readonly interval: string;
      readonly fromTime: number;
      readonly toTime: number;
    }
  /** The pool buffers of a reply, copied from: the worker may fill them again. */
  | { readonly kind: "release"; readonly buffers: readonly number[] }
  /** Close the connection and end the thread. */
  | { readonly kind: "close" };

/** Buffers the worker added to the pool (shared with the main thread from then on, by index). */
type PoolAdded = ReadonlyArray<{ readonly index: number; readonly buffer: SharedArrayBuffer }>;

/**
 * The columns of a request's symbols in the pool's buffers: `places[3i..3i+2]` = buffer index,
 * byte offset, length (0: no bars). `used`: the buffers holding them, to release once copied.
 */
export interface ReadDone {
  readonly ticket: number;
  readonly ok: true;
  readonly added: PoolAdded;
  readonly used: readonly number[];
  readonly places: Float64Array;
}

/** The read failed in the worker; the main thread reads again itself, and gets the same error. */
export interface ReadFailed {
  readonly ticket: number;
  readonly ok: false;
  readonly added: PoolAdded;
  readonly code: string;
  readonly message: string;
}

export type ReadReply = ReadDone | ReadFailed;

/** Index of the shared words: replies posted so far (a blocked main thread waits on it). */
export const REPLIES = 0;
/**
 * The highest ticket taken, by the worker (to read it) or by the main thread (to read it itself,
 * or to drop it): each ticket is taken once, with a compare-and-swap from `ticket − 1`.
 */
export const TAKEN = 1;
/** The worker's state: STARTING, READY (store open, serving) or ENDED. */
export const STATE = 2;
export const SIGNAL_WORDS = 3;

export const STARTING = 0;
export const READY = 1;
export const ENDED = 2;

/** Columns of `length` bars at `byteOffset` of `buffer`, laid out as `allocateBarColumns` lays them. */
export function columnsAt(buffer: ArrayBufferLike, byteOffset: number, length: number): BarColumns {
  const step = length * Float64Array.BYTES_PER_ELEMENT;
  return {
    length,
    time: new Float64Array(buffer, byteOffset, length),
    open: new Float64Array(buffer, byteOffset + step, length),
    high: new Float64Array(buffer, byteOffset + 2 * step, length),
    low: new Float64Array(buffer, byteOffset + 3 * step, length),
    close: new Float64Array(buffer, byteOffset + 4 * step, length),
    volume: new Float64Array(buffer, byteOffset + 5 * step, length),
  };
}
