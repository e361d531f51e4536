// The embedded default store of historical bars: one SQLite file (better-sqlite3, WAL mode).
//
// Bars are keyed by (symbol, interval, start time ms). Writes are idempotent: writing a bar that is
// already stored with the same values changes nothing (`unchanged`); writing different values at an
// existing key overwrites the stored bar (`replaced`), so a corrected or re-adjusted file wins.
// Every write call is all-or-nothing. Symbols and intervals are normalized on entry (`spy` → `SPY`,
// `1h` → `60m`). Storage packs the bars of a series per time span into chunks (bar-chunk.ts).

import { endianness } from "node:os";
import Database from "better-sqlite3";
import { barProblem } from "../core/bar.js";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { DataError, StoreError } from "../core/errors.js";
import { compareIntervals, parseInterval } from "../core/interval.js";
import { normalizeSymbol } from "../core/symbol.js";
import {
  type ChunkPrefix,
  checkedChunkLength,
  chunkLowerBound,
  chunkTimeAt,
  copyChunksInRange,
  copyLastChunkBars,
  intactBars,
  refusingDamage,
} from "./bar-chunk.js";
import type { BarStorePort, ExpectedRead, ExpectReadOptions } from "./bar-store-port.js";
import { writeBarsToChunks } from "./chunk-writes.js";
import { SeriesBatch } from "./series-batch.js";
import {
  openSqliteFile,
  type SqliteFileKind,
  type SqliteFileLimits,
  sqliteFileError,
} from "./sqlite-file.js";
import { groupsOf, StoreReadThread, type StoreReadThreadOptions } from "./store-read-thread.js";
import {
  chunkSpanMsFor,
  chunkStartOf,
  clusteredChunkKey,
  STORE_APPLICATION_ID,
  STORE_PAGE_SIZE,
  STORE_SCHEMA_SQL,
  STORE_SCHEMA_VERSION,
} from "./store-schema.js";

export interface InsertReport {
  /** Bars whose key was not stored before. */
  readonly inserted: number;
  /** Bars already stored with exactly these values. */
  readonly unchanged: number;
  /** Bars stored before with different values, now overwritten. */
  readonly replaced: number;
  /**
   * Damaged chunks (garbage in their blob, see `barsProblem`) that the incoming bars of their span
   * replaced whole; present only when there were some. Their bars could not be trusted and are gone.
   */
  readonly repairedChunks?: number;
}

export interface SeriesCoverage {
  readonly count: number;
  /** Start time of the first and last stored bar, epoch ms. */
  readonly firstTime: number;
  readonly lastTime: number;
}

export interface SeriesInfo extends SeriesCoverage {
  readonly symbol: string;
  readonly interval: string;
}

export interface BarStoreOptions extends SqliteFileLimits {
  /** How long a write waits for another connection's lock before failing (default 5000). */
  readonly busyTimeoutMs?: number;
}

interface SeriesRef {
  readonly id: number;
  readonly spanMs: number;
}

export interface SeriesRow {
  readonly symbol: string;
  readonly interval: string;
  readonly count: number;
  readonly firstTime: number | null;
  readonly lastTime: number | null;
}

/** What a read returns for a series without bars in the range: nothing to write into, so shared. */
const EMPTY_BARS: BarColumns = Object.freeze(allocateBarColumns(0));

/**
 * The batched read's statement: the series ids come as a JSON array, so one statement reads any
 * number of series, each probed through the (series_id, start_time) primary key. The store's read
 * thread (store-read-thread.ts) runs this very text on its own connection.
 */
const CHUNKS_OF_SERIES_SQL = `SELECT series_id, data FROM chunks
         WHERE series_id IN (SELECT value FROM json_each(?)) AND start_time >= ? AND start_time < ?
         ORDER BY series_id, start_time`;

/** Times beyond JavaScript's Date range are clamped to it in range queries. */
export const MAX_TIME = 8.64e15;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export const BAR_STORE_FILE: SqliteFileKind = {
  label: "Bar store",
  applicationId: STORE_APPLICATION_ID,
  schemaVersion: STORE_SCHEMA_VERSION,
  schemaSql: STORE_SCHEMA_SQL,
  // Larger pages than SQLite's default suit the chunk blobs (18.7 KB a day of 1m bars).
  pageSize: STORE_PAGE_SIZE,
};

