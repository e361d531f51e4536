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

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BarColumns } from "../core/bar-columns.js";
import {
  columnsAt,
  ENDED,
  REPLIES,
  type ReadDone,
  type ReadReply,
  type ReadWorkerSetup,
  SIGNAL_WORDS,
  STATE,
  TAKEN,
  type ToWorker,
} from "./store-read-protocol.js";

/** How long one blocking wait lasts before the waiter looks at the worker's state again. */
const WAIT_SLICE_MS = 50;
/** Waiting this long without any reply gives up on the worker (it is then stopped). */
const DEFAULT_SILENCE_LIMIT_MS = 20_000;

export interface StoreReadAheadOptions {
  /** Waiting this long for a begun read without any reply stops the worker (default 20 s). */
  readonly silenceLimitMs?: number;
  /**
   * The worker's module (default: store-read-worker.js beside this one). Tests running the sources
   * give the built one; a test of a silent worker gives one that never replies.
   */
  readonly workerUrl?: URL;
}

export class StoreReadAhead {
  private readonly words: Int32Array;
  /** The worker's pool of shared buffers, by index (replies say which buffers they added). */
  private readonly pool: SharedArrayBuffer[] = [];
  private lastTicket = 0;
  private ended = false;
  /** Why the worker ended, when it failed (for diagnostics; the reads went on without it). */
  failure: Error | undefined = undefined;
  /** Requests taken with the worker's columns, and taken to be read by the caller (diagnostics, tests). */
  readonly counts = { delivered: 0, readByCaller: 0 };
  /** Settles once the worker thread has ended (closed, stopped, crashed). */
  readonly exited: Promise<void>;

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
    this.exited = new Promise((resolve) => {
      worker.on("exit", () => {
        this.ended = true;
        resolve();
      });
    });
    // Never what keeps the process alive: the session closes it, and an exiting process ends it.
    worker.unref();
  }

  /**
   * Starts a worker reading the SQLite store at `storePath`; `undefined` when its module is not
   * there (the sources run without a build: reads then stay on the main thread).
   */
  static start(storePath: string, options: StoreReadAheadOptions = {}): StoreReadAhead | undefined {
    const workerUrl = options.workerUrl ?? new URL("./store-read-worker.js", import.meta.url);
    if (!existsSync(fileURLToPath(workerUrl))) return undefined;
    const signal = new SharedArrayBuffer(SIGNAL_WORDS * Int32Array.BYTES_PER_ELEMENT);
    const { port1, port2 } = new MessageChannel();
    const setup: ReadWorkerSetup = { storePath, replies: port2, signal };
    const worker = new Worker(workerUrl, {
      workerData: setup,
      transferList: [port2],
    });
    return new StoreReadAhead(worker, port1, signal, options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS);
  }

  /** Replies the worker posted so far (its exit counts as one): a test waits for the worker with it. */
  get repliesPosted(): number {
    return Atomics.load(this.words, REPLIES);
  }

  /** The highest ticket taken, by the worker or by this thread (a test waits for the worker with it). */
  get takenThrough(): number {
    return Atomics.load(this.words, TAKEN);
  }

  /** Whether requests still go to the worker (false once it ended, failed or was closed). */
  get isRunning(): boolean {
    return !this.ended && Atomics.load(this.words, STATE) !== ENDED;
  }

  /**
   * Posts `readBarsOfSymbols(symbols, interval, fromTime, toTime)` to the worker; returns the ticket
   * to `take` it with, or `undefined` when the worker is gone (read it yourself).
   */
  request(
    symbols: readonly string[],
    interval: string,
    fromTime: number,
    toTime: number,
  ): number | undefined {
    if (!this.isRunning) return undefined;
    const ticket = ++this.lastTicket;
    const request: ToWorker = { kind: "read", ticket, symbols, interval, fromTime, toTime };
    this.worker.postMessage(request);
    return ticket;
  }

  /**
   * Hands request `ticket`'s columns to `use` (entry i: the request's i-th symbol), which copies
   * what it keeps: they live in the worker's pool and are filled again once `use` returns. `false`:
   * none to hand, the caller reads them itself. Tickets are taken in the order they were given (or
   * dropped with `dropThrough`). Blocks only while the worker reads this very request.
   */
  take(ticket: number, use: (days: readonly BarColumns[]) => void): boolean {
    const words = this.words;
    // Not begun by the worker: taken back here (the worker will skip it), read by the caller now.
    if (Atomics.compareExchange(words, TAKEN, ticket - 1, ticket) === ticket - 1) return this.readByCaller();
    let silentMs = 0;
    for (;;) {
      const seen = Atomics.load(words, REPLIES);
      for (let received = receiveMessageOnPort(this.replies); received !== undefined; ) {
        const reply = received.message as ReadReply;
        for (const { index, buffer } of reply.added) this.pool[index] = buffer;
        // Replies to older tickets were dropped (their session ended before they were taken).
        if (reply.ticket === ticket) return reply.ok ? this.hand(reply, use) : this.readByCaller();
        if (reply.ok) this.release(reply.used);
        received = receiveMessageOnPort(this.replies);
      }
      if (this.ended || Atomics.load(words, STATE) === ENDED) {
        this.ended = true;
        return this.readByCaller();
      }
      if (Atomics.wait(words, REPLIES, seen, WAIT_SLICE_MS) === "timed-out") {
        silentMs += WAIT_SLICE_MS;
        if (silentMs >= this.silenceLimitMs) {
          this.failure = new Error(`The store read-ahead worker gave no reply in ${silentMs} ms`);
          void this.stop(); // never rejects (see stop)
          return this.readByCaller();
        }
      }
    }
  }

  private hand(reply: ReadDone, use: (days: readonly BarColumns[]) => void): true {
    const { places } = reply;
    const days: BarColumns[] = new Array(places.length / 3);
    for (let i = 0; i < days.length; i++) {
      const length = places[3 * i + 2];
      days[i] = length === 0 ? EMPTY : columnsAt(this.pool[places[3 * i]], places[3 * i + 1], length);
    }
    this.counts.delivered++;
    try {
      use(days);
    } finally {
      this.release(reply.used);
    }
    return true;
  }

  private release(buffers: readonly number[]): void {
    if (!this.ended) this.worker.postMessage({ kind: "release", buffers } satisfies ToWorker);
  }

  private readByCaller(): false {
    this.counts.readByCaller++;
    return false;
  }

  /** Drops every request not taken yet: the worker skips those it has not begun. */
  dropAll(): void {
    this.dropThrough(this.lastTicket);
  }

  /** Drops the requests up to `ticket` not taken yet (later ones stay to be taken). */
  dropThrough(ticket: number): void {
    const words = this.words;
    for (;;) {
      const taken = Atomics.load(words, TAKEN);
      if (taken >= ticket) return;
      if (Atomics.compareExchange(words, TAKEN, taken, ticket) === taken) return;
    }
  }

  /** Ends the worker (it closes its connection first); later requests return `undefined`. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.dropAll();
    this.worker.postMessage({ kind: "close" } satisfies ToWorker);
    this.replies.close();
  }

  /** Stops the worker at once, for tests of a worker killed mid-session and for a silent worker. */
  stop(): Promise<void> {
    this.ended = true;
    this.replies.close();
    return this.worker.terminate().then(
      () => undefined,
      (error: Error) => {
        this.failure = error;
      },
    );
  }
}

const EMPTY: BarColumns = Object.freeze(columnsAt(new ArrayBuffer(0), 0, 0));
