import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerValidateCommand } from "../../../../src/cli/commands/validate.js";
import { runBuiltCli } from "../../../helpers/built-cli.js";
import { runCaptured } from "../../../helpers/cli-capture.js";
import { buildSmallStore, type SmallStore } from "../../../helpers/small-store.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const FIXTURES = "test/fixtures/configs";

function validate(config: string, ...flags: string[]) {
  return runCaptured(["validate", config, ...flags], [registerValidateCommand], { cwd: REPO_ROOT });
}

describe("scanwright validate", () => {
  let store: SmallStore;
  beforeAll(() => {
    // valid-full.yaml's symbols (AIG, SPY, MSFT) on its trading days 2024-11-25, -27 and -29 (the
    // 26th is closed by its overrides file, the 28th is Thanksgiving).
    store = buildSmallStore([
      ["AIG", "1d", "2024-11-25", "09:30"],
      ["SPY", "1m", "2024-11-27", "09:30"],
      ["MSFT", "1d", "2024-11-29", "09:30"],
    ]);
  });
  afterAll(() => store?.dispose());

  it("says ok with the enabled scanners and distinct symbols, and prints the warnings", async () => {
    expect(await validate("test/fixtures/configs/valid-full.yaml", "--store", store.path)).toEqual({
      exitCode: 0,
      stdout: "test/fixtures/configs/valid-full.yaml: ok (2 scanners, 3 symbols)\n",
      stderr: [
        'warning: test/fixtures/configs/valid-full.yaml:27:17 session_data.scanners[0].universe: universes/large-caps.txt:6: duplicate symbol "AIG" (first on line 2) dropped',
        'warning: test/fixtures/configs/valid-full.yaml:39:34 session_data.scanners[1].universe[3]: duplicate symbol "AIG" (first at universe[0]) dropped',
        "",
      ].join("\n"),
    });
  });

  it("does not count a disabled scanner", async () => {
    expect(await validate("test/fixtures/configs/valid-disabled.yaml", "--store", store.path)).toEqual({
      exitCode: 0,
      stdout: "test/fixtures/configs/valid-disabled.yaml: ok (1 scanner, 1 symbol)\n",
      stderr:
        'warning: test/fixtures/configs/valid-disabled.yaml:6:7 session_data.scanners[0]: scanner "later" is disabled; its plugin and universe were not checked\n',
    });
  });

  it("exits 2 with every problem on its own line", async () => {
    expect(await validate("test/fixtures/configs/bad-cron.yaml")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: [
        'error SCN_ERR_CONFIG: test/fixtures/configs/bad-cron.yaml:11:13 session_data.scanners[0].cron: "61 * * * *" is not a cron expression: Constraint error, got value 61 expected range 0-59',
        'test/fixtures/configs/bad-cron.yaml:15:13 session_data.scanners[1].cron: "0 10 *" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3',
        "",
      ].join("\n"),
    });
  });

  it("exits 2 when the config file does not exist", async () => {
    expect(await validate("configs/missing.yaml")).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: "error SCN_ERR_CONFIG: configs/missing.yaml: config file does not exist\n",
    });
  });

  it("refuses to run without a config argument", async () => {
    const result = await runCaptured(["validate"], [registerValidateCommand], { cwd: REPO_ROOT });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("error: missing required argument 'config'");
  });
});

