// Contender: the practical limit. The same maths written out over one Float64Array per quantity
// across the universe (entry s for symbol s): no object per symbol, no library call per bar.
// RSI: Wilder's smoothing seeded with the simple mean of the first 14 changes, 100·gain/(gain +
// loss) (TA-Lib's, as the session's RSI); VWAP: Σ typical·volume / Σ volume over today's bars;
// SMA(20): a ring of the last 20 daily closes per symbol, summed when read.

import type { ContenderIndicators } from "./contender-loop.js";

const RSI_PERIOD = 14;
const SMA_PERIOD = 20;

export function typedArrayContender(count: number): ContenderIndicators {
  const rsiBars = new Float64Array(count);
  const previousClose = new Float64Array(count);
  const gain = new Float64Array(count);
  const loss = new Float64Array(count);
  const rsiValue = new Float64Array(count).fill(Number.NaN);
  const priceVolume = new Float64Array(count);
  const volumeSum = new Float64Array(count);
  const vwapValue = new Float64Array(count).fill(Number.NaN);
  const closes = new Float64Array(count * SMA_PERIOD);
  const dayCount = new Float64Array(count);
  return {
    minute(s, high, low, close, volume) {
      const typical = (high + low + close) / 3;
      priceVolume[s] += typical * volume;
      volumeSum[s] += volume;
      vwapValue[s] = volumeSum[s] > 0 ? priceVolume[s] / volumeSum[s] : typical;
    },
    five(s, close) {
      const bars = rsiBars[s]++;
      const change = close - previousClose[s];
      previousClose[s] = close;
      if (bars === 0) return;
      if (bars > RSI_PERIOD) {
        let down = loss[s] * (RSI_PERIOD - 1);
        let up = gain[s] * (RSI_PERIOD - 1);
        if (change < 0) down -= change;
        else up += change;
        loss[s] = down / RSI_PERIOD;
        gain[s] = up / RSI_PERIOD;
      } else {
        if (change < 0) loss[s] -= change;
        else gain[s] += change;
        if (bars < RSI_PERIOD) return;
        loss[s] /= RSI_PERIOD;
        gain[s] /= RSI_PERIOD;
      }
      const total = gain[s] + loss[s];
      rsiValue[s] = total > -1e-14 && total < 1e-14 ? 0 : 100 * (gain[s] / total);
    },
    day(s, close) {
      closes[s * SMA_PERIOD + (dayCount[s]++ % SMA_PERIOD)] = close;
    },
    startDay(s) {
      priceVolume[s] = 0;
      volumeSum[s] = 0;
      vwapValue[s] = Number.NaN;
    },
    rsi: (s) => rsiValue[s],
    vwap: (s) => vwapValue[s],
    sma(s) {
      if (dayCount[s] < SMA_PERIOD) return Number.NaN;
      let sum = 0;
      for (let i = 0; i < SMA_PERIOD; i++) sum += closes[s * SMA_PERIOD + i];
      return sum / SMA_PERIOD;
    },
  };
}
