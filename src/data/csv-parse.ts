// Parses a bar CSV into columns, validating every row, from text given piece by piece (a file is
// streamed, so its size is bounded by neither memory nor Node's string limit). The columns come from
// the header (csv-layout.ts); the time column holds, by interval:
//   daily and weekly: dates `YYYY-MM-DD` (or `YYYYMMDD`); the bar's time is the regular-session open
//     of that trading date on the exchange (`days`), the project-wide key of a daily bar: 09:30 New
//     York on the NYSE, 08:00 London on the LSE, 17:00 Chicago the evening before on CME futures,
//     00:00 UTC (the cut) on 24/7 markets. Without `days`, 09:30 New York;
//   intraday: the bar's start as an ISO-8601 date-time with an offset, or without one in a zone
//     (`--tz`, by default the exchange's), or epoch seconds / milliseconds.
// With the exchange's days given, a row on a day the exchange does not trade, or an intraday bar
// starting outside that day's extended hours (pre-market to post-market), is a bad row.
// The header line is optional; a BOM, CRLF line ends, blank lines and a missing final newline are
// fine. A bad row never stops the parse: it is listed in `problems` (1-based line, header = 1) and
// left out of `bars`, so the caller decides between rejecting the file and skipping the rows.

import { barProblem } from "../core/bar.js";
import { allocateBarColumns, type BarColumns, sliceColumns } from "../core/bar-columns.js";
import { ImportError, type ImportProblem, isScanwrightError } from "../core/errors.js";
import { type Interval, parseInterval } from "../core/interval.js";
import { formatDateKey, newYorkWallTime } from "../core/new-york-time.js";
import {
  BAR_FIELDS,
  type ColumnMapping,
  type CsvLayout,
  layoutFromHeader,
  layoutWithoutHeader,
  looksLikeHeader,
  MAX_COLUMNS,
} from "./csv-layout.js";
import {
  daysFromCivil,
  explainDate,
  explainTimestamp,
  quoted,
  readBarTime,
  readDateKey,
  readDecimal,
} from "./csv-values.js";
import type { ExchangeDays, ExtendedHours } from "./session-hours.js";
import { EXCHANGE_TIME_ZONE, type LocalTimeToUtc, localTimeToUtcIn } from "./zone-time.js";

export interface ParseBarsCsvOptions {
  readonly interval: Interval | string;
  /** Names the text in errors (usually the file path). */
  readonly source: string;
  /** IANA zone of timestamps written without an offset (default the exchange's: `days`' zone, else America/New_York). */
  readonly timeZone?: string;
  /** Which column holds what, by header name or 1-based position (`--columns`). */
  readonly columns?: ColumnMapping;
  /** The exchange's trading days and hours: rows outside them are bad rows. Unchecked when absent. */
  readonly days?: ExchangeDays;
}

export interface ParsedBarsCsv {
  /** The good rows, ascending by time. */
  readonly bars: BarColumns;
  /** One entry per bad row, in line order (the first MAX_LISTED_PROBLEMS). */
  readonly problems: ImportProblem[];
  /** Bad rows in all (more than `problems` holds when there are very many). */
  readonly problemCount: number;
  /** Data rows seen (good and bad; header and blank lines not counted). */
  readonly rows: number;
}

/** Bad rows listed one by one; beyond this they are only counted. */
export const MAX_LISTED_PROBLEMS = 1_000;
/** Longest line read: anything longer is not a bar row, and holding it would cost unbounded memory. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Parses a whole CSV text at once (the streaming parser fed one piece). */
export function parseBarsCsv(text: string, options: ParseBarsCsvOptions): ParsedBarsCsv {
  const parser = new BarCsvParser(options);
  parser.push(text);
  parser.end();
  return {
    bars: parser.takeBars(),
    problems: parser.problems,
    problemCount: parser.problemCount,
    rows: parser.rows,
  };
}

/**
 * The streaming parser: `push` pieces of text in order (a piece may end anywhere, even inside a
 * line), `end` after the last, and `takeBars` whenever convenient to take the good rows parsed so far.
 */
