// Highest high and lowest low over any range of a symbol's bars in O(1) (a sparse table: level k
// holds the extreme of each run of 2^k bars, a range is covered by two overlapping runs). Built once
// per symbol in O(n log n); the excursions of every slot and horizon are then two lookups each.
// The tables are reused from symbol to symbol, grown when a longer series comes.

export class RangeExtremes {
  private highs: Float64Array = new Float64Array(0);
  private lows: Float64Array = new Float64Array(0);
  private length = 0;
  private log2: Uint8Array = new Uint8Array(1);

  /** Indexes the bars (their high and low columns, equal lengths). */
  build(high: Float64Array, low: Float64Array): void {
    const n = high.length;
    const levels = levelsFor(n);
    if (this.highs.length < n * levels) {
      this.highs = new Float64Array(n * levels);
      this.lows = new Float64Array(n * levels);
    }
    if (this.log2.length < n + 1) {
      this.log2 = new Uint8Array(n + 1);
      for (let i = 2; i <= n; i++) this.log2[i] = this.log2[i >> 1] + 1;
    }
    this.length = n;
    this.highs.set(high, 0);
    this.lows.set(low, 0);
    for (let level = 1; level < levels; level++) {
      const half = 1 << (level - 1);
      const base = level * n;
      const below = (level - 1) * n;
      const end = n - (1 << level) + 1;
      for (let i = 0; i < end; i++) {
        const a = this.highs[below + i];
        const b = this.highs[below + i + half];
        this.highs[base + i] = Math.max(a, b);
        const c = this.lows[below + i];
        const d = this.lows[below + i + half];
        this.lows[base + i] = Math.min(c, d);
      }
    }
  }

  /** Highest high of bars first..last (both included; first <= last < length). */
  maxHigh(first: number, last: number): number {
    const level = this.log2[last - first + 1];
    const base = level * this.length;
    const a = this.highs[base + first];
    const b = this.highs[base + last - (1 << level) + 1];
    return Math.max(a, b);
  }

  /** Lowest low of bars first..last (both included). */
  minLow(first: number, last: number): number {
    const level = this.log2[last - first + 1];
    const base = level * this.length;
    const a = this.lows[base + first];
    const b = this.lows[base + last - (1 << level) + 1];
    return Math.min(a, b);
  }
}

function levelsFor(n: number): number {
  let levels = 1;
  while (1 << levels <= n) levels++;
  return levels;
}
