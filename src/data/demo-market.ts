// The deterministic demo market: synthetic symbols with 1m regular-session bars on the last trading
// days before a fixed date, plus a year of daily history before them for warm-up, following the
// exchange calendar (no bars on holidays, short sessions on early closes). Each symbol has its own
// character (trend, mean reversion or random walk; gap and volume-spike frequency), so scanners
// find overnight gaps, volume spikes, trends, oversold dips and 52-week highs. Same seed, same bars;
// symbol i's bars do not depend on how many symbols are generated.

import { allocateBarColumns, type BarColumns } from "../core/bar-columns.js";
import { DataError } from "../core/errors.js";
import type { ExchangeCalendar } from "../time/exchange-calendar.js";
import type { BarStorePort } from "./bar-store-port.js";
import { SeededRandom } from "./seeded-random.js";

export interface DemoMarketOptions {
  /** Number of symbols. */
  readonly symbols: number;
  /** Trading days of 1m bars, ending at `lastDay`. */
  readonly days: number;
  /** Trading days of daily-only history before the 1m window (for indicator warm-up, 52-week highs). */
  readonly historyDays: number;
  readonly seed: number;
  /** The last trading day generated (`YYYY-MM-DD`). */
  readonly lastDay: string;
}

export const DEMO_MARKET_DEFAULTS: DemoMarketOptions = {
  symbols: 200,
  days: 60,
  historyDays: 260,
  seed: 7,
  lastDay: "2024-12-31",
};

export interface DemoMarketReport {
  readonly symbols: readonly string[];
  /** First and last day of the 1m window. */
  readonly firstDay: string;
  readonly lastDay: string;
  /** First day of the daily history. */
  readonly historyFirstDay: string;
  readonly minuteBars: number;
  readonly dailyBars: number;
  readonly earlyCloses: readonly string[];
}

type Character = "trend-up" | "trend-down" | "mean-reverting" | "random-walk";

interface SymbolProfile {
  readonly symbol: string;
  readonly character: Character;
  readonly startPrice: number;
  readonly dailyVolatility: number;
  readonly dailyDrift: number;
  readonly baseVolume: number;
  readonly gapChance: number;
  readonly spikeChance: number;
}

const MINUTE_MS = 60_000;
const REGULAR_MINUTES = 390;
const CONSONANTS = "BCDFGHJKLMNPRSTVWXZ";
const VOWELS = "AEIOUY";

/** Generates the demo market into `store`; `onProgress(done, total)` is called after each symbol. */
export function generateDemoMarket(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  options: Partial<DemoMarketOptions> = {},
  onProgress?: (symbolsDone: number, symbolsTotal: number) => void,
): DemoMarketReport {
  const settings = { ...DEMO_MARKET_DEFAULTS, ...options };
  validateOptions(settings);
  const lastDay = calendar.isTradingDay(settings.lastDay)
    ? settings.lastDay
    : calendar.previousTradingDay(settings.lastDay);
  const firstDay = calendar.previousTradingDay(lastDay, settings.days - 1);
  const historyFirstDay =
    settings.historyDays > 0 ? calendar.previousTradingDay(firstDay, settings.historyDays) : firstDay;
  const minuteDays = calendar.tradingDays(firstDay, lastDay).map((date) => calendar.requireSession(date));
  const historyDays =
    settings.historyDays > 0
      ? calendar
          .tradingDays(historyFirstDay, calendar.previousTradingDay(firstDay))
          .map((date) => calendar.requireSession(date))
      : [];
  const minutesPerSymbol = minuteDays.reduce((sum, day) => sum + tradedMinutes(day), 0);
  const symbols = demoSymbols(settings.seed, settings.symbols);

  let minuteBars = 0;
  let dailyBars = 0;
  for (let index = 0; index < symbols.length; index++) {
    const random = new SeededRandom(settings.seed, index);
    const profile = makeProfile(symbols[index], random);
    const series = simulateSymbol(profile, random, historyDays, minuteDays, minutesPerSymbol);
    store.transaction(() => {
      minuteBars += store.insertBars(profile.symbol, "1m", series.minutes).inserted;
      dailyBars += store.insertBars(profile.symbol, "1d", series.daily).inserted;
    });
    onProgress?.(index + 1, symbols.length);
  }
  return {
    symbols,
    firstDay,
    lastDay,
    historyFirstDay,
    minuteBars,
    dailyBars,
    earlyCloses: minuteDays.filter((day) => day.earlyClose).map((day) => day.date),
  };
}

