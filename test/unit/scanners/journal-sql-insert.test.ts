// The SQLite journal port's multi-row inserts (insertMany): statements of up to 200 rows, prepared
// once per (table, width, row count, tail) and bound from one reused array. Checked where reuse
// could go wrong: a write longer than one statement, a shorter last statement, a later write of
// other values and sizes through the same statements, tables of one width and of others, the tail's
// ON CONFLICT count, and a failing statement inside a transaction.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { SqliteJournalSql } from "../../../src/scanners/journal-sql/journal-sql-sqlite.js";
import { thrown } from "../../helpers/thrown.js";

type Row = [number, string, number | null];

function rowsFrom(first: number, count: number, tag: string): Row[] {
  return Array.from(
    { length: count },
    (_, i): Row => [first + i, `${tag}${first + i}`, i % 7 === 0 ? null : i / 4],
  );
}

describe("SqliteJournalSql.insertMany", () => {
  let dir: string;
  let sql: SqliteJournalSql;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-journal-insert-"));
    sql = SqliteJournalSql.open(join(dir, "journal.db"), 1_000);
    sql.ensureSqliteSchema(
      "CREATE TABLE t3 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value REAL); CREATE TABLE t2 (a INTEGER PRIMARY KEY, b TEXT); CREATE TABLE u2 (a INTEGER PRIMARY KEY, b TEXT);",
    );
  });
  afterEach(() => {
    sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const all3 = () =>
    sql.all<{ id: number; name: string; value: number | null }>("SELECT * FROM t3 ORDER BY id");

  it("writes every row of a write longer than one statement, then other rows and sizes through the same statements", () => {
    const first = rowsFrom(1, 450, "a"); // statements of 200, 200, 50
    const second = rowsFrom(1_001, 250, "b"); // 200 (reused, other values), 50 (reused)
    const third = rowsFrom(2_001, 3, "c"); // a new size
    expect(sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, first))).toBe(450);
    expect(sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, second))).toBe(250);
    expect(sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, third))).toBe(3);
    expect(
      sql.transaction(() =>
        sql.insertMany("t2 (a, b)", 2, [
          [7, "x"],
          [8, null],
        ]),
      ),
    ).toBe(2);
    expect(
      sql.transaction(() =>
        sql.insertMany("u2 (a, b)", 2, [
          [9, "y"],
          [10, "z"],
        ]),
      ),
    ).toBe(2);
    const expected = [...first, ...second, ...third].map(([id, name, value]) => ({ id, name, value }));
    expect(all3()).toEqual(expected);
    expect(sql.all("SELECT * FROM t2 ORDER BY a")).toEqual([
      { a: 7, b: "x" },
      { a: 8, b: null },
    ]);
    expect(sql.all("SELECT * FROM u2 ORDER BY a")).toEqual([
      { a: 9, b: "y" },
      { a: 10, b: "z" },
    ]);
  });

  it("counts only the rows the tail's ON CONFLICT DO NOTHING kept", () => {
    sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, rowsFrom(1, 10, "a")));
    const again = [...rowsFrom(5, 10, "b"), ...rowsFrom(300, 201, "c")]; // 6 clash, 205 new
    const kept = sql.transaction(() =>
      sql.insertMany("t3 (id, name, value)", 3, again, "ON CONFLICT (id) DO NOTHING"),
    );
    expect(kept).toBe(205);
    const rows = all3();
    expect(rows.length).toBe(215);
    expect(rows.find((row) => row.id === 5)?.name).toBe("a5");
    expect(rows.find((row) => row.id === 14)?.name).toBe("b14");
    expect(rows.at(-1)).toEqual({ id: 500, name: "c500", value: 50 });
  });

  it("a statement that fails leaves none of the transaction's rows, and the next write goes through whole", () => {
    sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, rowsFrom(1, 5, "a")));
    const clashing = [...rowsFrom(100, 250, "b"), [3, "again", 1] as Row]; // the second statement fails
    const caught = thrown(() => sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, clashing)));
    expect(caught).toBeInstanceOf(StoreError);
    expect(caught.message).toContain("UNIQUE constraint failed: t3.id");
    expect(all3().map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);
    expect(sql.transaction(() => sql.insertMany("t3 (id, name, value)", 3, rowsFrom(100, 250, "d")))).toBe(
      250,
    );
    expect(all3().length).toBe(255);
    expect(all3().at(-1)).toEqual({ id: 349, name: "d349", value: 249 / 4 });
  });
});
