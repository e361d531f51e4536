// Highest high and lowest low over any range of a symbol's bars in O(1) (a sparse table: level k
// holds the extreme of each run of 2^k bars, a range is covered by two overlapping runs). Built once
// per symbol in O(n log s), over the bars from the first one a range can start at and with the
// levels the longest range needs (s bars): a run's scoring reads a week of look-back before its
// first slot and asks for ranges of one session at most, so most of a full table would never be
// read. The excursions of every slot and horizon are then two lookups each. The tables are reused
// from symbol to symbol, grown when a longer series comes.

export class RangeExtremes {
  private highs: Float64Array = new Float64Array(0);
  private lows: Float64Array = new Float64Array(0);
  /** Bars indexed (from `from` on), and the first of them. */
  private length = 0;
  private from = 0;
  /** The longest range the levels cover. */
  private maxSpan = 0;
  private log2: Uint8Array = new Uint8Array(1);

  /**
   * Indexes bars `from`… of the high and low columns (equal lengths) for ranges of up to `maxSpan`
   * bars (default: every range of them).
   */
  build(high: Float64Array, low: Float64Array, from = 0, maxSpan = high.length - from): void {
    const n = Math.max(0, high.length - from);
    const span = Math.max(1, Math.min(maxSpan, n));
    const levels = levelsFor(span);
    if (this.highs.length < n * levels) {
      this.highs = new Float64Array(n * levels);
      this.lows = new Float64Array(n * levels);
    }
    if (this.log2.length < span + 1) {
      this.log2 = new Uint8Array(span + 1);
      for (let i = 2; i <= span; i++) this.log2[i] = this.log2[i >> 1] + 1;
    }
    this.length = n;
    this.from = from;
    this.maxSpan = span;
    this.highs.set(high.subarray(from), 0);
    this.lows.set(low.subarray(from), 0);
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

  /** Highest high of bars first..last (both included; from <= first <= last, at most maxSpan bars). */
  maxHigh(first: number, last: number): number {
    const level = this.levelOf(first, last);
    const base = level * this.length - this.from;
    const a = this.highs[base + first];
    const b = this.highs[base + last - (1 << level) + 1];
    return Math.max(a, b);
  }

  /** Lowest low of bars first..last (both included). */
  minLow(first: number, last: number): number {
    const level = this.levelOf(first, last);
    const base = level * this.length - this.from;
    const a = this.lows[base + first];
    const b = this.lows[base + last - (1 << level) + 1];
    return Math.min(a, b);
  }

  /** The level two runs of which cover the range; a range the table was not built for is a bug, not a value. */
  private levelOf(first: number, last: number): number {
    const span = last - first + 1;
    if (first < this.from || span > this.maxSpan || last >= this.from + this.length) {
      throw new RangeError(
        `RangeExtremes: bars ${first}..${last} are outside the indexed ${this.from}.. (${this.length} bars, ranges up to ${this.maxSpan})`,
      );
    }
    return this.log2[span];
  }
}

function levelsFor(n: number): number {
  let levels = 1;
  while (1 << levels <= n) levels++;
  return levels;
}
