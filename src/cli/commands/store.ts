// `scanwright store info`: what a bar store holds, without changing it: per interval the symbols,
// bars and first and last dates; with --symbols, per symbol too (all, or a comma-separated list,
// each of which must be in the store); --json prints one JSON document instead. Dates and times are
// the exchange's (--exchange, else the --config session's, else the NYSE), which the output names.
// The store must exist (a read command never creates one).
// `scanwright store copy FROM TO`: every series of one store into another (SQLite file or
// PostgreSQL URL, either way), verified by counts and checksums (data/store-copy.ts), with a
// progress bar on a terminal. A location is a path, a URL without a password, or `env:NAME` for a
// URL held in an environment variable (the only place a password may be).
// `scanwright store optimize`: gives a SQLite store the layout of a new one (chunks clustered by
// time span then series: data/store-optimize.ts), each step named on stderr.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadSessionConfig } from "../../config/load-session-config.js";
import { UsageError } from "../../core/errors.js";
import { normalizeSymbol } from "../../core/symbol.js";
import { type SeriesInfo } from "../../data/bar-store.js";
import type { BarStorePort } from "../../data/bar-store-port.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { isPostgresUrl, urlHasPassword } from "../../data/pg/pg-url.js";
import { copyStore, type StoreCopyReport } from "../../data/store-copy.js";
import { optimizeStore } from "../../data/store-optimize.js";
import { summarizeStore } from "../../data/store-summary.js";
import { copyJournal, type JournalCopyReport } from "../../runtime/journal-copy.js";
import { openJournalSql } from "../../scanners/journal-sql/open-journal-sql.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import type { CliIO } from "../cli-io.js";
import { exchangeCalendar } from "../exchange-zone.js";
import { requireExistingStore } from "../existing-store.js";
import type { CommandRegistrar } from "../program.js";
import { createProgress } from "../progress.js";
import { formatSeriesLines, formatStoreSummary } from "../store-summary-text.js";

interface StoreInfoOptions {
  store?: string;
  exchange?: string;
  config?: string;
  json?: boolean;
  /** `true` for every symbol, or a comma-separated list. */
  symbols?: string | true;
}

export const registerStoreCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  const store = program
    .command("store")
    .description("inspect the bar store, copy it to another backend, or optimize its file")
    .addHelpText("after", "\nExample:\n  scanwright store info --symbols SPY,AAPL\n");
  store
    .command("info")
    .description("what the bar store holds: symbols, bars and date ranges per interval (and per symbol)")
    .option("--store <path>", "bar store file (default: $SCANWRIGHT_STORE or .scanwright/bars.db)")
    .option("--symbols [list]", "also list each symbol's series: all of them, or a comma-separated list")
    .option(
      "--exchange <mic>",
      "the exchange the bars trade on: dates and times on its calendar and clock (default: the --config session's, else XNYS)",
    )
    .option("--config <config>", "a session config: its store and its exchange")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright store info\n  scanwright store info --symbols SPY,AAPL --json\n",
    )
    .action((options: StoreInfoOptions) => runStoreInfo(io, options));
  store
    .command("copy")
    .description(
      "copy every series of one bar store into another (SQLite ↔ PostgreSQL), verified by counts and checksums",
    )
    .argument("<from>", "source store: a file, a postgres:// URL (no password), or env:NAME")
    .argument("<to>", "target store (created if new): a file, a postgres:// URL (no password), or env:NAME")
    .option(
      "--symbols <list>",
      "copy only these symbols (comma-separated), each of which must be in the source",
    )
    .option(
      "--journal",
      "FROM and TO are scan journals: copy runs, scan rows, alerts and scores into an empty journal",
    )
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright store copy .scanwright/bars.db postgres://scan@db:5432/bars\n" +
        "  scanwright store copy --journal .scanwright/journal.db postgres://scan@db:5432/scans\n" +
        "  PGPASSWORD=… scanwright store copy env:SCANWRIGHT_STORE backup.db\n",
    )
    .action((from: string, to: string, options: StoreCopyOptions) => runStoreCopy(io, from, to, options));
  store
    .command("optimize")
    .description(
      "rewrite a SQLite bar store in the current layout (a day of every symbol on consecutive pages): faster backtest reads",
    )
    .option("--store <path>", "bar store file (default: $SCANWRIGHT_STORE or .scanwright/bars.db)")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nNeeds the store to itself (no run, daemon or import using it) and free disk space about the\n" +
        "store's size. Each step is atomic: a failure or an interrupt leaves every bar in place.\n" +
        "\nExample:\n  scanwright store optimize --store .scanwright/bars.db\n",
    )
    .action((options: StoreOptimizeOptions) => runStoreOptimize(io, options));
};

