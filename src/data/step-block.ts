// A replayed day laid out step by step across the symbols, for the replay feed's drains (#16,
// docs/performance.md, "Session 18: the step block"). Each symbol's day is landed in memory of its own (its feed
// series' room), so a drain that hands 2,000 symbols their next five bars reads 2,000 places, each
// untouched since the day was decoded: at thousands of symbols those first reads were a fifth of
// the backtest. The block holds a second copy of the day, cut into segments at the times the
// drains come (learnt from the day before), each segment's bars of every symbol side by side: a
// drain covering one segment reads one run of memory. The copy is made while each symbol's day is
// still in the CPU's caches from being decoded (the store's `keep`), a few symbols at a time so
// the writes go to runs of memory too; made later, from the landed days, it cost what it saved.
//
// Layout: segment k holds the bars ending in (ends[k − 1], ends[k]] (ends[−1]: the open), with
// `widths[k]` slots per symbol, w = (ends[k] − ends[k − 1]) / the bar duration. Within a segment
// each symbol's six fields lie together, symbol after symbol: field f of symbol s's slot j at
// bases[k] + s × 6w + f × w + j. A segment's six columns are views starting w apart, so that one
// index, s × 6w + j, reads slot j of symbol s in each: a step reads its symbols' bars in one
// sequence, and a tile's copy writes one run per segment. A symbol whose bars do not fit
// a segment's slots (bars off the grid) is left out: its drains take the landed day, as any drain
// that does not cover exactly one segment does.

import type { BarColumns } from "../core/bar-columns.js";

const FIELDS = 6;
/** Symbols copied together: their days (about 18 KB each) stay in the caches meanwhile. */
const TILE = 16;
/** The block's default ceiling (a day of 1m bars is about 18 KB a symbol: 3,500 symbols). */
export const DEFAULT_STEP_BLOCK_BYTES = 64 * 1024 * 1024;

export class StepBlock {
  private data: Float64Array = new Float64Array(0);
  /** Where segment k ends (a bar end time), ascending. */
  private ends: number[] = [];
  private widths: number[] = [];
  private bases: number[] = [];
  /** Each segment's columns: views on `data`, w slots apart, up to the last held symbol's slots. */
  private segments: BarColumns[] = [];
  /** Segment index by end time. */
  private readonly segmentByEnd = new Map<number, number>();
  /**
   * (segments + 1) × symbols: index in symbol s's day of the first bar of segment k at
   * k × symbols + s, the row after the last segment where the day's bars in segments end; −1: the
   * symbol is not in the block.
   */
  private starts = new Int32Array(0);
  private symbols = 0;
  /** Symbols the block holds (the first ones of the day's list, as many as the ceiling allows). */
  private held = 0;
  private durationMs = 0;
  private openAt = 0;
  /** What the block was made for (the feed's subscription list); undefined: nothing. */
  private owner: unknown = undefined;
  private readonly tileIndices: number[] = [];
  private readonly tileBars: BarColumns[] = [];

  /** `arrays` gives the block's memory (default: the heap). */
  constructor(
    private readonly maxBytes = DEFAULT_STEP_BLOCK_BYTES,
    private readonly arrays: (length: number) => Float64Array = (length) => new Float64Array(length),
  ) {}

  /**
   * Makes the memory for days of `symbols` symbols and `bars` bars now, rather than at the first
   * day's read (memory whose pages another thread touches meanwhile: see `arrays`).
   */
  reserve(symbols: number, bars: number): void {
    this.ensureLength(this.heldOf(symbols, bars) * bars * FIELDS);
  }

  /**
   * Lays the block out for a day of `symbols` symbols opening at `openAt` whose drains are
   * expected at the bar ends `ends` (ascending, after the open), for `owner`; every symbol starts
   * out of the block until `add` copies its day. Memory is reused from day to day. Returns false
   * (and holds nothing) when not one symbol's day fits the ceiling.
   */
  prepare(
    owner: unknown,
    symbols: number,
    openAt: number,
    durationMs: number,
    ends: readonly number[],
  ): boolean {
    this.owner = undefined;
    this.tileIndices.length = 0;
    this.tileBars.length = 0;
    let slots = 0;
    let previous = openAt;
    for (const end of ends) {
      slots += Math.round((end - previous) / durationMs);
      previous = end;
    }
    const held = this.heldOf(symbols, slots);
    if (held <= 0 || ends.length === 0) return false;
    const layoutChanged =
      held !== this.held ||
      this.symbols !== symbols ||
      ends.length !== this.ends.length ||
      ends.some((end, k) => end - openAt !== this.ends[k] - this.openAt);
    this.symbols = symbols;
    this.held = held;
    this.durationMs = durationMs;
    if (this.starts.length < (ends.length + 1) * symbols) {
      this.starts = new Int32Array((ends.length + 1) * symbols);
    }
    this.starts.fill(-1, 0, (ends.length + 1) * symbols);
    if (layoutChanged) this.layOut(held, openAt, ends, slots);
    else this.moveTo(openAt);
    this.owner = owner;
    return true;
  }

  /** Copies symbol `index`'s day into the block (later, with a few others: see TILE). */
  add(index: number, bars: BarColumns): void {
    if (this.owner === undefined || index >= this.held || bars.length === 0) return;
    this.tileIndices.push(index);
    this.tileBars.push(bars);
    if (this.tileIndices.length === TILE) this.copyTile();
  }

