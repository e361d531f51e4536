// `scanwright results`: reads the scan journal back. Without --run it shows the latest run; the
// filters (--scanner, --kind, --from/--to session dates, --symbol among the result symbols,
// --status, --limit) narrow its rows. Plain output is a header line (naming the zone of the times:
// the run's exchange's), an aligned table (date, time, scanner, kind, status, symbols, promoted,
// error; long lists and errors shortened)
// and the per-scanner summary of the matching rows; `--json` prints one row per line, in full.
// `--runs` lists the runs instead. `--follow` watches the journal instead (read-only, polling it): it
// prints each row journaled from then on as it comes, of whichever run (a daemon restarted meanwhile
// writes a new one), until SIGINT or SIGTERM (exit 0). The journal is --journal, else the one
// CONFIG's backtest writes (--config), else `.scanwright/journal.db` in the working directory; a
// journal that does not exist is an error (exit 2), never a new empty file.

import { type Command, Option } from "commander";
import { journalLabel } from "../../config/config-paths.js";
import type { LoadedSessionConfig } from "../../config/load-session-config.js";
import { UsageError } from "../../core/errors.js";
import { parseDateKey } from "../../core/new-york-time.js";
import { normalizeSymbol } from "../../core/symbol.js";
import { waitOn } from "../../runtime/timeline-wait.js";
import { ALERT_STATUSES, type AlertRow, type AlertStatus } from "../../scanners/alert-types.js";
import { journalRowJson, runInfoJson } from "../../scanners/journal-json-view.js";
import {
  JOURNAL_KINDS,
  JOURNAL_STATUSES,
  type JournalKind,
  type JournalQuery,
  type JournalRow,
  type JournalStatus,
  type RowFilter,
  type RunInfo,
  ScanJournal,
} from "../../scanners/scan-journal.js";
import type { ExchangeCalendar } from "../../time/exchange-calendar.js";
import { WallClock } from "../../time/wall-clock.js";
import { formatAlertSummary } from "../alert-summary.js";
import type { CliIO } from "../cli-io.js";
import { runCalendar, zoneNote } from "../exchange-zone.js";
import { DEFAULT_JOURNAL_PATH, locateJournal } from "../journal-location.js";
import { wholeNumberOption } from "../parse-options.js";
import type { CommandRegistrar } from "../program.js";
import { alertsToCsv, rowsToCsv, rowsToWatchlist } from "../results-export.js";
import { formatSummaryTable } from "../summary-table.js";
import { latestSweepRuns } from "../sweep-runs.js";
import { formatSweepHits, rankByMeasure, type SweepHitsLine } from "../sweep-tables.js";
import { countOf, formatTable } from "../text-table.js";

export { DEFAULT_JOURNAL_PATH } from "../journal-location.js";
/** Widest the symbols and promoted columns get before the list is cut (`AAA BBB +7 more`). */
export const LIST_CELL_WIDTH = 40;
/** Widest the error column gets; longer errors end in `…` (the full text is in --json). */
export const ERROR_CELL_WIDTH = 60;
/** How often `--follow` looks for new rows. */
export const FOLLOW_POLL_MS = 250;

interface ResultsOptions {
  journal?: string;
  config?: string;
  run?: number;
  runs?: boolean;
  scanner?: string;
  kind?: string;
  from?: string;
  to?: string;
  symbol?: string;
  status?: string;
  limit?: number;
  json?: boolean;
  format?: ResultsFormat;
  alerts?: boolean;
  exchange?: string;
  follow?: boolean;
  sweep?: boolean;
}

export const RESULTS_FORMATS = ["table", "json", "csv", "watchlist"] as const;
type ResultsFormat = (typeof RESULTS_FORMATS)[number];
/** The watchlist prefix of XNYS sessions when --exchange is not given. */
export const DEFAULT_WATCHLIST_EXCHANGE = "NYSE";
const EXCHANGE_PATTERN = /^[A-Z0-9_]+$/;

