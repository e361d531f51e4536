// Highest high and lowest low over any range of a symbol's bars in O(1), built in O(n). The bars
// are cut into blocks of BLOCK: per bar, the extreme from its block's start to it (prefix) and from
// it to its block's end (suffix); per block, a sparse table over whole blocks (level k holds the
// extreme of each run of 2^k blocks). A range inside one block is scanned (at most BLOCK bars);
// a longer one is its first block's suffix, its last block's prefix and the whole blocks between
// (two overlapping runs of the table). A run's scoring builds one per symbol over the bars from the
// first one a range can start at, for ranges of at most the longest span its horizons need; the
// excursions of every slot and horizon are then a few lookups each. A full sparse table over the
// bars (about a dozen levels of every bar) cost more to build than all the lookups together.
// The arrays are reused from symbol to symbol, grown when a longer series comes.

const BLOCK_BITS = 5;
const BLOCK = 1 << BLOCK_BITS;

export class RangeExtremes {
  /** The columns indexed (as given: valid while the caller leaves them unchanged). */
  private high: Float64Array = new Float64Array(0);
  private low: Float64Array = new Float64Array(0);
  /** Per bar (from `from` on): the extreme from its block's start to it, and from it to its block's end. */
  private prefixHigh: Float64Array = new Float64Array(0);
  private suffixHigh: Float64Array = new Float64Array(0);
  private prefixLow: Float64Array = new Float64Array(0);
  private suffixLow: Float64Array = new Float64Array(0);
  /** The sparse tables over whole blocks: level k at k * blocks. */
  private blockHighs: Float64Array = new Float64Array(0);
  private blockLows: Float64Array = new Float64Array(0);
  private blocks = 0;
  /** Bars indexed (from `from` on), and the first of them. */
  private length = 0;
  private from = 0;
  /** The longest range the tables cover. */
  private maxSpan = 0;
  private log2: Uint8Array = new Uint8Array(1);

  /**
   * Indexes bars `from`… of the high and low columns (equal lengths) for ranges of up to `maxSpan`
   * bars (default: every range of them).
   */
  build(high: Float64Array, low: Float64Array, from = 0, maxSpan = high.length - from): void {
    const n = Math.max(0, high.length - from);
    const span = Math.max(1, Math.min(maxSpan, n));
    const blocks = (n + BLOCK - 1) >> BLOCK_BITS;
    // The most whole blocks a range of `span` bars can hold between its first and last block.
    const blockSpan = Math.max(1, Math.min(blocks, (span >> BLOCK_BITS) + 1));
    const levels = levelsFor(blockSpan);
    if (this.prefixHigh.length < n) {
      this.prefixHigh = new Float64Array(n);
      this.suffixHigh = new Float64Array(n);
      this.prefixLow = new Float64Array(n);
      this.suffixLow = new Float64Array(n);
    }
    if (this.blockHighs.length < blocks * levels) {
      this.blockHighs = new Float64Array(blocks * levels);
      this.blockLows = new Float64Array(blocks * levels);
    }
    if (this.log2.length < blockSpan + 1) {
      this.log2 = new Uint8Array(blockSpan + 1);
      for (let i = 2; i <= blockSpan; i++) this.log2[i] = this.log2[i >> 1] + 1;
    }
    this.high = high;
    this.low = low;
    this.blocks = blocks;
    this.length = n;
    this.from = from;
    this.maxSpan = span;
    const { prefixHigh, suffixHigh, prefixLow, suffixLow, blockHighs, blockLows } = this;
    for (let block = 0; block < blocks; block++) {
      const start = block << BLOCK_BITS;
      const end = Math.min(n, start + BLOCK);
      let highest = high[from + start];
      let lowest = low[from + start];
      for (let r = start; r < end; r++) {
        highest = Math.max(highest, high[from + r]);
        lowest = Math.min(lowest, low[from + r]);
        prefixHigh[r] = highest;
        prefixLow[r] = lowest;
      }
      blockHighs[block] = highest;
      blockLows[block] = lowest;
      highest = high[from + end - 1];
      lowest = low[from + end - 1];
      for (let r = end - 1; r >= start; r--) {
        highest = Math.max(highest, high[from + r]);
        lowest = Math.min(lowest, low[from + r]);
        suffixHigh[r] = highest;
        suffixLow[r] = lowest;
      }
    }
    for (let level = 1; level < levels; level++) {
      const half = 1 << (level - 1);
      const base = level * blocks;
      const below = (level - 1) * blocks;
      const end = blocks - (1 << level) + 1;
      for (let i = 0; i < end; i++) {
        blockHighs[base + i] = Math.max(blockHighs[below + i], blockHighs[below + i + half]);
        blockLows[base + i] = Math.min(blockLows[below + i], blockLows[below + i + half]);
      }
    }
  }

  /** Highest high of bars first..last (both included; from <= first <= last, at most maxSpan bars). */
  maxHigh(first: number, last: number): number {
    this.check(first, last);
    const r1 = first - this.from;
    const r2 = last - this.from;
    const b1 = r1 >> BLOCK_BITS;
    const b2 = r2 >> BLOCK_BITS;
    if (b1 === b2) {
      const high = this.high;
      let highest = high[first];
      for (let i = first + 1; i <= last; i++) highest = Math.max(highest, high[i]);
      return highest;
    }
    const ends = Math.max(this.suffixHigh[r1], this.prefixHigh[r2]);
    if (b2 - b1 === 1) return ends;
    const level = this.log2[b2 - b1 - 1];
    const base = level * this.blocks;
    return Math.max(ends, this.blockHighs[base + b1 + 1], this.blockHighs[base + b2 - (1 << level)]);
  }

  /** Lowest low of bars first..last (both included). */
  minLow(first: number, last: number): number {
    this.check(first, last);
    const r1 = first - this.from;
    const r2 = last - this.from;
    const b1 = r1 >> BLOCK_BITS;
    const b2 = r2 >> BLOCK_BITS;
    if (b1 === b2) {
      const low = this.low;
      let lowest = low[first];
      for (let i = first + 1; i <= last; i++) lowest = Math.min(lowest, low[i]);
      return lowest;
    }
    const ends = Math.min(this.suffixLow[r1], this.prefixLow[r2]);
    if (b2 - b1 === 1) return ends;
    const level = this.log2[b2 - b1 - 1];
    const base = level * this.blocks;
    return Math.min(ends, this.blockLows[base + b1 + 1], this.blockLows[base + b2 - (1 << level)]);
  }

  /** A range the tables were not built for is a bug, not a value. */
  private check(first: number, last: number): void {
    if (
      first < this.from ||
      last < first ||
      last - first + 1 > this.maxSpan ||
      last >= this.from + this.length
    ) {
      throw new RangeError(
        `RangeExtremes: bars ${first}..${last} are outside the indexed ${this.from}.. (${this.length} bars, ranges up to ${this.maxSpan})`,
      );
    }
  }
}

function levelsFor(n: number): number {
  let levels = 1;
  while (1 << levels <= n) levels++;
  return levels;
}
