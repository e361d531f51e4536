// The part of a batched read (`readBarsOfSymbols`) both bar stores share: which asked-for symbols
// each stored series feeds (a symbol asked for twice gets the same columns twice), the series
// grouped by chunk span (one statement per span), and the chunks of rows ordered by series decoded
// one series at a time, as soon as the next series starts, so only one series' blobs are held.

import type { BarColumns } from "../core/bar-columns.js";

export interface SeriesRef {
  readonly id: number;
  readonly spanMs: number;
}

export class SeriesBatch {
  /** Chunk span → the ids of the series with that span (one interval's share one span unless the store was written with another rule). */
  readonly bySpan = new Map<number, number[]>();
  /** Series id → the indices of the symbols that asked for it. */
  private readonly targets = new Map<number, number[]>();
  /** The chunks of the series in hand (emptied, not replaced, after each: `decode` keeps none). */
  private readonly chunks: Buffer[] = [];
  private seriesId = -1;

  /**
   * `refs[i]`: the series of the i-th symbol asked for (undefined: not stored, its entry of
   * `result` stays as it is). `decode` turns one series' chunks into its columns (the array is the
   * batch's own, refilled for the next series: it must not be kept), given the index of the first
   * symbol that asked for it; `keep` (BarStorePort.readBarsOfSymbols), if given, what is kept of
   * them, at once.
   */
  constructor(
    refs: ReadonlyArray<SeriesRef | undefined>,
    private readonly result: BarColumns[],
    private readonly decode: (chunks: Buffer[], firstIndex: number) => BarColumns,
    private readonly keep?: (bars: BarColumns, firstIndex: number) => BarColumns,
  ) {
    groupBySpan(refs, this.targets, this.bySpan);
  }

  /** The ids of `refs`' series (each once) by chunk span, as a batch over them reads them. */
  static idsBySpan(refs: ReadonlyArray<SeriesRef | undefined>): Map<number, number[]> {
    const bySpan = new Map<number, number[]>();
    groupBySpan(refs, new Map(), bySpan);
    return bySpan;
  }

  /** The next chunk of a statement's rows (ordered by series, then time). */
  add(seriesId: number, chunk: Buffer): void {
    if (seriesId !== this.seriesId) {
      this.end();
      this.seriesId = seriesId;
    }
    this.chunks.push(chunk);
  }

  /** After a statement's last row: decodes the series in hand. */
  end(): void {
    if (this.chunks.length === 0) return;
    const indices = this.targets.get(this.seriesId) ?? [];
    const decoded = this.decode(this.chunks, indices[0]);
    const bars = this.keep === undefined ? decoded : this.keep(decoded, indices[0]);
    for (const index of indices) this.result[index] = bars;
    this.chunks.length = 0;
  }
}

/** Fills `targets` (series id → indices of `refs` naming it) and `bySpan` (span → ids, each once). */
function groupBySpan(
  refs: ReadonlyArray<SeriesRef | undefined>,
  targets: Map<number, number[]>,
  bySpan: Map<number, number[]>,
): void {
  refs.forEach((ref, index) => {
    if (ref === undefined) return;
    const indices = targets.get(ref.id);
    if (indices !== undefined) {
      indices.push(index);
      return;
    }
    targets.set(ref.id, [index]);
    const ids = bySpan.get(ref.spanMs);
    if (ids === undefined) bySpan.set(ref.spanMs, [ref.id]);
    else ids.push(ref.id);
  });
}
