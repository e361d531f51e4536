// The port every journal table talks through: the SQL of runs, rows, outbox, feed status and scores
// is written once, with `?` parameters and double-quoted camelCase aliases (both backends read
// them alike), and runs on SQLite (journal-sql-sqlite.ts) or PostgreSQL (journal-sql-pg.ts).
// The few things the two dialects spell differently are methods here (JSON arrays, whether a
// table exists), so no caller branches on the backend for SQL text.

export type JournalDialect = "sqlite" | "postgres";

export interface JournalSql {
  readonly dialect: JournalDialect;
  /** How messages name the journal: the file path, or the URL without its password. */
  readonly location: string;
  readonly isOpen: boolean;
  /** The rows of a read (`?` parameters). */
  all<T>(sql: string, params?: readonly unknown[]): T[];
  /** The first row of a read, `undefined` when there is none. */
  get<T>(sql: string, params?: readonly unknown[]): T | undefined;
  /** Runs a write; returns the rows it changed. */
  run(sql: string, params?: readonly unknown[]): number;
  /**
   * Inserts `rows` (each `width` values) with `INSERT INTO target VALUES (…) tail`, in as few
   * round trips as the backend needs; returns how many rows were inserted (a row the tail's
   * ON CONFLICT DO NOTHING skipped is not counted). Call inside `transaction`.
   */
  insertMany(target: string, width: number, rows: readonly (readonly unknown[])[], tail?: string): number;
  /** Runs `fn` in one write transaction (taking the write lock first): all of it commits or none. */
  transaction<T>(fn: () => T): T;
  /** Whether table `name` exists (tables created on first use, on SQLite). */
  hasTable(name: string): boolean;
  /** A FROM item listing the elements of the JSON string array `expr` as rows `json_each.value`. */
  jsonEach(expr: string): string;
  /** The length of the JSON array `expr`. */
  jsonLength(expr: string): string;
  /** Runs DDL that only SQLite needs at open (PostgreSQL's tables come from its migrations). */
  ensureSqliteSchema(sql: string): void;
  close(): void;
}