/** The options that pick rows; `--runs` takes none of them. */
const ROW_FLAGS = [
  ["run", "--run"],
  ["scanner", "--scanner"],
  ["kind", "--kind"],
  ["from", "--from"],
  ["to", "--to"],
  ["symbol", "--symbol"],
  ["status", "--status"],
  ["limit", "--limit"],
] as const;

export const registerResultsCommand: CommandRegistrar = (program: Command, io: CliIO) => {
  program
    .command("results")
    .description("show the scan journal: the rows of a run (the latest by default), filtered, or --runs")
    .option(
      "--journal <path>",
      `scan journal: a file or a postgres:// URL (default: the config's journal, $SCANWRIGHT_JOURNAL, else ${DEFAULT_JOURNAL_PATH})`,
    )
    .option("--config <config>", "read the journal this session config's runs write to")
    .option("--run <id>", "the run to show (default: the latest)", wholeNumberOption("--run", 1, 2 ** 53 - 1))
    .option("--runs", "list the runs (id, name, mode, status, times, rows) instead of rows")
    .option("--scanner <name>", "only this scanner's rows")
    .option("--kind <kind>", `only rows of this kind: ${JOURNAL_KINDS.join(", ")}`)
    .option("--from <date>", "first session date YYYY-MM-DD (included)")
    .option("--to <date>", "last session date YYYY-MM-DD (included)")
    .option("--symbol <symbol>", "only rows whose result symbols include this one")
    .option("--status <status>", `only rows with this status: ${JOURNAL_STATUSES.join(", ")}`)
    .option(
      "--limit <n>",
      "at most N rows (the first by slot time)",
      wholeNumberOption("--limit", 1, 10_000_000),
    )
    .option("--json", "one JSON object per row (or per run with --runs), in full (= --format json)")
    .addOption(
      new Option(
        "--format <format>",
        "table, json (one object a line), csv, or watchlist (EXCHANGE:SYMBOL lines)",
      ).choices(RESULTS_FORMATS),
    )
    .option(
      "--exchange <prefix>",
      `watchlist prefix of every symbol (default ${DEFAULT_WATCHLIST_EXCHANGE}; the journal does not know each symbol's listing venue)`,
    )
    .option(
      "--alerts",
      `the run's alerts instead of its rows (--status then is one of ${ALERT_STATUSES.join(", ")})`,
    )
    .option(
      "--sweep",
      "compare the runs of the latest sweep (of --config's session) in one table, most hits of the swept scanner first",
    )
    .option(
      "--follow",
      "print each row as it is journaled (a running daemon's slots, across its restarts) until Ctrl-C",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scanwright results\n" +
        "  scanwright results --scanner momentum --from 2024-12-30 --to 2024-12-31 --status ok\n" +
        "  scanwright results --config configs/demo.yaml --symbol NYWO --json\n" +
        "  scanwright results --runs\n" +
        "  scanwright results --scanner momentum --from 2024-12-30 --format csv > hits.csv\n" +
        "  scanwright results --scanner momentum --from 2024-12-30 --to 2024-12-31 --format watchlist --exchange NASDAQ\n" +
        "  scanwright results --alerts --status failed\n" +
        "  scanwright results --config sweep.yaml --sweep\n" +
        "  scanwright results --config configs/demo.yaml --follow --status ok\n",
    )
    .action((options: ResultsOptions) => runResults(io, options));
};

