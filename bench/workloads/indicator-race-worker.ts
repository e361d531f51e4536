// One contender of the `indicators` benchmark, run in its own worker thread so that every timed
// loop sees one indicator class only (as in real use: no call site shared with other indicators)
// and one run's garbage does not land on the next. Posts an IndicatorRaceResult.

import { parentPort, workerData } from "node:worker_threads";
import { ColumnBarCursor } from "../../src/indicators/column-bar-cursor.js";
import type { Indicator } from "../../src/indicators/indicator.js";
import { bestOfMs } from "../bench-result.js";
import { type BenchSeries, makeBenchSeries } from "./bench-series.js";
import { type Contender, contenders, type TradingSignalsRival } from "./indicator-contenders.js";

export interface IndicatorRaceRequest {
  readonly name: string;
  readonly barCount: number;
  readonly seed: number;
  readonly repeat: number;
  readonly tolerance: number;
}

export interface IndicatorRaceResult {
  readonly name: string;
  /** Updates per second, both fed the same prebuilt bar objects. */
  readonly oursFromBars: number;
  readonly theirsFromBars: number | undefined;
  /** Updates per second, both fed from the columns the way their API allows (see indicators.ts). */
  readonly oursFromColumns: number;
  readonly theirsFromColumns: number | undefined;
  readonly ourStableBars: number;
  readonly agreement:
    | {
        readonly agreeFromBar: number;
        readonly mustAgreeFromBar: number;
        readonly worstRelativeDifference: number;
      }
    | undefined;
}

function oursFromBars(contender: Contender, series: BenchSeries): void {
  const indicator = contender.createOurs();
  const bars = series.bars;
  for (let i = 0; i < bars.length; i++) indicator.update(bars[i]);
}

function oursFromColumns(contender: Contender, series: BenchSeries): void {
  const indicator = contender.createOurs();
  const cursor = new ColumnBarCursor();
  const columns = series.columns;
  for (let i = 0; i < columns.length; i++) indicator.update(cursor.at(columns, i));
}

function theirsFromBars(rival: TradingSignalsRival, series: BenchSeries): void {
  const bars = series.bars;
  if (rival.input === "candle") {
    const indicator = rival.createForCandles();
    for (let i = 0; i < bars.length; i++) indicator.add(bars[i]);
  } else if (rival.input === "close") {
    const indicator = rival.createForNumbers();
    for (let i = 0; i < bars.length; i++) indicator.add(bars[i].close);
  } else {
    const indicator = rival.createForNumbers();
    for (let i = 0; i < bars.length; i++) indicator.add(bars[i].volume);
  }
}

function theirsFromColumns(rival: TradingSignalsRival, series: BenchSeries): void {
  if (rival.input === "candle") {
    // trading-signals keeps references to the candles it is given: they must be distinct objects.
    theirsFromBars(rival, series);
    return;
  }
  const column = rival.input === "close" ? series.close : series.volume;
  const indicator = rival.createForNumbers();
  for (let i = 0; i < column.length; i++) indicator.add(column[i]);
}

/** Runs both over the same bars: the first 1-based bar from which every later bar agrees. */
function agreement(contender: Contender, rival: TradingSignalsRival, series: BenchSeries, tolerance: number) {
  const ours: Indicator = contender.createOurs();
  const mustAgreeFromBar = rival.mustAgreeFrom(ours);
  const offset = rival.offset(series.volume[0]);
  const end = Math.min(series.length, rival.until ?? series.length);
  const numbers =
    rival.input === "candle" ? undefined : rival.input === "close" ? series.close : series.volume;
  const theirsForNumbers = rival.createForNumbers();
  const theirsForCandles = rival.createForCandles();
  const theirs = numbers ? theirsForNumbers : theirsForCandles;
  let lastDisagreement = -1;
  let worstRelativeDifference = 0;
  for (let i = 0; i < end; i++) {
    ours.update(series.bars[i]);
    if (numbers) theirsForNumbers.add(numbers[i]);
    else theirsForCandles.add(series.bars[i]);
    const ourNumbers = rival.oursNumbers(ours);
    const theirNumbers = rival.theirsNumbers(theirs);
    if (ourNumbers === null || theirNumbers === null) {
      lastDisagreement = i;
      continue;
    }
    for (let k = 0; k < ourNumbers.length; k++) {
      const their = theirNumbers[k] + offset;
      const difference = Math.abs(ourNumbers[k] - their) / Math.max(1, Math.abs(their));
      if (!(difference <= tolerance)) lastDisagreement = i;
      if (i + 1 >= mustAgreeFromBar && !(difference <= worstRelativeDifference))
        worstRelativeDifference = difference;
    }
  }
  return { agreeFromBar: lastDisagreement + 2, mustAgreeFromBar, worstRelativeDifference };
}

function perSecond(count: number, ms: number): number {
  return Math.round(count / (ms / 1000));
}

function race(request: IndicatorRaceRequest): IndicatorRaceResult {
  const contender = contenders.find((candidate) => candidate.name === request.name);
  if (!contender) throw new Error(`No contender "${request.name}"`);
  const series = makeBenchSeries(request.barCount, request.seed);
  const rival = contender.rival;
  const count = request.barCount;
  return {
    name: contender.name,
    oursFromBars: perSecond(
      count,
      bestOfMs(request.repeat, () => oursFromBars(contender, series)),
    ),
    theirsFromBars:
      rival &&
      perSecond(
        count,
        bestOfMs(request.repeat, () => theirsFromBars(rival, series)),
      ),
    oursFromColumns: perSecond(
      count,
      bestOfMs(request.repeat, () => oursFromColumns(contender, series)),
    ),
    theirsFromColumns:
      rival &&
      perSecond(
        count,
        bestOfMs(request.repeat, () => theirsFromColumns(rival, series)),
      ),
    ourStableBars: contender.createOurs().stableBars,
    agreement: rival && agreement(contender, rival, series, request.tolerance),
  };
}

if (parentPort) parentPort.postMessage(race(workerData as IndicatorRaceRequest));