function validateOptions(options: DemoMarketOptions): void {
  const checks: Array<[keyof DemoMarketOptions, number, number]> = [
    ["symbols", 1, 20_000],
    ["days", 1, 2_000],
    ["historyDays", 0, 5_000],
  ];
  for (const [name, min, max] of checks) {
    const value = options[name] as number;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new DataError(
        `Demo market option "${name}" must be a whole number from ${min} to ${max}, got ${value}`,
      );
    }
  }
  if (!Number.isInteger(options.seed)) {
    throw new DataError(`Demo market option "seed" must be a whole number, got ${options.seed}`);
  }
}

/** Distinct pronounceable tickers, the same for a seed whatever the count. */
export function demoSymbols(seed: number, count: number): string[] {
  const random = new SeededRandom(seed, -1);
  const seen = new Set<string>();
  const symbols: string[] = [];
  while (symbols.length < count) {
    const length = random.chance(0.7) ? 4 : 3;
    let symbol = "";
    for (let i = 0; i < length; i++) {
      const pool = i % 2 === 0 ? CONSONANTS : VOWELS;
      symbol += pool[random.integer(0, pool.length - 1)];
    }
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    symbols.push(symbol);
  }
  return symbols;
}

function makeProfile(symbol: string, random: SeededRandom): SymbolProfile {
  const roll = random.next();
  const character: Character =
    roll < 0.2 ? "trend-up" : roll < 0.35 ? "trend-down" : roll < 0.65 ? "mean-reverting" : "random-walk";
  const drift =
    character === "trend-up"
      ? random.uniform(0.0015, 0.004)
      : character === "trend-down"
        ? -random.uniform(0.0015, 0.004)
        : 0;
  return {
    symbol,
    character,
    startPrice: roundCents(Math.exp(random.uniform(Math.log(5), Math.log(400)))),
    dailyVolatility: random.uniform(0.012, 0.04),
    dailyDrift: drift,
    baseVolume: Math.exp(random.uniform(Math.log(200_000), Math.log(20_000_000))),
    gapChance: random.uniform(0.03, 0.1),
    spikeChance: random.uniform(0.02, 0.06),
  };
}

interface SessionTimes {
  readonly openAt: number;
  readonly closeAt: number;
  /** Lunch breaks: no minute bars inside them. */
  readonly breaks?: readonly { readonly startAt: number; readonly endAt: number }[];
}

/** Minutes traded in a session: open to close without its breaks. */
function tradedMinutes(session: SessionTimes): number {
  let ms = session.closeAt - session.openAt;
  for (const pause of session.breaks ?? []) ms -= pause.endAt - pause.startAt;
  return ms / MINUTE_MS;
}

/** Start of the `index`th traded minute of a session (stepping over its breaks). */
function tradedMinuteTime(session: SessionTimes, index: number): number {
  let time = session.openAt + index * MINUTE_MS;
  for (const pause of session.breaks ?? []) if (time >= pause.startAt) time += pause.endAt - pause.startAt;
  return time;
}

interface SymbolSeries {
  readonly minutes: BarColumns;
  readonly daily: BarColumns;
}

