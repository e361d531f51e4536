// A sweep under the supervisor, through the built CLI: a plugin that blocks its thread at a slot
// (a synchronous spin) in the first combination gets its thread terminated and the session
// restarted; the restart resumes that combination's run (not a new one) and the sweep goes on.
// A hook the supervisor abandoned is keyed by its run: the later combinations (runs of their own)
// run that slot normally, each blocking there once in turn (every combination has its own marker).

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
      // Three restarts: every combination blocks on the first day at 10:30, once.
      expect(
        result.stderr.match(/scanner "spin" regular blocked the session for \d+ ms \(limit 50 ms\)/g),
      ).toHaveLength(3);
      const journal = ScanJournal.open(join(dir, "journal.db"));
      try {
        const runs = journal.runs();
        expect(runs.map((run) => run.status)).toEqual(["completed", "completed", "completed"]);
        const regular = runs.map((run) =>
          journal.query({ run: run.id, kind: "regular" }).map((row) => `${row.sessionDate} ${row.status}`),
        );
        // In each combination's own run: the 10:30 slot of the first day abandoned (`timeout`), its
        // scanner out for the rest of that day (`disabled`), the second day run normally.
        const combination = [
          "2024-12-30 ok",
          "2024-12-30 timeout",
          "2024-12-30 disabled",
          "2024-12-31 ok",
          "2024-12-31 ok",
          "2024-12-31 ok",
        ];
        expect(regular).toEqual([combination, combination, combination]);
        // The abandoned hook's row names the supervisor's cut, in its own run only.
        expect(
          runs.map((run) =>
            journal
              .query({ run: run.id, kind: "regular", status: "timeout" })
              .map((row) => `${row.sessionDate} ${row.error?.slice(0, 27)}`),
          ),
        ).toEqual(Array(3).fill(["2024-12-30 did not finish within 50 ms"]));
      } finally {
        journal.close();
      }
      const lines = result.stdout.trim().split("\n");
      // The header once (the restarted sessions do not print it again), then one line each.
      expect(lines[0]).toMatch(/^Sweep "spin-sweep" of scanner "spin": 3 combinations, journal /);
      expect(lines.slice(1).map((line) => line.replace(/ marker=\S+:/, ":"))).toEqual([
        "[1/3]: run 1, 4 hits",
        "[2/3]: run 2, 4 hits",
        "[3/3]: run 3, 4 hits",
      ]);
      expect(markers.map((marker) => existsSync(marker))).toEqual([true, true, true]);
    },
    TIMEOUT_MS,
  );
});