export class BarCsvParser {
  /** Bad rows, in line order (at most MAX_LISTED_PROBLEMS). */
  readonly problems: ImportProblem[] = [];
  problemCount = 0;
  /** Data rows seen so far. */
  rows = 0;

  private readonly interval: Interval;
  private readonly source: string;
  private readonly usesDates: boolean;
  private readonly stepMs: number;
  private readonly zoneName: string;
  private readonly zone: LocalTimeToUtc;
  private readonly mapping: ColumnMapping;
  private readonly days: ExchangeDays | undefined;
  private layout: CsvLayout | undefined;
  private bars: BarColumns = allocateBarColumns(0);
  private count = 0;
  private carry = "";
  private lineNumber = 0;
  private started = false;
  private previousTime = Number.NEGATIVE_INFINITY;
  private previousLine = 0;
  /** The extended hours of the last session a row was in: most rows fall in the same one. */
  private sessionFrom = 0;
  private sessionTo = 0;
  private readonly starts = new Int32Array(MAX_COLUMNS + 1);
  private readonly ends = new Int32Array(MAX_COLUMNS + 1);

  constructor(options: ParseBarsCsvOptions) {
    this.interval = typeof options.interval === "string" ? parseInterval(options.interval) : options.interval;
    this.source = options.source;
    this.usesDates = this.interval.unit === "d" || this.interval.unit === "w";
    this.stepMs = this.interval.unit === "s" ? 1_000 : this.interval.unit === "m" ? 60_000 : 0;
    this.zoneName = options.timeZone ?? options.days?.timeZone ?? EXCHANGE_TIME_ZONE;
    this.zone = localTimeToUtcIn(this.zoneName);
    this.mapping = options.columns ?? {};
    this.days = options.days;
  }

  /** Bars parsed so far and not yet taken. */
  get pendingBars(): number {
    return this.count;
  }

  /** Parses every complete line of the text so far; a trailing partial line waits for the next piece. */
  push(piece: string): void {
    if (piece.includes("\u0000")) {
      throw new ImportError(`${this.source} is a binary file, not a CSV of bars`, [], {
        location: { file: this.source },
      });
    }
    let text = this.carry + piece;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lastNewline = text.lastIndexOf("\n");
    if (lastNewline === -1) {
      this.carry = text;
    } else {
      this.reserve(countLines(text, lastNewline));
      this.parseLines(text, lastNewline + 1);
      this.carry = text.slice(lastNewline + 1);
    }
    if (this.carry.length > MAX_LINE_CHARS) {
      const line = this.lineNumber + 1;
      throw new ImportError(
        `${this.source}:${line}: line ${line} is longer than ${MAX_LINE_CHARS} characters; not a CSV of bars`,
        [],
        { location: { file: this.source, line } },
      );
    }
  }

  /** Parses the last line (one without a final newline). */
  end(): void {
    const text = this.carry;
    this.carry = "";
    if (text.length > 0) {
      this.reserve(1);
      this.parseLines(text, text.length);
    }
  }

  /** The good rows parsed since the last call, ascending; valid until the next `push`. */
  takeBars(): BarColumns {
    const taken = sliceColumns(this.bars, 0, this.count);
    this.count = 0;
    return taken;
  }

