// `scanwright store info`: what a bar store holds, without changing it: per interval the symbols,
// bars and first and last dates; with --symbols, per symbol too (all, or a comma-separated list,
// each of which must be in the store); --json prints one JSON document instead. The store must
// exist (a read command never creates one).

import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { normalizeSymbol } from "../../core/symbol.js";
import { type SeriesInfo } from "../../data/bar-store.js";
import type { BarStorePort } from "../../data/bar-store-port.js";
import { openBarStore } from "../../data/open-bar-store.js";
import { summarizeStore } from "../../data/store-summary.js";
import { ExchangeCalendar } from "../../time/exchange-calendar.js";
import type { CliIO } from "../cli-io.js";
import { requireExistingStore } from "../existing-store.js";
import type { CommandRegistrar } from "../program.js";
import { formatSeriesLines, formatStoreSummary } from "../store-summary-text.js";

interface StoreInfoOptions {
  store?: string;
  json?: boolean;
  /** `true` for every symbol, or a comma-separated list. */
  symbols?: string | true;
}

export const registerStoreCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  const store = program
    .command("store")
    .description("inspect the bar store")
    .addHelpText("after", "\nExample:\n  scanwright store info --symbols SPY,AAPL\n");
  store
    .command("info")
    .description("what the bar store holds: symbols, bars and date ranges per interval (and per symbol)")
    .option("--store <path>", "bar store file (default: $SCANWRIGHT_STORE or .scanwright/bars.db)")
    .option("--symbols [list]", "also list each symbol's series: all of them, or a comma-separated list")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n  scanwright store info\n  scanwright store info --symbols SPY,AAPL --json\n",
    )
    .action((options: StoreInfoOptions) => runStoreInfo(io, options));
};

function runStoreInfo(io: CliIO, options: StoreInfoOptions): void {
  const storePath = requireExistingStore({ flag: options.store, env: io.env, cwd: io.cwd }).path;
  const calendar = new ExchangeCalendar();
  const store = openBarStore(storePath, { readOnly: true });
  try {
    const series = options.symbols === undefined ? undefined : selectSeries(store, options.symbols);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(storeInfoJson(store, calendar, storePath, series))}\n`);
      return;
    }
    io.stdout.write(formatStoreSummary(store, calendar, storePath));
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
  storePath: string,
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
    store: storePath,
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
