// The bar store contract on the embedded backend: a SQLite file in a temp folder per test.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeBarStoreContract } from "./bar-store-contract.js";

let folder: string | undefined;

describeBarStoreContract({
  name: "SQLite",
  async freshLocation() {
    folder = mkdtempSync(join(tmpdir(), "scanwright-store-contract-"));
    return join(folder, "bars.db");
  },
  scratchDir: () => folder as string,
  async cleanup() {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  },
});