  /** Parses the lines of text[0, limit), which ends at a line end (or is the file's last line). */
  private parseLines(text: string, limit: number): void {
    let position = 0;
    while (position < limit) {
      this.lineNumber++;
      let lineEnd = text.indexOf("\n", position);
      if (lineEnd === -1 || lineEnd > limit) lineEnd = limit;
      const nextPosition = lineEnd + 1;
      if (lineEnd > position && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      const lineStart = position;
      position = nextPosition;
      if (isBlank(text, lineStart, lineEnd)) continue;
      if (this.layout === undefined && this.readLayout(text, lineStart, lineEnd)) continue;
      this.rows++;
      this.parseRow(text, lineStart, lineEnd);
    }
  }

  /** Fixes the layout at the first content line; true when that line was the header. */
  private readLayout(text: string, lineStart: number, lineEnd: number): boolean {
    const line = text.slice(lineStart, lineEnd);
    if (looksLikeHeader(line)) {
      this.layout = layoutFromHeader(line, this.lineNumber, this.interval, this.mapping, this.source);
      return true;
    }
    let columns = 1;
    for (let i = text.indexOf(",", lineStart); i !== -1 && i < lineEnd; i = text.indexOf(",", i + 1))
      columns++;
    this.layout = layoutWithoutHeader(this.interval, this.mapping, Math.min(columns, MAX_COLUMNS));
    return false;
  }

  private parseRow(text: string, lineStart: number, lineEnd: number): void {
    const layout = this.layout as CsvLayout;
    const { starts, ends } = this;
    // Field boundaries: field k is text[starts[k], ends[k]).
    let fields = 0;
    let fieldStart = lineStart;
    while (fields <= layout.columnCount) {
      let comma = text.indexOf(",", fieldStart);
      if (comma === -1 || comma > lineEnd) comma = lineEnd;
      starts[fields] = fieldStart;
      ends[fields] = comma;
      fields++;
      if (comma === lineEnd) break;
      fieldStart = comma + 1;
    }
    if (fields !== layout.columnCount) {
      const found = fields > layout.columnCount ? `more than ${layout.columnCount}` : String(fields);
      this.problem(`expected ${layout.columnCount} columns (${layout.described}), found ${found}`);
      return;
    }
    const { indices } = layout;
    const timeStart = starts[indices.time];
    const timeEnd = ends[indices.time];
    let rowDate: string | undefined;
    let time: number;
    if (this.usesDates) {
      const dateKey = readDateKey(text, timeStart, timeEnd);
      rowDate = Number.isNaN(dateKey) ? undefined : formatDateKey(dateKey);
      time = rowDate === undefined ? Number.NaN : this.dailyBarTime(dateKey, rowDate);
    } else {
      time = readBarTime(text, timeStart, timeEnd, this.zone);
    }
    if (Number.isNaN(time)) {
      const field = text.slice(timeStart, timeEnd);
      this.problem(this.usesDates ? explainDate(field) : explainTimestamp(field, this.zoneName));
      return;
    }
    const open = readDecimal(text, starts[indices.open], ends[indices.open]);
    const high = readDecimal(text, starts[indices.high], ends[indices.high]);
    const low = readDecimal(text, starts[indices.low], ends[indices.low]);
    const close = readDecimal(text, starts[indices.close], ends[indices.close]);
    const volume = readDecimal(text, starts[indices.volume], ends[indices.volume]);
    // NaN if any field was unreadable; explained only then, so good rows allocate nothing.
    const invalid = Number.isNaN(open + high + low + close + volume)
      ? (this.explainUnreadable(text) ?? barProblem(open, high, low, close, volume))
      : barProblem(open, high, low, close, volume);
    if (invalid) {
      this.problem(invalid);
      return;
    }
    const what = this.usesDates ? "date" : "timestamp";
    if (this.stepMs > 0 && time % this.stepMs !== 0) {
      const unit = this.stepMs === 1_000 ? "second" : "minute";
      this.problem(`timestamp ${quoted(text.slice(timeStart, timeEnd))} is not on a whole ${unit}`);
      return;
    }
    if (this.days !== undefined && !(time >= this.sessionFrom && time < this.sessionTo)) {
      const outside = this.outsideSession(time, `${what} ${quoted(text.slice(timeStart, timeEnd))}`, rowDate);
      if (outside !== undefined) {
        this.problem(outside);
        return;
      }
    }
    if (time <= this.previousTime) {
      const shown = quoted(text.slice(timeStart, timeEnd));
      this.problem(
        time === this.previousTime
          ? `duplicate ${what} ${shown} (also on line ${this.previousLine})`
          : `${what} ${shown} is earlier than line ${this.previousLine}'s; rows must be in ascending time order`,
      );
      return;
    }
    const bars = this.bars;
    const index = this.count++;
    bars.time[index] = time;
    bars.open[index] = open;
    bars.high[index] = high;
    bars.low[index] = low;
    bars.close[index] = close;
    bars.volume[index] = volume;
    this.previousTime = time;
    this.previousLine = this.lineNumber;
  }

  /**
   * Why a bar starting at `time` is outside the exchange's sessions, or `undefined` when it is in
   * one (whose extended hours are then remembered for the rows that follow).
   */
  private outsideSession(time: number, shown: string, rowDate: string | undefined): string | undefined {
    const days = this.days as ExchangeDays;
    try {
      if (rowDate !== undefined) {
        const date = rowDate;
        const session = days.session(date);
        if (session === undefined) return `${shown} is not a trading day (${this.closedBecause(date)})`;
        this.sessionFrom = time;
        this.sessionTo = time + 1;
        return undefined;
      }
      const session = days.sessionAt(time);
      if (session === undefined) {
        const date = days.dateOf(time);
        if (!days.isTradingDay(date))
          return `${shown} falls on ${date}, not a trading day (${this.closedBecause(date)})`;
        const day = days.session(date) as ExtendedHours;
        const hours = `${this.clock(day.preMarketAt)}–${this.clock(day.postMarketAt)}`;
        return `${shown} is outside the trading hours of ${date} (${hours} local time, pre- and post-market included)`;
      }
      this.sessionFrom = session.preMarketAt;
      this.sessionTo = session.postMarketAt;
      return undefined;
    } catch (error) {
      // Outside the calendar's range: its message names the date (for a daily row, the row's own).
      if (isScanwrightError(error) && error.code === "SCN_ERR_CALENDAR") {
        return this.usesDates ? error.message : `${shown}: ${error.message}`;
      }
      throw error;
    }
  }

  /**
   * The key of a daily row: its trading date's regular-session open on the exchange, or 09:30 New
   * York without an exchange. A date the exchange does not trade (or outside its calendar) keeps
   * the New York key here; the session check that follows refuses the row and says why.
   */
  private dailyBarTime(dateKey: number, date: string): number {
    if (this.days !== undefined) {
      try {
        const session = this.days.session(date);
        if (session !== undefined) return session.openAt;
      } catch (error) {
        // A date outside the calendar's range: outsideSession reports it with the calendar's message.
        if (!(isScanwrightError(error) && error.code === "SCN_ERR_CALENDAR")) throw error;
      }
    }
    return newYorkWallTime(dateKey, 9, 30);
  }

  private closedBecause(date: string): string {
    return (this.days as ExchangeDays).holidayName(date) ?? WEEKDAYS[weekdayOf(date)];
  }

  /** `HH:MM` in the exchange's zone of an instant. */
  private clock(time: number): string {
    const local = time + (this.days as ExchangeDays).offsetAt(time);
    const minute = Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
    return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  }

  private problem(reason: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ line: this.lineNumber, reason });
  }

  /** Makes room for `rows` more bars at once (one allocation per piece, not a doubling series). */
  private reserve(rows: number): void {
    if (this.count + rows <= this.bars.length) return;
    const larger = allocateBarColumns(this.count + rows);
    for (const field of BAR_FIELDS) larger[field].set(this.bars[field].subarray(0, this.count));
    this.bars = larger;
  }

  private explainUnreadable(text: string): string | undefined {
    const { indices } = this.layout as CsvLayout;
    for (const field of BAR_FIELDS) {
      if (field === "time") continue;
      const start = this.starts[indices[field]];
      const end = this.ends[indices[field]];
      if (!Number.isNaN(readDecimal(text, start, end))) continue;
      return `${field} ${quoted(text.slice(start, end))} is not a number`;
    }
    return undefined;
  }
}

/** Lines in text[0, lastNewline] (each ends at a newline). */
function countLines(text: string, lastNewline: number): number {
  let lines = 0;
  for (
    let index = text.indexOf("\n");
    index !== -1 && index <= lastNewline;
    index = text.indexOf("\n", index + 1)
  ) {
    lines++;
  }
  return lines;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/** 0 = Sunday … 6 = Saturday, of a `YYYY-MM-DD` date. */
function weekdayOf(date: string): number {
  const days = daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
  return (((days + 4) % 7) + 7) % 7;
}
