// The bar store contract on PostgreSQL: a fresh database (random name) per test, dropped after it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { createTestDatabase, probePostgres, type TestDatabase } from "../helpers/postgres.js";
import { describeBarStoreContract } from "./bar-store-contract.js";

const server = await probePostgres();
let database: TestDatabase | undefined;
let folder: string | undefined;

describe.runIf(server)("on PostgreSQL", () => {
  describeBarStoreContract({
    name: "PostgreSQL",
    async freshLocation() {
      folder = mkdtempSync(join(tmpdir(), "scanwright-store-contract-"));
      database = await createTestDatabase(server as NonNullable<typeof server>);
      return database.url;
    },
    scratchDir: () => folder as string,
    async cleanup() {
      await database?.drop();
      if (folder) rmSync(folder, { recursive: true, force: true });
      database = undefined;
      folder = undefined;
    },
  });
});
