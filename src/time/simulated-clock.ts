// A Clock whose time moves only when told to: backtests and tests drive it, and it fires the
// timers that come due in strict (due time, creation order), with now() at each timer's due time.

import { ClockError } from "../core/errors.js";
import type { Clock, ClockControl, TimerHandle } from "./clock.js";
import { TimerQueue } from "./timer-queue.js";

export class SimulatedClock implements Clock {
  private currentTime: number;
  private nextTimerId = 1;
  private readonly timers = new TimerQueue();
  private isAdvancing = false;
  readonly control: ClockControl = {
    kind: "manual",
    advanceTo: (at) => {
      this.advanceTo(at);
    },
    nextTimerAt: () => this.nextTimerAt(),
  };

  constructor(startAt: number) {
    requireInstant(startAt, "start time");
    this.currentTime = startAt;
  }

  now(): number {
    return this.currentTime;
  }

  /** A timer due now is allowed and fires on the next advance (even `advance(0)`); one in the past is a ClockError. */
  setTimer(at: number, callback: () => void, label?: string): TimerHandle {
    requireInstant(at, "timer time");
    if (at < this.currentTime) {
      throw new ClockError(
        `timer${label === undefined ? "" : ` "${label}"`} at ${iso(at)} is before the clock's time ${iso(this.currentTime)}`,
      );
    }
    const handle: TimerHandle = { id: this.nextTimerId++, dueAt: at, label };
    this.timers.push({ handle, callback });
    return handle;
  }

  cancelTimer(handle: TimerHandle): boolean {
    return this.timers.cancel(handle);
  }

  /**
   * Resolves when an advance reaches `at`. The awaiting code resumes on the microtask queue, i.e.
   * after the advance that fired it has returned (advances are synchronous).
   */
  sleepUntil(at: number): Promise<void> {
    requireInstant(at, "sleep time");
    if (at <= this.currentTime) return Promise.resolve();
    return new Promise((resolve) => this.setTimer(at, resolve, "sleepUntil"));
  }

  /** Moves time forward by `ms` (>= 0); see `advanceTo`. */
  advance(ms: number): TimerHandle[] {
    if (!Number.isFinite(ms) || ms < 0)
      throw new ClockError(`cannot advance the clock by ${ms} ms: time only moves forward`);
    return this.advanceTo(this.currentTime + ms);
  }

  /**
   * Moves time forward to `time`, running every timer due at or before it in (due time, creation
   * order), with `now()` equal to the timer's due time while it runs; timers that callbacks set
   * inside the window run too. Returns the handles of the timers that ran, in order. Moving
   * backwards, or advancing from inside a timer callback, is a ClockError. If a callback throws,
   * the error propagates with the clock at that timer's due time and the later timers still pending.
   */
  advanceTo(time: number): TimerHandle[] {
    requireInstant(time, "target time");
    if (time < this.currentTime) {
      throw new ClockError(`cannot move the clock back from ${iso(this.currentTime)} to ${iso(time)}`);
    }
    if (this.isAdvancing) throw new ClockError("cannot advance the clock from inside a timer callback");
    this.isAdvancing = true;
    const fired: TimerHandle[] = [];
    try {
      for (let next = this.timers.peek(); next && next.handle.dueAt <= time; next = this.timers.peek()) {
        this.timers.pop();
        this.currentTime = next.handle.dueAt;
        fired.push(next.handle);
        next.callback();
      }
      this.currentTime = time;
    } finally {
      this.isAdvancing = false;
    }
    return fired;
  }

  /** Same as `advanceTo`: sets the clock to a time that is not before the current one. */
  set(time: number): TimerHandle[] {
    return this.advanceTo(time);
  }

  /** Due time of the earliest pending timer, if any (for event-driven loops: "advance to the next event"). */
  nextTimerAt(): number | undefined {
    return this.timers.peek()?.handle.dueAt;
  }

  /** Every pending timer, in the order they will fire. */
  pendingTimers(): TimerHandle[] {
    return this.timers.pending();
  }
}

function requireInstant(time: number, what: string): void {
  if (!Number.isFinite(time)) throw new ClockError(`${what} ${time} is not a finite epoch-ms instant`);
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
