// Imports one bar CSV into the store, safely: every row is validated, and by default a file with any
// bad row imports nothing (an `ImportError` lists each bad line and why). With `skipBad` the good
// rows go in and the bad ones come back in the report. The file is streamed (read in pieces, its
// bars written in batches) inside one transaction, so neither memory nor Node's string limit bounds
// its size, and a refused file leaves nothing behind. Writing is idempotent, so re-importing a file
// reports every bar `unchanged`.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { BarColumns } from "../core/bar-columns.js";
import { ImportError, type ImportProblem } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import { normalizeSymbol } from "../core/symbol.js";
import {
  type AdjustmentFactors,
  adjustBars,
  findFactorFile,
  readAdjustmentFactors,
} from "./adjustment-factors.js";
import type { BarStorePort } from "./bar-store-port.js";
import type { ColumnMapping } from "./csv-layout.js";
import { BarCsvParser, MAX_LISTED_PROBLEMS } from "./csv-parse.js";
import { inferSeriesFromPath, intervalFromHeader } from "./csv-source-name.js";
import type { ExchangeDays } from "./session-hours.js";

export interface ImportOptions {
  /** The symbol, when the file name does not say it (or says it wrongly). */
  readonly symbol?: string;
  /** The interval, when neither the file name, its folder nor its header says it. */
  readonly interval?: string;
  /** Import the good rows of a file with bad ones (reported in `skipped`) instead of refusing it. */
  readonly skipBad?: boolean;
  /** Folder of factor files (`SYMBOL.csv`) to split- and dividend-adjust the bars with. */
  readonly factorsDir?: string;
  /** IANA zone of timestamps written without an offset (default the exchange's, America/New_York). */
  readonly timeZone?: string;
  /** Which column holds what (`--columns`), by header name or 1-based position. */
  readonly columns?: ColumnMapping;
  /**
   * The exchange's trading days and hours (the ExchangeCalendar, with any overrides): a row on a
   * day the exchange does not trade, or an intraday bar outside its extended hours, is a bad row.
   * The CLI always gives it; without it those rows are not checked.
   */
  readonly days?: ExchangeDays;
  /** Called as the file is read: bytes done so far, bytes in all. */
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
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
  /** Bad rows left out (only with `skipBad`; otherwise a bad row fails the import): the first MAX_LISTED_PROBLEMS. */
  readonly skipped: readonly ImportProblem[];
  /** How many bad rows were left out in all. */
  readonly skippedCount: number;
  /** The factor file the bars were adjusted with, if any. */
  readonly factorFile?: string;
  /** Damaged chunks of the store that this import replaced (see `InsertReport.repairedChunks`). */
  readonly repairedChunks: number;
}

/** Bars written per store call. */
const WRITE_BATCH = 100_000;
/** Bytes read from the file at a time. */
const PIECE_BYTES = 4 * 1024 * 1024;

export function importCsvFile(store: BarStorePort, path: string, options: ImportOptions = {}): ImportReport {
  const fd = openCsvFile(path);
  try {
    const size = fstatSync(fd).size;
    const inferred = inferSeriesFromPath(path);
    const symbolText = options.symbol ?? inferred.symbol;
    if (symbolText === undefined) {
      throw new ImportError(
        `Cannot tell the symbol of ${path} from its name; give it explicitly (--symbol)`,
        [],
        { location: { file: path } },
      );
    }
    const symbol = normalizeSymbol(symbolText);
    const intervalText = options.interval ?? inferred.interval ?? intervalFromHeader(readHead(fd));
    if (intervalText === undefined) {
      throw new ImportError(`Cannot tell the interval of ${path}; give it explicitly (--interval)`, [], {
        location: { file: path },
      });
    }
    const interval = parseInterval(intervalText);
    let factorFile: string | undefined;
    let factors: AdjustmentFactors | undefined;
    if (options.factorsDir !== undefined) {
      factorFile = findFactorFile(options.factorsDir, symbol);
      factors = readAdjustmentFactors(factorFile);
    }
    const parser = new BarCsvParser({
      interval,
      source: path,
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.days === undefined ? {} : { days: options.days }),
    });

    const totals = { inserted: 0, unchanged: 0, replaced: 0, repairedChunks: 0 };
    const write = (bars: BarColumns): void => {
      // Once a row is bad and bad rows are not skipped, the file will be refused: stop writing.
      if (bars.length === 0 || (parser.problemCount > 0 && !options.skipBad)) return;
      const written = store.insertBars(symbol, interval.text, factors ? adjustBars(bars, factors) : bars);
      totals.inserted += written.inserted;
      totals.unchanged += written.unchanged;
      totals.replaced += written.replaced;
      totals.repairedChunks += written.repairedChunks ?? 0;
    };
    store.transaction(() => {
      const decoder = new StringDecoder("utf8");
      const buffer = Buffer.allocUnsafe(PIECE_BYTES);
      let done = 0;
      for (;;) {
        const read = readSync(fd, buffer, 0, PIECE_BYTES, null);
        if (read === 0) break;
        done += read;
        parser.push(decoder.write(buffer.subarray(0, read)));
        if (parser.pendingBars >= WRITE_BATCH) write(parser.takeBars());
        options.onProgress?.(done, size);
      }
      parser.push(decoder.end());
      parser.end();
      write(parser.takeBars());
      if (parser.problemCount > 0 && !options.skipBad) {
        const first = parser.problems[0];
        const listed =
          parser.problemCount > parser.problems.length ? `; the first ${MAX_LISTED_PROBLEMS} are listed` : "";
        throw new ImportError(
          `${path}: ${parser.problemCount} bad row(s) of ${parser.rows}, nothing imported ` +
            `(first: line ${first.line}: ${first.reason}); fix them or import the good rows with --skip-bad${listed}`,
          parser.problems,
          { location: { file: path, line: first.line } },
        );
      }
      if (parser.rows === 0) throw new ImportError(`${path} holds no bars`, [], { location: { file: path } });
    });
    return {
      file: path,
      symbol,
      interval: interval.text,
      rows: parser.rows,
      ...totals,
      skipped: parser.problems,
      skippedCount: parser.problemCount,
      ...(factorFile === undefined ? {} : { factorFile }),
    };
  } finally {
    closeSync(fd);
  }
}

/** Opens a CSV for reading; anything but a regular file (a folder, a FIFO, a device) is refused at once. */
function openCsvFile(path: string): number {
  const refuse = (why: string, cause?: unknown): never => {
    throw new ImportError(`CSV file ${path} ${why}`, [], { cause, location: { file: path } });
  };
  let fd: number | undefined;
  try {
    // Checked before opening: opening a FIFO would wait for a writer, reading /dev/zero never ends.
    if (!statSync(path).isFile()) refuse(kindOf(statSync(path)));
    // O_NONBLOCK: should the path become a FIFO meanwhile, opening it still does not wait.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) refuse(kindOf(stats));
    return fd;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`, error);
  }
}

function kindOf(stats: Stats): string {
  return stats.isDirectory() ? "is a folder" : "is not a regular file (a device, FIFO or socket)";
}

/** The first few KB of the file (for the header), read without moving the stream's position. */
function readHead(fd: number): string {
  const head = Buffer.alloc(64 * 1024);
  const read = readSync(fd, head, 0, head.length, 0);
  return head.subarray(0, read).toString("utf8");
}
