// Highest high and lowest low of the last `period` bars in O(1) amortized: two monotonic deques
// (highs decreasing and lows increasing from front to back), each a pair of preallocated
// Float64Arrays (value, push sequence) used as a circular buffer. Every value enters and leaves
// its deque once.
//
// One method does the work, `observe(bar, commit)`: it gives the range including `bar` (a front
// entry exactly `period` bars old expires, and the next entry, the extreme of the rest since the
// deque is monotonic, takes its place) and, when `commit` is true, pushes the bar. It takes the bar
// object and returns nothing; results are read through tiny getters. That keeps every number
// unboxed: V8 boxes a number passed to or returned from a call it does not inline (an
// allocation), and a method this size it never inlines (nor lets it eat the caller's budget for
// inlining its other calls).

import { IndicatorError } from "../../core/errors.js";
import type { IndicatorInput } from "../indicator.js";
import { readWholeNumber, type SnapshotFields } from "./snapshot-fields.js";

type RangeInput = Pick<IndicatorInput, "high" | "low">;

/** One deque, front (oldest, most extreme) to back, with the push sequence number of each entry. */
export interface DequeSnapshot {
  readonly values: number[];
  readonly sequences: number[];
}

export interface SlidingRangeSnapshot {
  readonly highs: DequeSnapshot;
  readonly lows: DequeSnapshot;
  readonly pushes: number;
}

export class SlidingRange {
  readonly period: number;
  private readonly highValues: Float64Array;
  private readonly highSequences: Float64Array;
  private highHead = 0;
  private highLength = 0;
  private readonly lowValues: Float64Array;
  private readonly lowSequences: Float64Array;
  private lowHead = 0;
  private lowLength = 0;
  /** Bars pushed so far; the sequence number of the next one. */
  private pushes = 0;
  /** The range including the bar of the last `observe`. */
  private observedHigh = 0;
  private observedLow = 0;

  constructor(period: number) {
    this.period = period;
    this.highValues = new Float64Array(period);
    this.highSequences = new Float64Array(period);
    this.lowValues = new Float64Array(period);
    this.lowSequences = new Float64Array(period);
  }

  /** Highest high of the committed window (meaningful once a bar was pushed). */
  get highest(): number {
    return this.highValues[this.highHead];
  }

  /** Lowest low of the committed window (meaningful once a bar was pushed). */
  get lowest(): number {
    return this.lowValues[this.lowHead];
  }

  /** Highest high of the window including the bar of the last `observe`. */
  get observedHighest(): number {
    return this.observedHigh;
  }

  /** Lowest low of the window including the bar of the last `observe`. */
  get observedLowest(): number {
    return this.observedLow;
  }

  /**
   * Computes the range of the window including `bar` (`observedHighest`, `observedLowest`) and,
   * when `commit` is true, pushes `bar` into the window; otherwise the window is left as it was.
   */
  observe(bar: RangeInput, commit: boolean): void {
    const period = this.period;
    const sequence = this.pushes;
    const expired = sequence - period;
    const high = bar.high;
    const low = bar.low;
    const highValues = this.highValues;
    const lowValues = this.lowValues;

    // Drop a front entry that leaves the window with this bar.
    let highHead = this.highHead;
    let highLength = this.highLength;
    if (highLength > 0 && this.highSequences[highHead] <= expired) {
      highHead = highHead + 1 === period ? 0 : highHead + 1;
      highLength--;
    }
    let lowHead = this.lowHead;
    let lowLength = this.lowLength;
    if (lowLength > 0 && this.lowSequences[lowHead] <= expired) {
      lowHead = lowHead + 1 === period ? 0 : lowHead + 1;
      lowLength--;
    }
    this.observedHigh = highLength > 0 && highValues[highHead] > high ? highValues[highHead] : high;
    this.observedLow = lowLength > 0 && lowValues[lowHead] < low ? lowValues[lowHead] : low;
    if (!commit) return;

    // Drop entries from the back that can never be the extreme again, then append the bar.
    let back = highHead + highLength - 1;
    if (back >= period) back -= period;
    while (highLength > 0 && highValues[back] <= high) {
      highLength--;
      back = back === 0 ? period - 1 : back - 1;
    }
    let slot = highHead + highLength;
    if (slot >= period) slot -= period;
    highValues[slot] = high;
    this.highSequences[slot] = sequence;
    this.highHead = highHead;
    this.highLength = highLength + 1;

    back = lowHead + lowLength - 1;
    if (back >= period) back -= period;
    while (lowLength > 0 && lowValues[back] >= low) {
      lowLength--;
      back = back === 0 ? period - 1 : back - 1;
    }
    slot = lowHead + lowLength;
    if (slot >= period) slot -= period;
    lowValues[slot] = low;
    this.lowSequences[slot] = sequence;
    this.lowHead = lowHead;
    this.lowLength = lowLength + 1;

    this.pushes = sequence + 1;
  }

