// Reads a window of history for one (symbol, interval) from the store: the interval itself when it
// is stored for that span, otherwise aggregated from a finer stored interval (5m from 1m, 1d from
// 1m, 1w from 1d). Intraday bars outside the regular session are left out, as the live stream
// delivers only regular-session bars.
//
// Provisioning calls this once or twice per symbol for thousands of symbols, so the per-call work
// stays small: one store lookup for the symbol's coverage, no scan of the whole store, and no copy
// when every bar is already inside the regular session.

// tsyringe needs the Reflect metadata API when it loads: in the bundled build this module may run
// before the entry's own import of it.
import "reflect-metadata";
import { inject, injectable } from "tsyringe";
import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { BarColumnsSlab } from "../core/bar-columns-slab.js";
import { type Interval, isIntraday, parseInterval } from "../core/interval.js";
import { isValidSymbol, normalizeSymbol } from "../core/symbol.js";
import { aggregateBars } from "../data/aggregate.js";
import type { SeriesInfo } from "../data/bar-store.js";
import type { BarStorePort, ExpectedRead } from "../data/bar-store-port.js";
import type { RegularHours, SessionHours } from "../data/session-hours.js";
import { TOKENS } from "./session-tokens.js";

@injectable()
export class HistoryReader {
  /** Source intervals per interval text (see `sourcesFor`). */
  private readonly sources = new Map<string, readonly Interval[]>();
  /**
   * Where finer bars read only to be aggregated go (a warm-up of 5m bars is read as three sessions
   * of 1m bars): one small buffer rewound after each symbol's aggregation, instead of fresh memory
   * per symbol that is garbage at once (at thousands of symbols, first touches of new pages cost
   * more than the read).
   */
  private readonly scratch = new BarColumnsSlab(SCRATCH_BYTES);
  /**
   * Where a batch's windows go (a read-ahead's 64 symbols' 5m warm-ups aggregated from 1m: 0.8 MB;
   * their daily windows as stored), from the start again for each read-ahead once every window
   * carved before was handed out: the same resident memory, in the cache, instead of fresh memory
   * per symbol (24 MB of first touches for a universe's warm-ups, garbage as soon as the series
   * copied them). See `read` for how long the columns handed out stay valid.
   */
  private readonly windows = new BarColumnsSlab(WINDOWS_BYTES);

  /** The symbols being provisioned together (see `batch`), while a batch runs. */
  private batchState: HistoryBatch | undefined;

  constructor(
    @inject(TOKENS.barStore) private readonly store: BarStorePort,
    @inject(TOKENS.calendar) private readonly hours: SessionHours,
  ) {}

  /**
   * Runs `work` (the provisioning of many symbols, e.g. a universe at a day's start) with reads
   * batched: the store's coverage is looked up once for all (when first needed), and a read for one of `symbols` reads
   * the same window for it and the next READ_AHEAD symbols of the list in one store statement per
   * source interval (BarStorePort.readBarsOfSymbols), handing the others theirs from memory when they
   * ask. The answers are exactly the unbatched ones; the store must not be written meanwhile.
   */
  batch<T>(symbols: readonly string[], work: () => T): T {
    if (this.batchState !== undefined) return work();
    this.batchState = {
      symbols,
      position: positionsOf(symbols),
      coverage: undefined,
      readAhead: new Map(),
      carved: new Set(),
      expected: new Map(),
    };
    try {
      return work();
    } finally {
      for (const reads of this.batchState.expected.values()) for (const read of reads) read.cancel();
      this.batchState = undefined;
    }
  }

  /** Whether the store holds any bars of the symbol, in any interval. */
  hasData(symbol: string): boolean {
    const batch = this.batchState;
    if (batch?.position.has(normalizeSymbol(symbol)))
      return this.coverageOf(batch).has(normalizeSymbol(symbol));
    return this.store.hasSymbol(symbol);
  }

