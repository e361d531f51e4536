// A model of the step block's copy (src/data/step-block.ts; docs/performance.md, session 18), beside
// step-layout.ts: where step-layout's `transpose` copies each symbol's landed day step-major at the
// day's start, long after its decode (the copy then pays the reads the steps save), here the copy
// is made right after each tile of TILE symbols is decoded, while their days are still in the
// caches. Each day, every symbol's day of 390 1m bars is "decoded" (copied from a source buffer
// into the symbol's own buffer, reused from day to day, as the store decodes into a series'
// landing); then 78 steps each read every symbol's 5 bars as VWAP reads them, plus a bucket's first
// open, with POLLUTE MiB read through between steps. Both layouts time the decode and the steps:
//   decodeviews  the steps read each symbol's own buffer (today's landed day);
//   decodetile   after each tile's decode, its days are copied into a step-major block (reused),
//                which the steps read; within a step, each symbol's six fields of its 5 bars lie
//                together, symbol after symbol (the engine's layout).
// The first two of ten days are not timed. Prints nanoseconds per symbol and step, decode (with
// the copy) and steps apart.
//   node .bench-build/bench/models/decode-copy.js [N=2000] [decodeviews|decodetile] [TILE=16] [POLLUTE=4]

import {
  BARS,
  DAYS,
  FIELDS,
  pollution,
  readThrough,
  STEP,
  STEPS,
  symbolDayColumns,
  WARM_DAYS,
} from "./model-day.js";

function model(symbols: number, layout: string, tile: number, polluteMiB: number) {
  const source = Float64Array.from({ length: BARS * FIELDS }, (_, i) => (i % 97) + 1);
  const days = Array.from({ length: symbols }, () => symbolDayColumns());
  const width = symbols * STEP;
  const block = layout === "decodetile" ? new Float64Array(STEPS * FIELDS * width) : undefined;
  const vwap = new Float64Array(2 * symbols);
  const opens = new Float64Array(symbols);
  const junk = pollution(polluteMiB);
  let sink = 0;
  let decodeNanos = 0;
  let stepNanos = 0;
  for (let day = 0; day < DAYS; day++) {
    const started = process.hrtime.bigint();
    for (let first = 0; first < symbols; first += tile) {
      const last = Math.min(symbols, first + tile);
      for (let s = first; s < last; s++) {
        for (let f = 0; f < FIELDS; f++) days[s][f].set(source.subarray(f * BARS, (f + 1) * BARS));
        days[s][0][0] = day;
      }
      if (block === undefined) continue;
      for (let k = 0; k < STEPS; k++) {
        let out = k * FIELDS * width + first * FIELDS * STEP;
        for (let s = first; s < last; s++) {
          for (let f = 0; f < FIELDS; f++) {
            const column = days[s][f];
            for (let i = k * STEP; i < (k + 1) * STEP; i++) block[out++] = column[i];
          }
        }
      }
    }
    if (day >= WARM_DAYS) decodeNanos += Number(process.hrtime.bigint() - started);
    for (let k = 0; k < STEPS; k++) {
      sink += readThrough(junk);
      const stepStarted = process.hrtime.bigint();
      for (let s = 0; s < symbols; s++) {
        let priceVolume = vwap[2 * s];
        let volumeSum = vwap[2 * s + 1];
        if (block === undefined) {
          const [, open, high, low, close, volume] = days[s];
          for (let i = k * STEP; i < (k + 1) * STEP; i++) {
            priceVolume += ((high[i] + low[i] + close[i]) / 3) * volume[i];
            volumeSum += volume[i];
          }
          opens[s] = open[k * STEP];
        } else {
          const base = k * FIELDS * width + s * FIELDS * STEP;
          for (let i = base; i < base + STEP; i++) {
            priceVolume +=
              ((block[i + 2 * STEP] + block[i + 3 * STEP] + block[i + 4 * STEP]) / 3) * block[i + 5 * STEP];
            volumeSum += block[i + 5 * STEP];
          }
          opens[s] = block[base + STEP];
        }
        vwap[2 * s] = priceVolume;
        vwap[2 * s + 1] = volumeSum;
      }
      if (day >= WARM_DAYS) stepNanos += Number(process.hrtime.bigint() - stepStarted);
    }
  }
  // Keeps every result live.
  if (sink + vwap[0] + opens[0] === Number.POSITIVE_INFINITY) console.log("");
  const perStep = (DAYS - WARM_DAYS) * STEPS * symbols;
  return { decode: decodeNanos / perStep, steps: stepNanos / perStep };
}

const [symbolsText = "2000", layout = "decodeviews", tileText = "16", polluteText = "4"] =
  process.argv.slice(2);
if (layout !== "decodeviews" && layout !== "decodetile") {
  throw new Error(`unknown layout ${layout} (decodeviews or decodetile)`);
}
const { decode, steps } = model(Number(symbolsText), layout, Number(tileText), Number(polluteText));
console.log(
  JSON.stringify({
    symbols: Number(symbolsText),
    layout,
    tile: Number(tileText),
    decodeNanosPerSymbolStep: Number(decode.toFixed(1)),
    stepNanosPerSymbolStep: Number(steps.toFixed(1)),
    totalNanosPerSymbolStep: Number((decode + steps).toFixed(1)),
  }),
);