async function runResults(io: CliIO, options: ResultsOptions): Promise<void> {
  const format = chosenFormat(options);
  if (options.alerts) checkAlertFlags(options, format);
  if (options.exchange !== undefined && format !== "watchlist") {
    throw new UsageError("--exchange sets the prefix of --format watchlist; give that format or drop it");
  }
  if (options.sweep) {
    const given = [...ROW_FLAGS, ["runs", "--runs"], ["alerts", "--alerts"], ["follow", "--follow"]].filter(
      ([key]) => options[key as keyof ResultsOptions] !== undefined,
    );
    if (given.length > 0) {
      throw new UsageError(
        `--sweep compares the runs of the latest sweep and takes no ${given.map(([, flag]) => flag).join(", ")}`,
      );
    }
    if (format !== "table" && format !== "json") {
      throw new UsageError(`--sweep prints a table or JSON, not --format ${format}`);
    }
    const { journalPath, loaded } = locateJournal(io, options);
    writeSweepHits(io, journalPath, loaded?.config.name, format === "json");
    return;
  }
  const filter = options.alerts ? {} : rowFilter(options);
  if (options.follow) {
    const given = [
      ["runs", "--runs"],
      ["run", "--run"],
      ["limit", "--limit"],
      ["alerts", "--alerts"],
    ].filter(([key]) => options[key as keyof ResultsOptions] !== undefined);
    if (given.length > 0) {
      throw new UsageError(
        `--follow prints the rows of any run as they are journaled and takes no ${given.map(([, flag]) => flag).join(", ")}`,
      );
    }
    if (format !== "table" && format !== "json") {
      throw new UsageError(`--follow prints rows as a table or JSON, not --format ${format}`);
    }
    const { journalPath, loaded } = locateJournal(io, options);
    await followJournal(io, journalPath, loaded, filter, format === "json");
    return;
  }
  if (options.runs) {
    const given = ROW_FLAGS.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
    if (given.length > 0) {
      throw new UsageError(`--runs lists the runs and takes no ${given.join(", ")}; drop one or the other`);
    }
  }
  const { journalPath, loaded } = locateJournal(io, options);
  const journal = ScanJournal.open(journalPath, { readOnly: true });
  try {
    const runs = journal.runs();
    if (options.runs) {
      writeRuns(io, runs, loaded, journalPath, format === "json");
      return;
    }
    if (runs.length === 0) {
      if (options.run !== undefined) {
        throw new UsageError(
          `--run ${options.run}: the journal "${journalLabel(journalPath)}" has no runs yet`,
        );
      }
      if (format === "table") io.stdout.write(`The journal ${journalLabel(journalPath)} has no runs yet.\n`);
      return;
    }
    const run = options.run === undefined ? runs[runs.length - 1] : runs.find((r) => r.id === options.run);
    if (run === undefined) {
      throw new UsageError(
        `--run ${options.run}: the journal "${journalLabel(journalPath)}" has no such run (runs ${runs[0].id} to ${runs[runs.length - 1].id}; list them with --runs)`,
      );
    }
    const calendar = runCalendar(run, loaded);
    if (options.alerts) {
      writeAlerts(io, calendar, journal, run, options, format);
      return;
    }
    if (format === "csv" || format === "watchlist") {
      const rows = journal.query({ ...filter, run: run.id, limit: options.limit });
      io.stdout.write(
        format === "csv"
          ? rowsToCsv(rows, (time) => calendar.formatInstant(time))
          : rowsToWatchlist(rows, options.exchange ?? DEFAULT_WATCHLIST_EXCHANGE),
      );
      return;
    }
    if (format === "json") {
      const rows = journal.query({ ...filter, run: run.id, limit: options.limit });
      if (rows.length > 0)
        io.stdout.write(`${rows.map((row) => JSON.stringify(journalRowJson(calendar, row))).join("\n")}\n`);
      return;
    }
    const matching = journal.query({ ...filter, run: run.id });
    const filtered = Object.keys(filter).length > 0;
    const shown = options.limit === undefined ? matching : matching.slice(0, options.limit);
    let header = `Run ${run.id} "${run.name}" (${run.mode}, ${run.status}) in ${journalLabel(journalPath)}: `;
    if (!filtered) header += countOf(run.rows, "row");
    else if (matching.length === 0) header += `none of its ${countOf(run.rows, "row")} match`;
    else header += `${matching.length} of ${countOf(run.rows, "row")} match`;
    if (shown.length < matching.length) header += `, showing the first ${shown.length} (--limit)`;
    if (shown.length > 0) header += `; ${zoneNote(calendar)}`;
    io.stdout.write(`${header}\n`);
    if (shown.length === 0) return;
    const summaries = journal.summary(run.id, filter);
    io.stdout.write(`${formatRowTable(calendar, shown).join("\n")}\n\n${formatSummaryTable(summaries)}`);
    if (!filtered) io.stdout.write(formatAlertSummary(journal.outbox.counts(run.id)));
  } finally {
    journal.close();
  }
}