  clear(): void {
    this.highHead = 0;
    this.highLength = 0;
    this.lowHead = 0;
    this.lowLength = 0;
    this.pushes = 0;
  }

  snapshot(): SlidingRangeSnapshot {
    return {
      highs: dequeSnapshot(this.highValues, this.highSequences, this.highHead, this.highLength),
      lows: dequeSnapshot(this.lowValues, this.lowSequences, this.lowHead, this.lowLength),
      pushes: this.pushes,
    };
  }

  /** Loads a snapshot already checked by `readSlidingRange` for this period. */
  restore(snapshot: SlidingRangeSnapshot): void {
    this.highValues.set(snapshot.highs.values);
    this.highSequences.set(snapshot.highs.sequences);
    this.highHead = 0;
    this.highLength = snapshot.highs.values.length;
    this.lowValues.set(snapshot.lows.values);
    this.lowSequences.set(snapshot.lows.sequences);
    this.lowHead = 0;
    this.lowLength = snapshot.lows.values.length;
    this.pushes = snapshot.pushes;
  }
}

function dequeSnapshot(values: Float64Array, sequences: Float64Array, head: number, length: number) {
  const snapshot: DequeSnapshot = { values: [], sequences: [] };
  for (let i = 0; i < length; i++) {
    const slot = (head + i) % values.length;
    snapshot.values.push(values[slot]);
    snapshot.sequences.push(sequences[slot]);
  }
  return snapshot;
}

/**
 * Reads and checks a sliding-range snapshot: two deques of at most `period` entries inside the
 * window, ending at the latest push, highs strictly decreasing and lows strictly increasing.
 */
export function readSlidingRange(
  owner: string,
  fields: SnapshotFields,
  field: string,
  period: number,
): SlidingRangeSnapshot {
  const raw = fields[field];
  if (typeof raw !== "object" || raw === null)
    throw new IndicatorError(`${owner}: snapshot field "${field}" must be a sliding-range object`);
  const range = raw as SnapshotFields;
  const pushes = readWholeNumber(owner, range, "pushes", `${field}.pushes`);
  const highs = readDeque(owner, range, "highs", `${field}.highs`, period, pushes, (a, b) => a < b);
  const lows = readDeque(owner, range, "lows", `${field}.lows`, period, pushes, (a, b) => a > b);
  return { highs, lows, pushes };
}

function readDeque(
  owner: string,
  fields: SnapshotFields,
  field: string,
  label: string,
  period: number,
  pushes: number,
  isInOrder: (later: number, earlier: number) => boolean,
): DequeSnapshot {
  const raw = fields[field];
  const deque = (typeof raw === "object" && raw !== null ? raw : {}) as SnapshotFields;
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
        sequence >= pushes - period &&
        (i === 0 || (sequence > sequences[i - 1] && isInOrder(values[i], values[i - 1]))),
    ) &&
    (pushes === 0 || sequences[sequences.length - 1] === pushes - 1);
  if (!fits)
    throw new IndicatorError(
      `${owner}: snapshot field "${label}" is not a monotonic window of at most ${period} entries ending at push ${pushes - 1}`,
    );
  return { values: values as number[], sequences: sequences as number[] };
}
