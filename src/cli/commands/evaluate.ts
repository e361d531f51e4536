// `scanwright evaluate CONFIG`: did the hits work? Scores every hit of a run of CONFIG (the latest by
// default, or --run N) with forward returns at the horizons, MFE/MAE and the universe baseline,
// stores the scores in the run's journal (replacing earlier scores of that run: re-running is
// idempotent; `--no-save` skips it), and prints per scanner and horizon, per day and per time of day: a table, `--json`
// or `--format csv`. The config gives the store, the journal and each scanner's universe and
// direction; the bars come from the store, the hits from the journal.

import { existsSync } from "node:fs";
import type { Command } from "commander";
import { chooseJournalPath, journalLabel } from "../../config/config-paths.js";
import { type LoadedSessionConfig, loadSessionConfig } from "../../config/load-session-config.js";
import { UsageError } from "../../core/errors.js";
import type { BarStorePort } from "../../data/bar-store-port.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { isPostgresUrl } from "../../data/pg/pg-url.js";
import { hashConfig } from "../../runtime/backtest-runner.js";
import { scoreBacktestRun } from "../../runtime/score-backtest-run.js";
import { type RunInfo, ScanJournal } from "../../scanners/scan-journal.js";
import {
  DEFAULT_ENTRY_RULE,
  ENTRY_RULES,
  type EntryRule,
  parseEntryRule,
} from "../../scoring/entry-rules.js";
import { DEFAULT_HORIZON_TEXT, type Horizon, parseHorizons } from "../../scoring/horizons.js";
import { buildReport, GROUP_KINDS, type GroupKind } from "../../scoring/score-report.js";
import { ScoreTable } from "../../scoring/score-table.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import { calendarOf } from "../../time/markets/index.js";
import type { CliIO } from "../cli-io.js";
import { formatEvaluationCsv, formatEvaluationTables } from "../evaluation-output.js";
import { requireSessionStore } from "../existing-store.js";
import { wholeNumberOption } from "../parse-options.js";
import type { CommandRegistrar } from "../program.js";
import { latestSweepRuns } from "../sweep-runs.js";
import { formatSweepEdges, rankByMeasure, type SweepEdgeLine } from "../sweep-tables.js";
import { countOf } from "../text-table.js";

const FORMATS = ["table", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

interface EvaluateOptions {
  run?: number;
  entry: string;
  horizons: string;
  groups: string;
  json?: boolean;
  format?: string;
  save: boolean;
  store?: string;
  journal?: string;
  sweep?: boolean;
}

export const registerEvaluateCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("evaluate")
    .description("score a run's hits: forward returns, MFE/MAE and the edge over the scanner's universe")
    .argument("<config>", "the session config the run was made with (store, journal, universes, directions)")
    .option(
      "--run <id>",
      "the run to score (default: the latest run of this config)",
      wholeNumberOption("--run", 1, 2 ** 53 - 1),
    )
    .option("--entry <rule>", `entry price: ${ENTRY_RULES.join(", ")}`, DEFAULT_ENTRY_RULE)
    .option("--horizons <list>", "horizons, comma-separated: Nm, close, Nd", DEFAULT_HORIZON_TEXT)
    .option("--groups <list>", `figures to print: ${GROUP_KINDS.join(", ")}`, GROUP_KINDS.join(","))
    .option("--format <format>", `output: ${FORMATS.join(", ")}`)
    .option("--json", "the same as --format json")
    .option(
      "--sweep",
      "score every run of the latest sweep of CONFIG and compare them, best mean return at the first horizon first",
    )
    .option("--no-save", "print the figures without storing the scores in the journal")
    .option("--store <path>", "bar store file (overrides the config)")
    .option(
      "--journal <path>",
      "scan journal: a file or a postgres:// URL (default: the config's journal, $SCANWRIGHT_JOURNAL, else journal.db beside the store)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright evaluate configs/demo.yaml\n" +
        "  scanwright evaluate configs/demo.yaml --run 3 --entry close_at_T --horizons 15m,close,1d\n" +
        "  scanwright evaluate configs/demo.yaml --groups all --format csv > edge.csv\n" +
        "  scanwright evaluate sweep.yaml --sweep --horizons 30m,close\n",
    )
    .action((config: string, options: EvaluateOptions) => runEvaluate(io, config, options));
};