// Through the built CLI, as a user runs it: what `run` would refuse or run on nothing, `validate` says first.
describe("scanwright validate checks what a run needs beyond the file", () => {
  let store: SmallStore;
  beforeAll(() => {
    store = buildSmallStore([
      ["AAA", "1m", "2024-11-25", "09:30"],
      ["AAA", "1m", "2024-11-26", "09:30"],
      ["BBB", "1d", "2024-11-01", "09:30"],
    ]);
  });
  afterAll(() => store?.dispose());

  /** Writes `name` into the store's folder: one scanner on `universe`, over 2024-11-25 … 29. */
  function writeConfig(name: string, lines: { store?: string; universe: string; config?: string }): string {
    const plugin = join(REPO_ROOT, FIXTURES, "plugins/gap-scanner.js");
    writeFileSync(
      join(store.dir, name),
      [
        `name: ${name}`,
        "backtest: { start: 2024-11-25, end: 2024-11-29 }",
        ...(lines.store === undefined ? [] : [`store: ${lines.store}`]),
        "session_data:",
        "  scanners:",
        "    - name: gaps",
        `      plugin: ${plugin}`,
        `      universe: ${lines.universe}`,
        '      cron: "0 10 * * 1-5"',
        ...(lines.config === undefined ? [] : [`      config: ${lines.config}`]),
        "",
      ].join("\n"),
    );
    return name;
  }

  it("refuses a store: that does not exist, at its line, and creates no file", async () => {
    const config = writeConfig("typo.yaml", { store: "barz.db", universe: "[AAA]" });
    expect(await runBuiltCli(["validate", config], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_CONFIG: typo.yaml:3:8 store: no bar store at "${join(store.dir, "barz.db")}"; import bars first (scanwright import, scanwright demo), or fix the path\n`,
    });
    expect(existsSync(join(store.dir, "barz.db"))).toBe(false);
  });

  it("refuses a --store that does not exist, and the default store when there is none", async () => {
    const config = writeConfig("no-store.yaml", { universe: "[AAA]" });
    expect(await runBuiltCli(["validate", config, "--store", "nope.db"], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: No bar store at "${join(store.dir, "nope.db")}" (from --store); import bars first, or pass --store\n`,
    });
    expect(await runBuiltCli(["validate", config], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_USAGE: No bar store at "${join(store.dir, ".scanwright/bars.db")}" (the default store); import bars first, or pass --store\n`,
    });
    expect(existsSync(join(store.dir, ".scanwright"))).toBe(false);
  });

  it("warns of each symbol without bars on the backtest's days, and of the days a scanner has none", async () => {
    const config = writeConfig("partial.yaml", { store: "bars.db", universe: "[AAA, BBB, CCC]" });
    expect(await runBuiltCli(["validate", config], store.dir)).toEqual({
      exitCode: 0,
      stdout: "partial.yaml: ok (1 scanner, 3 symbols)\n",
      stderr: [
        // BBB's only bar is weeks before; CCC has none at all.
        'warning: partial.yaml:8:23 session_data.scanners[0].universe[1]: no bars of "BBB" in the store from 2024-11-25 to 2024-11-29',
        'warning: partial.yaml:8:28 session_data.scanners[0].universe[2]: no bars of "CCC" in the store from 2024-11-25 to 2024-11-29',
        // Thanksgiving (the 28th) is no trading day: the 27th and the 29th are one run.
        'warning: scanner "gaps" had no bars of any universe symbol on 2 of 4 trading days: 2024-11-27 → 2024-11-29',
        "",
      ].join("\n"),
    });
  });

  it("is an error when no symbol has a bar on the backtest's days", async () => {
    const config = writeConfig("none.yaml", { store: "bars.db", universe: "[BBB, CCC]" });
    expect(await runBuiltCli(["validate", config], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: `error SCN_ERR_CONFIG: none.yaml:2:1 backtest: the bar store "${store.path}" holds no bars of any of the 2 symbols of this session from 2024-11-25 to 2024-11-29; import them, or pick dates the store covers\n`,
    });
  });

  it("imports each plugin and checks its config block against the plugin's schema, one line per problem", async () => {
    const plugins = join(REPO_ROOT, "test/fixtures/plugins");
    writeFileSync(
      join(store.dir, "plugins.yaml"),
      [
        "name: plugins",
        "backtest: { start: 2024-11-25, end: 2024-11-29 }",
        "store: bars.db",
        "session_data:",
        "  scanners:",
        "    - name: vwap",
        `      plugin: ${plugins}/above-vwap.ts`,
        "      universe: [AAA]",
        '      cron: "0 10 * * 1-5"',
        "      config: { minVolume: -1, extra: true }",
        "    - name: broken",
        `      plugin: ${plugins}/no-scan.ts`,
        "      universe: [AAA]",
        '      cron: "0 10 * * 1-5"',
        "",
      ].join("\n"),
    );
    expect(await runBuiltCli(["validate", "plugins.yaml"], store.dir)).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: [
        // Warnings first (AAA has bars on the 25th and 26th only), then every problem.
        'warning: scanner "vwap" had no bars of any universe symbol on 2 of 4 trading days: 2024-11-27 → 2024-11-29',
        'warning: scanner "broken" had no bars of any universe symbol on 2 of 4 trading days: 2024-11-27 → 2024-11-29',
        "error SCN_ERR_CONFIG: plugins.yaml:10:28 session_data.scanners[0].config.minVolume: Too small: expected number to be >=0 (the plugin's configSchema)",
        'plugins.yaml:10:32 session_data.scanners[0].config.extra: unknown key "extra" (the plugin\'s configSchema)',
        // The very line `run` prints for this plugin.
        `error SCN_ERR_PLUGIN: Plugin ${plugins}/no-scan.ts (plugins.yaml:11:7 session_data.scanners[1]) has no scan function`,
        "",
      ].join("\n"),
    });
  });
});
