// How one member of an HA daemon group comes to lead: it connects to Redis, stands by until it
// holds the group's lease (or the group's run is done, or it is told to stop), then gets the
// journal fenced by the lease (in this process, and in the journal's database once the run is
// claimed with the lease's token) and what to do when the run ends. The daemon command wires it in.

import { ClusterError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { RunRef, ScanJournal } from "../../scanners/scan-journal.js";
import type { Clock } from "../../time/clock.js";
import { fencedJournal } from "./fenced-journal.js";
import type { HaOptions } from "./ha-options.js";
import { LeaderLease } from "./leader-lease.js";

export interface HaMemberInput {
  readonly ha: HaOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Stops standing by (SIGINT/SIGTERM); while leading, the daemon's own stop. */
  readonly signal: AbortSignal;
  /** The group's run: standbys stop when a leader marks it done (see LeaderLease.markDone). */
  readonly doneMarker: string;
  readonly journal: ScanJournal;
  /**
   * Runs while this member stands by (a warm standby keeping its session current), aborted once it
   * leads, the group's run is done or `signal` aborts; awaited before joinHaGroup returns. Its
   * failure stops the member (the lease released, the error thrown): a standby never leads with a
   * session it could not keep.
   */
  readonly standby?: (signal: AbortSignal) => Promise<void>;
  /** Called once when leadership is lost: the daemon must stop at once. */
  readonly onLost: (reason: string) => void;
}

export type HaMembership =
  | { readonly kind: "stopped" | "done"; readonly lease: LeaderLease }
  | {
      readonly kind: "leading";
      readonly lease: LeaderLease;
      /** The journal, its writes made only while the lease holds. */
      readonly journal: ScanJournal;
      /**
       * Stores the lease's fencing token with the run it drives (ScanJournal.claimRun): from then on
       * the journal's database refuses this member's writes once a newer leader claimed the run.
       */
      readonly claimRun: (run: RunRef) => void;
      /** Asked before each slot: the lease's token is still in Redis. */
      readonly fence: () => Promise<boolean>;
      /** After the run: a ClusterError if leadership was lost; a completed run is marked done. */
      readonly finish: (status: "completed" | "interrupted") => Promise<void>;
    };

/** Stands by until this member leads, the group's run is done, or `signal` aborts. Close `lease` in every case. */
export async function joinHaGroup(input: HaMemberInput): Promise<HaMembership> {
  const { ha, logger } = input;
  const lease = await LeaderLease.connect({
    redisUrl: ha.url,
    group: ha.group,
    ttlMs: ha.leaseMs,
    clock: input.clock,
    logger,
  });
  logger.info("HA standby: waiting for the lease", { group: ha.group, owner: lease.owner });
  const standing = new AbortController();
  const stopStanding = (): void => standing.abort();
  input.signal.addEventListener("abort", stopStanding, { once: true });
  let standbyFailure: { readonly error: unknown } | undefined;
  const standingBy = input.standby?.(standing.signal).catch((error: unknown) => {
    standbyFailure = { error };
    standing.abort();
  });
  let outcome: Awaited<ReturnType<LeaderLease["acquire"]>>;
  try {
    outcome = await lease.acquire(standing.signal, input.doneMarker, () =>
      input.journal.highestFencingToken(),
    );
  } finally {
    standing.abort();
    input.signal.removeEventListener("abort", stopStanding);
    await standingBy;
  }
  if (standbyFailure !== undefined) {
    await lease.close();
    throw standbyFailure.error;
  }
  if (outcome.kind !== "leading") return { kind: outcome.kind, lease };
  logger.info("HA: leading", { group: ha.group, owner: lease.owner, token: outcome.token });
  lease.onLost((reason) => {
    logger.error("HA: leadership lost: stopping at once", { reason });
    input.onLost(reason);
  });
  const journal = fencedJournal(input.journal, lease, logger);
  return {
    kind: "leading",
    lease,
    journal,
    claimRun: (run) => {
      journal.claimRun(run, outcome.token);
      logger.info("HA: run claimed with the lease's fencing token", { run: run.id, token: outcome.token });
    },
    fence: () => lease.verify(),
    finish: async (status) => {
      if (lease.lost !== undefined) {
        throw new ClusterError(
          `This daemon lost the leadership of HA group "${ha.group}" (${lease.lost}): it stopped without journaling further, another member takes over`,
        );
      }
      if (status === "completed") await lease.markDone(input.doneMarker);
    },
  };
}