function runEvaluate(io: CliIO, configPath: string, options: EvaluateOptions): void {
  const format = formatOf(options);
  const entryRule = parseEntryRule(options.entry);
  const horizons = parseHorizons(options.horizons);
  const groups = parseGroups(options.groups);
  const loaded = loadSessionConfig(configPath, { cwd: io.cwd });
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  const storePath = requireSessionStore(io, loaded, options.store).path;
  const journalPath = chooseJournalPath({
    flag: options.journal,
    config: loaded.config.journal,
    env: io.env,
    cwd: io.cwd,
    storePath,
  });
  if (!isPostgresUrl(storePath)) requireFile(storePath, "bar store", configPath);
  if (!isPostgresUrl(journalPath)) requireFile(journalPath, "scan journal", configPath);

  const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
  const store = openBarStore(storePath);
  const journal = ScanJournal.open(journalPath);
  if (options.sweep) {
    try {
      evaluateSweep(
        io,
        { loaded, journal, journalPath, store, calendar, entryRule, horizons },
        options,
        format,
      );
    } finally {
      journal.close();
      store.close();
    }
    return;
  }
  try {
    const run = pickRun(journal.runs(), options.run, loaded.config.name, journal.path);
    if (run.configHash !== hashConfig(loaded.config)) {
      io.stderr.write(
        `warning: run ${run.id} was made with another version of ${configPath}; its current universes and directions are used\n`,
      );
    }
    if (run.status !== "completed")
      io.stderr.write(`warning: run ${run.id} is ${run.status}: its hits so far are scored\n`);
    const scores = scoreBacktestRun({ loaded, journal, run: run.id, store, calendar, entryRule, horizons });
    if (options.save) {
      const table = ScoreTable.open(journalPath);
      try {
        table.write(scores);
      } finally {
        table.close();
      }
    }
    const report = buildReport(scores, { groups, calendar });
    if (format === "json") io.stdout.write(`${JSON.stringify(report)}\n`);
    else if (format === "csv") io.stdout.write(formatEvaluationCsv(report));
    else {
      const where = options.save ? `stored in ${journalLabel(journalPath)}` : "not stored (--no-save)";
      const title = `Run ${run.id} "${run.name}" (${run.mode}): ${countOf(scores.hits.count, "hit", { grouped: true })} scored, ${where}`;
      io.stdout.write(formatEvaluationTables(report, title));
    }
  } finally {
    journal.close();
    store.close();
  }
}

interface SweepScoring {
  readonly loaded: LoadedSessionConfig;
  readonly journal: ScanJournal;
  readonly journalPath: string;
  readonly store: BarStorePort;
  readonly calendar: ExchangeCalendar;
  readonly entryRule: EntryRule;
  readonly horizons: readonly Horizon[];
}

/**
 * Every completed run of the latest sweep scored (and stored unless --no-save), one line each: the
 * swept scanner at the first horizon, best mean forward return first. A failed run is listed last,
 * unscored.
 */
