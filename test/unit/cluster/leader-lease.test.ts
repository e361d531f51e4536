// The HA lease on the loopback Redis (real time, a WallClock; waits on conditions): one holder per
// group, fencing tokens that grow, loss on a cut connection or a key taken away, the done marker,
// and the journal fenced by it.

import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { fencedJournal } from "../../../src/cluster/ha/fenced-journal.js";
import { resolveHaOptions } from "../../../src/cluster/ha/ha-options.js";
import { LeaderLease, type LeaseOptions } from "../../../src/cluster/ha/leader-lease.js";
import { ClusterError, UsageError } from "../../../src/core/errors.js";
import { RecordingLogger } from "../../../src/core/logger.js";
import type { JournalRecord } from "../../../src/scanners/journal-types.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { WallClock } from "../../../src/time/wall-clock.js";
import { createTestKeyPrefix, probeRedis, REDIS_HOST, REDIS_PORT, REDIS_URL } from "../../helpers/redis.js";
import { startTcpProxy } from "../../helpers/tcp-proxy.js";
import { thrown } from "../../helpers/thrown.js";

const hasRedis = await probeRedis();
const keys = createTestKeyPrefix();
const clock = new WallClock();
const leases: LeaderLease[] = [];

function options(group: string, overrides: Partial<LeaseOptions> = {}): LeaseOptions {
  return {
    redisUrl: REDIS_URL,
    group: `${keys.prefix}:${group}`,
    ttlMs: 3_000,
    clock,
    logger: new RecordingLogger(),
    ...overrides,
  };
}

async function lease(group: string, overrides: Partial<LeaseOptions> = {}): Promise<LeaderLease> {
  const made = await LeaderLease.connect(options(group, overrides));
  leases.push(made);
  return made;
}

/** 10:00 in New York on the rows' session date. */
const TEN = Date.UTC(2024, 11, 30, 15, 0);

function row(at: number): JournalRecord {
  return {
    scanner: "s",
    kind: "regular",
    sessionDate: "2024-12-30",
    scheduledAt: at,
    startedAt: at,
    durationMs: 1,
    status: "ok",
    error: null,
    universeSize: 1,
    symbols: ["AAA"],
    metadata: {},
    promoted: [],
  };
}

afterEach(async () => {
  for (const made of leases.splice(0)) await made.close();
});
afterAll(async () => {
  clock.cancelAll();
  if (hasRedis) await keys.cleanup();
});

describe("HA options", () => {
  it("takes the URL from --ha, else $SCANWRIGHT_REDIS; the group defaults to the session's", () => {
    expect(resolveHaOptions("day", { ha: "redis://127.0.0.1:6390" }, {})).toEqual({
      url: "redis://127.0.0.1:6390",
      group: "scanwright:ha:day",
      leaseMs: 10_000,
    });
    expect(
      resolveHaOptions("day", { ha: true, haGroup: "g", haLeaseSeconds: 3 }, { SCANWRIGHT_REDIS: REDIS_URL }),
    ).toEqual({ url: REDIS_URL, group: "g", leaseMs: 3_000 });
    expect(resolveHaOptions("day", {}, { SCANWRIGHT_REDIS: REDIS_URL })).toBeUndefined();
  });

  it("refuses a missing or non-Redis URL, and HA flags without --ha", () => {
    const missing = thrown(() => resolveHaOptions("day", { ha: true }, {}));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toBe("--ha needs a Redis URL: --ha redis://host:port, or $SCANWRIGHT_REDIS");
    expect(
      thrown(() => resolveHaOptions("day", { ha: true }, { SCANWRIGHT_REDIS: "127.0.0.1:6379" })).message,
    ).toBe("--ha ($SCANWRIGHT_REDIS) must be a redis:// or rediss:// URL (redis://host:port)");
    expect(thrown(() => resolveHaOptions("day", { haLeaseSeconds: 2 }, {})).message).toBe(
      "--ha-group and --ha-lease-seconds set up an HA group: give --ha with them",
    );
  });
});

