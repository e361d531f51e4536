// A sweep under the supervisor, through the built CLI: a plugin that blocks its thread at a slot
// (a synchronous spin) in the first combination gets its thread terminated and the session
// restarted; the restart resumes that combination's run (not a new one) and the sweep goes on.
// A hook the supervisor abandoned stays abandoned for the rest of the command (the supervisor's
// list of abandoned hooks names no run): the later combinations journal that slot `timeout`
// without running it.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const SPIN_ONCE = fileURLToPath(new URL("../fixtures/plugins/faulty/spin-once.mjs", import.meta.url));
const TIMEOUT_MS = 240_000;

let demo: DemoStore;
let dir: string;

describe("a sweep under the supervisor", () => {
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 3, days: 3, historyDays: 5, seed: 3, lastDay: "2024-12-31" });
    dir = mkdtempSync(join(tmpdir(), "scanwright-sweep-supervision-"));
  }, 120_000);
  afterAll(() => {
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    "resumes the blocked combination's run after the restart and runs the others",
    async () => {
      const markers = [1, 2, 3].map((index) => join(dir, `spun-${index}`));
      const config = join(dir, "spin.yaml");
      writeFileSync(
        config,
        [
          "name: spin-sweep",
          "backtest: { start: 2024-12-30, end: 2024-12-31 }",
          `store: ${demo.path}`,
          `journal: ${join(dir, "journal.db")}`,
          "session_data:",
          "  scanners:",
          "    - name: spin",
          `      plugin: ${SPIN_ONCE}`,
          `      universe: [${demo.symbols[0]}]`,
          "      regular_session: [{ start: '10:00', end: '11:00', interval: 30m }]",
          "      timeout_seconds: 0.05",
          "      config: { spin_at: '10:30' }",
          "sweep:",
          "  scanner: spin",
          `  list: [${markers.map((marker) => `{ marker: ${JSON.stringify(marker)} }`).join(", ")}]`,
          "",
        ].join("\n"),
      );
      const result = await runBuiltCli(["run", config], dir);
      expect(result.exitCode).toBe(0);
      // Two restarts: combination 1 on the first day, combination 2 on the second.
      expect(
        result.stderr.match(/scanner "spin" regular blocked the session for \d+ ms \(limit 50 ms\)/g),
      ).toHaveLength(2);
      const journal = ScanJournal.open(join(dir, "journal.db"));
      try {
        const runs = journal.runs();
        expect(runs.map((run) => run.status)).toEqual(["completed", "completed", "completed"]);
        const regular = runs.map((run) =>
          journal.query({ run: run.id, kind: "regular" }).map((row) => `${row.sessionDate} ${row.status}`),
        );
        // An abandoned hook takes its scanner out for the rest of that day (`disabled`).
        const firstDayCut = ["2024-12-30 ok", "2024-12-30 timeout", "2024-12-30 disabled"];
        const secondDayCut = ["2024-12-31 ok", "2024-12-31 timeout", "2024-12-31 disabled"];
        expect(regular).toEqual([
          // Combination 1 blocked at 10:30 on the first day: restarted, resumed, then ran on.
          [...firstDayCut, "2024-12-31 ok", "2024-12-31 ok", "2024-12-31 ok"],
          // Combination 2 had that hook abandoned already, so it reached its own first spin on the
          // second day: a second restart resumed its run.
          [...firstDayCut, ...secondDayCut],
          // Combination 3 has both abandoned: it never spins.
          [...firstDayCut, ...secondDayCut],
        ]);
      } finally {
        journal.close();
      }
      const lines = result.stdout.trim().split("\n");
      // The header once (the restarted session does not print it again), then one line each.
      expect(lines[0]).toMatch(/^Sweep "spin-sweep" of scanner "spin": 3 combinations, journal /);
      expect(lines.slice(1).map((line) => line.replace(/ marker=\S+:/, ":"))).toEqual([
        "[1/3]: run 1, 4 hits",
        "[2/3]: run 2, 2 hits",
        "[3/3]: run 3, 2 hits",
      ]);
      expect(markers.map((marker) => existsSync(marker))).toEqual([true, true, false]);
    },
    TIMEOUT_MS,
  );
});
