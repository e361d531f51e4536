// The journal port on a SQLite file (better-sqlite3): statements prepared once per SQL text, write
// transactions taken IMMEDIATE (the write lock first, so two processes never deadlock upgrading a
// read), SQLite failures turned into StoreErrors naming the file. Before every write it checks that
// the file at the path is still the one opened: SQLite would go on writing into a deleted or
// replaced file, and the rows would be gone while the run reports complete.

import { statSync, unlinkSync } from "node:fs";
import Database from "better-sqlite3";
import { StoreError } from "../../core/errors.js";
import type { SqliteFileLimits } from "../../data/sqlite-file.js";
import { journalStoreError, openJournalDatabase } from "../journal-open.js";
import type { JournalSql } from "./journal-sql.js";

/** Rows per multi-row INSERT: well under SQLite's 32766 parameters for the widest journal row. */
const ROWS_PER_INSERT = 200;

/** A multi-row INSERT and the array its values are bound from. */
interface PreparedInsert {
  readonly statement: Database.Statement<unknown[]>;
  readonly values: unknown[];
}

export class SqliteJournalSql implements JournalSql {
  readonly dialect = "sqlite";
  readonly location: string;
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  private readonly inserts = new Map<string, PreparedInsert>();
  /** Device and inode of the file opened (`undefined` in memory): writes check it is still there. */
  private readonly fileId: string | undefined;
  /** Identities of the `-wal` and `-shm` files this connection uses, by path. */
  private readonly walFileIds: ReadonlyMap<string, string | undefined>;
  private depth = 0;

  private constructor(
    private readonly path: string,
    private readonly db: Database.Database,
  ) {
    this.location = path;
    this.fileId = path === ":memory:" ? undefined : fileIdOf(path);
    this.walFileIds = new Map(
      path === ":memory:"
        ? []
        : [`${path}-wal`, `${path}-shm`].map((file) => [file, fileIdOf(file)] as const),
    );
  }

  /** Opens (creating if needed) the journal file at `path` (see journal-open.ts). */
  static open(path: string, busyTimeoutMs: number, limits: SqliteFileLimits = {}): SqliteJournalSql {
    return new SqliteJournalSql(path, openJournalDatabase(path, busyTimeoutMs, limits));
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  all<T>(sql: string, params: readonly unknown[] = []): T[] {
    return this.guard("cannot be read", () => this.statement(sql).all(...params) as T[]);
  }

  get<T>(sql: string, params: readonly unknown[] = []): T | undefined {
    return this.guard("cannot be read", () => this.statement(sql).get(...params) as T | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): number {
    return this.write(this.statement(sql), params);
  }

  insertMany(target: string, width: number, rows: readonly (readonly unknown[])[], tail = ""): number {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const count = Math.min(ROWS_PER_INSERT, rows.length - start);
      const insert = this.insertStatement(target, width, count, tail);
      const values = insert.values;
      for (let row = 0; row < count; row++) {
        const source = rows[start + row];
        const base = row * width;
        for (let column = 0; column < width; column++) values[base + column] = source[column];
      }
      inserted += this.write(insert.statement, values);
    }
    return inserted;
  }

  /**
   * The prepared INSERT of `count` rows of `width` values into `target`, with the array its values
   * are bound from (reused: a write of millions of rows, an evaluate's scores, builds neither SQL
   * text nor parameter arrays per statement). Keyed without the SQL text, which for a full
   * statement is thousands of characters to build and hash.
   */
  private insertStatement(target: string, width: number, count: number, tail: string): PreparedInsert {
    const key = `${target}\n${width}\n${count}\n${tail}`;
    let insert = this.inserts.get(key);
    if (insert === undefined) {
      const placeholders = `(${new Array(width).fill("?").join(", ")})`;
      const sql = `INSERT INTO ${target} VALUES ${new Array(count).fill(placeholders).join(", ")} ${tail}`;
      insert = { statement: this.statement(sql), values: new Array(count * width) };
      this.inserts.set(key, insert);
    }
    return insert;
  }

  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.assertSameFile();
    return this.guard("cannot be written", () =>
      this.db
        .transaction(() => {
          this.depth++;
          try {
            return fn();
          } finally {
            this.depth--;
          }
        })
        .immediate(),
    );
  }

  hasTable(name: string): boolean {
    return this.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) !== undefined;
  }

  jsonEach(expr: string): string {
    return `json_each(${expr})`;
  }

  jsonLength(expr: string): string {
    return `json_array_length(${expr})`;
  }

  ensureSqliteSchema(sql: string): void {
    this.guard("cannot be opened", () => this.db.exec(sql));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs a writing statement (checking first, outside a transaction, that the file is still the one opened); the rows it changed. */
  private write(statement: Database.Statement<unknown[]>, params: readonly unknown[]): number {
    if (this.depth === 0) this.assertSameFile();
    return this.guard("cannot be written", () => statement.run(...params).changes);
  }

  private statement(sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private guard<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw error instanceof Database.SqliteError ? journalStoreError(this.path, action, error) : error;
    }
  }

  private assertSameFile(): void {
    if (this.fileId === undefined) return;
    const now = fileIdOf(this.path);
    if (now === this.fileId) return;
    // This connection's WAL files still sit at the path: left there, SQLite would read (and later
    // checkpoint) this file's pages into whatever file now has the name. They go with the old file.
    for (const [file, id] of this.walFileIds) {
      if (id !== undefined && fileIdOf(file) === id) unlinkSync(file);
    }
    throw new StoreError(
      `Scan journal "${this.path}" was ${now === undefined ? "deleted" : "replaced by another file"} while open: ` +
        "rows written since then are not in the file at that path (restore it, or start over with a new journal)",
      { location: { file: this.path } },
    );
  }
}

/** The identity (device and inode) of the file at `path`; `undefined` when there is none. */
function fileIdOf(path: string): string | undefined {
  try {
    const stats = statSync(path, { bigint: true });
    return `${stats.dev}:${stats.ino}`;
  } catch {
    // No file at the path (deleted or moved away) is an answer here, not an error.
    return undefined;
  }
}
