// The invalid-config corpus: every invalid session config in test/fixtures/configs/ (the original
// fixtures and the `rel-*.yaml` ones added for the reliability suite) through the CLI as a user runs
// it. Each exits 2, prints nothing on stdout, and prints exactly the asserted problems, every one
// with the file and its line and column (and the key path, where the problem has one). Configs whose
// only problem is the plugin (wrong export, a throw on import, a config block that does not fit its
// schema) are run here with `run`, which refuses them before it opens the journal: no journal file
// is left behind (`validate` imports plugins too: test/unit/cli/commands/validate.test.ts).

import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRegistrars } from "../../src/cli/commands/index.js";
import { runCaptured } from "../helpers/cli-capture.js";
import { buildDemoStore, type DemoStore } from "../helpers/demo-session.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/configs/", import.meta.url));
const PLUGINS = fileURLToPath(new URL("../fixtures/plugins/", import.meta.url));

/** [fixture, command, the exact stderr lines]. */
const CORPUS: ReadonlyArray<readonly [string, "validate" | "run", readonly string[]]> = [
  [
    "backtest-start-after-end.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: backtest-start-after-end.yaml:5:8 backtest.end: "2024-11-25" is before backtest.start "2024-11-29"',
    ],
  ],
  [
    "bad-cron.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: bad-cron.yaml:11:13 session_data.scanners[0].cron: "61 * * * *" is not a cron expression: Constraint error, got value 61 expected range 0-59',
      'bad-cron.yaml:15:13 session_data.scanners[1].cron: "0 10 *" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3',
    ],
  ],
  [
    "bad-indicators.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: bad-indicators.yaml:8:13 session_data.indicators[0].type: unknown indicator "smaa"; known indicators: adx, atr, avg_volume, bbands, ema, gap, high_low, macd, obv, rel_volume, roc, rsi, sma, stoch, vwap, wma',
      'bad-indicators.yaml:20:21 session_data.scanners[0].indicators[0].params.period: sma: parameter "period" must be a whole number from 1 to 100000, got 0',
      'bad-indicators.yaml:22:19 session_data.scanners[0].indicators[1].period: vwap: has no parameter "period", got period 14',
    ],
  ],
  [
    "bad-interval.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: bad-interval.yaml:14:21 session_data.scanners[0].regular_session[0].interval: "5x" is not an interval',
    ],
  ],
  [
    "bad-names-and-symbols.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: bad-names-and-symbols.yaml:3:7 mode: expected "backtest" or "live", got "paper"',
      'bad-names-and-symbols.yaml:8:18 session_data.symbols[1]: "S&P 500" is not a valid symbol',
      'bad-names-and-symbols.yaml:10:13 session_data.scanners[0].name: "Momentum Scanner" is not a scanner name (lower-case letters, digits, "_" and "-")',
      "bad-names-and-symbols.yaml:12:7 session_data.scanners[0].universe: must list at least one symbol",
    ],
  ],
  [
    "bad-types.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: bad-types.yaml:4:20 warmup_multiplier: expected a number, got "three"',
      'bad-types.yaml:6:12 session_data.symbols: expected a list, got "AIG"',
      "bad-types.yaml:10:17 session_data.scanners[0].universe: expected a list of symbols or the path of a universe file, got 42",
      'bad-types.yaml:12:16 session_data.scanners[0].promote: expected true or false, got "yes"',
      "bad-types.yaml:13:24 session_data.scanners[0].timeout_seconds: must be greater than 0, got 0",
      "bad-types.yaml:14:33 session_data.scanners[0].max_consecutive_failures: expected a whole number, got 1.5",
      "bad-types.yaml:15:7 session_data.scanners[0].config: expected a mapping, got a list",
    ],
  ],
  [
    "duplicate-scanner-names.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: duplicate-scanner-names.yaml:16:13 session_data.scanners[2].name: duplicate scanner name "momentum": scanners[0] and scanners[2]',
    ],
  ],
  [
    "duplicate-yaml-keys.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: duplicate-yaml-keys.yaml:6:1 name: duplicate key "name"',
      'duplicate-yaml-keys.yaml:16:11 session_data.scanners[0].regular_session[0].interval: duplicate key "interval"',
    ],
  ],
  [
    "many-problems.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: many-problems.yaml:5:8 backtest.end: "2024-13-01" is not a date (expected YYYY-MM-DD)',
      'many-problems.yaml:8:17 session_data.streams[1]: "5x" is not an interval',
      "many-problems.yaml:11:15 session_data.scanners[0].plugin: plugin file plugins/no-such-scanner.ts does not exist",
      "many-problems.yaml:12:17 session_data.scanners[0].universe: Universe file universes/empty.txt lists no symbols",
      'many-problems.yaml:14:11 session_data.scanners[0].regular_session[0]: start must be before end ("10:30" is not before "09:35")',
      'many-problems.yaml:15:53 session_data.scanners[0].regular_session[1].interval: "5x" is not an interval',
      'many-problems.yaml:16:13 session_data.scanners[0].cron: "* * *" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3',
      'many-problems.yaml:17:7 session_data.scanners[0].colour: unknown key "colour"',
      'many-problems.yaml:18:7 session_data.scanners[1]: scanner "momentum" has no schedule (set pre_session, regular_session or cron)',
      'many-problems.yaml:18:13 session_data.scanners[1].name: duplicate scanner name "momentum": scanners[0] and scanners[1]',
    ],
  ],
  [
    "missing-calendar-overrides.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: missing-calendar-overrides.yaml:6:21 calendar_overrides: calendar overrides file "no-such-holidays.yaml" does not exist',
    ],
  ],
  [
    "missing-plugin.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: missing-plugin.yaml:9:15 session_data.scanners[0].plugin: plugin file plugins/no-such-scanner.ts does not exist",
      "missing-plugin.yaml:13:15 session_data.scanners[1].plugin: plugin folder-plugin.js is not a file",
      'missing-plugin.yaml:17:15 session_data.scanners[2].plugin: "plugins/gap_scanner.py" is not a plugin module (expected a .ts or .js file)',
    ],
  ],
  [
    "missing-required.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: missing-required.yaml:2:1 name: is required",
      "missing-required.yaml:2:1 backtest: is required when mode is backtest (set backtest.start and backtest.end)",
      "missing-required.yaml:5:7 session_data.scanners[0].plugin: is required",
      "missing-required.yaml:5:7 session_data.scanners[0].universe: is required",
    ],
  ],
  [
    "no-schedule.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: no-schedule.yaml:8:7 session_data.scanners[0]: scanner "idle" has no schedule (set pre_session, regular_session or cron)',
    ],
  ],
  [
    "non-minute-interval.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: non-minute-interval.yaml:12:53 session_data.scanners[0].regular_session[0].interval: "30s" is not a minute interval (windows run on a grid of whole minutes: 1m or more)',
      'non-minute-interval.yaml:13:53 session_data.scanners[0].regular_session[1].interval: "1d" is not a minute interval (windows run on a grid of whole minutes: 1m or more)',
    ],
  ],
  [
    "not-a-mapping.yaml",
    "validate",
    ["error SCN_ERR_CONFIG: not-a-mapping.yaml:2:1: expected a mapping, got a list"],
  ],
  [
    "overlapping-windows.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: overlapping-windows.yaml:13:11 session_data.scanners[0].regular_session[1]: window overlaps regular_session[0] ("09:35"–"11:00")',
      'overlapping-windows.yaml:15:11 session_data.scanners[0].regular_session[3]: window overlaps regular_session[0] ("09:35"–"11:00"), regular_session[1] ("10:30"–"12:00"), regular_session[2] ("12:00"–"13:00")',
    ],
  ],
  [
    "pre-session-times.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: pre-session-times.yaml:11:20 session_data.scanners[0].pre_session: "09:45" must lie in the exchange\'s pre-session 04:00–09:30 (before the 09:30–16:00 regular session)',
      'pre-session-times.yaml:15:20 session_data.scanners[1].pre_session: "03:30" must lie in the exchange\'s pre-session 04:00–09:30 (before the 09:30–16:00 regular session)',
      'pre-session-times.yaml:19:20 session_data.scanners[2].pre_session: "close-30m" must be a time before the open: HH:MM or "open-Nm"/"open-Nh"',
      'pre-session-times.yaml:23:20 session_data.scanners[3].pre_session: expected true, false, a time "HH:MM" or "open-30m" before the open, got 900',
    ],
  ],
  [
    "rel-backtest-impossible-date.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-backtest-impossible-date.yaml:3:20 backtest.start: "2024-02-30" is not a date (expected YYYY-MM-DD)',
    ],
  ],
  [
    "rel-backtest-not-mapping.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-backtest-not-mapping.yaml:3:11 backtest: expected a mapping, got "2024-11-25"',
    ],
  ],
  [
    "rel-cron-every-second.yaml",
    "validate",
    [
      `error SCN_ERR_CONFIG: rel-cron-every-second.yaml:9:13 session_data.scanners[0].cron: "* * * * * *" fires 60 times a minute (seconds 0,1,2,3,…); a schedule can be no finer than the feed's 1-minute bars: give the seconds field one value (e.g. "0 * * * * *") or use 5 fields`,
    ],
  ],
  [
    "rel-cron-hour-25.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-cron-hour-25.yaml:9:13 session_data.scanners[0].cron: "0 25 * * *" is not a cron expression: Constraint error, got value 25 expected range 0-23',
    ],
  ],
  [
    "rel-cron-not-string.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-cron-not-string.yaml:9:13 session_data.scanners[0].cron: expected a string, got 5",
    ],
  ],
  [
    "rel-cron-seven-fields.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-cron-seven-fields.yaml:9:13 session_data.scanners[0].cron: "0 0 12 * * 1-5 2024" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 7',
    ],
  ],
  [
    "rel-cron-words.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-cron-words.yaml:9:13 session_data.scanners[0].cron: "every day at noon" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 4',
    ],
  ],
  [
    "rel-enabled-string.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-enabled-string.yaml:10:16 session_data.scanners[0].enabled: expected true or false, got "no"',
    ],
  ],
  [
    "rel-indicator-missing-type.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-indicator-missing-type.yaml:10:20 session_data.scanners[0].indicators[0].type: is required",
    ],
  ],
  [
    "rel-max-failures-zero.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-max-failures-zero.yaml:10:33 session_data.scanners[0].max_consecutive_failures: must be at least 1, got 0",
    ],
  ],
  [
    "rel-mode-number.yaml",
    "validate",
    ['error SCN_ERR_CONFIG: rel-mode-number.yaml:3:7 mode: expected "backtest" or "live", got 1'],
  ],
  [
    "rel-name-not-string.yaml",
    "validate",
    ["error SCN_ERR_CONFIG: rel-name-not-string.yaml:2:1 name: expected a string, got a list"],
  ],
  [
    "rel-plugin-config-mismatch.yaml",
    "run",
    [
      `error SCN_ERR_CONFIG: rel-plugin-config-mismatch.yaml:6:7 session_data.scanners[0].config does not fit plugin "above-vwap" (${PLUGINS}above-vwap.ts): minVolume: Too small: expected number to be >=0; (root): Unrecognized key: "extra"`,
    ],
  ],
  [
    "rel-plugin-default-function.yaml",
    "run",
    [
      `error SCN_ERR_PLUGIN: Plugin ${PLUGINS}default-function.ts (rel-plugin-default-function.yaml:6:7 session_data.scanners[0]) must default-export defineScanner({...}), got a function`,
    ],
  ],
  [
    "rel-plugin-no-default-export.yaml",
    "run",
    [
      `error SCN_ERR_PLUGIN: Plugin ${PLUGINS}no-default-export.ts (rel-plugin-no-default-export.yaml:6:7 session_data.scanners[0]) must default-export defineScanner({...}), got undefined`,
    ],
  ],
  [
    "rel-plugin-no-scan.yaml",
    "run",
    [
      `error SCN_ERR_PLUGIN: Plugin ${PLUGINS}no-scan.ts (rel-plugin-no-scan.yaml:6:7 session_data.scanners[0]) has no scan function`,
    ],
  ],
  [
    "rel-plugin-not-string.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-plugin-not-string.yaml:7:15 session_data.scanners[0].plugin: expected a string, got 12",
    ],
  ],
  [
    "rel-plugin-schema-not-zod.yaml",
    "run",
    [
      `error SCN_ERR_PLUGIN: Plugin ${PLUGINS}schema-not-zod.ts (rel-plugin-schema-not-zod.yaml:6:7 session_data.scanners[0]): configSchema must be a zod schema`,
    ],
  ],
  [
    "rel-plugin-setup-not-function.yaml",
    "run",
    [
      `error SCN_ERR_PLUGIN: Plugin ${PLUGINS}setup-not-function.ts (rel-plugin-setup-not-function.yaml:6:7 session_data.scanners[0]): setup must be a function, got object`,
    ],
  ],
  [
    "rel-plugin-throws-on-import.yaml",
    "run",
    [
      `error SCN_ERR_PLUGIN: Plugin ${PLUGINS}throws-on-import.ts (rel-plugin-throws-on-import.yaml:6:7 session_data.scanners[0]) failed to load: cannot reach the rates service`,
    ],
  ],
  [
    "rel-pre-session-minute-60.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-pre-session-minute-60.yaml:9:20 session_data.scanners[0].pre_session: "08:60" is not a time (expected HH:MM, e.g. "09:00", or "open-30m")',
    ],
  ],
  [
    "rel-scanner-not-mapping.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-scanner-not-mapping.yaml:5:14 session_data.scanners[0]: expected a mapping, got "momentum"',
    ],
  ],
  [
    "rel-scanners-not-list.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-scanners-not-list.yaml:5:3 session_data.scanners: expected a list, got a mapping",
    ],
  ],
  [
    "rel-store-not-string.yaml",
    "validate",
    ["error SCN_ERR_CONFIG: rel-store-not-string.yaml:4:8 store: expected a string, got 5"],
  ],
  [
    "rel-timeout-negative.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-timeout-negative.yaml:10:24 session_data.scanners[0].timeout_seconds: must be greater than 0, got -5",
    ],
  ],
  [
    "rel-timeout-string.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-timeout-string.yaml:10:24 session_data.scanners[0].timeout_seconds: expected a number, got "30s"',
    ],
  ],
  [
    "rel-universe-bad-symbol.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-universe-bad-symbol.yaml:8:23 session_data.scanners[0].universe[1]: "$SPY" is not a valid symbol',
    ],
  ],
  [
    "rel-universe-directory.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-universe-directory.yaml:8:17 session_data.scanners[0].universe: Universe file universes is a folder, not a file",
    ],
  ],
  [
    "rel-universe-empty-list.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-universe-empty-list.yaml:8:7 session_data.scanners[0].universe: must list at least one symbol",
    ],
  ],
  [
    "rel-window-bad-offset.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-window-bad-offset.yaml:9:34 session_data.scanners[0].regular_session[0].start: "open+5x" is not a session time (expected HH:MM like "09:35", or "open"/"close"/"break_start"/"break_end" with an offset like "open+5m", "close-15m")',
    ],
  ],
  [
    "rel-window-hour-25.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-window-hour-25.yaml:9:34 session_data.scanners[0].regular_session[0].start: "25:00" is not a session time (expected HH:MM like "09:35", or "open"/"close"/"break_start"/"break_end" with an offset like "open+5m", "close-15m")',
    ],
  ],
  [
    "rel-window-interval-zero.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-window-interval-zero.yaml:9:67 session_data.scanners[0].regular_session[0].interval: "0m" is not an interval',
    ],
  ],
  [
    "rel-window-missing-end.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-window-missing-end.yaml:9:25 session_data.scanners[0].regular_session[0].end: is required",
    ],
  ],
  [
    "rel-windows-identical.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-windows-identical.yaml:11:11 session_data.scanners[0].regular_session[1]: window overlaps regular_session[0] ("10:00"–"11:00")',
    ],
  ],
  [
    "rel-yaml-comment-only.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-yaml-comment-only.yaml:1:1 name: is required",
      "rel-yaml-comment-only.yaml:1:1 backtest: is required when mode is backtest (set backtest.start and backtest.end)",
    ],
  ],
  [
    "rel-yaml-duplicate-plugin-key.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-yaml-duplicate-plugin-key.yaml:10:7 session_data.scanners[0].plugin: duplicate key "plugin"',
    ],
  ],
  [
    "rel-yaml-empty.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-yaml-empty.yaml:1:1 name: is required",
      "rel-yaml-empty.yaml:1:1 backtest: is required when mode is backtest (set backtest.start and backtest.end)",
    ],
  ],
  [
    "rel-yaml-scalar.yaml",
    "validate",
    ['error SCN_ERR_CONFIG: rel-yaml-scalar.yaml:2:1: expected a mapping, got "just a string"'],
  ],
  [
    "rel-yaml-tab-indent.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: rel-yaml-tab-indent.yaml:4:1: Tabs are not allowed as indentation",
      "rel-yaml-tab-indent.yaml:5:1: Tabs are not allowed as indentation",
    ],
  ],
  [
    "rel-yaml-two-documents.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: rel-yaml-two-documents.yaml:3:1: a config file holds one YAML document; a second one starts here (remove the "---")',
    ],
  ],
  [
    "rel-yaml-unclosed-quote.yaml",
    "validate",
    ['error SCN_ERR_CONFIG: rel-yaml-unclosed-quote.yaml:4:1: Missing closing "quote'],
  ],
  [
    "rel-yaml-unknown-alias.yaml",
    "validate",
    ["error SCN_ERR_CONFIG: rel-yaml-unknown-alias.yaml:2:7: alias *nope has no anchor &nope before it"],
  ],
  [
    "single-digit-hour.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: single-digit-hour.yaml:12:18 session_data.scanners[0].regular_session[0].start: "9:35" is not a session time (expected HH:MM like "09:35", or "open"/"close"/"break_start"/"break_end" with an offset like "open+5m", "close-15m")',
    ],
  ],
  [
    "start-not-before-end.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: start-not-before-end.yaml:12:11 session_data.scanners[0].regular_session[0]: start must be before end ("10:30" is not before "09:35")',
      'start-not-before-end.yaml:15:11 session_data.scanners[0].regular_session[1]: start must be before end ("11:00" is not before "11:00")',
      'start-not-before-end.yaml:18:11 session_data.scanners[0].regular_session[2]: start must be before end ("close-15m" is not before "15:30")',
    ],
  ],
  [
    "universe-file-binary.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: universe-file-binary.yaml:10:17 session_data.scanners[0].universe: Universe file universes/binary.bin is binary, not text",
    ],
  ],
  [
    "universe-file-empty.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: universe-file-empty.yaml:10:17 session_data.scanners[0].universe: Universe file universes/empty.txt lists no symbols",
    ],
  ],
  [
    "universe-file-missing.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: universe-file-missing.yaml:10:17 session_data.scanners[0].universe: Universe file universes/sp500.txt does not exist",
    ],
  ],
  [
    "unknown-keys.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: unknown-keys.yaml:3:1 session_name: unknown key "session_name"',
      'unknown-keys.yaml:7:3 backtest.speed_multiplier: unknown key "speed_multiplier"',
      'unknown-keys.yaml:11:7 session_data.scanners[0].module: unknown key "module"',
      'unknown-keys.yaml:18:11 session_data.scanners[0].regular_session[0].days_of_week: unknown key "days_of_week"',
    ],
  ],
  [
    "window-outside-session.yaml",
    "validate",
    [
      'error SCN_ERR_CONFIG: window-outside-session.yaml:12:11 session_data.scanners[0].regular_session[0]: window must lie within the regular session 09:30–16:00, got "09:00"–"10:00"',
      'window-outside-session.yaml:15:11 session_data.scanners[0].regular_session[1]: window must lie within the regular session 09:30–16:00, got "close-15m"–"close+30m"',
    ],
  ],
  [
    "yaml-syntax-error.yaml",
    "validate",
    [
      "error SCN_ERR_CONFIG: yaml-syntax-error.yaml:8:3: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  ],
];

/** Fixtures in the folder that are valid configs (or not configs at all). */
const NOT_IN_CORPUS = ["holidays.yaml", "valid-disabled.yaml", "valid-full.yaml"];

describe("invalid session configs", () => {
  let demo: DemoStore;
  let dir: string;
  beforeAll(() => {
    demo = buildDemoStore({ symbols: 2, days: 1, historyDays: 5 });
    dir = mkdtempSync(join(tmpdir(), "scanwright-bad-configs-"));
  });
  afterAll(() => {
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("covers every invalid fixture of the folder: at least 40", () => {
    const yaml = readdirSync(FIXTURES).filter((name) => name.endsWith(".yaml"));
    expect(CORPUS.map(([file]) => file).sort()).toEqual(
      yaml.filter((name) => !NOT_IN_CORPUS.includes(name)).sort(),
    );
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS)("%s: %s exits 2 with the exact problems, each located", async (file, command, lines) => {
    const journal = join(dir, `${file}.journal.db`);
    const argv =
      command === "validate" ? ["validate", file] : ["run", file, "--store", demo.path, "--journal", journal];
    const result = await runCaptured(argv, commandRegistrars, { cwd: FIXTURES });
    expect(result).toEqual({ exitCode: 2, stdout: "", stderr: `${lines.join("\n")}\n` });
    expect(lines[0]).toMatch(/^error SCN_ERR_(CONFIG|PLUGIN): /);
    for (const line of lines) expect(line).toMatch(new RegExp(`${file.replace(/\./g, "\\.")}:\\d+:\\d+`));
    expect(existsSync(journal)).toBe(false);
  });
});
