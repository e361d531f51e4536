// The state of one indicator key (e.g. rsi_14_5m) for every symbol holding it, in one Float64Array:
// a fixed-size record ("slot") per symbol, `stride` doubles long, reused after a release and grown
// by doubling. The per-step path (IndicatorManager) walks a step's symbols in registration order,
// so it reads neighbouring records of one array instead of one heap object per symbol with its
// double fields boxed separately; the scans' bulk read (`readNumbers`) is a pass over that array.
//
// Field 0 of every record is the start time of the last completed bar applied (the manager's
// exactly-once check). A bank knows nothing about symbols: the manager maps (symbol, key) to a
// slot. Built-ins keep their whole state here (vwap.ts, rsi.ts, their Indicator objects are views
// of one slot); any other indicator is held by an object bank (object-bank.ts).

import type { BarColumns } from "../../core/bar-columns.js";
import type { Indicator, IndicatorInput } from "../indicator.js";
import type { SessionDaySource } from "../regular-session-day.js";

/** Offset of the last applied bar's start time in every record (−Infinity before the first). */
export const LAST_BAR_TIME = 0;

const INITIAL_CAPACITY = 8;

export abstract class IndicatorBank {
  /** Doubles per slot. */
  readonly stride: number;
  /** The records, slot after slot; replaced (copied) when the bank grows. */
  state: Float64Array;
  /** Slots handed out so far (the high-water mark); below it, the free ones are in `freeSlots`. */
  private used = 0;
  private readonly freeSlots: number[] = [];

  protected constructor(stride: number, capacity = INITIAL_CAPACITY) {
    this.stride = stride;
    this.state = new Float64Array(stride * Math.max(1, capacity));
  }

  /** Slots in use. */
  get size(): number {
    return this.used - this.freeSlots.length;
  }

  /** A fresh slot (a released one first), in the freshly constructed state. */
  allocate(): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot * this.stride >= this.state.length) this.grow();
    }
    this.clearSlot(slot);
    this.setLastBarTime(slot, Number.NEGATIVE_INFINITY);
    return slot;
  }

  /** Gives `slot` back for reuse. */
  release(slot: number): void {
    this.clearSlot(slot);
    this.freeSlots.push(slot);
  }

  lastBarTime(slot: number): number {
    return this.state[slot * this.stride + LAST_BAR_TIME];
  }

  setLastBarTime(slot: number, time: number): void {
    this.state[slot * this.stride + LAST_BAR_TIME] = time;
  }

  /**
   * Reads the slot's record at both ends (what an update reads and writes) and returns the sum:
   * brings it into the CPU caches ahead of the step's update (see BarFeed's FeedRangeWarmer).
   */
  warm(slot: number): number {
    const base = slot * this.stride;
    return this.state[base + LAST_BAR_TIME] + this.state[base + this.stride - 1];
  }

  /** The indicator's state back to the freshly constructed one (Indicator.reset); the last bar time stays. */
  clearSlot(slot: number): void {
    const base = slot * this.stride;
    this.state.fill(0, base + LAST_BAR_TIME + 1, base + this.stride);
    this.resetSlot(slot);
  }

  /** The exchange's sessions, for banks that reset at each session (vwap); others ignore it. */
  useSessionDays(_source: SessionDaySource): void {}

  /** The Indicator contract for `slot` (an object on top of the record, for the cold paths). */
  abstract view(slot: number): Indicator;
  /** Commits a completed bar (Indicator.update). */
  abstract update(slot: number, bar: IndicatorInput): void;
  /** Commits bars `from`..`to` of `columns` (Indicator.updateRange). */
  abstract updateRange(slot: number, columns: BarColumns, from: number, to: number): void;
  /** Shows a forming bar (Indicator.replace). */
  abstract replace(slot: number, bar: IndicatorInput): void;
  /**
   * The value of each slot of `slots` into `out` (NaN where a slot is −1, not ready or without a
   * value); `symbols` only names the symbol in an error. What IndicatorManager.numberValues reads.
   */
  abstract readNumbers(key: string, symbols: readonly string[], slots: Int32Array, out: Float64Array): void;
  /** Indicator-specific part of `clearSlot` (the record is zero but its last bar time); none by default. */
  protected resetSlot(_slot: number): void {}

  private grow(): void {
    const state = new Float64Array(this.state.length * 2);
    state.set(this.state);
    this.state = state;
    this.onGrow(this.state.length / this.stride);
  }

  /** For banks with more per-slot storage than the records (object-bank.ts). */
  protected onGrow(_capacity: number): void {}
}