  /** After the day's last `add`. */
  finish(): void {
    if (this.tileIndices.length > 0) this.copyTile();
  }

  /** Lets go of the day (the memory stays for the next). */
  clear(): void {
    this.owner = undefined;
    this.tileIndices.length = 0;
    this.tileBars.length = 0;
  }

  /** The segment whose bars end by `end` (exactly its end), for `owner`; −1: none. */
  segmentEndingAt(owner: unknown, end: number): number {
    if (owner !== this.owner || owner === undefined) return -1;
    return this.segmentByEnd.get(end) ?? -1;
  }

  /** Index in symbol `index`'s day of segment k's first bar; −1 when the symbol is not in the block. */
  startOf(k: number, index: number): number {
    return index < this.held ? this.starts[k * this.symbols + index] : -1;
  }

  /** How many of symbol `index`'s bars segment k holds (the symbol in the block). */
  countOf(k: number, index: number): number {
    return this.starts[(k + 1) * this.symbols + index] - this.starts[k * this.symbols + index];
  }

  /** Segment k's columns; symbol `index`'s bars start at `slotOf(k, index)`. */
  columnsOf(k: number): BarColumns {
    return this.segments[k];
  }

  slotOf(k: number, index: number): number {
    return index * FIELDS * this.widths[k];
  }

  private layOut(held: number, openAt: number, ends: readonly number[], slots: number): void {
    this.ensureLength(held * slots * FIELDS);
    this.widths = [];
    this.bases = [];
    this.segments = [];
    let base = 0;
    let previous = openAt;
    for (const end of ends) {
      const width = Math.round((end - previous) / this.durationMs);
      // Each column ends with the last symbol's slot of its field.
      const length = held * FIELDS * width - (FIELDS - 1) * width;
      const column = (field: number) =>
        this.data.subarray(base + field * width, base + field * width + length);
      this.widths.push(width);
      this.bases.push(base);
      this.segments.push({
        length,
        time: column(0),
        open: column(1),
        high: column(2),
        low: column(3),
        close: column(4),
        volume: column(5),
      });
      base += held * FIELDS * width;
      previous = end;
    }
    this.ends = [...ends];
    this.openAt = openAt;
    this.indexEnds();
  }

  /** Symbols of a day of `slots` bars the ceiling allows, at most `symbols`. */
  private heldOf(symbols: number, slots: number): number {
    return Math.min(symbols, Math.floor(this.maxBytes / (slots * FIELDS * 8)));
  }

  /** Memory for `length` values; new memory leaves no segment laid out on the old (`layOut` again). */
  private ensureLength(length: number): void {
    if (this.data.length >= length) return;
    this.data = this.arrays(length);
    this.ends = [];
  }

  /** The same layout on another day: only the segments' end times move. */
  private moveTo(openAt: number): void {
    const shift = openAt - this.openAt;
    this.ends = this.ends.map((end) => end + shift);
    this.openAt = openAt;
    this.indexEnds();
  }

  private indexEnds(): void {
    this.segmentByEnd.clear();
    for (let k = 0; k < this.ends.length; k++) this.segmentByEnd.set(this.ends[k], k);
  }

  /**
   * The tile's days into the block: first where each symbol's segments start (one pass over its
   * times), then segment by segment, the tile's symbols one after the other, each symbol's fields
   * together.
   */
  private copyTile(): void {
    const indices = this.tileIndices;
    const tile = this.tileBars;
    const { ends, widths, bases, starts, symbols, data } = this;
    const durationMs = this.durationMs;
    const segments = ends.length;
    for (let t = 0; t < indices.length; t++) {
      const index = indices[t];
      const time = tile[t].time;
      const length = tile[t].length;
      let bar = 0;
      let fits = true;
      for (let k = 0; k < segments; k++) {
        starts[k * symbols + index] = bar;
        const end = ends[k];
        const first = bar;
        while (bar < length && time[bar] + durationMs <= end) bar++;
        if (bar - first > widths[k]) fits = false;
      }
      starts[segments * symbols + index] = bar;
      if (!fits) for (let k = 0; k <= segments; k++) starts[k * symbols + index] = -1;
    }
    for (let k = 0; k < segments; k++) {
      const width = widths[k];
      const base = bases[k];
      for (let t = 0; t < indices.length; t++) {
        const index = indices[t];
        const from = starts[k * symbols + index];
        if (from < 0) continue;
        const to = starts[(k + 1) * symbols + index];
        const bars = tile[t];
        const out = base + index * FIELDS * width;
        copyRun(bars.time, from, to, data, out);
        copyRun(bars.open, from, to, data, out + width);
        copyRun(bars.high, from, to, data, out + 2 * width);
        copyRun(bars.low, from, to, data, out + 3 * width);
        copyRun(bars.close, from, to, data, out + 4 * width);
        copyRun(bars.volume, from, to, data, out + 5 * width);
      }
    }
    indices.length = 0;
    tile.length = 0;
  }
}

function copyRun(column: Float64Array, from: number, to: number, data: Float64Array, at: number): void {
  for (let i = from; i < to; i++) data[at++] = column[i];
}
