// The Clock port: the one way time enters scanwright. Backtests and tests use SimulatedClock,
// the live daemon uses WallClock; everything else receives a Clock and never asks the system.
// A runner that moves time itself asks the port what it may do (`control`), never which class it has.

/** A pending timer, as returned by `setTimer`; pass it back to `cancelTimer`. */
export interface TimerHandle {
  /** Unique per clock, increasing in creation order. */
  readonly id: number;
  /** Epoch ms the timer is due at. */
  readonly dueAt: number;
  /** Free text for logs and tests, as given to `setTimer`. */
  readonly label: string | undefined;
}

export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
  /**
   * Runs `callback` once when the clock reaches `at` (epoch ms). Timers due at the same instant run
   * in the order they were set. When the callback runs, `now()` is at least `at` (exactly `at` on a
   * SimulatedClock).
   */
  setTimer(at: number, callback: () => void, label?: string): TimerHandle;
  /** Cancels a pending timer; `true` if it was pending, `false` if it already ran or was cancelled. */
  cancelTimer(handle: TimerHandle): boolean;
  /** Resolves once the clock has reached `at`; at once (on the microtask queue) if it already has. */
  sleepUntil(at: number): Promise<void>;
  /**
   * How a runner may move this clock besides waiting on it; absent on a clock that only follows
   * real time (WallClock).
   */
  readonly control?: ClockControl;
}

/**
 * - `manual`: the clock moves only when told to (SimulatedClock): a backtest jumps it from instant to
 *   instant, the daemon moves its session clock along the live timeline. `advanceTo` fires the
 *   timers due by `at` in order; `nextTimerAt` is the earliest pending one.
 * - `skippable`: the clock follows real time but may be skipped forward at once (ScaledClock: a
 *   paced replay jumps the nights between sessions instead of sleeping through them).
 */
export type ClockControl =
  | {
      readonly kind: "manual";
      advanceTo(at: number): void;
      nextTimerAt(): number | undefined;
    }
  | { readonly kind: "skippable"; jumpTo(at: number): void };
