import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../../src/config/config-problem.js";
import { loadSessionConfig, parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { ConfigError } from "../../../src/core/errors.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/configs/", import.meta.url));
const fixture = (path: string) => join(FIXTURES, path);

/** Loads a fixture by its bare name (as a user in that folder would), expecting it to fail. */
function problemLines(name: string): string[] {
  try {
    loadSessionConfig(name, { cwd: FIXTURES });
  } catch (error) {
    if (error instanceof ConfigErrors) return error.message.split("\n");
    throw error;
  }
  throw new Error(`${name} loaded without problems`);
}

describe("loadSessionConfig on a valid config", () => {
  it("returns the config with absolute paths, a ScannerSpec per scanner and the warnings", () => {
    const loaded = loadSessionConfig("valid-full.yaml", { cwd: FIXTURES });
    expect(loaded).toEqual({
      file: "valid-full.yaml",
      config: {
        name: "fixture-full",
        mode: "backtest",
        exchange: "XNYS",
        backtest: { start: "2024-11-25", end: "2024-11-29" },
        store: fixture("data/bars.db"),
        journal: fixture("data/journal.db"),
        feed: {
          vendor: "replay",
          adjustment: "raw",
          stale_after_seconds: 120,
          bar_wait_seconds: 5,
          clock_skew_seconds: 0,
          reconnect_max_seconds: 60,
        },
        warmup_multiplier: 3,
        calendar_overrides: fixture("holidays.yaml"),
        session_data: {
          symbols: ["SPY", "AIG"],
          streams: ["1m", "5m"],
          historical: [{ interval: "1d", days: 20 }],
          indicators: [{ type: "sma", period: 20, interval: "1d" }],
          scanners: [
            {
              name: "gap",
              plugin: fixture("plugins/gap-scanner.js"),
              enabled: true,
              universe: fixture("universes/large-caps.txt"),
              indicators: [{ type: "avg_volume", interval: "1d", params: { period: 10 } }],
              pre_session: "open-30m",
              regular_session: [],
              timeout_seconds: 30,
              max_consecutive_failures: 3,
              promote: false,
              direction: "long",
              config: { min_gap_percent: 2.5 },
            },
            {
              name: "momentum",
              plugin: fixture("plugins/momentum-scanner.js"),
              enabled: true,
              universe: ["AIG", "SPY", "MSFT", "AIG"],
              indicators: [],
              pre_session: "08:45",
              regular_session: [
                { start: "open+5m", end: "10:30", interval: "5m" },
                { start: "13:00", end: "close-15m", interval: "60m" },
              ],
              cron: "*/30 10-15 * * 1-5",
              timeout_seconds: 2.5,
              max_consecutive_failures: 5,
              promote: true,
              direction: "short",
              config: {},
            },
          ],
        },
      },
      scanners: [
        {
          name: "gap",
          plugin: fixture("plugins/gap-scanner.js"),
          enabled: true,
          universe: ["AIG", "SPY", "MSFT"],
          indicators: [{ type: "avg_volume", interval: "1d", params: { period: 10 } }],
          pre_session: { anchor: "open", offsetMinutes: -30 },
          regular_session: [],
          cron: undefined,
          timeout_ms: 30_000,
          promote: false,
          max_consecutive_failures: 3,
          config: { min_gap_percent: 2.5 },
          source: "valid-full.yaml:25:7 session_data.scanners[0]",
        },
        {
          name: "momentum",
          plugin: fixture("plugins/momentum-scanner.js"),
          enabled: true,
          universe: ["AIG", "SPY", "MSFT"],
          indicators: [],
          pre_session: { anchor: "clock", minutes: 525 },
          regular_session: [
            {
              start: { anchor: "open", offsetMinutes: 5 },
              end: { anchor: "clock", minutes: 630 },
              interval: "5m",
            },
            {
              start: { anchor: "clock", minutes: 780 },
              end: { anchor: "close", offsetMinutes: -15 },
              interval: "60m",
            },
          ],
          cron: "*/30 10-15 * * 1-5",
          timeout_ms: 2_500,
          promote: true,
          max_consecutive_failures: 5,
          config: {},
          source: "valid-full.yaml:36:7 session_data.scanners[1]",
        },
      ],
      calendarOverrides: { closures: [{ date: "2024-11-26", reason: "Fixture closure" }] },
      warnings: [
        'valid-full.yaml:27:17 session_data.scanners[0].universe: universes/large-caps.txt:6: duplicate symbol "AIG" (first on line 2) dropped',
        'valid-full.yaml:39:34 session_data.scanners[1].universe[3]: duplicate symbol "AIG" (first at universe[0]) dropped',
      ],
      notify: new Map(),
      locate: expect.any(Function),
    });
  });

  it("locates a config path for problems found after loading: the value, or its key", () => {
    const loaded = loadSessionConfig("valid-full.yaml", { cwd: FIXTURES });
    expect(loaded.locate(["store"])).toEqual({ file: "valid-full.yaml", line: 8, column: 8, path: "store" });
    expect(loaded.locate(["session_data", "scanners", 0, "config", "min_gap_percent"])).toEqual({
      file: "valid-full.yaml",
      line: 35,
      column: 26,
      path: "session_data.scanners[0].config.min_gap_percent",
    });
    expect(loaded.locate(["session_data", "scanners", 0, "config", "min_gap_percent"], "key")).toEqual({
      file: "valid-full.yaml",
      line: 35,
      column: 9,
      path: "session_data.scanners[0].config.min_gap_percent",
    });
  });

  it("names the file as the caller gave it and resolves paths against the config's folder", () => {
    const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
    const loaded = loadSessionConfig("test/fixtures/configs/valid-full.yaml", { cwd: repoRoot });
    expect(loaded.file).toBe("test/fixtures/configs/valid-full.yaml");
    expect(loaded.scanners.map((scanner) => [scanner.plugin, scanner.source])).toEqual([
      [
        fixture("plugins/gap-scanner.js"),
        "test/fixtures/configs/valid-full.yaml:25:7 session_data.scanners[0]",
      ],
      [
        fixture("plugins/momentum-scanner.js"),
        "test/fixtures/configs/valid-full.yaml:36:7 session_data.scanners[1]",
      ],
    ]);
  });

  it("checks a disabled scanner's entry but not its plugin and universe files, and says so", () => {
    const loaded = loadSessionConfig("valid-disabled.yaml", { cwd: FIXTURES });
    expect(loaded.config.backtest).toBeUndefined();
    expect(loaded.scanners).toEqual([
      {
        name: "later",
        plugin: fixture("plugins/not-written-yet.ts"),
        enabled: false,
        universe: [],
        indicators: [],
        pre_session: undefined,
        regular_session: [],
        cron: "0 */15 9-16 * * 1-5",
        timeout_ms: 30_000,
        promote: false,
        max_consecutive_failures: 3,
        config: {},
        source: "valid-disabled.yaml:6:7 session_data.scanners[0]",
      },
      {
        name: "now",
        plugin: fixture("plugins/gap-scanner.js"),
        enabled: true,
        universe: ["AIG"],
        indicators: [],
        pre_session: undefined,
        regular_session: [
          {
            start: { anchor: "open", offsetMinutes: 0 },
            end: { anchor: "close", offsetMinutes: 0 },
            interval: "30m",
          },
        ],
        cron: undefined,
        timeout_ms: 30_000,
        promote: false,
        max_consecutive_failures: 3,
        config: {},
        source: "valid-disabled.yaml:11:7 session_data.scanners[1]",
      },
    ]);
    expect(loaded.warnings).toEqual([
      'valid-disabled.yaml:6:7 session_data.scanners[0]: scanner "later" is disabled; its plugin and universe were not checked',
    ]);
  });

  it("gives a journal only when the config names one, resolved like the store", () => {
    const loaded = parseSessionConfigText(
      "name: live\nmode: live\nstore: ../bars.db\n",
      "live.yaml",
      FIXTURES,
    );
    expect(loaded.config.store).toBe(join(FIXTURES, "..", "bars.db"));
    expect(loaded.config.journal).toBeUndefined();
    expect(loaded.config.calendar_overrides).toBeUndefined();
    expect(loaded.scanners).toEqual([]);
    expect(loaded.calendarOverrides).toEqual({});
  });

  it("gives every scanner sharing a universe file its symbols and warnings, and its problems", () => {
    const scanner = (name: string, universe: string) =>
      `  - name: ${name}\n    plugin: plugins/gap-scanner.js\n    universe: ${universe}\n    pre_session: true\n`;
    const text =
      "name: shared\nmode: live\nsession_data:\n scanners:\n" +
      [
        scanner("a", "universes/large-caps.txt"),
        scanner("b", "universes/large-caps.txt"),
        scanner("c", "./universes/large-caps.txt"),
      ]
        .join("")
        .replace(/^ {2}/gm, "   ");
    const loaded = parseSessionConfigText(text, "shared.yaml", FIXTURES);
    expect(loaded.scanners.map((spec) => spec.universe)).toEqual([
      ["AIG", "SPY", "MSFT"],
      ["AIG", "SPY", "MSFT"],
      ["AIG", "SPY", "MSFT"],
    ]);
    expect(loaded.scanners[0].universe).not.toBe(loaded.scanners[1].universe);
    expect(loaded.warnings).toEqual([
      'shared.yaml:7:16 session_data.scanners[0].universe: universes/large-caps.txt:6: duplicate symbol "AIG" (first on line 2) dropped',
      'shared.yaml:11:16 session_data.scanners[1].universe: universes/large-caps.txt:6: duplicate symbol "AIG" (first on line 2) dropped',
      'shared.yaml:15:16 session_data.scanners[2].universe: ./universes/large-caps.txt:6: duplicate symbol "AIG" (first on line 2) dropped',
    ]);
    const broken = text
      .replaceAll("large-caps.txt", "empty.txt")
      .replace("./universes/empty.txt", "universes/none.txt");
    expect(() => parseSessionConfigText(broken, "shared.yaml", FIXTURES)).toThrow(
      [
        "shared.yaml:7:16 session_data.scanners[0].universe: Universe file universes/empty.txt lists no symbols",
        "shared.yaml:11:16 session_data.scanners[1].universe: Universe file universes/empty.txt lists no symbols",
        "shared.yaml:15:16 session_data.scanners[2].universe: Universe file universes/none.txt does not exist",
      ].join("\n"),
    );
  });

  it("keeps :memory: stores and journals as they are", () => {
    const loaded = parseSessionConfigText(
      'name: mem\nmode: live\nstore: ":memory:"\njournal: ":memory:"\n',
      "mem.yaml",
      FIXTURES,
    );
    expect([loaded.config.store, loaded.config.journal]).toEqual([":memory:", ":memory:"]);
  });
});

