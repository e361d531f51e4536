// Soak: the built daemon (`node --expose-gc dist/cli/main.js daemon … --replay-from … --speed …`)
// on a paced replay of 20 trading days at a high speed factor, with a plugin making random
// (seeded) adhoc calls at every slot (add session bars, indicators, history; remove symbols) next
// to a plain scanner. The journal holds exactly the expected slots (every one once, all `ok`, one
// setup and one teardown per scanner per day, none missed), no adhoc call failed, and the heap
// measured after a full GC at the same slot every day stays flat after the first days.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import type { ScannerTiming } from "../../src/scanners/scanner-spec.js";
import { scanSlotsBetween } from "../../src/scanners/scheduler.js";
import { parseSessionTime } from "../../src/time/session-time.js";
import { BUILT_CLI } from "../helpers/built-cli.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const SOAK = fileURLToPath(new URL("../fixtures/plugins/faulty/soak.mjs", import.meta.url));
const PLAIN = fileURLToPath(new URL("../fixtures/plugins/plain-scan.mjs", import.meta.url));
const DAYS = 20;

describe("soak: 20 replayed days with random adhoc calls", () => {
  let demo: DemoStore;
  let dir: string;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 8, days: DAYS, historyDays: 30 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-soak-"));
  });
  afterAll(() => {
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("journals exactly the expected slots, with no failed call and a flat heap", async () => {
    const days = demo.calendar.tradingDays("2024-01-01", "2024-12-31").slice(-DAYS);
    const config = join(dir, "soak.yaml");
    writeFileSync(
      config,
      [
        "name: soak",
        `backtest: { start: ${days[0]}, end: ${days[DAYS - 1]} }`,
        `store: ${demo.path}`,
        "session_data:",
        "  scanners:",
        "    - name: adhoc",
        `      plugin: ${SOAK}`,
        `      universe: [${demo.symbols[0]}]`,
        "      regular_session: [{ start: '09:35', end: close, interval: 5m }]",
        `      config: { symbols: [${demo.symbols.join(", ")}], measure_at: "12:00" }`,
        "    - name: plain",
        `      plugin: ${PLAIN}`,
        `      universe: [${demo.symbols.slice(0, 3).join(", ")}]`,
        "      pre_session: true",
        "      cron: '*/15 10-15 * * 1-5'",
        "",
      ].join("\n"),
    );
    const journalPath = join(dir, "journal.db");
    const started = Date.now();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            "--expose-gc",
            BUILT_CLI,
            "daemon",
            config,
            "--replay-from",
            days[0],
            "--speed",
            "400000",
            "--journal",
            journalPath,
            "--log-level",
            "warn",
          ],
          { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const timings: ScannerTiming[] = [
      {
        name: "adhoc",
        pre_session: undefined,
        regular_session: [
          { start: parseSessionTime("09:35"), end: parseSessionTime("close"), interval: "5m" },
        ] as never,
        cron: undefined,
      },
      {
        name: "plain",
        pre_session: parseSessionTime("09:00"),
        regular_session: [],
        cron: "*/15 10-15 * * 1-5",
      },
    ];
    const expected = scanSlotsBetween(demo.calendar, timings, days[0], days[DAYS - 1]);
    const journal = ScanJournal.open(journalPath);
    try {
      const [run] = journal.runs();
      expect(run.status).toBe("completed");
      const rows = journal.exportRun(run.id);
      const scans = rows.filter((row) => row.kind !== "setup" && row.kind !== "teardown");
      const key = (scanner: string, kind: string, at: number) => `${scanner} ${kind} ${at}`;
      expect(scans.map((row) => key(row.scanner, row.kind, row.scheduledAt)).sort()).toEqual(
        expected.map((slot) => key(slot.scanner, slot.kind, slot.at)).sort(),
      );
      expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["ok"]));
      for (const kind of ["setup", "teardown"]) {
        const perDay = rows
          .filter((row) => row.kind === kind)
          .map((row) => `${row.scanner} ${row.sessionDate}`);
        expect(perDay.sort()).toEqual(days.flatMap((day) => [`adhoc ${day}`, `plain ${day}`]).sort());
      }
      const adhoc = scans.filter((row) => row.scanner === "adhoc");
      const metadata = adhoc.map((row) => row.metadata as { calls: number; errors: string[]; heap?: number });
      expect(metadata.flatMap((entry) => entry.errors)).toEqual([]);
      const heaps = metadata.filter((entry) => entry.heap !== undefined).map((entry) => entry.heap!);
      expect(heaps).toHaveLength(DAYS);
      const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
      // Medians of five days each: a leak raises every late day, while a one-off spike (code the
      // JIT compiled late on a loaded machine, a buffer not yet released) moves neither median.
      const early = median(heaps.slice(2, 7));
      const late = median(heaps.slice(-5));
      console.info(
        `soak: ${DAYS} days, ${scans.length} scans, ${metadata.reduce((sum, entry) => sum + entry.calls, 0)} adhoc calls in ${seconds.toFixed(1)} s; heap after GC per day (MB): ${heaps.map(mb).join(" ")}`,
      );
      // Flat: the last days' heap is within 2 MB of the third to seventh days'.
      expect(late - early).toBeLessThan(2_000_000);
      expect(result.stdout.split("\n")[0]).toBe(
        `Daemon "soak" completed: run 1, ${DAYS} sessions ${days[0]} → ${days[DAYS - 1]}, ${expected.length} scan slots, 0 missed, journal ${journalPath}`,
      );
    } finally {
      journal.close();
    }
  });
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
