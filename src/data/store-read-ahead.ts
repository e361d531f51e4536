// Reading the bar store ahead on a second thread: the main thread posts batched reads
// (`request`) as soon as it knows what it will need, goes on with other work (a day's
// provisioning) while the worker (store-read-worker.ts) reads and decodes them, and collects them
// when it needs them (`take`), waiting only for a read the worker has already begun.
//
// The hand-over is synchronous (the session's feed drains synchronously): `take` blocks with
// `Atomics.wait` on a shared word the worker bumps after each reply, and takes the reply with
// `receiveMessageOnPort`. Every way it can fail ends in "read it yourself" (`undefined`), so the
// caller's own synchronous read runs and gives the very result, or the very typed error, it gives
// without a worker: a read the worker has not begun yet (taken back with a compare-and-swap, so
// the worker skips it), a read that failed in the worker (a damaged chunk), a worker that ended
// (closed, crashed, killed: its exit hook sets a shared word and wakes the waiter), or one that
// stayed silent for `silenceLimitMs` of waiting.

import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BarColumns } from "../core/bar-columns.js";
import {
  columnsAt,
  ENDED,
  type ReadReply,
  type ReadRequest,
  type ReadWorkerSetup,
  REPLIES,
  SIGNAL_WORDS,
  STATE,
  TAKEN,
} from "./store-read-protocol.js";

/** How long one blocking wait lasts before the waiter looks at the worker's state again. */
const WAIT_SLICE_MS = 50;
/** Waiting this long without any reply gives up on the worker (it is then stopped). */
const DEFAULT_SILENCE_LIMIT_MS = 20_000;

export interface StoreReadAheadOptions {
  /** Waiting this long for a begun read without any reply stops the worker (default 20 s). */
  readonly silenceLimitMs?: number;
}

export class StoreReadAhead {
  private readonly words: Int32Array;
  private lastTicket = 0;
  private ended = false;
  /** Why the worker ended, when it failed (for diagnostics; the reads went on without it). */
  failure: Error | undefined = undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly replies: MessagePort,
    signal: SharedArrayBuffer,
    private readonly silenceLimitMs: number,
  ) {
    this.words = new Int32Array(signal);
    worker.on("error", (error) => {
      this.failure = error;
      this.ended = true;
    });
    worker.on("exit", () => {
      this.ended = true;
    });
    // Never what keeps the process alive: the session closes it, and an exiting process ends it.
    worker.unref();
  }

  /** Starts a worker reading the SQLite store at `storePath`. */
  static start(storePath: string, options: StoreReadAheadOptions = {}): StoreReadAhead {
    const signal = new SharedArrayBuffer(SIGNAL_WORDS * Int32Array.BYTES_PER_ELEMENT);
    const { port1, port2 } = new MessageChannel();
    const setup: ReadWorkerSetup = { storePath, replies: port2, signal };
    const worker = new Worker(new URL("./store-read-worker.js", import.meta.url), {
      workerData: setup,
      transferList: [port2],
    });
    return new StoreReadAhead(worker, port1, signal, options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS);
  }

  /** Whether requests still go to the worker (false once it ended, failed or was closed). */
  get isRunning(): boolean {
    return !this.ended && Atomics.load(this.words, STATE) !== ENDED;
  }

  /**
   * Posts `readBarsOfSymbols(symbols, interval, fromTime, toTime)` to the worker; returns the ticket
   * to `take` it with, or `undefined` when the worker is gone (read it yourself).
   */
  request(symbols: readonly string[], interval: string, fromTime: number, toTime: number): number | undefined {
    if (!this.isRunning) return undefined;
    const ticket = ++this.lastTicket;
    const request: ReadRequest = { ticket, symbols, interval, fromTime, toTime };
    this.worker.postMessage(request);
    return ticket;
  }

  /**
   * The columns of request `ticket` (entry i: the request's i-th symbol, in the worker's buffers,
   * now this thread's), or `undefined`: read them yourself. Tickets are taken in the order they
   * were given (or dropped with `dropAll`). Blocks only while the worker reads this very request.
   */
  take(ticket: number): BarColumns[] | undefined {
    const words = this.words;
    // Not begun by the worker: taken back here (the worker will skip it), read by the caller now.
    if (Atomics.compareExchange(words, TAKEN, ticket - 1, ticket) === ticket - 1) return undefined;
    let silentMs = 0;
    for (;;) {
      const seen = Atomics.load(words, REPLIES);
      for (let received = receiveMessageOnPort(this.replies); received !== undefined; ) {
        const reply = received.message as ReadReply;
        // Replies to older tickets were dropped (their session ended before they were taken).
        if (reply.ticket === ticket) return reply.ok ? columnsOf(reply.buffers, reply.places) : undefined;
        received = receiveMessageOnPort(this.replies);
      }
      if (Atomics.load(words, STATE) === ENDED) {
        this.ended = true;
        return undefined;
      }
      if (Atomics.wait(words, REPLIES, seen, WAIT_SLICE_MS) === "timed-out") {
        silentMs += WAIT_SLICE_MS;
        if (silentMs >= this.silenceLimitMs) {
          this.failure = new Error(`The store read-ahead worker gave no reply in ${silentMs} ms`);
          this.stop();
          return undefined;
        }
      }
    }
  }

  /** Drops every request not taken yet: the worker skips those it has not begun. */
  dropAll(): void {
    const words = this.words;
    for (;;) {
      const taken = Atomics.load(words, TAKEN);
      if (taken >= this.lastTicket) return;
      if (Atomics.compareExchange(words, TAKEN, taken, this.lastTicket) === taken) return;
    }
  }

  /** Ends the worker (it closes its connection first); later requests return `undefined`. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.dropAll();
    this.worker.postMessage("close");
    this.replies.close();
  }

  /** Stops the worker at once, for tests of a worker killed mid-session and for a silent worker. */
  stop(): Promise<number> {
    this.ended = true;
    this.replies.close();
    return this.worker.terminate();
  }
}

function columnsOf(buffers: readonly ArrayBuffer[], places: Float64Array): BarColumns[] {
  const result: BarColumns[] = new Array(places.length / 3);
  for (let i = 0; i < result.length; i++) {
    const length = places[3 * i + 2];
    result[i] = length === 0 ? EMPTY : columnsAt(buffers[places[3 * i]], places[3 * i + 1], length);
  }
  return result;
}

const EMPTY: BarColumns = Object.freeze(columnsAt(new ArrayBuffer(0), 0, 0));
