// When a bar store's reads get a thread of their own (store-read-thread.ts): a SQLite file store
// with none running yet, on a machine with a second CPU for it. One rule for a backtest's session
// and for scoring a run.

import { availableParallelism } from "node:os";
import { BarStore } from "./bar-store.js";
import type { BarStorePort } from "./bar-store-port.js";

/**
 * Starts `store`'s read thread where it can pay: the function that stops it again, or `undefined`
 * when none was started (another backend, an in-memory store, a thread already running, one CPU).
 */
export function startReadThreadWhereUseful(store: BarStorePort): (() => void) | undefined {
  if (!(store instanceof BarStore) || store.readThread !== undefined || availableParallelism() < 2) {
    return undefined;
  }
  return store.startReadThread() === undefined ? undefined : () => store.stopReadThread();
}