/** --format, or json for --json (both given must agree). */
function chosenFormat(options: ResultsOptions): ResultsFormat {
  if (options.json && options.format !== undefined && options.format !== "json") {
    throw new UsageError(`--json is --format json: it cannot go with --format ${options.format}`);
  }
  if (
    options.runs &&
    options.format !== undefined &&
    options.format !== "table" &&
    options.format !== "json"
  ) {
    throw new UsageError(`--runs lists runs as a table or JSON, not --format ${options.format}`);
  }
  if (options.exchange !== undefined && !EXCHANGE_PATTERN.test(options.exchange)) {
    throw new UsageError(
      `--exchange must be an exchange prefix like NASDAQ or NYSE, got "${options.exchange}"`,
    );
  }
  return options.json ? "json" : (options.format ?? "table");
}

/** --alerts takes --run, --scanner, --from, --to, --status (an alert status) and --limit. */
function checkAlertFlags(options: ResultsOptions, format: ResultsFormat): void {
  if (options.runs) throw new UsageError("--alerts lists one run's alerts; it cannot go with --runs");
  const rowOnly = [
    ["kind", "--kind"],
    ["symbol", "--symbol"],
  ] as const;
  const given = rowOnly.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
  if (given.length > 0) throw new UsageError(`--alerts takes no ${given.join(", ")}`);
  if (format === "watchlist") throw new UsageError("--format watchlist exports scan rows, not --alerts");
  if (options.status !== undefined && !(ALERT_STATUSES as readonly string[]).includes(options.status)) {
    throw new UsageError(
      `--status with --alerts must be one of ${ALERT_STATUSES.join(", ")}, got "${options.status}"`,
    );
  }
  if (options.from !== undefined) sessionDate("--from", options.from);
  if (options.to !== undefined) sessionDate("--to", options.to);
}

function writeAlerts(
  io: CliIO,
  calendar: ExchangeCalendar,
  journal: ScanJournal,
  run: RunInfo,
  options: ResultsOptions,
  format: ResultsFormat,
): void {
  const all = journal.outbox.list({
    run: run.id,
    scanner: options.scanner,
    status: options.status as AlertStatus | undefined,
    from: options.from?.trim(),
    to: options.to?.trim(),
  });
  const alerts = options.limit === undefined ? all : all.slice(0, options.limit);
  const instant = (time: number) => calendar.formatInstant(time);
  if (format === "csv") {
    io.stdout.write(alertsToCsv(alerts, instant));
    return;
  }
  if (format === "json") {
    if (alerts.length > 0)
      io.stdout.write(`${alerts.map((alert) => formatJsonAlert(calendar, alert)).join("\n")}\n`);
    return;
  }
  io.stdout.write(
    `Run ${run.id} "${run.name}" (${run.mode}, ${run.status}) in ${journal.path}: ${countOf(all.length, "alert")}` +
      `${alerts.length > 0 ? `; ${zoneNote(calendar)}` : ""}\n`,
  );
  if (alerts.length === 0) return;
  const table = formatTable(
    [
      { title: "date" },
      { title: "time" },
      { title: "scanner" },
      { title: "channel" },
      { title: "status" },
      { title: "attempts", align: "right" },
      { title: "symbols" },
      { title: "error" },
    ],
    alerts.map((alert) => [
      alert.sessionDate,
      slotTime(calendar, alert.scheduledAt),
      alert.scanner,
      alert.channel,
      alert.status,
      String(alert.attempts),
      listCell(
        alert.payload.symbols.map((entry) => entry.symbol),
        LIST_CELL_WIDTH,
      ),
      errorCell(alert.lastError, ERROR_CELL_WIDTH),
    ]),
  );
  io.stdout.write(`${table.join("\n")}\n`);
}

