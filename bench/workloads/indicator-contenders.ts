// The indicators the `indicators` benchmark races: each of ours, with the same-named
// trading-signals class where there is one, how to feed it, how to read comparable numbers from
// both, and from which bar they must agree (and why they differ before).

import {
  ADX as TsADX,
  ATR as TsATR,
  BollingerBands as TsBollingerBands,
  DonchianChannels as TsDonchianChannels,
  EMA as TsEMA,
  MACD as TsMACD,
  OBV as TsOBV,
  ROC as TsROC,
  RSI as TsRSI,
  RVOL as TsRVOL,
  SMA as TsSMA,
  StochasticOscillator as TsStochasticOscillator,
  VWAP as TsVWAP,
  WMA as TsWMA,
} from "trading-signals";
import { ADX } from "../../src/indicators/adx.js";
import { ATR } from "../../src/indicators/atr.js";
import { AvgVolume } from "../../src/indicators/avg-volume.js";
import { BBands } from "../../src/indicators/bbands.js";
import { EMA } from "../../src/indicators/ema.js";
import { Gap } from "../../src/indicators/gap.js";
import { HighLow } from "../../src/indicators/high-low.js";
import type { Indicator, IndicatorInput, IndicatorOutput } from "../../src/indicators/indicator.js";
import { MACD } from "../../src/indicators/macd.js";
import { OBV } from "../../src/indicators/obv.js";
import { RelVolume } from "../../src/indicators/rel-volume.js";
import { ROC } from "../../src/indicators/roc.js";
import { RSI } from "../../src/indicators/rsi.js";
import { SMA } from "../../src/indicators/sma.js";
import { Stoch } from "../../src/indicators/stoch.js";
import { VWAP } from "../../src/indicators/vwap.js";
import { WMA } from "../../src/indicators/wma.js";

/** What a trading-signals indicator is fed: a number column or whole bars (candles). */
export type TradingSignalsInput = "close" | "volume" | "candle";

/** The part of trading-signals' API the race uses (`add` = update without replace). */
export interface TradingSignalsIndicator<Input> {
  add(input: Input): unknown;
}

export interface TradingSignalsRival {
  readonly className: string;
  readonly input: TradingSignalsInput;
  readonly createForNumbers: () => TradingSignalsIndicator<number>;
  readonly createForCandles: () => TradingSignalsIndicator<IndicatorInput>;
  /** Comparable numbers after an update: ours, theirs (null while either warms up). */
  readonly oursNumbers: (ours: Indicator) => number[] | null;
  readonly theirsNumbers: (theirs: TradingSignalsIndicator<never>) => number[] | null;
  /** 1-based bar from which the values must agree within the tolerance. */
  readonly mustAgreeFrom: (ours: Indicator) => number;
  /** A known constant difference ours − theirs. */
  readonly offset: (firstVolume: number) => number;
  /** Compare only the bars before this index. */
  readonly until: number | undefined;
  /** Why the values differ before `mustAgreeFrom` (checked against trading-signals 8.3's source). */
  readonly note: string;
}

export interface Contender {
  /** Upper case, as in TA-Lib and trading-signals. */
  readonly name: string;
  readonly params: string;
  readonly createOurs: () => Indicator;
  /** Held to at least 2× trading-signals' updates per second. */
  readonly ratioTarget: boolean;
  readonly rival: TradingSignalsRival | undefined;
}

interface RivalSpec<V extends IndicatorOutput, Result> {
  readonly className: string;
  readonly input: TradingSignalsInput;
  readonly create: () => { add(input: never): unknown; getResult(): Result | null };
  readonly pickOurs: (value: V) => number[];
  readonly pickTheirs: (value: Result) => number[];
  readonly mustAgreeFrom: (ours: Indicator<V>) => number;
  readonly offset?: (firstVolume: number) => number;
  readonly until?: number;
  readonly note: string;
}

