// BarColumnsSlab: columns carved from shared buffers behave like allocateBarColumns' (zeroed, six
// disjoint views of the right length), fill a slab before starting the next, give large requests a
// buffer of their own, and after `release` never share a buffer with the columns before it.

import { describe, expect, it } from "vitest";
import { BarColumnsSlab, DEFAULT_SLAB_BYTES } from "../../../src/core/bar-columns-slab.js";

const FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;
const BYTES_PER_BAR = 48;

describe("BarColumnsSlab", () => {
  it("carves zeroed, disjoint columns from one slab until it is full, then starts another", () => {
    // A slab of 800 bars; columns of 100 bars (an eighth of it, the largest that share a slab).
    const slab = new BarColumnsSlab(800 * BYTES_PER_BAR);
    const carved = Array.from({ length: 9 }, () => slab.allocate(100));
    for (const [n, columns] of carved.entries()) {
      expect(columns.length).toBe(100);
      for (const field of FIELDS) {
        expect(columns[field].length).toBe(100);
        expect(columns[field].every((value) => value === 0)).toBe(true);
        columns[field].fill(n * 10 + FIELDS.indexOf(field));
      }
    }
    // Nothing written through one view shows in another.
    for (const [n, columns] of carved.entries()) {
      for (const field of FIELDS) {
        expect(new Set(columns[field])).toEqual(new Set([n * 10 + FIELDS.indexOf(field)]));
      }
    }
    // Eight columns of 100 bars fill the first slab; the ninth starts the second.
    const buffers = carved.map((columns) => columns.time.buffer);
    expect(new Set(buffers.slice(0, 8)).size).toBe(1);
    expect(buffers[8]).not.toBe(buffers[0]);
    expect(buffers[0].byteLength).toBe(800 * BYTES_PER_BAR);
  });

  it("gives empty and large columns a buffer of their own, and a fresh slab after release", () => {
    const slab = new BarColumnsSlab(800 * BYTES_PER_BAR);
    const small = slab.allocate(10);
    const large = slab.allocate(101);
    expect(large.time.buffer).not.toBe(small.time.buffer);
    expect(large.time.buffer.byteLength).toBe(101 * BYTES_PER_BAR);
    expect(slab.allocate(0).length).toBe(0);
    expect(slab.allocate(10).time.buffer).toBe(small.time.buffer);
    slab.release();
    expect(slab.allocate(10).time.buffer).not.toBe(small.time.buffer);
  });

  it("defaults to slabs above glibc's largest mmap threshold (32 MiB), so each is mapped on its own", () => {
    expect(DEFAULT_SLAB_BYTES).toBeGreaterThan(32 * 1024 * 1024);
    expect(new BarColumnsSlab().allocate(390).time.buffer.byteLength).toBe(DEFAULT_SLAB_BYTES);
  });
});
