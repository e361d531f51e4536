// The bar store as the engine sees it: the one contract that the embedded SQLite store
// (bar-store.ts) and the PostgreSQL store (pg-bar-store.ts) both keep, checked by one contract
// test suite run against each (test/contract/bar-store-contract.ts). Synchronous on both: the
// PostgreSQL store blocks on its connection thread (docs/architecture.md, "The data layer's
// backends").

import type { BarColumns } from "../core/bar-columns.js";
import type { InsertReport, SeriesCoverage, SeriesInfo } from "./bar-store.js";

/** A read announced ahead (`BarStorePort.expectRead`), cancelled when it will not be asked for after all. */
export interface ExpectedRead {
  cancel(): void;
}

/** How far ahead a read is announced (`BarStorePort.expectRead`). */
export interface ExpectReadOptions {
  /**
   * The read comes a whole session later (the replay's next day): a store whose read thread keeps
   * a reserve of room for such reads holds its rows there, beside the room nearer reads need.
   */
  readonly sessionAhead?: boolean;
}

export interface BarStorePort {
  /** Where the store is: a file path, `:memory:`, or a PostgreSQL URL without its password. */
  readonly path: string;
  close(): void;
  /** Runs `fn` in one write transaction (nested calls become savepoints): all of it commits or none. */
  transaction<T>(fn: () => T): T;
  /** Stores ascending valid bars, all or nothing; a re-insert is `unchanged`, a new value `replaced`. */
  insertBars(symbol: string, interval: string, bars: BarColumns): InsertReport;
  /** Bars with fromTime <= time < toTime, ascending, in columns from `allocate`. */
  readBars(
    symbol: string,
    interval: string,
    fromTime: number,
    toTime: number,
    allocate?: (length: number) => BarColumns,
  ): BarColumns;
  /**
   * `readBars` for many symbols of one interval: entry i holds `symbols[i]`'s bars (empty when
   * none), in columns from `allocate(length, i)`. The replay feed and the history reader read a
   * universe's day through it. With `keep`, entry i is what `keep` makes of the bars instead,
   * called for each stored series as soon as its bars are decoded, before the next is (so that
   * columns from a reused scratch can be turned into what is kept while they are in the cache).
   * A backend that runs a read again after a lost connection calls both again for its series.
   */
  readBarsOfSymbols(
    symbols: readonly string[],
    interval: string,
    fromTime: number,
    toTime: number,
    allocate?: (length: number, index: number) => BarColumns,
    keep?: (bars: BarColumns, index: number) => BarColumns,
  ): BarColumns[];
  /**
   * A hint that `readBarsOfSymbols(symbols, interval, fromTime, toTime)` will be asked for soon: a
   * store that can read on another thread starts it now (the SQLite store with its read thread);
   * the read's result is the same either way. `cancel` when it will not be asked for after all.
   */
  expectRead?(
    symbols: readonly string[],
    interval: string,
    fromTime: number,
    toTime: number,
    options?: ExpectReadOptions,
  ): ExpectedRead | undefined;
  /** The `count` latest bars with time < beforeTime, ascending. */
  readLastBars(symbol: string, interval: string, beforeTime: number, count: number): BarColumns;
  /** Whether the series holds a bar with fromTime <= time < toTime. */
  hasBars(symbol: string, interval: string, fromTime: number, toTime: number): boolean;
  coverage(symbol: string, interval: string): SeriesCoverage | undefined;
  hasSymbol(symbol: string): boolean;
  /** The series of `symbol` with bars, shortest interval first. */
  symbolSeries(symbol: string): SeriesInfo[];
  /** Every series with bars, by symbol then interval. */
  listSeries(): SeriesInfo[];
  /**
   * `listSeries` of `symbols` only (any form, each normalized; one the store does not hold has no
   * entry): a universe's coverage in one query, without listing the store's other symbols.
   */
  listSeriesOf(symbols: readonly string[]): SeriesInfo[];
  symbols(interval?: string): string[];
  isEmpty(): boolean;
}