describe.runIf(hasRedis)("the HA lease", () => {
  it("has one holder per group; the next one leads with a greater fencing token once it is released", async () => {
    const first = await lease("one");
    const second = await lease("one");
    const stop = new AbortController();
    expect(await first.acquire(stop.signal, "never")).toEqual({ kind: "leading", token: 1 });
    expect(first.isHeld()).toBe(true);
    expect(await first.verify()).toBe(true);
    let secondOutcome: unknown;
    const waiting = second.acquire(stop.signal, "never").then((outcome) => {
      secondOutcome = outcome;
      return outcome;
    });
    // Renewed past its ttl while the second one waits.
    await clock.sleepUntil(clock.now() + 4_000);
    expect(secondOutcome).toBeUndefined();
    expect(first.isHeld()).toBe(true);
    await first.close();
    expect(await waiting).toEqual({ kind: "leading", token: 2 });
    expect(second.fencingToken).toBe(2);
  }, 60_000);

  it("takes a token above the journal's highest claimed one when Redis lost its counter", async () => {
    const journal = ScanJournal.open(":memory:");
    try {
      const run = journal.startRun({ name: "day", mode: "live", configHash: "h", startedAt: 0 });
      journal.claimRun(run, 41);
      expect(journal.highestFencingToken()).toBe(41);
      // A fresh group: its counter starts at 0, as after a Redis restart without persistence.
      const first = await lease("floor");
      const stop = new AbortController();
      expect(await first.acquire(stop.signal, "never", () => journal.highestFencingToken())).toEqual({
        kind: "leading",
        token: 42,
      });
      journal.claimRun(run, 42);
      await first.close();
      // The counter was raised with it: the next leadership is above, floor or not.
      const second = await lease("floor");
      expect(await second.acquire(stop.signal, "never")).toEqual({ kind: "leading", token: 43 });
    } finally {
      journal.close();
    }
  }, 60_000);

  it("a standby stops when told, or when the group's run is marked done", async () => {
    const leader = await lease("done");
    const standby = await lease("done");
    const stop = new AbortController();
    expect((await leader.acquire(stop.signal, "day-1")).kind).toBe("leading");
    const aborted = new AbortController();
    const waiting = standby.acquire(aborted.signal, "day-1");
    aborted.abort();
    expect(await waiting).toEqual({ kind: "stopped" });
    expect(await leader.markDone("day-1")).toBe(true);
    await leader.close();
    expect(await standby.acquire(stop.signal, "day-1")).toEqual({ kind: "done" });
    // Another run of the group (another marker) is not done.
    expect((await standby.acquire(stop.signal, "day-2")).kind).toBe("leading");
  }, 60_000);

  it("is lost at once when the connection is cut: the fenced journal writes nothing more", async () => {
    const proxy = await startTcpProxy(REDIS_HOST, REDIS_PORT);
    try {
      const leader = await lease("cut", { redisUrl: `redis://127.0.0.1:${proxy.port}` });
      const standby = await lease("cut");
      const stop = new AbortController();
      expect((await leader.acquire(stop.signal, "never")).kind).toBe("leading");
      const reasons: string[] = [];
      const lost = new Promise<void>((resolve) =>
        leader.onLost((reason) => {
          reasons.push(reason);
          resolve();
        }),
      );
      const logger = new RecordingLogger();
      const journal = ScanJournal.open(":memory:");
      const fenced = fencedJournal(journal, leader, logger);
      const run = fenced.startRun({ name: "ha", mode: "live", configHash: "h", startedAt: TEN });
      expect(fenced.record(run, row(TEN))).toBe(true);
      expect(fenced.flush()).toBe(1);

      proxy.kill();
      await lost;
      expect(reasons).toEqual(["the connection to Redis closed"]);
      expect(leader.isHeld()).toBe(false);
      expect(await leader.verify()).toBe(false);
      expect(fenced.record(run, row(TEN + 60_000))).toBe(false);
      expect(fenced.flush()).toBe(0);
      expect(fenced.finishRun(run, { finishedAt: TEN + 120_000, status: "interrupted" })).toBe(false);
      const refused = thrown(() =>
        fenced.startRun({ name: "ha", mode: "live", configHash: "h", startedAt: TEN }),
      );
      expect(refused).toBeInstanceOf(ClusterError);
      expect(refused.message).toBe("this daemon no longer leads its HA group: startRun refused");
      expect(journal.exportRun(run.id).map((r) => r.scheduledAt)).toEqual([TEN]);
      expect(journal.runs().map((info) => info.status)).toEqual(["running"]);
      expect(logger.records.map((r) => [r.level, r.message, r.fields])).toEqual([
        [
          "warn",
          "no longer leading: journal write not made (the new leader owns the run)",
          { write: "record" },
        ],
        [
          "warn",
          "no longer leading: journal write not made (the new leader owns the run)",
          { write: "finishRun" },
        ],
      ]);
      journal.close();
      // The key expires within the ttl: the standby leads, with the next token.
      expect(await standby.acquire(stop.signal, "never")).toEqual({ kind: "leading", token: 2 });
    } finally {
      proxy.kill();
    }
  }, 60_000);

  it("is lost when the key is taken away (expired, another leader's token)", async () => {
    const leader = await lease("taken");
    const stop = new AbortController();
    expect((await leader.acquire(stop.signal, "never")).kind).toBe("leading");
    const raw = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
    try {
      await raw.set(`${keys.prefix}:taken:lease`, "99 elsewhere");
      expect(await leader.verify()).toBe(false);
      expect(leader.lost).toBe("the lease key holds another leader's token");
      expect(leader.isHeld()).toBe(false);
    } finally {
      raw.disconnect();
    }
  }, 60_000);

  it("names host:port when Redis does not answer, and refuses a lease under a second", async () => {
    const unreachable = await LeaderLease.connect(options("none", { redisUrl: "redis://127.0.0.1:1" })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(unreachable).toBeInstanceOf(ClusterError);
    expect((unreachable as ClusterError).message).toMatch(
      /^Redis at 127\.0\.0\.1:1 \(redis:\/\/127\.0\.0\.1:1\) does not answer: /,
    );
    const short = await LeaderLease.connect(options("short", { ttlMs: 500 })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(short).toBeInstanceOf(ClusterError);
    expect((short as ClusterError).message).toBe("the HA lease must last at least 1000 ms, got 500");
  }, 60_000);
});