interface StoreOptimizeOptions {
  store?: string;
  json?: boolean;
}

function runStoreOptimize(io: CliIO, options: StoreOptimizeOptions): void {
  const path = requireExistingStore({ flag: options.store, env: io.env, cwd: io.cwd }).path;
  if (isPostgresUrl(path)) {
    throw new UsageError("store optimize rewrites a SQLite store file; a PostgreSQL store needs no rewrite");
  }
  const report = optimizeStore(path, { onStep: (step) => io.stderr.write(`optimize: ${step}…\n`) });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  io.stdout.write(
    `Optimized ${report.path}: ${report.chunks} chunks by time span and series, ${report.pageSizeAfter / 1024} KiB pages, ` +
      `${mb(report.bytesBefore)} MB → ${mb(report.bytesAfter)} MB.\n`,
  );
}

interface StoreCopyOptions {
  symbols?: string;
  journal?: boolean;
  json?: boolean;
}

function runStoreCopy(io: CliIO, fromArg: string, toArg: string, options: StoreCopyOptions): void {
  const fromLocation = copyLocation(io, fromArg, "FROM");
  const toLocation = copyLocation(io, toArg, "TO");
  if (fromLocation === toLocation) throw new UsageError("FROM and TO are the same store");
  if (options.journal) {
    runJournalCopy(io, fromLocation, toLocation, options);
    return;
  }
  requireExistingStore({ flag: fromLocation, env: {}, cwd: io.cwd });
  const from = openBarStore(fromLocation, { readOnly: true });
  let report: StoreCopyReport;
  let target: string;
  try {
    const series = options.symbols === undefined ? from.listSeries() : selectSeries(from, options.symbols);
    const to = openBarStore(toLocation);
    target = to.path;
    const progress = createProgress(io, "copy");
    try {
      report = copyStore(from, to, (done, total) => progress.update(done, total), series);
    } finally {
      progress.stop();
      to.close();
    }
  } finally {
    from.close();
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ from: from.path, to: target, ...report })}\n`);
    return;
  }
  io.stdout.write(
    `Copied ${report.series.length} series, ${report.bars} bars from ${from.path} to ${target} ` +
      `(${report.inserted} inserted, ${report.unchanged} unchanged, ${report.replaced} replaced); ` +
      "verified: every series has the same bar count and SHA-256 in both stores.\n",
  );
}

function runJournalCopy(
  io: CliIO,
  fromLocation: string,
  toLocation: string,
  options: StoreCopyOptions,
): void {
  if (options.symbols !== undefined)
    throw new UsageError("--symbols selects bar series: a journal is copied whole");
  if (!isPostgresUrl(fromLocation) && !existsSync(fromLocation)) {
    throw new UsageError(`FROM: no scan journal at "${fromLocation}"`);
  }
  const from = openJournalSql(fromLocation, { readOnly: true });
  let report: JournalCopyReport;
  let target: string;
  try {
    const to = openJournalSql(toLocation);
    target = to.location;
    const progress = createProgress(io, "copy");
    try {
      report = copyJournal(from, to, (done, total) => progress.update(done, total));
    } finally {
      progress.stop();
      to.close();
    }
  } finally {
    from.close();
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ from: from.location, to: target, ...report })}\n`);
    return;
  }
  const runs = report.tables.find((table) => table.table === "runs")?.rows ?? 0;
  io.stdout.write(
    `Copied the journal ${from.location} to ${target}: ${runs} runs, ${report.rows} rows in ${report.tables.length} tables; ` +
      "verified: every table has the same row count and SHA-256 in both journals.\n",
  );
}

