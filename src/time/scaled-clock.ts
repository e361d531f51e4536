// The clock of a paced replay: it maps real elapsed time, read from the Clock it wraps (the
// WallClock in the daemon, so WallClock stays the only reader of the system time), onto a replayed
// timeline: now() = originAt + (wall.now() − wallStartAt) × speed. Speed 1 replays in real time,
// 600 plays ten replayed minutes per real second. Timers are set on the replayed timeline and
// armed on the wall clock at the real instant the timeline reaches them. `jumpTo` skips the
// timeline forward at once (a replay has no reason to sleep through the night between sessions;
// a daemon on the real date sleeps instead).

import { ClockError } from "../core/errors.js";
import type { Clock, ClockControl, TimerHandle } from "./clock.js";
import { TimerQueue } from "./timer-queue.js";

export interface ScaledClockOptions {
  /** The replayed instant the clock starts at, epoch ms. */
  readonly originAt: number;
  /** Replayed ms per real ms (> 0): 1 is real time, 60 a replayed minute per real second. */
  readonly speed: number;
}

export class ScaledClock implements Clock {
  readonly speed: number;
  readonly control: ClockControl = { kind: "skippable", jumpTo: (at) => this.jumpTo(at) };
  /** The replayed instant that corresponds to `wallStartAt`; both move together on a jump. */
  private originAt: number;
  private wallStartAt: number;
  private nextTimerId = 1;
  private readonly timers = new TimerQueue();
  /**
   * The one wall timer armed for the earliest pending timer, and the replayed instant it was armed
   * for: timers fire from this clock's own queue, in (due time, creation order) even when several
   * replayed instants fall in the same real millisecond.
   */
  private wallTimer: { readonly handle: TimerHandle; readonly dueAt: number } | undefined;

  constructor(
    private readonly wall: Clock,
    options: ScaledClockOptions,
  ) {
    requireInstant(options.originAt, "origin");
    if (!Number.isFinite(options.speed) || options.speed <= 0) {
      throw new ClockError(`speed must be a finite number above 0, got ${options.speed}`);
    }
    this.speed = options.speed;
    this.originAt = options.originAt;
    this.wallStartAt = wall.now();
  }

  /** The replayed instant, whole ms (rounded down). */
  now(): number {
    return Math.floor(this.originAt + (this.wall.now() - this.wallStartAt) * this.speed);
  }

  /** A timer at an instant already passed fires as soon as the wall clock allows. */
  setTimer(at: number, callback: () => void, label?: string): TimerHandle {
    requireInstant(at, "timer time");
    const handle: TimerHandle = { id: this.nextTimerId++, dueAt: at, label };
    this.timers.push({ handle, callback });
    this.arm();
    return handle;
  }

  cancelTimer(handle: TimerHandle): boolean {
    if (!this.timers.cancel(handle)) return false;
    this.arm();
    return true;
  }

  sleepUntil(at: number): Promise<void> {
    requireInstant(at, "sleep time");
    if (at <= this.now()) return Promise.resolve();
    return new Promise((resolve) => this.setTimer(at, resolve, "sleepUntil"));
  }

  /**
   * Moves the replayed timeline forward to `at` at once; from there it runs on at `speed`. Pending
   * timers keep their replayed instants: those due by `at` fire on the wall clock's next tick.
   * Moving backwards is a ClockError.
   */
  jumpTo(at: number): void {
    requireInstant(at, "jump target");
    const now = this.now();
    if (at < now) {
      throw new ClockError(`cannot jump the replay back from ${iso(now)} to ${iso(at)}`);
    }
    this.originAt = at;
    this.wallStartAt = this.wall.now();
    this.disarm();
    this.arm();
  }

  /**
   * The wall-clock instant at which the timeline reaches `at`: the first whole wall ms at which
   * now() >= at (a time already passed maps to a wall instant already passed).
   */
  wallTimeOf(at: number): number {
    let elapsedMs = Math.ceil((at - this.originAt) / this.speed);
    // Floating-point division can land one ms short of the instant; now() must reach it.
    while (Math.floor(this.originAt + elapsedMs * this.speed) < at) elapsedMs += 1;
    return this.wallStartAt + elapsedMs;
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingTimerCount(): number {
    return this.timers.size;
  }

  /** Arms the wall timer for the earliest pending timer, unless it is armed for it already. */
  private arm(): void {
    const next = this.timers.peek();
    if (next === undefined) {
      this.disarm();
      return;
    }
    if (this.wallTimer?.dueAt === next.handle.dueAt) return;
    this.disarm();
    // An instant already passed is armed for the wall clock's now (a SimulatedClock refuses the past).
    const handle = this.wall.setTimer(
      Math.max(this.wallTimeOf(next.handle.dueAt), this.wall.now()),
      () => this.fireDue(),
      next.handle.label,
    );
    this.wallTimer = { handle, dueAt: next.handle.dueAt };
  }

  private disarm(): void {
    if (this.wallTimer) this.wall.cancelTimer(this.wallTimer.handle);
    this.wallTimer = undefined;
  }

  /** Runs every timer due by now, in order; timers they set that are due run too. */
  private fireDue(): void {
    this.wallTimer = undefined;
    try {
      for (
        let next = this.timers.peek();
        next && next.handle.dueAt <= this.now();
        next = this.timers.peek()
      ) {
        this.timers.pop();
        next.callback();
      }
    } finally {
      // Re-armed from the next timer's own instant (never "now + delay"), even if a callback threw.
      this.arm();
    }
  }
}

function requireInstant(time: number, what: string): void {
  if (!Number.isFinite(time)) throw new ClockError(`${what} ${time} is not a finite epoch-ms instant`);
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
