// The journal as an HA leader writes it: every write first checks that this process still holds the
// lease (`isHeld`, synchronous: within the lease's local deadline, so no other daemon can have
// taken over). Once the lease is lost the process writes nothing more: rows are not recorded (the
// new leader runs or marks those slots), the pending batch is not flushed, the run is not finished
// (the new leader resumes it as `running`). Reads go through unchanged. The journal is wrapped, not
// changed, so any ScanJournal backend (SQLite file or a server) is fenced the same way.

import { ClusterError } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { ScanJournal } from "../../scanners/scan-journal.js";

export interface Fence {
  isHeld(): boolean;
}

/** What a fenced write answers instead of writing. */
const REFUSED: Partial<Record<keyof ScanJournal, () => unknown>> = {
  record: () => false,
  flush: () => 0,
  finishRun: () => false,
  markFeedStale: () => undefined,
};
/** Writes that cannot answer without writing: refused with an error. */
const REFUSED_WITH_ERROR = new Set<PropertyKey>(["startRun", "resumeRun"]);

/** `journal`, its writes made only while `fence` holds. */
export function fencedJournal(journal: ScanJournal, fence: Fence, logger: Logger): ScanJournal {
  let dropped = 0;
  return new Proxy(journal, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const refused = REFUSED[property as keyof ScanJournal];
      if (refused === undefined && !REFUSED_WITH_ERROR.has(property)) return value;
      return (...args: unknown[]) => {
        if (fence.isHeld()) return Reflect.apply(value, receiver, args);
        if (refused === undefined) {
          throw new ClusterError(`this daemon no longer leads its HA group: ${String(property)} refused`);
        }
        dropped++;
        if (dropped === 1 || property === "finishRun") {
          logger.warn("no longer leading: journal write not made (the new leader owns the run)", {
            write: String(property),
          });
        }
        return refused();
      };
    },
  });
}
