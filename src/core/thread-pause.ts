// Blocking the calling thread for a while, for the synchronous paths that must wait without an
// event loop turn (a SQLite file's open racing another process, the PostgreSQL connection's
// reconnect): nothing else runs on the thread meanwhile.

/** Blocks this thread for `ms` (at least 1 ms). */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(1, ms));
}
