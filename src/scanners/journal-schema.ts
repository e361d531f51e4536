// The SQLite layout of a scan journal and how a file is recognized as one.
//
// `runs` holds one row per backtest or live run (a live run spans a daemon's restarts until it is
// finished). `scans` holds one row per (run, scanner, kind, scheduled slot): the UNIQUE key is what
// makes a slot impossible to journal twice, even across processes. Its index, in slot-time order,
// is the only one on `scans` (each index costs every insert): it serves the duplicate check, a
// run's rows in row order, and session-date filters through a scheduled_at window (see
// journal-query.ts). JSON columns are TEXT holding JSON (symbols and promoted are arrays of
// strings, metadata and params any JSON value). `run_fences` (layout version 2) holds the fencing
// token of the HA leader that last claimed a live run (run-fences.ts): the journal's writes for the
// run compare their token with it inside their transaction.

/** `PRAGMA application_id` of a scanwright scan journal ("SCNJ"; a bar store is "SCNW"). */
export const JOURNAL_APPLICATION_ID = 0x53434e4a;
/** `PRAGMA user_version`: the layout below. */
export const JOURNAL_SCHEMA_VERSION = 2;

const RUN_FENCES_SQL = `
CREATE TABLE run_fences (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id),
  token INTEGER NOT NULL
);`;

/**
 * From layout version N-1 to N (index 0: from 1 to 2), each run in one write transaction with the
 * new user_version (journal-open.ts): a file of an older layout is brought up to date when opened
 * for writing.
 */
export const JOURNAL_UPGRADES: readonly string[] = [`${RUN_FENCES_SQL}\nPRAGMA user_version = 2;`];

export const JOURNAL_SCHEMA_SQL = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('backtest', 'live')),
  config_hash TEXT NOT NULL,
  started_at REAL NOT NULL,
  finished_at REAL,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  params TEXT NOT NULL
);
CREATE INDEX runs_by_name ON runs (name, mode, status);
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  scanner TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('setup', 'pre_session', 'regular', 'cron', 'teardown')),
  scheduled_at INTEGER NOT NULL,
  session_date TEXT NOT NULL,
  started_at REAL,
  duration_ms REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'skipped', 'disabled', 'missed')),
  error TEXT,
  universe_size INTEGER NOT NULL,
  symbols TEXT NOT NULL,
  metadata TEXT NOT NULL,
  promoted TEXT NOT NULL,
  UNIQUE (run_id, scheduled_at, scanner, kind)
);
${RUN_FENCES_SQL}
PRAGMA application_id = ${JOURNAL_APPLICATION_ID};
PRAGMA user_version = ${JOURNAL_SCHEMA_VERSION};
`;
