// `scanwright run` and `daemon` through the built CLI: a store that does not exist is bad input
// naming the setting that chose it (never a new empty store), and a backtest in which a scanner had
// no bars of any symbol on a day ends with a warning per scanner and exit code 3.

import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../../../helpers/built-cli.js";
import { buildSmallStore, type SmallStore } from "../../../helpers/small-store.js";

const PLUGIN = fileURLToPath(new URL("../../../fixtures/configs/plugins/gap-scanner.js", import.meta.url));

describe("scanwright run and daemon: the bar store", () => {
  let store: SmallStore;
  beforeAll(() => {
    // AAA trades on the 25th and 26th only; the backtest runs the 25th to the 29th (the 28th is
    // Thanksgiving): 25, 26, 27, 29.
    store = buildSmallStore([
      ["AAA", "1m", "2024-11-25", "09:30"],
      ["AAA", "1m", "2024-11-26", "09:30"],
    ]);
  });
  afterAll(() => store?.dispose());

  /** A config in the store's folder: scanners `gaps` on `universe` and `other` on [ZZZ], at 10:00. */
  function writeConfig(name: string, storeLine: string | undefined, universe = "[AAA]"): string {
    const scanner = (scannerName: string, symbols: string) => [
      `    - name: ${scannerName}`,
      `      plugin: ${PLUGIN}`,
      `      universe: ${symbols}`,
      '      cron: "0 10 * * 1-5"',
    ];
    writeFileSync(
      join(store.dir, name),
      [
        `name: ${name}`,
        "backtest: { start: 2024-11-25, end: 2024-11-29 }",
        ...(storeLine === undefined ? [] : [`store: ${storeLine}`]),
        "session_data:",
        "  scanners:",
        ...scanner("gaps", universe),
        ...scanner("other", "[ZZZ]"),
        "",
      ].join("\n"),
    );
    return name;
  }

  it("refuses a mistyped store: in the config with exit 2 at its line, creating neither store nor journal", async () => {
    const config = writeConfig("typo.yaml", "barz.db");
    const missing = join(store.dir, "barz.db");
    const expected = `error SCN_ERR_CONFIG: typo.yaml:3:8 store: no bar store at "${missing}"; import bars first (scanwright import, scanwright demo), or fix the path\n`;
    expect(await runBuiltCli(["run", config], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: expected,
    });
    expect(
      await runBuiltCli(["daemon", config, "--replay-from", "2024-11-25", "--speed", "1000"], store.dir),
    ).toEqual({ exitCode: 2, stdout: "", stderr: expected });
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(store.dir, "journal.db"))).toBe(false);
  });

  it("refuses a --store that does not exist, and $SCANWRIGHT_STORE likewise", async () => {
    const config = writeConfig("flag.yaml", undefined);
    expect(await runBuiltCli(["run", config, "--store", "elsewhere/bars.db"], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: No bar store at "${join(store.dir, "elsewhere/bars.db")}" (from --store); import bars first, or pass --store\n`,
    });
    expect(existsSync(join(store.dir, "elsewhere"))).toBe(false);
    const fromEnv = await runBuiltCli(["run", config], store.dir, undefined, {
      SCANWRIGHT_STORE: "/nonexistent/scanwright/bars.db",
    });
    expect(fromEnv).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: No bar store at "/nonexistent/scanwright/bars.db" (from $SCANWRIGHT_STORE); import bars first, or pass --store\n`,
    });
  });

  it("runs a backtest with days without bars to its end, names the scanners and days, and exits 3", async () => {
    const config = writeConfig("gaps.yaml", "bars.db");
    const journalPath = join(store.dir, "gaps-journal.db");
    const result = await runBuiltCli(["run", config, "--journal", journalPath], store.dir);
    expect(result.exitCode).toBe(3);
    expect(result.stdout.split("\n")[0]).toBe(
      `Backtest "gaps.yaml": 4 trading days 2024-11-25 → 2024-11-29, 8 scan slots, run 1 in ${journalPath}`,
    );
    expect(result.stderr).toBe(
      [
        'warning: scanner "gaps" had no bars of any universe symbol on 2 of 4 trading days: 2024-11-27 → 2024-11-29',
        'warning: scanner "other" had no bars of any universe symbol on 4 of 4 trading days: 2024-11-25 → 2024-11-29',
        "",
      ].join("\n"),
    );
    // The run itself is journaled complete: setup, scan and teardown of both scanners on 4 days.
    const journal = ScanJournal.open(journalPath);
    try {
      expect(journal.runs().map((run) => [run.id, run.status, run.rows])).toEqual([[1, "completed", 24]]);
    } finally {
      journal.close();
    }
  });

  it("with --json, adds one no_bars event per scanner after the scans", async () => {
    const config = writeConfig("gaps-json.yaml", "bars.db");
    const result = await runBuiltCli(
      ["run", config, "--json", "--journal", join(store.dir, "gaps-json-journal.db")],
      store.dir,
    );
    expect(result.exitCode).toBe(3);
    const events = result.stdout.trim().split("\n");
    expect(events.slice(-2).map((line) => JSON.parse(line))).toEqual([
      { event: "no_bars", scanner: "gaps", days: ["2024-11-27", "2024-11-29"] },
      { event: "no_bars", scanner: "other", days: ["2024-11-25", "2024-11-26", "2024-11-27", "2024-11-29"] },
    ]);
  });

  /** `<name>.yaml` in the store's folder: scanner `gaps` on [AAA, ZZZ] at 10:00, the 25th and 26th. */
  function writeCoveredConfig(name: string): string {
    writeFileSync(
      join(store.dir, `${name}.yaml`),
      [
        `name: ${name}`,
        "backtest: { start: 2024-11-25, end: 2024-11-26 }",
        "store: bars.db",
        "session_data:",
        "  scanners:",
        "    - name: gaps",
        `      plugin: ${PLUGIN}`,
        "      universe: [AAA, ZZZ]",
        '      cron: "0 10 * * 1-5"',
        "",
      ].join("\n"),
    );
    return `${name}.yaml`;
  }

  it("exits 0 without a warning when every scanner has bars every day", async () => {
    const config = writeCoveredConfig("covered");
    const result = await runBuiltCli(
      ["run", config, "--journal", join(store.dir, "covered-journal.db")],
      store.dir,
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    // --no-edge leaves out the edge summary, and only it.
    const withEdge = result.stdout.split("\n");
    const edgeAt = withEdge.findIndex((line) => line.startsWith("Edge at close"));
    expect(edgeAt).toBeGreaterThan(1);
    const quiet = await runBuiltCli(
      ["run", config, "--no-edge", "--journal", join(store.dir, "covered-no-edge.db")],
      store.dir,
    );
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout.split("\n")).toEqual([
      withEdge[0].replace("covered-journal.db", "covered-no-edge.db"),
      ...withEdge.slice(1, edgeAt),
      "",
    ]);
  });

  it("warns about each cluster flag given to a run in one process, and runs it the same", async () => {
    const config = writeCoveredConfig("flags");
    const result = await runBuiltCli(
      [
        "run",
        config,
        "--no-edge",
        "--range-days",
        "3",
        "--queue-prefix",
        "q",
        "--journal",
        join(store.dir, "flags.db"),
      ],
      store.dir,
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      [
        "warning: --range-days applies to a run on workers; this run is in one process, so it changes nothing",
        "warning: --queue-prefix applies to a run on workers; this run is in one process, so it changes nothing",
        "",
      ].join("\n"),
    );
    expect(result.stdout.split("\n")[0]).toBe(
      `Backtest "flags": 2 trading days 2024-11-25 → 2024-11-26, 2 scan slots, run 1 in ${join(store.dir, "flags.db")}`,
    );
  });

  it("journals beside the store --store names (not beside the config) when the config names no journal", async () => {
    const other = buildSmallStore([["AAA", "1m", "2024-11-25", "09:30"]]);
    try {
      writeFileSync(
        join(store.dir, "elsewhere.yaml"),
        [
          "name: elsewhere",
          "backtest: { start: 2024-11-25, end: 2024-11-25 }",
          "session_data:",
          "  scanners:",
          "    - name: gaps",
          `      plugin: ${PLUGIN}`,
          "      universe: [AAA]",
          '      cron: "0 10 * * 1-5"',
          "",
        ].join("\n"),
      );
      const result = await runBuiltCli(["run", "elsewhere.yaml", "--store", other.path], store.dir);
      expect(result.exitCode).toBe(0);
      expect(result.stdout.split("\n")[0]).toBe(
        `Backtest "elsewhere": 1 trading day 2024-11-25 → 2024-11-25, 1 scan slot, run 1 in ${join(other.dir, "journal.db")}`,
      );
      expect(existsSync(join(other.dir, "journal.db"))).toBe(true);
      expect(existsSync(join(store.dir, "journal.db"))).toBe(false);
    } finally {
      other.dispose();
    }
  });
});
