// Copies every series of one bar store into another (SQLite ↔ PostgreSQL, or file to file), and
// proves the copy: per series the target must hold the same number of bars over the source's span
// and the same SHA-256 of them (each bar's six values as little-endian float64, in time order, so
// the digest does not depend on how either store packs or windows its bars). Each series is written
// in one transaction of the target: a failed copy leaves whole series behind, never part of one.

import { createHash, type Hash } from "node:crypto";
import type { BarColumns } from "../core/bar-columns.js";
import { StoreError } from "../core/errors.js";
import { parseInterval } from "../core/interval.js";
import type { InsertReport, SeriesInfo } from "./bar-store.js";
import type { BarStorePort } from "./bar-store-port.js";
import { chunkSpanMsFor } from "./store-schema.js";

export interface SeriesCopy {
  readonly symbol: string;
  readonly interval: string;
  readonly bars: number;
  /** Hex SHA-256 of the series' bars, equal in source and target. */
  readonly sha256: string;
}

export interface StoreCopyReport {
  readonly series: readonly SeriesCopy[];
  readonly bars: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
}

/** Chunk spans read and written per step: bounds memory whatever a series' length (64 days of 1m bars). */
const SPANS_PER_WINDOW = 64;

/**
 * Copies `series` (default: all) of `from` into `to`, then verifies counts and checksums; a
 * mismatch is a StoreError naming the series. `onProgress` hears bars done of bars in all.
 */
export function copyStore(
  from: BarStorePort,
  to: BarStorePort,
  onProgress: (done: number, total: number) => void = () => {},
  series: readonly SeriesInfo[] = from.listSeries(),
): StoreCopyReport {
  const total = series.reduce((sum, info) => sum + info.count, 0);
  let done = 0;
  let inserted = 0;
  let unchanged = 0;
  let replaced = 0;
  const copies: SeriesCopy[] = [];
  onProgress(0, total);
  for (const info of series) {
    const before = done;
    const source = to.transaction(() =>
      walkSeries(from, info, (bars, barsSoFar) => {
        const report = to.insertBars(info.symbol, info.interval, bars);
        onProgress(before + barsSoFar, total);
        return report;
      }),
    );
    const target = walkSeries(to, info);
    if (source.bars !== info.count || target.bars !== source.bars || target.sha256 !== source.sha256) {
      throw new StoreError(
        `Copy of ${info.symbol} ${info.interval} from ${from.path} to ${to.path} does not verify: ` +
          `source ${source.bars} bars (sha256 ${source.sha256.slice(0, 12)}…), target ${target.bars} bars (sha256 ${target.sha256.slice(0, 12)}…)`,
      );
    }
    done += source.bars;
    inserted += source.inserted;
    unchanged += source.unchanged;
    replaced += source.replaced;
    copies.push({ symbol: info.symbol, interval: info.interval, bars: source.bars, sha256: source.sha256 });
  }
  return { series: copies, bars: total, inserted, unchanged, replaced };
}

interface SeriesWalk {
  readonly bars: number;
  readonly sha256: string;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
}

/**
 * Reads the series over its span window by window, hashing its bars, and hands each window to
 * `write` (with the bars read so far). Starts from nothing on every call, so a transaction run
 * again after a lost connection counts once.
 */
function walkSeries(
  store: BarStorePort,
  info: SeriesInfo,
  write?: (bars: BarColumns, barsSoFar: number) => InsertReport,
): SeriesWalk {
  const windowMs = chunkSpanMsFor(parseInterval(info.interval)) * SPANS_PER_WINDOW;
  const hash = createHash("sha256");
  let bars = 0;
  let inserted = 0;
  let unchanged = 0;
  let replaced = 0;
  for (let start = info.firstTime; start <= info.lastTime; start += windowMs) {
    const window = store.readBars(
      info.symbol,
      info.interval,
      start,
      Math.min(start + windowMs, info.lastTime + 1),
    );
    hashBars(hash, window);
    bars += window.length;
    if (write && window.length > 0) {
      const report = write(window, bars);
      inserted += report.inserted;
      unchanged += report.unchanged;
      replaced += report.replaced;
    }
  }
  return { bars, sha256: hash.digest("hex"), inserted, unchanged, replaced };
}

function hashBars(hash: Hash, bars: BarColumns): void {
  const rows = new Float64Array(bars.length * 6);
  for (let i = 0; i < bars.length; i++) {
    rows[i * 6] = bars.time[i];
    rows[i * 6 + 1] = bars.open[i];
    rows[i * 6 + 2] = bars.high[i];
    rows[i * 6 + 3] = bars.low[i];
    rows[i * 6 + 4] = bars.close[i];
    rows[i * 6 + 5] = bars.volume[i];
  }
  hash.update(new Uint8Array(rows.buffer));
}
