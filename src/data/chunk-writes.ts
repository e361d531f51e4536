// How a write of bars lands in chunks, whichever database holds them: the incoming bars are split
// per chunk span, each span merged into its stored chunk (or replacing a damaged one) and written
// back. The backend only says how to fetch, drop and put a chunk.

import type { BarColumns } from "../core/bar-columns.js";
import { decodeIntactChunk, encodeChunk, mergeIntoChunk } from "./bar-chunk.js";
import { chunkStartOf } from "./store-schema.js";

export interface ChunkStorage {
  /** The stored blob of the chunk starting at `chunkStart`, if any. */
  stored(chunkStart: number): Buffer | undefined;
  /** A damaged chunk is about to be replaced whole: take its bars out of the series' count. */
  dropDamaged(chunkStart: number): void;
  put(chunkStart: number, barCount: number, blob: Buffer): void;
}

export interface ChunkWriteCounts {
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
  readonly repairedChunks: number;
}

/** The start of every chunk span the (ascending) bars fall in, ascending. */
export function chunkStartsOf(bars: BarColumns, spanMs: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < bars.length; i++) {
    const start = chunkStartOf(bars.time[i], spanMs);
    if (starts.length === 0 || starts[starts.length - 1] !== start) starts.push(start);
  }
  return starts;
}

/**
 * Writes ascending bars into their chunks: a new time is inserted, an equal bar is unchanged, a
 * different one replaces the stored bar. Nothing in a damaged chunk can be trusted or merged with:
 * the incoming bars of its span replace it whole, so re-importing a series repairs it.
 */
export function writeBarsToChunks(bars: BarColumns, spanMs: number, storage: ChunkStorage): ChunkWriteCounts {
  let inserted = 0;
  let unchanged = 0;
  let replaced = 0;
  let repairedChunks = 0;
  let start = 0;
  while (start < bars.length) {
    const chunkStart = chunkStartOf(bars.time[start], spanMs);
    const chunkEnd = chunkStart + spanMs;
    let end = start + 1;
    while (end < bars.length && bars.time[end] < chunkEnd) end++;
    const stored = storage.stored(chunkStart);
    const existing = stored === undefined ? undefined : decodeIntactChunk(stored);
    if (existing === undefined) {
      if (stored !== undefined) {
        storage.dropDamaged(chunkStart);
        repairedChunks++;
      }
      storage.put(chunkStart, end - start, encodeChunk(bars, start, end));
      inserted += end - start;
    } else {
      const merge = mergeIntoChunk(existing, bars, start, end);
      if (merge.inserted + merge.replaced > 0) {
        const merged = merge.merged;
        storage.put(chunkStart, merged.length, encodeChunk(merged, 0, merged.length));
      }
      inserted += merge.inserted;
      unchanged += merge.unchanged;
      replaced += merge.replaced;
    }
    start = end;
  }
  return { inserted, unchanged, replaced, repairedChunks };
}
