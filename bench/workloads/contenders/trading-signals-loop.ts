// Contender: the indicators of `trading-signals` 8.3, one set of instances per symbol, fed bar by
// bar with `update`. Its RSI (Wilder's smoothing seeded with the simple mean of the first 14
// changes) and VWAP (Σ typical·volume / Σ volume, typical = (high + low + close) / 3) are the
// session's maths; the VWAP is restarted at each open with a new instance. Its RSI forms
// 100 − 100/(1 + gain/loss) and smooths as prev + (x − prev)/14, which can differ from the session's
// 100·gain/(gain + loss) and (prev·13 + x)/14 in the last bits; the benchmark checks that no slot's
// hits differ for it (they would show as a failed check).

import { RSI, SMA, VWAP } from "trading-signals";
import type { ContenderIndicators } from "./contender-loop.js";

const RSI_PERIOD = 14;
const SMA_PERIOD = 20;

interface SymbolIndicators {
  readonly rsi: RSI;
  readonly sma: SMA;
  vwap: VWAP;
  rsiValue: number;
  vwapValue: number;
  smaValue: number;
}

export function tradingSignalsContender(count: number): ContenderIndicators {
  const states: SymbolIndicators[] = [];
  for (let s = 0; s < count; s++) {
    states.push({
      rsi: new RSI(RSI_PERIOD),
      sma: new SMA(SMA_PERIOD),
      vwap: new VWAP(),
      rsiValue: Number.NaN,
      vwapValue: Number.NaN,
      smaValue: Number.NaN,
    });
  }
  return {
    minute(s, high, low, close, volume) {
      const state = states[s];
      state.vwapValue = state.vwap.update({ high, low, close, volume }, false) ?? state.vwapValue;
    },
    five(s, close) {
      const state = states[s];
      state.rsiValue = state.rsi.update(close, false) ?? Number.NaN;
    },
    day(s, close) {
      const state = states[s];
      state.smaValue = state.sma.update(close, false) ?? Number.NaN;
    },
    startDay(s) {
      const state = states[s];
      state.vwap = new VWAP();
      state.vwapValue = Number.NaN;
    },
    rsi: (s) => states[s].rsiValue,
    vwap: (s) => states[s].vwapValue,
    sma: (s) => states[s].smaValue,
  };
}
