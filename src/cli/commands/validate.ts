// `scanwright validate CONFIG`: checks a session config as far as a run would before its first scan:
// the schema, the files and indicators it names, the bar store (it must exist), every enabled
// scanner's plugin (imported, its `config:` block checked against the plugin's schema) and, for a
// backtest, whether the store holds bars of the session's symbols on its dates (a warning per
// symbol without any, an error when no symbol has one). It prints `CONFIG: ok (N scanners,
// M symbols)` and the warnings, or every problem, one per line, with exit code 2.

import type { Command } from "commander";
import { ConfigErrors, type ConfigProblem, sortConfigProblems } from "../../config/config-problem.js";
import { type LoadedSessionConfig, loadSessionConfig } from "../../config/load-session-config.js";
import {
  ConfigError,
  formatLocation,
  PluginError,
  type ScanwrightError,
  UsageError,
} from "../../core/errors.js";
import { issueProblems } from "../../core/zod-issues.js";
import { BarPresence } from "../../data/bar-presence.js";
import { openBarStore } from "../../data/open-bar-store.js";
import {
  type DaysWithoutBars,
  findDaysWithoutBars,
  tradingDayWindow,
} from "../../runtime/days-without-bars.js";
import { loadScannerWith } from "../../scanners/plugin-loader.js";
import { calendarOf } from "../../time/markets/index.js";
import type { CliIO } from "../cli-io.js";
import { describeDaysWithoutBars } from "../days-without-bars-text.js";
import { requireSessionStore } from "../existing-store.js";
import { CommandExit, EXIT_BAD_INPUT } from "../exit-codes.js";
import type { CommandRegistrar } from "../program.js";
import { reportError } from "../report-error.js";
import { countOf } from "../text-table.js";

interface ValidateOptions {
  store?: string;
}

/** What one validation found beyond the config file itself. */
interface Findings {
  /** Problems with a place in the config file, printed together as one SCN_ERR_CONFIG. */
  readonly problems: ConfigProblem[];
  /** Problems that are their own error (a plugin that does not load, a --store that does not exist). */
  readonly errors: ScanwrightError[];
  readonly warnings: string[];
}

export const registerValidateCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("validate")
    .description(
      "check a session config as a run would: schema, files, indicators, the store, each plugin and its config, the bars of its symbols",
    )
    .argument("<config>", "session config file (YAML)")
    .option("--store <path>", "bar store file (overrides the config, as with `run --store`)")
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright validate configs/demo.yaml\n  scanwright validate configs/demo.yaml --store /tmp/other.db\n",
    )
    .action((config: string, options: ValidateOptions) => runValidate(io, config, options));
};

