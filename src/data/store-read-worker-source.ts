// The store's read thread (store-read-thread.ts): it holds its own connection to the SQLite bar
// store file and runs nothing but the batched read's statement (the store's `chunksOfSeries`, the
// very SQL text), writing each group's raw rows (series id, blob) into a shared slot the main
// thread decodes from with the code of its own reads. It takes each job with a compare-and-swap on
// the job's shared state, so a job the main thread took back is skipped, and it fills a slot only
// when one is free: what it holds ahead is bounded by the slots, however many jobs are posted.
// A loop that blocks on shared words (Atomics.wait), not an event loop: jobs come on a port it
// reads synchronously.
//
// It is evaluated as a CommonJS worker (`eval: true`) so that it runs the same from src/ under
// vitest or tsx and from dist/, and loads nothing of the engine (a small isolate); better-sqlite3 is
// required by the absolute path the parent resolved.

import { lowerThreadPrioritySource, READ_THREAD_NICE } from "../core/helper-thread-priority.js";
import {
  CALLER_WAITING,
  CLOSING,
  ENDED,
  FAILED,
  FREED,
  HEADER_VALUES_PER_ROW,
  JOB_SLOTS,
  JOB_STATES,
  OPENING,
  POSTED,
  POSTED_MESSAGES,
  REPLIES,
  SLOT_WORDS,
  slotRangeOf,
  TAKEN_BY_THREAD,
  THREAD_WAITING,
  WORDS_PER_SLOT,
} from "./store-read-protocol.js";

/** The slots each kind of job takes (store-read-protocol.ts `slotRangeOf`), written into the source. */
const SHARED_RANGE = slotRangeOf(false);
const RESERVE_RANGE = slotRangeOf(true);

