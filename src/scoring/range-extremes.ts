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

/** Where the tables of both columns stand: the bars indexed and the blocks they are cut into. */
interface Layout {
  /** The first bar indexed, and how many from it. */
  readonly from: number;
  readonly length: number;
  readonly blocks: number;
  /** The sparse tables' levels, and log2 of every count of whole blocks a range can hold. */
  readonly levels: number;
  readonly log2: Uint8Array;
}

/**
 * One column's tables, as maxima of `sign * value`: the highs with sign 1, the lows with sign -1
 * (-max(-x) is min(x) exactly: a sign flip loses nothing), so both go through the same code.
 */
class ColumnExtremes {
  private values: Float64Array = new Float64Array(0);
  private prefix: Float64Array = new Float64Array(0);
  private suffix: Float64Array = new Float64Array(0);
  /** Level k at k * blocks. */
  private blockTable: Float64Array = new Float64Array(0);

  constructor(private readonly sign: 1 | -1) {}

  /** Indexes `values` (kept as given: valid while the caller leaves them unchanged). */
  build(values: Float64Array, layout: Layout): void {
    const { from, length: n, blocks, levels } = layout;
    const sign = this.sign;
    if (this.prefix.length < n) {
      this.prefix = new Float64Array(n);
      this.suffix = new Float64Array(n);
    }
    if (this.blockTable.length < blocks * levels) this.blockTable = new Float64Array(blocks * levels);
    this.values = values;
    const { prefix, suffix, blockTable } = this;
    for (let block = 0; block < blocks; block++) {
      const start = block << BLOCK_BITS;
      const end = Math.min(n, start + BLOCK);
      let best = sign * values[from + start];
      for (let r = start; r < end; r++) {
        best = Math.max(best, sign * values[from + r]);
        prefix[r] = best;
      }
      blockTable[block] = best;
      best = sign * values[from + end - 1];
      for (let r = end - 1; r >= start; r--) {
        best = Math.max(best, sign * values[from + r]);
        suffix[r] = best;
      }
    }
    for (let level = 1; level < levels; level++) {
      const half = 1 << (level - 1);
      const base = level * blocks;
      const below = (level - 1) * blocks;
      const end = blocks - (1 << level) + 1;
      for (let i = 0; i < end; i++) {
        blockTable[base + i] = Math.max(blockTable[below + i], blockTable[below + i + half]);
      }
    }
  }

  /** The extreme of bars first..last (checked by the caller), in the column's own sign. */
  extreme(first: number, last: number, layout: Layout): number {
    const sign = this.sign;
    const r1 = first - layout.from;
    const r2 = last - layout.from;
    const b1 = r1 >> BLOCK_BITS;
    const b2 = r2 >> BLOCK_BITS;
    if (b1 === b2) {
      const values = this.values;
      let best = sign * values[first];
      for (let i = first + 1; i <= last; i++) best = Math.max(best, sign * values[i]);
      return sign * best;
    }
    const ends = Math.max(this.suffix[r1], this.prefix[r2]);
    if (b2 - b1 === 1) return sign * ends;
    const level = layout.log2[b2 - b1 - 1];
    const base = level * layout.blocks;
    return sign * Math.max(ends, this.blockTable[base + b1 + 1], this.blockTable[base + b2 - (1 << level)]);
  }
}

export class RangeExtremes {
  private readonly highs = new ColumnExtremes(1);
  private readonly lows = new ColumnExtremes(-1);
  private layout: Layout = { from: 0, length: 0, blocks: 0, levels: 1, log2: new Uint8Array(1) };
  /** The longest range the tables cover. */
  private maxSpan = 0;

  /**
   * Indexes bars `from`… of the high and low columns (equal lengths, kept as given: valid while the
   * caller leaves them unchanged) for ranges of up to `maxSpan` bars (default: every range of them).
   */
  build(high: Float64Array, low: Float64Array, from = 0, maxSpan = high.length - from): void {
    const n = Math.max(0, high.length - from);
    const span = Math.max(1, Math.min(maxSpan, n));
    const blocks = (n + BLOCK - 1) >> BLOCK_BITS;
    // The most whole blocks a range of `span` bars can hold between its first and last block.
    const blockSpan = Math.max(1, Math.min(blocks, (span >> BLOCK_BITS) + 1));
    let log2 = this.layout.log2;
    if (log2.length < blockSpan + 1) {
      log2 = new Uint8Array(blockSpan + 1);
      for (let i = 2; i <= blockSpan; i++) log2[i] = log2[i >> 1] + 1;
    }
    this.layout = { from, length: n, blocks, levels: levelsFor(blockSpan), log2 };
    this.maxSpan = span;
    this.highs.build(high, this.layout);
    this.lows.build(low, this.layout);
  }

  /** Highest high of bars first..last (both included; from <= first <= last, at most maxSpan bars). */
  maxHigh(first: number, last: number): number {
    this.check(first, last);
    return this.highs.extreme(first, last, this.layout);
  }

  /** Lowest low of bars first..last (both included). */
  minLow(first: number, last: number): number {
    this.check(first, last);
    return this.lows.extreme(first, last, this.layout);
  }

  /** A range the tables were not built for is a bug, not a value. */
  private check(first: number, last: number): void {
    const { from, length } = this.layout;
    if (first < from || last < first || last - first + 1 > this.maxSpan || last >= from + length) {
      throw new RangeError(
        `RangeExtremes: bars ${first}..${last} are outside the indexed ${from}.. (${length} bars, ranges up to ${this.maxSpan})`,
      );
    }
  }
}

function levelsFor(n: number): number {
  let levels = 1;
  while (1 << levels <= n) levels++;
  return levels;
}
