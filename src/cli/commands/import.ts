// `scanwright import FILES…`: validates and imports bar CSV files into the store, one transaction
// per file, with a progress bar on a terminal and a one-line summary per file. A file with a bad
// row imports nothing and stops the command (files before it stay imported) unless --skip-bad.
// Rows are checked against the exchange calendar (with --calendar-overrides). Every message names
// a file as the user gave it (relative paths stay relative).

import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { ImportError } from "../../core/errors.js";
import { type ImportReport, importCsvFile } from "../../data/csv-import.js";
import { type ColumnMapping, parseColumnMapping } from "../../data/csv-layout.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { resolveStorePath } from "../../data/store-path.js";
import { localTimeToUtcIn } from "../../data/zone-time.js";
import { loadCalendarOverrides } from "../../time/calendar-overrides.js";
import { calendarOf, MARKETS, marketDefinition } from "../../time/markets/index.js";
import type { CliIO } from "../cli-io.js";
import type { CommandRegistrar } from "../program.js";
import { createProgress } from "../progress.js";

interface ImportCommandOptions {
  symbol?: string;
  interval?: string;
  factors?: string;
  skipBad?: boolean;
  store?: string;
  tz?: string;
  columns?: string;
  calendarOverrides?: string;
  exchange: string;
}

export const registerImportCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("import")
    .description("validate bar CSV files and import them into the store (re-importing changes nothing)")
    .argument(
      "<files...>",
      "CSV files: daily `date,open,high,low,close,volume` (Yahoo's `Date,Open,High,Low,Close,Adj Close,Volume` too) or minute `timestamp,…`",
    )
    .option(
      "--symbol <symbol>",
      "the symbol of the bars (default: from the file name, SPY-20131007.csv → SPY)",
    )
    .option(
      "--interval <interval>",
      "the interval of the bars (default: from the file name, folder or header)",
    )
    .option("--factors <dir>", "split- and dividend-adjust with the factor file SYMBOL.csv in this folder")
    .option("--skip-bad", "import the good rows of a file with bad rows and list the bad ones")
    .option(
      "--tz <zone>",
      "IANA time zone of timestamps written without an offset (default: the exchange's zone)",
    )
    .option(
      "--columns <mapping>",
      "which column holds what, by header name or 1-based position: time=Datetime,open=o,…,volume=Vol",
    )
    .option(
      "--exchange <mic>",
      `the exchange whose trading days and hours the bars must fall in (${MARKETS.map((market) => market.mic).join(", ")})`,
      "XNYS",
    )
    .option(
      "--calendar-overrides <file>",
      "YAML calendar overrides: a closure refuses that day's bars, a cancelled closure accepts them",
    )
    .option("--store <path>", "bar store file (default: $SCANWRIGHT_STORE or .scanwright/bars.db)")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright import ../shared/data/minute/SPY-*.csv\n" +
        "  scanwright import ../shared/data/daily/AAPL.csv --factors ../shared/data/factors\n" +
        "  scanwright import AAPL.csv --interval 1d                      (Yahoo's Date,Open,…,Adj Close,Volume)\n" +
        "  scanwright import spy.csv --symbol SPY --interval 1m --tz UTC  (2024-01-02 14:30:00 read as UTC)\n" +
        "  scanwright import bars.csv --symbol SPY --interval 5m --columns time=ts,volume=qty\n",
    )
    .action((files: string[], options: ImportCommandOptions) => runImport(io, files, options));
};

function runImport(io: CliIO, files: readonly string[], options: ImportCommandOptions): void {
  const columns: ColumnMapping | undefined =
    options.columns === undefined ? undefined : parseColumnMapping(options.columns);
  if (options.tz !== undefined) localTimeToUtcIn(options.tz); // an unknown zone is refused before any file
  const market = marketDefinition(options.exchange);
  const overrides =
    options.calendarOverrides === undefined
      ? {}
      : loadCalendarOverrides(options.calendarOverrides, { cwd: io.cwd, market });
  const days = calendarOf(market.mic, overrides);
  const storePath = resolveStorePath({ flag: options.store, env: io.env, cwd: io.cwd });
  const store = openBarStore(storePath);
  try {
    const totals = { files: 0, inserted: 0, unchanged: 0, replaced: 0, skipped: 0 };
    for (const file of files) {
      const progress = createProgress(io, `import ${basename(file)}`);
      const path = resolve(io.cwd, file);
      let report: ImportReport;
      try {
        report = importCsvFile(store, path, {
          symbol: options.symbol,
          interval: options.interval,
          skipBad: options.skipBad === true,
          factorsDir: options.factors === undefined ? undefined : resolve(io.cwd, options.factors),
          timeZone: options.tz,
          columns,
          days,
          onProgress: (done, total) => progress.update(done, total),
        });
      } catch (error) {
        throw error instanceof ImportError && path !== file ? namedAsGiven(error, path, file) : error;
      } finally {
        progress.stop();
      }
      io.stdout.write(`${file}: ${formatReport(report)}\n`);
      for (const problem of report.skipped)
        io.stderr.write(`  ${file}:${problem.line}: skipped: ${problem.reason}\n`);
      if (report.skippedCount > report.skipped.length) {
        io.stderr.write(`  ${file}: … and ${report.skippedCount - report.skipped.length} more skipped\n`);
      }
      if (report.repairedChunks > 0) {
        io.stderr.write(
          `warning: ${file}: ${report.repairedChunks} damaged chunk(s) of ${report.symbol} ${report.interval} in the store were replaced by this file's bars\n`,
        );
      }
      totals.files++;
      totals.inserted += report.inserted;
      totals.unchanged += report.unchanged;
      totals.replaced += report.replaced;
      totals.skipped += report.skippedCount;
    }
    if (totals.files > 1) {
      io.stdout.write(
        `${totals.files} files into ${store.path}: ${totals.inserted} inserted, ${totals.unchanged} unchanged, ` +
          `${totals.replaced} replaced, ${totals.skipped} skipped\n`,
      );
    }
  } finally {
    store.close();
  }
}

/** The same refusal with the file's resolved path replaced by the name the user typed. */
function namedAsGiven(error: ImportError, path: string, file: string): ImportError {
  return new ImportError(error.message.split(path).join(file), error.problems, {
    cause: error,
    location: { ...error.location, file },
  });
}

/** `SPY 1m, 828 rows: 828 inserted, 0 unchanged, 0 replaced, 0 skipped (adjusted with …)`. */
function formatReport(report: ImportReport): string {
  const adjusted = report.factorFile === undefined ? "" : ` (adjusted with ${report.factorFile})`;
  return (
    `${report.symbol} ${report.interval}, ${report.rows} rows: ${report.inserted} inserted, ` +
    `${report.unchanged} unchanged, ${report.replaced} replaced, ${report.skippedCount} skipped${adjusted}`
  );
}
