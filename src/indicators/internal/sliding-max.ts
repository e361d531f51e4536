// Highest value over the last `period` pushes in O(1) amortized: a monotonic deque (values
// decreasing from front to back) held in two preallocated Float64Arrays used as a circular deque.
// Each value enters and leaves once. For a sliding minimum push the negated values and negate the
// result (negation is exact in floating point).
//
// `maxWith(x)` gives the maximum the window would have after pushing x, without pushing it: the
// front expires if it is exactly `period` pushes old, and then the next entry (the maximum of the
// rest, since the deque is decreasing) takes its place.

import { IndicatorError } from "../../core/errors.js";
import { readWholeNumber, type SnapshotFields } from "./snapshot-fields.js";

/** Deque entries front (oldest, highest) to back, with the push sequence number of each. */
export interface SlidingMaxSnapshot {
  readonly values: number[];
  readonly sequences: number[];
  readonly pushes: number;
}

export class SlidingMax {
  readonly period: number;
  private readonly values: Float64Array;
  /** Push sequence number (0-based) of each entry. */
  private readonly sequences: Float64Array;
  private head = 0;
  private length = 0;
  private pushes = 0;

  constructor(period: number) {
    this.period = period;
    this.values = new Float64Array(period);
    this.sequences = new Float64Array(period);
  }

  /** Maximum over the window; meaningful once something was pushed. */
  get max(): number {
    return this.values[this.head];
  }

  /** Maximum of the window after pushing `value`, without pushing it. */
  maxWith(value: number): number {
    let front = this.head;
    let remaining = this.length;
    if (remaining > 0 && this.sequences[front] <= this.pushes - this.period) {
      front = front + 1 === this.period ? 0 : front + 1;
      remaining--;
    }
    if (remaining === 0) return value;
    return Math.max(this.values[front], value);
  }

  push(value: number): void {
    const capacity = this.period;
    const sequence = this.pushes;
    // Drop the front if it falls out of the window with this push.
    if (this.length > 0 && this.sequences[this.head] <= sequence - capacity) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.length--;
    }
    // Drop entries from the back that can never be the maximum again.
    let back = this.head + this.length - 1;
    if (back >= capacity) back -= capacity;
    while (this.length > 0 && this.values[back] <= value) {
      this.length--;
      back = back === 0 ? capacity - 1 : back - 1;
    }
    let slot = this.head + this.length;
    if (slot >= capacity) slot -= capacity;
    this.values[slot] = value;
    this.sequences[slot] = sequence;
    this.length++;
    this.pushes = sequence + 1;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
    this.pushes = 0;
  }

  snapshot(): SlidingMaxSnapshot {
    const values: number[] = [];
    const sequences: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const slot = (this.head + i) % this.period;
      values.push(this.values[slot]);
      sequences.push(this.sequences[slot]);
    }
    return { values, sequences, pushes: this.pushes };
  }

  /** Loads a snapshot already checked by `readSlidingMax` for this period. */
  restore(snapshot: SlidingMaxSnapshot): void {
    this.head = 0;
    this.length = snapshot.values.length;
    this.values.set(snapshot.values);
    this.sequences.set(snapshot.sequences);
    this.pushes = snapshot.pushes;
  }
}

/** Reads and checks a sliding-max snapshot: a decreasing deque of entries inside the window. */
export function readSlidingMax(
  owner: string,
  fields: SnapshotFields,
  field: string,
  period: number,
): SlidingMaxSnapshot {
  const raw = fields[field];
  if (typeof raw !== "object" || raw === null)
    throw new IndicatorError(`${owner}: snapshot field "${field}" must be a sliding-window object`);
  const deque = raw as SnapshotFields;
  const pushes = readWholeNumber(owner, deque, "pushes", `${field}.pushes`);
  const values = deque["values"];
  const sequences = deque["sequences"];
  const fits =
    Array.isArray(values) &&
    Array.isArray(sequences) &&
    values.length === sequences.length &&
    values.length <= period &&
    values.length > 0 === pushes > 0 &&
    values.every(Number.isFinite) &&
    sequences.every(
      (sequence, i) =>
        Number.isSafeInteger(sequence) &&
        sequence < pushes &&
        sequence > pushes - 1 - period &&
        (i === 0 || (sequence > sequences[i - 1] && values[i] < values[i - 1])),
    ) &&
    (pushes === 0 || sequences[sequences.length - 1] === pushes - 1);
  if (!fits)
    throw new IndicatorError(
      `${owner}: snapshot field "${field}" is not a decreasing window of at most ${period} entries ending at push ${pushes - 1}`,
    );
  return { values: values as number[], sequences: sequences as number[], pushes };
}