export const STORE_READ_WORKER_SOURCE = `
"use strict";
${lowerThreadPrioritySource(READ_THREAD_NICE)}
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { sqlitePath, storePath, sql, signal, slots, jobs: jobPort } = workerData;
const words = new Int32Array(signal);

// Any end (closed, failed to open, crashed, terminated) tells a main thread waiting for a reply.
process.on("exit", () => {
  Atomics.store(words, ${ENDED}, 1);
  Atomics.add(words, ${REPLIES}, 1);
  Atomics.notify(words, ${REPLIES});
});

// A notify is a system call (and may hand the core over): only for a main thread that waits.
function replied() {
  Atomics.add(words, ${REPLIES}, 1);
  if (Atomics.load(words, ${CALLER_WAITING}) !== 0) Atomics.notify(words, ${REPLIES});
}

// The blobs of a group (better-sqlite3 copies each into a Buffer of its own) are garbage once
// copied into a slot; a scavenge after each job frees them at once instead of letting them pile up
// to V8's external-memory limit (tens of MB). \`gc\` is exposed to this thread's own context only.
const v8 = require("node:v8");
v8.setFlagsFromString("--expose-gc");
const collect = require("node:vm").runInNewContext("gc");
v8.setFlagsFromString("--no-expose-gc");

const Database = require(sqlitePath);
// Reads only, on a connection of its own (WAL: it reads beside the main thread's connection).
// Not opened at all when the main thread closed first (it then does not wait for this end).
Atomics.store(words, ${OPENING}, 1);
const db = Atomics.load(words, ${CLOSING}) === 0 ? new Database(storePath, { fileMustExist: true }) : undefined;
db?.pragma("query_only = ON");
const statement = db?.prepare(sql).raw();

const slotBytes = slots.map((buffer) => new Uint8Array(buffer));
const slotSize = slots[0].byteLength;

function align8(bytes) {
  return (bytes + 7) & ~7;
}

/** A free slot of the job's range (the reserve's or the shared ones), waiting for one; -1 when closing. */
function freeSlot(job) {
  const first = job.reserve ? ${RESERVE_RANGE.first} : ${SHARED_RANGE.first};
  const end = job.reserve ? ${RESERVE_RANGE.end} : ${SHARED_RANGE.end};
  for (;;) {
    const freed = Atomics.load(words, ${FREED});
    if (Atomics.load(words, ${CLOSING}) !== 0) return -1;
    for (let s = first; s < end; s++) {
      if (Atomics.load(words, ${SLOT_WORDS} + s * ${WORDS_PER_SLOT}) === 0) return s;
    }
    Atomics.store(words, ${THREAD_WAITING}, 1);
    Atomics.wait(words, ${FREED}, freed, 1000);
    Atomics.store(words, ${THREAD_WAITING}, 0);
  }
}

/** Rows [from, to) into slot s (see store-read-protocol.ts for the layout). */
function fill(s, rows, from, to) {
  const n = to - from;
  const header = new Float64Array(slots[s], 0, 1 + ${HEADER_VALUES_PER_ROW} * n);
  const target = slotBytes[s];
  header[0] = n;
  let offset = align8(8 * (1 + ${HEADER_VALUES_PER_ROW} * n));
  for (let i = 0; i < n; i++) {
    const blob = rows[from + i][1];
    const at = 1 + ${HEADER_VALUES_PER_ROW} * i;
    header[at] = rows[from + i][0];
    header[at + 1] = offset;
    header[at + 2] = blob.length;
    target.set(blob, offset);
    offset += align8(blob.length);
  }
}

/**
 * Where the parts of \`rows\` end: each part whole series that fit a slot together; undefined when
 * one series alone does not fit (the main thread then steps the job itself).
 */
function partEnds(rows) {
  const ends = [];
  let partBytes = 8;
  let seriesStart = 0;
  let seriesBytes = 0;
  for (let i = 0; i <= rows.length; i++) {
    if (i === rows.length || (i > 0 && rows[i][0] !== rows[i - 1][0])) {
      if (seriesBytes + 8 > slotSize) return undefined;
      if (partBytes > 8 && partBytes + seriesBytes > slotSize) {
        ends.push(seriesStart);
        partBytes = 8;
      }
      partBytes += seriesBytes;
      seriesStart = i;
      seriesBytes = 0;
    }
    if (i < rows.length) seriesBytes += 8 * ${HEADER_VALUES_PER_ROW} + align8(rows[i][1].length);
  }
  ends.push(rows.length);
  return ends;
}

function run(job) {
  const state = ${JOB_STATES} + (job.id % ${JOB_SLOTS});
  if (Atomics.compareExchange(words, state, ${POSTED}, ${TAKEN_BY_THREAD}) !== ${POSTED}) return;
  let rows;
  try {
    rows = statement.all(job.ids, job.start, job.to);
  } catch {
    // The main thread runs the statement itself and gets the error with its own wording.
    Atomics.store(words, state, ${FAILED});
    replied();
    return;
  }
  const ends = partEnds(rows);
  if (ends === undefined) {
    Atomics.store(words, state, ${FAILED});
    replied();
    return;
  }
  let from = 0;
  for (let part = 0; part < ends.length; part++) {
    const s = freeSlot(job);
    if (s < 0) return;
    fill(s, rows, from, ends[part]);
    from = ends[part];
    const at = ${SLOT_WORDS} + s * ${WORDS_PER_SLOT};
    Atomics.store(words, at + 1, part);
    Atomics.store(words, at + 2, part === ends.length - 1 ? 1 : 0);
    Atomics.store(words, at, job.id);
    replied();
  }
}

const queue = [];
let head = 0;
while (Atomics.load(words, ${CLOSING}) === 0) {
  const posted = Atomics.load(words, ${POSTED_MESSAGES});
  for (let m = receiveMessageOnPort(jobPort); m !== undefined; m = receiveMessageOnPort(jobPort)) {
    for (const job of m.message) queue.push(job);
  }
  if (head === queue.length) {
    queue.length = 0;
    head = 0;
    Atomics.wait(words, ${POSTED_MESSAGES}, posted, 1000);
    continue;
  }
  const job = queue[head];
  queue[head++] = undefined;
  run(job);
  collect({ type: "minor" });
}
db?.close();
jobPort.close();
`;