async function runValidate(io: CliIO, configPath: string, options: ValidateOptions): Promise<void> {
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  const findings: Findings = { problems: [], errors: [], warnings: [...loaded.warnings] };
  const storePath = checkStore(io, loaded, options.store, findings);
  await checkPlugins(io, loaded, findings);
  if (storePath !== undefined) checkBars(loaded, storePath, findings);

  for (const warning of findings.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (findings.problems.length > 0 || findings.errors.length > 0) {
    if (findings.problems.length > 0)
      reportError(io, new ConfigErrors(sortConfigProblems(findings.problems)), false);
    for (const error of findings.errors) reportError(io, error, false);
    throw new CommandExit(EXIT_BAD_INPUT, `${configPath} has problems`);
  }
  const enabled = loaded.scanners.filter((scanner) => scanner.enabled);
  io.stdout.write(
    `${configPath}: ok (${countOf(enabled.length, "scanner")}, ${countOf(sessionSymbols(loaded).length, "symbol")})\n`,
  );
}

/** The store a run would use; `undefined` (and a problem) when it does not exist. */
function checkStore(
  io: CliIO,
  loaded: LoadedSessionConfig,
  flag: string | undefined,
  findings: Findings,
): string | undefined {
  try {
    return requireSessionStore(io, loaded, flag).path;
  } catch (error) {
    if (error instanceof ConfigErrors) findings.problems.push(...error.problems);
    else if (error instanceof UsageError) findings.errors.push(error);
    else throw error;
    return undefined;
  }
}

/** Imports every enabled scanner's plugin as `run` does; each one that fails is a problem. */
async function checkPlugins(io: CliIO, loaded: LoadedSessionConfig, findings: Findings): Promise<void> {
  for (const [index, spec] of loaded.scanners.entries()) {
    if (!spec.enabled) continue;
    try {
      const scanner = await loadScannerWith(spec, {
        watch: io.supervision?.watch,
        abandoned: io.supervision?.abandoned,
      });
      if (scanner.loadFailure !== undefined) {
        throw new PluginError(`Plugin ${spec.plugin} (${spec.source}): ${scanner.loadFailure}`);
      }
    } catch (error) {
      const issues = error instanceof ConfigError ? zodIssuesOf(error.cause) : undefined;
      if (issues !== undefined) {
        // The `config:` block does not fit the plugin's schema: one problem per issue, at its key.
        const configPath = ["session_data", "scanners", index, "config"];
        for (const issue of issues) {
          for (const problem of issueProblems(issue)) {
            findings.problems.push({
              ...loaded.locate([...configPath, ...problem.path], problem.target),
              message: `${problem.message} (the plugin's configSchema)`,
            });
          }
        }
      } else if (error instanceof PluginError || error instanceof ConfigError) {
        findings.errors.push(error);
      } else {
        throw error;
      }
    }
  }
}

/**
 * For a backtest: which session symbols the store holds no bar of on the backtest's trading days.
 * A warning per such symbol, where the config names it; an error (at `backtest`) when none has one.
 */
function checkBars(loaded: LoadedSessionConfig, storePath: string, findings: Findings): void {
  const window = loaded.config.backtest;
  if (loaded.config.mode !== "backtest" || window === undefined) return;
  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const days = calendar.tradingDays(window.start, window.end);
  if (days.length === 0) return;
  const [first, last] = [days[0], days[days.length - 1]];
  const range = {
    fromTime: tradingDayWindow(calendar, first).fromTime,
    toTime: tradingDayWindow(calendar, last).toTime,
  };
  const symbols = sessionSymbols(loaded);
  if (symbols.length === 0) return;
  const store = openBarStore(storePath, { readOnly: true });
  let missing: SessionSymbol[];
  let withoutBars: DaysWithoutBars[];
  try {
    const presence = new BarPresence(store);
    missing = symbols.filter(({ symbol }) => !presence.between(symbol, range.fromTime, range.toTime));
    withoutBars = findDaysWithoutBars(
      store,
      calendar,
      days,
      loaded.scanners.filter((spec) => spec.enabled),
    );
  } finally {
    store.close();
  }
  const span = first === last ? `on ${first}` : `from ${first} to ${last}`;
  if (missing.length === symbols.length) {
    findings.problems.push({
      ...loaded.locate(["backtest"]),
      message:
        `the bar store "${store.path}" holds no bars of any of the ${countOf(symbols.length, "symbol")} ` +
        `of this session ${span}; import them, or pick dates the store covers`,
    });
    return;
  }
  for (const { symbol, at } of missing) {
    findings.warnings.push(
      `${formatLocation(loaded.locate(at))}: no bars of ${JSON.stringify(symbol)} in the store ${span}`,
    );
  }
  for (const found of withoutBars) findings.warnings.push(describeDaysWithoutBars(found, days));
}

/** A symbol of the session and the config path that names it first. */
interface SessionSymbol {
  readonly symbol: string;
  readonly at: readonly PropertyKey[];
}

/** Distinct symbols the session will touch: its own symbols and every enabled scanner's universe. */
function sessionSymbols(loaded: LoadedSessionConfig): SessionSymbol[] {
  const found = new Map<string, readonly PropertyKey[]>();
  const { session_data: data } = loaded.config;
  data.symbols.forEach((symbol, index) => {
    if (!found.has(symbol)) found.set(symbol, ["session_data", "symbols", index]);
  });
  loaded.scanners.forEach((spec, index) => {
    if (!spec.enabled) return;
    const universe = data.scanners[index]?.universe;
    for (const symbol of spec.universe) {
      if (found.has(symbol)) continue;
      const position = Array.isArray(universe) ? universe.indexOf(symbol) : -1;
      const at = ["session_data", "scanners", index, "universe"];
      found.set(symbol, position >= 0 ? [...at, position] : at);
    }
  });
  return [...found.entries()].map(([symbol, at]) => ({ symbol, at }));
}

function zodIssuesOf(cause: unknown): ReadonlyArray<Parameters<typeof issueProblems>[0]> | undefined {
  if (typeof cause !== "object" || cause === null || !("issues" in cause)) return undefined;
  const { issues } = cause as { issues: unknown };
  return Array.isArray(issues) ? issues : undefined;
}