  /**
   * The store's coverage of the batch's symbols, listed at the batch's first question: a day start
   * whose symbols are all provisioned already (every day after the first) asks none and lists
   * nothing. Only the batch's symbols are listed, not every series of the store.
   */
  private coverageOf(batch: HistoryBatch): ReadonlyMap<string, SeriesInfo[]> {
    if (batch.coverage !== undefined) return batch.coverage;
    const coverage = new Map<string, SeriesInfo[]>();
    for (const series of this.store.listSeriesOf([...batch.position.keys()])) {
      const list = coverage.get(series.symbol);
      if (list === undefined) coverage.set(series.symbol, [series]);
      else list.push(series);
    }
    batch.coverage = coverage;
    return coverage;
  }

  /**
   * Bars of `interval` with fromTime ≤ time < toTime. In a batch, the columns are valid until the
   * next `read` (their memory is then reused): a caller copies what it keeps (the series' prepend
   * and append do).
   */
  read(symbol: string, interval: Interval, fromTime: number, toTime: number): BarColumns {
    const batch = this.batchState;
    const symbolKey = batch === undefined ? symbol : normalizeSymbol(symbol);
    const position = batch?.position.get(symbolKey);
    if (batch !== undefined && position !== undefined) {
      const key = `${symbolKey} ${interval.text} ${fromTime} ${toTime}`;
      let bars = batch.readAhead.get(key);
      if (bars === undefined) {
        this.readAhead(batch, position, interval, fromTime, toTime);
        bars = batch.readAhead.get(key) ?? allocateBarColumns(0);
      }
      batch.readAhead.delete(key);
      batch.carved.delete(key);
      return bars;
    }
    // The symbol's coverage of every interval in one lookup, then the first source covering the span.
    const source = this.sourceCovering(this.store.symbolSeries(symbol), interval, fromTime, toTime);
    if (source === undefined) return allocateBarColumns(0);
    if (source.text === interval.text) {
      const bars = this.store.readBars(symbol, source.text, fromTime, toTime);
      return isIntraday(interval) ? this.regularOnly(bars, interval) : bars;
    }
    try {
      // aggregateBars writes new columns: nothing of the scratch outlives this call.
      return aggregateBars(
        this.store.readBars(symbol, source.text, fromTime, toTime, this.scratch.allocate),
        source,
        interval,
        this.hours,
      );
    } finally {
      this.scratch.rewind();
    }
  }

  /** Reads the window for the batch's symbols from `position` on (READ_AHEAD of them), grouped by source. */
  private readAhead(
    batch: HistoryBatch,
    position: number,
    interval: Interval,
    fromTime: number,
    toTime: number,
  ): void {
    const bySource = this.windowSources(batch, position, interval, fromTime, toTime, true);
    this.expectNextWindows(batch, position, interval, fromTime, toTime);
    // Every window carved before was handed out (and the reads that took them are over): their
    // memory is reused. Otherwise new windows go after them, on a fresh buffer when it is full.
    if (batch.carved.size === 0) this.windows.rewind();
    for (const [source, symbols] of bySource) {
      const keyOf = (i: number) => `${symbols[i]} ${interval.text} ${fromTime} ${toTime}`;
      if (source.text === interval.text) {
        const read = this.store.readBarsOfSymbols(
          symbols,
          source.text,
          fromTime,
          toTime,
          this.windows.allocate,
        );
        for (let i = 0; i < symbols.length; i++) {
          batch.readAhead.set(keyOf(i), isIntraday(interval) ? this.regularOnly(read[i], interval) : read[i]);
          batch.carved.add(keyOf(i));
        }
        continue;
      }
      // Each symbol's finer bars are aggregated as soon as they are decoded, the scratch rewound
      // after each: it holds one symbol's bars at a time (a few sessions of 1m: 56 KB, in the
      // cache when aggregated), not the whole read-ahead's (3.6 MB, out of it by then).
      try {
        const read = this.store.readBarsOfSymbols(
          symbols,
          source.text,
          fromTime,
          toTime,
          this.scratch.allocate,
          (bars) => {
            const aggregated = aggregateBars(bars, source, interval, this.hours, this.windows.allocate);
            this.scratch.rewind();
            return aggregated;
          },
        );
        for (let i = 0; i < symbols.length; i++) {
          batch.readAhead.set(keyOf(i), read[i]);
          batch.carved.add(keyOf(i));
        }
      } finally {
        this.scratch.rewind();
      }
    }
  }