/** One alert in full, times as ISO text with the New York offset. */
function formatJsonAlert(calendar: ExchangeCalendar, alert: AlertRow): string {
  return JSON.stringify({
    id: alert.id,
    run: alert.run,
    sessionDate: alert.sessionDate,
    scheduledAt: calendar.formatInstant(alert.scheduledAt),
    scanner: alert.scanner,
    kind: alert.kind,
    channel: alert.channel,
    status: alert.status,
    attempts: alert.attempts,
    key: alert.key,
    sentAt: alert.sentAt === null ? null : calendar.formatInstant(alert.sentAt),
    nextAttemptAt: alert.nextAttemptAt === null ? null : calendar.formatInstant(alert.nextAttemptAt),
    lastError: alert.lastError,
    payload: alert.payload,
  });
}

/**
 * Prints every row journaled from now on that `filter` keeps, as it comes (polling the journal
 * opened read-only), until SIGINT or SIGTERM. A row of a run not seen before (a restarted daemon's
 * new run) is preceded by that run's header line in plain output.
 */
async function followJournal(
  io: CliIO,
  journalPath: string,
  loaded: LoadedSessionConfig | undefined,
  filter: RowFilter,
  json: boolean,
): Promise<void> {
  const journal = ScanJournal.open(journalPath, { readOnly: true });
  const wall = new WallClock();
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    // Each run's rows on its own exchange's clock (a run's calendar is made once).
    const calendars = new Map<number, ExchangeCalendar>();
    const calendarOfRun = (id: number): ExchangeCalendar => {
      let calendar = calendars.get(id);
      if (calendar === undefined) {
        calendar = runCalendar(
          journal.runs().find((info) => info.id === id),
          loaded,
        );
        calendars.set(id, calendar);
      }
      return calendar;
    };
    // Where "new" starts is fixed before saying so: every row journaled after the line is shown.
    let cursor = journal.lastRow();
    io.stderr.write(
      `Following ${journalLabel(journalPath)}: each new row as it is journaled (Ctrl-C to stop)\n`,
    );
    let shownRun: number | undefined;
    while (!controller.signal.aborted) {
      const next = journal.rowsAfter(cursor, filter);
      cursor = next.cursor;
      const lines: string[] = [];
      for (const row of next.rows) {
        const calendar = calendarOfRun(row.run);
        if (json) {
          lines.push(JSON.stringify(journalRowJson(calendar, row)));
          continue;
        }
        if (row.run !== shownRun) {
          const run = journal.runs().find((info) => info.id === row.run);
          lines.push(`Run ${row.run}${run ? ` "${run.name}" (${run.mode})` : ""}, ${zoneNote(calendar)}:`);
          shownRun = row.run;
        }
        lines.push(followLine(calendar, row));
      }
      if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
      await waitOn(wall, wall.now() + FOLLOW_POLL_MS, controller.signal);
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    wall.cancelAll();
    journal.close();
  }
}

/** One row of `--follow`: the table's cells, two spaces apart. */
function followLine(calendar: ExchangeCalendar, row: JournalRow): string {
  return [
    row.sessionDate,
    slotTime(calendar, row.scheduledAt),
    row.scanner,
    row.kind,
    row.status,
    listCell(row.symbols, LIST_CELL_WIDTH),
    row.promoted.length > 0 ? `promoted ${listCell(row.promoted, LIST_CELL_WIDTH)}` : "",
    row.error === null ? "" : errorCell(row.error, ERROR_CELL_WIDTH),
  ]
    .filter((cell) => cell !== "")
    .join("  ");
}