function contender<V extends IndicatorOutput, Result>(
  name: string,
  params: string,
  createOurs: () => Indicator<V>,
  rival?: RivalSpec<V, Result>,
  ratioTarget = false,
): Contender {
  if (!rival) return { name, params, createOurs, ratioTarget, rival: undefined };
  type Theirs = ReturnType<RivalSpec<V, Result>["create"]>;
  return {
    name,
    params,
    createOurs,
    ratioTarget,
    rival: {
      className: rival.className,
      input: rival.input,
      createForNumbers: () => rival.create() as unknown as TradingSignalsIndicator<number>,
      createForCandles: () => rival.create() as unknown as TradingSignalsIndicator<IndicatorInput>,
      oursNumbers: (ours) => (ours.value === null ? null : rival.pickOurs(ours.value as V)),
      theirsNumbers: (theirs) => {
        const result = (theirs as unknown as Theirs).getResult();
        return result === null ? null : rival.pickTheirs(result);
      },
      mustAgreeFrom: (ours) => rival.mustAgreeFrom(ours as Indicator<V>),
      offset: rival.offset ?? (() => 0),
      until: rival.until,
      note: rival.note,
    },
  };
}

/**
 * Where two differently seeded exponential smoothers must agree: `start` plus the bars after which
 * each seed's weight (1 − α)^m is below 1e-12, so that any seed difference up to 1000× the value
 * has shrunk below the 1e-9 tolerance.
 */
function seedsFaded(start: number, ...alphas: number[]): number {
  let bars = start;
  for (const alpha of alphas) bars += Math.ceil(Math.log(1e-12) / Math.log(1 - alpha));
  return bars;
}

const same = (value: number) => [value];
const windowed = (ours: Indicator) => ours.stableBars;

