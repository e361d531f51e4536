// One run of the session-provisioning benchmark, in a process of its own started with --expose-gc
// (a fresh heap, so the memory delta is the provisioning's alone): opens a backtest session over
// the demo store, puts the simulated clock at the scenario's instant (pre-market, or mid-session so
// provisioning also backfills today's bars), adds an SMA(20) on 1d and an RSI(14) on 5m to every
// symbol through `sessionData.addIndicator`, and prints a ProvisioningRunResult as JSON on stdout.
// Also usable directly for profiling: node --expose-gc --cpu-prof <this file> '<request JSON>'.

import "reflect-metadata";
import { aggregateBars } from "../../src/data/aggregate.js";
import type { BarStorePort } from "../../src/data/bar-store-port.js";
import { RSI } from "../../src/indicators/rsi.js";
import { createSession } from "../../src/runtime/create-session.js";
import { ExchangeCalendar } from "../../src/time/exchange-calendar.js";
import { SimulatedClock } from "../../src/time/simulated-clock.js";

export interface ProvisioningRunRequest {
  readonly storePath: string;
  readonly symbols: readonly string[];
  /** The session day provisioned for (the last generated day). */
  readonly date: string;
  /** `pre-market`: clock at the day's pre-market; otherwise New York wall time `HH:MM` that day. */
  readonly at: "pre-market" | string;
  readonly sampleSymbol: string;
}

export interface ProvisioningRunResult {
  readonly seconds: number;
  /** User + system CPU time of the process while provisioning (the wall time's floor on a busy machine). */
  readonly cpuSeconds: number;
  /** heapUsed + arrayBuffers after provisioning minus before, both after a full GC. */
  readonly retainedBytes: number;
  readonly heapUsedBytes: number;
  readonly arrayBuffersBytes: number;
  readonly allReady: boolean;
  readonly allAdded: boolean;
  readonly sampleSma: number | null;
  readonly sampleSmaFromStore: number;
  readonly sampleRsi: number | null;
  readonly sampleRsiFromScratch: number | null;
}

const SMA_KEY = "sma_20_1d";
const RSI_KEY = "rsi_14_5m";
const FIVE_MINUTES = 300_000;

function measuredMemory(): { heapUsed: number; arrayBuffers: number } {
  const collect = globalThis.gc;
  if (!collect) throw new Error("session-provisioning-child needs node --expose-gc");
  collect();
  collect();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers };
}

function startInstant(calendar: ExchangeCalendar, date: string, at: string): number {
  const session = calendar.requireSession(date);
  if (at === "pre-market") return session.preMarketAt;
  const [hours, minutes] = at.split(":").map(Number);
  // Minutes after the open (09:30 New York), whatever the UTC offset of the day.
  return session.openAt + ((hours - 9) * 60 + minutes - 30) * 60_000;
}

/** RSI(14) over the store's 1m bars aggregated to 5m, from `fromTime` to the last 5m bar ended by `now`. */
function rsiFromScratch(
  store: BarStorePort,
  calendar: ExchangeCalendar,
  symbol: string,
  fromTime: number,
  now: number,
): number | null {
  const minutes = store.readBars(symbol, "1m", fromTime, now);
  const fiveMinutes = aggregateBars(minutes, "1m", "5m", calendar);
  const rsi = new RSI(14);
  for (let i = 0; i < fiveMinutes.length; i++) {
    if (fiveMinutes.time[i] + FIVE_MINUTES > now) break;
    rsi.update({
      time: fiveMinutes.time[i],
      open: fiveMinutes.open[i],
      high: fiveMinutes.high[i],
      low: fiveMinutes.low[i],
      close: fiveMinutes.close[i],
      volume: fiveMinutes.volume[i],
    });
  }
  return rsi.value;
}

export async function runProvisioning(request: ProvisioningRunRequest): Promise<ProvisioningRunResult> {
  const calendar = new ExchangeCalendar();
  const clock = new SimulatedClock(startInstant(calendar, request.date, request.at));
  const session = createSession(
    {
      name: "bench-provisioning",
      backtest: { start: request.date, end: request.date },
      store: request.storePath,
    },
    { clock, calendar },
  );
  try {
    const { coordinator, sessionData } = session;
    coordinator.startDay(request.date);
    coordinator.advance();

    const before = measuredMemory();
    let allAdded = true;
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    for (const symbol of request.symbols) {
      const sma = await sessionData.addIndicator(symbol, "sma", { period: 20, interval: "1d" });
      const rsi = await sessionData.addIndicator(symbol, "rsi", { period: 14, interval: "5m" });
      allAdded &&= sma && rsi;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const after = measuredMemory();

    const allReady = request.symbols.every(
      (symbol) =>
        sessionData.getIndicator(symbol, SMA_KEY)?.ready === true &&
        sessionData.getIndicator(symbol, RSI_KEY)?.ready === true,
    );

    // The sample's SMA: the mean of its last 20 daily closes before today, straight from the store.
    const today = calendar.requireSession(request.date);
    const daily = session.store.readLastBars(request.sampleSymbol, "1d", today.openAt, 20);
    let closeSum = 0;
    for (let i = 0; i < daily.length; i++) closeSum += daily.close[i];
    const sampleSmaFromStore = daily.length === 20 ? closeSum / 20 : Number.NaN;
    const sma = sessionData.getIndicator(request.sampleSymbol, SMA_KEY)?.value;
    const rsi = sessionData.getIndicator(request.sampleSymbol, RSI_KEY)?.value;
    // The RSI's history starts at the first session the analyzer picked (3 sessions back for 202 bars).
    const historyFrom = calendar.requireSession(calendar.previousTradingDay(request.date, 3)).openAt;

    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      retainedBytes: after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers),
      heapUsedBytes: after.heapUsed - before.heapUsed,
      arrayBuffersBytes: after.arrayBuffers - before.arrayBuffers,
      allReady,
      allAdded,
      sampleSma: typeof sma === "number" ? sma : null,
      sampleSmaFromStore,
      sampleRsi: typeof rsi === "number" ? rsi : null,
      sampleRsiFromScratch: rsiFromScratch(
        session.store,
        calendar,
        request.sampleSymbol,
        historyFrom,
        clock.now(),
      ),
    };
  } finally {
    session.close();
  }
}

const requestText = process.argv[2];
if (requestText !== undefined && process.argv[1]?.endsWith("session-provisioning-child.js")) {
  const result = await runProvisioning(JSON.parse(requestText) as ProvisioningRunRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
