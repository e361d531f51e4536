// The scan journal contract on PostgreSQL: a fresh database (random name) per test, dropped after it.

import { describe } from "vitest";
import { createTestDatabase, probePostgres, type TestDatabase } from "../helpers/postgres.js";
import { describeJournalContract } from "./journal-contract.js";

const server = await probePostgres();
let database: TestDatabase | undefined;

describe.runIf(server)("on PostgreSQL", () => {
  describeJournalContract({
    name: "PostgreSQL",
    async freshLocation() {
      database = await createTestDatabase(server as NonNullable<typeof server>);
      return database.url;
    },
    async cleanup() {
      await database?.drop();
      database = undefined;
    },
  });
});
