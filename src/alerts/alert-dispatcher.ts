// Delivers the outbox: one lane per (scanner, channel), each an independent async loop that takes
// its oldest pending alert, waits for its due time and the channel's rate limit, sends it, and
// records the outcome: `sent` (final: never sent again), a retry due after the endpoint's
// Retry-After or exponential backoff, or `failed` after the last attempt (or a refusal). Lanes
// never wait on each other, and the scans never wait on a lane: a slow or dead endpoint holds up
// only its own lane. Waiting goes through the Clock port.
//
// Crash safety: an alert is in the outbox from the moment its slot is committed, so a restarted
// dispatcher sends whatever is still `pending`. If the process dies after an endpoint acknowledged
// an alert but before `sent` was recorded, the alert is sent again with the same idempotency key.

import { AlertError } from "../core/errors.js";
import { type Logger, silentLogger } from "../core/logger.js";
import type { AlertLane, AlertOutbox, OutboxScope } from "../scanners/alert-outbox.js";
import type { AlertRow } from "../scanners/alert-types.js";
import type { Clock, TimerHandle } from "../time/clock.js";
import type { ChannelDirectory, ChannelTarget } from "./channel-factory.js";
import { backoffDelayMs, retryAfterMs } from "./retry-timing.js";

/** Pause of a lane after an unexpected error (the journal unreadable, a bug): it then tries again. */
export const LANE_ERROR_PAUSE_MS = 5_000;
/** How long `stop` lets attempts under way finish before it aborts them. */
export const DEFAULT_STOP_GRACE_MS = 5_000;

export interface DispatcherOptions {
  readonly outbox: AlertOutbox;
  readonly scope: OutboxScope;
  readonly channels: ChannelDirectory;
  readonly clock: Clock;
  readonly logger?: Logger;
}

interface Lane {
  readonly lane: AlertLane;
  readonly target: ChannelTarget | undefined;
  /** Nothing to do until poked (no pending alert, or no channel for it). */
  idle: boolean;
  /** The missing channel was logged (once per lane). */
  warned: boolean;
  resume: (() => void) | undefined;
  timer: TimerHandle | undefined;
  done: Promise<void>;
}

export interface DispatcherStats {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

export class AlertDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly logger: Logger;
  private started = false;
  private stopped = false;
  private settledWaiters: Array<() => void> = [];
  private counts = { sent: 0, retried: 0, failed: 0 };
  /** Aborts the attempts under way when a stop's grace time is over. */
  private readonly aborter = new AbortController();