function evaluateSweep(io: CliIO, input: SweepScoring, options: EvaluateOptions, format: Format): void {
  if (options.run !== undefined)
    throw new UsageError("--sweep scores every run of the latest sweep: drop --run");
  if (format === "csv") throw new UsageError("--sweep prints a table or JSON, not --format csv");
  const { journal, journalPath } = input;
  const sweep = latestSweepRuns(journal.runs(), input.loaded.config.name, journalLabel(journalPath));
  const lines: SweepEdgeLine[] = [];
  for (const entry of sweep) {
    const unscored = { sweep: entry, horizon: "-", hits: 0, meanReturn: null, hitRate: null, edge: null };
    if (entry.run.status !== "completed") {
      lines.push(unscored);
      continue;
    }
    const scores = scoreBacktestRun({ ...input, run: entry.run.id });
    if (options.save) {
      const table = ScoreTable.open(journalPath);
      try {
        table.write(scores);
      } finally {
        table.close();
      }
    }
    const report = buildReport(scores, { groups: ["all"], calendar: input.calendar });
    const row = report.rows.find(
      (candidate) => candidate.scanner === entry.scanner && candidate.horizon === report.horizons[0],
    );
    lines.push(
      row === undefined
        ? { ...unscored, horizon: report.horizons[0] }
        : {
            sweep: entry,
            horizon: row.horizon,
            hits: row.hits,
            meanReturn: row.meanReturn,
            hitRate: row.hitRate,
            edge: row.edge,
          },
    );
  }
  if (format === "json") {
    for (const [rank, line] of rankByMeasure(lines, (entry) => entry.meanReturn).entries()) {
      io.stdout.write(
        `${JSON.stringify({
          rank: rank + 1,
          run: line.sweep.run.id,
          status: line.sweep.run.status,
          combination: line.sweep.index,
          values: line.sweep.values,
          horizon: line.horizon,
          hits: line.hits,
          mean_return: line.meanReturn,
          hit_rate: line.hitRate,
          edge: line.edge,
        })}\n`,
      );
    }
    return;
  }
  const first = sweep[0];
  const where = options.save ? `stored in ${journalLabel(journalPath)}` : "not stored (--no-save)";
  const title =
    `Sweep of scanner "${first.scanner}" in "${first.run.name}": ${countOf(sweep.length, "run")} of ${first.of} combinations, ` +
    `best mean return at ${horizonLabel(lines)} first (entry ${input.entryRule}; scores ${where})`;
  io.stdout.write(formatSweepEdges(title, lines));
}

function horizonLabel(lines: readonly SweepEdgeLine[]): string {
  return lines.find((line) => line.horizon !== "-")?.horizon ?? "the first horizon";
}

function formatOf(options: EvaluateOptions): Format {
  if (options.json && options.format !== undefined && options.format !== "json") {
    throw new UsageError(`--json and --format ${options.format} contradict each other; give one`);
  }
  if (options.json) return "json";
  if (options.format === undefined) return "table";
  const found = FORMATS.find((format) => format === options.format);
  if (found === undefined)
    throw new UsageError(`--format must be ${FORMATS.join(", ")}, got "${options.format}"`);
  return found;
}

function parseGroups(text: string): GroupKind[] {
  const groups = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  for (const group of groups) {
    if (!(GROUP_KINDS as readonly string[]).includes(group)) {
      throw new UsageError(`--groups takes ${GROUP_KINDS.join(", ")}, got "${group}"`);
    }
  }
  if (groups.length === 0) throw new UsageError(`--groups needs at least one of ${GROUP_KINDS.join(", ")}`);
  return GROUP_KINDS.filter((group) => groups.includes(group));
}

function requireFile(path: string, what: string, configPath: string): void {
  if (path === ":memory:")
    throw new UsageError(`The ${what} of ${configPath} is in memory: nothing to evaluate`);
  if (!existsSync(path))
    throw new UsageError(`No ${what} at "${path}"; run a backtest of ${configPath} first`);
}

/** --run N, else the latest run named like the config. */
function pickRun(
  runs: readonly RunInfo[],
  wanted: number | undefined,
  name: string,
  journalPath: string,
): RunInfo {
  if (wanted !== undefined) {
    const found = runs.find((run) => run.id === wanted);
    if (!found) throw new UsageError(`The journal "${journalPath}" has no run ${wanted}`);
    return found;
  }
  const latest = runs.filter((run) => run.name === name).at(-1);
  if (!latest) {
    throw new UsageError(
      `The journal "${journalPath}" has no run of "${name}"; run a backtest first (scanwright run CONFIG)`,
    );
  }
  return latest;
}
