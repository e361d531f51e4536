// `scanwright report [RUN] -o FILE`: one self-contained HTML file for a run (the latest by
// default): its config and hash, per-scanner summary, hits per day, top symbols, a hit-time
// histogram, and the charts of a sample of hits. The journal and store are read as `serve` reads
// them (read-only); the file is written whole (to a temporary file renamed into place).

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { journalLabel } from "../../config/config-paths.js";
import { UsageError } from "../../core/errors.js";
import { CHART_INTERVALS, isChartInterval } from "../../web/chart-data.js";
import { DashboardSources } from "../../web/dashboard-sources.js";
import { buildReportData, DEFAULT_REPORT_CHARTS } from "../../web/report-data.js";
import { renderReportHtml } from "../../web/report-html.js";
import type { CliIO } from "../cli-io.js";
import { DEFAULT_JOURNAL_PATH, locateJournal } from "../journal-location.js";
import { wholeNumberOption } from "../parse-options.js";
import type { CommandRegistrar } from "../program.js";

interface ReportCommandOptions {
  output: string;
  journal?: string;
  config?: string;
  store?: string;
  charts: number;
  interval?: string;
}

export const registerReportCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("report")
    .description("write a self-contained HTML report of a run (the latest by default)")
    .argument("[run]", "the run id (default: the latest run)")
    .requiredOption("-o, --output <file>", "the HTML file to write")
    .option("--config <config>", "the run's config: shown in the report, its journal and store used")
    .option(
      "--journal <path>",
      `scan journal: a file or a postgres:// URL (default: the config's, $SCANWRIGHT_JOURNAL, else ${DEFAULT_JOURNAL_PATH})`,
    )
    .option("--store <path>", "bar store file for the charts (default: the config's, else the default store)")
    .option(
      "--charts <n>",
      "chart at most N of the (scanner, symbol, day) with hits, evenly spaced",
      wholeNumberOption("--charts", 0, 1_000),
      DEFAULT_REPORT_CHARTS,
    )
    .option("--interval <interval>", `chart interval: ${CHART_INTERVALS.join(", ")} (default: per scanner)`)
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright report --config configs/demo.yaml -o report.html\n" +
        "  scanwright report 3 --journal .scanwright/journal.db -o run3.html --charts 60\n",
    )
    .action((run: string | undefined, options: ReportCommandOptions) => runReport(io, run, options));
};

function runReport(io: CliIO, runText: string | undefined, options: ReportCommandOptions): void {
  if (options.interval !== undefined && !isChartInterval(options.interval)) {
    throw new UsageError(
      `--interval must be one of ${CHART_INTERVALS.join(", ")}, got "${options.interval}"`,
    );
  }
  const interval = options.interval as (typeof CHART_INTERVALS)[number] | undefined;
  const { journalPath, storePath, loaded } = locateJournal(io, options);
  const output = resolve(io.cwd, options.output);
  if (existsSync(output) && statSync(output).isDirectory()) {
    throw new UsageError(`-o ${options.output} is a folder; name the HTML file to write`);
  }
  const sources = DashboardSources.open({ journalPath, storePath, loaded });
  try {
    const runs = sources.journal.runs();
    if (runs.length === 0) throw new UsageError(`The journal "${journalLabel(journalPath)}" has no runs yet`);
    const runId = runText === undefined ? runs[runs.length - 1].id : runNumber(runText);
    if (!runs.some((run) => run.id === runId)) {
      throw new UsageError(
        `Run ${runId}: the journal "${journalLabel(journalPath)}" has no such run (runs ${runs[0].id} to ${runs[runs.length - 1].id})`,
      );
    }
    const configText = loaded === undefined ? undefined : readFileSync(resolve(io.cwd, loaded.file), "utf8");
    const data = buildReportData(sources, { runId, maxCharts: options.charts, interval, configText });
    const html = renderReportHtml(data);
    writeWhole(output, html);
    const size = Buffer.byteLength(html);
    io.stdout.write(
      `Report of run ${runId} "${data.run.name}" written to ${output} (${formatSize(size)}, ` +
        `${data.sampling.charted} charts of ${data.sampling.groups} (scanner, symbol, day) with hits)\n`,
    );
  } finally {
    sources.close();
  }
}

/** Writes `text` to a temporary file beside `path` and renames it into place: never half a file. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`Cannot write the report "${path}" (${code})`, { cause: error });
  }
}

function runNumber(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`RUN must be a run id (a whole number >= 1), got "${text}"`);
  }
  return value;
}

function formatSize(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}
