// The PostgreSQL layout of the bar store: the twin of store-schema.ts. `bar_series` names each
// (symbol, interval) and keeps its coverage; `bar_chunks` holds the packed chunk blobs
// (bar-chunk.ts), which do not compress, so they are stored out of line without pglz.

import type { PgMigration } from "./pg-migrations.js";

export const PG_STORE_COMPONENT = "bar_store";

export const PG_STORE_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE bar_series (
  id bigserial PRIMARY KEY,
  symbol text NOT NULL,
  interval text NOT NULL,
  chunk_span_ms bigint NOT NULL,
  bar_count bigint NOT NULL DEFAULT 0,
  first_time bigint,
  last_time bigint,
  UNIQUE (symbol, interval)
);
CREATE TABLE bar_chunks (
  series_id bigint NOT NULL REFERENCES bar_series (id),
  start_time bigint NOT NULL,
  bar_count integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (series_id, start_time)
);
ALTER TABLE bar_chunks ALTER COLUMN data SET STORAGE EXTERNAL;`,
  },
];
