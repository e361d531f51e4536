// A fixed-capacity ring of numbers in a preallocated Float64Array: the window store of the
// windowed indicators. Pushing never allocates; once full, each push overwrites the oldest value.

import { IndicatorError } from "../../core/errors.js";
import { readWholeNumber, type SnapshotFields } from "./snapshot-fields.js";

/** Plain-data form of a ring: the raw slots (not rotated), the next write slot and the fill level. */
export interface RingBufferSnapshot {
  readonly slots: number[];
  readonly next: number;
  readonly filled: number;
}

export class RingBuffer {
  readonly capacity: number;
  protected readonly slots: Float64Array;
  /** Slot the next push writes; once full, it holds the oldest value. */
  protected next = 0;
  protected filled = 0;
  private lastSum = 0;
  private lastWeightedSum = 0;
  private lastSquaredDeviations = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.slots = new Float64Array(capacity);
  }

  get size(): number {
    return this.filled;
  }

  get isFull(): boolean {
    return this.filled === this.capacity;
  }

  /** The value the next push overwrites: the oldest one once the ring is full. */
  get oldest(): number {
    return this.slots[this.next];
  }

  /** The value pushed `age` pushes ago (0 = the latest); `age` must be below `size`. */
  at(age: number): number {
    const slot = this.next - 1 - age;
    return this.slots[slot < 0 ? slot + this.capacity : slot];
  }

  push(value: number): void {
    this.slots[this.next] = value;
    if (this.filled < this.capacity) this.filled++;
    const next = this.next + 1;
    this.next = next === this.capacity ? 0 : next;
  }

  /**
   * Recomputes three statistics of the values from scratch, oldest first: their Neumaier-
   * compensated sum, the linearly weighted sum Σ (i + 1)·value_i (oldest i = 0) and the squared
   * deviations Σ (value − mean)² (a two-pass variance). It writes them to `measured…` instead of
   * returning them: a number returned from a call that is not inlined is boxed (an allocation).
   */
  measure(): void {
    const slots = this.slots;
    const capacity = this.capacity;
    const filled = this.filled;
    const first = filled === capacity ? this.next : 0;
    const sum = compensatedSum(slots, 0, capacity, first, filled);
    let weightedSum = 0;
    let slot = first;
    for (let i = 0; i < filled; i++) {
      weightedSum += (i + 1) * slots[slot];
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    const mean = filled > 0 ? sum / filled : 0;
    let squaredDeviations = 0;
    slot = first;
    for (let i = 0; i < filled; i++) {
      const deviation = slots[slot] - mean;
      squaredDeviations += deviation * deviation;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    this.lastSum = sum;
    this.lastWeightedSum = weightedSum;
    this.lastSquaredDeviations = squaredDeviations;
  }

  /** Σ value, as of the last `measure()`. */
  get measuredSum(): number {
    return this.lastSum;
  }

  /** Σ (i + 1)·value_i with the oldest i = 0, as of the last `measure()`. */
  get measuredWeightedSum(): number {
    return this.lastWeightedSum;
  }

  /** Σ (value − mean)², as of the last `measure()`. */
  get measuredSquaredDeviations(): number {
    return this.lastSquaredDeviations;
  }

  clear(): void {
    this.slots.fill(0);
    this.next = 0;
    this.filled = 0;
  }

  snapshot(): RingBufferSnapshot {
    return { slots: Array.from(this.slots), next: this.next, filled: this.filled };
  }

  /** Loads a snapshot already checked by `readRingBuffer` for this capacity. */
  restore(snapshot: RingBufferSnapshot): void {
    this.slots.set(snapshot.slots);
    this.next = snapshot.next;
    this.filled = snapshot.filled;
  }
}

/**
 * The Neumaier-compensated sum of `count` values of the ring stored at `values[offset]` ..
 * `values[offset + capacity − 1]`, oldest first from slot `first`: `RingBuffer.measure`'s sum, and
 * the once-a-lap refresh of a bank's windows (sma.ts).
 */
export function compensatedSum(
  values: Float64Array,
  offset: number,
  capacity: number,
  first: number,
  count: number,
): number {
  let sum = 0;
  let compensation = 0;
  let slot = first;
  for (let i = 0; i < count; i++) {
    const value = values[offset + slot];
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
    slot = slot + 1 === capacity ? 0 : slot + 1;
  }
  return sum + compensation;
}

/** Reads and checks a ring snapshot of the given capacity; throws an IndicatorError naming `owner`. */
export function readRingBuffer(
  owner: string,
  fields: SnapshotFields,
  field: string,
  capacity: number,
): RingBufferSnapshot {
  const raw = fields[field];
  if (typeof raw !== "object" || raw === null)
    throw new IndicatorError(`${owner}: snapshot field "${field}" must be a ring buffer object`);
  const ring = raw as SnapshotFields;
  const slots = ring["slots"];
  if (!Array.isArray(slots) || slots.length !== capacity || !slots.every(Number.isFinite))
    throw new IndicatorError(
      `${owner}: snapshot field "${field}.slots" must be ${capacity} finite numbers, got ${JSON.stringify(slots)}`,
    );
  const next = readWholeNumber(owner, ring, "next", `${field}.next`);
  const filled = readWholeNumber(owner, ring, "filled", `${field}.filled`);
  const consistent = next < capacity && filled <= capacity && (filled === capacity || next === filled);
  if (!consistent)
    throw new IndicatorError(
      `${owner}: snapshot field "${field}" has next ${next} and filled ${filled}, which do not fit capacity ${capacity}`,
    );
  return { slots: slots as number[], next, filled };
}