export class BarStore implements BarStorePort {
  /** The path the store was opened with (`:memory:` for an in-memory store). */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly seriesRefs = new Map<string, SeriesRef>();
  private readonly findSeries: Database.Statement<[string, string], SeriesRef>;
  private readonly createSeries: Database.Statement<[string, string, number]>;
  private readonly addCoverage: Database.Statement<
    [{ inserted: number; firstTime: number; lastTime: number; id: number }]
  >;
  private readonly seriesCoverage: Database.Statement<[string, string], SeriesRow>;
  private readonly allSeries: Database.Statement<[], SeriesRow>;
  private readonly seriesOfSymbols: Database.Statement<[string], SeriesRow>;
  private readonly symbolHasBars: Database.Statement<[string], number>;
  private readonly seriesOfSymbol: Database.Statement<[string], SeriesRow>;
  private readonly getChunk: Database.Statement<[number, number], Buffer>;
  private readonly chunkBarCount: Database.Statement<[number, number], number>;
  private readonly dropCoverage: Database.Statement<[number, number]>;
  private readonly putChunk: Database.Statement<[number | null, number, number, number, Buffer]>;
  private readonly rowidTaken: Database.Statement<[number], number>;
  private readonly chunksInRange: Database.Statement<[number, number, number], Buffer>;
  private readonly chunksBefore: Database.Statement<[number, number], Buffer>;
  private readonly chunksOfSeries: Database.Statement<[string, number, number], [number, Buffer]>;
  private readonly seriesByInterval: Database.Statement<[string], SeriesRef & { symbol: string }>;
  /** Intervals whose series are all in `seriesRefs` (see `seriesOfInterval`). */
  private readonly intervalsCached = new Set<string>();
  /** The thread stepping batched reads beside this one, once started (`startReadThread`). */
  private thread: StoreReadThread | undefined;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
    this.findSeries = db.prepare(
      "SELECT id, chunk_span_ms AS spanMs FROM series WHERE symbol = ? AND interval = ?",
    );
    this.createSeries = db.prepare(
      "INSERT INTO series (symbol, interval, chunk_span_ms, bar_count) VALUES (?, ?, ?, 0)",
    );
    this.addCoverage = db.prepare(
      `UPDATE series SET bar_count = bar_count + @inserted,
         first_time = min(coalesce(first_time, @firstTime), @firstTime),
         last_time = max(coalesce(last_time, @lastTime), @lastTime)
       WHERE id = @id`,
    );
    const coverageColumns =
      "symbol, interval, bar_count AS count, first_time AS firstTime, last_time AS lastTime";
    this.seriesCoverage = db.prepare(
      `SELECT ${coverageColumns} FROM series WHERE symbol = ? AND interval = ? AND bar_count > 0`,
    );
    this.allSeries = db.prepare(`SELECT ${coverageColumns} FROM series WHERE bar_count > 0`);
    // The symbols come as a JSON array, each probed through the UNIQUE (symbol, interval) index.
    this.seriesOfSymbols = db.prepare(
      `SELECT ${coverageColumns} FROM series
       WHERE symbol IN (SELECT value FROM json_each(?)) AND bar_count > 0`,
    );
    // Served by the UNIQUE (symbol, interval) index: one probe, however many series the store has.
    this.symbolHasBars = db
      .prepare<[string], number>("SELECT 1 FROM series WHERE symbol = ? AND bar_count > 0 LIMIT 1")
      .pluck();
    this.seriesOfSymbol = db.prepare(
      `SELECT ${coverageColumns} FROM series WHERE symbol = ? AND bar_count > 0`,
    );
    this.getChunk = db
      .prepare<[number, number], Buffer>("SELECT data FROM chunks WHERE series_id = ? AND start_time = ?")
      .pluck();
    this.chunkBarCount = db
      .prepare<[number, number], number>(
        "SELECT bar_count FROM chunks WHERE series_id = ? AND start_time = ?",
      )
      .pluck();
    this.dropCoverage = db.prepare("UPDATE series SET bar_count = max(0, bar_count - ?) WHERE id = ?");
    // A new chunk takes its clustered key as rowid (store-schema.ts); a replaced one keeps its row.
    this.putChunk = db.prepare(
      `INSERT INTO chunks (rowid, series_id, start_time, bar_count, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (series_id, start_time) DO UPDATE SET bar_count = excluded.bar_count, data = excluded.data`,
    );
    this.rowidTaken = db.prepare<[number], number>("SELECT 1 FROM chunks WHERE rowid = ?").pluck();
    this.chunksInRange = db
      .prepare<[number, number, number], Buffer>(
        "SELECT data FROM chunks WHERE series_id = ? AND start_time >= ? AND start_time < ? ORDER BY start_time",
      )
      .pluck();
    this.chunksBefore = db
      .prepare<[number, number], Buffer>(
        "SELECT data FROM chunks WHERE series_id = ? AND start_time < ? ORDER BY start_time DESC",
      )
      .pluck();
    // Rows as arrays (`raw`): no object with named properties per chunk.
    this.chunksOfSeries = db.prepare<[string, number, number], [number, Buffer]>(CHUNKS_OF_SERIES_SQL).raw();
    this.seriesByInterval = db.prepare(
      "SELECT id, symbol, chunk_span_ms AS spanMs FROM series WHERE interval = ?",
    );
  }

  /**
   * Opens (creating if needed, with its parent folders) the store at `path`; `":memory:"` gives a
   * private in-memory store. A path that is a folder, not a SQLite database, another application's
   * database, locked or not writable is a `StoreError` naming the path.
   */
  static open(path: string, options: BarStoreOptions = {}): BarStore {
    if (typeof path !== "string" || path.trim() === "") throw new StoreError("Bar store path is empty");
    if (endianness() !== "LE") {
      throw new StoreError(`Bar store "${path}": chunks are little-endian and this machine is not`);
    }
    return new BarStore(
      path,
      openSqliteFile(path, BAR_STORE_FILE, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, options),
    );
  }

  close(): void {
    this.stopReadThread();
    if (this.db.open) this.db.close();
  }

  /**
   * Runs `fn` in one write transaction (nested calls become savepoints): every insert inside commits
   * together or, if `fn` throws, none does.
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      // A rolled-back transaction may have taken series rows with it: forget the cached ids.
      this.seriesRefs.clear();
      this.intervalsCached.clear();
      throw error instanceof Database.SqliteError
        ? sqliteFileError("Bar store", this.path, "cannot be written", error)
        : error;
    }
  }

  /**
   * Stores bars (times strictly ascending, whole ms, values valid per `barProblem`), all or nothing.
   * Re-inserting stored bars is a no-op counted as `unchanged`; a different value at a stored key
   * overwrites it and counts as `replaced`.
   */
  insertBars(symbol: string, interval: string, bars: BarColumns): InsertReport {
    const symbolKey = normalizeSymbol(symbol);
    const parsedInterval = parseInterval(interval);
    assertInsertable(bars, symbolKey, parsedInterval.text);
    if (bars.length === 0) return { inserted: 0, unchanged: 0, replaced: 0 };
    return this.transaction(() => {
      const series = this.seriesFor(symbolKey, parsedInterval.text, chunkSpanMsFor(parsedInterval));
      const { inserted, unchanged, replaced, repairedChunks } = writeBarsToChunks(bars, series.spanMs, {
        stored: (chunkStart) => this.getChunk.get(series.id, chunkStart),
        dropDamaged: (chunkStart) => {
          this.dropCoverage.run(this.chunkBarCount.get(series.id, chunkStart) ?? 0, series.id);
        },
        put: (chunkStart, barCount, blob) => {
          this.putChunk.run(this.chunkKey(series, chunkStart), series.id, chunkStart, barCount, blob);
        },
      });
      if (inserted > 0) {
        const lastTime = bars.time[bars.length - 1];
        this.addCoverage.run({ inserted, firstTime: bars.time[0], lastTime, id: series.id });
      }
      return { inserted, unchanged, replaced, ...(repairedChunks > 0 ? { repairedChunks } : {}) };
    });
  }

  /**
   * Bars with fromTime <= time < toTime, ascending. `allocate` gives the result's columns (default:
   * `allocateBarColumns`; the replay feed carves them from a slab, see bar-columns-slab.ts).
   */
  readBars(
    symbol: string,
    interval: string,
    fromTime: number,
    toTime: number,
    allocate: (length: number) => BarColumns = allocateBarColumns,
  ): BarColumns {
    const { from, to } = checkedRange(fromTime, toTime);
    const series = this.existingSeries(symbol, interval);
    if (!series || !(from < to)) return allocateBarColumns(0);
    const chunks = this.read(() => this.chunksInRange.all(series.id, chunkStartOf(from, series.spanMs), to));
    return intactBars(() => copyChunksInRange(chunks, from, to, allocate), this.corruptOf(symbol, interval));
  }

  /**
   * `readBars` for many symbols at once: entry i holds the bars of `symbols[i]` (empty when the store
   * has none). One statement reads every chunk of the range for all of them (the per-statement cost
   * of `readBars`, paid once per symbol, dominates reading a universe's day); each symbol's chunks
   * are then decoded into columns from `allocate` (called with the symbol's index: each symbol's
   * bars may go to memory of its own), a whole chunk in one copy where the columns allow it, and
   * handed to `keep` at once if given (BarStorePort.readBarsOfSymbols).
   */
  readBarsOfSymbols(
    symbols: readonly string[],
    interval: string,
    fromTime: number,
    toTime: number,
    allocate: (length: number, index: number) => BarColumns = allocateBarColumns,
    keep?: (bars: BarColumns, index: number) => BarColumns,
  ): BarColumns[] {
    const { from, to } = checkedRange(fromTime, toTime);
    const intervalKey = parseInterval(interval).text;
    const refs = this.seriesOfInterval(intervalKey, symbols);
    const result = symbols.map(() => EMPTY_BARS);
    if (!(from < to)) return result;
    const batch = new SeriesBatch(
      refs,
      result,
      (chunks, first) =>
        intactBars(
          () => copyChunksInRange(chunks, from, to, (length) => allocate(length, first)),
          this.corruptOf(symbols[first], intervalKey),
        ),
      keep,
    );
    this.read(() => {
      for (const [spanMs, ids] of batch.bySpan) {
        const start = chunkStartOf(from, spanMs);
        // A group's rows in one call (`all`) rather than one call per row (`iterate`): about a fifth
        // of the statement's cost, for a group's blobs held together (SERIES_PER_CALL series).
        const step = (group: string) => this.chunksOfSeries.all(group, start, to);
        const thread = this.thread;
        if (thread?.isRunning) {
          thread.readGroups(ids, start, to, step, batch);
          continue;
        }
        for (const group of groupsOf(ids)) {
          const rows = step(JSON.stringify(group));
          for (let i = 0; i < rows.length; i++) batch.add(rows[i][0], rows[i][1]);
          batch.end();
        }
      }
    });
    return result;
  }

  /**
   * Starts the read thread (store-read-thread.ts): from then on `readBarsOfSymbols` has its
   * statements after the first stepped there while it decodes, and `expectRead` posts reads ahead.
   * A file store only (an in-memory store is this connection's alone); ended by `stopReadThread`
   * or `close`.
   */
  startReadThread(options?: StoreReadThreadOptions): StoreReadThread | undefined {
    if (this.path === ":memory:") return undefined;
    this.stopReadThread();
    this.thread = StoreReadThread.start(this.path, CHUNKS_OF_SERIES_SQL, options);
    return this.thread;
  }

  /** The read thread, while one is started. */
  get readThread(): StoreReadThread | undefined {
    return this.thread;
  }

  stopReadThread(): void {
    this.thread?.close();
    this.thread = undefined;
  }

  /**
   * BarStorePort.expectRead: with a read thread running, its statements for `readBarsOfSymbols`
   * of these arguments start now, so that the read finds (some of) them done.
   */
  expectRead(
    symbols: readonly string[],
    interval: string,
    fromTime: number,
    toTime: number,
    options: ExpectReadOptions = {},
  ): ExpectedRead | undefined {
    const thread = this.thread;
    if (thread === undefined || !thread.isRunning) return undefined;
    const { from, to } = checkedRange(fromTime, toTime);
    if (!(from < to)) return undefined;
    const refs = this.seriesOfInterval(parseInterval(interval).text, symbols);
    const expected: ExpectedRead[] = [];
    for (const [spanMs, ids] of SeriesBatch.idsBySpan(refs)) {
      const posted = thread.expect(ids, chunkStartOf(from, spanMs), to, options.sessionAhead === true);
      if (posted !== undefined) expected.push(posted);
    }
    return {
      cancel: () => {
        for (const read of expected) read.cancel();
      },
    };
  }

  /** The `count` latest bars with time < beforeTime, ascending (fewer if fewer are stored). */
  readLastBars(symbol: string, interval: string, beforeTime: number, count: number): BarColumns {
    assertTime("beforeTime", beforeTime);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new DataError(`Bar count must be a whole number >= 0, got ${count}`);
    }
    const series = this.existingSeries(symbol, interval);
    const before = Math.min(beforeTime, MAX_TIME);
    if (!series || count === 0) return allocateBarColumns(0);
    // Newest chunk first, each with how many of its bars lie before `before`.
    return intactBars(
      () => {
        const picked: ChunkPrefix[] = [];
        let available = 0;
        this.read(() => {
          for (const chunk of this.chunksBefore.iterate(series.id, before)) {
            checkedChunkLength(chunk);
            const end = chunkLowerBound(chunk, before);
            picked.push({ chunk, end });
            available += end;
            if (available >= count) break;
          }
        });
        return copyLastChunkBars(picked, Math.min(count, available));
      },
      this.corruptOf(symbol, interval),
    );
  }

  /**
   * Whether the series holds a bar with fromTime <= time < toTime: an index probe per chunk span,
   * stopping at the first chunk that holds one (no bars are copied).
   */
  hasBars(symbol: string, interval: string, fromTime: number, toTime: number): boolean {
    const { from, to } = checkedRange(fromTime, toTime);
    const series = this.existingSeries(symbol, interval);
    if (!series || !(from < to)) return false;
    const probe = () => {
      for (const chunk of this.chunksInRange.iterate(series.id, chunkStartOf(from, series.spanMs), to)) {
        const length = checkedChunkLength(chunk);
        const first = chunkLowerBound(chunk, from);
        if (first < length && chunkTimeAt(chunk, first) < to) return true;
      }
      return false;
    };
    return refusingDamage(() => this.read(probe), this.corruptOf(symbol, interval));
  }

  /** How many bars of the series are stored and the span they cover; `undefined` if none. */
  coverage(symbol: string, interval: string): SeriesCoverage | undefined {
    const row = this.read(() =>
      this.seriesCoverage.get(normalizeSymbol(symbol), parseInterval(interval).text),
    );
    return row ? toInfo(row) : undefined;
  }

  /** Whether the store holds bars of `symbol` in any interval (one index probe, unlike `symbols()`). */
  hasSymbol(symbol: string): boolean {
    const symbolKey = normalizeSymbol(symbol);
    return this.read(() => this.symbolHasBars.get(symbolKey)) !== undefined;
  }

  /**
   * The series of `symbol` holding bars with their coverage, shortest interval first: what
   * `coverage` tells for each of its intervals, in one index lookup.
   */
  symbolSeries(symbol: string): SeriesInfo[] {
    const symbolKey = normalizeSymbol(symbol);
    const rows = this.read(() => this.seriesOfSymbol.all(symbolKey));
    return rows.map(toInfo).sort(compareSeries);
  }

  /** Every series holding bars, by symbol then interval (shortest first). */
  listSeries(): SeriesInfo[] {
    const rows = this.read(() => this.allSeries.all());
    return rows.map(toInfo).sort(compareSeries);
  }

  listSeriesOf(symbols: readonly string[]): SeriesInfo[] {
    const keys = JSON.stringify(symbols.map((symbol) => normalizeSymbol(symbol)));
    const rows = this.read(() => this.seriesOfSymbols.all(keys));
    return rows.map(toInfo).sort(compareSeries);
  }

  /** Symbols holding bars (in `interval`, if given), sorted. */
  symbols(interval?: string): string[] {
    const wanted = interval === undefined ? undefined : parseInterval(interval).text;
    const symbols = new Set<string>();
    for (const series of this.listSeries()) {
      if (wanted === undefined || series.interval === wanted) symbols.add(series.symbol);
    }
    return [...symbols];
  }

  /** Whether the store holds no bars at all. */
  isEmpty(): boolean {
    return this.listSeries().length === 0;
  }

  private existingSeries(symbol: string, interval: string): SeriesRef | undefined {
    const symbolKey = normalizeSymbol(symbol);
    const intervalKey = parseInterval(interval).text;
    const cacheKey = `${symbolKey} ${intervalKey}`;
    const cached = this.seriesRefs.get(cacheKey);
    if (cached) return cached;
    const found = this.read(() => this.findSeries.get(symbolKey, intervalKey));
    if (found) this.seriesRefs.set(cacheKey, found);
    return found;
  }

  /**
   * The series of `interval` for each of `symbols` (undefined where the store has none). The first
   * call for an interval caches every series of it in one statement, not one probe per symbol.
   */
  private seriesOfInterval(intervalKey: string, symbols: readonly string[]): Array<SeriesRef | undefined> {
    if (!this.intervalsCached.has(intervalKey)) {
      const rows = this.read(() => this.seriesByInterval.all(intervalKey));
      for (const row of rows)
        this.seriesRefs.set(`${row.symbol} ${intervalKey}`, { id: row.id, spanMs: row.spanMs });
      this.intervalsCached.add(intervalKey);
    }
    return symbols.map((symbol) => {
      const symbolKey = normalizeSymbol(symbol);
      return (
        this.seriesRefs.get(`${symbolKey} ${intervalKey}`) ?? this.existingSeries(symbolKey, intervalKey)
      );
    });
  }

  private seriesFor(symbolKey: string, intervalKey: string, spanMs: number): SeriesRef {
    const existing = this.existingSeries(symbolKey, intervalKey);
    if (existing) return existing;
    const created = {
      id: Number(this.createSeries.run(symbolKey, intervalKey, spanMs).lastInsertRowid),
      spanMs,
    };
    this.seriesRefs.set(`${symbolKey} ${intervalKey}`, created);
    return created;
  }

  /**
   * The rowid for a chunk of `series` at `chunkStart`: its clustered key, or `null` (SQLite picks
   * one) when it has none or the key is taken, by this very chunk (its row is then updated in place)
   * or by a row a store written before numbered in write order.
   */
  private chunkKey(series: SeriesRef, chunkStart: number): number | null {
    const key = clusteredChunkKey(series.id, chunkStart, series.spanMs);
    return key === null || this.rowidTaken.get(key) !== undefined ? null : key;
  }

  /** The error of a damaged chunk or bar of the series (see `intactBars`). */
  private corruptOf(symbol: string, interval: string): (problem: string) => StoreError {
    return (problem) =>
      new StoreError(
        `Bar store "${this.path}": the stored ${normalizeSymbol(symbol)} ${parseInterval(interval).text} bars are corrupt (${problem}); restore the file from a backup or re-import the series`,
        { location: { file: this.path } },
      );
  }

  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw error instanceof Database.SqliteError
        ? sqliteFileError("Bar store", this.path, "cannot be read", error)
        : error;
    }
  }
}

