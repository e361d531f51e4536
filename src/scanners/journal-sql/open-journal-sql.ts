// Opens the journal port a location names: a PostgreSQL URL gives the server (migrated, or checked
// when read only), anything else the SQLite file (or `:memory:`). The one place that picks the
// journal's backend.

import type { PgConnectionOptions } from "../../data/pg/pg-connection.js";
import { isPostgresUrl } from "../../data/pg/pg-url.js";
import type { SqliteFileLimits } from "../../data/sqlite-file.js";
import { DEFAULT_JOURNAL_BUSY_TIMEOUT_MS } from "../journal-open.js";
import type { JournalSql } from "./journal-sql.js";
import { PgJournalSql } from "./journal-sql-pg.js";
import { SqliteJournalSql } from "./journal-sql-sqlite.js";

export interface OpenJournalSqlOptions extends SqliteFileLimits, PgConnectionOptions {
  /** How long a SQLite write waits for another connection's lock (default 5000). */
  readonly busyTimeoutMs?: number;
}

export function openJournalSql(location: string, options: OpenJournalSqlOptions = {}): JournalSql {
  if (isPostgresUrl(location)) return PgJournalSql.open(location, options);
  return SqliteJournalSql.open(location, options.busyTimeoutMs ?? DEFAULT_JOURNAL_BUSY_TIMEOUT_MS, options);
}
