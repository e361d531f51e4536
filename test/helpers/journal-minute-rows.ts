// Journal rows of one test day (2024-03-04, a Monday): a scanner's regular slot `minute` minutes
// after the 09:30 New York open, with the minute in its metadata so a row can be told apart.

import type { JournalRecord } from "../../src/scanners/scan-journal.js";

export const MINUTE_MS = 60_000;
export const DATE = "2024-03-04";
/** 09:30 New York on DATE. */
export const OPEN = Date.UTC(2024, 2, 4, 14, 30);

export function minuteRow(scanner: string, minute: number, symbols: string[] = ["AAPL"]): JournalRecord {
  const scheduledAt = OPEN + minute * MINUTE_MS;
  return {
    scanner,
    kind: "regular",
    sessionDate: DATE,
    scheduledAt,
    startedAt: scheduledAt,
    durationMs: 2,
    status: "ok",
    error: null,
    universeSize: 10,
    symbols,
    metadata: { minute },
    promoted: [],
  };
}
