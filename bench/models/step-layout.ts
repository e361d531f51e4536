// A model of what one replay step reads, outside the engine, to weigh a layout before building it
// (session 17, docs/performance.md): N symbols, each with a day of 390 1m bars, replayed in steps
// of 5 bars; at each step every symbol's 5 bars are read as VWAP reads them (high, low, close,
// volume) and a 5m bucket reads its first open. The layouts of the day:
//   views      each symbol's day as six Float64Array views on a buffer of its own, as the landed
//              day's BarColumns are today;
//   stepmajor  the day step by step across the symbols: each step's bars of every symbol in one
//              run of memory (column by column within the step);
//   append     stepmajor, and each symbol's 5 bars also copied into a series of its own (six
//              columns in one array, reused from day to day), as a series fed from it would be;
//   transpose  views, and at each day's start the day copied step-major (a pass reading each
//              symbol's columns in sequence into a step-major block reused from day to day; the
//              pass is timed with the steps), the steps then reading the block as stepmajor does;
//   warmK      views, and every K steps a pass reading each symbol's next K steps of bars, column
//              by column (in sequence, which the CPU's prefetchers follow), before the steps.
// Between steps a buffer of POLLUTE MiB is read through, standing for the rest of a step's work.
// The first two days (JIT warm-up) are not timed. Prints the nanoseconds per symbol and step.
//   node .bench-build/bench/models/step-layout.js [N=2000] [views|stepmajor|append|transpose|warmK] [POLLUTE=4]

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

/** Distinct values per field, so that no read can be folded away. */
function value(field: number, bar: number): number {
  return field === 0 ? bar : 10 + field + (bar % (field + 3));
}

interface SymbolDay {
  readonly columns: readonly Float64Array[];
}

function viewsDay(symbols: number): SymbolDay[] {
  const days: SymbolDay[] = [];
  for (let s = 0; s < symbols; s++) {
    const columns = symbolDayColumns();
    for (let f = 0; f < FIELDS; f++) for (let i = 0; i < BARS; i++) columns[f][i] = value(f, i);
    days.push({ columns });
  }
  return days;
}

/** [step][field][symbol × STEP + bar of the step]. */
function stepMajorDay(symbols: number): Float64Array {
  const width = symbols * STEP;
  const day = new Float64Array(STEPS * FIELDS * width);
  for (let k = 0; k < STEPS; k++)
    for (let f = 0; f < FIELDS; f++)
      for (let s = 0; s < symbols; s++)
        for (let j = 0; j < STEP; j++) day[(k * FIELDS + f) * width + s * STEP + j] = value(f, k * STEP + j);
  return day;
}

function modelStep(symbols: number, layout: string, polluteMiB: number): number {
  const warmSteps = layout.startsWith("warm") ? Number(layout.slice(4)) : 0;
  const vwap = new Float64Array(symbols * 2);
  const opens = new Float64Array(symbols);
  // Only `append` writes into series of the symbols' own.
  const series =
    layout === "append" ? Array.from({ length: symbols }, () => new Float64Array(BARS * FIELDS).fill(1)) : [];
  const junk = pollution(polluteMiB);
  let sink = 0;
  let nanos = 0;
  let transposed: Float64Array | undefined;
  for (let day = 0; day < DAYS; day++) {
    const width = symbols * STEP;
    let views = layout === "views" || warmSteps > 0 ? viewsDay(symbols) : undefined;
    let steps = views === undefined && layout !== "transpose" ? stepMajorDay(symbols) : undefined;
    if (layout === "transpose") {
      const days = viewsDay(symbols);
      const started = process.hrtime.bigint();
      transposed ??= new Float64Array(STEPS * FIELDS * width);
      for (let s = 0; s < symbols; s++) {
        const columns = days[s].columns;
        for (let f = 0; f < FIELDS; f++) {
          const column = columns[f];
          for (let i = 0; i < BARS; i++) {
            const k = (i / STEP) | 0;
            transposed[(k * FIELDS + f) * width + s * STEP + (i - k * STEP)] = column[i];
          }
        }
      }
      if (day >= WARM_DAYS) nanos += Number(process.hrtime.bigint() - started);
      steps = transposed;
      views = undefined;
    }
    for (let k = 0; k < STEPS; k++) {
      sink += readThrough(junk);
      const started = process.hrtime.bigint();
      if (views !== undefined && warmSteps > 0 && k % warmSteps === 0) {
        const end = Math.min(BARS, (k + warmSteps) * STEP);
        for (let s = 0; s < symbols; s++) {
          const columns = views[s].columns;
          for (let f = 0; f < FIELDS; f++) {
            const column = columns[f];
            for (let i = k * STEP; i < end; i += 8) sink += column[i];
          }
        }
      }
      for (let s = 0; s < symbols; s++) {
        let priceVolume = vwap[2 * s];
        let volumeSum = vwap[2 * s + 1];
        if (views !== undefined) {
          const [, open, high, low, close, volume] = views[s].columns;
          for (let i = k * STEP; i < (k + 1) * STEP; i++) {
            priceVolume += ((high[i] + low[i] + close[i]) / 3) * volume[i];
            volumeSum += volume[i];
          }
          opens[s] = open[k * STEP];
        } else if (steps !== undefined) {
          const base = k * FIELDS * width + s * STEP;
          for (let i = base; i < base + STEP; i++) {
            priceVolume +=
              ((steps[i + 2 * width] + steps[i + 3 * width] + steps[i + 4 * width]) / 3) *
              steps[i + 5 * width];
            volumeSum += steps[i + 5 * width];
          }
          opens[s] = steps[base + width];
          if (layout === "append") {
            const out = series[s];
            for (let j = 0; j < STEP; j++)
              for (let f = 0; f < FIELDS; f++) out[f * BARS + k * STEP + j] = steps[base + f * width + j];
          }
        }
        vwap[2 * s] = priceVolume;
        vwap[2 * s + 1] = volumeSum;
      }
      if (day >= WARM_DAYS) nanos += Number(process.hrtime.bigint() - started);
    }
  }
  // Keeps every result live.
  if (sink + vwap[0] + opens[0] + (series[0]?.[0] ?? 0) === Number.POSITIVE_INFINITY) console.log("");
  return nanos / ((DAYS - WARM_DAYS) * STEPS * symbols);
}

const [symbolsText = "2000", layout = "views", polluteText = "4"] = process.argv.slice(2);
if (!["views", "stepmajor", "append", "transpose"].includes(layout) && !/^warm[1-9][0-9]*$/.test(layout)) {
  throw new Error(`unknown layout ${layout} (views, stepmajor, append, transpose or warmK)`);
}
const perStep = modelStep(Number(symbolsText), layout, Number(polluteText));
console.log(
  JSON.stringify({ symbols: Number(symbolsText), layout, nanosPerSymbolStep: Number(perStep.toFixed(1)) }),
);
