// The SQLite bar store's reads on a second thread (store-read-worker-source.ts): the thread steps
// the batched read's statement group by group and hands back the raw rows (series id, blob); the
// main thread decodes them with the very code of its own reads (BarStore.readBarsOfSymbols), so
// the bars, and the typed error of a damaged chunk, are the same by construction.
//
// Jobs (one statement over a group of series each) are posted as soon as a read is known: when a
// batched read starts (its groups after the first are stepped by the thread while the main thread
// decodes), or earlier through `expect` (the replay feed's next session, the history reader's next
// windows). The main thread takes each job's rows synchronously where it needs them
// (from shared slots, blocking with `Atomics.wait` on a shared word the thread bumps after each
// slot it fills). Whatever the thread has not delivered it reads itself: a job not begun (taken
// back with a compare-and-swap on the job's shared state, so the thread skips it), a job that
// failed there, a thread that ended, or one silent for `silenceLimitMs`. Nothing is lost and
// nothing hangs. The thread holds at most SLOT_COUNT slots of rows ahead (8 MB, reused), and for
// reads expected a whole session ahead (the replay's next day) RESERVE_SLOT_COUNT more of their own.

import { createRequire } from "node:module";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { ExpectedRead } from "./bar-store-port.js";
import {
  ALL_SLOT_COUNT,
  CALLER_WAITING,
  CLOSING,
  ENDED,
  FAILED,
  FREED,
  HEADER_VALUES_PER_ROW,
  JOB_SLOTS,
  JOB_STATES,
  MAX_EXPECTED_JOBS,
  MAX_JOBS_PER_READ,
  OPENING,
  POSTED,
  POSTED_MESSAGES,
  REPLIES,
  type ReadJob,
  SIGNAL_WORDS,
  SLOT_BYTES,
  SLOT_WORDS,
  slotRangeOf,
  TAKEN_BY_CALLER,
  THREAD_WAITING,
  WORDS_PER_SLOT,
} from "./store-read-protocol.js";
import { STORE_READ_WORKER_SOURCE } from "./store-read-worker-source.js";

/** Series a job's statement reads (what `BarStore.readBarsOfSymbols` reads per statement). */
export const SERIES_PER_CALL = 64;
/** How long one blocking wait lasts before the waiter looks at the thread's state again. */
const WAIT_SLICE_MS = 50;
/** Waiting this long without any reply gives up on the thread (it is then stopped). */
const DEFAULT_SILENCE_LIMIT_MS = 20_000;
/** `close` waits this long at most for the thread to close its connection. */
const DEFAULT_CLOSE_WAIT_MS = 10_000;

export interface StoreReadThreadOptions {
  /** Waiting this long for a begun job without any reply stops the thread (default 20 s). */
  readonly silenceLimitMs?: number;
  /** `close` waits this long at most for an opened thread to close its connection (default 10 s). */
  readonly closeWaitMs?: number;
  /** The thread's source (tests give one that never answers). */
  readonly source?: string;
}

/** One group's rows, handed row by row; `end` after the group's last. */
export interface GroupSink {
  add(seriesId: number, chunk: Buffer): void;
  end(): void;
}

/** A group's rows the main thread stepped itself. */
type OwnRows = Array<[number, Buffer]>;

