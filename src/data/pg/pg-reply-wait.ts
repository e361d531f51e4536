// How the caller of a PgConnection waits for its answer: every request carries a sequence number;
// the connection thread posts the answer (with that number) on the message port, then stores the
// number in the shared flag and wakes the caller. Matching by number, not by "the flag is set",
// keeps two things from being taken for a lost connection or, worse, for the answer:
//   - a late answer to an earlier request that timed out (its wake-up and its message are stale:
//     dropped, and the wait goes on for the current one);
//   - a wake-up whose message is not yet takeable from the port (seen once as a flaky "gave no
//     answer" under load): the port is looked at again, a bounded number of times.

import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import { pause } from "../../core/thread-pause.js";

/** How often the port is looked at again after the flag named this request (1 ms apart). */
const RECEIVE_RETRIES = 200;
/** Stale wake-ups tolerated in one wait (late answers of earlier requests); each is one at most. */
const STALE_WAKEUPS = 64;

/** Sequence numbers in the flag: 1 … 2^31 − 1, then 1 again (0 means "no answer yet"). */
export function nextSequence(previous: number): number {
  return previous >= 0x7fff_ffff ? 1 : previous + 1;
}

export type ReplyWait<T> =
  | { readonly received: true; readonly message: T }
  | { readonly received: false; readonly timedOut: boolean };

/** Takes the message answering `sequence` from the port, dropping stale ones; undefined if none is there. */
function takeReply<T extends { readonly sequence?: number }>(
  port: MessagePort,
  sequence: number,
): T | undefined {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) return undefined;
    const message = received.message as T;
    if (message.sequence === sequence) return message;
  }
}

/**
 * Blocks until the answer to request `sequence` is on `port` (the flag holds `sequence`), for at
 * most `timeoutMs` per wait. Not timed out and still no message after the retries: `received:
 * false, timedOut: false` (the thread set the flag but its answer never came).
 */
export function waitForReply<T extends { readonly sequence?: number }>(
  flag: Int32Array,
  port: MessagePort,
  sequence: number,
  timeoutMs: number,
): ReplyWait<T> {
  for (let wakeups = 0; wakeups <= STALE_WAKEUPS; wakeups++) {
    const seen = Atomics.load(flag, 0);
    if (seen !== sequence) {
      if (Atomics.wait(flag, 0, seen, timeoutMs) === "timed-out") {
        // The answer may have landed as the wait ended.
        const late = takeReply<T>(port, sequence);
        return late === undefined ? { received: false, timedOut: true } : { received: true, message: late };
      }
      continue; // woken, or the flag moved on: look at what it holds now
    }
    for (let retry = 0; retry <= RECEIVE_RETRIES; retry++) {
      const message = takeReply<T>(port, sequence);
      if (message !== undefined) return { received: true, message };
      pause(1);
    }
    return { received: false, timedOut: false };
  }
  return { received: false, timedOut: false };
}
