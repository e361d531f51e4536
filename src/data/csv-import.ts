// Imports one bar CSV into the store, safely: every row is validated first, and by default a file
// with any bad row imports nothing (an `ImportError` lists each bad line and why). With `skipBad`
// the good rows go in and the bad ones come back in the report. The whole file is written in one
// transaction, and writing is idempotent, so re-importing a file reports every bar `unchanged`.

import { readFileSync } from "node:fs";
import { sliceColumns } from "../core/bar-columns.js";
import { ImportError, type ImportProblem } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { normalizeSymbol } from "../core/symbol.js";
import { adjustBars, findFactorFile, readAdjustmentFactors } from "./adjustment-factors.js";
import type { BarStore } from "./bar-store.js";
import { parseBarsCsv } from "./csv-parse.js";
import { inferSeriesFromPath, intervalFromHeader } from "./csv-source-name.js";

export interface ImportOptions {
  /** The symbol, when the file name does not say it (or says it wrongly). */
  readonly symbol?: string;
  /** The interval, when neither the file name, its folder nor its header says it. */
  readonly interval?: string;
  /** Import the good rows of a file with bad ones (reported in `skipped`) instead of refusing it. */
  readonly skipBad?: boolean;
  /** Folder of factor files (`SYMBOL.csv`) to split- and dividend-adjust the bars with. */
  readonly factorsDir?: string;
  /** Called as bars are written: bars done so far, bars to write in all. */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

export interface ImportReport {
  readonly file: string;
  readonly symbol: string;
  readonly interval: string;
  /** Data rows in the file (good and bad). */
  readonly rows: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
  /** Bad rows left out (only with `skipBad`; otherwise a bad row fails the import). */
  readonly skipped: readonly ImportProblem[];
  /** The factor file the bars were adjusted with, if any. */
  readonly factorFile?: string;
}

/** Bars written per store call, between two progress reports. */
const PROGRESS_STEP = 100_000;

export function importCsvFile(store: BarStore, path: string, options: ImportOptions = {}): ImportReport {
  const text = readCsvText(path);
  const inferred = inferSeriesFromPath(path);
  const symbolText = options.symbol ?? inferred.symbol;
  if (symbolText === undefined) {
    throw new ImportError(
      `Cannot tell the symbol of ${path} from its name; give it explicitly (--symbol)`,
      [],
      {
        location: { file: path },
      },
    );
  }
  const symbol = normalizeSymbol(symbolText);
  const intervalText = options.interval ?? inferred.interval ?? intervalFromHeader(text);
  if (intervalText === undefined) {
    throw new ImportError(`Cannot tell the interval of ${path}; give it explicitly (--interval)`, [], {
      location: { file: path },
    });
  }
  const interval = parseInterval(intervalText);

  const parsed = parseBarsCsv(text, { interval, source: path });
  if (parsed.problems.length > 0 && !options.skipBad) {
    const first = parsed.problems[0];
    throw new ImportError(
      `${path}: ${parsed.problems.length} bad row(s) of ${parsed.rows}, nothing imported ` +
        `(first: line ${first.line}: ${first.reason}); fix them or import the good rows with --skip-bad`,
      parsed.problems,
      { location: { file: path, line: first.line } },
    );
  }
  if (parsed.rows === 0) {
    throw new ImportError(`${path} holds no bars`, [], { location: { file: path } });
  }

  let bars = parsed.bars;
  let factorFile: string | undefined;
  if (options.factorsDir !== undefined) {
    factorFile = findFactorFile(options.factorsDir, symbol);
    bars = adjustBars(bars, readAdjustmentFactors(factorFile));
  }

  let inserted = 0;
  let unchanged = 0;
  let replaced = 0;
  store.transaction(() => {
    for (let start = 0; start < bars.length; start += PROGRESS_STEP) {
      const end = Math.min(bars.length, start + PROGRESS_STEP);
      const written = store.insertBars(symbol, interval.text, sliceColumns(bars, start, end));
      inserted += written.inserted;
      unchanged += written.unchanged;
      replaced += written.replaced;
      options.onProgress?.(end, bars.length);
    }
  });
  return {
    file: path,
    symbol,
    interval: interval.text,
    rows: parsed.rows,
    inserted,
    unchanged,
    replaced,
    skipped: parsed.problems,
    ...(factorFile === undefined ? {} : { factorFile }),
  };
}

function readCsvText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : "cannot be read";
    throw new ImportError(`CSV file ${path} ${why}`, [], { cause: error, location: { file: path } });
  }
}
