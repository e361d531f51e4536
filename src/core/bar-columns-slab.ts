// Bar columns carved out of large shared buffers ("slabs"), for many short-lived columns that die
// together: the replay feed's day of bars per symbol, all let go by the end of the session.
//
// Why: columns of a few hundred bars (18 KB for a day of 1m bars) come from the C allocator's heap,
// which keeps its peak for the life of the process; a universe's day (180 MB at 10,000 symbols)
// held there while the session's own series grow beside it sets a resident size that never comes
// down. A slab is larger than the allocator's largest mmap threshold (32 MiB on 64-bit glibc), so
// it is mapped on its own and returned to the system once every column in it is garbage. Pages of
// a slab that were never written are not resident, so a small universe pays for what it uses.

import type { BarColumns } from "./bar-columns.js";
import { allocateBarColumns } from "./bar-columns.js";

const BYTES_PER_BAR = 6 * Float64Array.BYTES_PER_ELEMENT;
/** Just above glibc's largest dynamic mmap threshold (DEFAULT_MMAP_THRESHOLD_MAX, 32 MiB). */
export const DEFAULT_SLAB_BYTES = 32 * 1024 * 1024 + 64 * 1024;

export class BarColumnsSlab {
  private buffer: ArrayBuffer | undefined = undefined;
  private used = 0;

  constructor(private readonly slabBytes = DEFAULT_SLAB_BYTES) {}

  /**
   * Columns for `length` bars, as `allocateBarColumns` gives them (six views on one buffer, zeroed),
   * but on the current slab. Columns larger than an eighth of a slab get a buffer of their own.
   */
  readonly allocate = (length: number): BarColumns => {
    const bytes = length * BYTES_PER_BAR;
    if (bytes === 0 || bytes > this.slabBytes / 8) return allocateBarColumns(length);
    if (this.buffer === undefined || this.used + bytes > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(this.slabBytes);
      this.used = 0;
    }
    const buffer = this.buffer;
    const start = this.used;
    this.used += bytes;
    const step = length * Float64Array.BYTES_PER_ELEMENT;
    return {
      length,
      time: new Float64Array(buffer, start, length),
      open: new Float64Array(buffer, start + step, length),
      high: new Float64Array(buffer, start + 2 * step, length),
      low: new Float64Array(buffer, start + 3 * step, length),
      close: new Float64Array(buffer, start + 4 * step, length),
      volume: new Float64Array(buffer, start + 5 * step, length),
    };
  };

  /**
   * Carves the next columns from the start of the current slab again, reusing its memory (already
   * resident: no page is touched for the first time). Only for a caller that holds none of the
   * columns carved so far: they would be overwritten.
   */
  rewind(): void {
    this.used = 0;
  }

  /**
   * Starts the next columns on a fresh slab: the current one is kept only by the columns already
   * carved from it, and goes back to the system with the last of them.
   */
  release(): void {
    this.buffer = undefined;
    this.used = 0;
  }
}
