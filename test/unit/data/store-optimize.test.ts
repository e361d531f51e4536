// The clustered layout of the bar store (store-schema.ts, "Physical order") and `optimizeStore`,
// which gives an older store that layout: where rows lie changes, never what reads return.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEGACY_PAGE_SIZE, writeLegacyLayoutCopy } from "../../../bench/workloads/legacy-store-layout.js";
import type { BarColumns } from "../../../src/core/bar-columns.js";
import { StoreError } from "../../../src/core/errors.js";
import { BarStore } from "../../../src/data/bar-store.js";
import { optimizeStore } from "../../../src/data/store-optimize.js";
import { clusteredChunkKey, STORE_PAGE_SIZE } from "../../../src/data/store-schema.js";
import { buildDemoStore, type DemoStore } from "../../helpers/demo-session.js";
import { thrown } from "../../helpers/thrown.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const KEY_STEP = 2 ** 24;

interface ChunkRow {
  rowid: number;
  seriesId: number;
  startTime: number;
  spanMs: number;
}

function fileFacts(path: string): { pageSize: number; journalMode: string; rows: ChunkRow[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      pageSize: db.pragma("page_size", { simple: true }) as number,
      journalMode: db.pragma("journal_mode", { simple: true }) as string,
      rows: db
        .prepare(
          `SELECT c.rowid AS rowid, c.series_id AS seriesId, c.start_time AS startTime, s.chunk_span_ms AS spanMs
           FROM chunks c JOIN series s ON s.id = c.series_id ORDER BY c.rowid`,
        )
        .all() as ChunkRow[],
    };
  } finally {
    db.close();
  }
}

function bytesOf(bars: BarColumns): Buffer {
  return Buffer.concat(
    [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume].map((column) =>
      Buffer.from(column.buffer, column.byteOffset, column.byteLength),
    ),
  );
}

/** Every series with its bars as bytes, and each stored day's 1m bars of all symbols in one read. */
function everything(path: string) {
  const store = BarStore.open(path, { readOnly: true });
  try {
    const series = store.listSeries().map((info) => ({
      info,
      bytes: bytesOf(store.readBars(info.symbol, info.interval, -1e15, 1e15)).toString("base64"),
    }));
    const symbols = store.symbols("1m");
    const days = [
      ...new Set(
        fileFacts(path)
          .rows.filter((row) => row.spanMs === DAY_MS)
          .map((row) => row.startTime),
      ),
    ];
    const universeDays = days.map((day) =>
      store
        .readBarsOfSymbols(symbols, "1m", day, day + DAY_MS)
        .map((bars) => bytesOf(bars).toString("base64")),
    );
    return { series, universeDays };
  } finally {
    store.close();
  }
}

/** Whether rows run by span number, then series (the clustered order). */
function clustered(rows: readonly ChunkRow[]): boolean {
  return rows.every((row, i) => {
    if (i === 0) return true;
    const previous = rows[i - 1];
    const span = row.startTime / row.spanMs;
    const previousSpan = previous.startTime / previous.spanMs;
    return span > previousSpan || (span === previousSpan && row.seriesId > previous.seriesId);
  });
}