function simulateSymbol(
  profile: SymbolProfile,
  random: SeededRandom,
  historyDays: readonly SessionTimes[],
  minuteDays: readonly SessionTimes[],
  minutesPerSymbol: number,
): SymbolSeries {
  const daily = allocateBarColumns(historyDays.length + minuteDays.length);
  const minutes = allocateBarColumns(minutesPerSymbol);
  const anchor = profile.startPrice;
  let previousClose = profile.startPrice;
  let minuteIndex = 0;

  const days = [...historyDays, ...minuteDays];
  for (let day = 0; day < days.length; day++) {
    const session = days[day];
    const isMinuteDay = day >= historyDays.length;
    const hasGap = random.chance(profile.gapChance);
    const gap = hasGap
      ? Math.sign(random.next() - 0.5) * random.uniform(0.02, 0.08)
      : random.normal() * 0.003;
    const hasSpike = hasGap || random.chance(profile.spikeChance);
    const reversion = profile.character === "mean-reverting" ? 0.08 * Math.log(anchor / previousClose) : 0;
    const dayDrift = profile.dailyDrift + reversion;
    const dayVolume =
      profile.baseVolume * Math.exp(random.normal() * 0.3) * (hasSpike ? random.uniform(2.5, 6) : 1);
    const open = Math.max(0.01, roundCents(previousClose * Math.exp(gap)));

    if (!isMinuteDay) {
      const close = Math.max(
        0.01,
        roundCents(open * Math.exp(dayDrift + random.normal() * profile.dailyVolatility)),
      );
      const wick = profile.dailyVolatility * 0.5;
      daily.time[day] = session.openAt;
      daily.open[day] = open;
      daily.close[day] = close;
      daily.high[day] = Math.max(
        open,
        close,
        roundCents(Math.max(open, close) * Math.exp(Math.abs(random.normal()) * wick)),
      );
      daily.low[day] = Math.min(
        open,
        close,
        Math.max(0.01, roundCents(Math.min(open, close) * Math.exp(-Math.abs(random.normal()) * wick))),
      );
      daily.volume[day] = Math.round(dayVolume);
      previousClose = close;
      continue;
    }

    const sessionMinutes = tradedMinutes(session);
    const minuteVolatility = profile.dailyVolatility / Math.sqrt(REGULAR_MINUTES);
    const minuteDrift = dayDrift / REGULAR_MINUTES;
    let weightSum = 0;
    for (let i = 0; i < sessionMinutes; i++) weightSum += volumeWeight(i, sessionMinutes);
    const first = minuteIndex;
    let price = open;
    for (let i = 0; i < sessionMinutes; i++, minuteIndex++) {
      const barOpen = i === 0 ? open : price;
      const barClose = Math.max(
        0.01,
        roundCents(barOpen * Math.exp(minuteDrift + random.normal() * minuteVolatility)),
      );
      const wick = minuteVolatility * 0.6;
      minutes.time[minuteIndex] = tradedMinuteTime(session, i);
      minutes.open[minuteIndex] = barOpen;
      minutes.close[minuteIndex] = barClose;
      minutes.high[minuteIndex] = Math.max(
        barOpen,
        barClose,
        roundCents(Math.max(barOpen, barClose) * Math.exp(Math.abs(random.normal()) * wick)),
      );
      minutes.low[minuteIndex] = Math.min(
        barOpen,
        barClose,
        Math.max(0.01, roundCents(Math.min(barOpen, barClose) * Math.exp(-Math.abs(random.normal()) * wick))),
      );
      minutes.volume[minuteIndex] = Math.max(
        1,
        Math.round(
          ((dayVolume * volumeWeight(i, sessionMinutes)) / weightSum) * Math.exp(random.normal() * 0.25),
        ),
      );
      price = barClose;
    }
    // The daily bar of a minute day is exactly the aggregate of its regular-session minutes.
    let high = minutes.high[first];
    let low = minutes.low[first];
    let volume = 0;
    for (let i = first; i < minuteIndex; i++) {
      if (minutes.high[i] > high) high = minutes.high[i];
      if (minutes.low[i] < low) low = minutes.low[i];
      volume += minutes.volume[i];
    }
    daily.time[day] = session.openAt;
    daily.open[day] = minutes.open[first];
    daily.high[day] = high;
    daily.low[day] = low;
    daily.close[day] = minutes.close[minuteIndex - 1];
    daily.volume[day] = volume;
    previousClose = daily.close[day];
  }
  return { minutes, daily };
}

/** U-shaped intraday volume profile: busy open and close, quiet midday. */
function volumeWeight(minute: number, sessionMinutes: number): number {
  const x = (minute / Math.max(1, sessionMinutes - 1)) * 2 - 1;
  return 1 + 1.8 * x * x;
}

function roundCents(price: number): number {
  return Math.round(price * 100) / 100;
}