/** A store location from the command line: `env:NAME`, a postgres:// URL without a password, or a path. */
function copyLocation(io: CliIO, argument: string, name: string): string {
  const text = argument.trim();
  if (text.startsWith("env:")) {
    const variable = text.slice(4);
    const value = io.env[variable]?.trim();
    if (!value) throw new UsageError(`${name}: the environment variable ${variable} is not set`);
    return isPostgresUrl(value) || value === ":memory:" ? value : resolve(io.cwd, value);
  }
  if (isPostgresUrl(text)) {
    if (urlHasPassword(text)) {
      throw new UsageError(
        `${name}: a password on the command line shows in the process list and the shell history; ` +
          "set PGPASSWORD, or pass env:NAME for a URL held in an environment variable",
      );
    }
    return text;
  }
  return resolve(io.cwd, text);
}

function runStoreInfo(io: CliIO, options: StoreInfoOptions): void {
  const loaded =
    options.config === undefined ? undefined : loadSessionConfig(options.config, { cwd: io.cwd });
  const storePath = requireExistingStore(
    { flag: options.store, config: loaded?.config.store, env: io.env, cwd: io.cwd },
    loaded,
  ).path;
  const calendar = exchangeCalendar(options.exchange, loaded);
  const store = openBarStore(storePath, { readOnly: true });
  try {
    const series = options.symbols === undefined ? undefined : selectSeries(store, options.symbols);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(storeInfoJson(store, calendar, series))}\n`);
      return;
    }
    io.stdout.write(formatStoreSummary(store, calendar, store.path));
    if (series !== undefined && series.length > 0) io.stdout.write(formatSeriesLines(series, calendar));
  } finally {
    store.close();
  }
}

/** The series of the symbols asked for (all with `true`); a symbol the store does not hold is bad input. */
function selectSeries(store: BarStorePort, symbols: string | true): SeriesInfo[] {
  if (symbols === true) return store.listSeries();
  const wanted = [
    ...new Set(
      symbols
        .split(",")
        .map((symbol) => symbol.trim())
        .filter((s) => s !== ""),
    ),
  ];
  if (wanted.length === 0)
    throw new UsageError("--symbols needs a comma-separated list of symbols, or no value");
  const series: SeriesInfo[] = [];
  for (const symbol of wanted.map(normalizeSymbol)) {
    const found = store.symbolSeries(symbol);
    if (found.length === 0) throw new UsageError(`No bars of ${symbol} in the store "${store.path}"`);
    series.push(...found);
  }
  return series;
}

function storeInfoJson(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  series: readonly SeriesInfo[] | undefined,
): unknown {
  const range = (first: number, last: number) => ({
    first: calendar.formatInstant(first),
    last: calendar.formatInstant(last),
  });
  const intervals = summarizeStore(store).map((row) => ({
    interval: row.interval,
    symbols: row.symbols,
    bars: row.bars,
    ...range(row.firstTime, row.lastTime),
  }));
  return {
    store: store.path,
    exchange: calendar.exchange,
    timeZone: calendar.timeZone,
    symbols: store.symbols().length,
    intervals,
    ...(series === undefined
      ? {}
      : {
          series: series.map((info) => ({
            symbol: info.symbol,
            interval: info.interval,
            bars: info.count,
            ...range(info.firstTime, info.lastTime),
          })),
        }),
  };
}
