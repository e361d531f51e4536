// `scanwright bars SYMBOL --interval I --from D --to D [--json]`: prints stored bars, or bars
// aggregated on the fly when the interval is not stored but one it is built from is (5m from 1m,
// 1d from 1m, 1w from 1d or 1m). The bars are on an exchange (--exchange, else the --config
// session's, else the NYSE): its calendar aggregates them, --from/--to dates are its local dates,
// and times are bar starts, ISO 8601 with its offset; the table's time column names its zone. The
// text table is aligned and shows prices with at most 4 decimals; `--json` keeps full precision. A
// store that does not exist and a symbol the store has no bars of are bad input (exit 2).

import type { Command } from "commander";
import { loadSessionConfig } from "../../config/load-session-config.js";
import type { BarColumns } from "../../core/bar-columns.js";
import { UsageError } from "../../core/errors.js";
import { baseInterval, type Interval, isIntraday, parseInterval } from "../../core/interval.js";
import { parseDateKey } from "../../core/new-york-time.js";
import { normalizeSymbol } from "../../core/symbol.js";
import { aggregateBars } from "../../data/aggregate.js";
import { readTimestamp } from "../../data/csv-values.js";
import { openBarStore } from "../../data/open-bar-store.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import type { CliIO } from "../cli-io.js";
import { exchangeCalendar } from "../exchange-zone.js";
import { requireExistingStore } from "../existing-store.js";
import type { CommandRegistrar } from "../program.js";
import { countOf, formatTable } from "../text-table.js";

interface BarsCommandOptions {
  interval: string;
  from: string;
  to: string;
  json?: boolean;
  store?: string;
  exchange?: string;
  config?: string;
}

export const registerBarsCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("bars")
    .description(
      "print the bars of a symbol from the store, aggregating from a shorter stored interval if needed",
    )
    .argument("<symbol>", "the symbol, e.g. SPY")
    .option("--interval <interval>", "bar interval: 1m, 5m, 60m, 1d, 1w, …", "1d")
    .requiredOption(
      "--from <date>",
      "first local date YYYY-MM-DD of the exchange (or an ISO instant with offset, inclusive)",
    )
    .requiredOption(
      "--to <date>",
      "last local date YYYY-MM-DD of the exchange, included (or an ISO instant, exclusive)",
    )
    .option("--json", 'one JSON object per line: {"t":"2013-10-07T09:30:00-04:00","open":…,"volume":…}')
    .option("--store <path>", "bar store file (default: $SCANWRIGHT_STORE or .scanwright/bars.db)")
    .option(
      "--exchange <mic>",
      "the exchange the symbol trades on: its calendar, dates and clock (default: the --config session's, else XNYS)",
    )
    .option("--config <config>", "a session config: its store and its exchange")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright bars VOD --exchange XLON --interval 1d --from 2024-12-02 --to 2024-12-06\n" +
        "  scanwright bars SPY --interval 5m --from 2013-10-07 --to 2013-10-07\n" +
        "  scanwright bars AAPL --interval 1w --from 2014-06-01 --to 2014-06-30 --json\n",
    )
    .action((symbol: string, options: BarsCommandOptions) => runBars(io, symbol, options));
};

