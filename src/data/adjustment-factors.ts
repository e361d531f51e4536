// Split and dividend adjustment with LEAN-style factor files: rows `date,priceFactor,splitFactor,
// referencePrice` (date `YYYYMMDD`, ascending, header optional). For a bar dated d (its New York
// date) the first row dated on or after d applies; bars after the last row are left as they are.
//
// Prices: adjusted = raw × priceFactor × splitFactor.
// Volume convention: adjusted volume = raw volume ÷ splitFactor (a 7:1 split multiplies earlier
// volumes by 7, so shares traded stay comparable across the split; dividends do not touch volume),
// rounded to whole shares when the raw volume is whole.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { ImportError, type ImportProblem } from "../core/errors.js";
import { newYorkDateKey } from "../core/new-york-time.js";
import { MAX_FACTOR_FILE_BYTES, readTextFile } from "../core/text-file.js";
import { readDateKey, readDecimal } from "./csv-values.js";

export interface AdjustmentFactors {
  /** The file the factors came from. */
  readonly source: string;
  /** Row dates as `YYYYMMDD`, strictly ascending. */
  readonly dateKeys: Int32Array;
  readonly priceFactors: Float64Array;
  readonly splitFactors: Float64Array;
}

/** Parses a factor file's text; any bad row makes it an `ImportError` listing every bad line. */
export function parseAdjustmentFactors(text: string, source: string): AdjustmentFactors {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const dateKeys: number[] = [];
  const priceFactors: number[] = [];
  const splitFactors: number[] = [];
  const problems: ImportProblem[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].replace(/\r$/, "");
    const lineNumber = index + 1;
    if (line.trim() === "") continue;
    const fields = line.split(",");
    if (dateKeys.length === 0 && problems.length === 0 && /^[a-z_ ]+$/i.test(fields[0].trim())) continue;
    const problem = rowProblem(fields, dateKeys.at(-1));
    if (problem) {
      problems.push({ line: lineNumber, reason: problem });
      continue;
    }
    dateKeys.push(readDateKey(fields[0], 0, fields[0].length));
    priceFactors.push(readDecimal(fields[1], 0, fields[1].length));
    splitFactors.push(readDecimal(fields[2], 0, fields[2].length));
  }
  if (problems.length > 0) {
    throw new ImportError(`Factor file ${source} has ${problems.length} bad row(s)`, problems, {
      location: { file: source, line: problems[0].line },
    });
  }
  if (dateKeys.length === 0) {
    throw new ImportError(`Factor file ${source} has no rows`, [], { location: { file: source } });
  }
  return {
    source,
    dateKeys: Int32Array.from(dateKeys),
    priceFactors: Float64Array.from(priceFactors),
    splitFactors: Float64Array.from(splitFactors),
  };
}

function rowProblem(fields: readonly string[], previousDateKey: number | undefined): string | undefined {
  if (fields.length < 3 || fields.length > 4) {
    return `expected 3 or 4 columns (date,priceFactor,splitFactor[,referencePrice]), found ${fields.length}`;
  }
  const dateField = fields[0].trim();
  const dateKey = /^\d{8}$/.test(dateField) ? readDateKey(dateField, 0, dateField.length) : Number.NaN;
  if (Number.isNaN(dateKey)) return `date "${dateField}" is not a valid YYYYMMDD date`;
  if (previousDateKey !== undefined && dateKey <= previousDateKey) {
    return `date ${dateField} is not after the previous row's ${previousDateKey}`;
  }
  for (const [column, name] of [
    [1, "priceFactor"],
    [2, "splitFactor"],
  ] as const) {
    const value = readDecimal(fields[column], 0, fields[column].length);
    if (!(value > 0) || !Number.isFinite(value)) {
      return `${name} ${JSON.stringify(fields[column].trim())} is not a positive number`;
    }
  }
  return undefined;
}

/** Reads and parses a factor file; a missing or unreadable file is an `ImportError` naming it. */
export function readAdjustmentFactors(path: string): AdjustmentFactors {
  const read = readTextFile(path, MAX_FACTOR_FILE_BYTES);
  if (read.text === undefined) {
    throw new ImportError(`Factor file ${path} ${read.reason}`, [], {
      cause: read.cause,
      location: { file: path },
    });
  }
  return parseAdjustmentFactors(read.text, path);
}

/** The factor file of `symbol` in `folder` (`SPY.csv`, or lower-case `spy.csv` as LEAN names them). */
export function findFactorFile(folder: string, symbol: string): string {
  for (const name of [`${symbol}.csv`, `${symbol.toLowerCase()}.csv`]) {
    const path = join(folder, name);
    if (existsSync(path)) return path;
  }
  throw new ImportError(`No factor file for ${symbol} in ${folder} (looked for ${symbol}.csv)`, [], {
    location: { file: join(folder, `${symbol}.csv`) },
  });
}

/** Adjusted copies of `bars` (ascending) per the factors; see the file header for the rules. */
export function adjustBars(bars: BarColumns, factors: AdjustmentFactors): BarColumns {
  const adjusted = allocateBarColumns(bars.length);
  adjusted.time.set(bars.time);
  let row = 0;
  for (let i = 0; i < bars.length; i++) {
    const dateKey = newYorkDateKey(bars.time[i]);
    if (row > 0 && factors.dateKeys[row - 1] >= dateKey) row = 0; // out-of-order input: search again
    while (row < factors.dateKeys.length && factors.dateKeys[row] < dateKey) row++;
    const priceFactor = row < factors.dateKeys.length ? factors.priceFactors[row] : 1;
    const splitFactor = row < factors.dateKeys.length ? factors.splitFactors[row] : 1;
    adjusted.open[i] = bars.open[i] * priceFactor * splitFactor;
    adjusted.high[i] = bars.high[i] * priceFactor * splitFactor;
    adjusted.low[i] = bars.low[i] * priceFactor * splitFactor;
    adjusted.close[i] = bars.close[i] * priceFactor * splitFactor;
    const volume = bars.volume[i] / splitFactor;
    adjusted.volume[i] = Number.isInteger(bars.volume[i]) ? Math.round(volume) : volume;
  }
  return adjusted;
}