let demo: DemoStore;
let dir: string;
beforeAll(() => {
  // Written symbol by symbol, each symbol's days in turn (generateDemoMarket).
  demo = buildDemoStore({ symbols: 4, days: 3, historyDays: 10 });
  dir = mkdtempSync(join(tmpdir(), "scanwright-store-optimize-"));
});
afterAll(() => {
  demo?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the clustered layout", () => {
  it("keys a chunk by its span number, then its series; none beyond the key's range", () => {
    expect(clusteredChunkKey(5, 3 * DAY_MS, DAY_MS)).toBe(3 * KEY_STEP + 5);
    expect(clusteredChunkKey(7, 20_000 * DAY_MS, DAY_MS)).toBe(20_000 * KEY_STEP + 7);
    expect(clusteredChunkKey(5, -2 * DAY_MS, DAY_MS)).toBe(-2 * KEY_STEP + 5);
    expect(clusteredChunkKey(KEY_STEP - 1, 0, DAY_MS)).toBe(KEY_STEP - 1);
    expect(clusteredChunkKey(KEY_STEP, 0, DAY_MS)).toBeNull();
    expect(clusteredChunkKey(1, (2 ** 28 + 1) * HOUR_MS, HOUR_MS)).toBeNull();
    expect(clusteredChunkKey(1, 2 ** 28 * HOUR_MS, HOUR_MS)).toBe(2 ** 52 + 1);
    expect(clusteredChunkKey(1, DAY_MS + 1, DAY_MS)).toBeNull();
  });

  it("lays a new store's chunks by day, then series, whatever order they were written in", () => {
    const { pageSize, rows } = fileFacts(demo.path);
    expect(pageSize).toBe(STORE_PAGE_SIZE);
    // 4 symbols × (3 days of 1m + their 1d chunk).
    expect(rows.length).toBe(16);
    expect(clustered(rows)).toBe(true);
    for (const row of rows)
      expect(row.rowid).toBe(clusteredChunkKey(row.seriesId, row.startTime, row.spanMs));
  });

  it("puts a new chunk whose key a store numbered in write order already uses under another rowid", () => {
    const path = join(dir, "taken-key.db");
    writeLegacyLayoutCopy(demo.path, path);
    const before = everything(path);
    // Rowids 1..16 are taken; a 1m chunk of 1970-01-01 has span number 0, so series 1's key is 1.
    const store = BarStore.open(path);
    const symbol = store.listSeries()[0].symbol;
    const bar = { time: [60_000], open: [10], high: [11], low: [9], close: [10.5], volume: [100] };
    const columns = {
      length: 1,
      ...Object.fromEntries(Object.entries(bar).map(([field, values]) => [field, Float64Array.from(values)])),
    } as unknown as BarColumns;
    try {
      expect(store.insertBars(symbol, "1m", columns)).toEqual({ inserted: 1, unchanged: 0, replaced: 0 });
      expect(Array.from(store.readBars(symbol, "1m", 0, DAY_MS).close)).toEqual([10.5]);
    } finally {
      store.close();
    }
    const rows = fileFacts(path).rows;
    expect(rows.length).toBe(17);
    expect(rows[16]).toEqual({ rowid: 17, seriesId: rows[16].seriesId, startTime: 0, spanMs: DAY_MS });
    const after = everything(path);
    // The stored days in rowid order: the new 1970 day comes last.
    expect(after.universeDays.slice(0, -1)).toEqual(before.universeDays);
    expect(after.universeDays.length).toBe(before.universeDays.length + 1);
    expect(
      after.series.filter((series) => series.info.symbol !== symbol || series.info.interval !== "1m"),
    ).toEqual(
      before.series.filter((series) => series.info.symbol !== symbol || series.info.interval !== "1m"),
    );
  });
});

describe("optimizeStore", () => {
  it("gives a store written before clustered rows; every read returns the same bytes", () => {
    const path = join(dir, "legacy.db");
    writeLegacyLayoutCopy(demo.path, path);
    const legacy = fileFacts(path);
    expect(legacy.pageSize).toBe(LEGACY_PAGE_SIZE);
    expect(clustered(legacy.rows)).toBe(false);
    expect(legacy.rows.map((row) => row.rowid)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const before = everything(path);
    expect(before).toEqual(everything(demo.path));

    const steps: string[] = [];
    const report = optimizeStore(path, { onStep: (step) => steps.push(step) });
    expect(steps).toEqual([
      "reordering 16 chunks by time span and series",
      "compacting the file (16 KiB pages)",
    ]);
    expect(report).toMatchObject({
      path,
      chunks: 16,
      pageSizeBefore: LEGACY_PAGE_SIZE,
      pageSizeAfter: STORE_PAGE_SIZE,
    });

    const optimized = fileFacts(path);
    expect(optimized.pageSize).toBe(STORE_PAGE_SIZE);
    expect(optimized.journalMode).toBe("wal");
    expect(optimized.rows.length).toBe(16);
    expect(clustered(optimized.rows)).toBe(true);
    for (const row of optimized.rows)
      expect(row.rowid).toBe(clusteredChunkKey(row.seriesId, row.startTime, row.spanMs));
    expect(everything(path)).toEqual(before);
    // Still a store that takes writes.
    const store = BarStore.open(path);
    try {
      const { symbol } = store.listSeries()[0];
      const last = store.readLastBars(symbol, "1m", 1e15, 1);
      expect(store.insertBars(symbol, "1m", last)).toEqual({ inserted: 0, unchanged: 1, replaced: 0 });
    } finally {
      store.close();
    }
  });

  it("is refused while another connection has the store open, and changes nothing", () => {
    const path = join(dir, "busy.db");
    writeLegacyLayoutCopy(demo.path, path);
    const before = everything(path);
    const rowsBefore = fileFacts(path).rows;
    const other = BarStore.open(path);
    try {
      other.listSeries();
      const failure = thrown(() => optimizeStore(path, { busyTimeoutMs: 50 }));
      expect(failure).toBeInstanceOf(StoreError);
      expect(failure.message).toBe(
        `Bar store "${path}" is locked by another connection (database is locked)`,
      );
    } finally {
      other.close();
    }
    const after = fileFacts(path);
    expect(after.pageSize).toBe(LEGACY_PAGE_SIZE);
    expect(after.rows).toEqual(rowsBefore);
    expect(everything(path)).toEqual(before);
  });

  it("refuses an in-memory store and a file that is not a store", () => {
    expect(() => optimizeStore(":memory:")).toThrow(StoreError);
    const other = join(dir, "other.db");
    const db = new Database(other);
    db.exec("CREATE TABLE notes (text TEXT)");
    db.close();
    expect(() => optimizeStore(other)).toThrow(
      `Bar store "${other}" is a SQLite database of another application, not a bar store`,
    );
  });
});