/** The row filters of the options, checked; only the ones given. */
function rowFilter(options: ResultsOptions): RowFilter {
  const filter: { -readonly [K in keyof JournalQuery]?: JournalQuery[K] } = {};
  if (options.scanner !== undefined) filter.scanner = options.scanner;
  if (options.kind !== undefined) {
    if (!(JOURNAL_KINDS as readonly string[]).includes(options.kind)) {
      throw new UsageError(`--kind must be one of ${JOURNAL_KINDS.join(", ")}, got "${options.kind}"`);
    }
    filter.kind = options.kind as JournalKind;
  }
  if (options.from !== undefined) filter.from = sessionDate("--from", options.from);
  if (options.to !== undefined) filter.to = sessionDate("--to", options.to);
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw new UsageError(`--from ${filter.from} is after --to ${filter.to}`);
  }
  if (options.symbol !== undefined) filter.symbol = normalizeSymbol(options.symbol);
  if (options.status !== undefined) {
    if (!(JOURNAL_STATUSES as readonly string[]).includes(options.status)) {
      throw new UsageError(`--status must be one of ${JOURNAL_STATUSES.join(", ")}, got "${options.status}"`);
    }
    filter.status = options.status as JournalStatus;
  }
  return filter;
}

function sessionDate(flag: string, value: string): string {
  const trimmed = value.trim();
  if (parseDateKey(trimmed) === undefined) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
  }
  return trimmed;
}

function writeRuns(
  io: CliIO,
  runs: readonly RunInfo[],
  loaded: LoadedSessionConfig | undefined,
  journalPath: string,
  json: boolean,
): void {
  // Each run's times on its own exchange's clock.
  const calendars = new Map(runs.map((run) => [run.id, runCalendar(run, loaded)]));
  const calendarOf = (run: RunInfo) => calendars.get(run.id) as ExchangeCalendar;
  if (json) {
    const lines = runs.map((run) => JSON.stringify(runInfoJson(calendarOf(run), run)));
    if (lines.length > 0) io.stdout.write(`${lines.join("\n")}\n`);
    return;
  }
  if (runs.length === 0) {
    io.stdout.write(`The journal ${journalLabel(journalPath)} has no runs yet.\n`);
    return;
  }
  const rows = runs.map((run) => [
    String(run.id),
    run.name,
    run.mode,
    run.status,
    wallMinute(calendarOf(run), run.startedAt),
    run.finishedAt === null ? "-" : wallMinute(calendarOf(run), run.finishedAt),
    String(run.rows),
    backtestWindow(run.params),
  ]);
  const table = formatTable(
    [
      { title: "run", align: "right" },
      { title: "name" },
      { title: "mode" },
      { title: "status" },
      { title: "started" },
      { title: "finished" },
      { title: "rows", align: "right" },
      { title: "window" },
    ],
    rows,
  );
  const zones = [...new Set([...calendars.values()].map(zoneNote))];
  const note = zones.length === 1 ? zones[0] : `times in each run's exchange zone (${zones.join(", ")})`;
  io.stdout.write(`Runs in ${journalLabel(journalPath)}; ${note}:\n${table.join("\n")}\n`);
}

