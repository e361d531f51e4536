// The PostgreSQL server of the tests: 127.0.0.1:5432 with trust auth (started by the machine, or by
// .ci/run). Each test file gets a fresh database with a random name, dropped afterwards.
//
// No server: under CI (CI=true) every PostgreSQL test file fails with one line saying how to
// provide one; elsewhere the files are skipped with a visible notice.

import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_HOST = "127.0.0.1";
export const PG_PORT = 5432;
const ADMIN_USERS = ["postgres", "root"];

export interface PostgresServer {
  /** The user that logged in (`postgres` or `root`, whichever the server knows). */
  readonly user: string;
}

export interface TestDatabase {
  /** `postgres://user@127.0.0.1:5432/<random>` */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export const NO_POSTGRES_MESSAGE =
  `No PostgreSQL server answers on ${PG_HOST}:${PG_PORT} (trust auth, user postgres or root): ` +
  "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (.ci/run does)";

/** The server the tests use, or `undefined` (with the notice printed) when there is none outside CI. */
export async function probePostgres(): Promise<PostgresServer | undefined> {
  for (const user of ADMIN_USERS) {
    const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user, database: "postgres" });
    try {
      await client.connect();
      await client.end();
      return { user };
    } catch {
      // Try the next user name; none answering is reported below.
      await client.end().catch(() => undefined);
    }
  }
  if (process.env.CI) throw new Error(NO_POSTGRES_MESSAGE);
  console.warn(`SKIPPED (not in CI): ${NO_POSTGRES_MESSAGE}`);
  return undefined;
}

/** A URL of the server with `database`. */
export function urlOf(server: PostgresServer, database: string, port = PG_PORT): string {
  return `postgres://${server.user}@${PG_HOST}:${port}/${database}`;
}

/** Creates an empty database with a random name. */
export async function createTestDatabase(
  server: PostgresServer,
  prefix = "scanwright_test",
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await admin(server, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: urlOf(server, name),
    drop: () =>
      admin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/** Runs `sql` on the database `url` names, on a connection of its own. */
export async function sqlOn<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function admin<T>(server: PostgresServer, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: server.user, database: "postgres" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
