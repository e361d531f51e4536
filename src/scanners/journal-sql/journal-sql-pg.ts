// The journal port on a PostgreSQL server, over the synchronous connection of the bar store
// (data/pg/pg-connection.ts: the `pg` client in a worker thread). `?` parameters become `$1…`;
// a read is retried on a new connection when the connection drops (within the connection's
// bound), a write runs in a transaction, retried whole unless its COMMIT was lost after the
// server committed it (PgConnection.transaction looks the outcome up: no write is replayed twice). Opening
// migrates the schema (pg-journal-schema.ts) under the migrations' advisory lock; read only, a
// database not at the current version is refused instead.

import { PgConnection, type PgConnectionOptions } from "../../data/pg/pg-connection.js";
import { migrate } from "../../data/pg/pg-migrations.js";
import type { JournalSql } from "./journal-sql.js";
import { PG_JOURNAL_COMPONENT, PG_JOURNAL_MIGRATIONS } from "./pg-journal-schema.js";

export const PG_JOURNAL_LABEL = "Scan journal";
/** PostgreSQL takes at most 65535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

export class PgJournalSql implements JournalSql {
  readonly dialect = "postgres";
  readonly location: string;
  private readonly converted = new Map<string, string>();

  private constructor(private readonly connection: PgConnection) {
    this.location = connection.location;
  }

  /** Connects to the journal at `url` and migrates it (checks it, with `readOnly`). */
  static open(url: string, options: PgConnectionOptions = {}): PgJournalSql {
    const connection = PgConnection.open(PG_JOURNAL_LABEL, url, options);
    try {
      migrate(connection, PG_JOURNAL_LABEL, PG_JOURNAL_COMPONENT, PG_JOURNAL_MIGRATIONS, options.readOnly);
    } catch (error) {
      connection.close();
      throw error;
    }
    return new PgJournalSql(connection);
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  all<T>(sql: string, params: readonly unknown[] = []): T[] {
    const text = this.convert(sql);
    return this.connection.retrying(() => this.connection.query<T>(text, params));
  }

  get<T>(sql: string, params: readonly unknown[] = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  /**
   * A write outside a transaction runs in one of its own, so a connection lost while it commits is
   * looked up on the server instead of replayed blindly (PgConnection.transaction).
   */
  run(sql: string, params: readonly unknown[] = []): number {
    const text = this.convert(sql);
    if (this.connection.transactionDepth > 0) return this.connection.execute(text, params);
    return this.connection.transaction(() => this.connection.execute(text, params));
  }

  insertMany(target: string, width: number, rows: readonly (readonly unknown[])[], tail = ""): number {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / width));
    let inserted = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const slice = rows.slice(start, start + perStatement);
      const values = slice.map((_, row) => {
        const base = row * width;
        return `(${Array.from({ length: width }, (_, column) => `$${base + column + 1}`).join(", ")})`;
      });
      const sql = `INSERT INTO ${target} VALUES ${values.join(", ")} ${tail}`;
      inserted += this.connection.execute(sql, slice.flat());
    }
    return inserted;
  }

  transaction<T>(fn: () => T): T {
    return this.connection.transaction(fn);
  }

  hasTable(name: string): boolean {
    return this.get("SELECT 1 AS one WHERE to_regclass(?) IS NOT NULL", [name]) !== undefined;
  }

  jsonEach(expr: string): string {
    return `jsonb_array_elements_text((${expr})::jsonb) AS json_each(value)`;
  }

  jsonLength(expr: string): string {
    return `jsonb_array_length((${expr})::jsonb)`;
  }

  ensureSqliteSchema(): void {
    // The migrations created every table.
  }

  close(): void {
    this.connection.close();
  }

  /** `sql` with its `?` parameters numbered `$1…` (none of the journal's SQL has `?` in a literal). */
  private convert(sql: string): string {
    let text = this.converted.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      this.converted.set(sql, text);
    }
    return text;
  }
}