export function assertInsertable(bars: BarColumns, symbol: string, interval: string): void {
  const where = (i: number): string => `${symbol} ${interval} bar ${i} (time ${bars.time[i]})`;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < bars.length; i++) {
    const time = bars.time[i];
    if (!Number.isSafeInteger(time) || Math.abs(time) > MAX_TIME) {
      throw new DataError(`Cannot store ${where(i)}: the time is not a whole number of ms in the Date range`);
    }
    if (time <= previous) {
      throw new DataError(
        `Cannot store ${where(i)}: times must be strictly ascending (previous ${previous})`,
      );
    }
    const problem = barProblem(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
    if (problem) throw new DataError(`Cannot store ${where(i)}: ${problem}`);
    previous = time;
  }
}

/** A read's [fromTime, toTime) checked to be numbers and clamped to the times the store can hold. */
export function checkedRange(fromTime: number, toTime: number): { from: number; to: number } {
  assertTime("fromTime", fromTime);
  assertTime("toTime", toTime);
  return { from: Math.max(fromTime, -MAX_TIME), to: Math.min(toTime, MAX_TIME) };
}

export function assertTime(name: string, time: number): void {
  if (typeof time !== "number" || Number.isNaN(time))
    throw new DataError(`${name} must be a number, got ${time}`);
}

export function toInfo(row: SeriesRow): SeriesInfo {
  return {
    symbol: row.symbol,
    interval: row.interval,
    count: row.count,
    firstTime: row.firstTime ?? Number.NaN,
    lastTime: row.lastTime ?? Number.NaN,
  };
}

export function compareSeries(a: SeriesInfo, b: SeriesInfo): number {
  if (a.symbol !== b.symbol) return a.symbol < b.symbol ? -1 : 1;
  return compareIntervals(parseInterval(a.interval), parseInterval(b.interval));
}
