// Scores every hit of a run, and the universe baseline at each slot with hits, from the bar store's
// 1m bars: one symbol at a time (one RangeExtremes build, every slot the symbol is needed at), the
// bars read for a group of symbols at once, so memory stays at one group's bars whatever the
// universe. See forward-measures.ts for what each measure is; the baseline at a slot is the mean
// over the scanner's universe symbols with a value there.

import type { BarColumns } from "../core/bar-columns.js";
import { DataError } from "../core/errors.js";
import { normalizeSymbol } from "../core/symbol.js";
import type { SeriesCoverage } from "../data/bar-store.js";
import type { BarStorePort } from "../data/bar-store-port.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { EntryRule } from "./entry-rules.js";
import { lowerBound, MINUTE_MS, measureSymbol, SymbolMeasures } from "./forward-measures.js";
import type { Horizon } from "./horizons.js";
import { RangeExtremes } from "./range-extremes.js";
import type { HitScores, RunScores, ScanHits, ScoredScanner, SlotBaselines } from "./score-types.js";
import { type SlotWindow, SlotWindows } from "./slot-windows.js";

export interface ScoreRunInput {
  readonly run: number;
  readonly store: BarStorePort;
  readonly calendar: ExchangeCalendar;
  readonly scanners: readonly ScoredScanner[];
  /** The run's scans (rows without symbols may be left out). */
  readonly scans: Iterable<ScanHits>;
  readonly entryRule: EntryRule;
  readonly horizons: readonly Horizon[];
}

/** How far back `close_at_T` looks for the last bar before a slot (a long weekend plus a holiday). */
export const ENTRY_LOOKBACK_MS = 7 * 24 * 60 * MINUTE_MS;
const BAR_INTERVAL = "1m";
/** Symbols read per statement (the store's batch): a group's bars, about 6 MB for a week of 64 symbols, are held at once. */
const READ_GROUP = 64;