  /**
   * The batch's symbols from `position` on (READ_AHEAD of them) whose window is not read yet, by
   * the source interval they are read from; with `markEmpty`, those without a source get their
   * (empty) answer at once.
   */
  private windowSources(
    batch: HistoryBatch,
    position: number,
    interval: Interval,
    fromTime: number,
    toTime: number,
    markEmpty: boolean,
  ): Map<Interval, string[]> {
    const bySource = new Map<Interval, string[]>();
    const end = Math.min(batch.symbols.length, position + READ_AHEAD);
    for (let i = position; i < end; i++) {
      const symbolKey = normalizeSymbol(batch.symbols[i]);
      const key = `${symbolKey} ${interval.text} ${fromTime} ${toTime}`;
      if (batch.readAhead.has(key)) continue;
      const source = this.sourceCovering(
        this.coverageOf(batch).get(symbolKey) ?? [],
        interval,
        fromTime,
        toTime,
      );
      if (source === undefined) {
        if (markEmpty) batch.readAhead.set(key, allocateBarColumns(0));
        continue;
      }
      const group = bySource.get(source);
      if (group === undefined) bySource.set(source, [symbolKey]);
      else group.push(symbolKey);
    }
    return bySource;
  }

  /**
   * Tells the store (BarStorePort.expectRead) which reads the next EXPECTED_WINDOWS read-aheads of
   * this window will make, so that a store with a read thread steps them while this one is decoded
   * and aggregated. Provisioning asks for the batch's symbols in order, so they are the next ones
   * asked for; those that are not are cancelled with the batch.
   */
  private expectNextWindows(
    batch: HistoryBatch,
    position: number,
    interval: Interval,
    fromTime: number,
    toTime: number,
  ): void {
    if (this.store.expectRead === undefined) return;
    for (let k = 1; k <= EXPECTED_WINDOWS; k++) {
      const next = position + k * READ_AHEAD;
      if (next >= batch.symbols.length) return;
      const key = `${next} ${interval.text} ${fromTime} ${toTime}`;
      if (batch.expected.has(key)) continue;
      const reads: ExpectedRead[] = [];
      for (const [source, symbols] of this.windowSources(batch, next, interval, fromTime, toTime, false)) {
        const read = this.store.expectRead(symbols, source.text, fromTime, toTime);
        if (read !== undefined) reads.push(read);
      }
      batch.expected.set(key, reads);
    }
  }

  /** The first source of `interval` whose stored coverage reaches into [fromTime, toTime). */
  private sourceCovering(
    stored: readonly SeriesInfo[],
    interval: Interval,
    fromTime: number,
    toTime: number,
  ): Interval | undefined {
    for (const source of this.sourcesFor(interval)) {
      const coverage = stored.find((series) => series.interval === source.text);
      if (coverage && coverage.lastTime >= fromTime && coverage.firstTime < toTime) return source;
    }
    return undefined;
  }

  /** Where bars of `interval` can come from, best first (worked out once per interval). */
  private sourcesFor(interval: Interval): readonly Interval[] {
    let sources = this.sources.get(interval.text);
    if (!sources) {
      sources = sourceIntervals(interval);
      this.sources.set(interval.text, sources);
    }
    return sources;
  }

