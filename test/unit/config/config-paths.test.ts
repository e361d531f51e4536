import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfigPath, resolveJournalPath } from "../../../src/config/config-paths.js";

describe("resolveConfigPath", () => {
  it("takes relative paths from the config's folder and keeps absolute ones and :memory:", () => {
    expect(resolveConfigPath("/srv/configs", "plugins/gap.ts")).toBe("/srv/configs/plugins/gap.ts");
    expect(resolveConfigPath("/srv/configs", "../data/bars.db")).toBe("/srv/data/bars.db");
    expect(resolveConfigPath("/srv/configs", "/opt/gap.ts")).toBe("/opt/gap.ts");
    expect(resolveConfigPath("/srv/configs", ":memory:")).toBe(":memory:");
  });
});

describe("resolveJournalPath", () => {
  it("uses the config's journal when it names one", () => {
    expect(resolveJournalPath("/srv/journal.db", "/srv/data/bars.db", "/home/t")).toBe("/srv/journal.db");
  });

  it("puts journal.db beside the bar store otherwise", () => {
    expect(resolveJournalPath(undefined, "/srv/data/bars.db", "/home/t")).toBe("/srv/data/journal.db");
    expect(resolveJournalPath(undefined, join(".scanwright", "bars.db"), "/home/t")).toBe(
      join(".scanwright", "journal.db"),
    );
  });

  it("keeps an in-memory store's journal in memory", () => {
    expect(resolveJournalPath(undefined, ":memory:", "/home/t")).toBe(":memory:");
  });

  it("puts a PostgreSQL store's default journal in the command's working directory, not the process's", () => {
    const url = "postgres://scanwright@127.0.0.1:5432/bars";
    expect(resolveJournalPath(undefined, url, "/srv/desk")).toBe("/srv/desk/.scanwright/journal.db");
    expect(resolveJournalPath(undefined, url, "/srv/other")).toBe("/srv/other/.scanwright/journal.db");
  });
});
