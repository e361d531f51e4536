// Slots a live run scanned while its market-data feed was stale (disconnected past the config's
// limit with the missed minutes not fetched, or a REST backfill failing): a table of their own in
// the journal, beside `scans`, so a scan on stale data is visible and a run's scan rows stay what
// they would be on a healthy feed. On SQLite created IF NOT EXISTS on the first mark (PostgreSQL's
// migration creates it): journals without stale
// slots (every backtest) never gain it, and no layout version changes.

import type { JournalSql } from "./journal-sql/journal-sql.js";

export const FEED_STATUS_SQL = `
CREATE TABLE IF NOT EXISTS feed_status (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  scheduled_at INTEGER NOT NULL,
  session_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('stale')),
  since REAL NOT NULL,
  PRIMARY KEY (run_id, scheduled_at)
);
`;

export interface StaleSlot {
  readonly scheduledAt: number;
  readonly sessionDate: string;
  /** Since when the feed had been stale, epoch ms. */
  readonly since: number;
}

export class FeedStatusTable {
  constructor(private readonly sql: JournalSql) {}

  /** Marks the slot at `scheduledAt` stale (once: a second mark of the slot keeps the first). */
  markStale(runId: number, slot: StaleSlot): void {
    this.sql.ensureSqliteSchema(FEED_STATUS_SQL);
    this.sql.run(
      "INSERT INTO feed_status (run_id, scheduled_at, session_date, status, since) VALUES (?, ?, ?, 'stale', ?) ON CONFLICT DO NOTHING",
      [runId, slot.scheduledAt, slot.sessionDate, slot.since],
    );
  }

  /** The run's stale slots in time order (none when the table does not exist). */
  staleSlots(runId: number): StaleSlot[] {
    if (!this.sql.hasTable("feed_status")) return [];
    return this.sql.all<StaleSlot>(
      'SELECT scheduled_at AS "scheduledAt", session_date AS "sessionDate", since FROM feed_status WHERE run_id = ? ORDER BY scheduled_at',
      [runId],
    );
  }
}
