// The real clock: the only code in scanwright that reads the system time or sets real timers.

import { ClockError } from "../core/errors.js";
import type { Clock, TimerHandle } from "./clock.js";

/** setTimeout cannot wait longer than 2^31 - 1 ms (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface WallClockOptions {
  /**
   * When true, pending timers do not keep the Node process alive. Default false: a live daemon
   * whose only pending work is its next scheduled slot must stay up until that slot.
   */
  readonly unref?: boolean;
}

export class WallClock implements Clock {
  private nextTimerId = 1;
  private readonly unref: boolean;
  /** Pending timers and their current Node timeout. */
  private readonly active = new Map<TimerHandle, NodeJS.Timeout>();

  constructor(options: WallClockOptions = {}) {
    this.unref = options.unref ?? false;
  }

  now(): number {
    return Date.now();
  }

  /**
   * A timer at a time already past fires as soon as the event loop allows. An exception thrown by
   * `callback` is not caught here: it becomes an uncaught exception, so callbacks handle their own.
   */
  setTimer(at: number, callback: () => void, label?: string): TimerHandle {
    if (!Number.isFinite(at)) throw new ClockError(`timer time ${at} is not a finite epoch-ms instant`);
    const handle: TimerHandle = { id: this.nextTimerId++, dueAt: at, label };
    this.arm(handle, callback);
    return handle;
  }

  cancelTimer(handle: TimerHandle): boolean {
    const timeout = this.active.get(handle);
    if (timeout === undefined) return false;
    clearTimeout(timeout);
    this.active.delete(handle);
    return true;
  }

  sleepUntil(at: number): Promise<void> {
    if (at <= Date.now()) return Promise.resolve();
    return new Promise((resolve) => this.setTimer(at, resolve, "sleepUntil"));
  }

  /** Cancels every pending timer (at shutdown); returns how many there were. */
  cancelAll(): number {
    const count = this.active.size;
    for (const timeout of this.active.values()) clearTimeout(timeout);
    this.active.clear();
    return count;
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimerCount(): number {
    return this.active.size;
  }

  private arm(handle: TimerHandle, callback: () => void): void {
    const delayMs = Math.min(Math.max(0, handle.dueAt - Date.now()), MAX_TIMEOUT_MS);
    const timeout = setTimeout(() => {
      // Re-arm after a chained long wait, or if the timer woke a little early: the promise is now() >= dueAt.
      if (Date.now() < handle.dueAt) {
        this.arm(handle, callback);
        return;
      }
      this.active.delete(handle);
      callback();
    }, delayMs);
    if (this.unref) timeout.unref();
    this.active.set(handle, timeout);
  }
}

/** Measures elapsed real time in ms (monotonic): how long a hook took, whatever clock the session runs on. */
export type Stopwatch = () => number;

/** The monotonic real-time stopwatch (`performance.now()`). */
export const wallStopwatch: Stopwatch = () => performance.now();
