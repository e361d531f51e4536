// The scan journal contract on the embedded backend: a SQLite file in a temp folder per test.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeJournalContract } from "./journal-contract.js";

let folder: string | undefined;

describeJournalContract({
  name: "SQLite",
  async freshLocation() {
    folder = mkdtempSync(join(tmpdir(), "scanwright-journal-contract-"));
    return join(folder, "journal.db");
  },
  async cleanup() {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  },
});
