// The series memory whose pages a second thread touches ahead (prefaulted-memory.ts,
// prefault-thread.ts): what it hands out is what plain arrays would be (zeroed, the caller's own),
// and the thread's touching never changes a value the main thread wrote, before or after it.

import { afterEach, describe, expect, it } from "vitest";
import { PrefaultThread } from "../../../src/core/prefault-thread.js";
import { PrefaultedMemory } from "../../../src/core/prefaulted-memory.js";
import { until } from "../../helpers/alert-receiver.js";

const PAGE = 4096;
const SLAB = 64 * 1024;

const threads: PrefaultThread[] = [];
function thread(): PrefaultThread {
  const made = new PrefaultThread();
  threads.push(made);
  return made;
}
afterEach(() => {
  for (const made of threads.splice(0)) made.stop();
});

describe("PrefaultThread", () => {
  it("leaves every value the main thread wrote, and only zeros where it wrote none", async () => {
    const prefault = thread();
    const buffer = new SharedArrayBuffer(64 * PAGE);
    const values = new Float64Array(buffer);
    // Written before the touch: the first word of every even page (the word the thread swaps),
    // and a value in the middle of every page.
    for (let page = 0; page < 64; page += 2) values[(page * PAGE) / 8] = page + 0.5;
    for (let page = 0; page < 64; page++) values[(page * PAGE) / 8 + 100] = -page - 0.25;
    prefault.touch(buffer);
    // Written while the thread may be touching: the first word of every odd page.
    for (let page = 1; page < 64; page += 2) values[(page * PAGE) / 8] = page + 0.75;
    await prefault.settled();
    for (let page = 0; page < 64; page++) {
      expect(values[(page * PAGE) / 8]).toBe(page % 2 === 0 ? page + 0.5 : page + 0.75);
      expect(values[(page * PAGE) / 8 + 100]).toBe(-page - 0.25);
      expect(values[(page * PAGE) / 8 + 1]).toBe(0);
    }
  });

  it("takes no buffer once stopped, and settles what it was given", async () => {
    const prefault = thread();
    prefault.touch(new SharedArrayBuffer(PAGE));
    prefault.stop();
    expect(prefault.running).toBe(false);
    await prefault.settled();
    prefault.touch(new SharedArrayBuffer(PAGE));
    await prefault.settled();
  });
});

describe("PrefaultedMemory", () => {
  it("hands out zeroed arrays of their own on shared slabs, carved front to back", () => {
    const memory = new PrefaultedMemory(thread(), SLAB);
    // 100 values, then nine of 1,000 (8,000 bytes each): the ninth no longer fits the 64 KiB slab.
    const lengths = [100, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 7];
    const arrays = lengths.map((length) => memory.float64(length));
    expect(arrays.map((array) => array.length)).toEqual(lengths);
    for (const array of arrays) {
      expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(array.every((value) => value === 0)).toBe(true);
    }
    for (const [k, array] of arrays.entries()) array.fill(k + 1);
    expect(arrays.map((array, k) => array.every((value) => value === k + 1))).toEqual(
      lengths.map(() => true),
    );
    expect(arrays.slice(0, 9).every((array) => array.buffer === arrays[0].buffer)).toBe(true);
    expect(arrays.slice(0, 9).map((array) => array.byteOffset)).toEqual([
      0, 800, 8800, 16800, 24800, 32800, 40800, 48800, 56800,
    ]);
    expect(arrays[9].buffer).not.toBe(arrays[0].buffer);
    expect([arrays[9].byteOffset, arrays[10].byteOffset]).toEqual([0, 8000]);
    expect(arrays[10].buffer).toBe(arrays[9].buffer);
  });

  it("gives arrays larger than an eighth of a slab, and empty ones, from the heap", () => {
    const memory = new PrefaultedMemory(thread(), SLAB);
    const large = memory.float64(SLAB / 8 / 8 + 1);
    expect(large.buffer).toBeInstanceOf(ArrayBuffer);
    expect(large.length).toBe(SLAB / 64 + 1);
    expect(memory.float64(0).length).toBe(0);
  });

  it("gives heap arrays once its budget of slabs is carved", () => {
    const memory = new PrefaultedMemory(thread(), SLAB, 2 * SLAB);
    // Eight arrays of 8,000 bytes fill a 64 KiB slab; two slabs, then the heap.
    const arrays = Array.from({ length: 20 }, () => memory.float64(1000));
    const buffers = arrays.map((array) => array.buffer);
    expect(buffers.slice(0, 16).every((buffer) => buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(new Set(buffers.slice(0, 16)).size).toBe(2);
    expect(buffers.slice(16).every((buffer) => buffer instanceof ArrayBuffer)).toBe(true);
    expect(arrays.every((array) => array.length === 1000 && array.every((value) => value === 0))).toBe(true);
  });

  it("ends its thread once the budget's last slab is in use and everything given is touched", async () => {
    const prefault = thread();
    const memory = new PrefaultedMemory(prefault, SLAB, 2 * SLAB);
    // Eight arrays of 8,000 bytes fill the first 64 KiB slab; the second stays touched ahead.
    const first = Array.from({ length: 8 }, () => memory.float64(1000));
    await prefault.settled();
    expect(memory.running).toBe(true);
    // The ninth takes the second and last slab: nothing is left to touch.
    const ninth = memory.float64(1000);
    expect(ninth.buffer).not.toBe(first[0].buffer);
    await until(() => !prefault.running, 20_000, "the prefault thread's end");
    expect(memory.running).toBe(false);
    // What was carved stays valid; later arrays come from the rest of the last slab, then the heap.
    ninth[999] = 4.5;
    expect(ninth[999]).toBe(4.5);
    const rest = Array.from({ length: 8 }, () => memory.float64(1000));
    expect(rest.slice(0, 7).every((array) => array.buffer === ninth.buffer)).toBe(true);
    expect(rest[7].buffer).toBeInstanceOf(ArrayBuffer);
    expect(first.every((array) => array.buffer instanceof SharedArrayBuffer)).toBe(true);
  });

  it("keeps its thread while slabs are left to touch ahead", async () => {
    const prefault = thread();
    const memory = new PrefaultedMemory(prefault, SLAB, 8 * SLAB);
    // 20 arrays: three slabs in use, two ahead, three of the budget still to make.
    for (let i = 0; i < 20; i++) memory.float64(1000);
    await prefault.settled();
    expect(prefault.running).toBe(true);
  });

  it("hands out one large array touched ahead outside the slabs and their budget, a heap one once closed", async () => {
    const prefault = thread();
    const memory = new PrefaultedMemory(prefault, SLAB, SLAB);
    const large = memory.touchedFloat64((3 * SLAB) / 8);
    expect(large.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(large.buffer.byteLength).toBe(3 * SLAB);
    large[5] = 2.5;
    await prefault.settled();
    expect(large[5]).toBe(2.5);
    expect(large.every((value, i) => value === (i === 5 ? 2.5 : 0))).toBe(true);
    // The budget of one slab is still there for the series' arrays.
    expect(memory.float64(1000).buffer).toBeInstanceOf(SharedArrayBuffer);
    memory.close();
    expect(memory.touchedFloat64(8).buffer).toBeInstanceOf(ArrayBuffer);
  });

  it("still hands out arrays after it is closed (the thread stopped)", () => {
    const prefault = thread();
    const memory = new PrefaultedMemory(prefault, SLAB);
    memory.close();
    expect(prefault.running).toBe(false);
    const array = memory.float64(10);
    array[9] = 3;
    expect([...array]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
  });
});
