// The decode of stored chunks into columns (bar-chunk.ts `copyChunksInRange`, `copyChunkBars`) and
// the batched read's per-series hand-over (series-batch.ts): real SPY and AIG minutes of
// 2013-10-07..08 packed into one chunk per day, read back for ranges starting and ending inside
// chunks and between them, into fresh columns (the blob's own layout: one copy), into six views at
// an offset of a larger array (a series' landing: one byte view of the array they share) and into
// six columns of six buffers, from blobs at unaligned offsets as SQLite may hand them. Every value
// must be the file's, exactly.

import { describe, expect, it } from "vitest";
import { allocateBarColumns, type BarColumns } from "../../../src/core/bar-columns.js";
import { copyChunksInRange, encodeChunk } from "../../../src/data/bar-chunk.js";
import { SeriesBatch } from "../../../src/data/series-batch.js";
import { columnsOfRows } from "../../helpers/bar-rows.js";
import { type CsvBar, readMinuteCsv } from "../../helpers/shared-data.js";

const FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;

function minutes(symbol: string): CsvBar[][] {
  return ["20131007", "20131008"].map((day) => readMinuteCsv(`minute/${symbol}-${day}.csv`));
}

/** One day's bars as a chunk blob at byte `offset` of a larger Buffer (SQLite's need not be aligned). */
function chunkOf(rows: readonly CsvBar[], offset: number): Buffer {
  const blob = encodeChunk(
    columnsOfRows(rows.map((r) => [r.time, r.open, r.high, r.low, r.close, r.volume])),
    0,
    rows.length,
  );
  const host = Buffer.alloc(blob.byteLength + offset + 5, 0xee);
  blob.copy(host, offset);
  return host.subarray(offset, offset + blob.byteLength);
}

/** Six views of `length` bars at `at` in one array of `slots` bars per field (a series' landing). */
function landingOf(length: number, slots: number, at: number): BarColumns {
  const data = new Float64Array(6 * slots).fill(-1);
  const view = (field: number) => data.subarray(field * slots + at, field * slots + at + length);
  return {
    length,
    time: view(0),
    open: view(1),
    high: view(2),
    low: view(3),
    close: view(4),
    volume: view(5),
  };
}

/** Six columns, each in a buffer of its own, at bar `at` of it. */
function separateOf(length: number, at: number): BarColumns {
  const column = () => new Float64Array(length + at + 3).fill(-1).subarray(at, at + length);
  return {
    length,
    time: column(),
    open: column(),
    high: column(),
    low: column(),
    close: column(),
    volume: column(),
  };
}

function rowsOf(bars: BarColumns): number[][] {
  return Array.from({ length: bars.length }, (_, i) => FIELDS.map((field) => bars[field][i]));
}

function expectedRows(rows: readonly CsvBar[], from: number, to: number): number[][] {
  return rows
    .filter((r) => r.time >= from && r.time < to)
    .map((r) => [r.time, r.open, r.high, r.low, r.close, r.volume]);
}

describe("copyChunksInRange", () => {
  const [monday, tuesday] = minutes("SPY");
  const all = [...monday, ...tuesday];
  const chunks = [chunkOf(monday, 3), chunkOf(tuesday, 8)];
  // Inside Monday's chunk; across both; from before the first bar to inside Tuesday; both whole;
  // between the chunks; before all.
  const ranges: Array<[string, number, number]> = [
    ["inside one chunk", monday[10].time, monday[200].time],
    ["across both chunks", monday[300].time, tuesday[50].time + 1],
    ["from before the first bar", monday[0].time - 86_400_000, tuesday[5].time],
    ["both chunks whole", monday[0].time, tuesday[tuesday.length - 1].time + 60_000],
    ["between the chunks", monday[monday.length - 1].time + 1, tuesday[0].time],
    ["before every bar", 0, monday[0].time],
  ];

  it.each(ranges)(
    "%s: exactly the file's bars, into fresh columns, a landing and separate buffers",
    (_, from, to) => {
      const expected = expectedRows(all, from, to);
      const fresh = copyChunksInRange(chunks, from, to, allocateBarColumns);
      expect(rowsOf(fresh)).toEqual(expected);
      let landed: BarColumns | undefined;
      const viaLanding = copyChunksInRange(chunks, from, to, (length) => {
        landed = landingOf(length, 2 * all.length, 17);
        return landed;
      });
      expect(viaLanding).toBe(landed);
      expect(rowsOf(viaLanding)).toEqual(expected);
      expect(rowsOf(copyChunksInRange(chunks, from, to, (length) => separateOf(length, 5)))).toEqual(
        expected,
      );
    },
  );

  it("leaves the landing's array around the range untouched", () => {
    const slots = 1_000;
    const target = landingOf(monday.length, slots, 40);
    copyChunksInRange([chunks[0]], monday[0].time, tuesday[0].time, () => target);
    const data = new Float64Array(target.time.buffer);
    for (let field = 0; field < 6; field++) {
      const start = field * slots;
      expect(data.subarray(start, start + 40).every((v) => v === -1)).toBe(true);
      expect(data.subarray(start + 40 + monday.length, start + slots).every((v) => v === -1)).toBe(true);
    }
    expect(rowsOf(target)).toEqual(expectedRows(monday, 0, Number.POSITIVE_INFINITY));
  });
});

describe("SeriesBatch", () => {
  it("hands each series its own chunks, though it refills one array for all of them", () => {
    const spy = minutes("SPY");
    const aig = minutes("AIG");
    const refs = [
      { id: 7, spanMs: 86_400_000 },
      { id: 9, spanMs: 86_400_000 },
      { id: 7, spanMs: 86_400_000 },
    ];
    const result: BarColumns[] = [allocateBarColumns(0), allocateBarColumns(0), allocateBarColumns(0)];
    const arrays: Buffer[][] = [];
    const firsts: number[] = [];
    const from = spy[0][100].time;
    const to = spy[1][600].time;
    const batch = new SeriesBatch(refs, result, (chunks, first) => {
      // Decoded at once, as the stores do: the array is not kept.
      arrays.push(chunks);
      firsts.push(first);
      return copyChunksInRange(chunks, from, to, allocateBarColumns);
    });
    batch.add(7, chunkOf(spy[0], 1));
    batch.add(7, chunkOf(spy[1], 2));
    batch.add(9, chunkOf(aig[1], 5));
    batch.end();
    expect(firsts).toEqual([0, 1]);
    expect(arrays[0]).toBe(arrays[1]);
    expect(rowsOf(result[0])).toEqual(expectedRows([...spy[0], ...spy[1]], from, to));
    expect(result[2]).toBe(result[0]);
    expect(rowsOf(result[1])).toEqual(expectedRows(aig[1], from, to));
    expect(result[0].length).toBe(spy[0].length - 100 + 600);
    expect(result[1].length).toBeGreaterThan(0);
  });
});
