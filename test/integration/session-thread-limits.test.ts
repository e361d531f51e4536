// The session thread `scanwright run` starts (supervisor.ts) runs with the young generation the
// supervisor sets (SESSION_YOUNG_GENERATION_MB), not V8's default: a plugin on that thread reads
// its own thread's resource limits.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_YOUNG_GENERATION_MB } from "../../src/cli/supervisor.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildSmallStore, type SmallStore } from "../helpers/small-store.js";

const PLUGIN = fileURLToPath(
  new URL("../fixtures/configs/plugins/thread-limits-scanner.js", import.meta.url),
);

describe("the session thread of scanwright run", () => {
  let store: SmallStore;
  beforeAll(() => {
    store = buildSmallStore([["AAA", "1m", "2024-11-25", "09:30"]]);
  });
  afterAll(() => store?.dispose());

  it("runs the hooks with a 12 MB young generation", async () => {
    writeFileSync(
      join(store.dir, "limits.yaml"),
      [
        "name: limits",
        "backtest: { start: 2024-11-25, end: 2024-11-25 }",
        "store: bars.db",
        "session_data:",
        "  scanners:",
        "    - name: limits",
        `      plugin: ${PLUGIN}`,
        "      universe: [AAA]",
        '      cron: "0 10 * * 1-5"',
        "",
      ].join("\n"),
    );
    const result = await runBuiltCli(["run", "limits.yaml", "--no-edge"], store.dir);
    expect(result.exitCode).toBe(0);
    expect(SESSION_YOUNG_GENERATION_MB).toBe(12);
    expect(result.stderr).toBe("young generation 12 MB\n");
  });
});
