// Contender: the indicators of `technicalindicators` 3.1, one set of instances per symbol, fed bar by
// bar with `nextValue`, as its README shows streaming use.
// Aligned convention: its RSI rounds every value to 2 decimals (toFixed(2)) and forms
// 100 − 100/(1 + RS), so a value of 29.996 reads as 30 and no longer passes "RSI < 30". The loop
// takes the library's AverageGain and AverageLoss (what its RSI is built from: Wilder's smoothing
// seeded with the simple mean of the first 14 changes, as TA-Lib and scanwright) and forms the RSI
// as TA-Lib does, 100·gain / (gain + loss), 0 when both are 0.

import { AverageGain, AverageLoss, SMA, VWAP } from "technicalindicators";
import type { ContenderIndicators } from "./contender-loop.js";

const RSI_PERIOD = 14;
const SMA_PERIOD = 20;

interface SymbolIndicators {
  readonly gain: AverageGain;
  readonly loss: AverageLoss;
  readonly sma: SMA;
  vwap: VWAP;
  rsiValue: number;
  vwapValue: number;
  smaValue: number;
}

function newVwap(): VWAP {
  return new VWAP({ high: [], low: [], close: [], volume: [] });
}

export function technicalIndicatorsContender(count: number): ContenderIndicators {
  const states: SymbolIndicators[] = [];
  for (let s = 0; s < count; s++) {
    states.push({
      gain: new AverageGain({ period: RSI_PERIOD, values: [] }),
      loss: new AverageLoss({ period: RSI_PERIOD, values: [] }),
      sma: new SMA({ period: SMA_PERIOD, values: [] }),
      vwap: newVwap(),
      rsiValue: Number.NaN,
      vwapValue: Number.NaN,
      smaValue: Number.NaN,
    });
  }
  return {
    minute(s, high, low, close, volume) {
      const state = states[s];
      state.vwapValue = state.vwap.nextValue({ high, low, close, volume, open: close }) ?? Number.NaN;
    },
    five(s, close) {
      const state = states[s];
      const gain = state.gain.nextValue(close);
      const loss = state.loss.nextValue(close);
      if (gain === undefined || loss === undefined) return;
      const total = gain + loss;
      state.rsiValue = total > -1e-14 && total < 1e-14 ? 0 : 100 * (gain / total);
    },
    day(s, close) {
      const state = states[s];
      state.smaValue = state.sma.nextValue(close) ?? state.smaValue;
    },
    startDay(s) {
      const state = states[s];
      state.vwap = newVwap();
      state.vwapValue = Number.NaN;
    },
    rsi: (s) => states[s].rsiValue,
    vwap: (s) => states[s].vwapValue,
    sma: (s) => states[s].smaValue,
  };
}
