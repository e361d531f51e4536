// Which column of a bar CSV holds what. A header names the columns, in any order, with the common
// spellings (`Date`/`timestamp`/`datetime`, `Open`/`o`, `Volume`/`vol`…) and any other columns
// (Yahoo's `Adj Close`, a `symbol` column) ignored; `--columns time=Datetime,volume=Vol` names
// them explicitly, by header name or by 1-based position (the only way for a file without a header
// whose columns are not `time,open,high,low,close,volume`). Without a header and a mapping, the
// six columns are in that order.

import { ImportError } from "../core/errors.js";
import type { Interval } from "../core/interval.js";
import { quoted, readDecimal } from "./csv-values.js";

export const BAR_FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** `--columns`: a header name or a 1-based position per field. */
export type ColumnMapping = Partial<Record<BarField, string>>;

export interface CsvLayout {
  /** Columns a row must have. */
  readonly columnCount: number;
  /** Column index (0-based) of each field, in BAR_FIELDS order. */
  readonly indices: Readonly<Record<BarField, number>>;
  /** The columns as messages list them (`timestamp,open,high,low,close,volume`). */
  readonly described: string;
}

/** Most columns a row may have. */
export const MAX_COLUMNS = 64;

const DATE_NAMES = ["date", "day"];
const TIMESTAMP_NAMES = ["timestamp", "time", "datetime", "date/time"];
const ALIASES: Readonly<Record<BarField, readonly string[]>> = {
  time: [...DATE_NAMES, ...TIMESTAMP_NAMES],
  open: ["open", "o"],
  high: ["high", "h"],
  low: ["low", "l"],
  close: ["close", "c"],
  volume: ["volume", "vol", "v"],
};

/** The header's names as compared: lower-case, without quotes, spaces or underscores. */
function normalizeName(name: string): string {
  return name
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .replace(/[\s_]+/g, "")
    .toLowerCase();
}

/** Parses `time=Datetime,volume=Vol` (the `--columns` value). */
export function parseColumnMapping(text: string): ColumnMapping {
  const mapping: Record<string, string> = {};
  for (const entry of text.split(",")) {
    const match = /^\s*([a-zA-Z]+)\s*=\s*(.+?)\s*$/.exec(entry);
    const field = match?.[1].toLowerCase();
    if (!match || field === undefined || !(BAR_FIELDS as readonly string[]).includes(field)) {
      throw new ImportError(
        `--columns ${quoted(entry)}: expected FIELD=COLUMN with FIELD one of ${BAR_FIELDS.join(", ")} (e.g. "time=Datetime,volume=Vol")`,
      );
    }
    if (mapping[field] !== undefined) throw new ImportError(`--columns names ${field} twice`);
    mapping[field] = match[2];
  }
  return mapping;
}

/** Whether a first content line is a header rather than a row: a row has numbers (its prices), a header none. */
export function looksLikeHeader(line: string): boolean {
  return line.split(",").every((field) => Number.isNaN(readDecimal(field, 0, field.length)));
}

/** The layout a header line gives, with the mapping applied; an ImportError says what is missing. */
export function layoutFromHeader(
  line: string,
  lineNumber: number,
  interval: Interval,
  mapping: ColumnMapping,
  source: string,
): CsvLayout {
  const usesDates = interval.unit === "d" || interval.unit === "w";
  const timeName = usesDates ? "date" : "timestamp";
  const expected = `${timeName},open,high,low,close,volume`;
  const fail = (why: string): never => {
    throw new ImportError(`${source}:${lineNumber}: ${why}`, [{ line: lineNumber, reason: why }], {
      location: { file: source, line: lineNumber },
    });
  };
  const names = line.split(",").map(normalizeName);
  if (names.length > MAX_COLUMNS)
    fail(`the header has ${names.length} columns; at most ${MAX_COLUMNS} are read`);
  const indices: Partial<Record<BarField, number>> = {};
  const missing: string[] = [];
  for (const field of BAR_FIELDS) {
    const wanted = mapping[field];
    if (wanted !== undefined) {
      const index = positionOf(wanted) ?? names.indexOf(normalizeName(wanted));
      if (index < 0 || index >= names.length) {
        fail(`--columns ${field}=${wanted}: the header ${quoted(line)} has no such column`);
      }
      indices[field] = index;
      continue;
    }
    const index = names.findIndex((name) => ALIASES[field].includes(name));
    if (index < 0) missing.push(field === "time" ? timeName : field);
    else indices[field] = index;
  }
  if (missing.length > 0) {
    fail(
      `header ${quoted(line)} has no ${missing.join(", ")} column (expected "${expected}" in any order, ` +
        "other columns ignored; or name them with --columns)",
    );
  }
  const complete = indices as Record<BarField, number>;
  checkDistinct(complete, fail);
  const timeColumn = names[complete.time];
  if (mapping.time === undefined) {
    if (usesDates && TIMESTAMP_NAMES.includes(timeColumn)) {
      fail(
        `the time column "${timeColumn}" holds timestamps, but interval ${interval.text} needs dates ("${expected}")`,
      );
    }
    if (!usesDates && DATE_NAMES.includes(timeColumn)) {
      fail(
        `the time column "${timeColumn}" holds dates, but interval ${interval.text} needs timestamps ("${expected}")`,
      );
    }
  }
  return { columnCount: names.length, indices: complete, described: line.trim().slice(0, 200) };
}

/** The layout of a file without a header: the mapping's positions, or the six columns in order. */
export function layoutWithoutHeader(
  interval: Interval,
  mapping: ColumnMapping,
  firstRowColumns: number,
): CsvLayout {
  const usesDates = interval.unit === "d" || interval.unit === "w";
  const described = `${usesDates ? "date" : "timestamp"},open,high,low,close,volume`;
  if (Object.keys(mapping).length === 0) {
    return { columnCount: 6, indices: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 }, described };
  }
  const indices: Partial<Record<BarField, number>> = {};
  for (const field of BAR_FIELDS) {
    const wanted = mapping[field];
    const index = wanted === undefined ? undefined : positionOf(wanted);
    if (index === undefined) {
      throw new ImportError(
        `--columns: a file without a header needs every field by position (e.g. "time=1,open=2,high=3,low=4,close=5,volume=6"); ${field} is ${wanted === undefined ? "missing" : `"${wanted}"`}`,
      );
    }
    indices[field] = index;
  }
  const complete = indices as Record<BarField, number>;
  checkDistinct(complete, (why) => {
    throw new ImportError(why);
  });
  const columnCount = Math.max(firstRowColumns, ...Object.values(complete).map((index) => index + 1));
  return { columnCount, indices: complete, described: `${columnCount} columns per --columns` };
}

/** A 1-based position `3` as the index 2; `undefined` for a name. */
function positionOf(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) - 1 : undefined;
}

function checkDistinct(indices: Record<BarField, number>, fail: (why: string) => never): void {
  for (const field of BAR_FIELDS) {
    const other = BAR_FIELDS.find(
      (candidate) => candidate !== field && indices[candidate] === indices[field],
    );
    if (other !== undefined)
      fail(`${field} and ${other} are read from the same column (${indices[field] + 1})`);
  }
}
