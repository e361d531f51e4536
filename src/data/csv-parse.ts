// Parses a bar CSV into columns, validating every row. Two formats, chosen by the interval:
//   daily and weekly: `date,open,high,low,close,volume` with `YYYY-MM-DD` dates; the bar's time is
//     the session open of that date (09:30 New York), the project-wide key of a daily bar;
//   intraday: `timestamp,open,high,low,close,volume` with ISO-8601 instants that carry an offset;
//     the timestamp is the bar's start.
// The header line is optional; a BOM, CRLF line ends, blank lines and a missing final newline are
// fine. A bad row never stops the parse: it is listed in `problems` (1-based line, header = 1) and
// left out of `bars`, so the caller decides between rejecting the file and skipping the rows.

import { barProblem } from "../core/bar.js";
import { allocateBarColumns, type BarColumns, sliceColumns } from "../core/bar-columns.js";
import { ImportError, type ImportProblem } from "../core/errors.js";
import { type Interval, parseInterval } from "../core/interval.js";
import { newYorkWallTime } from "../core/new-york-time.js";
import { explainDate, explainTimestamp, readDateKey, readDecimal, readTimestamp } from "./csv-values.js";

export interface ParseBarsCsvOptions {
  readonly interval: Interval | string;
  /** Names the text in errors (usually the file path). */
  readonly source: string;
}

export interface ParsedBarsCsv {
  /** The good rows, ascending by time. */
  readonly bars: BarColumns;
  /** One entry per bad row, in line order. */
  readonly problems: ImportProblem[];
  /** Data rows seen (good and bad; header and blank lines not counted). */
  readonly rows: number;
}

const VALUE_COLUMNS = ["open", "high", "low", "close", "volume"] as const;
const DATE_HEADERS = new Set(["date", "day"]);
const TIMESTAMP_HEADERS = new Set(["timestamp", "time", "datetime"]);
const COLUMN_COUNT = 6;