/** `2024-12-31 04:00` on the exchange's clock. */
function wallMinute(calendar: ExchangeCalendar, time: number): string {
  const instant = calendar.formatInstant(time);
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)}`;
}

/** `2024-12-23 → 2024-12-31` from a backtest's params, `-` when there is none. */
function backtestWindow(params: unknown): string {
  if (typeof params !== "object" || params === null) return "-";
  const { start, end } = params as { start?: unknown; end?: unknown };
  return typeof start === "string" && typeof end === "string" ? `${start} → ${end}` : "-";
}

function formatRowTable(calendar: ExchangeCalendar, rows: readonly JournalRow[]): string[] {
  return formatTable(
    [
      { title: "date" },
      { title: "time" },
      { title: "scanner" },
      { title: "kind" },
      { title: "status" },
      { title: "symbols" },
      { title: "promoted" },
      { title: "error" },
    ],
    rows.map((row) => [
      row.sessionDate,
      slotTime(calendar, row.scheduledAt),
      row.scanner,
      row.kind,
      row.status,
      listCell(row.symbols, LIST_CELL_WIDTH),
      listCell(row.promoted, LIST_CELL_WIDTH),
      errorCell(row.error, ERROR_CELL_WIDTH),
    ]),
  );
}

/** `09:35` on the exchange's clock, with seconds only when the slot has them (`09:35:30`). */
function slotTime(calendar: ExchangeCalendar, time: number): string {
  const clock = calendar.formatInstant(time).slice(11, 19);
  return clock.endsWith(":00") ? clock.slice(0, 5) : clock;
}

/**
 * Symbols separated by spaces, `-` for none; a list wider than `width` keeps as many leading
 * symbols as fit with a `+N more` suffix (always at least the first).
 */
export function listCell(symbols: readonly string[], width: number): string {
  if (symbols.length === 0) return "-";
  const all = symbols.join(" ");
  if (all.length <= width) return all;
  for (let shown = symbols.length - 1; shown >= 1; shown--) {
    const cell = `${symbols.slice(0, shown).join(" ")} +${symbols.length - shown} more`;
    if (cell.length <= width || shown === 1) return cell;
  }
  return all;
}

/**
 * The first line of an error, `-` for none; cut to `width` characters with `…`, and ending in ` …`
 * when further lines were left out.
 */
export function errorCell(error: string | null, width: number): string {
  if (error === null || error.trim() === "") return "-";
  const firstLine = error.trim().split("\n")[0].trimEnd();
  const more = firstLine !== error.trim();
  if (firstLine.length > width || (more && firstLine.length + 2 > width)) {
    return `${firstLine.slice(0, width - 1).trimEnd()}…`;
  }
  return more ? `${firstLine} …` : firstLine;
}

/** The latest sweep's runs, one line each, most hits of the swept scanner first. */
function writeSweepHits(io: CliIO, journalPath: string, name: string | undefined, json: boolean): void {
  const journal = ScanJournal.open(journalPath, { readOnly: true });
  try {
    const sweep = latestSweepRuns(journal.runs(), name, journalLabel(journalPath));
    const lines: SweepHitsLine[] = sweep.map((entry) => {
      const summary = journal.summary(entry.run.id, { scanner: entry.scanner })[0];
      return {
        sweep: entry,
        // A failed run is ranked after the others: its hits are not the combination's.
        hits: entry.run.status === "completed" ? (summary?.hits ?? 0) : null,
        scans: summary?.scans ?? 0,
        errors: summary?.errors ?? 0,
        distinctSymbols: summary?.distinctSymbols ?? 0,
      };
    });
    if (json) {
      for (const [rank, line] of rankByMeasure(lines, (entry) => entry.hits).entries()) {
        io.stdout.write(
          `${JSON.stringify({
            rank: rank + 1,
            run: line.sweep.run.id,
            status: line.sweep.run.status,
            combination: line.sweep.index,
            values: line.sweep.values,
            hits: line.hits,
            scans: line.scans,
            errors: line.errors,
            distinct_symbols: line.distinctSymbols,
          })}\n`,
        );
      }
      return;
    }
    const first = sweep[0];
    const title = `Sweep of scanner "${first.scanner}" in "${first.run.name}": ${countOf(sweep.length, "run")} of ${first.of} combinations, most hits first (${journalLabel(journalPath)})`;
    io.stdout.write(formatSweepHits(title, lines));
  } finally {
    journal.close();
  }
}