export const contenders: readonly Contender[] = [
  contender(
    "SMA",
    "period 20",
    () => new SMA(20),
    {
      className: "SMA",
      input: "close",
      create: () => new TsSMA(20),
      pickOurs: same,
      pickTheirs: same,
      mustAgreeFrom: windowed,
      note: "identical windows: equal from the first value",
    },
    true,
  ),
  contender(
    "EMA",
    "period 20",
    () => new EMA(20),
    {
      className: "EMA",
      input: "close",
      create: () => new TsEMA(20),
      pickOurs: same,
      pickTheirs: same,
      mustAgreeFrom: (ours) => seedsFaded(ours.requiredBars, 2 / 21),
      note: "trading-signals seeds the EMA with the first close and reports from bar N; ours (TA-Lib) seeds with the SMA of the first N closes; the seed's weight decays as (1 − 2/(N+1))^n",
    },
    true,
  ),
  contender("WMA", "period 20", () => new WMA(20), {
    className: "WMA",
    input: "close",
    create: () => new TsWMA(20),
    pickOurs: same,
    pickTheirs: same,
    mustAgreeFrom: windowed,
    note: "identical windows: equal from the first value",
  }),
  contender(
    "RSI",
    "period 14",
    () => new RSI(14),
    {
      className: "RSI",
      input: "close",
      create: () => new TsRSI(14),
      pickOurs: same,
      pickTheirs: same,
      mustAgreeFrom: (ours) => seedsFaded(ours.requiredBars, 1 / 14),
      note: "both Wilder, with averages seeded by the simple mean of the first N changes and a first value at bar N+1: equal from the first value",
    },
    true,
  ),
  contender(
    "MACD",
    "fast 12, slow 26, signal 9",
    () => new MACD(12, 26, 9),
    {
      className: "MACD(EMA 12, EMA 26, EMA 9)",
      input: "close",
      create: () => new TsMACD(new TsEMA(12), new TsEMA(26), new TsEMA(9)),
      pickOurs: (v) => [v.macd, v.signal, v.histogram],
      pickTheirs: (v) => [v.macd, v.signal, v.histogram],
      mustAgreeFrom: (ours) => seedsFaded(ours.requiredBars, 2 / 13, 2 / 27, 2 / 10),
      note: "trading-signals seeds all three EMAs with their first input and reports from bar `slow`; ours (TA-Lib) seeds them with SMAs and reports from bar slow + signal − 1; the difference decays",
    },
    true,
  ),
  contender(
    "BBANDS",
    "period 20, stddev 2",
    () => new BBands(20, 2),
    {
      className: "BollingerBands",
      input: "close",
      create: () => new TsBollingerBands(20, 2),
      pickOurs: (v) => [v.upper, v.middle, v.lower],
      pickTheirs: (v) => [v.upper, v.middle, v.lower],
      mustAgreeFrom: windowed,
      note: "both SMA ± k × population standard deviation: equal from the first value",
    },
    true,
  ),
  contender(
    "ATR",
    "period 14",
    () => new ATR(14),
    {
      className: "ATR",
      input: "candle",
      create: () => new TsATR(14),
      pickOurs: same,
      pickTheirs: same,
      mustAgreeFrom: (ours) => seedsFaded(ours.requiredBars, 1 / 14),
      note: "trading-signals counts the first bar's high − low as a true range and reports from bar N; ours (TA-Lib) starts true ranges at bar 2 and reports from bar N+1; Wilder smoothing makes the difference decay",
    },
    true,
  ),
  contender("STOCH", "kPeriod 14, kSmoothing 3, dPeriod 3", () => new Stoch(14, 3, 3), {
    className: "StochasticOscillator",
    input: "candle",
    create: () => new TsStochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }),
    pickOurs: (v) => [v.k, v.d],
    pickTheirs: (v) => [v.stochK, v.stochD],
    mustAgreeFrom: windowed,
    note: "same slow stochastic (SMA-smoothed %K and %D); on a flat range trading-signals divides by 1, TA-Lib gives 0",
  }),
  contender("ROC", "period 10", () => new ROC(10), {
    className: "ROC",
    input: "close",
    create: () => new TsROC(10),
    pickOurs: same,
    // trading-signals' ROC is a fraction, ours (TA-Lib) a percent.
    pickTheirs: (v) => [v * 100],
    mustAgreeFrom: windowed,
    note: "trading-signals gives a fraction, TA-Lib a percent (compared × 100): equal from the first value",
  }),
  contender("ADX", "period 14", () => new ADX(14), {
    className: "ADX",
    input: "candle",
    create: () => new TsADX(14),
    pickOurs: same,
    pickTheirs: same,
    mustAgreeFrom: (ours) => seedsFaded(ours.requiredBars, 1 / 14, 1 / 14),
    note: "both Wilder-smoothed; trading-signals seeds its smoothers with SMAs, TA-Lib with sums and a first ADX averaged over N DX values; the difference decays",
  }),
  contender("OBV", "", () => new OBV(), {
    className: "OBV(2)",
    input: "candle",
    create: () => new TsOBV(2),
    pickOurs: same,
    pickTheirs: same,
    mustAgreeFrom: () => 2,
    offset: (firstVolume) => firstVolume,
    note: "trading-signals starts at 0 on bar 2 (it needs interval ≥ 2); ours (TA-Lib) starts at bar 1's volume: they differ by exactly the first volume",
  }),
  contender("VWAP", "session-anchored", () => new VWAP(), {
    className: "VWAP",
    input: "candle",
    create: () => new TsVWAP(),
    pickOurs: same,
    pickTheirs: same,
    mustAgreeFrom: () => 1,
    until: 390,
    note: "trading-signals' VWAP never resets; ours resets at each regular-session open: compared over the first session only",
  }),
  contender("RVOL", "rel_volume, period 20", () => new RelVolume(20), {
    className: "RVOL",
    input: "volume",
    create: () => new TsRVOL(20),
    pickOurs: same,
    pickTheirs: same,
    mustAgreeFrom: windowed,
    note: "same definition (volume over the mean of the previous N); after N bars without volume trading-signals gives null, ours the bar's volume",
  }),
  contender("HIGH_LOW", "period 20", () => new HighLow(20), {
    className: "DonchianChannels",
    input: "candle",
    create: () => new TsDonchianChannels(20),
    pickOurs: (v) => [v.high, v.low],
    pickTheirs: (v) => [v.upper, v.lower],
    mustAgreeFrom: windowed,
    note: "high/low against DonchianChannels' upper/lower: equal from the first value",
  }),
  contender("AVG_VOLUME", "period 20", () => new AvgVolume(20)),
  contender("GAP", "", () => new Gap()),
];