  /** The bars inside a regular session; `bars` itself when all are (the usual case: no copy). */
  private regularOnly(bars: BarColumns, interval: Interval): BarColumns {
    const durationMs = interval.durationMs ?? 0;
    // First pass: count the regular bars, allocating nothing.
    let kept = 0;
    let session: RegularHours | undefined;
    for (let i = 0; i < bars.length; i++) {
      session = this.sessionAround(bars.time[i], session);
      if (isRegular(bars.time[i], durationMs, session)) kept++;
    }
    if (kept === bars.length) return bars;
    const result = allocateBarColumns(kept);
    let to = 0;
    session = undefined;
    for (let from = 0; from < bars.length; from++) {
      session = this.sessionAround(bars.time[from], session);
      if (!isRegular(bars.time[from], durationMs, session)) continue;
      result.time[to] = bars.time[from];
      result.open[to] = bars.open[from];
      result.high[to] = bars.high[from];
      result.low[to] = bars.low[from];
      result.close[to] = bars.close[from];
      result.volume[to] = bars.volume[from];
      to++;
    }
    return result;
  }

  /** `previous` while `time` lies inside it, else the session the calendar gives for `time`. */
  private sessionAround(time: number, previous: RegularHours | undefined): RegularHours | undefined {
    return previous && time >= previous.openAt && time < previous.closeAt
      ? previous
      : this.hours.sessionAt(time);
  }
}

/** Symbols whose window one batched read covers: enough to pay a statement once for many, few enough to hold. */
const READ_AHEAD = 64;
/** Read-aheads of a window expected from the store beyond the one being read (expectNextWindows). */
const EXPECTED_WINDOWS = 2;
/**
 * Scratch slab size: one symbol's finer bars are in it at a time (18.7 KB a session of 1m bars),
 * up to an eighth of it (about 27 sessions of 1m); a larger read gets a buffer of its own. Only
 * the pages written are resident.
 */
const SCRATCH_BYTES = 4 * 1024 * 1024;
/** The batch's windows' slab (see `windows`): a read-ahead's windows fit it several times over. */
const WINDOWS_BYTES = 4 * 1024 * 1024;

interface HistoryBatch {
  readonly symbols: readonly string[];
  /** Normalized symbol → its index in `symbols`. */
  readonly position: ReadonlyMap<string, number>;
  /** Normalized symbol → the series the store holds for it; listed on first use (see `coverageOf`). */
  coverage: ReadonlyMap<string, SeriesInfo[]> | undefined;
  /** Windows read ahead and not asked for yet: `symbol interval from to` → bars. */
  readonly readAhead: Map<string, BarColumns>;
  /** Keys of `readAhead` whose columns lie on the windows' slab (`windows`), not handed out yet. */
  readonly carved: Set<string>;
  /** Reads expected from the store ahead (`expectNextWindows`): `position interval from to` → them. */
  readonly expected: Map<string, ExpectedRead[]>;
}

function isRegular(time: number, durationMs: number, session: RegularHours | undefined): boolean {
  return session !== undefined && time >= session.openAt && time + durationMs <= session.closeAt;
}

/**
 * Normalized symbol → index. A symbol that does not normalize is left out: reads for it take the
 * unbatched path, where its provisioning fails with the error it always did.
 */
function positionsOf(symbols: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let i = 0; i < symbols.length; i++) {
    if (!isValidSymbol(symbols[i])) continue;
    const symbolKey = normalizeSymbol(symbols[i]);
    if (!positions.has(symbolKey)) positions.set(symbolKey, i);
  }
  return positions;
}

/** Where bars of `interval` can come from, best first. */
function sourceIntervals(interval: Interval): Interval[] {
  const texts =
    interval.unit === "s"
      ? [interval.text, "1s"]
      : interval.unit === "m"
        ? [interval.text, "1m"]
        : interval.unit === "d"
          ? [interval.text, "1d", "1m"]
          : [interval.text, "1d", "1m"];
  return [...new Set(texts)].map(parseInterval);
}