function runBars(io: CliIO, rawSymbol: string, options: BarsCommandOptions): void {
  const symbol = normalizeSymbol(rawSymbol);
  const interval = parseInterval(options.interval);
  const loaded =
    options.config === undefined ? undefined : loadSessionConfig(options.config, { cwd: io.cwd });
  const calendar = exchangeCalendar(options.exchange, loaded);
  const fromTime = parseBoundary(calendar, "--from", options.from, false);
  const toTime = parseBoundary(calendar, "--to", options.to, true);
  if (!(fromTime < toTime)) {
    throw new UsageError(`--from ${options.from} must come before --to ${options.to}`);
  }
  const storePath = requireExistingStore(
    { flag: options.store, config: loaded?.config.store, env: io.env, cwd: io.cwd },
    loaded,
  ).path;
  const store = openBarStore(storePath, { readOnly: true });
  let bars: BarColumns;
  try {
    const candidates = [interval, ...sourcesOf(interval)];
    const source = candidates.find((candidate) => store.coverage(symbol, candidate.text));
    if (source === undefined) {
      const tried = candidates.map((candidate) => candidate.text).join(", ");
      throw new UsageError(`No bars of ${symbol} in ${tried} in the store "${store.path}"`);
    }
    const stored = store.readBars(symbol, source.text, fromTime, toTime);
    bars = aggregateBars(stored, source, interval, calendar);
    if (bars.length === 0) {
      io.stderr.write(`${symbol} ${interval.text}: no bars from ${options.from} to ${options.to}\n`);
    } else if (source.text !== interval.text) {
      const used = barsUsed(stored, source, calendar);
      io.stderr.write(
        `${symbol} ${interval.text}: ${countOf(bars.length, "bar")} aggregated from ${countOf(used, `${source.text} bar`)}` +
          `${isIntraday(source) ? " of the regular session" : ""}\n`,
      );
    }
  } finally {
    store.close();
  }
  if (bars.length === 0) return;
  const lines: string[] = [];
  if (options.json) {
    for (let i = 0; i < bars.length; i++) {
      const t = calendar.formatInstant(bars.time[i]);
      const [open, high, low, close, volume] = [
        bars.open[i],
        bars.high[i],
        bars.low[i],
        bars.close[i],
        bars.volume[i],
      ];
      lines.push(JSON.stringify({ t, open, high, low, close, volume }));
    }
  } else {
    const rows: string[][] = [];
    for (let i = 0; i < bars.length; i++) {
      rows.push([
        calendar.formatInstant(bars.time[i]),
        formatPrice(bars.open[i]),
        formatPrice(bars.high[i]),
        formatPrice(bars.low[i]),
        formatPrice(bars.close[i]),
        String(bars.volume[i]),
      ]);
    }
    lines.push(
      ...formatTable(
        [
          { title: `time (${calendar.timeZone})` },
          { title: "open", align: "right" },
          { title: "high", align: "right" },
          { title: "low", align: "right" },
          { title: "close", align: "right" },
          { title: "volume", align: "right" },
        ],
        rows,
      ),
    );
  }
  io.stdout.write(`${lines.join("\n")}\n`);
}

/** A price for the text table: at most 4 decimals, no trailing zeros (167.4100000001 → 167.41). */
export function formatPrice(value: number): string {
  return String(Number(value.toFixed(4)));
}

/**
 * How many of the stored bars went into the aggregation: every one for daily input, only those in
 * a regular session for intraday input (pre- and post-market bars are stored, never aggregated).
 */
function barsUsed(stored: BarColumns, source: Interval, calendar: ExchangeCalendar): number {
  if (!isIntraday(source)) return stored.length;
  let used = 0;
  for (let i = 0; i < stored.length; i++) {
    const time = stored.time[i];
    const session = calendar.sessionAt(time);
    if (session !== undefined && time >= session.openAt && time < session.closeAt) used++;
  }
  return used;
}

/** Stored intervals `interval` can be built from, nearest first: 5m ← 1m; 1d ← 1m; 1w ← 1d, 1m. */
function sourcesOf(interval: Interval): Interval[] {
  const sources: Interval[] = [];
  const base = baseInterval(interval);
  if (base.text !== interval.text) sources.push(base);
  if ((interval.unit === "d" || interval.unit === "w") && !sources.some((source) => source.text === "1m")) {
    sources.push(parseInterval("1m"));
  }
  return sources;
}

/**
 * A `--from`/`--to` value as epoch ms: a date is the exchange's local date. `--from` starts at the
 * earlier of its local midnight and the open of its session (a futures session opens the evening
 * before its date); `--to` includes the whole date, up to the later of the next local midnight and
 * its session's end. An ISO instant with offset is taken as it is.
 */
function parseBoundary(calendar: ExchangeCalendar, flag: string, value: string, isEnd: boolean): number {
  const text = value.trim();
  if (parseDateKey(text) !== undefined) {
    const inCalendar = text >= calendar.firstDate && text <= calendar.lastDate;
    const session = inCalendar ? calendar.session(text) : undefined;
    if (!isEnd) return Math.min(calendar.wallTime(text, 0), session?.preMarketAt ?? Number.POSITIVE_INFINITY);
    return Math.max(calendar.wallTime(text, 24 * 60), session?.postMarketAt ?? Number.NEGATIVE_INFINITY);
  }
  const instant = readTimestamp(value, 0, value.length);
  if (Number.isNaN(instant)) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD or an ISO instant with offset, got "${value}"`);
  }
  return instant;
}