export function parseBarsCsv(text: string, options: ParseBarsCsvOptions): ParsedBarsCsv {
  const interval = typeof options.interval === "string" ? parseInterval(options.interval) : options.interval;
  const { source } = options;
  const usesDates = interval.unit === "d" || interval.unit === "w";
  const stepMs = interval.unit === "s" ? 1_000 : interval.unit === "m" ? 60_000 : 0;
  if (text.includes("\u0000")) {
    throw new ImportError(`${source} is a binary file, not a CSV of bars`, [], {
      location: { file: source },
    });
  }
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const capacity = countLines(text, position);
  const bars = allocateBarColumns(capacity);
  const problems: ImportProblem[] = [];
  let count = 0;
  let rows = 0;
  let lineNumber = 0;
  let previousTime = Number.NEGATIVE_INFINITY;
  let previousLine = 0;
  let firstContentLine = true;
  const commas = new Int32Array(COLUMN_COUNT);

  while (position < text.length) {
    lineNumber++;
    let lineEnd = text.indexOf("\n", position);
    if (lineEnd === -1) lineEnd = text.length;
    const nextPosition = lineEnd + 1;
    if (lineEnd > position && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const lineStart = position;
    position = nextPosition;
    if (isBlank(text, lineStart, lineEnd)) continue;

    if (firstContentLine) {
      firstContentLine = false;
      if (isHeader(text, lineStart, lineEnd)) {
        checkHeader(text.slice(lineStart, lineEnd), lineNumber, usesDates, interval, source);
        continue;
      }
    }
    rows++;

    // Field boundaries: field k is text[start_k, commas[k]), the last ends at lineEnd.
    let fields = 0;
    let search = lineStart;
    while (fields < COLUMN_COUNT) {
      const comma = text.indexOf(",", search);
      if (comma === -1 || comma >= lineEnd) break;
      commas[fields++] = comma;
      search = comma + 1;
    }
    if (fields !== COLUMN_COUNT - 1) {
      const found = fields === COLUMN_COUNT ? "more than 6" : String(fields + 1);
      problems.push({
        line: lineNumber,
        reason: `expected 6 columns (${usesDates ? "date" : "timestamp"},open,high,low,close,volume), found ${found}`,
      });
      continue;
    }

    const time = usesDates
      ? readDateTime(text, lineStart, commas[0])
      : readTimestamp(text, lineStart, commas[0]);
    if (Number.isNaN(time)) {
      const field = text.slice(lineStart, commas[0]);
      problems.push({ line: lineNumber, reason: usesDates ? explainDate(field) : explainTimestamp(field) });
      continue;
    }
    const open = readDecimal(text, commas[0] + 1, commas[1]);
    const high = readDecimal(text, commas[1] + 1, commas[2]);
    const low = readDecimal(text, commas[2] + 1, commas[3]);
    const close = readDecimal(text, commas[3] + 1, commas[4]);
    const volume = readDecimal(text, commas[4] + 1, lineEnd);
    // NaN if any field was unreadable; explained only then, so good rows allocate nothing.
    const invalid = Number.isNaN(open + high + low + close + volume)
      ? (explainUnreadable(text, commas, lineEnd) ?? barProblem(open, high, low, close, volume))
      : barProblem(open, high, low, close, volume);
    if (invalid) {
      problems.push({ line: lineNumber, reason: invalid });
      continue;
    }
    if (stepMs > 0 && time % stepMs !== 0) {
      problems.push({
        line: lineNumber,
        reason: `timestamp "${text.slice(lineStart, commas[0]).trim()}" is not on a whole ${stepMs === 1_000 ? "second" : "minute"}`,
      });
      continue;
    }
    if (time <= previousTime) {
      const what = usesDates ? "date" : "timestamp";
      problems.push({
        line: lineNumber,
        reason:
          time === previousTime
            ? `duplicate ${what} "${text.slice(lineStart, commas[0]).trim()}" (also on line ${previousLine})`
            : `${what} "${text.slice(lineStart, commas[0]).trim()}" is earlier than line ${previousLine}'s; rows must be in ascending time order`,
      });
      continue;
    }
    bars.time[count] = time;
    bars.open[count] = open;
    bars.high[count] = high;
    bars.low[count] = low;
    bars.close[count] = close;
    bars.volume[count] = volume;
    count++;
    previousTime = time;
    previousLine = lineNumber;
  }
  return { bars: sliceColumns(bars, 0, count), problems, rows };
}

/** Upper bound of the number of lines from `position` on. */
function countLines(text: string, position: number): number {
  let lines = 1;
  let index = text.indexOf("\n", position);
  while (index !== -1) {
    lines++;
    index = text.indexOf("\n", index + 1);
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

function readDateTime(text: string, start: number, end: number): number {
  const dateKey = readDateKey(text, start, end);
  return Number.isNaN(dateKey) ? Number.NaN : newYorkWallTime(dateKey, 9, 30);
}

function isHeader(text: string, start: number, end: number): boolean {
  let fieldEnd = text.indexOf(",", start);
  if (fieldEnd === -1 || fieldEnd > end) fieldEnd = end;
  const first = text.slice(start, fieldEnd).trim().toLowerCase();
  return DATE_HEADERS.has(first) || TIMESTAMP_HEADERS.has(first);
}

/** A header must name the six columns in order, with a time column that suits the interval. */
function checkHeader(
  line: string,
  lineNumber: number,
  usesDates: boolean,
  interval: Interval,
  source: string,
): void {
  const names = line.split(",").map((name) => name.trim().toLowerCase());
  const expected = `${usesDates ? "date" : "timestamp"},${VALUE_COLUMNS.join(",")}`;
  const fail = (why: string): never => {
    throw new ImportError(`${source}:${lineNumber}: ${why}`, [{ line: lineNumber, reason: why }], {
      location: { file: source, line: lineNumber },
    });
  };
  if (names.length !== COLUMN_COUNT || VALUE_COLUMNS.some((name, index) => names[index + 1] !== name)) {
    fail(`header "${line.trim()}" does not match "${expected}"`);
  }
  if (usesDates && !DATE_HEADERS.has(names[0])) {
    fail(
      `the time column "${names[0]}" holds timestamps, but interval ${interval.text} needs dates ("${expected}")`,
    );
  }
  if (!usesDates && !TIMESTAMP_HEADERS.has(names[0])) {
    fail(
      `the time column "${names[0]}" holds dates, but interval ${interval.text} needs timestamps ("${expected}")`,
    );
  }
}

function explainUnreadable(text: string, commas: Int32Array, lineEnd: number): string | undefined {
  for (let index = 0; index < VALUE_COLUMNS.length; index++) {
    const start = commas[index] + 1;
    const end = index === VALUE_COLUMNS.length - 1 ? lineEnd : commas[index + 1];
    if (!Number.isNaN(readDecimal(text, start, end))) continue;
    return `${VALUE_COLUMNS[index]} ${JSON.stringify(text.slice(start, end).trim())} is not a number`;
  }
  return undefined;
}
