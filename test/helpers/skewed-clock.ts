// A vendor's clock that is off from the daemon's by a fixed amount: the same timeline read `skewMs`
// later (ahead, skewMs > 0) or earlier (behind). A mock vendor given it stamps, sends and serves its
// bars on its own time, as a real vendor whose clock disagrees with ours does.

import type { Clock, TimerHandle } from "../../src/time/clock.js";

export class SkewedClock implements Clock {
  constructor(
    private readonly timeline: Clock,
    private readonly skewMs: number,
  ) {}

  now(): number {
    return this.timeline.now() + this.skewMs;
  }

  setTimer(at: number, callback: () => void, label?: string): TimerHandle {
    return this.timeline.setTimer(at - this.skewMs, callback, label);
  }

  cancelTimer(handle: TimerHandle): boolean {
    return this.timeline.cancelTimer(handle);
  }

  sleepUntil(at: number): Promise<void> {
    return this.timeline.sleepUntil(at - this.skewMs);
  }
}
