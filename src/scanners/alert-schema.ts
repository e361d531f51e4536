// The outbox table of the scan journal: one row per (slot, channel) alert, written in the same
// transaction as the slot's `scans` row (scan-journal.ts), then moved to `sent` or `failed` by the
// dispatcher (src/alerts/). Created with IF NOT EXISTS when a journal is opened, so a journal
// written before alerts existed gains the table without a layout version change. The
// idempotency key is UNIQUE: an alert can be journaled once only.

export const ALERT_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  scanner TEXT NOT NULL,
  kind TEXT NOT NULL,
  scheduled_at INTEGER NOT NULL,
  session_date TEXT NOT NULL,
  channel TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'recorded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL,
  last_error TEXT,
  sent_at REAL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_lane ON alerts (status, scanner, channel, id);
CREATE INDEX IF NOT EXISTS alerts_by_run ON alerts (run_id, scheduled_at);
`;