describe("a bar store on PostgreSQL in a session config", () => {
  it("keeps the URL as it is (no path resolution) and refuses a password in it without repeating it", () => {
    const loaded = parseSessionConfigText(
      "name: pg\nmode: live\nstore: postgres://scan@db.internal:5433/bars\n",
      "pg.yaml",
      FIXTURES,
    );
    expect(loaded.config.store).toBe("postgres://scan@db.internal:5433/bars");

    let caught: unknown;
    try {
      parseSessionConfigText(
        "name: pg\nmode: live\nstore: postgres://scan:hunter2@db/bars\n",
        "pg.yaml",
        FIXTURES,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigErrors);
    expect((caught as ConfigErrors).message).toBe(
      "pg.yaml:3:8 store: a PostgreSQL URL in a config file must not hold a password: set PGPASSWORD, or put the whole URL in SCANWRIGHT_STORE",
    );
  });

  it("takes a journal on PostgreSQL as is, and refuses one whose URL holds a password", () => {
    const loaded = parseSessionConfigText(
      "name: pg\nmode: live\njournal: postgres://scan@127.0.0.1:5432/scans\n",
      "pg.yaml",
      FIXTURES,
    );
    expect(loaded.config.journal).toBe("postgres://scan@127.0.0.1:5432/scans");
    expect(() =>
      parseSessionConfigText(
        "name: pg\nmode: live\njournal: postgres://scan:hunter2@127.0.0.1/scans\n",
        "pg.yaml",
        FIXTURES,
      ),
    ).toThrow(
      "pg.yaml:3:10 journal: a PostgreSQL URL in a config file must not hold a password: set PGPASSWORD, or put the whole URL in SCANWRIGHT_JOURNAL",
    );
  });
});

describe("loadSessionConfig reports every problem with file, line, column and path", () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    [
      "bad-types.yaml",
      [
        'bad-types.yaml:4:20 warmup_multiplier: expected a number, got "three"',
        'bad-types.yaml:6:12 session_data.symbols: expected a list, got "AIG"',
        "bad-types.yaml:10:17 session_data.scanners[0].universe: expected a list of symbols or the path of a universe file, got 42",
        'bad-types.yaml:12:16 session_data.scanners[0].promote: expected true or false, got "yes"',
        "bad-types.yaml:13:24 session_data.scanners[0].timeout_seconds: must be greater than 0, got 0",
        "bad-types.yaml:14:33 session_data.scanners[0].max_consecutive_failures: expected a whole number, got 1.5",
        "bad-types.yaml:15:7 session_data.scanners[0].config: expected a mapping, got a list",
      ],
    ],
    [
      "unknown-keys.yaml",
      [
        'unknown-keys.yaml:3:1 session_name: unknown key "session_name"',
        'unknown-keys.yaml:7:3 backtest.speed_multiplier: unknown key "speed_multiplier"',
        'unknown-keys.yaml:11:7 session_data.scanners[0].module: unknown key "module"',
        'unknown-keys.yaml:18:11 session_data.scanners[0].regular_session[0].days_of_week: unknown key "days_of_week"',
      ],
    ],
    [
      "bad-interval.yaml",
      [
        'bad-interval.yaml:14:21 session_data.scanners[0].regular_session[0].interval: "5x" is not an interval',
      ],
    ],
    [
      "non-minute-interval.yaml",
      [
        'non-minute-interval.yaml:12:53 session_data.scanners[0].regular_session[0].interval: "30s" is not a minute interval (windows run on a grid of whole minutes: 1m or more)',
        'non-minute-interval.yaml:13:53 session_data.scanners[0].regular_session[1].interval: "1d" is not a minute interval (windows run on a grid of whole minutes: 1m or more)',
      ],
    ],
    [
      "single-digit-hour.yaml",
      [
        'single-digit-hour.yaml:12:18 session_data.scanners[0].regular_session[0].start: "9:35" is not a session time (expected HH:MM like "09:35", or "open"/"close"/"break_start"/"break_end" with an offset like "open+5m", "close-15m")',
      ],
    ],
    [
      "start-not-before-end.yaml",
      [
        'start-not-before-end.yaml:12:11 session_data.scanners[0].regular_session[0]: start must be before end ("10:30" is not before "09:35")',
        'start-not-before-end.yaml:15:11 session_data.scanners[0].regular_session[1]: start must be before end ("11:00" is not before "11:00")',
        'start-not-before-end.yaml:18:11 session_data.scanners[0].regular_session[2]: start must be before end ("close-15m" is not before "15:30")',
      ],
    ],
    [
      "window-outside-session.yaml",
      [
        'window-outside-session.yaml:12:11 session_data.scanners[0].regular_session[0]: window must lie within the regular session 09:30–16:00, got "09:00"–"10:00"',
        'window-outside-session.yaml:15:11 session_data.scanners[0].regular_session[1]: window must lie within the regular session 09:30–16:00, got "close-15m"–"close+30m"',
      ],
    ],
    [
      "overlapping-windows.yaml",
      [
        'overlapping-windows.yaml:13:11 session_data.scanners[0].regular_session[1]: window overlaps regular_session[0] ("09:35"–"11:00")',
        'overlapping-windows.yaml:15:11 session_data.scanners[0].regular_session[3]: window overlaps regular_session[0] ("09:35"–"11:00"), regular_session[1] ("10:30"–"12:00"), regular_session[2] ("12:00"–"13:00")',
      ],
    ],
    [
      "bad-cron.yaml",
      [
        'bad-cron.yaml:11:13 session_data.scanners[0].cron: "61 * * * *" is not a cron expression: Constraint error, got value 61 expected range 0-59',
        'bad-cron.yaml:15:13 session_data.scanners[1].cron: "0 10 *" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got 3',
      ],
    ],
    [
      "duplicate-scanner-names.yaml",
      [
        'duplicate-scanner-names.yaml:16:13 session_data.scanners[2].name: duplicate scanner name "momentum": scanners[0] and scanners[2]',
      ],
    ],
    [
      "duplicate-yaml-keys.yaml",
      [
        'duplicate-yaml-keys.yaml:6:1 name: duplicate key "name"',
        'duplicate-yaml-keys.yaml:16:11 session_data.scanners[0].regular_session[0].interval: duplicate key "interval"',
      ],
    ],
    [
      "yaml-syntax-error.yaml",
      [
        "yaml-syntax-error.yaml:8:3: Flow sequence in block collection must be sufficiently indented and end with a ]",
      ],
    ],
    [
      "missing-plugin.yaml",
      [
        "missing-plugin.yaml:9:15 session_data.scanners[0].plugin: plugin file plugins/no-such-scanner.ts does not exist",
        "missing-plugin.yaml:13:15 session_data.scanners[1].plugin: plugin folder-plugin.js is not a file",
        'missing-plugin.yaml:17:15 session_data.scanners[2].plugin: "plugins/gap_scanner.py" is not a plugin module (expected a .ts or .js file)',
      ],
    ],
    [
      "universe-file-missing.yaml",
      [
        "universe-file-missing.yaml:10:17 session_data.scanners[0].universe: Universe file universes/sp500.txt does not exist",
      ],
    ],
    [
      "universe-file-empty.yaml",
      [
        "universe-file-empty.yaml:10:17 session_data.scanners[0].universe: Universe file universes/empty.txt lists no symbols",
      ],
    ],
    [
      "universe-file-binary.yaml",
      [
        "universe-file-binary.yaml:10:17 session_data.scanners[0].universe: Universe file universes/binary.bin is binary, not text",
      ],
    ],
    [
      "no-schedule.yaml",
      [
        'no-schedule.yaml:8:7 session_data.scanners[0]: scanner "idle" has no schedule (set pre_session, regular_session or cron)',
      ],
    ],
    [
      "backtest-start-after-end.yaml",
      ['backtest-start-after-end.yaml:5:8 backtest.end: "2024-11-25" is before backtest.start "2024-11-29"'],
    ],
    [
      "missing-required.yaml",
      [
        "missing-required.yaml:2:1 name: is required",
        "missing-required.yaml:2:1 backtest: is required when mode is backtest (set backtest.start and backtest.end)",
        "missing-required.yaml:5:7 session_data.scanners[0].plugin: is required",
        "missing-required.yaml:5:7 session_data.scanners[0].universe: is required",
      ],
    ],
    [
      "pre-session-times.yaml",
      [
        'pre-session-times.yaml:11:20 session_data.scanners[0].pre_session: "09:45" must lie in the exchange\'s pre-session 04:00–09:30 (before the 09:30–16:00 regular session)',
        'pre-session-times.yaml:15:20 session_data.scanners[1].pre_session: "03:30" must lie in the exchange\'s pre-session 04:00–09:30 (before the 09:30–16:00 regular session)',
        'pre-session-times.yaml:19:20 session_data.scanners[2].pre_session: "close-30m" must be a time before the open: HH:MM or "open-Nm"/"open-Nh"',
        'pre-session-times.yaml:23:20 session_data.scanners[3].pre_session: expected true, false, a time "HH:MM" or "open-30m" before the open, got 900',
      ],
    ],
    [
      "bad-indicators.yaml",
      [
        'bad-indicators.yaml:8:13 session_data.indicators[0].type: unknown indicator "smaa"; known indicators: adx, atr, avg_volume, bbands, ema, gap, high_low, macd, obv, rel_volume, roc, rsi, sma, stoch, vwap, wma',
        'bad-indicators.yaml:20:21 session_data.scanners[0].indicators[0].params.period: sma: parameter "period" must be a whole number from 1 to 100000, got 0',
        'bad-indicators.yaml:22:19 session_data.scanners[0].indicators[1].period: vwap: has no parameter "period", got period 14',
      ],
    ],
    [
      "bad-names-and-symbols.yaml",
      [
        'bad-names-and-symbols.yaml:3:7 mode: expected "backtest" or "live", got "paper"',
        'bad-names-and-symbols.yaml:8:18 session_data.symbols[1]: "S&P 500" is not a valid symbol',
        'bad-names-and-symbols.yaml:10:13 session_data.scanners[0].name: "Momentum Scanner" is not a scanner name (lower-case letters, digits, "_" and "-")',
        "bad-names-and-symbols.yaml:12:7 session_data.scanners[0].universe: must list at least one symbol",
      ],
    ],
    ["not-a-mapping.yaml", ["not-a-mapping.yaml:2:1: expected a mapping, got a list"]],
    [
      "missing-calendar-overrides.yaml",
      [
        'missing-calendar-overrides.yaml:6:21 calendar_overrides: calendar overrides file "no-such-holidays.yaml" does not exist',
      ],
    ],
    [
      "many-problems.yaml",
      [
        'many-problems.yaml:5:8 backtest.end: "2024-13-01" is not a date (expected YYYY-MM-DD)',
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
  ];

  it.each(cases)("%s", (name, expected) => {
    expect(problemLines(name)).toEqual(expected);
  });

  it("throws one ConfigError (SCN_ERR_CONFIG) whose problems carry their parts and whose location is the first", () => {
    let caught: unknown;
    try {
      loadSessionConfig("bad-cron.yaml", { cwd: FIXTURES });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigErrors;
    expect(error.code).toBe("SCN_ERR_CONFIG");
    expect(error.location).toEqual({
      file: "bad-cron.yaml",
      line: 11,
      column: 13,
      path: "session_data.scanners[0].cron",
    });
    expect(error.problems.map((problem) => ({ ...problem, message: problem.message.slice(0, 30) }))).toEqual([
      {
        file: "bad-cron.yaml",
        line: 11,
        column: 13,
        path: "session_data.scanners[0].cron",
        message: '"61 * * * *" is not a cron exp',
      },
      {
        file: "bad-cron.yaml",
        line: 15,
        column: 13,
        path: "session_data.scanners[1].cron",
        message: '"0 10 *" is not a cron express',
      },
    ]);
  });

  it("reports a config file that does not exist, naming it as given", () => {
    expect(problemLines("no-such-config.yaml")).toEqual(["no-such-config.yaml: config file does not exist"]);
  });

  it("reports an empty file as a config without its required keys", () => {
    expect(() => parseSessionConfigText("# nothing yet\n", "empty.yaml", FIXTURES)).toThrow(
      [
        "empty.yaml:1:1 name: is required",
        "empty.yaml:1:1 backtest: is required when mode is backtest (set backtest.start and backtest.end)",
      ].join("\n"),
    );
  });

  it("reports an alias without its anchor at the alias", () => {
    expect(() =>
      parseSessionConfigText("name: x\nmode: live\nstore: *shared\n", "alias.yaml", FIXTURES),
    ).toThrow("alias.yaml:3:8: alias *shared has no anchor &shared before it");
  });

  it("points a value problem at the value and a missing key at its enclosing entry, in flow style too", () => {
    const text = [
      "name: flow",
      "backtest: {start: 2024-11-25, end: 2024-11-29}",
      "session_data:",
      "  scanners:",
      "    - {name: a, plugin: plugins/gap-scanner.js, universe: [AIG], regular_session: [{start: '09:35', interval: 5m}]}",
      "",
    ].join("\n");
    expect(() => parseSessionConfigText(text, "flow.yaml", FIXTURES)).toThrow(
      "flow.yaml:5:84 session_data.scanners[0].regular_session[0].end: is required",
    );
  });
});
