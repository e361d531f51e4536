// Where a session's bar series get their arrays (BarSeries). The arrays are most of a session's
// memory at thousands of symbols; by default they are plain arrays on the heap. A backtest with a
// second CPU takes them from memory another thread has already touched (prefaulted-memory.ts).

/** Hands out the arrays of bar series. */
export interface SeriesMemory {
  /** A Float64Array of `length` zeros, the caller's alone. */
  float64(length: number): Float64Array;
}

/** Plain arrays, each its own allocation. */
export const HEAP_MEMORY: SeriesMemory = {
  float64: (length) => new Float64Array(length),
};
