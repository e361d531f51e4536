// Versioned, idempotent schema migrations on PostgreSQL. `scanwright_schema` holds one row per
// component (`bar_store`, later the journal) with the version its tables are at. Opening applies
// the missing migrations in order, in one transaction under an advisory lock (two processes
// opening a new database at once migrate it once); a database at a version newer than this
// scanwright knows is refused, never read with the wrong layout.

import { StoreError } from "../../core/errors.js";
import type { PgConnection } from "./pg-connection.js";

export interface PgMigration {
  /** 1, 2, …: the version the database is at after this migration. */
  readonly version: number;
  readonly sql: string;
}

/** Any fixed key: the one advisory lock every scanwright migration takes. */
const MIGRATION_LOCK_KEY = 0x53434e57;

const VERSION_TABLE_SQL = `CREATE TABLE IF NOT EXISTS scanwright_schema (
  component text PRIMARY KEY,
  version integer NOT NULL,
  migrated_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings `component` up to the last of `migrations` (ascending versions 1, 2, …); returns the
 * version it was at before (0 for a new database). With `readOnly`, nothing is written: a
 * database that is not at the last version is refused.
 */
export function migrate(
  connection: PgConnection,
  label: string,
  component: string,
  migrations: readonly PgMigration[],
  readOnly = false,
): number {
  const latest = migrations.length;
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`${component} migrations are not numbered 1..n`);
  });
  if (readOnly) {
    const version = readVersion(connection, component, true);
    if (version !== latest) throw versionError(connection, label, version, latest, true);
    return version;
  }
  return connection.transaction(() => {
    connection.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY], "cannot be migrated");
    connection.execute(VERSION_TABLE_SQL, [], "cannot be migrated");
    const version = readVersion(connection, component, false);
    if (version > latest) throw versionError(connection, label, version, latest, false);
    for (const migration of migrations.slice(version))
      connection.execute(migration.sql, [], "cannot be migrated");
    if (version < latest) {
      connection.execute(
        `INSERT INTO scanwright_schema (component, version) VALUES ($1, $2)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = now()`,
        [component, latest],
        "cannot be migrated",
      );
    }
    return version;
  });
}

function readVersion(connection: PgConnection, component: string, readOnly: boolean): number {
  if (readOnly) {
    const [table] = connection.query<{ name: string | null }>(
      "SELECT to_regclass('scanwright_schema')::text AS name",
    );
    if (table?.name == null) return 0;
  }
  const [row] = connection.query<{ version: number }>(
    "SELECT version FROM scanwright_schema WHERE component = $1",
    [component],
  );
  return row?.version ?? 0;
}

function versionError(
  connection: PgConnection,
  label: string,
  version: number,
  latest: number,
  readOnly: boolean,
): StoreError {
  const where = `${label} ${connection.location}`;
  if (version > latest) {
    return new StoreError(
      `${where} has schema version ${version}; this scanwright knows up to version ${latest}: upgrade scanwright`,
    );
  }
  const state = version === 0 ? "holds no scanwright schema" : `has schema version ${version}`;
  const fix = readOnly ? "; open it once for writing (scanwright import) to migrate it" : "";
  return new StoreError(`${where} ${state}; this scanwright reads version ${latest}${fix}`);
}