export class StoreReadThread {
  private readonly words: Int32Array;
  private lastId = 0;
  private ended = false;
  /** Jobs dropped while the thread held them: their slots are freed as their parts come. */
  private readonly discarded = new Set<number>();
  /** Jobs posted ahead whose rows were dropped to free slots (`evictOthers`): their reads step them. */
  private readonly evicted = new Set<number>();
  /** Jobs posted ahead (`expect`) and not used yet, by `start to` of their statement. */
  private readonly expected = new Map<string, ReadJob[]>();
  /** Why the thread ended, when it failed (diagnostics: the reads went on without it). */
  failure: Error | undefined = undefined;
  /** Groups whose rows the thread delivered, and groups the main thread stepped itself. */
  readonly counts = { delivered: 0, readByCaller: 0 };
  /** Settles once the thread has ended (closed, stopped, crashed). */
  readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly jobPort: MessagePort,
    signal: SharedArrayBuffer,
    private readonly slots: readonly SharedArrayBuffer[],
    private readonly silenceLimitMs: number,
    private readonly closeWaitMs: number,
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
    jobPort.unref();
  }

  /** Starts a thread reading the SQLite store file at `storePath` with statement `sql`. */
  static start(storePath: string, sql: string, options: StoreReadThreadOptions = {}): StoreReadThread {
    const signal = new SharedArrayBuffer(SIGNAL_WORDS * Int32Array.BYTES_PER_ELEMENT);
    // Only the pages a slot's largest part touched are resident.
    const slots = Array.from({ length: ALL_SLOT_COUNT }, () => new SharedArrayBuffer(SLOT_BYTES));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(options.source ?? STORE_READ_WORKER_SOURCE, {
      eval: true,
      workerData: {
        sqlitePath: createRequire(import.meta.url).resolve("better-sqlite3"),
        storePath,
        sql,
        signal,
        slots,
        jobs: port2,
      },
      transferList: [port2],
    });
    return new StoreReadThread(
      worker,
      port1,
      signal,
      slots,
      options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS,
      options.closeWaitMs ?? DEFAULT_CLOSE_WAIT_MS,
    );
  }

  /** Whether jobs still go to the thread (false once it ended, failed or was closed). */
  get isRunning(): boolean {
    return !this.ended && Atomics.load(this.words, ENDED) === 0;
  }

  /** Replies the thread posted so far (its end counts as one): a test waits for the thread with it. */
  get repliesPosted(): number {
    return Atomics.load(this.words, REPLIES);
  }

  /** Whether the thread has got as far as opening its connection (closing then waits for its end). */
  get hasOpened(): boolean {
    return Atomics.load(this.words, OPENING) !== 0;
  }

  /**
   * Posts the statements reading `ids`' chunks in [start, to) ahead of the read that will ask for
   * them (`readGroups` with the same start and to and ids including a group's): nothing when the
   * thread is gone. `reserve`: a read a whole session ahead, whose rows fill the reserve's slots
   * (see RESERVE_SLOT_COUNT), not the shared ones nearer reads need.
   */
  expect(ids: readonly number[], start: number, to: number, reserve = false): ExpectedRead | undefined {
    if (!this.isRunning || ids.length === 0) return undefined;
    const groups = groupsOf(ids);
    if (this.expectedJobs() + groups.length > MAX_EXPECTED_JOBS) return undefined;
    const jobs = this.post(groups, start, to, reserve);
    const key = `${start} ${to}`;
    const list = this.expected.get(key);
    if (list === undefined) this.expected.set(key, [...jobs]);
    else list.push(...jobs);
    return {
      cancel: () => {
        const left = this.expected.get(key);
        if (left === undefined) return;
        const dropped = new Set(jobs);
        const kept = left.filter((job) => !dropped.has(job));
        if (kept.length === 0) this.expected.delete(key);
        else this.expected.set(key, kept);
        for (const job of jobs) if (left.includes(job)) this.drop(job);
      },
    };
  }

  /**
   * Hands the rows of every chunk of `ids`' series in [start, to) to `sink`, one statement's group
   * at a time (rows ordered by series, then time, as the statement orders them; the groups in
   * the order their rows are at hand). `step(ids)` runs the statement on the main
   * thread's connection, for what the thread does not deliver; its errors are the read's.
   */
  readGroups(
    ids: readonly number[],
    start: number,
    to: number,
    step: (ids: string) => OwnRows,
    sink: GroupSink,
  ): void {
    const { plan, uncovered } = this.planned(ids, start, to);
    const rest = groupsOf(uncovered);
    // A single group left gains nothing from the thread: the main thread would wait for it.
    const posted = rest.length > 1 && this.isRunning ? rest.slice(0, MAX_JOBS_PER_READ) : [];
    if (posted.length > 0) plan.push(...this.post(posted, start, to, false));
    for (let g = posted.length; g < rest.length; g++) handOwn(step(JSON.stringify(rest[g])), sink);
    // Rows are handed over as they come (a series' rows are all in one group, so the order of the
    // groups does not change the bars); when none has come, the main thread steps the last job not
    // begun (the farthest from the thread) itself, and waits only when the thread has every job left.
    const left = new Set(plan);
    try {
      while (left.size > 0) {
        // Read before looking, so that a reply coming after the look ends the wait below.
        const seen = this.repliesPosted;
        const done = this.firstArrived(left);
        if (done !== undefined) {
          left.delete(done);
          this.take(done, step, sink);
          continue;
        }
        const own = this.lastNotBegun(plan, left);
        if (own !== undefined) {
          left.delete(own);
          this.counts.readByCaller++;
          handOwn(step(own.ids), sink);
          continue;
        }
        // Every job left is with the thread: if the slots are all held by rows read ahead for later
        // reads, the thread cannot go on, and those are dropped (see evictOthers).
        this.evictOthers(left);
        if (!this.awaitReply(seen)) {
          // The thread is gone or silent: what it held is stepped here.
          for (const job of left) {
            left.delete(job);
            this.take(job, step, sink);
          }
        }
      }
    } finally {
      for (const job of left) this.drop(job);
    }
  }

  /**
   * Ends the thread; later reads stay on the main thread. When the thread has opened the store, this
   * waits until it has closed its connection (after the job it is stepping), at most
   * `closeWaitMs`: a process ending right after would otherwise cut the thread off with the file
   * open, and SQLite would leave the store's -wal and -shm files behind.
   */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    Atomics.store(this.words, CLOSING, 1);
    Atomics.notify(this.words, POSTED_MESSAGES);
    Atomics.notify(this.words, FREED);
    this.jobPort.close();
    if (Atomics.load(this.words, OPENING) === 0) return; // it sees CLOSING and never opens
    let silentMs = 0;
    while (Atomics.load(this.words, ENDED) === 0) {
      const seen = Atomics.load(this.words, REPLIES);
      if (Atomics.load(this.words, ENDED) !== 0) return;
      // The thread's exit hook bumps REPLIES and notifies; a slot filled on the way bumps it too.
      if (Atomics.wait(this.words, REPLIES, seen, WAIT_SLICE_MS) !== "timed-out") continue;
      silentMs += WAIT_SLICE_MS;
      if (silentMs >= this.closeWaitMs) {
        this.failure = new Error(`The store read thread did not close its connection in ${silentMs} ms`);
        void this.worker.terminate();
        return;
      }
    }
  }

  /** Stops the thread at once (a thread silent too long; tests of a thread gone mid-read). */
  stop(): Promise<void> {
    this.ended = true;
    this.jobPort.close();
    return this.worker.terminate().then(
      () => undefined,
      (error: Error) => {
        this.failure = error;
      },
    );
  }

  /** Jobs posted ahead (`expect`) and not used or cancelled yet. */
  private expectedJobs(): number {
    let count = 0;
    for (const jobs of this.expected.values()) count += jobs.length;
    return count;
  }

  /**
   * The jobs posted ahead for [start, to) whose every series is among `ids` (each series once), and
   * the ids none of them reads.
   */
  private planned(
    ids: readonly number[],
    start: number,
    to: number,
  ): { plan: ReadJob[]; uncovered: readonly number[] } {
    const key = `${start} ${to}`;
    const list = this.expected.get(key);
    if (list === undefined) return { plan: [], uncovered: ids };
    const wanted = new Set(ids);
    const plan: ReadJob[] = [];
    const kept: ReadJob[] = [];
    for (const job of list) {
      if (this.evicted.delete(job.id)) continue;
      const jobIds = JSON.parse(job.ids) as number[];
      if (jobIds.every((id) => wanted.has(id))) {
        for (const id of jobIds) wanted.delete(id);
        plan.push(job);
      } else {
        kept.push(job);
      }
    }
    if (kept.length === 0) this.expected.delete(key);
    else this.expected.set(key, kept);
    return { plan, uncovered: plan.length === 0 ? ids : ids.filter((id) => wanted.has(id)) };
  }

  private post(
    groups: readonly (readonly number[])[],
    start: number,
    to: number,
    reserve: boolean,
  ): ReadJob[] {
    const jobs: ReadJob[] = [];
    for (const group of groups) {
      const id = ++this.lastId;
      Atomics.store(this.words, JOB_STATES + (id % JOB_SLOTS), POSTED);
      jobs.push({ id, ids: JSON.stringify(group), start, to, reserve });
    }
    this.jobPort.postMessage(jobs);
    Atomics.add(this.words, POSTED_MESSAGES, 1);
    Atomics.notify(this.words, POSTED_MESSAGES);
    return jobs;
  }

  /** Takes a job the thread has not begun (it will skip it); false when the thread has it. */
  private takeBack(job: ReadJob): boolean {
    const state = JOB_STATES + (job.id % JOB_SLOTS);
    return Atomics.compareExchange(this.words, state, POSTED, TAKEN_BY_CALLER) === POSTED;
  }

  /** The last job of `plan` still `left` that the thread has not begun, taken back. */
  private lastNotBegun(plan: readonly ReadJob[], left: ReadonlySet<ReadJob>): ReadJob | undefined {
    for (let k = plan.length - 1; k >= 0; k--) {
      if (left.has(plan[k]) && this.takeBack(plan[k])) return plan[k];
    }
    return undefined;
  }

  /** Drops a job: taken back if not begun, else its slots are freed as its parts come. */
  private drop(job: ReadJob): void {
    if (this.takeBack(job)) return;
    this.discarded.add(job.id);
    this.freeDiscarded();
  }

  /** The first job of `left` whose first part (or failure) has come. */
  private firstArrived(left: ReadonlySet<ReadJob>): ReadJob | undefined {
    this.freeDiscarded();
    for (const job of left) {
      if (this.slotOf(job.id, 0) >= 0 || this.stateOf(job) === FAILED) return job;
    }
    return undefined;
  }

  /**
   * Hands a job the thread took to `sink`, part by part as the thread fills them; steps it here
   * when it failed there, or when the thread ends or falls silent before its last part (the series
   * of the parts handed are then decoded again: the same bars).
   */
  private take(job: ReadJob, step: (ids: string) => OwnRows, sink: GroupSink): void {
    for (let part = 0; ; part++) {
      let seen = this.repliesPosted;
      let slot = this.slotOf(job.id, part);
      while (slot < 0 && this.stateOf(job) !== FAILED) {
        // (The slot of the part before was just freed: the thread writes this part into it.)
        this.freeDiscarded();
        if (!this.awaitReply(seen)) break;
        seen = this.repliesPosted;
        slot = this.slotOf(job.id, part);
      }
      if (slot < 0) {
        this.discarded.add(job.id);
        this.counts.readByCaller++;
        handOwn(step(job.ids), sink);
        return;
      }
      const last = Atomics.load(this.words, SLOT_WORDS + slot * WORDS_PER_SLOT + 2) === 1;
      try {
        this.hand(this.slots[slot], sink);
      } finally {
        this.freeSlot(slot);
      }
      if (last) {
        this.counts.delivered++;
        return;
      }
    }
  }

  /**
   * Waits for a reply after the `seen`-th (read before the caller looked for what it waits for, so
   * that none slips between the look and the wait). False: none will come (the thread ended, or
   * stayed silent too long).
   */
  private awaitReply(seen: number): boolean {
    let silentMs = 0;
    while (this.isRunning) {
      Atomics.store(this.words, CALLER_WAITING, 1);
      const woken = Atomics.wait(this.words, REPLIES, seen, WAIT_SLICE_MS);
      Atomics.store(this.words, CALLER_WAITING, 0);
      if (woken !== "timed-out") return true;
      silentMs += WAIT_SLICE_MS;
      if (silentMs >= this.silenceLimitMs) {
        this.failure = new Error(`The store read thread gave no reply in ${silentMs} ms`);
        void this.stop(); // never rejects (see stop)
        return false;
      }
    }
    return false;
  }

  /** A slot's rows to `sink` as Buffers over it; `end` before the slot is freed (no view outlives it). */
  private hand(slot: SharedArrayBuffer, sink: GroupSink): void {
    const n = new Float64Array(slot, 0, 1)[0];
    const header = new Float64Array(slot, 0, 1 + HEADER_VALUES_PER_ROW * n);
    for (let i = 0; i < n; i++) {
      const at = 1 + HEADER_VALUES_PER_ROW * i;
      sink.add(header[at], Buffer.from(slot, header[at + 1], header[at + 2]));
    }
    sink.end();
  }

  /** The slot holding part `part` of job `id`, or -1. */
  private slotOf(id: number, part: number): number {
    for (let s = 0; s < ALL_SLOT_COUNT; s++) {
      const at = SLOT_WORDS + s * WORDS_PER_SLOT;
      if (Atomics.load(this.words, at) === id && Atomics.load(this.words, at + 1) === part) return s;
    }
    return -1;
  }

  private stateOf(job: ReadJob): number {
    return Atomics.load(this.words, JOB_STATES + (job.id % JOB_SLOTS));
  }

  private freeSlot(slot: number): void {
    Atomics.store(this.words, SLOT_WORDS + slot * WORDS_PER_SLOT, 0);
    Atomics.add(this.words, FREED, 1);
    if (Atomics.load(this.words, THREAD_WAITING) !== 0) Atomics.notify(this.words, FREED);
  }

  /**
   * When every slot a job of `left` may take (the shared ones, or the reserve's) holds rows of jobs
   * not among `left` (read ahead for later reads, or for reads that will not come), the thread
   * cannot write the rows of `left`'s jobs, which this thread waits for: those jobs are dropped
   * (their reads, if they come, step them here) and their slots freed.
   */
  private evictOthers(left: ReadonlySet<ReadJob>): void {
    this.freeDiscarded();
    const waitedFor = new Set<number>();
    let shared = false;
    let reserve = false;
    for (const job of left) {
      waitedFor.add(job.id);
      if (job.reserve) reserve = true;
      else shared = true;
    }
    if (shared) this.evictRangeHeldByOthers(slotRangeOf(false), waitedFor);
    if (reserve) this.evictRangeHeldByOthers(slotRangeOf(true), waitedFor);
    this.freeDiscarded();
  }

  /** Drops the jobs holding slots [first, end) when every one is held by a job not in `waitedFor`. */
  private evictRangeHeldByOthers(
    range: { readonly first: number; readonly end: number },
    waitedFor: ReadonlySet<number>,
  ): void {
    for (let s = range.first; s < range.end; s++) {
      const id = Atomics.load(this.words, SLOT_WORDS + s * WORDS_PER_SLOT);
      if (id === 0 || waitedFor.has(id)) return;
    }
    for (let s = range.first; s < range.end; s++) {
      const id = Atomics.load(this.words, SLOT_WORDS + s * WORDS_PER_SLOT);
      this.evicted.add(id);
      this.discarded.add(id);
    }
  }

  /** Frees the slots filled for dropped jobs (a dropped job is forgotten once its last part came). */
  private freeDiscarded(): void {
    if (this.discarded.size === 0) return;
    for (let s = 0; s < ALL_SLOT_COUNT; s++) {
      const at = SLOT_WORDS + s * WORDS_PER_SLOT;
      const id = Atomics.load(this.words, at);
      if (id === 0 || !this.discarded.has(id)) continue;
      if (Atomics.load(this.words, at + 2) === 1) this.discarded.delete(id);
      this.freeSlot(s);
    }
  }
}

/** `ids` in statements of SERIES_PER_CALL series (the groups `readBarsOfSymbols` reads). */
export function groupsOf(ids: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (let first = 0; first < ids.length; first += SERIES_PER_CALL)
    groups.push(ids.slice(first, first + SERIES_PER_CALL));
  return groups;
}

function handOwn(rows: OwnRows, sink: GroupSink): void {
  for (let i = 0; i < rows.length; i++) sink.add(rows[i][0], rows[i][1]);
  sink.end();
}
