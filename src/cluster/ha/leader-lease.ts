// The leadership of a group of HA daemons: a lease in Redis, one key per group, held by at most one
// process. Why a plain key and not BullMQ's job lock: a job lock is held by a worker only while it
// processes a job, expires through BullMQ's stalled-job check (30 s by default) and hands the job to
// another worker as a retry; a leader is not a job, and the group needs a fencing token it can check
// before each slot. So:
//   - acquire: one Lua script, atomically: if the lease key is absent, INCR the group's fence
//     counter (raised above a floor: the highest token the journal stores) and SET the key to
//     "<token> <owner>" with PX ttl. The token grows with every leadership, so an older leader's
//     token is always lower, also after a Redis restart that lost the counter;
//   - renew every ttl/3: a script that PEXPIREs the key only if it still holds our value;
//   - locally, the lease counts as held until (instant the last successful acquire/renew was SENT)
//     + ttl - margin: Redis's expiry counts from later than that, so while `isHeld()` answers true
//     no other process can have acquired the key (a synchronous check, made before each journal
//     write);
//   - lost: at once when a renewal fails or answers that the key is not ours, when the connection
//     closes, or when the local deadline passes unrenewed. Lost is final: the process stops leading.
// Commands fail fast instead of queueing while disconnected (no offline queue, a command timeout),
// so a cut connection is seen at the next renewal at the latest.

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Redis } from "ioredis";
import { ClusterError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { Clock, TimerHandle } from "../../time/clock.js";
import { redactRedisUrl, redisOptions, redisServerOf } from "../redis-connection.js";

/** ARGV[3]: the token floor (the highest token a journal stores): the new token is above it. */
const ACQUIRE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[3])
if token <= floor then
  token = floor + 1
  redis.call('SET', KEYS[2], token)
end
redis.call('SET', KEYS[1], token .. ' ' .. ARGV[1], 'PX', ARGV[2])
return token`;
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
/** Sets KEYS[2] (the group's done marker) only while KEYS[1] still holds our lease. */
const MARK_DONE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0`;
/** How long the marker of a finished group run is kept. */
const DONE_MARKER_MS = 7 * 24 * 3_600_000;

export interface LeaseOptions {
  readonly redisUrl: string;
  /** The group's keys: `<group>:lease`, `<group>:fence`, `<group>:done`. */
  readonly group: string;
  readonly ttlMs: number;
  /** The real clock (WallClock): renewals, the local deadline, the standby's retries. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long connecting may take before a ClusterError (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

export type AcquireOutcome =
  | { readonly kind: "leading"; readonly token: number }
  /** The group's run was finished by a leader (`markDone` with the same marker). */
  | { readonly kind: "done" }
  | { readonly kind: "stopped" };

export class LeaderLease {
  /** `<host>:<pid>:<random>`: unique per process and attempt. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  private value: string | undefined;
  private token: number | undefined;
  private validUntil = Number.NEGATIVE_INFINITY;
  private lostReason: string | undefined;
  private renewTimer: TimerHandle | undefined;
  private deadlineTimer: TimerHandle | undefined;
  private readonly lostListeners: Array<(reason: string) => void> = [];

  private constructor(
    private readonly redis: Redis,
    private readonly options: LeaseOptions,
  ) {
    redis.on("close", () => {
      if (this.value !== undefined) this.lose("the connection to Redis closed");
    });
  }

  /** Connects to Redis; a ClusterError naming host:port when it does not answer. */
  static async connect(options: LeaseOptions): Promise<LeaderLease> {
    if (!Number.isInteger(options.ttlMs) || options.ttlMs < 1_000) {
      throw new ClusterError(`the HA lease must last at least 1000 ms, got ${options.ttlMs}`);
    }
    const timeoutMs = options.connectTimeoutMs ?? 5_000;
    const redis = new Redis({
      ...redisOptions(options.redisUrl),
      lazyConnect: true,
      connectTimeout: timeoutMs,
      // Fail fast while disconnected: a renewal must not wait in a queue past the lease's end.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: Math.max(200, Math.floor(options.ttlMs / 3)),
    });
    // Errors reach the caller through the commands' rejections; a standby retries.
    redis.on("error", (error: Error) => options.logger.debug("redis", { error: error.message }));
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      throw new ClusterError(
        `Redis at ${redisServerOf(options.redisUrl)} (${redactRedisUrl(options.redisUrl)}) does not answer: ${
          error instanceof Error ? error.message : String(error)
        }. Start it, or point --ha or $SCANWRIGHT_REDIS at a running server`,
      );
    }
    return new LeaderLease(redis, options);
  }

  private key(name: "lease" | "fence" | "done"): string {
    return `${this.options.group}:${name}`;
  }

