// The sum of the last `capacity` values, O(1) per push: sum' = sum − oldest + newest. A running sum
// picks up a rounding error at every step, so once per lap of the ring (every `capacity` pushes)
// the total is recomputed from the slots with compensated summation: the drift never outlives one
// window, whatever the length of the series. `sumWith(x)` and `push(x)` do the same arithmetic, so
// a provisional (replace) sum is bit-for-bit the sum the commit (update) of the same value gives.

import { IndicatorError } from "../../core/errors.js";
import { RingBuffer, type RingBufferSnapshot, readRingBuffer } from "./ring-buffer.js";
import { readFiniteNumber, type SnapshotFields } from "./snapshot-fields.js";

export interface RollingSumSnapshot extends RingBufferSnapshot {
  readonly total: number;
}

export class RollingSum extends RingBuffer {
  private total = 0;

  /** Sum of the values in the window. */
  get sum(): number {
    return this.total;
  }

  /** The window sum after pushing `value`, without pushing it. */
  sumWith(value: number): number {
    return this.filled === this.capacity ? this.total - this.slots[this.next] + value : this.total + value;
  }

  /**
   * Pushes `value` and returns the window sum including it (the same arithmetic as `sumWith`).
   * Written out rather than calling `sumWith` and `push`: when V8 inlines this method but runs out
   * of inlining budget for calls nested in it, the numbers passed to those calls get boxed.
   */
  pushAndSum(value: number): number {
    const slots = this.slots;
    const next = this.next;
    let sum: number;
    if (this.filled === this.capacity) {
      sum = this.total - slots[next] + value;
    } else {
      sum = this.total + value;
      this.filled++;
    }
    slots[next] = value;
    if (next + 1 === this.capacity) {
      this.next = 0;
      this.refreshTotal();
    } else {
      this.next = next + 1;
      this.total = sum;
    }
    return sum;
  }

  /**
   * Recomputes the running total from the slots (once per lap). Afterwards the `measured…`
   * statistics describe the window, until the next push.
   */
  private refreshTotal(): void {
    this.measure();
    this.total = this.measuredSum;
  }

  override clear(): void {
    super.clear();
    this.total = 0;
  }

  override snapshot(): RollingSumSnapshot {
    return { ...super.snapshot(), total: this.total };
  }

  override restore(snapshot: RingBufferSnapshot): void {
    super.restore(snapshot);
    this.total = (snapshot as RollingSumSnapshot).total;
  }
}

/** Reads and checks a rolling-sum snapshot of the given capacity. */
export function readRollingSum(
  owner: string,
  fields: SnapshotFields,
  field: string,
  capacity: number,
): RollingSumSnapshot {
  const ring = readRingBuffer(owner, fields, field, capacity);
  const raw = fields[field] as SnapshotFields;
  const total = readFiniteNumber(owner, raw, "total", `${field}.total`);
  if (ring.filled === 0 && total !== 0)
    throw new IndicatorError(`${owner}: snapshot field "${field}" is empty but has total ${total}`);
  return { ...ring, total };
}
