// Versioned, idempotent migrations on PostgreSQL: a new database is brought to the current
// version once, a second open changes nothing, an older schema is upgraded step by step, and a
// newer one (or none, when opening read-only) is refused with a message saying what to do.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/core/errors.js";
import { PgConnection } from "../../../src/data/pg/pg-connection.js";
import { migrate, type PgMigration } from "../../../src/data/pg/pg-migrations.js";
import { PG_STORE_MIGRATIONS } from "../../../src/data/pg/pg-store-schema.js";
import { PgBarStore } from "../../../src/data/pg-bar-store.js";
import { createTestDatabase, probePostgres, sqlOn, type TestDatabase } from "../../helpers/postgres.js";
import { thrown } from "../../helpers/thrown.js";

const server = await probePostgres();

describe.runIf(server)("PostgreSQL schema migrations", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(server as NonNullable<typeof server>);
  });
  afterEach(async () => {
    await database.drop();
  });

  it("brings a new database to the current version once; opening again changes nothing", async () => {
    PgBarStore.open(database.url).close();
    const first = await sqlOn(database.url, "SELECT component, version, migrated_at FROM scanwright_schema");
    PgBarStore.open(database.url).close();
    const second = await sqlOn(database.url, "SELECT component, version, migrated_at FROM scanwright_schema");
    expect(first.map(({ component, version }) => ({ component, version }))).toEqual([
      { component: "bar_store", version: PG_STORE_MIGRATIONS.length },
    ]);
    expect(second).toEqual(first);
  });

  it("upgrades an older schema step by step, applying only the missing migrations", () => {
    const steps: PgMigration[] = [
      { version: 1, sql: "CREATE TABLE widgets (id integer PRIMARY KEY)" },
      { version: 2, sql: "ALTER TABLE widgets ADD COLUMN name text NOT NULL DEFAULT 'w'" },
      { version: 3, sql: "CREATE INDEX widgets_name ON widgets (name)" },
    ];
    const connection = PgConnection.open("Widgets", database.url);
    try {
      expect(migrate(connection, "Widgets", "widgets", steps.slice(0, 1))).toBe(0);
      connection.execute("INSERT INTO widgets (id) VALUES (7)");
      expect(migrate(connection, "Widgets", "widgets", steps)).toBe(1);
      expect(migrate(connection, "Widgets", "widgets", steps)).toBe(3);
      expect(connection.query("SELECT id, name FROM widgets")).toEqual([{ id: 7, name: "w" }]);
      expect(connection.query("SELECT version FROM scanwright_schema WHERE component = 'widgets'")).toEqual([
        { version: 3 },
      ]);
    } finally {
      connection.close();
    }
  });

  it("refuses a schema newer than this scanwright knows, and a read-only open of a database without one", async () => {
    PgBarStore.open(database.url).close();
    await sqlOn(database.url, "UPDATE scanwright_schema SET version = 99 WHERE component = 'bar_store'");
    const newer = thrown(() => PgBarStore.open(database.url));
    expect(newer).toBeInstanceOf(StoreError);
    expect(newer.message).toBe(
      `Bar store ${database.url} has schema version 99; this scanwright knows up to version 1: upgrade scanwright`,
    );

    await sqlOn(database.url, "DROP TABLE scanwright_schema, bar_chunks, bar_series");
    const none = thrown(() => PgBarStore.open(database.url, { readOnly: true }));
    expect(none.message).toBe(
      `Bar store ${database.url} holds no scanwright schema; this scanwright reads version 1; open it once for writing (scanwright import) to migrate it`,
    );
    expect(await sqlOn(database.url, "SELECT to_regclass('scanwright_schema') AS name")).toEqual([
      { name: null },
    ]);
  });

  it("a read-only store reads and refuses writes", () => {
    PgBarStore.open(database.url).close();
    const store = PgBarStore.open(database.url, { readOnly: true });
    try {
      expect(store.isEmpty()).toBe(true);
      const error = thrown(() =>
        store.insertBars("SPY", "1d", {
          length: 1,
          time: new Float64Array([0]),
          open: new Float64Array([1]),
          high: new Float64Array([1]),
          low: new Float64Array([1]),
          close: new Float64Array([1]),
          volume: new Float64Array([1]),
        }),
      );
      expect(error.message).toBe(`Bar store ${database.url} cannot be written: it was opened read-only`);
    } finally {
      store.close();
    }
  });
});