  constructor(private readonly options: DispatcherOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get stats(): DispatcherStats {
    return { ...this.counts };
  }

  /** Starts a lane for every lane with pending alerts. */
  start(): void {
    this.started = true;
    this.wake();
  }

  /** New alerts were committed: lanes pick them up (new lanes start). */
  wake(): void {
    if (!this.started || this.stopped) return;
    let lanes: AlertLane[];
    try {
      lanes = this.options.outbox.pendingLanes(this.options.scope);
    } catch (error) {
      this.logger.error("alert outbox unreadable", { error: messageOf(error) });
      return;
    }
    for (const lane of lanes) {
      const id = `${lane.scanner}\u0000${lane.channel}`;
      const known = this.lanes.get(id);
      if (known) {
        this.poke(known);
        continue;
      }
      const target = this.options.channels.get(lane.scanner)?.get(lane.channel);
      const state: Lane = {
        lane,
        target,
        idle: false,
        warned: false,
        resume: undefined,
        timer: undefined,
        done: Promise.resolve(),
      };
      this.lanes.set(id, state);
      state.done = this.run(state);
    }
    this.checkSettled();
  }

  /**
   * Resolves once every lane is idle (nothing pending it can deliver) — at once if there is none;
   * `false` if `timeoutMs` passed first (on the dispatcher's clock).
   */
  settled(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.isSettled()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      const done = (): void => {
        if (timer) this.options.clock.cancelTimer(timer);
        resolve(true);
      };
      this.settledWaiters.push(done);
      if (Number.isFinite(timeoutMs)) {
        timer = this.options.clock.setTimer(
          this.options.clock.now() + timeoutMs,
          () => {
            this.settledWaiters = this.settledWaiters.filter((waiter) => waiter !== done);
            resolve(false);
          },
          "alert drain limit",
        );
      }
    });
  }

  /**
   * Stops every lane: no new attempt starts; attempts under way may finish within `graceMs` (on the
   * dispatcher's clock), then they are aborted. An aborted alert stays pending as it was (its
   * attempt not counted): the next start sends it again, with the same idempotency key.
   */
  async stop(graceMs = DEFAULT_STOP_GRACE_MS): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const lane of this.lanes.values()) this.poke(lane);
    const lanes = Promise.all([...this.lanes.values()].map((lane) => lane.done));
    const { clock } = this.options;
    let timer: TimerHandle | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = clock.setTimer(clock.now() + graceMs, resolve, "alert stop grace");
    });
    await Promise.race([lanes, grace]);
    if (timer) clock.cancelTimer(timer);
    this.aborter.abort();
    await lanes;
    for (const waiter of this.settledWaiters) waiter();
    this.settledWaiters = [];
  }

  private async run(state: Lane): Promise<void> {
    const { outbox, scope, clock } = this.options;
    while (!this.stopped) {
      try {
        const alert = outbox.nextPending(scope, state.lane);
        if (!alert || !state.target) {
          if (alert && !state.target && !state.warned) {
            state.warned = true;
            this.logger.warn("pending alerts for a channel that is no longer configured: kept pending", {
              scanner: state.lane.scanner,
              channel: state.lane.channel,
            });
          }
          await this.idle(state);
          continue;
        }
        const { channel } = state.target;
        const now = clock.now();
        const dueAt = Math.max(alert.nextAttemptAt ?? now, channel.limiter.nextFreeAt(now));
        if (dueAt > now) {
          await this.sleep(state, dueAt);
          continue;
        }
        channel.limiter.take(now);
        await this.attempt(alert, state.target);
      } catch (error) {
        this.logger.error("alert lane error", {
          scanner: state.lane.scanner,
          channel: state.lane.channel,
          error: messageOf(error),
        });
        await this.sleep(state, clock.now() + LANE_ERROR_PAUSE_MS);
      }
    }
  }

  private async attempt(alert: AlertRow, target: ChannelTarget): Promise<void> {
    const { outbox, clock } = this.options;
    const attempt = alert.attempts + 1;
    const fields = { scanner: alert.scanner, channel: alert.channel, key: alert.key, attempt };
    let failure: AlertError | undefined;
    try {
      await target.channel.send(alert.payload, this.aborter.signal);
    } catch (error) {
      if (this.aborter.signal.aborted) {
        this.logger.warn("alert attempt cut by the stop: stays pending", fields);
        return;
      }
      failure =
        error instanceof AlertError
          ? error
          : new AlertError(messageOf(error), { retryable: true, cause: error });
    }
    if (failure === undefined) {
      outbox.markSent(alert.id, attempt, clock.now());
      this.counts.sent++;
      this.logger.info("alert sent", fields);
      return;
    }
    const now = clock.now();
    if (!failure.retryable || attempt >= target.retry.maxAttempts) {
      outbox.markFailed(alert.id, attempt, failure.message);
      this.counts.failed++;
      this.logger.error("alert failed", { ...fields, error: failure.message, final: true });
      return;
    }
    const asked = retryAfterMs(failure.retryAfter, now);
    if (asked !== undefined) target.channel.limiter.pauseUntil(now + asked);
    const delay = asked ?? backoffDelayMs(attempt, target.retry);
    outbox.markRetry(alert.id, attempt, now + delay, failure.message);
    this.counts.retried++;
    this.logger.warn("alert not delivered, retrying", {
      ...fields,
      error: failure.message,
      retryInMs: delay,
    });
  }

  private idle(state: Lane): Promise<void> {
    state.idle = true;
    this.checkSettled();
    return new Promise((resolve) => {
      state.resume = () => {
        state.idle = false;
        resolve();
      };
    });
  }

  private sleep(state: Lane, at: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        state.timer = undefined;
        state.resume = undefined;
        resolve();
      };
      state.timer = this.options.clock.setTimer(at, finish, "alert retry");
      state.resume = () => {
        if (state.timer) this.options.clock.cancelTimer(state.timer);
        finish();
      };
    });
  }

  private poke(state: Lane): void {
    const resume = state.resume;
    state.resume = undefined;
    resume?.();
  }

  private isSettled(): boolean {
    for (const lane of this.lanes.values()) if (!lane.idle) return false;
    return true;
  }

  private checkSettled(): void {
    if (!this.isSettled()) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
