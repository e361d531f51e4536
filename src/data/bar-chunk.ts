// The storage unit of the bar store: all bars of one series whose start falls in one fixed time
// span, packed as one blob. Reading a row per bar costs about a microsecond in better-sqlite3,
// which caps range reads well under the 2,000,000 bars/s the store must deliver; a chunk is copied
// into the result columns with one memcpy per field instead.
//
// Blob layout (little-endian float64): n times, then n opens, n highs, n lows, n closes, n volumes,
// times strictly ascending. A bar's key stays (series, start time): the chunk is only packaging.

import { barProblem, MAX_PRICE, MAX_VOLUME } from "../core/bar.js";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";

const FIELD_COUNT = 6;
const BYTES_PER_VALUE = 8;
export const BYTES_PER_BAR = FIELD_COUNT * BYTES_PER_VALUE;

/** The six columns in blob order. */
function fieldsOf(bars: BarColumns): readonly Float64Array[] {
  return [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume];
}

/** Packs bars [start, end) of `bars` into a chunk blob. */
export function encodeChunk(bars: BarColumns, start: number, end: number): Buffer {
  const count = end - start;
  const values = new Float64Array(count * FIELD_COUNT);
  const fields = fieldsOf(bars);
  for (let field = 0; field < FIELD_COUNT; field++) {
    values.set(fields[field].subarray(start, end), field * count);
  }
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * Why bars read back from the file are not bars this store wrote, or `undefined` when they are:
 * strictly ascending whole-ms times and valid OHLCV. Chunks carry no checksum; this is what catches
 * garbage written into a blob (a damaged page) before it could pass for bars. Run on the decoded
 * columns (typed arrays), it costs a fraction of the read.
 */
export function barsProblem(bars: BarColumns): string | undefined {
  const { time, open, high, low, close, volume } = bars;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < bars.length; i++) {
    const t = time[i];
    if (!(t > previous) || !Number.isSafeInteger(t)) return `bar ${i} has time ${t} after ${previous}`;
    previous = t;
    const h = high[i];
    const l = low[i];
    const o = open[i];
    const c = close[i];
    const v = volume[i];
    // The common case in one cheap test (comparisons only: no sum that could overflow and flag good
    // bars); the exact reason only for a bar that fails it. NaN fails every comparison.
    if (
      !(
        h >= o &&
        h >= c &&
        l <= o &&
        l <= c &&
        h <= MAX_PRICE &&
        l >= -MAX_PRICE &&
        v >= 0 &&
        v <= MAX_VOLUME
      )
    ) {
      return `bar ${i} (time ${t}): ${barProblem(o, h, l, c, v) ?? "a value is not finite"}`;
    }
  }
  return undefined;
}

/** The bars of a stored blob, or `undefined` when it is not a whole number of bars passing `barsProblem`. */
export function decodeIntactChunk(chunk: Buffer): BarColumns | undefined {
  if (chunk.byteLength === 0 || chunk.byteLength % BYTES_PER_BAR !== 0) return undefined;
  const bars = decodeChunk(chunk);
  return barsProblem(bars) === undefined ? bars : undefined;
}

/**
 * `read()` with a damaged chunk it meets (`DamagedChunkError`) refused through `corrupt`, the
 * store's own error naming the series.
 */
export function refusingDamage<T>(read: () => T, corrupt: (problem: string) => Error): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DamagedChunkError) throw corrupt(error.message);
    throw error;
  }
}

/**
 * The bars `read` copies from stored chunks, refused through `corrupt` when a chunk or a bar is not
 * what the store wrote (a damaged page) rather than returned as bars or passed over.
 */
export function intactBars(read: () => BarColumns, corrupt: (problem: string) => Error): BarColumns {
  const bars = refusingDamage(read, corrupt);
  const problem = barsProblem(bars);
  if (problem !== undefined) throw corrupt(problem);
  return bars;
}

/** Number of bars in a chunk blob. */
export function chunkLength(chunk: Uint8Array): number {
  return chunk.byteLength / BYTES_PER_BAR;
}

/** A stored blob that cannot be a chunk the store wrote (`checkedChunkLength`); the store names the series. */
export class DamagedChunkError extends Error {}

/**
 * The number of bars of a stored blob, after the checks a read's range lookups rely on: a whole
 * number of bars, at least one, the first and last times whole milliseconds in order. Without them
 * a blob whose times are garbage (NaN compares false both ways) would hold no bar of any range and
 * be passed over, its bars lost without a word; the bars a read copies are then checked whole
 * (`barsProblem`).
 */
