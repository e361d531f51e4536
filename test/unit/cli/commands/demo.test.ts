// `scanwright demo`: generating the demo market and its universe file, --if-empty, a store that
// already holds bars, an in-memory store (no universe file anywhere), SCANWRIGHT_STORE, bad counts.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerDemoCommand } from "../../../../src/cli/commands/demo.js";
import { runCaptured } from "../../../helpers/cli-capture.js";

describe("scanwright demo", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scanwright-demo-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("generates the market, writes the universe file and summarizes the store", async () => {
    const store = join(dir, "bars.db");
    const result = await runCaptured(
      ["demo", "--symbols", "3", "--days", "2", "--seed", "5", "--store", store],
      [registerDemoCommand],
    );
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    // The two trading days ending 2024-12-31 are 12-30 and 12-31 (full sessions), after 260 days of daily history: 3 × 262 daily bars.
    expect(result.stdout).toContain(
      "Demo market (seed 5): 3 symbols, 1m bars on 2 trading days 2024-12-30 → 2024-12-31, daily history from 2023-12-15.",
    );
    expect(result.stdout).toContain(`Wrote 2,340 1m and 786 1d bars to ${store}`);
    expect(result.stdout).toContain("  1m        3 symbols        2,340 bars  2024-12-30 → 2024-12-31");
    const universe = readFileSync(join(dir, "demo-universe.txt"), "utf8").trim().split("\n");
    expect(universe[0]).toBe("# scanwright demo market, seed 5: 3 symbols");
    expect(universe).toHaveLength(4);
  });

  it("leaves a non-empty store alone with --if-empty", async () => {
    const store = join(dir, "bars.db");
    await runCaptured(["demo", "--symbols", "2", "--days", "1", "--store", store], [registerDemoCommand]);
    const again = await runCaptured(
      ["demo", "--if-empty", "--symbols", "9", "--store", store],
      [registerDemoCommand],
    );
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`Store ${store} already holds bars; not generating the demo market.`);
    expect(again.stdout).toContain("  1m        2 symbols          780 bars  2024-12-31 → 2024-12-31");
  });

  it("adds to a store that already holds bars without --if-empty, and says so", async () => {
    const store = join(dir, "bars.db");
    await runCaptured(["demo", "--symbols", "2", "--days", "1", "--store", store], [registerDemoCommand]);
    const again = await runCaptured(
      ["demo", "--symbols", "3", "--days", "1", "--store", store],
      [registerDemoCommand],
    );
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(
      [
        `Store ${store} already holds bars; adding the demo market to it (--if-empty leaves such a store as it is).`,
        "Demo market (seed 7): 3 symbols, 1m bars on 1 trading day 2024-12-31 → 2024-12-31, daily history from 2023-12-18.",
        `Wrote 390 new 1m and 261 new 1d bars to ${store}; universe file ${join(dir, "demo-universe.txt")}.`,
        `Store ${store}, trading dates of XNYS (America/New_York):`,
        "  1d        3 symbols          783 bars  2023-12-18 → 2024-12-31",
        "  1m        3 symbols        1,170 bars  2024-12-31 → 2024-12-31",
        "",
      ].join("\n"),
    );
  });

  it("writes no universe file for an in-memory store, and says so", async () => {
    const result = await runCaptured(
      ["demo", "--symbols", "1", "--days", "1", "--store", ":memory:"],
      [registerDemoCommand],
      { cwd: dir },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "Wrote 390 1m and 261 1d bars to :memory:; no universe file (the store is in memory).\n",
    );
    // Neither the command's working directory nor the process's gets a universe file.
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(process.cwd(), "demo-universe.txt"))).toBe(false);
  });

  it("uses SCANWRIGHT_STORE when no flag is given", async () => {
    const store = join(dir, "env.db");
    const result = await runCaptured(["demo", "--symbols", "1", "--days", "1"], [registerDemoCommand], {
      env: { SCANWRIGHT_STORE: store },
      cwd: dir,
    });
    expect(result.exitCode).toBe(0);
    expect(existsSync(store)).toBe(true);
  });

  it("rejects a bad count with exit code 2 and one clear line", async () => {
    const result = await runCaptured(
      ["demo", "--symbols", "lots", "--store", join(dir, "x.db")],
      [registerDemoCommand],
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'error SCN_ERR_USAGE: --symbols must be a whole number from 1 to 20000, got "lots"\n',
    );
    expect(existsSync(join(dir, "x.db"))).toBe(false);
  });
});
