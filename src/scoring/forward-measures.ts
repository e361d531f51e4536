// The long-side forward measures of one symbol at every slot: entry price and time, and per horizon
// the return, MFE and MAE in percent (NaN where there is none). A short-side scanner flips them
// (see direction.ts). Works on the symbol's 1m bars as columns, by binary search and the
// RangeExtremes tables; no bar ending after the instant it is used at is read.
//
// For a hit at slot T trading in session S (open O, close C), with entry time E (entry-rules.ts):
//  - a minute horizon Xm ends at H = min(max(E, O) + X, C); `close` at C; `Nd` at the close of the
//    Nth session after S;
//  - the exit is the close of the last bar ending at or before H;
//  - MFE/MAE are the highest high and lowest low of the bars starting at or after E and ending at
//    or before H, as percent of the entry (MFE >= 0, MAE <= 0);
//  - H after the end of the symbol's stored data (`dataEndAt`) gives null, as does a missing entry.

import type { BarColumns } from "../core/bar-columns.js";
import type { EntryRule } from "./entry-rules.js";
import type { Horizon } from "./horizons.js";
import type { RangeExtremes } from "./range-extremes.js";
import type { SlotWindow } from "./slot-windows.js";

export const MINUTE_MS = 60_000;
const VWAP_WINDOW_MS = 5 * MINUTE_MS;

/** One symbol's measures at `slots.length` slots and `horizons` horizons (slot-major layout). */
export class SymbolMeasures {
  readonly entryPrice: Float64Array;
  readonly entryAt: Float64Array;
  /** Index slot * horizons + horizon. */
  readonly returns: Float64Array;
  readonly mfe: Float64Array;
  readonly mae: Float64Array;

  constructor(
    readonly slotCount: number,
    readonly horizonCount: number,
  ) {
    this.entryPrice = new Float64Array(slotCount);
    this.entryAt = new Float64Array(slotCount);
    this.returns = new Float64Array(slotCount * horizonCount);
    this.mfe = new Float64Array(slotCount * horizonCount);
    this.mae = new Float64Array(slotCount * horizonCount);
  }
}

export interface MeasureInput {
  readonly bars: BarColumns;
  /** Built on `bars`. */
  readonly extremes: RangeExtremes;
  /** End (exclusive) of the symbol's last stored 1m bar; horizons ending later are null. */
  readonly dataEndAt: number;
  readonly slots: Float64Array;
  readonly windows: readonly SlotWindow[];
  readonly horizons: readonly Horizon[];
  readonly entryRule: EntryRule;
}

/** Fills `out` with the measures of every slot. */
export function measureSymbol(input: MeasureInput, out: SymbolMeasures): void {
  const { bars, extremes, dataEndAt, slots, windows, horizons, entryRule } = input;
  const { time, open, close } = bars;
  const n = bars.length;
  const horizonCount = horizons.length;
  // Where the last searches ended: the slots ascend, and so do each horizon's ends.
  let slotHint = 0;
  let entryHint = 0;
  const exitHints = new Int32Array(horizonCount);
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s];
    const window = windows[s];
    const base = s * horizonCount;
    // Entry: price, time, and the first bar the excursions look at.
    let entryPrice = Number.NaN;
    let entryAt = Number.NaN;
    let firstBar = 0;
    let firstExitBar = 0;
    if (entryRule === "close_at_T") {
      entryHint = upperBoundFrom(time, n, slot - MINUTE_MS, entryHint);
      const last = entryHint - 1;
      if (last >= 0) {
        entryPrice = close[last];
        entryAt = slot;
        slotHint = lowerBoundFrom(time, n, slot, slotHint);
        firstBar = slotHint;
        firstExitBar = last;
      }
    } else {
      slotHint = lowerBoundFrom(time, n, slot, slotHint);
      const first = slotHint;
      if (first < n && time[first] < window.closeAt) {
        if (entryRule === "next_open") {
          entryPrice = open[first];
          entryAt = time[first];
          firstBar = first;
        } else {
          const windowEnd = Math.min(time[first] + VWAP_WINDOW_MS, window.closeAt);
          let priceVolume = 0;
          let volume = 0;
          let typicalSum = 0;
          let k = first;
          for (; k < n && time[k] + MINUTE_MS <= windowEnd; k++) {
            const typical = (bars.high[k] + bars.low[k] + close[k]) / 3;
            priceVolume += typical * bars.volume[k];
            volume += bars.volume[k];
            typicalSum += typical;
          }
          if (k > first) {
            entryPrice = volume > 0 ? priceVolume / volume : typicalSum / (k - first);
            entryAt = windowEnd;
            firstBar = k;
            // A halt right after the window leaves its last bar as the latest price.
            firstExitBar = k - 1;
          }
        }
        if (entryRule === "next_open") firstExitBar = firstBar;
      }
    }
    out.entryPrice[s] = entryPrice;
    out.entryAt[s] = entryAt;
    for (let h = 0; h < horizonCount; h++) {
      const at = base + h;
      out.returns[at] = Number.NaN;
      out.mfe[at] = Number.NaN;
      out.mae[at] = Number.NaN;
      if (Number.isNaN(entryPrice)) continue;
      const horizon = horizons[h];
      const endAt =
        horizon.kind === "minutes"
          ? Math.min(Math.max(entryAt, window.openAt) + horizon.minutes * MINUTE_MS, window.closeAt)
          : window.fixedEnds[h];
      if (!(endAt <= dataEndAt) || endAt < entryAt) continue;
      exitHints[h] = upperBoundFrom(time, n, endAt - MINUTE_MS, exitHints[h]);
      const exitBar = exitHints[h] - 1;
      if (exitBar < firstExitBar) continue;
      out.returns[at] = ((close[exitBar] - entryPrice) / entryPrice) * 100;
      if (firstBar <= exitBar) {
        const high = extremes.maxHigh(firstBar, exitBar);
        const low = extremes.minLow(firstBar, exitBar);
        out.mfe[at] = high > entryPrice ? ((high - entryPrice) / entryPrice) * 100 : 0;
        out.mae[at] = low < entryPrice ? ((low - entryPrice) / entryPrice) * 100 : 0;
      } else {
        // No bar traded between the entry and the horizon (a halt): no excursion.
        out.mfe[at] = 0;
        out.mae[at] = 0;
      }
    }
  }
}

/**
 * `lowerBound`, searched from index `hint` on (galloping, then binary) when every bar before
 * `hint` is earlier than `value`, else below it: the same index whatever the hint, found in
 * O(log distance) when successive searches ascend, as a symbol's slots and each horizon's ends do.
 */
export function lowerBoundFrom(time: Float64Array, n: number, value: number, hint: number): number {
  let low = Math.min(hint, n);
  if (low > 0 && !(time[low - 1] < value)) return lowerBound(time, low, value);
  let high = low;
  for (let step = 1; high < n && time[high] < value; step *= 2) {
    low = high + 1;
    high = low + step;
  }
  if (high > n) high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (time[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `upperBound` from index `hint` on, as lowerBoundFrom. */
export function upperBoundFrom(time: Float64Array, n: number, value: number, hint: number): number {
  let low = Math.min(hint, n);
  if (low > 0 && !(time[low - 1] <= value)) return upperBound(time, low, value);
  let high = low;
  for (let step = 1; high < n && time[high] <= value; step *= 2) {
    low = high + 1;
    high = low + step;
  }
  if (high > n) high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (time[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose time is >= `value` (n when none). */
export function lowerBound(time: Float64Array, n: number, value: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (time[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose time is > `value` (n when none). */
export function upperBound(time: Float64Array, n: number, value: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (time[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
