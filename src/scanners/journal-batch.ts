// The rows recorded but not yet written: kept in record order with their slot keys, so the
// journal can refuse a duplicate slot before it reaches the file and list a day's pending slots
// for a resuming daemon. Cleared only after the transaction writing them has committed.

import type { EncodedRow } from "./journal-rows.js";
import type { JournalKind } from "./journal-types.js";

/** The identity of a slot within the journal. */
export function slotKey(runId: number, scanner: string, kind: JournalKind, scheduledAt: number): string {
  return `${runId}\u0000${scanner}\u0000${kind}\u0000${scheduledAt}`;
}

export class PendingBatch {
  private rowList: EncodedRow[] = [];
  private readonly keys = new Set<string>();

  get size(): number {
    return this.rowList.length;
  }

  /** The pending rows, in record order (the live list: do not keep it across `clear`). */
  get rows(): readonly EncodedRow[] {
    return this.rowList;
  }

  add(row: EncodedRow): void {
    this.rowList.push(row);
    this.keys.add(slotKey(row[0], row[1], row[2], row[3]));
  }

  has(runId: number, scanner: string, kind: JournalKind, scheduledAt: number): boolean {
    return this.keys.has(slotKey(runId, scanner, kind, scheduledAt));
  }

  /** Pending rows of `runId` on `sessionDate`. */
  rowsOf(runId: number, sessionDate: string): EncodedRow[] {
    return this.rowList.filter((row) => row[0] === runId && row[4] === sessionDate);
  }

  /** Removes the pending rows of `runId`; returns how many there were. */
  dropRun(runId: number): number {
    const kept = this.rowList.filter((row) => row[0] !== runId);
    const dropped = this.rowList.length - kept.length;
    this.rowList = [];
    this.keys.clear();
    for (const row of kept) this.add(row);
    return dropped;
  }

  clear(): void {
    this.rowList = [];
    this.keys.clear();
  }
}
