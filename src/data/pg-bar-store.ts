// The bar store on a PostgreSQL server, for deployments where several processes or machines share
// the bars. Same contract as the SQLite store (bar-store-port.ts) and the same chunk blobs
// (bar-chunk.ts), in `bar_series` / `bar_chunks` (pg/pg-store-schema.ts).
//
// Concurrency: a write locks its series row (`FOR UPDATE`) for its transaction, so two processes
// merging into the same series take turns and neither loses the other's bars; readers never wait
// (MVCC) and see whole committed writes. A write is one transaction, retried on a new connection
// when the connection drops outside an enclosing `transaction` (pg/pg-connection.ts).

import type { BarColumns } from "../core/bar-columns.js";
import { allocateBarColumns } from "../core/bar-columns.js";
import { DataError, StoreError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
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
import {
  assertInsertable,
  assertTime,
  checkedRange,
  compareSeries,
  type InsertReport,
  MAX_TIME,
  type SeriesCoverage,
  type SeriesInfo,
  type SeriesRow,
  toInfo,
} from "./bar-store.js";
import type { BarStorePort } from "./bar-store-port.js";
import { chunkStartsOf, writeBarsToChunks } from "./chunk-writes.js";
import { PgConnection, type PgConnectionOptions } from "./pg/pg-connection.js";
import { migrate } from "./pg/pg-migrations.js";
import { PG_STORE_COMPONENT, PG_STORE_MIGRATIONS } from "./pg/pg-store-schema.js";
import { SeriesBatch } from "./series-batch.js";
import { chunkSpanMsFor, chunkStartOf } from "./store-schema.js";

export interface PgBarStoreOptions extends PgConnectionOptions {
  /** Read only: no migration, every transaction read-only; a database not at the current schema is refused. */
  readonly readOnly?: boolean;
}

interface SeriesRef {
  readonly id: number;
  readonly spanMs: number;
}

const LABEL = "Bar store";
/** How a failed statement of a write is reported (its reads included). */
const WRITE_FAILED = "cannot be written";
/** Chunks per multi-row INSERT: 4 parameters each, well under PostgreSQL's 65535. */
const CHUNKS_PER_INSERT = 2_000;
/** Chunks fetched per step when reading the latest bars backwards. */
const CHUNKS_PER_STEP = 8;
const COVERAGE_COLUMNS =
  'symbol, interval, bar_count AS count, first_time AS "firstTime", last_time AS "lastTime"';

export class PgBarStore implements BarStorePort {
  readonly path: string;
  private readonly connection: PgConnection;
  private readonly seriesRefs = new Map<string, SeriesRef>();

  private constructor(connection: PgConnection) {
    this.connection = connection;
    this.path = connection.location;
  }

  /**
   * Connects to the database at `url` and brings its schema up to date (a read-only open checks
   * it instead). An unreachable server, a refused login or a schema newer than this scanwright
   * is a StoreError naming the server and the URL without its password.
   */
  static open(url: string, options: PgBarStoreOptions = {}): PgBarStore {
    const connection = PgConnection.open(LABEL, url, options);
    try {
      migrate(connection, LABEL, PG_STORE_COMPONENT, PG_STORE_MIGRATIONS, options.readOnly === true);
      return new PgBarStore(connection);
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  close(): void {
    this.connection.close();
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.connection.transaction(() => {
        // A run again after a lost connection must not trust ids cached by the rolled-back attempt.
        if (this.connection.transactionDepth === 1) this.seriesRefs.clear();
        return fn();
      });
    } catch (error) {
      // A rolled-back transaction may have taken series rows with it: forget the cached ids.
      this.seriesRefs.clear();
      throw error;
    }
  }

  insertBars(symbol: string, interval: string, bars: BarColumns): InsertReport {
    const symbolKey = normalizeSymbol(symbol);
    const parsedInterval = parseInterval(interval);
    assertInsertable(bars, symbolKey, parsedInterval.text);
    if (bars.length === 0) return { inserted: 0, unchanged: 0, replaced: 0 };
    return this.transaction(() => {
      const series = this.lockedSeries(symbolKey, parsedInterval.text, chunkSpanMsFor(parsedInterval));
      const stored = this.storedChunks(series.id, chunkStartsOf(bars, series.spanMs));
      let dropped = 0;
      const puts: unknown[] = [];
      const counts = writeBarsToChunks(bars, series.spanMs, {
        stored: (chunkStart) => stored.get(chunkStart)?.data,
        dropDamaged: (chunkStart) => {
          dropped += stored.get(chunkStart)?.barCount ?? 0;
        },
        put: (chunkStart, barCount, blob) => {
          puts.push(series.id, chunkStart, barCount, blob);
        },
      });
      for (let offset = 0; offset < puts.length; offset += CHUNKS_PER_INSERT * 4) {
        this.putChunks(puts.slice(offset, offset + CHUNKS_PER_INSERT * 4));
      }
      if (counts.inserted > 0 || dropped > 0) {
        this.connection.execute(
          `UPDATE bar_series SET bar_count = greatest(0, bar_count + $1 - $2),
             first_time = least(coalesce(first_time, $3), $3),
             last_time = greatest(coalesce(last_time, $4), $4)
           WHERE id = $5`,
          [counts.inserted, dropped, bars.time[0], bars.time[bars.length - 1], series.id],
        );
      }
      const { inserted, unchanged, replaced, repairedChunks } = counts;
      return { inserted, unchanged, replaced, ...(repairedChunks > 0 ? { repairedChunks } : {}) };
    });
  }

  readBars(
    symbol: string,
    interval: string,
    fromTime: number,
    toTime: number,
    allocate: (length: number) => BarColumns = allocateBarColumns,
  ): BarColumns {
    const { from, to } = checkedRange(fromTime, toTime);
    return this.connection.retrying(() => {
      const series = this.existingSeries(symbol, interval);
      if (!series || !(from < to)) return allocateBarColumns(0);
      const chunks = this.connection.blobs(
        `SELECT data FROM bar_chunks WHERE series_id = $1 AND start_time >= $2 AND start_time < $3
         ORDER BY start_time`,
        [series.id, chunkStartOf(from, series.spanMs), to],
      );
      return intactBars(
        () => copyChunksInRange(chunks, from, to, allocate),
        this.corruptOf(symbol, interval),
      );
    });
  }

  /**
   * The bars of many symbols over one range, in one round trip once their series are known (one
   * more to look up the series not seen yet): every chunk of every series comes from one binary
   * COPY, each blob prefixed with its series id (`int8send(series_id) || data`), ordered by series,
   * so each series is decoded as soon as the next one starts. A symbol asked for twice gets the
   * same columns twice; one not stored gets no bars.
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
    return this.connection.retrying(() => {
      const refs = this.seriesOfSymbols(symbols, intervalKey);
      const result = symbols.map(() => allocateBarColumns(0));
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
      for (const [spanMs, ids] of batch.bySpan) {
        const tagged = this.connection.blobs(
          `SELECT int8send(series_id) || data FROM bar_chunks
           WHERE series_id IN (${ids.map((id) => integerText(id)).join(", ")})
             AND start_time >= $1 AND start_time < $2
           ORDER BY series_id, start_time`,
          [chunkStartOf(from, spanMs), to],
        );
        for (const blob of tagged) batch.add(Number(blob.readBigInt64BE(0)), blob.subarray(8));
        batch.end();
      }
      return result;
    });
  }

  readLastBars(symbol: string, interval: string, beforeTime: number, count: number): BarColumns {
    assertTime("beforeTime", beforeTime);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new DataError(`Bar count must be a whole number >= 0, got ${count}`);
    }
    const before = Math.min(beforeTime, MAX_TIME);
    return this.connection.retrying(() => {
      const series = this.existingSeries(symbol, interval);
      if (!series || count === 0) return allocateBarColumns(0);
      // Newest chunk first, a few at a time, each with how many of its bars lie before `before`.
      return intactBars(
        () => {
          const picked: ChunkPrefix[] = [];
          let available = 0;
          let bound = before;
          while (available < count) {
            const chunks = this.connection.blobs(
              `SELECT data FROM bar_chunks WHERE series_id = $1 AND start_time < $2
             ORDER BY start_time DESC LIMIT ${CHUNKS_PER_STEP}`,
              [series.id, bound],
            );
            for (const chunk of chunks) {
              checkedChunkLength(chunk);
              const end = chunkLowerBound(chunk, before);
              picked.push({ chunk, end });
              available += end;
              if (available >= count) break;
            }
            if (chunks.length < CHUNKS_PER_STEP) break;
            bound = chunkStartOf(chunkTimeAt(chunks[chunks.length - 1], 0), series.spanMs);
          }
          return copyLastChunkBars(picked, Math.min(count, available));
        },
        this.corruptOf(symbol, interval),
      );
    });
  }

  hasBars(symbol: string, interval: string, fromTime: number, toTime: number): boolean {
    const { from, to } = checkedRange(fromTime, toTime);
    return this.connection.retrying(() => {
      const series = this.existingSeries(symbol, interval);
      if (!series || !(from < to)) return false;
      // Only the chunk holding `from` can start before it: the second one, if any, decides.
      const chunks = this.connection.blobs(
        `SELECT data FROM bar_chunks WHERE series_id = $1 AND start_time >= $2 AND start_time < $3
         ORDER BY start_time LIMIT 2`,
        [series.id, chunkStartOf(from, series.spanMs), to],
      );
      const holdsOne = (chunk: Buffer) => {
        const length = checkedChunkLength(chunk);
        const first = chunkLowerBound(chunk, from);
        return first < length && chunkTimeAt(chunk, first) < to;
      };
      return refusingDamage(() => chunks.some(holdsOne), this.corruptOf(symbol, interval));
    });
  }

  coverage(symbol: string, interval: string): SeriesCoverage | undefined {
    const [row] = this.rows<SeriesRow>(
      `SELECT ${COVERAGE_COLUMNS} FROM bar_series WHERE symbol = $1 AND interval = $2 AND bar_count > 0`,
      [normalizeSymbol(symbol), parseInterval(interval).text],
    );
    return row ? toInfo(row) : undefined;
  }

  hasSymbol(symbol: string): boolean {
    return (
      this.rows("SELECT 1 FROM bar_series WHERE symbol = $1 AND bar_count > 0 LIMIT 1", [
        normalizeSymbol(symbol),
      ]).length > 0
    );
  }

  symbolSeries(symbol: string): SeriesInfo[] {
    const rows = this.rows<SeriesRow>(
      `SELECT ${COVERAGE_COLUMNS} FROM bar_series WHERE symbol = $1 AND bar_count > 0`,
      [normalizeSymbol(symbol)],
    );
    return rows.map(toInfo).sort(compareSeries);
  }

  listSeries(): SeriesInfo[] {
    const rows = this.rows<SeriesRow>(`SELECT ${COVERAGE_COLUMNS} FROM bar_series WHERE bar_count > 0`);
    return rows.map(toInfo).sort(compareSeries);
  }

  listSeriesOf(symbols: readonly string[]): SeriesInfo[] {
    const keys = [...new Set(symbols.map((symbol) => normalizeSymbol(symbol)))];
    const rows = this.rows<SeriesRow>(
      `SELECT ${COVERAGE_COLUMNS} FROM bar_series WHERE symbol = ANY($1) AND bar_count > 0`,
      [keys],
    );
    return rows.map(toInfo).sort(compareSeries);
  }

  symbols(interval?: string): string[] {
    const wanted = interval === undefined ? undefined : parseInterval(interval).text;
    const symbols = new Set<string>();
    for (const series of this.listSeries()) {
      if (wanted === undefined || series.interval === wanted) symbols.add(series.symbol);
    }
    return [...symbols];
  }

  isEmpty(): boolean {
    return this.rows("SELECT 1 FROM bar_series WHERE bar_count > 0 LIMIT 1").length === 0;
  }

  private rows<T>(sql: string, params: readonly unknown[] = []): T[] {
    return this.connection.retrying(() => this.connection.query<T>(sql, params));
  }

  private existingSeries(symbol: string, interval: string): SeriesRef | undefined {
    const symbolKey = normalizeSymbol(symbol);
    const intervalKey = parseInterval(interval).text;
    const cacheKey = `${symbolKey} ${intervalKey}`;
    const cached = this.seriesRefs.get(cacheKey);
    if (cached) return cached;
    const [found] = this.connection.query<SeriesRef>(
      'SELECT id, chunk_span_ms AS "spanMs" FROM bar_series WHERE symbol = $1 AND interval = $2',
      [symbolKey, intervalKey],
    );
    if (found) this.seriesRefs.set(cacheKey, found);
    return found;
  }

  /** The series of `symbols` at `intervalKey` (undefined where none is stored); unknown ones looked up in one query. */
  private seriesOfSymbols(symbols: readonly string[], intervalKey: string): (SeriesRef | undefined)[] {
    const keys = symbols.map((symbol) => normalizeSymbol(symbol));
    const missing = [...new Set(keys.filter((key) => !this.seriesRefs.has(`${key} ${intervalKey}`)))];
    if (missing.length > 0) {
      const found = this.connection.query<SeriesRef & { symbol: string }>(
        'SELECT symbol, id, chunk_span_ms AS "spanMs" FROM bar_series WHERE interval = $1 AND symbol = ANY($2)',
        [intervalKey, missing],
      );
      for (const { symbol, id, spanMs } of found)
        this.seriesRefs.set(`${symbol} ${intervalKey}`, { id, spanMs });
    }
    return keys.map((key) => this.seriesRefs.get(`${key} ${intervalKey}`));
  }

  /** The series (created if new), locked for this transaction: writers of one series take turns. */
  private lockedSeries(symbolKey: string, intervalKey: string, spanMs: number): SeriesRef {
    this.connection.execute(
      `INSERT INTO bar_series (symbol, interval, chunk_span_ms) VALUES ($1, $2, $3)
       ON CONFLICT (symbol, interval) DO NOTHING`,
      [symbolKey, intervalKey, spanMs],
    );
    const [series] = this.connection.query<SeriesRef>(
      `SELECT id, chunk_span_ms AS "spanMs" FROM bar_series WHERE symbol = $1 AND interval = $2 FOR UPDATE`,
      [symbolKey, intervalKey],
      WRITE_FAILED,
    );
    this.seriesRefs.set(`${symbolKey} ${intervalKey}`, series);
    return series;
  }

  private storedChunks(
    seriesId: number,
    starts: readonly number[],
  ): Map<number, { data: Buffer; barCount: number }> {
    const rows = this.connection.query<{ start: number; barCount: number; data: Uint8Array }>(
      `SELECT start_time AS start, bar_count AS "barCount", data FROM bar_chunks
       WHERE series_id = $1 AND start_time = ANY($2::bigint[])`,
      [seriesId, starts],
      WRITE_FAILED,
    );
    return new Map(
      rows.map((row) => [
        row.start,
        {
          barCount: row.barCount,
          data: Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength),
        },
      ]),
    );
  }

  private putChunks(values: readonly unknown[]): void {
    const tuples: string[] = [];
    for (let p = 1; p <= values.length; p += 4) tuples.push(`($${p}, $${p + 1}, $${p + 2}, $${p + 3})`);
    this.connection.execute(
      `INSERT INTO bar_chunks (series_id, start_time, bar_count, data) VALUES ${tuples.join(", ")}
       ON CONFLICT (series_id, start_time) DO UPDATE SET bar_count = excluded.bar_count, data = excluded.data`,
      values,
    );
  }

  /** The error of a damaged chunk or bar of the series (see `intactBars`). */
  private corruptOf(symbol: string, interval: string): (problem: string) => StoreError {
    return (problem) =>
      new StoreError(
        `${LABEL} ${this.path}: the stored ${normalizeSymbol(symbol)} ${parseInterval(interval).text} bars are corrupt (${problem}); re-import the series`,
      );
  }
}

/** A series id written into SQL text (COPY takes no parameters): checked to be a whole number. */
function integerText(id: number): string {
  if (!Number.isSafeInteger(id)) throw new StoreError(`Bar store: series id ${id} is not a whole number`);
  return String(id);
}
