// The PostgreSQL layout of the scan journal: the twin of journal-schema.ts, alert-schema.ts,
// feed-status.ts and score-table.ts, created whole by migration 1 and run_fences by migration 2
// (SQLite adds the outbox, feed
// status and score tables on first use; here every table exists from the start). Text columns
// compare and sort bytewise (COLLATE "C"), as SQLite does, so both backends list rows in the same
// order. JSON columns stay text holding JSON, exactly the strings SQLite keeps: `store copy`
// moves them unchanged and the checksums of both sides agree.

import type { PgMigration } from "../../data/pg/pg-migrations.js";

export const PG_JOURNAL_COMPONENT = "journal";

export const PG_JOURNAL_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE runs (
  id bigserial PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  mode text NOT NULL CHECK (mode IN ('backtest', 'live')),
  config_hash text COLLATE "C" NOT NULL,
  started_at double precision NOT NULL,
  finished_at double precision,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  params text NOT NULL
);
CREATE INDEX runs_by_name ON runs (name, mode, status);
CREATE TABLE scans (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES runs (id),
  scanner text COLLATE "C" NOT NULL,
  kind text NOT NULL CHECK (kind IN ('setup', 'pre_session', 'regular', 'cron', 'teardown')),
  scheduled_at bigint NOT NULL,
  session_date text COLLATE "C" NOT NULL,
  started_at double precision,
  duration_ms double precision NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'skipped', 'disabled', 'missed')),
  error text,
  universe_size integer NOT NULL,
  symbols text NOT NULL,
  metadata text NOT NULL,
  promoted text NOT NULL,
  UNIQUE (run_id, scheduled_at, scanner, kind)
);
CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES runs (id),
  scanner text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  scheduled_at bigint NOT NULL,
  session_date text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'recorded')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at double precision,
  last_error text,
  sent_at double precision,
  payload text NOT NULL
);
CREATE INDEX alerts_by_lane ON alerts (status, scanner, channel, id);
CREATE INDEX alerts_by_run ON alerts (run_id, scheduled_at);
CREATE TABLE feed_status (
  run_id bigint NOT NULL REFERENCES runs (id),
  scheduled_at bigint NOT NULL,
  session_date text NOT NULL,
  status text NOT NULL CHECK (status IN ('stale')),
  since double precision NOT NULL,
  PRIMARY KEY (run_id, scheduled_at)
);
CREATE TABLE score_runs (
  run_id bigint PRIMARY KEY REFERENCES runs (id),
  entry_rule text NOT NULL,
  horizons text NOT NULL,
  scanners text NOT NULL,
  hits integer NOT NULL
);
CREATE TABLE scores (
  run_id bigint NOT NULL REFERENCES runs (id),
  scanner text COLLATE "C" NOT NULL,
  scheduled_at bigint NOT NULL,
  symbol text COLLATE "C" NOT NULL,
  horizon text COLLATE "C" NOT NULL,
  session_date text NOT NULL,
  entry_price double precision,
  entry_at bigint,
  return_pct double precision,
  mfe_pct double precision,
  mae_pct double precision,
  baseline_pct double precision,
  baseline_positive double precision,
  PRIMARY KEY (run_id, scheduled_at, scanner, symbol, horizon)
);
CREATE TABLE score_baselines (
  run_id bigint NOT NULL REFERENCES runs (id),
  scanner text COLLATE "C" NOT NULL,
  scheduled_at bigint NOT NULL,
  horizon text COLLATE "C" NOT NULL,
  mean_return_pct double precision,
  positive_share double precision,
  mean_mfe_pct double precision,
  mean_mae_pct double precision,
  counted integer NOT NULL,
  nulls integer NOT NULL,
  PRIMARY KEY (run_id, scanner, scheduled_at, horizon)
);`,
  },
  {
    // The fencing token of the HA leader that last claimed a live run (run-fences.ts).
    version: 2,
    sql: `
CREATE TABLE run_fences (
  run_id bigint PRIMARY KEY REFERENCES runs (id),
  token bigint NOT NULL
);`,
  },
];
