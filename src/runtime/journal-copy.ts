// Copies a whole scan journal into another (SQLite ↔ PostgreSQL, or file to file): runs, scan
// rows, the alerts outbox, stale-feed marks and scores, ids kept (rows, alerts and scores refer
// to runs by id), and proves the copy: per table the target must hold as many rows as the source
// and the same SHA-256 of them (each row's values as JSON, in key order). Everything is written in
// ONE transaction of the target, verified before it commits: a failed or unverified copy leaves
// the target as it was. The target must hold no runs yet: merging two journals would renumber runs.

import { createHash } from "node:crypto";
import { StoreError } from "../core/errors.js";
import { ALERT_SCHEMA_SQL } from "../scanners/alert-schema.js";
import { FEED_STATUS_SQL } from "../scanners/feed-status.js";
import type { JournalSql } from "../scanners/journal-sql/journal-sql.js";
import { SCORE_SCHEMA_SQL } from "../scoring/score-table.js";

interface TableSpec {
  readonly name: string;
  readonly columns: readonly string[];
  /** The table's key, the order rows are read, written and hashed in. */
  readonly order: string;
  /** Whether its ids come from a sequence PostgreSQL must move past the copied ids. */
  readonly serial: boolean;
  /** Whether a SQLite journal may lack it (tables created on first use). */
  readonly optional: boolean;
}

const TABLES: readonly TableSpec[] = [
  {
    name: "runs",
    columns: ["id", "name", "mode", "config_hash", "started_at", "finished_at", "status", "params"],
    order: "id",
    serial: true,
    optional: false,
  },
  {
    name: "scans",
    columns: [
      "id",
      "run_id",
      "scanner",
      "kind",
      "scheduled_at",
      "session_date",
      "started_at",
      "duration_ms",
      "status",
      "error",
      "universe_size",
      "symbols",
      "metadata",
      "promoted",
    ],
    order: "id",
    serial: true,
    optional: false,
  },
  {
    name: "alerts",
    columns: [
      "id",
      "run_id",
      "scanner",
      "kind",
      "scheduled_at",
      "session_date",
      "channel",
      "idempotency_key",
      "status",
      "attempts",
      "next_attempt_at",
      "last_error",
      "sent_at",
      "payload",
    ],
    order: "id",
    serial: true,
    optional: true,
  },
  {
    name: "feed_status",
    columns: ["run_id", "scheduled_at", "session_date", "status", "since"],
    order: "run_id, scheduled_at",
    serial: false,
    optional: true,
  },
  {
    name: "run_fences",
    columns: ["run_id", "token"],
    order: "run_id",
    serial: false,
    // A journal of layout 1 opened read only has none.
    optional: true,
  },
  {
    name: "score_runs",
    columns: ["run_id", "entry_rule", "horizons", "scanners", "hits"],
    order: "run_id",
    serial: false,
    optional: true,
  },
  {
    name: "scores",
    columns: [
      "run_id",
      "scanner",
      "scheduled_at",
      "symbol",
      "horizon",
      "session_date",
      "entry_price",
      "entry_at",
      "return_pct",
      "mfe_pct",
      "mae_pct",
      "baseline_pct",
      "baseline_positive",
    ],
    order: "run_id, scheduled_at, scanner, symbol, horizon",
    serial: false,
    optional: true,
  },
  {
    name: "score_baselines",
    columns: [
      "run_id",
      "scanner",
      "scheduled_at",
      "horizon",
      "mean_return_pct",
      "positive_share",
      "mean_mfe_pct",
      "mean_mae_pct",
      "counted",
      "nulls",
    ],
    order: "run_id, scanner, scheduled_at, horizon",
    serial: false,
    optional: true,
  },
];

/** Rows read from the source per step: bounds memory whatever the journal's size. */
const ROWS_PER_PAGE = 5_000;

export interface TableCopy {
  readonly table: string;
  readonly rows: number;
  /** Hex SHA-256 of the table's rows, equal in source and target. */
  readonly sha256: string;
}

export interface JournalCopyReport {
  readonly tables: readonly TableCopy[];
  readonly rows: number;
}

/**
 * Copies every table of the journal `from` into the empty journal `to` in one transaction, then
 * verifies counts and checksums before committing; a target with runs, or a mismatch, is a
 * StoreError (nothing written). `onProgress` hears rows done of rows in all.
 */
export function copyJournal(
  from: JournalSql,
  to: JournalSql,
  onProgress: (done: number, total: number) => void = () => {},
): JournalCopyReport {
  const tables = TABLES.filter((table) => !table.optional || from.hasTable(table.name));
  const counts = tables.map(
    (table) => from.get<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table.name}`)?.n ?? 0,
  );
  const total = counts.reduce((sum, n) => sum + n, 0);
  onProgress(0, total);
  return to.transaction(() => {
    to.ensureSqliteSchema(`${ALERT_SCHEMA_SQL}${FEED_STATUS_SQL}${SCORE_SCHEMA_SQL}`);
    const existing = to.get<{ n: number }>("SELECT CAST(count(*) AS INTEGER) AS n FROM runs")?.n ?? 0;
    if (existing > 0) {
      throw new StoreError(
        `Scan journal ${to.location} already holds ${existing} run(s): a journal is copied into an empty one only (run ids are kept)`,
      );
    }
    let done = 0;
    const copies: TableCopy[] = [];
    for (const [index, table] of tables.entries()) {
      const source = hashTable(from, table, (rows) => {
        to.insertMany(`${table.name} (${table.columns.join(", ")})`, table.columns.length, rows);
        done += rows.length;
        onProgress(done, total);
      });
      if (table.serial && to.dialect === "postgres" && source.rows > 0) {
        to.get(
          `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), (SELECT max(id) FROM ${table.name}))`,
        );
      }
      const target = hashTable(to, table);
      if (source.rows !== counts[index] || target.rows !== source.rows || target.sha256 !== source.sha256) {
        throw new StoreError(
          `Copy of the journal table ${table.name} from ${from.location} to ${to.location} does not verify: ` +
            `source ${source.rows} rows (sha256 ${source.sha256.slice(0, 12)}…), target ${target.rows} rows ` +
            `(sha256 ${target.sha256.slice(0, 12)}…); nothing was written`,
        );
      }
      copies.push({ table: table.name, rows: source.rows, sha256: source.sha256 });
    }
    return { tables: copies, rows: total };
  });
}

/** Reads `table` page by page in key order, hashing every row (and handing each page to `onPage`). */
function hashTable(
  sql: JournalSql,
  table: TableSpec,
  onPage: (rows: unknown[][]) => void = () => {},
): { rows: number; sha256: string } {
  const hash = createHash("sha256");
  const select = `SELECT ${table.columns.join(", ")} FROM ${table.name} ORDER BY ${table.order} LIMIT ? OFFSET ?`;
  let rows = 0;
  for (;;) {
    const page = sql.all<Record<string, unknown>>(select, [ROWS_PER_PAGE, rows]);
    if (page.length === 0) break;
    const values = page.map((row) => table.columns.map((column) => row[column]));
    for (const row of values) hash.update(`${JSON.stringify(row)}\n`);
    onPage(values);
    rows += page.length;
    if (page.length < ROWS_PER_PAGE) break;
  }
  return { rows, sha256: hash.digest("hex") };
}
