// Series arrays carved from shared slabs whose pages a PrefaultThread touches ahead of use: the
// first writes of a backtest's series (the first day's landing of every symbol's day of 1m bars,
// the history windows put in front of each series) then cost no page faults on the main thread.
//
// A slab is carved front to back and never reused: the arrays of a backtest's series are made once
// at provisioning and kept (a series compacts within its arrays day after day), so what is carved
// is what is held. A slab is freed once no array views it. Arrays larger than an eighth of a slab
// are plain heap arrays. At most SLABS_AHEAD slabs (8 MiB) are touched and not yet used.
//
// The slabs stop at BUDGET_BYTES; later arrays are heap arrays again. Heap arrays reuse the memory
// that the run's short-lived arrays (decoded history, aggregation output) gave back to the C
// allocator, slabs cannot: without a budget, that memory stays resident beside the slabs (peak RSS
// 577 → 644 MB at 10,000 symbols; with 64 MiB, 581 MB, and at 2,000 symbols the same RSS as heap
// arrays with nearly all of the main thread's faults gone). Once the last slab is in use and every
// buffer given to the thread is touched, the thread ends: its isolate, about 7 MB resident, would
// otherwise be kept for the rest of the run with nothing left to touch.

import { PrefaultThread } from "./prefault-thread.js";
import type { SeriesMemory } from "./series-memory.js";

const SLAB_BYTES = 4 * 1024 * 1024;
const SLABS_AHEAD = 2;
const BUDGET_BYTES = 64 * 1024 * 1024;

export class PrefaultedMemory implements SeriesMemory {
  private slab: SharedArrayBuffer | undefined = undefined;
  private used = 0;
  private readonly ahead: SharedArrayBuffer[] = [];
  /** Slabs made so far (BUDGET_BYTES / slabBytes at most). */
  private slabs = 0;

  constructor(
    private readonly thread = new PrefaultThread(),
    private readonly slabBytes = SLAB_BYTES,
    private readonly budgetBytes = BUDGET_BYTES,
  ) {
    this.fillAhead();
  }

  float64(length: number): Float64Array {
    const bytes = length * Float64Array.BYTES_PER_ELEMENT;
    if (bytes === 0 || bytes > this.slabBytes / 8) return new Float64Array(length);
    if (this.slab === undefined || this.used + bytes > this.slabBytes) {
      const next = this.ahead.shift();
      if (next === undefined) return new Float64Array(length);
      this.slab = next;
      this.used = 0;
      this.fillAhead();
      if (this.ahead.length === 0) this.retire();
    }
    const array = new Float64Array(this.slab, this.used, length);
    this.used += bytes;
    return array;
  }

  /**
   * A Float64Array of `length` zeros on a buffer of its own, outside the slabs and their budget,
   * whose pages the thread touches from now on: one large array made well ahead of its first
   * writes (the replay's step block, made at the session's creation and first written at the
   * first day's read). A plain array once the thread has stopped.
   */
  touchedFloat64(length: number): Float64Array {
    if (!this.thread.running) return new Float64Array(length);
    const buffer = new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT);
    this.thread.touch(buffer);
    return new Float64Array(buffer);
  }

  /** Whether the thread still touches slabs ahead. */
  get running(): boolean {
    return this.thread.running;
  }

  /** Stops the thread; arrays already carved stay valid. */
  close(): void {
    this.thread.stop();
    this.ahead.length = 0;
  }

  /** Ends the thread once it has touched what it was given: no slab is left to make (see above). */
  private retire(): void {
    const thread = this.thread;
    void thread.settled().then(() => thread.stop());
  }

  private fillAhead(): void {
    while (
      this.thread.running &&
      this.ahead.length < SLABS_AHEAD &&
      (this.slabs + 1) * this.slabBytes <= this.budgetBytes
    ) {
      const slab = new SharedArrayBuffer(this.slabBytes);
      this.thread.touch(slab);
      this.ahead.push(slab);
      this.slabs++;
    }
  }
}