  /**
   * Waits until this process leads (tries at once, then every ttl/3), until the group's run is
   * marked done with `doneMarker`, or until `signal` aborts. `tokenFloor`, asked before each try,
   * is the highest token stored where tokens are compared (the journal's run fences): the token
   * taken is above it even when Redis lost its counter (restarted without persistence).
   */
  async acquire(
    signal: AbortSignal,
    doneMarker: string,
    tokenFloor: () => number = () => 0,
  ): Promise<AcquireOutcome> {
    const { clock, ttlMs, logger } = this.options;
    for (;;) {
      if (signal.aborted) return { kind: "stopped" };
      try {
        if ((await this.redis.get(this.key("done"))) === doneMarker) return { kind: "done" };
        const floor = tokenFloor();
        const sentAt = clock.now();
        const token = Number(
          await this.redis.eval(
            ACQUIRE_SCRIPT,
            2,
            this.key("lease"),
            this.key("fence"),
            this.owner,
            ttlMs,
            floor,
          ),
        );
        if (token > 0) {
          this.token = token;
          this.value = `${token} ${this.owner}`;
          this.extendTo(sentAt);
          return { kind: "leading", token };
        }
      } catch (error) {
        // Redis (or the journal the floor comes from) away: a standby waits for it like for the lease.
        logger.warn("HA standby cannot reach Redis or the journal: retrying", {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      const retryAt = clock.now() + Math.floor(ttlMs / 3);
      await new Promise<void>((resolve) => {
        const timer = clock.setTimer(retryAt, () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        });
        const onAbort = (): void => {
          clock.cancelTimer(timer);
          resolve();
        };
        signal.addEventListener("abort", onAbort, { once: true });
      });
    }
  }

  /** The fencing token of this leadership, once leading. */
  get fencingToken(): number | undefined {
    return this.token;
  }

  /** Why leadership was lost, once it was. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  /** Whether this process leads now: acquired, not lost, and within the local deadline (no I/O). */
  isHeld(): boolean {
    if (this.value === undefined || this.lostReason !== undefined) return false;
    if (this.options.clock.now() >= this.validUntil) {
      this.lose("the lease ran out before it was renewed");
      return false;
    }
    return true;
  }

  /** `isHeld()`, and Redis confirms the key still holds this leadership's token (one round trip). */
  async verify(): Promise<boolean> {
    if (!this.isHeld()) return false;
    try {
      if ((await this.redis.get(this.key("lease"))) === this.value) return this.isHeld();
      this.lose("the lease key holds another leader's token");
    } catch (error) {
      this.lose(`the lease could not be checked (${error instanceof Error ? error.message : String(error)})`);
    }
    return false;
  }

  /** Called once, when leadership is lost. */
  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** Marks the group's run finished (while still leading), so standbys stop instead of leading it again. */
  async markDone(doneMarker: string): Promise<boolean> {
    if (!this.isHeld()) return false;
    const set = await this.redis.eval(
      MARK_DONE_SCRIPT,
      2,
      this.key("lease"),
      this.key("done"),
      this.value as string,
      doneMarker,
      DONE_MARKER_MS,
    );
    return Number(set) === 1;
  }

  /** Gives the lease up (a standby takes over at its next try) and closes the connection. */
  async close(): Promise<void> {
    this.stopTimers();
    const value = this.value;
    this.value = undefined;
    try {
      if (value !== undefined && this.lostReason === undefined) {
        await this.redis.eval(RELEASE_SCRIPT, 1, this.key("lease"), value);
      }
    } catch (error) {
      // The key then expires by itself within the ttl.
      this.options.logger.warn("the HA lease could not be released: it expires by itself", {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.redis.disconnect();
    }
  }

  /** The lease counts from `sentAt` (before Redis set its expiry); renewal and deadline timers follow. */
  private extendTo(sentAt: number): void {
    const { clock, ttlMs } = this.options;
    // A fifth of the ttl covers the journal write made right after a check, and clock-rate drift.
    this.validUntil = sentAt + ttlMs - Math.floor(ttlMs / 5);
    this.stopTimers();
    this.renewTimer = clock.setTimer(sentAt + Math.floor(ttlMs / 3), () => void this.renew(), "ha renew");
    this.deadlineTimer = clock.setTimer(this.validUntil, () => this.isHeld(), "ha deadline");
  }

  private async renew(): Promise<void> {
    if (this.value === undefined || this.lostReason !== undefined) return;
    const sentAt = this.options.clock.now();
    try {
      const renewed = await this.redis.eval(
        RENEW_SCRIPT,
        1,
        this.key("lease"),
        this.value,
        this.options.ttlMs,
      );
      if (Number(renewed) !== 1) {
        this.lose("the lease key expired or holds another leader's token");
        return;
      }
      if (this.lostReason === undefined && this.value !== undefined) this.extendTo(sentAt);
    } catch (error) {
      this.lose(`the lease could not be renewed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private lose(reason: string): void {
    if (this.lostReason !== undefined || this.value === undefined) return;
    this.lostReason = reason;
    this.stopTimers();
    for (const listener of this.lostListeners) listener(reason);
  }

  private stopTimers(): void {
    if (this.renewTimer !== undefined) this.options.clock.cancelTimer(this.renewTimer);
    if (this.deadlineTimer !== undefined) this.options.clock.cancelTimer(this.deadlineTimer);
    this.renewTimer = undefined;
    this.deadlineTimer = undefined;
  }
}