export function scoreRun(input: ScoreRunInput): RunScores {
  const { store, calendar, horizons, entryRule } = input;
  const horizonCount = horizons.length;
  const scannerIndex = new Map(input.scanners.map((scanner, index) => [scanner.name, index]));
  const signs = input.scanners.map((scanner) => (scanner.direction === "short" ? -1 : 1));

  // Hits by slot, scanner name, symbol (the order the journal reads them back in); a symbol listed
  // twice in one scan counts once. The scans are put in slot and scanner order and only each
  // scan's own symbols sorted: the same order as sorting every hit, without comparing hundreds of
  // thousands of hits with each other.
  const names = input.scanners.map((scanner) => scanner.name);
  const scans: Array<{ scanner: number; scan: ScanHits }> = [];
  for (const scan of input.scans) {
    if (scan.symbols.length === 0) continue;
    const scanner = scannerIndex.get(scan.scanner);
    if (scanner === undefined) {
      throw new DataError(
        `Run ${input.run} has hits of scanner "${scan.scanner}", which the config does not name`,
      );
    }
    scans.push({ scanner, scan });
  }
  scans.sort(
    (a, b) => a.scan.scheduledAt - b.scan.scheduledAt || compareText(names[a.scanner], names[b.scanner]),
  );
  // Each symbol's rank in code-unit order: a slot's hits are put in order by sorting numbers (rank,
  // then the order they came in: a stable sort), not by comparing strings.
  const normalized = new Map<string, string>();
  for (const { scan } of scans) {
    for (const raw of scan.symbols) if (!normalized.has(raw)) normalized.set(raw, normalizeSymbol(raw));
  }
  const symbolByRank = [...new Set(normalized.values())].sort(compareText);
  const rankOf = new Map(symbolByRank.map((symbol, rank) => [symbol, rank]));
  const rankOfRaw = new Map([...normalized].map(([raw, symbol]) => [raw, rankOf.get(symbol) as number]));
  const seenInScan = new Int32Array(symbolByRank.length).fill(-1);
  const hitScanner: number[] = [];
  const hitAt: number[] = [];
  const hitDate: string[] = [];
  const hitSymbol: string[] = [];
  for (let first = 0; first < scans.length; ) {
    // One slot of one scanner (normally one scan; rows of two kinds at the same slot are merged).
    const { scanner, scan } = scans[first];
    let end = first + 1;
    let listed = scans[first].scan.symbols.length;
    while (
      end < scans.length &&
      scans[end].scanner === scanner &&
      scans[end].scan.scheduledAt === scan.scheduledAt
    ) {
      listed += scans[end].scan.symbols.length;
      end++;
    }
    // rank * listed + arrival: sorted as numbers, by symbol and then as they came; a symbol
    // listed twice in one scan counts once.
    const keys = new Float64Array(listed);
    const dates: string[] = [];
    let count = 0;
    for (let i = first; i < end; i++) {
      for (const raw of scans[i].scan.symbols) {
        const rank = rankOfRaw.get(raw) as number;
        if (seenInScan[rank] === i) continue;
        seenInScan[rank] = i;
        keys[count] = rank * listed + count;
        dates.push(scans[i].scan.sessionDate);
        count++;
      }
    }
    const ordered = keys.subarray(0, count).sort();
    for (let k = 0; k < count; k++) {
      const arrival = ordered[k] % listed;
      hitScanner.push(scanner);
      hitAt.push(scan.scheduledAt);
      hitDate.push(dates[arrival]);
      hitSymbol.push(symbolByRank[(ordered[k] - arrival) / listed]);
    }
    first = end;
  }
  const hitCount = hitAt.length;
  const hits: HitScores = {
    count: hitCount,
    scanner: Int32Array.from(hitScanner),
    scheduledAt: Float64Array.from(hitAt),
    sessionDate: hitDate,
    symbol: hitSymbol,
    entryPrice: new Float64Array(hitCount).fill(Number.NaN),
    entryAt: new Float64Array(hitCount).fill(Number.NaN),
    returns: new Float64Array(hitCount * horizonCount).fill(Number.NaN),
    mfe: new Float64Array(hitCount * horizonCount).fill(Number.NaN),
    mae: new Float64Array(hitCount * horizonCount).fill(Number.NaN),
    baselineReturn: new Float64Array(hitCount * horizonCount).fill(Number.NaN),
    baselinePositive: new Float64Array(hitCount * horizonCount).fill(Number.NaN),
  };

  // The slots with hits, globally and per scanner.
  const slotTimes = [...new Set(hitAt)].sort((a, b) => a - b);
  const windows = new SlotWindows(calendar, horizons);
  const slotWindows: SlotWindow[] = slotTimes.map((time) => windows.at(time));
  // Each hit's slot in that list: hits come in slot order, so one pass.
  const hitSlot = new Int32Array(hitCount);
  for (let i = 0, slot = 0; i < hitCount; i++) {
    while (slotTimes[slot] !== hitAt[i]) slot++;
    hitSlot[i] = slot;
  }
  const scannerSlots: Array<Set<number>> = input.scanners.map(() => new Set());
  for (let i = 0; i < hitCount; i++) scannerSlots[hitScanner[i]].add(hitSlot[i]);
  const scannerSlotLists = scannerSlots.map((slots) => Int32Array.from([...slots].sort((a, b) => a - b)));

  // Baseline sums per scanner, `slot * horizons + horizon` over the global slot list.
  const size = slotTimes.length * horizonCount;
  const sums = input.scanners.map(() => ({
    returns: new Float64Array(size),
    positives: new Float64Array(size),
    mfe: new Float64Array(size),
    mae: new Float64Array(size),
    counted: new Float64Array(size),
    nulls: new Float64Array(size),
  }));

  // Which scanners each symbol is in the universe of, and which hits it has.
  const universeOf = new Map<string, number[]>();
  input.scanners.forEach((scanner, index) => {
    for (const raw of scanner.universe) {
      const symbol = normalizeSymbol(raw);
      const list = universeOf.get(symbol);
      if (list === undefined) universeOf.set(symbol, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  });
  const hitsOf = new Map<string, number[]>();
  for (let i = 0; i < hitCount; i++) {
    const list = hitsOf.get(hitSymbol[i]);
    if (list === undefined) hitsOf.set(hitSymbol[i], [i]);
    else list.push(i);
  }

  // Symbols sharing the same scanners need the same slots: one slot plan per scanner set. A symbol's
  // own hits are at slots of their scanners, so they need a plan of their own only when the symbol
  // is not in the universe of one of those scanners (a hit outside the configured universe).
  const plans = new Map<string, SlotPlan>();
  const planFor = (scanners: readonly number[], ownHits: readonly number[]): SlotPlan => {
    const covered = ownHits.every((hit) => scanners.includes(hitScanner[hit]));
    const key = scanners.join(",");
    const cached = covered ? plans.get(key) : undefined;
    if (cached) return cached;
    const needed = new Set<number>();
    for (const scanner of scanners) for (const slot of scannerSlotLists[scanner]) needed.add(slot);
    for (const hit of ownHits) needed.add(hitSlot[hit]);
    const globalSlots = Int32Array.from([...needed].sort((a, b) => a - b));
    const position = new Int32Array(slotTimes.length).fill(-1);
    globalSlots.forEach((slot, at) => {
      position[slot] = at;
    });
    const windowsOfPlan = Array.from(globalSlots, (slot) => slotWindows[slot]);
    const plan: SlotPlan = {
      slots: Float64Array.from(globalSlots, (slot) => slotTimes[slot]),
      windows: windowsOfPlan,
      lastEnds: Float64Array.from(windowsOfPlan, lastEndOf),
      position,
      measures: new SymbolMeasures(globalSlots.length, horizonCount),
    };
    if (covered) plans.set(key, plan);
    return plan;
  };

  // Only `close_at_T` looks before a slot (for the last close); the other entries start at it.
  const lookback = entryRule === "close_at_T" ? ENTRY_LOOKBACK_MS : 0;
  const readFrom = slotTimes.length > 0 ? slotTimes[0] - lookback : 0;
  let readTo = 0;
  for (const window of slotWindows) {
    readTo = Math.max(readTo, window.closeAt);
    for (const end of window.fixedEnds) if (end > readTo) readTo = end;
  }
  const extremes = new RangeExtremes();
  // The symbols measured: in the universe of a scanner with hits, or with hits of their own.
  const measured: Array<{ symbol: string; inUniverses: number[]; ownHits: number[] }> = [];
  for (const symbol of new Set([...universeOf.keys(), ...hitsOf.keys()])) {
    const inUniverses = (universeOf.get(symbol) ?? []).filter(
      (scanner) => scannerSlotLists[scanner].length > 0,
    );
    const ownHits = hitsOf.get(symbol) ?? [];
    if (inUniverses.length > 0 || ownHits.length > 0) measured.push({ symbol, inUniverses, ownHits });
  }
  // Their bars are read a group at a time (one statement), the next group's read posted to the
  // store's read thread, if it has one, before this one's is taken: the thread steps it meanwhile.
  // A group's coverage (where each symbol's data ends) is read before its bars are asked for, so a
  // store written meanwhile (a daemon's fetches) can only give bars past that end, never an end
  // past the bars read.
  const groupAt = (index: number) => measured.slice(index, index + READ_GROUP).map((entry) => entry.symbol);
  const coverageOf = (symbols: readonly string[]) => {
    const coverages = new Map<string, SeriesCoverage>();
    for (const series of store.listSeriesOf(symbols)) {
      if (series.interval === BAR_INTERVAL) coverages.set(series.symbol, series);
    }
    return coverages;
  };
  let group: BarColumns[] = [];
  let coverages = new Map<string, SeriesCoverage>();
  let nextCoverages: Map<string, SeriesCoverage> | undefined;
  for (let index = 0; index < measured.length; index++) {
    const { symbol, inUniverses, ownHits } = measured[index];
    const inGroup = index % READ_GROUP;
    if (inGroup === 0) {
      const symbols = groupAt(index);
      coverages = nextCoverages ?? coverageOf(symbols);
      const next = groupAt(index + READ_GROUP);
      nextCoverages = next.length > 0 ? coverageOf(next) : undefined;
      if (next.length > 0) store.expectRead?.(next, BAR_INTERVAL, readFrom, readTo);
      group = store.readBarsOfSymbols(symbols, BAR_INTERVAL, readFrom, readTo);
    }
    const plan = planFor(inUniverses, ownHits);
    const measures = plan.measures;
    const coverage = coverages.get(symbol);
    if (coverage === undefined) {
      measures.entryPrice.fill(Number.NaN);
      measures.entryAt.fill(Number.NaN);
      measures.returns.fill(Number.NaN);
      measures.mfe.fill(Number.NaN);
      measures.mae.fill(Number.NaN);
    } else {
      const bars = group[inGroup];
      const span = excursionSpan(bars.time, bars.length, plan);
      extremes.build(bars.high, bars.low, span.from, span.bars);
      measureSymbol(
        {
          bars,
          extremes,
          dataEndAt: coverage.lastTime + MINUTE_MS,
          slots: plan.slots,
          windows: plan.windows,
          horizons,
          entryRule,
        },
        measures,
      );
    }
    for (const scanner of inUniverses) {
      const sign = signs[scanner];
      const sum = sums[scanner];
      for (const slot of scannerSlotLists[scanner]) {
        const from = plan.position[slot] * horizonCount;
        const to = slot * horizonCount;
        for (let h = 0; h < horizonCount; h++) {
          const value = measures.returns[from + h];
          if (Number.isNaN(value)) {
            sum.nulls[to + h]++;
            continue;
          }
          const signed = sign * value;
          sum.returns[to + h] += signed;
          if (signed > 0) sum.positives[to + h]++;
          sum.mfe[to + h] += sign > 0 ? measures.mfe[from + h] : -measures.mae[from + h];
          sum.mae[to + h] += sign > 0 ? measures.mae[from + h] : -measures.mfe[from + h];
          sum.counted[to + h]++;
        }
      }
    }
    for (const hit of ownHits) {
      const sign = signs[hitScanner[hit]];
      const at = plan.position[hitSlot[hit]];
      hits.entryPrice[hit] = measures.entryPrice[at];
      hits.entryAt[hit] = measures.entryAt[at];
      for (let h = 0; h < horizonCount; h++) {
        const from = at * horizonCount + h;
        const to = hit * horizonCount + h;
        hits.returns[to] = flip(sign, measures.returns[from]);
        hits.mfe[to] = sign > 0 ? measures.mfe[from] : flip(-1, measures.mae[from]);
        hits.mae[to] = sign > 0 ? measures.mae[from] : flip(-1, measures.mfe[from]);
      }
    }
  }

  const baselines: SlotBaselines[] = input.scanners.map((scanner, index) => {
    const slots = scannerSlotLists[index];
    const sum = sums[index];
    const length = slots.length * horizonCount;
    const baseline: SlotBaselines = {
      scanner: scanner.name,
      scheduledAt: Float64Array.from(slots, (slot) => slotTimes[slot]),
      meanReturn: new Float64Array(length),
      positiveShare: new Float64Array(length),
      meanMfe: new Float64Array(length),
      meanMae: new Float64Array(length),
      counted: new Float64Array(length),
      nulls: new Float64Array(length),
    };
    slots.forEach((slot, at) => {
      for (let h = 0; h < horizonCount; h++) {
        const from = slot * horizonCount + h;
        const to = at * horizonCount + h;
        const counted = sum.counted[from];
        baseline.counted[to] = counted;
        baseline.nulls[to] = sum.nulls[from];
        baseline.meanReturn[to] = counted > 0 ? sum.returns[from] / counted : Number.NaN;
        baseline.positiveShare[to] = counted > 0 ? sum.positives[from] / counted : Number.NaN;
        baseline.meanMfe[to] = counted > 0 ? sum.mfe[from] / counted : Number.NaN;
        baseline.meanMae[to] = counted > 0 ? sum.mae[from] / counted : Number.NaN;
      }
    });
    return baseline;
  });
  attachBaselines(hits, baselines, horizonCount);

  return {
    run: input.run,
    entryRule,
    horizons,
    scanners: input.scanners.map((scanner) => ({
      name: scanner.name,
      direction: scanner.direction,
      universeSize: scanner.universe.length,
    })),
    hits,
    baselines,
  };
}

/** Copies each slot's baseline onto the hits of that scanner and slot. */
export function attachBaselines(
  hits: HitScores,
  baselines: readonly SlotBaselines[],
  horizonCount: number,
): void {
  const slotIndexes = baselines.map(
    (baseline) => new Map(Array.from(baseline.scheduledAt, (time, index) => [time, index])),
  );
  for (let hit = 0; hit < hits.count; hit++) {
    const scanner = hits.scanner[hit];
    const at = slotIndexes[scanner].get(hits.scheduledAt[hit]);
    if (at === undefined) continue;
    for (let h = 0; h < horizonCount; h++) {
      hits.baselineReturn[hit * horizonCount + h] = baselines[scanner].meanReturn[at * horizonCount + h];
      hits.baselinePositive[hit * horizonCount + h] = baselines[scanner].positiveShare[at * horizonCount + h];
    }
  }
}

interface SlotPlan {
  /** Slot times the symbol is measured at, ascending, and their windows. */
  readonly slots: Float64Array;
  readonly windows: readonly SlotWindow[];
  /** Per slot, the latest instant one of its horizons can end at (lastEndOf). */
  readonly lastEnds: Float64Array;
  /** Global slot index → index in `slots` (-1: not measured). */
  readonly position: Int32Array;
  readonly measures: SymbolMeasures;
}

/** The latest end of a slot's horizons: its session's close, or a later `Nd` close. */
function lastEndOf(window: SlotWindow): number {
  let end = window.closeAt;
  for (const fixed of window.fixedEnds) if (fixed > end) end = fixed;
  return end;
}

/**
 * Which of a symbol's bars an excursion (measureSymbol: bars from the entry, at or after the slot,
 * to the last bar ending by the horizon's end) can cover: from the first bar at or after the first
 * slot, ranges of at most `bars` bars. The look-back read before the first slot (for `close_at_T`'s
 * entry) is never part of one. Slots ascend and so do their last ends, so two pointers walk the
 * bars once (a last end lower than the one before would only make the bound larger, never wrong).
 */
function excursionSpan(time: Float64Array, n: number, plan: SlotPlan): { from: number; bars: number } {
  let longest = 1;
  let first = 0;
  let end = 0; // one past the last bar ending by the slot's last end
  for (let s = 0; s < plan.slots.length; s++) {
    while (first < n && time[first] < plan.slots[s]) first++;
    const lastStart = plan.lastEnds[s] - MINUTE_MS;
    while (end < n && time[end] <= lastStart) end++;
    if (end - first > longest) longest = end - first;
  }
  return { from: plan.slots.length > 0 ? lowerBound(time, n, plan.slots[0]) : 0, bars: longest };
}

/** `sign * value` without producing -0 (a flat short return prints as 0, not -0). */
function flip(sign: number, value: number): number {
  return value === 0 ? 0 : sign * value;
}

/** Code-unit order, SQLite's BINARY collation for the ASCII names and symbols (the stored order). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