export function checkedChunkLength(chunk: Buffer): number {
  const length = chunkLength(chunk);
  if (!Number.isInteger(length) || length === 0) {
    throw new DamagedChunkError(`a chunk of ${chunk.byteLength} bytes is not a whole number of bars`);
  }
  const first = chunkTimeAt(chunk, 0);
  const last = chunkTimeAt(chunk, length - 1);
  if (!(first <= last) || !Number.isSafeInteger(first) || !Number.isSafeInteger(last)) {
    throw new DamagedChunkError(`a chunk's bars run from time ${first} to time ${last}`);
  }
  return length;
}

/** Start time of bar `index` of a chunk. */
export function chunkTimeAt(chunk: Buffer, index: number): number {
  return chunk.readDoubleLE(index * BYTES_PER_VALUE);
}

/** Index of the first bar of the chunk whose time is >= `time` (chunkLength when none). */
export function chunkLowerBound(chunk: Buffer, time: number): number {
  let low = 0;
  let high = chunkLength(chunk);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (chunkTimeAt(chunk, middle) < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Copies bars [from, to) of a chunk into `target` at bar `targetIndex`. A whole chunk into columns
 * of its own length laid out as `allocateBarColumns` lays them (six fields one after the other: the
 * blob's own layout) is one copy of the blob; otherwise one copy per field, from a byte view of the
 * blob's field (a blob from SQLite need not be 8-byte aligned) into one byte view of the buffer the
 * six columns share (a series' landing, fresh columns), or of each column's own buffer otherwise.
 * The views are plain Uint8Arrays: a Buffer's `subarray` makes a Buffer through its species, and
 * a view per field on both sides was twelve objects per call.
 */
export function copyChunkBars(
  chunk: Uint8Array,
  from: number,
  to: number,
  target: BarColumns,
  targetIndex: number,
): void {
  const count = chunkLength(chunk);
  const taken = to - from;
  if (taken <= 0) return;
  const time = target.time;
  if (taken === count && targetIndex === 0 && target.length === count && isBlobLayout(target)) {
    new Uint8Array(time.buffer, time.byteOffset, count * BYTES_PER_BAR).set(chunk);
    return;
  }
  const shared = sharesBuffer(target) ? new Uint8Array(time.buffer) : undefined;
  const source = chunk.byteOffset + from * BYTES_PER_VALUE;
  const fieldBytes = count * BYTES_PER_VALUE;
  const bytes = taken * BYTES_PER_VALUE;
  const at = targetIndex * BYTES_PER_VALUE;
  copyField(chunk, source, bytes, time, at, shared);
  copyField(chunk, source + fieldBytes, bytes, target.open, at, shared);
  copyField(chunk, source + 2 * fieldBytes, bytes, target.high, at, shared);
  copyField(chunk, source + 3 * fieldBytes, bytes, target.low, at, shared);
  copyField(chunk, source + 4 * fieldBytes, bytes, target.close, at, shared);
  copyField(chunk, source + 5 * fieldBytes, bytes, target.volume, at, shared);
}

/**
 * `bytes` bytes of the chunk's buffer from byte `source` into `column` from byte `at`, through
 * `shared` (a byte view of the whole buffer `column` lies in) when given.
 */
function copyField(
  chunk: Uint8Array,
  source: number,
  bytes: number,
  column: Float64Array,
  at: number,
  shared: Uint8Array | undefined,
): void {
  const values = new Uint8Array(chunk.buffer, source, bytes);
  if (shared !== undefined) shared.set(values, column.byteOffset + at);
  else new Uint8Array(column.buffer, column.byteOffset + at, bytes).set(values);
}

/** Whether the six columns lie in one buffer. */
function sharesBuffer(bars: BarColumns): boolean {
  const buffer = bars.time.buffer;
  return (
    bars.open.buffer === buffer &&
    bars.high.buffer === buffer &&
    bars.low.buffer === buffer &&
    bars.close.buffer === buffer &&
    bars.volume.buffer === buffer
  );
}

/** Whether the six columns are consecutive in one buffer, each `length` long (the blob's layout). */
function isBlobLayout(bars: BarColumns): boolean {
  const step = bars.length * BYTES_PER_VALUE;
  const { buffer, byteOffset } = bars.time;
  return (
    isAt(bars.open, buffer, byteOffset + step) &&
    isAt(bars.high, buffer, byteOffset + 2 * step) &&
    isAt(bars.low, buffer, byteOffset + 3 * step) &&
    isAt(bars.close, buffer, byteOffset + 4 * step) &&
    isAt(bars.volume, buffer, byteOffset + 5 * step)
  );
}

function isAt(column: Float64Array, buffer: ArrayBufferLike, byteOffset: number): boolean {
  return column.buffer === buffer && column.byteOffset === byteOffset;
}

/** All bars of a chunk as fresh columns. */
export function decodeChunk(chunk: Buffer): BarColumns {
  const bars = allocateBarColumns(chunkLength(chunk));
  copyChunkBars(chunk, 0, bars.length, bars, 0);
  return bars;
}

export interface ChunkMerge {
  /** The chunk's bars after the merge. */
  readonly merged: BarColumns;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
}

/**
 * Merges incoming bars [start, end) (strictly ascending) into a chunk's existing bars. A new time is
 * inserted; an existing time with identical values is unchanged; with any value different, the
 * incoming bar replaces the stored one.
 */
export function mergeIntoChunk(
  existing: BarColumns,
  incoming: BarColumns,
  start: number,
  end: number,
): ChunkMerge {
  const merged = allocateBarColumns(existing.length + (end - start));
  let inserted = 0;
  let unchanged = 0;
  let replaced = 0;
  let out = 0;
  let old = 0;
  let next = start;
  while (old < existing.length || next < end) {
    const oldTime = old < existing.length ? existing.time[old] : Number.POSITIVE_INFINITY;
    const newTime = next < end ? incoming.time[next] : Number.POSITIVE_INFINITY;
    if (oldTime < newTime) {
      copyBar(existing, old++, merged, out++);
    } else if (newTime < oldTime) {
      copyBar(incoming, next++, merged, out++);
      inserted++;
    } else {
      if (sameValues(existing, old, incoming, next)) unchanged++;
      else replaced++;
      copyBar(incoming, next++, merged, out++);
      old++;
    }
  }
  const trimmed: BarColumns = {
    length: out,
    time: merged.time.subarray(0, out),
    open: merged.open.subarray(0, out),
    high: merged.high.subarray(0, out),
    low: merged.low.subarray(0, out),
    close: merged.close.subarray(0, out),
    volume: merged.volume.subarray(0, out),
  };
  return { merged: trimmed, inserted, unchanged, replaced };
}

function copyBar(source: BarColumns, from: number, target: BarColumns, to: number): void {
  target.time[to] = source.time[from];
  target.open[to] = source.open[from];
  target.high[to] = source.high[from];
  target.low[to] = source.low[from];
  target.close[to] = source.close[from];
  target.volume[to] = source.volume[from];
}

function sameValues(a: BarColumns, i: number, b: BarColumns, j: number): boolean {
  return (
    a.open[i] === b.open[j] &&
    a.high[i] === b.high[j] &&
    a.low[i] === b.low[j] &&
    a.close[i] === b.close[j] &&
    a.volume[i] === b.volume[j]
  );
}

/**
 * The bars with from <= time < to of `chunks` (ascending, non-overlapping), copied into columns
 * from `allocate` (each chunk's share as `copyChunkBars` copies it). Shared by both bar store
 * backends. Each chunk's wanted bars are found twice (to size the columns, then to copy) rather
 * than kept in arrays made per call: a series' read is one or a few chunks, and only a chunk
 * reaching past `from` or `to` takes a binary search. A blob that cannot be a chunk throws
 * `DamagedChunkError` (`checkedChunkLength`).
 */
export function copyChunksInRange(
  chunks: readonly Buffer[],
  from: number,
  to: number,
  allocate: (length: number) => BarColumns,
): BarColumns {
  let total = 0;
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k];
    checkedChunkLength(chunk);
    total += Math.max(0, endInRange(chunk, to) - firstInRange(chunk, from));
  }
  const bars = allocate(total);
  let filled = 0;
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k];
    const first = firstInRange(chunk, from);
    const end = endInRange(chunk, to);
    if (end <= first) continue;
    copyChunkBars(chunk, first, end, bars, filled);
    filled += end - first;
  }
  return bars;
}

/** Index of the chunk's first bar at or after `from`. */
function firstInRange(chunk: Buffer, from: number): number {
  return chunkTimeAt(chunk, 0) >= from ? 0 : chunkLowerBound(chunk, from);
}

/** Index after the chunk's last bar before `to`. */
function endInRange(chunk: Buffer, to: number): number {
  const length = chunkLength(chunk);
  return chunkTimeAt(chunk, length - 1) < to ? length : chunkLowerBound(chunk, to);
}

/** A chunk and how many of its first bars are wanted (those before a bound). */
export interface ChunkPrefix {
  readonly chunk: Buffer;
  readonly end: number;
}

/** The last `count` bars of `picked` (newest chunk first), ascending in fresh columns. */
export function copyLastChunkBars(picked: readonly ChunkPrefix[], count: number): BarColumns {
  const bars = allocateBarColumns(count);
  let position = bars.length;
  for (const { chunk, end } of picked) {
    if (position === 0) break;
    const take = Math.min(end, position);
    copyChunkBars(chunk, end - take, end, bars, position - take);
    position -= take;
  }
  return bars;
}
